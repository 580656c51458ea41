package attendance_test

import (
	"strings"
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// plan is one person's punches, day by day.
type plan map[string][]string

func (pl plan) punches(t *testing.T) []attendance.Punch {
	var out []attendance.Punch
	for d, specs := range pl {
		out = append(out, punches(t, d, specs...)...)
	}
	return out
}

// sheet evaluates a period and renders it line by line, checking every
// result's rule and explanation on the way.
func sheet(t *testing.T, p *policy.Policy, from, to string, f attendance.Facts) ([]attendance.Result, string) {
	t.Helper()
	per := attendance.Period{Kind: attendance.Weekly, From: day(t, from), To: day(t, to)}
	rs := attendance.Evaluate(calendar.Default(), p, per, f)
	var lines []string
	for _, r := range rs {
		checkResult(t, p, r)
		lines = append(lines, line(r))
	}
	return rs, strings.Join(lines, "\n")
}

func same(t *testing.T, name, got string, want ...string) {
	t.Helper()
	if w := strings.Join(want, "\n"); got != w {
		t.Errorf("%s: got\n%s\nwant\n%s", name, got, w)
	}
}

// TestWeek_SpringFestival: the week of 2026-02-09 has the make-up Saturday
// 02-14 as a working day and the Spring Festival from Sunday 02-15; the
// next week is all holiday (AT-6, R2.4), and its thresholds are those of
// AT-2.
func TestWeek_SpringFestival(t *testing.T) {
	p := policy.Default()
	f := attendance.Facts{
		Punches: plan{
			"2026-02-09": {"in 07:55", "out 12:01", "in 13:25", "out 17:02"},
			"2026-02-10": {"in 08:21", "out 12:00", "in 13:30", "out 16:40"},
			"2026-02-11": {"in 08:20", "out 12:00", "in 13:51", "out 16:39"},
			"2026-02-12": {"in 13:20", "out 17:00"},
			"2026-02-13": {"in 13:31"},
			"2026-02-14": {"in 08:05", "out 12:00", "in 13:29", "out 17:00"},
			"2026-02-15": {"in 09:00"}, // came in on a holiday: stays on the sheet, counts for nothing
		}.punches(t),
		Excuses: []attendance.Excuse{approved(t, attendance.ExcuseLeave, "2026-02-13 08:00", "2026-02-13 12:00", "2026-02-12 10:00")},
	}
	rs, got := sheet(t, p, "2026-02-09", "2026-02-15", f)
	same(t, "week of 2026-02-09", got,
		"02-09 上午 on_time AT-2", "02-09 下午 on_time AT-2",
		"02-10 上午 late AT-2", "02-10 下午 on_time AT-2",
		"02-11 上午 on_time AT-2", "02-11 下午 late_early AT-2",
		"02-12 上午 absent AT-2", "02-12 下午 on_time AT-2",
		"02-13 上午 excused LV-1", "02-13 下午 early AT-2",
		"02-14 上午 on_time AT-2", "02-14 下午 on_time AT-2",
		"02-15 休息 rest AT-6")
	if last := rs[len(rs)-1]; len(last.Punches) != 1 || last.Absences != 0 {
		t.Errorf("holiday punch: %+v", last)
	}
	s := attendance.Summarize(p, attendance.WeekOf(day(t, "2026-02-11")), rs)
	want := attendance.Summary{Period: attendance.WeekOf(day(t, "2026-02-09")), HalfDays: 12, OnTime: 7, Lates: 2, Earlies: 2,
		MissingOuts: 1, Absent: 1, Excused: 1, Absences: 1, TotalAbsences: 1}
	if !sameSummary(s, want) {
		t.Errorf("summary %+v, want %+v", s, want)
	}
	_, got = sheet(t, p, "2026-02-16", "2026-02-24", attendance.Facts{Punches: plan{"2026-02-24": {"in 08:00", "out 12:00", "in 13:30", "out 17:00"}}.punches(t)})
	same(t, "Spring Festival week", got,
		"02-16 休息 rest AT-6", "02-17 休息 rest AT-6", "02-18 休息 rest AT-6", "02-19 休息 rest AT-6",
		"02-20 休息 rest AT-6", "02-21 休息 rest AT-6", "02-22 休息 rest AT-6", "02-23 休息 rest AT-6",
		"02-24 上午 on_time AT-2", "02-24 下午 on_time AT-2")
}

// sameSummary compares the counts of two summaries (not the fines).
func sameSummary(a, b attendance.Summary) bool {
	a.Fines, b.Fines = nil, nil
	return a.Period == b.Period && a.HalfDays == b.HalfDays && a.OnTime == b.OnTime && a.Lates == b.Lates &&
		a.Earlies == b.Earlies && a.MissingIns == b.MissingIns && a.MissingOuts == b.MissingOuts && a.Absent == b.Absent &&
		a.Proxies == b.Proxies && a.Excused == b.Excused && a.Absences == b.Absences && a.Converted == b.Converted &&
		a.TotalAbsences == b.TotalAbsences && a.FineYuan == b.FineYuan && a.DayPayDays == b.DayPayDays
}

// TestWeek_MakeUpSundaySummerHours: the week of 2026-09-14 in summer hours
// (afternoons 15:00-18:00, 004 §考勤制度 1) ends with the make-up Sunday
// 09-20, itself in summer hours; a trip on Friday 09-18 needs its form by
// Sunday 09-20, a working day, so a form approved on Monday is late
// (000 篇七 四 2).
func TestWeek_MakeUpSundaySummerHours(t *testing.T) {
	p := summer()
	week := plan{
		"2026-09-14": {"in 07:59", "out 12:00", "in 15:20", "out 17:40"},
		"2026-09-15": {"in 08:00", "out 12:00", "in 15:21", "out 18:00"},
		"2026-09-16": {"in 08:00", "out 12:00", "in 14:55", "out 17:39"},
		"2026-09-17": {"in 08:00", "out 12:00", "in 13:25", "out 17:05"}, // kept the winter afternoon
		"2026-09-20": {"in 07:50", "out 12:00", "in 15:00", "out 18:00"},
	}.punches(t)
	for _, v := range []struct {
		approvedAt string
		friday     []string
	}{
		{"2026-09-20 17:00", []string{"09-18 上午 excused AT-2", "09-18 下午 excused AT-2"}},
		{"2026-09-21 09:00", []string{"09-18 上午 absent AT-2", "09-18 下午 absent AT-2"}},
	} {
		trip := approved(t, attendance.ExcuseTrip, "2026-09-18 08:00", "2026-09-18 18:00", v.approvedAt)
		rs, got := sheet(t, p, "2026-09-14", "2026-09-20", attendance.Facts{Punches: week, Excuses: []attendance.Excuse{trip}})
		want := []string{
			"09-14 上午 on_time AT-2", "09-14 下午 on_time AT-2",
			"09-15 上午 on_time AT-2", "09-15 下午 late AT-2",
			"09-16 上午 on_time AT-2", "09-16 下午 early AT-2",
			"09-17 上午 on_time AT-2", "09-17 下午 early AT-2",
		}
		want = append(want, v.friday...)
		want = append(want, "09-19 休息 rest AT-6", "09-20 上午 on_time AT-2", "09-20 下午 on_time AT-2")
		same(t, "summer week, trip form approved "+v.approvedAt, got, want...)
		if thu := rs[7]; thu.EarlyBy != 55 || !thu.Half.End.Equal(at(t, "2026-09-17 18:00")) {
			t.Errorf("09-17 afternoon: %d minutes early before %s, want 55 before 18:00", thu.EarlyBy, thu.Half.End)
		}
		if fri := rs[8]; v.friday[0] == "09-18 上午 absent AT-2" && (len(fri.Refused) != 1 || fri.Refused[0].Err.Rule != "AT-2") {
			t.Errorf("late trip form not shown as refused: %+v", fri.Refused)
		}
	}
	// Without summer hours the same punches of 09-17 are on time.
	_, got := sheet(t, policy.Default(), "2026-09-17", "2026-09-17", attendance.Facts{Punches: week})
	same(t, "09-17 without seasons", got, "09-17 上午 on_time AT-2", "09-17 下午 on_time AT-2")
}

// TestWeek_NewYear: 2026-01-01 to 03 are off and Sunday 01-04 is a make-up
// working day; the week of 2025-12-29 crosses the year (AT-6).
func TestWeek_NewYear(t *testing.T) {
	p := policy.Default()
	full := []string{"in 07:58", "out 12:00", "in 13:28", "out 17:00"}
	f := attendance.Facts{Punches: plan{"2025-12-29": full, "2025-12-30": full, "2025-12-31": full, "2026-01-04": {"in 08:00", "out 12:00"}}.punches(t)}
	rs, got := sheet(t, p, "2025-12-29", "2026-01-04", f)
	same(t, "New Year week", got,
		"12-29 上午 on_time AT-2", "12-29 下午 on_time AT-2",
		"12-30 上午 on_time AT-2", "12-30 下午 on_time AT-2",
		"12-31 上午 on_time AT-2", "12-31 下午 on_time AT-2",
		"01-01 休息 rest AT-6", "01-02 休息 rest AT-6", "01-03 休息 rest AT-6",
		"01-04 上午 on_time AT-2", "01-04 下午 absent AT-2")
	if s := attendance.Summarize(p, attendance.WeekOf(day(t, "2026-01-01")), rs); s.HalfDays != 8 || s.Absent != 1 || s.OnTime != 7 {
		t.Errorf("summary %+v", s)
	}
}

// TestWeeks_NationalDay: summer hours until 09-30, the National Day holiday
// 10-01 to 10-07, working Thursday 10-08 and make-up Saturday 10-10 in the
// default hours (AT-6, ORG-5). A person keeping winter afternoons is early
// every summer afternoon and on time after the season.
func TestWeeks_NationalDay(t *testing.T) {
	p := summer()
	winter := []string{"in 07:55", "out 12:00", "in 13:25", "out 17:00"}
	pl := plan{}
	for _, d := range []string{"2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10"} {
		pl[d] = winter
	}
	rs, got := sheet(t, p, "2026-09-28", "2026-10-11", attendance.Facts{Punches: pl.punches(t)})
	same(t, "National Day weeks", got,
		"09-28 上午 on_time AT-2", "09-28 下午 early AT-2",
		"09-29 上午 on_time AT-2", "09-29 下午 early AT-2",
		"09-30 上午 on_time AT-2", "09-30 下午 early AT-2",
		"10-01 休息 rest AT-6", "10-02 休息 rest AT-6", "10-03 休息 rest AT-6", "10-04 休息 rest AT-6",
		"10-05 休息 rest AT-6", "10-06 休息 rest AT-6", "10-07 休息 rest AT-6",
		"10-08 上午 on_time AT-2", "10-08 下午 on_time AT-2",
		"10-09 上午 on_time AT-2", "10-09 下午 on_time AT-2",
		"10-10 上午 on_time AT-2", "10-10 下午 on_time AT-2",
		"10-11 休息 rest AT-6")
	// Three earlies in the first week, none in the second: the weekly
	// sheets convert nothing, and neither does the pair of weeks (AT-4).
	first := attendance.Summarize(p, attendance.WeekOf(day(t, "2026-09-28")), rs)
	second := attendance.Summarize(p, attendance.WeekOf(day(t, "2026-10-05")), rs)
	if first.HalfDays != 6 || first.Earlies != 3 || first.Converted != 0 || second.HalfDays != 6 || second.OnTime != 6 {
		t.Errorf("weekly summaries %+v / %+v", first, second)
	}
}

// TestEvaluate_AT3_Proxy: a punch found made by someone else marks both
// people absent policy times (AT-3, 004 §考勤制度 3), over any excuse, on
// the half day the punch belongs to.
func TestEvaluate_AT3_Proxy(t *testing.T) {
	cal := calendar.Default()
	two := policy.Default()
	two.Attendance.ProxyCheckInAbsences = 2
	d := "2026-03-02"
	forP := func(specs ...string) []attendance.Punch { return punches(t, d, specs...) }
	forQ := func(specs ...string) []attendance.Punch {
		ps := punches(t, d, specs...)
		for i := range ps {
			ps[i].StaffNo = "1002"
		}
		return ps
	}
	proxyIn := forP("in 07:58@1002")
	for _, v := range []struct {
		name   string
		p      *policy.Policy
		date   string
		f      attendance.Facts
		want   []string
		absent int // absences of the day
	}{
		{"P, whose check-in was made by Q", policy.Default(), d,
			attendance.Facts{Punches: append(forP("out 12:01", "in 13:25", "out 17:00"), proxyIn...)},
			[]string{"03-02 上午 proxy AT-3", "03-02 下午 on_time AT-2"}, 1},
		{"Q, who made it", policy.Default(), d,
			attendance.Facts{Punches: forQ("in 07:50", "out 12:00", "in 13:20", "out 17:00"), PunchedForOthers: proxyIn},
			[]string{"03-02 上午 proxy AT-3", "03-02 下午 on_time AT-2"}, 1},
		{"P with two absences per proxy", two, d,
			attendance.Facts{Punches: append(forP("out 12:01", "in 13:25", "out 17:00"), proxyIn...)},
			[]string{"03-02 上午 proxy AT-3", "03-02 下午 on_time AT-2"}, 2},
		{"Q with two absences per proxy", two, d,
			attendance.Facts{Punches: forQ("in 07:50", "out 12:00", "in 13:20", "out 17:00"), PunchedForOthers: proxyIn},
			[]string{"03-02 上午 proxy AT-3", "03-02 下午 on_time AT-2"}, 2},
		{"proxy over leave", policy.Default(), d,
			attendance.Facts{Punches: append(forP("in 13:25", "out 17:00"), proxyIn...),
				Excuses: []attendance.Excuse{approved(t, attendance.ExcuseLeave, d+" 08:00", d+" 12:00", "2026-02-27 10:00")}},
			[]string{"03-02 上午 proxy AT-3", "03-02 下午 on_time AT-2"}, 1},
		{"proxy check-out in the afternoon", policy.Default(), d,
			attendance.Facts{Punches: forP("in 07:58", "out 12:00", "in 13:25", "out 17:05@1002")},
			[]string{"03-02 上午 on_time AT-2", "03-02 下午 proxy AT-3"}, 1},
		{"proxy check-in after closing belongs to the last half day", policy.Default(), d,
			attendance.Facts{Punches: forP("in 07:58", "out 12:00", "in 13:25", "out 17:00", "in 17:30@1002")},
			[]string{"03-02 上午 on_time AT-2", "03-02 下午 proxy AT-3"}, 1},
		{"proxy on a rest day", policy.Default(), "2026-03-07",
			attendance.Facts{Punches: punches(t, "2026-03-07", "in 08:00@1002")},
			[]string{"03-07 休息 proxy AT-3"}, 1},
		{"proxy on a rest day with two absences per proxy", two, "2026-03-07",
			attendance.Facts{Punches: punches(t, "2026-03-07", "out 17:00@1002")},
			[]string{"03-07 休息 proxy AT-3"}, 2},
		{"Q's proxy on a rest day", policy.Default(), "2026-03-07",
			attendance.Facts{PunchedForOthers: punches(t, "2026-03-07", "in 08:00@1002")},
			[]string{"03-07 休息 proxy AT-3"}, 1},
	} {
		rs := attendance.EvaluateDay(cal, v.p, day(t, v.date), v.f)
		var lines []string
		absences := 0
		for _, r := range rs {
			checkResult(t, v.p, r)
			lines = append(lines, line(r))
			absences += r.Absences
			if r.Status == attendance.StatusProxy && !strings.Contains(r.ZH, "1002") && !strings.Contains(r.ZH, "1001") {
				t.Errorf("%s: explanation %q names neither person", v.name, r.ZH)
			}
		}
		same(t, v.name, strings.Join(lines, "\n"), v.want...)
		if absences != v.absent {
			t.Errorf("%s: %d absences, want %d", v.name, absences, v.absent)
		}
		s := attendance.Summarize(v.p, attendance.WeekOf(day(t, v.date)), rs)
		if s.Proxies != 1 || s.Absences != v.absent || s.TotalAbsences != v.absent {
			t.Errorf("%s: summary %+v", v.name, s)
		}
	}
}

// TestEvaluate_EveryPunchOnTheSheet: every punch of the period appears on
// exactly one result, counted or not, so the sheet hides nothing (SEC-4).
func TestEvaluate_EveryPunchOnTheSheet(t *testing.T) {
	f := attendance.Facts{Punches: plan{
		"2026-02-13": {"out 06:00", "in 07:00", "in 07:30", "out 09:00", "in 09:10", "out 12:30", "in 12:40", "out 13:30", "in 17:00", "out 23:59"},
		"2026-02-14": {"in 00:00", "out 08:00", "in 23:59"},
		"2026-02-15": {"in 10:00", "out 11:00"},
		"2026-02-16": {"in 10:00"}, // outside the period
	}.punches(t)}
	rs, _ := sheet(t, policy.Default(), "2026-02-13", "2026-02-15", f)
	seen := map[string]int{}
	for _, r := range rs {
		for _, p := range r.Punches {
			seen[p.At.Format("01-02 15:04")+" "+string(p.Kind)]++
		}
	}
	if len(seen) != 15 {
		t.Errorf("%d distinct punches on the sheet, want 15: %v", len(seen), seen)
	}
	for k, n := range seen {
		if n != 1 || strings.HasPrefix(k, "02-16") {
			t.Errorf("punch %s appears %d times", k, n)
		}
	}
}
