package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

// Minute is a time of day in minutes after midnight (Asia/Shanghai): 8:00 is 480.
type Minute int

// Span is one service session of a day, e.g. 8:00-12:00.
type Span struct {
	Start, End Minute
}

// Season is a period of the year with its own sessions, e.g. summer hours
// (DOMAIN.md ORG-5). From and To are "MM-DD", inclusive; To may be before
// From for a season that wraps the new year.
type Season struct {
	Name     string
	From, To string
	Sessions []Span
}

// Hours are a hall's service hours: the default sessions of a working day and
// the seasons that replace them.
type Hours struct {
	Sessions []Span
	Seasons  []Season
}

// ParseMinute parses a time of day "HH:MM", from 00:00 to 24:00.
func ParseMinute(s string) (Minute, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || !digits(h, 1, 2) || !digits(m, 2, 2) || mm > 59 || hh*60+mm > 24*60 {
		return 0, bianmin.FieldError("hours",
			fmt.Sprintf("时间“%s”无效，应为 HH:MM，如 08:30。", s),
			fmt.Sprintf("Time %q is invalid: use HH:MM, e.g. 08:30.", s))
	}
	return Minute(hh*60 + mm), nil
}

// digits reports whether s is between lo and hi ASCII digits long.
func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// String formats the minute as HH:MM.
func (m Minute) String() string { return fmt.Sprintf("%02d:%02d", int(m)/60, int(m)%60) }

// String formats the span as HH:MM-HH:MM.
func (s Span) String() string { return s.Start.String() + "-" + s.End.String() }

// MarshalText writes the span as HH:MM-HH:MM, so hours read plainly in JSON
// and in audit rows.
func (s Span) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads one HH:MM-HH:MM span.
func (s *Span) UnmarshalText(b []byte) error {
	spans, err := ParseSpans(string(b))
	if err == nil && len(spans) != 1 {
		err = bianmin.FieldError("hours", "应为一个时段 HH:MM-HH:MM。", "Want one session HH:MM-HH:MM.")
	}
	if err != nil {
		return err
	}
	*s = spans[0]
	return nil
}

// Contains reports whether minute m is inside the span; the end is excluded.
func (s Span) Contains(m Minute) bool { return m >= s.Start && m < s.End }

// ParseSpans parses a hall's hours string such as "09:00-12:00,14:00-17:00"
// (R6.12). A full-width comma also separates; "" gives no sessions. Sessions
// must be in order and must not overlap.
func ParseSpans(s string) ([]Span, error) {
	s = strings.ReplaceAll(s, "，", ",")
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []Span
	for _, part := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(part, "-")
		if !ok {
			return nil, bianmin.FieldError("hours",
				fmt.Sprintf("时段“%s”无效，应为 HH:MM-HH:MM。", strings.TrimSpace(part)),
				fmt.Sprintf("Session %q is invalid: use HH:MM-HH:MM.", strings.TrimSpace(part)))
		}
		start, err := ParseMinute(a)
		if err != nil {
			return nil, err
		}
		end, err := ParseMinute(b)
		if err != nil {
			return nil, err
		}
		out = append(out, Span{start, end})
	}
	return out, checkSpans(out)
}

// FormatSpans is the inverse of ParseSpans.
func FormatSpans(spans []Span) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// checkSpans requires non-empty sessions inside the day, in order, apart.
func checkSpans(spans []Span) error {
	for i, s := range spans {
		if s.Start < 0 || s.End > 24*60 || s.Start >= s.End {
			return bianmin.FieldError("hours",
				fmt.Sprintf("时段 %s 无效：开始须早于结束，且在 00:00-24:00 之内。", s),
				fmt.Sprintf("Session %s is invalid: it must start before it ends, within 00:00-24:00.", s))
		}
		if i > 0 && s.Start < spans[i-1].End {
			return bianmin.FieldError("hours",
				fmt.Sprintf("时段 %s 与前一时段 %s 重叠或顺序颠倒。", s, spans[i-1]),
				fmt.Sprintf("Session %s overlaps or precedes the session %s before it.", s, spans[i-1]))
		}
	}
	return nil
}

// Validate checks the sessions of every season and the seasons' MM-DD bounds.
func (h Hours) Validate() error {
	if err := checkSpans(h.Sessions); err != nil {
		return err
	}
	for i, s := range h.Seasons {
		_, okFrom := parseMonthDay(s.From)
		_, okTo := parseMonthDay(s.To)
		if !okFrom || !okTo {
			return bianmin.FieldError(fmt.Sprintf("seasons[%d]", i),
				fmt.Sprintf("季节“%s”的起止日期应为 MM-DD，如 06-01。", s.Name),
				fmt.Sprintf("Season %q needs From and To as MM-DD, e.g. 06-01.", s.Name))
		}
		if err := checkSpans(s.Sessions); err != nil {
			return err
		}
	}
	return nil
}

// On returns the sessions of a working day on date d: those of the first
// season that contains d, else the default sessions (DOMAIN.md ORG-5). It does
// not look at holidays; Calendar.Sessions does.
func (h Hours) On(d Date) []Span {
	md := d.monthDay()
	for _, s := range h.Seasons {
		from, ok1 := parseMonthDay(s.From)
		to, ok2 := parseMonthDay(s.To)
		if !ok1 || !ok2 {
			continue
		}
		if from <= to && md >= from && md <= to || from > to && (md >= from || md <= to) {
			return s.Sessions
		}
	}
	return h.Sessions
}

// parseMonthDay reads "MM-DD" as MMDD; 02-29 is allowed.
func parseMonthDay(s string) (int, bool) {
	if len(s) != 5 || s[2] != '-' {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", "2000-"+s)
	if err != nil {
		return 0, false
	}
	return int(t.Month())*100 + t.Day(), true
}
