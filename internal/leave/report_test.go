package leave_test

import (
	"math"
	"reflect"
	"testing"

	"bianmin/internal/calendar"
	"bianmin/internal/leave"
)

// TestLeave_LV6_WeeklyReport: approved leave of 2026-02-09 to 02-28 by week
// and department. The Spring Festival week (02-16 to 02-22) has no working
// day, so no row; make-up Saturdays 02-14 and 02-28 count; a leave across
// weeks is split; cancelled leave counts up to the return; pending,
// refused, withdrawn, draft and short absences do not; leave outside the
// range is cut at its edges.
func TestLeave_LV6_WeeklyReport(t *testing.T) {
	cal := calendar.Default()
	mk := func(id, person, dept int64, ty leave.Type, state leave.State, from, to string) leave.Request {
		r := req(t, id, person, state, from, to)
		r.Department, r.Type = dept, ty
		return r
	}
	cancelled := mk(2, 101, 7, leave.Sick, leave.Cancelled, "2026-02-10 08:00", "2026-02-11 17:00")
	cancelled.ReturnedAt = at(t, "2026-02-11 08:00")
	lateBack := mk(11, 104, 8, leave.Personal, leave.Cancelled, "2026-02-26 08:00", "2026-02-26 12:00")
	lateBack.ReturnedAt = at(t, "2026-02-27 08:00") // late: the report counts the leave, not the overrun
	short := mk(6, 102, 7, leave.Personal, leave.Approved, "2026-02-10 09:00", "2026-02-10 10:00")
	short.Route.ShortAbsence = true
	requests := []leave.Request{
		mk(1, 100, 7, leave.Personal, leave.Approved, "2026-02-12 08:00", "2026-02-24 17:00"), // 02-12, 13, 14 | 02-24
		cancelled, // 02-10 only
		mk(3, 200, 8, leave.BusinessTrip, leave.Started, "2026-02-09 13:30", "2026-02-09 17:00"),
		mk(4, 100, 7, leave.Personal, leave.Submitted, "2026-02-10 08:00", "2026-02-10 17:00"),
		mk(5, 100, 7, leave.Personal, leave.Refused, "2026-02-10 08:00", "2026-02-10 17:00"),
		short,
		mk(7, 201, 8, leave.Meeting, leave.Overdue, "2026-02-25 08:00", "2026-02-25 12:00"),
		mk(8, 100, 7, leave.Personal, leave.Approved, "2026-03-05 08:00", "2026-03-05 17:00"), // after the range
		mk(9, 103, 7, leave.Annual, leave.Approved, "2026-02-06 08:00", "2026-02-10 17:00"),   // cut at 02-09
		mk(10, 100, 7, leave.Personal, leave.Approved, "2026-02-28 08:00", "2026-02-28 12:00"),
		lateBack,
		mk(12, 100, 7, leave.Personal, leave.Withdrawn, "2026-02-10 08:00", "2026-02-10 17:00"),
		mk(13, 100, 7, leave.Personal, leave.Draft, "2026-02-10 08:00", "2026-02-10 17:00"),
	}
	want := []leave.WeekRow{
		{Week: day(t, "2026-02-09"), Department: 7, Requests: 3, People: 3, Minutes: 1350 + 450 + 900, Days: 6,
			ByType: map[leave.Type]int{leave.Personal: 1350, leave.Sick: 450, leave.Annual: 900}, Rule: "LV-6"},
		{Week: day(t, "2026-02-09"), Department: 8, Requests: 1, People: 1, Minutes: 210, Days: 0.5,
			ByType: map[leave.Type]int{leave.BusinessTrip: 210}, Rule: "LV-6"},
		{Week: day(t, "2026-02-23"), Department: 7, Requests: 2, People: 1, Minutes: 450 + 240, Days: 1.5,
			ByType: map[leave.Type]int{leave.Personal: 690}, Rule: "LV-6"},
		{Week: day(t, "2026-02-23"), Department: 8, Requests: 2, People: 2, Minutes: 240 + 240, Days: 1,
			ByType: map[leave.Type]int{leave.Meeting: 240, leave.Personal: 240}, Rule: "LV-6"},
	}
	got := leave.WeeklyReport(cal, hoursOf(false), requests, day(t, "2026-02-09"), day(t, "2026-02-28"))
	if len(got) != len(want) {
		t.Fatalf("rows %+v\nwant %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.Abs(g.Days-w.Days) > 1e-9 {
			t.Errorf("row %d: %v days, want %v", i, g.Days, w.Days)
		}
		g.Days, w.Days = 0, 0
		if !reflect.DeepEqual(g, w) {
			t.Errorf("row %d:\n %+v\nwant\n %+v", i, g, w)
		}
	}
	// A range that holds only the Spring Festival has nothing to report.
	if rows := leave.WeeklyReport(cal, hoursOf(false), requests, day(t, "2026-02-16"), day(t, "2026-02-22")); len(rows) != 0 {
		t.Errorf("Spring Festival week: %+v", rows)
	}
}

// TestLeave_LV6_WeeklyReportSummer: a summer afternoon is half a day of
// 180 minutes; a leave across the start of summer counts each day whole.
func TestLeave_LV6_WeeklyReportSummer(t *testing.T) {
	rs := []leave.Request{
		req(t, 1, 100, leave.Approved, "2026-06-01 15:00", "2026-06-01 18:00"),
		req(t, 2, 101, leave.Approved, "2026-04-30 08:00", "2026-05-07 18:00"),
	}
	got := leave.WeeklyReport(calendar.Default(), hoursOf(true), rs, day(t, "2026-04-27"), day(t, "2026-06-07"))
	want := []struct {
		week    string
		minutes int
		days    float64
	}{{"2026-04-27", 450, 1}, {"2026-05-04", 840, 2}, {"2026-06-01", 180, 0.5}}
	if len(got) != len(want) {
		t.Fatalf("rows %+v", got)
	}
	for i, w := range want {
		if got[i].Week != day(t, w.week) || got[i].Minutes != w.minutes || math.Abs(got[i].Days-w.days) > 1e-9 {
			t.Errorf("row %d: %+v, want %+v", i, got[i], w)
		}
	}
}
