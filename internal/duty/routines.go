package duty

import (
	"fmt"
	"slices"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// Hygiene is the hygiene duty roster by weekday (HY-1; 002 §(六)5 names two
// people for each of Monday to Friday).
type Hygiene struct {
	Groups [5][]int64 // Monday … Friday
}

// NewHygiene deals staff, in order, perDay (policy
// routines.hygiene_people_per_day) to each weekday from Monday, starting
// again at the top of the list when it runs out. A list longer than the
// week's places is refused, as someone would never be on duty.
func NewHygiene(staff []int64, perDay int) (Hygiene, error) {
	var v bianmin.Validation
	add := func(field, zh, en string) { v.AddErr(bianmin.FieldError(field, zh, en).WithRule("HY-1")) }
	switch {
	case perDay < 1:
		add("hygiene_people_per_day", "每天至少一人值日。", "At least one person a day.")
	case len(staff) < perDay:
		add("staff", fmt.Sprintf("值日名单至少需要 %d 人。", perDay), fmt.Sprintf("The roster needs at least %d people.", perDay))
	case len(staff) > 5*perDay:
		add("staff", fmt.Sprintf("每周只有 %d 个值日名额，名单中有 %d 人，有人将排不上值日。", 5*perDay, len(staff)),
			fmt.Sprintf("A week has %d places but the list has %d people; some would never be on duty.", 5*perDay, len(staff)))
	}
	for i, id := range staff {
		switch {
		case id <= 0:
			add(fmt.Sprintf("staff[%d]", i), "请选择工作人员。", "Choose a staff member.")
		case slices.Contains(staff[:i], id):
			add(fmt.Sprintf("staff[%d]", i), "名单中人员重复。", "The person is listed twice.")
		}
	}
	if err := v.Err(); err != nil {
		return Hygiene{}, err
	}
	var h Hygiene
	for w := range h.Groups {
		for j := range perDay {
			h.Groups[w] = append(h.Groups[w], staff[(w*perDay+j)%len(staff)])
		}
	}
	return h, nil
}

// Validate checks a roster kept by weekday, as entered or as stored: each
// weekday has perDay different people.
func (h Hygiene) Validate(perDay int) error {
	var v bianmin.Validation
	for w, g := range h.Groups {
		field := fmt.Sprintf("groups[%d]", w)
		day := time.Weekday(w + 1).String()
		if len(g) != perDay {
			v.AddErr(bianmin.FieldError(field, fmt.Sprintf("每天须有 %d 人值日。", perDay),
				fmt.Sprintf("%s needs %d people.", day, perDay)).WithRule("HY-1"))
		}
		for i, id := range g {
			if id <= 0 || slices.Contains(g[:i], id) {
				v.AddErr(bianmin.FieldError(fmt.Sprintf("%s[%d]", field, i), "值日人员无效或重复。",
					"The person is missing or listed twice.").WithRule("HY-1"))
			}
		}
	}
	return v.Err()
}

// HygieneDay is who is on hygiene duty on a working day.
type HygieneDay struct {
	Date   calendar.Date
	People []int64
	MakeUp bool   // a make-up working day at a weekend
	Rule   string // HY-1
}

// Roster returns the hygiene duty of every working day from from to to.
// Holidays have none. A make-up working day on a Saturday or Sunday is not
// in the weekday roster of 002; it takes Monday's group, the group that opens
// every week, and is marked MakeUp so that the page can say so.
func (h Hygiene) Roster(cal *calendar.Calendar, from, to calendar.Date) []HygieneDay {
	var out []HygieneDay
	for d := from; !d.After(to); d = d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			continue
		}
		w := d.Weekday()
		day := HygieneDay{Date: d, Rule: "HY-1"}
		if w == time.Saturday || w == time.Sunday {
			day.MakeUp, w = true, time.Monday
		}
		day.People = slices.Clone(h.Groups[w-1])
		out = append(out, day)
	}
	return out
}

// Meeting is a staff meeting or a study session (TR-1).
type Meeting struct {
	Nominal calendar.Date // the date the rule gives
	Date    calendar.Date // the working day it is held
	Moved   bool
	Rule    string // TR-1
}

// StaffMeetings returns the staff meetings held from from to to: every
// everyWeeks weeks (policy routines.staff_meeting_every_weeks; 002 §(七)1
// "每两周") from first. A meeting that falls on a day that is not a working
// day moves to the next working day, as the hall's other business does
// (R1.17); if that day already has the next meeting, or is after it, the
// two are held as one, since two meetings days apart say nothing new.
func StaffMeetings(cal *calendar.Calendar, first calendar.Date, everyWeeks int, from, to calendar.Date) ([]Meeting, error) {
	switch {
	case everyWeeks < 1:
		return nil, bianmin.FieldError("staff_meeting_every_weeks", "例会间隔至少为一周。",
			"Meetings are at least a week apart.").WithRule("TR-1")
	case !first.Valid():
		return nil, bianmin.FieldError("first", "请填写第一次例会的日期。", "Give the date of the first meeting.").WithRule("TR-1")
	}
	var out []Meeting
	var last calendar.Date
	for nominal := first; !nominal.After(to); nominal = nominal.AddDays(7 * everyWeeks) {
		held := onWorkingDay(cal, nominal)
		if !last.IsZero() && !held.After(last) {
			continue
		}
		last = held
		if !held.Before(from) && !held.After(to) {
			out = append(out, Meeting{Nominal: nominal, Date: held, Moved: held != nominal, Rule: "TR-1"})
		}
	}
	return out, nil
}

// StudySessions returns the study sessions held from from to to: perMonth
// a month (policy routines.study_sessions_per_month; 002 §(七)3 "每月集中学习
// 1次"), spread evenly over the month from its first day. A session on a day
// that is not a working day moves to the next working day (R1.17); one that
// would then fall on or before the month's previous session moves to the
// working day after that, so a month keeps its count even when a holiday
// covers several nominal dates.
func StudySessions(cal *calendar.Calendar, perMonth int, from, to calendar.Date) ([]Meeting, error) {
	if perMonth < 0 {
		return nil, bianmin.FieldError("study_sessions_per_month", "每月学习次数不能为负数。",
			"Sessions per month cannot be negative.").WithRule("TR-1")
	}
	if perMonth == 0 || to.Before(from) {
		return nil, nil
	}
	// Start a month early: sessions pushed out of the previous month belong
	// to it and still take days of this one.
	month := firstOfMonth(calendar.Date{Y: from.Y, M: from.M, D: 1}.AddDays(-1))
	var out []Meeting
	var last calendar.Date
	for ; !month.After(to); month = firstOfMonth(month.AddDays(31)) {
		days := firstOfMonth(month.AddDays(31)).Sub(month)
		for j := range perMonth {
			nominal := month.AddDays(j * days / perMonth)
			held := onWorkingDay(cal, nominal)
			if !last.IsZero() && !held.After(last) {
				held = cal.NextWorkingDay(last)
			}
			last = held
			if !held.Before(from) && !held.After(to) {
				out = append(out, Meeting{Nominal: nominal, Date: held, Moved: held != nominal, Rule: "TR-1"})
			}
		}
	}
	return out, nil
}

// firstOfMonth returns the first day of d's month.
func firstOfMonth(d calendar.Date) calendar.Date { return calendar.Date{Y: d.Y, M: d.M, D: 1} }

// onWorkingDay returns d, or the next working day when d is not one.
func onWorkingDay(cal *calendar.Calendar, d calendar.Date) calendar.Date {
	if cal.IsWorkingDay(d) {
		return d
	}
	return cal.NextWorkingDay(d)
}
