package attendance_test

import (
	"testing"
	"time"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// TestObjection_AT5: objections to a published sheet are due within 2
// days: calendar days after the publication day, to 24:00, moved off rest
// days (004 §考勤制度 8, R1.17); later ones are void.
func TestObjection_AT5(t *testing.T) {
	cal := calendar.Default()
	def := policy.Default()
	oneDay := policy.Default()
	oneDay.Attendance.ObjectionDays = 1
	for _, v := range []struct {
		name      string
		p         *policy.Policy
		published string
		lastDay   string
		inTime    []string
		late      []string
	}{
		{"Monday sheet", def, "2026-03-02 10:00", "2026-03-04",
			[]string{"2026-03-02 10:00", "2026-03-03 09:00", "2026-03-04 23:59:59"}, []string{"2026-03-05 00:00", "2026-03-09 09:00"}},
		{"Friday sheet: Sunday moves to Monday", def, "2026-03-06 17:00", "2026-03-09",
			[]string{"2026-03-08 12:00", "2026-03-09 23:59"}, []string{"2026-03-10 00:00"}},
		{"Thursday sheet: the make-up Saturday is the last day", def, "2026-02-12 16:00", "2026-02-14",
			[]string{"2026-02-14 23:59"}, []string{"2026-02-15 00:00", "2026-02-24 09:00"}},
		{"Friday sheet before the Spring Festival", def, "2026-02-13 16:00", "2026-02-24",
			[]string{"2026-02-20 10:00", "2026-02-24 23:59"}, []string{"2026-02-25 00:00"}},
		{"sheet before National Day", def, "2026-09-30 17:00", "2026-10-08",
			[]string{"2026-10-08 23:59"}, []string{"2026-10-09 00:00"}},
		{"Sunday make-up day sheet", def, "2026-09-20 17:00", "2026-09-22",
			[]string{"2026-09-22 23:59"}, []string{"2026-09-23 00:00"}},
		{"one day", oneDay, "2026-03-02 10:00", "2026-03-03",
			[]string{"2026-03-03 23:59"}, []string{"2026-03-04 00:00"}},
		{"published at midnight", def, "2026-03-02 00:00", "2026-03-04",
			[]string{"2026-03-04 23:59"}, []string{"2026-03-05 00:00"}},
	} {
		pub := at(t, v.published)
		if got := attendance.ObjectionLastDay(cal, v.p, pub); got != day(t, v.lastDay) {
			t.Errorf("%s: last day %s, want %s", v.name, got, v.lastDay)
		}
		if got := attendance.ObjectionDeadline(cal, v.p, pub); !got.Equal(day(t, v.lastDay).AddDays(1).Time()) {
			t.Errorf("%s: deadline %s, want %s 24:00", v.name, got, v.lastDay)
		}
		for _, s := range v.inTime {
			if err := attendance.CheckObjection(cal, v.p, pub, at(t, s)); err != nil {
				t.Errorf("%s: objection at %s refused: %v", v.name, s, err)
			}
		}
		for _, s := range v.late {
			err := attendance.CheckObjection(cal, v.p, pub, at(t, s))
			if err == nil {
				t.Errorf("%s: objection at %s accepted", v.name, s)
				continue
			}
			if rule, field := ruleOf(t, err); rule != "AT-5" || field != "objection" {
				t.Errorf("%s: rule %q field %q, want AT-5 and objection", v.name, rule, field)
			}
		}
	}
}

// TestObjection_BeforePublication: a sheet not yet published cannot be
// objected to (AT-5).
func TestObjection_BeforePublication(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		name      string
		published time.Time
	}{
		{"before the sheet", at(t, "2026-03-02 10:00")},
		{"never published", time.Time{}},
	} {
		err := attendance.CheckObjection(cal, p, v.published, at(t, "2026-03-02 09:59"))
		if err == nil {
			t.Errorf("%s: accepted", v.name)
			continue
		}
		if rule, field := ruleOf(t, err); rule != "AT-5" || field != "objection" {
			t.Errorf("%s: rule %q field %q", v.name, rule, field)
		}
	}
}
