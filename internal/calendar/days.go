package calendar

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

// defaultData is the product's own calendar: the State Council holiday
// notices for 2024-2026, one listed day a line (see the file's header).
//
//go:embed data/cn.txt
var defaultData string

// DefaultSource is the source recorded for days of the built-in calendar.
const DefaultSource = "builtin"

// MinYear and MaxYear bound the dates a calendar may list: a typing error
// such as 0224 for 2024 would otherwise make a table of eighteen centuries.
const (
	MinYear = 1900
	MaxYear = 2999
)

// maxNameRunes bounds a festival name; the longest real one is
// "国庆节、中秋节" (R2.9).
const maxNameRunes = 50

var defaultCalendar = sync.OnceValue(func() *Calendar {
	days, err := parseDayLines(defaultData, DefaultSource)
	if err != nil {
		panic("calendar: built-in data: " + err.Error())
	}
	c, err := New(days)
	if err != nil {
		panic("calendar: built-in data: " + err.Error())
	}
	return c
})

// Default returns the built-in calendar (2024-2026). It is shared: callers
// must not rely on its identity, only on its answers.
func Default() *Calendar { return defaultCalendar() }

// Validate checks a day before it is stored: an existing date of MinYear to
// MaxYear, and a name that is not blank, has no control characters and is at
// most 50 characters.
func (d Day) Validate() error {
	if !d.Date.Valid() {
		return errNoSuchDate(d.Date)
	}
	if d.Date.Y < MinYear || d.Date.Y > MaxYear {
		return bianmin.FieldError("date",
			fmt.Sprintf("日期 %s 超出 %d 至 %d 年的范围。", d.Date, MinYear, MaxYear),
			fmt.Sprintf("Date %s is outside the years %d to %d.", d.Date, MinYear, MaxYear))
	}
	if zh, en, ok := checkName(d.Name); !ok {
		return bianmin.FieldError("name", zh, en)
	}
	return nil
}

func errNoSuchDate(d Date) *bianmin.Error {
	return bianmin.FieldError("date",
		fmt.Sprintf("日期 %s 不存在。", d), fmt.Sprintf("Date %s does not exist.", d))
}

// checkName returns why a festival name is not acceptable.
func checkName(name string) (zh, en string, ok bool) {
	switch {
	case strings.TrimSpace(name) == "":
		return "名称不能为空。", "The name must not be empty.", false
	case utf8.RuneCountInString(name) > maxNameRunes:
		return fmt.Sprintf("名称不能超过 %d 个字。", maxNameRunes),
			fmt.Sprintf("The name must be at most %d characters.", maxNameRunes), false
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "名称不能包含控制字符。", "The name must not contain control characters.", false
	}
	return "", "", true
}

// parseDayLines reads the built-in format: "YYYY-MM-DD off|work name",
// with '#' starting a comment.
func parseDayLines(text, source string) ([]Day, error) {
	var days []Day
	for i, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		d, err := parseDayLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		d.Source = source
		days = append(days, d)
	}
	return days, nil
}

func parseDayLine(line string) (Day, error) {
	f := strings.Fields(line)
	if len(f) < 3 {
		return Day{}, fmt.Errorf("want \"YYYY-MM-DD off|work name\", got %q", line)
	}
	date, err := ParseDate(f[0])
	if err != nil {
		return Day{}, err
	}
	d := Day{Date: date, Name: strings.Join(f[2:], " ")}
	switch f[1] {
	case "off":
		d.Off = true
	case "work":
	default:
		return Day{}, fmt.Errorf("kind %q: want off or work", f[1])
	}
	return d, d.Validate()
}
