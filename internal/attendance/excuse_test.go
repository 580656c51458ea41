package attendance_test

import (
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// TestTripForm_Deadline: a business trip's form must be approved within 2
// calendar days of the trip's last day, ending 24:00 and moved off rest days
// (000 篇七 四 2, R1.17); a form approved later does not excuse (AT-2).
func TestTripForm_Deadline(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		name     string
		from, to string
		lastDay  string // the last day the form may be approved
		inTime   string // approved at: counts
		late     string // approved at: refused
	}{
		{"Wednesday trip", "2026-03-04 09:00", "2026-03-04 16:00", "2026-03-06", "2026-03-06 23:59", "2026-03-07 00:00"},
		{"Friday trip: Sunday moves to Monday", "2026-03-06 13:30", "2026-03-06 17:00", "2026-03-09", "2026-03-09 17:00", "2026-03-10 00:00"},
		{"ends on the make-up Saturday", "2026-02-12 08:00", "2026-02-12 12:00", "2026-02-14", "2026-02-14 23:59", "2026-02-15 00:00"},
		{"ends in the Spring Festival", "2026-02-13 08:00", "2026-02-13 17:00", "2026-02-24", "2026-02-24 10:00", "2026-02-25 00:00"},
		{"ends in National Day", "2026-09-29 08:00", "2026-09-29 17:00", "2026-10-08", "2026-10-08 08:30", "2026-10-09 00:00"},
		{"three-day trip counts from its last day", "2026-03-02 08:00", "2026-03-04 17:00", "2026-03-06", "2026-03-05 09:00", "2026-03-07 00:00"},
		{"trip that ends at midnight ends the day before", "2026-03-03 14:00", "2026-03-04 00:00", "2026-03-05", "2026-03-05 23:59:59", "2026-03-06 00:00"},
	} {
		e := approved(t, attendance.ExcuseTrip, v.from, v.to, v.inTime)
		if got := attendance.TripFormDeadline(cal, e); !got.Equal(day(t, v.lastDay).AddDays(1).Time()) {
			t.Errorf("%s: deadline %s, want %s 24:00", v.name, got, v.lastDay)
		}
		if err := attendance.CheckExcuse(cal, p, e); err != nil {
			t.Errorf("%s: form approved %s refused: %v", v.name, v.inTime, err)
		}
		e.ApprovedAt = at(t, v.late)
		err := attendance.CheckExcuse(cal, p, e)
		if err == nil {
			t.Errorf("%s: form approved %s accepted", v.name, v.late)
			continue
		}
		if rule, field := ruleOf(t, err); rule != "AT-2" || field != "excuse" {
			t.Errorf("%s: rule %q field %q, want AT-2 and excuse", v.name, rule, field)
		}
	}
}

// TestCheckExcuse: approval, order and the duty chief's limits (LV-1, LV-7).
func TestCheckExcuse(t *testing.T) {
	cal := calendar.Default()
	def := policy.Default()
	halfDay := policy.Default()
	halfDay.Leave.ShortAbsenceUnder = "0.5d"
	sum := summer()
	sum.Leave.ShortAbsenceUnder = "0.5d"
	leave, trip, meeting, slip := attendance.ExcuseLeave, attendance.ExcuseTrip, attendance.ExcuseMeeting, attendance.ExcuseShortAbsence
	for _, v := range []struct {
		name string
		p    *policy.Policy
		e    attendance.Excuse
		rule string // "" when the excuse counts
	}{
		{"approved leave", def, approved(t, leave, "2026-03-02 08:00", "2026-03-03 17:00", "2026-02-27 10:00"), ""},
		{"leave approved after it began (sick leave, LV-3)", def, approved(t, leave, "2026-03-02 08:00", "2026-03-02 17:00", "2026-03-03 09:00"), ""},
		{"leave not approved", def, attendance.Excuse{Kind: leave, Start: at(t, "2026-03-02 08:00"), End: at(t, "2026-03-02 12:00")}, "LV-1"},
		{"meeting", def, approved(t, meeting, "2026-03-02 09:00", "2026-03-02 11:00", "2026-03-01 12:00"), ""},
		{"meeting not confirmed", def, attendance.Excuse{Kind: meeting, Start: at(t, "2026-03-02 09:00"), End: at(t, "2026-03-02 11:00")}, "AT-2"},
		{"trip not approved", def, attendance.Excuse{Kind: trip, Start: at(t, "2026-03-02 09:00"), End: at(t, "2026-03-02 11:00")}, "AT-2"},
		{"ends before it starts", def, approved(t, leave, "2026-03-02 12:00", "2026-03-02 08:00", "2026-03-01 12:00"), "LV-1"},
		{"empty", def, approved(t, slip, "2026-03-02 09:00", "2026-03-02 09:00", "2026-03-02 09:00"), "LV-7"},
		{"no start", def, attendance.Excuse{Kind: meeting, End: at(t, "2026-03-02 11:00"), ApprovedAt: at(t, "2026-03-02 08:00")}, "AT-2"},
		{"unknown kind", def, approved(t, "holiday", "2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 08:00"), "AT-2"},
		{"slip of 119 minutes", def, approved(t, slip, "2026-03-02 09:00", "2026-03-02 10:59", "2026-03-02 09:00"), ""},
		{"slip of 120 minutes is not under 2 hours", def, approved(t, slip, "2026-03-02 09:00", "2026-03-02 11:00", "2026-03-02 09:00"), "LV-7"},
		{"slip signed late that day", def, approved(t, slip, "2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 23:59"), ""},
		{"slip signed the next day", def, approved(t, slip, "2026-03-02 09:00", "2026-03-02 10:00", "2026-03-03 00:00"), "LV-7"},
		{"slip across midnight", def, approved(t, slip, "2026-03-02 23:30", "2026-03-03 00:30", "2026-03-02 23:00"), "LV-7"},
		{"slip under half of a 7.5-hour day", halfDay, approved(t, slip, "2026-03-02 08:00", "2026-03-02 11:44", "2026-03-02 08:00"), ""},
		{"slip of half of a 7.5-hour day", halfDay, approved(t, slip, "2026-03-02 08:00", "2026-03-02 11:45", "2026-03-02 08:00"), "LV-7"},
		{"slip of 209 minutes on a 7-hour summer day", sum, approved(t, slip, "2026-07-06 08:00", "2026-07-06 11:29", "2026-07-06 08:00"), ""},
		{"slip of 210 minutes on a 7-hour summer day", sum, approved(t, slip, "2026-07-06 08:00", "2026-07-06 11:30", "2026-07-06 08:00"), "LV-7"},
	} {
		err := attendance.CheckExcuse(cal, v.p, v.e)
		switch {
		case v.rule == "" && err != nil:
			t.Errorf("%s: refused: %v", v.name, err)
		case v.rule != "" && err == nil:
			t.Errorf("%s: accepted, want a refusal under %s", v.name, v.rule)
		case v.rule != "":
			if rule, field := ruleOf(t, err); rule != v.rule || field != "excuse" {
				t.Errorf("%s: rule %q field %q, want %s and excuse", v.name, rule, field, v.rule)
			}
		}
	}
}

// TestSlipDeadline: the duty chief files the day's slips that day (LV-7).
func TestSlipDeadline(t *testing.T) {
	e := approved(t, attendance.ExcuseShortAbsence, "2026-02-14 15:00", "2026-02-14 16:00", "2026-02-14 15:00")
	if got := attendance.SlipDeadline(e); !got.Equal(at(t, "2026-02-15 00:00")) {
		t.Errorf("SlipDeadline = %s, want 2026-02-15 00:00", got)
	}
}

// TestExcuseKind_RuleAndName: every kind names its rule and its name in
// both languages.
func TestExcuseKind_RuleAndName(t *testing.T) {
	want := map[attendance.ExcuseKind][3]string{
		attendance.ExcuseLeave:        {"LV-1", "请假", "leave"},
		attendance.ExcuseTrip:         {"AT-2", "因公外出", "business trip"},
		attendance.ExcuseMeeting:      {"AT-2", "公务会议", "official meeting"},
		attendance.ExcuseShortAbsence: {"LV-7", "值班长签批临时外出", "short absence signed by the duty chief"},
	}
	if len(attendance.ExcuseKinds) != len(want) {
		t.Fatalf("ExcuseKinds = %v", attendance.ExcuseKinds)
	}
	for _, k := range attendance.ExcuseKinds {
		w := want[k]
		if k.Rule() != w[0] || k.Name("zh") != w[1] || k.Name("en") != w[2] {
			t.Errorf("%s: %s %s %s, want %v", k, k.Rule(), k.Name("zh"), k.Name("en"), w)
		}
	}
	if n := attendance.ExcuseKind("other").Name("zh"); n != "other" {
		t.Errorf("unknown kind named %q", n)
	}
	if attendance.TripFormDays != 2 {
		t.Errorf("TripFormDays = %d, want 2 (000 篇七 四 2)", attendance.TripFormDays)
	}
}

// TestDeadlines_EmptyExcuse: an excuse without length is dated by its
// start, so its deadlines are still defined (CheckExcuse refuses it).
func TestDeadlines_EmptyExcuse(t *testing.T) {
	e := approved(t, attendance.ExcuseTrip, "2026-03-04 00:00", "2026-03-04 00:00", "2026-03-04 00:00")
	if got := attendance.TripFormDeadline(calendar.Default(), e); !got.Equal(at(t, "2026-03-07 00:00")) {
		t.Errorf("TripFormDeadline = %s, want 2026-03-07 00:00", got)
	}
	if got := attendance.SlipDeadline(e); !got.Equal(at(t, "2026-03-05 00:00")) {
		t.Errorf("SlipDeadline = %s, want 2026-03-05 00:00", got)
	}
}
