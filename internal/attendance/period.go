package attendance

import (
	"fmt"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// PeriodKind is the length of an attendance sheet.
type PeriodKind string

// Period kinds: the weekly sheet that is published (AT-5, 004 §考勤制度 7)
// and the monthly report to each department (AT-5, 004 §考勤制度 9), over
// which the lates of AT-4 and the fines of 000 篇七 are counted.
const (
	Weekly  PeriodKind = "week"
	Monthly PeriodKind = "month"
)

// Period is a run of dates from From to To, both included.
type Period struct {
	Kind     PeriodKind
	From, To calendar.Date
}

// WeekOf returns the week, Monday to Sunday, that holds d (AT-5, AT-6).
func WeekOf(d calendar.Date) Period {
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	return Period{Kind: Weekly, From: monday, To: monday.AddDays(6)}
}

// MonthOf returns the calendar month that holds d.
func MonthOf(d calendar.Date) Period {
	first := calendar.Date{Y: d.Y, M: d.M, D: 1}
	next := calendar.DateOf(first.Time().AddDate(0, 1, 0))
	return Period{Kind: Monthly, From: first, To: next.AddDays(-1)}
}

// PublishPeriodOf returns the sheet period that holds d under the policy's
// attendance.publish_period (AT-5): the week, or the month.
func PublishPeriodOf(p *policy.Policy, d calendar.Date) Period {
	if p.Attendance.PublishPeriod == "monthly" {
		return MonthOf(d)
	}
	return WeekOf(d)
}

// Dates returns every date of the period in order.
func (p Period) Dates() []calendar.Date {
	n := p.To.Sub(p.From) + 1
	if n <= 0 || p.From.IsZero() || p.To.IsZero() {
		return nil
	}
	out := make([]calendar.Date, n)
	for i := range out {
		out[i] = p.From.AddDays(i)
	}
	return out
}

// Contains reports whether d is in the period.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// Next returns the period of the same kind that follows.
func (p Period) Next() Period {
	if p.Kind == Monthly {
		return MonthOf(p.To.AddDays(1))
	}
	return WeekOf(p.To.AddDays(1))
}

// Prev returns the period of the same kind before.
func (p Period) Prev() Period {
	if p.Kind == Monthly {
		return MonthOf(p.From.AddDays(-1))
	}
	return WeekOf(p.From.AddDays(-1))
}

// String names the period as in a URL: "2026-W07" for an ISO week,
// "2026-02" for a month.
func (p Period) String() string {
	if p.Kind == Monthly {
		return fmt.Sprintf("%04d-%02d", p.From.Y, int(p.From.M))
	}
	y, w := p.From.Time().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ParsePeriod reads a period named by String: "YYYY-Www" (ISO week, Monday
// to Sunday) or "YYYY-MM". Refusals name the field "period".
func ParsePeriod(s string) (Period, error) {
	bad := bianmin.FieldError("period",
		fmt.Sprintf("考勤周期“%s”无效，应为 2026-W07（周）或 2026-02（月）。", s),
		fmt.Sprintf("Period %q is invalid: use 2026-W07 (week) or 2026-02 (month).", s)).WithRule("AT-5")
	if len(s) < 7 || s[4] != '-' || !allDigits(s[:4]) {
		return Period{}, bad
	}
	y, _ := strconv.Atoi(s[:4])
	if y < calendar.MinYear || y > calendar.MaxYear {
		return Period{}, bad
	}
	switch {
	case len(s) == 7 && allDigits(s[5:]):
		m, _ := strconv.Atoi(s[5:])
		if m < 1 || m > 12 {
			return Period{}, bad
		}
		return MonthOf(calendar.Date{Y: y, M: time.Month(m), D: 1}), nil
	case len(s) == 8 && s[5] == 'W' && allDigits(s[6:]):
		w, _ := strconv.Atoi(s[6:])
		// ISO week 1 is the week that holds 4 January.
		p := WeekOf(calendar.Date{Y: y, M: time.January, D: 4})
		p = WeekOf(p.From.AddDays(7 * (w - 1)))
		if gy, gw := p.From.Time().ISOWeek(); w < 1 || gy != y || gw != w {
			return Period{}, bad
		}
		return p, nil
	}
	return Period{}, bad
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
