package attendance_test

import (
	"fmt"
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// results makes half-day results with the given statuses on working days
// of March 2026 from 03-02, two a day; absent ones count one absence.
func results(t *testing.T, statuses ...attendance.Status) []attendance.Result {
	t.Helper()
	var out []attendance.Result
	d := day(t, "2026-03-02")
	for i, s := range statuses {
		if i > 0 && i%2 == 0 {
			d = calendar.Default().NextWorkingDay(d)
		}
		r := attendance.Result{Date: d, Half: attendance.HalfDay{Date: d, Index: i % 2, Count: 2}, Status: s, Rule: "AT-2"}
		switch s {
		case attendance.StatusAbsent:
			r.Absences, r.MissingIn, r.MissingOut = 1, true, true
		case attendance.StatusLate:
			r.Late = true
		case attendance.StatusEarly:
			r.Early = true
		case attendance.StatusLateEarly:
			r.Late, r.Early = true, true
		}
		out = append(out, r)
	}
	return out
}

func repeat(s attendance.Status, n int) []attendance.Status {
	out := make([]attendance.Status, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestSummarize_AT4_Conversion: every lates_per_absence lates or earlies
// count as one more absence; 0 converts nothing (AT-4, 004 §考勤制度 6).
func TestSummarize_AT4_Conversion(t *testing.T) {
	late, early, both, absent := attendance.StatusLate, attendance.StatusEarly, attendance.StatusLateEarly, attendance.StatusAbsent
	for _, v := range []struct {
		name      string
		n         int
		statuses  []attendance.Status
		lates     int
		earlies   int
		converted int
		total     int
	}{
		{"4 lates with 5", 5, repeat(late, 4), 4, 0, 0, 0},
		{"5 lates with 5", 5, repeat(late, 5), 5, 0, 1, 1},
		{"3 lates and 2 earlies with 5", 5, append(repeat(late, 3), repeat(early, 2)...), 3, 2, 1, 1},
		{"a late-and-early half day counts twice", 5, append(repeat(both, 2), late), 3, 2, 1, 1},
		{"9 with 5", 5, repeat(early, 9), 0, 9, 1, 1},
		{"10 with 5", 5, repeat(early, 10), 0, 10, 2, 2},
		{"10 with 5 and an absence", 5, append(repeat(late, 10), absent), 10, 0, 2, 3},
		{"12 with 0: no conversion", 0, repeat(late, 12), 12, 0, 0, 0},
		{"12 with 0 and an absence", 0, append(repeat(late, 12), absent), 12, 0, 0, 1},
		{"11 with 6", 6, repeat(late, 11), 11, 0, 1, 1},
		{"12 with 6", 6, repeat(late, 12), 12, 0, 2, 2},
		{"1 with 1", 1, repeat(both, 1), 1, 1, 2, 2},
	} {
		p := policy.Default()
		p.Attendance.LatesPerAbsence = v.n
		s := attendance.Summarize(p, attendance.MonthOf(day(t, "2026-03-01")), results(t, v.statuses...))
		if s.Lates != v.lates || s.Earlies != v.earlies || s.Converted != v.converted || s.TotalAbsences != v.total {
			t.Errorf("%s: lates %d earlies %d converted %d total %d, want %d %d %d %d",
				v.name, s.Lates, s.Earlies, s.Converted, s.TotalAbsences, v.lates, v.earlies, v.converted, v.total)
		}
		if s.HalfDays != len(v.statuses) || len(s.Fines) != 0 || s.FineYuan != 0 {
			t.Errorf("%s: %d half days, fines %v under the default policy", v.name, s.HalfDays, s.Fines)
		}
	}
}

// fineLines renders fines as "late 6×10=60".
func fineLines(fs []attendance.Fine) string {
	var out string
	for _, f := range fs {
		if f.Rule != "AT-4" || f.Source == "" || f.ZH == "" || f.EN == "" {
			out += "[incomplete] "
		}
		if f.Kind == attendance.FineDayPay {
			out += fmt.Sprintf("%s %d days; ", f.Kind, f.DayPay)
			continue
		}
		out += fmt.Sprintf("%s %d×%d=%d; ", f.Kind, f.Count, f.UnitYuan, f.Yuan)
	}
	return out
}

// TestSummarize_AT4_Fines: the 000 篇七 alternative: 10 yuan per late or
// early, 500 yuan when a month's lates reach 6, the day's pay and 50 yuan
// per absence, as amounts with rule AT-4 (000 篇七 四 3-5).
func TestSummarize_AT4_Fines(t *testing.T) {
	late, early, absent := attendance.StatusLate, attendance.StatusEarly, attendance.StatusAbsent
	month := attendance.MonthOf(day(t, "2026-03-15"))
	week := attendance.WeekOf(day(t, "2026-03-02"))
	withConversion := fines()
	withConversion.Attendance.LatesPerAbsence = 5
	for _, v := range []struct {
		name   string
		p      *policy.Policy
		per    attendance.Period
		rs     []attendance.Result
		want   string
		yuan   int
		dayPay int
	}{
		{"5 lates in a month", fines(), month, results(t, repeat(late, 5)...), "late 5×10=50; ", 50, 0},
		{"6 lates in a month reach the limit", fines(), month, results(t, repeat(late, 6)...), "late 6×10=60; monthly_late 1×500=500; ", 560, 0},
		{"7 lates: the monthly fine once", fines(), month, results(t, repeat(late, 7)...), "late 7×10=70; monthly_late 1×500=500; ", 570, 0},
		{"6 lates in a week: no monthly fine", fines(), week, results(t, repeat(late, 6)...), "late 6×10=60; ", 60, 0},
		{"5 lates and an early do not reach the monthly limit", fines(), month, results(t, append(repeat(late, 5), early)...), "late 6×10=60; ", 60, 0},
		{"a missed check-in is a late", fines(), month, func() []attendance.Result {
			rs := results(t, repeat(late, 6)...)
			rs[0].MissingIn = true
			return rs
		}(), "late 6×10=60; monthly_late 1×500=500; ", 560, 0},
		{"both half days of a day absent: one day's pay", fines(), month, results(t, absent, absent, absent),
			"absence 3×50=150; absence_day_pay 2 days; ", 150, 2},
		{"nothing to fine", fines(), month, results(t, attendance.StatusOnTime, attendance.StatusExcused), "", 0, 0},
		{"converted absences are fined and forfeit a day each", withConversion, month, results(t, repeat(late, 5)...),
			"late 5×10=50; absence 1×50=50; absence_day_pay 1 days; ", 100, 1},
		{"the default policy fines nothing", policy.Default(), month, results(t, append(repeat(late, 6), absent)...), "", 0, 0},
	} {
		s := attendance.Summarize(v.p, v.per, v.rs)
		if got := fineLines(s.Fines); got != v.want || s.FineYuan != v.yuan || s.DayPayDays != v.dayPay {
			t.Errorf("%s: %q = %d yuan + %d days' pay, want %q = %d + %d", v.name, got, s.FineYuan, s.DayPayDays, v.want, v.yuan, v.dayPay)
		}
	}
	// A proxy with two absences is fined twice and forfeits one day.
	p := fines()
	p.Attendance.ProxyCheckInAbsences = 2
	rs := results(t, attendance.StatusOnTime)
	rs[0].Status, rs[0].Rule, rs[0].Absences = attendance.StatusProxy, "AT-3", 2
	s := attendance.Summarize(p, month, rs)
	if got := fineLines(s.Fines); got != "absence 2×50=100; absence_day_pay 1 days; " || s.Proxies != 1 {
		t.Errorf("proxy fines %q, proxies %d", got, s.Proxies)
	}
}

// TestSummarize_OnlyThePeriod: results outside the period are not counted,
// and rest days count no half day.
func TestSummarize_OnlyThePeriod(t *testing.T) {
	rs := results(t, attendance.StatusLate, attendance.StatusLate, attendance.StatusAbsent)
	rs = append(rs, attendance.Result{Date: day(t, "2026-03-07"), Status: attendance.StatusRest, Rule: "AT-6"})
	s := attendance.Summarize(policy.Default(), attendance.Period{Kind: attendance.Weekly, From: day(t, "2026-03-03"), To: day(t, "2026-03-08")}, rs)
	if s.HalfDays != 1 || s.Lates != 0 || s.Absent != 1 || s.Absences != 1 {
		t.Errorf("summary %+v, want only 03-03's absence", s)
	}
}

// TestSummarize_MonthFromPunches: February 2026 from the punches of a person
// late every morning: 16 working days (make-up Saturdays 02-14 and 02-28
// included, the Spring Festival not), 16 lates, 3 absences by conversion,
// and under the fines alternative 160 + 500 yuan (AT-4, AT-6).
func TestSummarize_MonthFromPunches(t *testing.T) {
	cal := calendar.Default()
	feb := attendance.MonthOf(day(t, "2026-02-10"))
	pl := plan{}
	for _, d := range feb.Dates() {
		if cal.IsWorkingDay(d) {
			pl[d.String()] = []string{"in 08:25", "out 12:00", "in 13:30", "out 17:00"}
		}
	}
	f := attendance.Facts{Punches: pl.punches(t)}
	for _, v := range []struct {
		p                         *policy.Policy
		converted, total, yuan, d int
	}{
		{policy.Default(), 3, 3, 0, 0},
		{fines(), 0, 0, 160 + 500, 0},
	} {
		rs := attendance.Evaluate(cal, v.p, feb, f)
		s := attendance.Summarize(v.p, feb, rs)
		if len(pl) != 16 || s.HalfDays != 32 || s.Lates != 16 || s.OnTime != 16 || s.Converted != v.converted ||
			s.TotalAbsences != v.total || s.FineYuan != v.yuan || s.DayPayDays != v.d {
			t.Errorf("February: %d working days, summary %+v", len(pl), s)
		}
	}
}
