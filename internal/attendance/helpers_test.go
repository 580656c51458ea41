package attendance_test

import (
	"errors"
	"strings"
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/testutil/dates"
)

// at and day read the tables' Shanghai instants and dates.
var (
	at  = dates.At
	day = dates.Day
)

// summer is the default policy with 004's summer afternoons, 15:00-18:00,
// from July to September (004 §考勤制度 1).
func summer() *policy.Policy {
	p := policy.Default()
	p.ServiceHours.Seasons = []policy.Season{{Name: "夏令时", From: "07-01", To: "09-30",
		Sessions: []policy.Session{{Start: "08:00", End: "12:00"}, {Start: "15:00", End: "18:00"}}}}
	return p
}

// fines is the 000 篇七 alternative: no conversion of lates, fines instead.
func fines() *policy.Policy {
	p := policy.Default()
	a := &p.Attendance
	a.LatesPerAbsence = 0
	a.MonthlyLateLimit, a.MonthlyLateFineYuan = 6, 500
	a.LateFineYuan = 10
	a.AbsenceFineDayPay, a.AbsenceFineYuan = true, 50
	return p
}

// punches reads "in 07:58", "out 12:01" and "in 07:58:30" on date d; a
// trailing "@1002" marks a punch found made by staff 1002 (AT-3).
func punches(tb testing.TB, d string, specs ...string) []attendance.Punch {
	tb.Helper()
	var out []attendance.Punch
	for i, s := range specs {
		s, by, _ := strings.Cut(s, "@")
		kind, hm, ok := strings.Cut(strings.TrimSpace(s), " ")
		if !ok || kind != "in" && kind != "out" {
			tb.Fatalf("punch spec %q", s)
		}
		out = append(out, attendance.Punch{ID: int64(i + 1), StaffNo: "1001", Kind: attendance.Kind(kind),
			At: at(tb, d+" "+hm), Method: attendance.MethodPassword, ProxyBy: by})
	}
	return out
}

// ruleOf returns the rule and field of a refusal, failing on other errors.
func ruleOf(tb testing.TB, err error) (rule, field string) {
	tb.Helper()
	var e *bianmin.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v is not a *bianmin.Error", err)
	}
	if e.ZH == "" || e.EN == "" {
		tb.Fatalf("error %v lacks a message in both languages", err)
	}
	return e.Rule, e.Field
}

// approved is an excuse approved at the given instant.
func approved(tb testing.TB, k attendance.ExcuseKind, from, to, when string) attendance.Excuse {
	tb.Helper()
	return attendance.Excuse{Kind: k, Start: at(tb, from), End: at(tb, to), ApprovedAt: at(tb, when)}
}
