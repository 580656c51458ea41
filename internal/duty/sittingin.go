package duty

import (
	"fmt"
	"slices"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// Filing is the verdict on a department's filing of its leader's
// sitting-in day (DU-4).
type Filing struct {
	// Deadline is 24:00 of the day noticeDays calendar days before the
	// sitting-in day: 000 篇二十二 坐班制度 五 asks for next week's schedule
	// "提前一星期", a week of the calendar, not of working days.
	Deadline time.Time
	OnTime   bool
	Rule     string // DU-4
}

// CheckFiling judges a filing made at filedAt for a sitting-in on day,
// with policy duty.sitting_in_notice_days. A late filing is recorded, not
// refused (a late schedule is better than none; the centre circulates it);
// a day on which the hall is closed cannot be a sitting-in day and is
// refused.
func CheckFiling(cal *calendar.Calendar, noticeDays int, day calendar.Date, filedAt time.Time) (Filing, error) {
	if !cal.IsWorkingDay(day) {
		return Filing{}, bianmin.FieldError("date",
			fmt.Sprintf("%s 不是工作日，大厅不办公，不能安排坐班（DU-4）。", day),
			fmt.Sprintf("%s is not a working day and the hall is closed; no sitting-in can be scheduled (DU-4).", day)).
			WithRule("DU-4")
	}
	deadline := day.AddDays(1 - noticeDays).Time()
	return Filing{Deadline: deadline, OnTime: filedAt.Before(deadline), Rule: "DU-4"}, nil
}

// Sitting is a day a department's leader sat at the window and checked in.
type Sitting struct {
	Department int64
	Date       calendar.Date
}

// Shortfall is a department whose leader sat in on fewer days of a week
// than required, to be circulated (000 篇二十二 坐班制度 七).
type Shortfall struct {
	Department int64
	Week       calendar.Date // Monday
	Attended   int
	Required   int
	Rule       string // DU-4
}

// Skipped lists the departments whose leaders sat in on fewer working days
// of the week containing week than perWeek (policy
// duty.sitting_in_days_per_week), in the order of departments. A week with
// fewer working days than perWeek requires only those days, and a week of
// holidays none: the hall is closed then. Sittings on days that are not
// working days do not count, for the same reason.
func Skipped(cal *calendar.Calendar, perWeek int, week calendar.Date, departments []int64, sittings []Sitting) []Shortfall {
	mon := Monday(week)
	working := 0
	for i := range 7 {
		if cal.IsWorkingDay(mon.AddDays(i)) {
			working++
		}
	}
	required := min(perWeek, working)
	attended := map[int64]map[calendar.Date]bool{}
	for _, s := range sittings {
		if Monday(s.Date) != mon || !cal.IsWorkingDay(s.Date) {
			continue
		}
		if attended[s.Department] == nil {
			attended[s.Department] = map[calendar.Date]bool{}
		}
		attended[s.Department][s.Date] = true
	}
	var out []Shortfall
	for i, dept := range departments {
		if slices.Contains(departments[:i], dept) {
			continue
		}
		if n := len(attended[dept]); n < required {
			out = append(out, Shortfall{Department: dept, Week: mon, Attended: n, Required: required, Rule: "DU-4"})
		}
	}
	return out
}

// ReceptionDays returns the director's public reception days from from to
// to (DU-5): the dates of the policy's weekday (1 = Monday … 7 = Sunday,
// duty.director_reception_weekday; 0 = none) that are working days. A
// reception day that falls on a holiday is not held rather than moved: the
// public knows the weekday (000 篇二十二 "每周三上午"), and a make-up
// working day of another weekday does not become one.
func ReceptionDays(cal *calendar.Calendar, weekday int, from, to calendar.Date) []calendar.Date {
	if weekday < 1 || weekday > 7 {
		return nil
	}
	want := time.Weekday(weekday % 7)
	var out []calendar.Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if d.Weekday() == want && cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}
