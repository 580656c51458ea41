package leave_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/leave"
	"bianmin/internal/policy"
)

// TestLeave_LV1_Measure: the working length of a leave counts only service
// sessions of legal working days, make-up weekend days included, holidays
// and lunch excluded; each day is measured against its own sessions, each
// session being half of the day (004 §考勤制度 2 考勤以半天为单位).
func TestLeave_LV1_Measure(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		name     string
		from, to string
		summer   bool
		minutes  int
		days     float64
		working  int
	}{
		{"one hour of a morning", "2026-03-02 08:00", "2026-03-02 09:00", false, 60, 60.0 / 240 / 2, 1},
		{"across lunch: 30 + 30 minutes", "2026-03-02 11:30", "2026-03-02 14:00", false, 60, 30.0/240/2 + 30.0/210/2, 1},
		{"a morning is half a day", "2026-03-02 08:00", "2026-03-02 12:00", false, 240, 0.5, 1},
		{"an afternoon of 210 minutes is half a day too", "2026-03-02 13:30", "2026-03-02 17:00", false, 210, 0.5, 1},
		{"midnight to midnight is the working day", "2026-03-02 00:00", "2026-03-03 00:00", false, 450, 1, 1},
		{"a weekend inside does not count", "2026-03-06 13:30", "2026-03-09 12:00", false, 450, 1, 2},
		{"make-up Sunday 2026-01-04 is a working day", "2026-01-04 08:00", "2026-01-04 17:00", false, 450, 1, 1},
		{"make-up Saturday 2026-02-28", "2026-02-28 00:00", "2026-03-01 00:00", false, 450, 1, 1},
		{"New Year: 12-31, make-up Sunday 01-04, 01-05", "2025-12-31 08:00", "2026-01-05 17:00", false, 1350, 3, 3},
		{"Spring Festival: 12 calendar days, 3 working days with Saturday 02-14", "2026-02-13 08:00", "2026-02-24 17:00", false, 1350, 3, 3},
		{"National Day 2026: 09-30, 10-08, 10-09", "2026-09-30 08:00", "2026-10-09 17:00", false, 1350, 3, 3},
		{"summer ends inside: a 420-minute day and two 450-minute days", "2026-09-30 08:00", "2026-10-09 17:00", true, 420 + 900, 3, 3},
		{"summer starts inside: 04-30 of 450, 05-06 and 05-07 of 420", "2026-04-30 08:00", "2026-05-07 18:00", true, 450 + 840, 3, 3},
		{"… and an hour more on 05-08", "2026-04-30 08:00", "2026-05-08 09:00", true, 1350, 3 + 60.0/240/2, 4},
		{"summer afternoon 15:00-18:00 is half a day", "2026-06-01 15:00", "2026-06-01 18:00", true, 180, 0.5, 1},
		{"13:30-17:00 in summer holds 15:00-17:00 only", "2026-06-01 13:30", "2026-06-01 17:00", true, 120, 120.0 / 180 / 2, 1},
		{"make-up Saturday 2026-05-09 in summer", "2026-05-09 07:00", "2026-05-09 19:00", true, 420, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := leave.Measure(cal, hoursOf(c.summer), at(t, c.from), at(t, c.to))
			if err != nil {
				t.Fatal(err)
			}
			if l.Minutes != c.minutes || l.WorkingDays != c.working || math.Abs(l.Days-c.days) > 1e-9 {
				t.Errorf("Measure = %+v, want %d minutes, %.4f days over %d working days", l, c.minutes, c.days, c.working)
			}
		})
	}
}

// TestLeave_LV1_MeasureRoundsUpSeconds: a leave ending 30 seconds into a
// minute is that minute longer, so 1 hour and 30 seconds is over "1h".
func TestLeave_LV1_MeasureRoundsUpSeconds(t *testing.T) {
	from := at(t, "2026-03-02 08:00")
	l, err := leave.Measure(calendar.Default(), hoursOf(false), from, from.Add(time.Hour+30*time.Second))
	if err != nil || l.Minutes != 61 || l.Within("1h") {
		t.Errorf("Measure = %+v, %v; want 61 minutes, over 1h", l, err)
	}
}

// TestLeave_LV1_MeasureRefuses: a range that is empty, reversed, longer
// than a year or without working time is refused with the field at fault.
func TestLeave_LV1_MeasureRefuses(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		name, from, to, field string
	}{
		{"empty", "2026-03-02 08:00", "2026-03-02 08:00", "to"},
		{"reversed", "2026-03-02 09:00", "2026-03-02 08:00", "to"},
		{"over a year", "2026-03-02 08:00", "2027-03-04 08:00", "to"},
		{"National Day holidays only", "2026-10-01 08:00", "2026-10-07 17:00", "from"},
		{"an ordinary Saturday", "2026-03-07 08:00", "2026-03-07 17:00", "from"},
		{"lunch only", "2026-03-02 12:00", "2026-03-02 13:30", "from"},
		{"overnight", "2026-03-02 17:00", "2026-03-03 08:00", "from"},
	} {
		_, err := leave.Measure(cal, hoursOf(false), at(t, c.from), at(t, c.to))
		if got := refusals(t, err); !reflect.DeepEqual(got, []refusal{{c.field, "LV-1"}}) {
			t.Errorf("%s: refusals %v, want %s (LV-1)", c.name, got, c.field)
		}
	}
}

// TestLeave_LV1_Compare: steps in hours compare service minutes, steps in
// days compare the day share; the empty length and an invalid one have no
// limit.
func TestLeave_LV1_Compare(t *testing.T) {
	for _, c := range []struct {
		l       leave.Length
		b       policy.Length
		want    int
		bounded bool
	}{
		{leave.Length{Minutes: 59}, "1h", -1, true},
		{leave.Length{Minutes: 60}, "1h", 0, true},
		{leave.Length{Minutes: 61}, "1h", 1, true},
		{leave.Length{Minutes: 119, Days: 5}, "2h", -1, true}, // days do not matter for hours
		{leave.Length{Minutes: 210, Days: 0.5}, "0.5d", 0, true},
		{leave.Length{Minutes: 9999, Days: 0.4999}, "0.5d", -1, true}, // minutes do not matter for days
		{leave.Length{Days: 0.5 - 1e-12}, "0.5d", 0, true},            // rounding of summed shares
		{leave.Length{Days: 1}, "1d", 0, true},
		{leave.Length{Days: 3.0001}, "3d", 1, true},
		{leave.Length{Days: 1.5}, "1.5d", 0, true},
		{leave.Length{Minutes: 1 << 20, Days: 400}, "", -1, false},
		{leave.Length{Minutes: 1}, "bogus", -1, false},
	} {
		got, bounded := c.l.Compare(c.b)
		if got != c.want || bounded != c.bounded {
			t.Errorf("%+v vs %q: %d, %v; want %d, %v", c.l, c.b, got, bounded, c.want, c.bounded)
		}
		if within := c.l.Within(c.b); within != (c.want <= 0) {
			t.Errorf("%+v within %q = %v", c.l, c.b, within)
		}
	}
}

// TestLeave_LV1_RouteDefaultLadder: every step of the default ladder (004
// §考勤制度 5(1)) with its edges, across holidays, make-up days and summer
// hours, and the substitute of LV-4 from half a day.
func TestLeave_LV1_RouteDefaultLadder(t *testing.T) {
	cal := calendar.Default()
	office, director := bianmin.RoleOffice, bianmin.RoleDirector
	verbal := leave.Route{Step: 0, Approvers: roles(office), Rule: "LV-1"}
	slip := leave.Route{Step: 1, Approvers: roles(office), Written: true, Rule: "LV-1"}
	slipSub := leave.Route{Step: 1, Approvers: roles(office), Written: true, Substitute: true, Rule: "LV-1"}
	deputy := leave.Route{Step: 2, Approvers: roles(director), Written: true, DepartmentOpinion: true, Substitute: true, Rule: "LV-1"}
	dir := leave.Route{Step: 3, Approvers: roles(director), Written: true, DepartmentOpinion: true, Substitute: true, Rule: "LV-1"}
	for _, c := range []struct {
		name     string
		from, to string
		summer   bool
		want     leave.Route
	}{
		{"≤ 1 h: tell the office", "2026-03-02 08:00", "2026-03-02 09:00", false, verbal},
		{"61 minutes: written, business office", "2026-03-02 08:00", "2026-03-02 09:01", false, slip},
		{"3 h 59 of a morning: under half a day", "2026-03-02 08:00", "2026-03-02 11:59", false, slip},
		{"a morning: half a day needs a substitute (LV-4)", "2026-03-02 08:00", "2026-03-02 12:00", false, slipSub},
		{"an afternoon of 210 minutes: half a day too", "2026-03-02 13:30", "2026-03-02 17:00", false, slipSub},
		{"a whole day", "2026-03-02 08:00", "2026-03-02 17:00", false, slipSub},
		{"make-up Sunday 2026-01-04, a whole day", "2026-01-04 08:00", "2026-01-04 17:00", false, slipSub},
		{"a day and a minute: department opinion, deputy director", "2026-03-02 08:00", "2026-03-03 08:01", false, deputy},
		{"three days", "2026-03-02 08:00", "2026-03-04 17:00", false, deputy},
		{"three days and a minute: director", "2026-03-02 08:00", "2026-03-05 08:01", false, dir},
		{"Spring Festival: 12 calendar days are 3 working days", "2026-02-13 08:00", "2026-02-24 17:00", false, deputy},
		{"Spring Festival: one working day more", "2026-02-13 08:00", "2026-02-25 17:00", false, dir},
		{"New Year with make-up Sunday: 3 days", "2025-12-31 08:00", "2026-01-05 17:00", false, deputy},
		{"National Day: 09-30 and 10-08 are 2 days", "2026-09-30 08:00", "2026-10-08 17:00", false, deputy},
		{"National Day: 10-01 to 10-07 alone need no leave", "2026-09-30 17:00", "2026-10-08 08:00", false, leave.Route{}},
		{"summer afternoon 15:00-18:00 is half a day", "2026-06-01 15:00", "2026-06-01 18:00", true, slipSub},
		{"summer 15:00-17:59 is not", "2026-06-01 15:00", "2026-06-01 17:59", true, slip},
		{"across the start of summer: 3 whole days", "2026-04-30 08:00", "2026-05-07 18:00", true, deputy},
		{"… and an hour", "2026-04-30 08:00", "2026-05-08 09:00", true, dir},
		{"across the end of summer: 3 whole days", "2026-09-30 08:00", "2026-10-09 17:00", true, deputy},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := leave.Measure(cal, hoursOf(c.summer), at(t, c.from), at(t, c.to))
			if c.want.Rule == "" {
				if err == nil {
					t.Fatalf("Measure = %+v, want a refusal", l)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := leave.RouteFor(&policy.Default().Leave, l, false)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("RouteFor(%+v) = %+v, %v\nwant %+v", l, got, err, c.want)
			}
		})
	}
}

// TestLeave_LV7_ShortAbsence: an absence from the window under 2 hours of
// working time is signed by the hall duty chief; at 2 hours or more it is
// leave and takes the ladder (000 篇二十二 第四条 7).
func TestLeave_LV7_ShortAbsence(t *testing.T) {
	cal := calendar.Default()
	chief := leave.Route{Step: -1, Approvers: roles(bianmin.RoleDutyChief), Written: true, ShortAbsence: true, Rule: "LV-7"}
	converted := leave.Route{Step: 1, Approvers: roles(bianmin.RoleOffice), Written: true, Converted: true, Rule: "LV-1"}
	for _, c := range []struct {
		name, from, to string
		want           leave.Route
	}{
		{"10 minutes", "2026-03-02 10:00", "2026-03-02 10:10", chief},
		{"119 minutes", "2026-03-02 08:00", "2026-03-02 09:59", chief},
		{"120 minutes is leave", "2026-03-02 08:00", "2026-03-02 10:00", converted},
		{"3 hours across lunch hold 89 working minutes", "2026-03-02 11:30", "2026-03-02 14:29", chief},
		{"3 hours across lunch hold 120 working minutes", "2026-03-02 11:00", "2026-03-02 14:30", converted},
		{"make-up Saturday 2026-02-14", "2026-02-14 15:00", "2026-02-14 16:00", chief},
		{"a whole morning is leave with a substitute", "2026-03-02 08:00", "2026-03-02 12:00",
			leave.Route{Step: 1, Approvers: roles(bianmin.RoleOffice), Written: true, Converted: true, Substitute: true, Rule: "LV-1"}},
	} {
		l, err := leave.Measure(cal, hoursOf(false), at(t, c.from), at(t, c.to))
		if err != nil {
			t.Fatal(err)
		}
		got, err := leave.RouteFor(&policy.Default().Leave, l, true)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: RouteFor = %+v, %v\nwant %+v", c.name, got, err, c.want)
		}
	}
	// The approver is the policy's: a centre may give short absences to the office.
	p := policy.Default().Leave
	p.ShortAbsenceApprover, p.ShortAbsenceUnder = string(bianmin.RoleOffice), "1h"
	l, _ := leave.Measure(cal, hoursOf(false), at(t, "2026-03-02 08:00"), at(t, "2026-03-02 08:59"))
	if got, _ := leave.RouteFor(&p, l, true); !got.ShortAbsence || !reflect.DeepEqual(got.Approvers, roles(bianmin.RoleOffice)) {
		t.Errorf("office signs under 1h: %+v", got)
	}
	l, _ = leave.Measure(cal, hoursOf(false), at(t, "2026-03-02 08:00"), at(t, "2026-03-02 09:00"))
	if got, _ := leave.RouteFor(&p, l, true); got.ShortAbsence || !got.Converted || got.Step != 0 {
		t.Errorf("1h is leave under a 1h limit: %+v", got)
	}
}

// TestLeave_LV1_Route002: the alternative of 002 §(五)2 from the policy
// comments: every leave written, to the director and the duty leader, of
// any length, with no department opinion.
func TestLeave_LV1_Route002(t *testing.T) {
	p, err := policy.Parse([]byte("leave:\n  approval_ladder:\n    - up_to: \"\"\n      approvers: [director, duty_leader]\n      written: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Default()
	for _, c := range []struct {
		from, to string
		sub      bool
	}{
		{"2026-03-02 08:00", "2026-03-02 08:30", false},
		{"2026-03-02 08:00", "2026-03-02 17:00", true},
		{"2026-02-13 08:00", "2026-02-27 17:00", true}, // across the Spring Festival
	} {
		l, err := leave.Measure(cal, p.Hours(), at(t, c.from), at(t, c.to))
		if err != nil {
			t.Fatal(err)
		}
		want := leave.Route{Step: 0, Approvers: roles(bianmin.RoleDirector, bianmin.RoleDutyLeader), Written: true, Substitute: c.sub, Rule: "LV-1"}
		if got, err := leave.RouteFor(&p.Leave, l, false); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s-%s: %+v, %v; want %+v", c.from, c.to, got, err, want)
		}
	}
}

// TestLeave_LV1_RouteHoursAndSingleSession: a ladder with a "2h" step, and
// the 9:00-17:00 hours of 000 篇十九 (one session: half a day is 4 hours).
func TestLeave_LV1_RouteHoursAndSingleSession(t *testing.T) {
	doc := "service_hours:\n  sessions: [{start: \"09:00\", end: \"17:00\"}]\n" +
		"leave:\n  approval_ladder:\n" +
		"    - {up_to: 2h, approvers: [duty_chief]}\n" +
		"    - {up_to: 1.5d, approvers: [office], written: true}\n" +
		"    - {up_to: \"\", approvers: [dept_head, director], written: true, department_opinion: true}\n"
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Default()
	for _, c := range []struct {
		from, to string
		step     int
		sub      bool
	}{
		{"2026-03-02 09:00", "2026-03-02 11:00", 0, false},
		{"2026-03-02 09:00", "2026-03-02 12:59", 1, false},
		{"2026-03-02 09:00", "2026-03-02 13:00", 1, true}, // 4 of 8 hours: half a day
		{"2026-03-02 09:00", "2026-03-03 13:00", 1, true}, // 1.5 days
		{"2026-03-02 09:00", "2026-03-03 13:01", 2, true},
	} {
		l, err := leave.Measure(cal, p.Hours(), at(t, c.from), at(t, c.to))
		if err != nil {
			t.Fatal(err)
		}
		got, err := leave.RouteFor(&p.Leave, l, false)
		if err != nil || got.Step != c.step || got.Substitute != c.sub {
			t.Errorf("%s-%s (%+v): %+v, %v; want step %d, substitute %v", c.from, c.to, l, got, err, c.step, c.sub)
		}
	}
}

// TestLeave_LV1_RouteEmptyLadder: a ladder that skipped validation has no
// approver, which is refused rather than routed to nobody.
func TestLeave_LV1_RouteEmptyLadder(t *testing.T) {
	p := policy.Default().Leave
	p.ApprovalLadder = nil
	_, err := leave.RouteFor(&p, leave.Length{Minutes: 60, Days: 0.125}, false)
	if got := refusals(t, err); !reflect.DeepEqual(got, []refusal{{"leave.approval_ladder", "LV-1"}}) {
		t.Errorf("refusals %v", got)
	}
	// A ladder whose last step is bounded still routes the longest leave to it.
	p.ApprovalLadder = []policy.LeaveStep{{UpTo: "1d", Approvers: []string{"office"}}}
	if r, err := leave.RouteFor(&p, leave.Length{Minutes: 9000, Days: 20}, false); err != nil || r.Step != 0 {
		t.Errorf("bounded last step: %+v, %v", r, err)
	}
}
