package attendance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// line renders a result as "02-09 上午 late AT-2".
func line(r attendance.Result) string {
	half := "休息"
	if !r.Half.Date.IsZero() {
		half = r.Half.Name("zh")
	}
	return fmt.Sprintf("%02d-%02d %s %s %s", int(r.Date.M), r.Date.D, half, r.Status, r.Rule)
}

// checkResult checks what every result must carry: a rule, explanations
// naming that rule, and absences only where AT-2 or AT-3 put them.
func checkResult(t *testing.T, p *policy.Policy, r attendance.Result) {
	t.Helper()
	if r.Rule == "" || !strings.Contains(r.ZH, r.Rule) || !strings.Contains(r.EN, r.Rule) {
		t.Errorf("%s: explanation %q / %q does not name the rule %q", line(r), r.ZH, r.EN, r.Rule)
	}
	want := 0
	switch r.Status {
	case attendance.StatusAbsent:
		want = 1
	case attendance.StatusProxy:
		want = p.Attendance.ProxyCheckInAbsences
	}
	if r.Absences != want {
		t.Errorf("%s: %d absences, want %d", line(r), r.Absences, want)
	}
}

// morning evaluates 2026-03-02, an ordinary Monday, and returns its morning
// (08:00-12:00) and afternoon (13:30-17:00).
func morning(t *testing.T, p *policy.Policy, f attendance.Facts) (am, pm attendance.Result) {
	t.Helper()
	rs := attendance.EvaluateDay(calendar.Default(), p, day(t, "2026-03-02"), f)
	if len(rs) != 2 {
		t.Fatalf("2026-03-02: %d results, want 2", len(rs))
	}
	for _, r := range rs {
		checkResult(t, p, r)
	}
	return rs[0], rs[1]
}

// TestEvaluate_AT2_Thresholds: every threshold at its boundary, "more than
// N minutes" in whole minutes of the clock (AT-2, 004 §考勤制度 2), and how
// the punches of a half day are read (AT-1).
func TestEvaluate_AT2_Thresholds(t *testing.T) {
	def := policy.Default()
	anyLate := policy.Default()
	anyLate.Attendance.LateMinutes, anyLate.Attendance.EarlyMinutes = 0, 0 // 000 篇七: any lateness
	for _, v := range []struct {
		name    string
		p       *policy.Policy
		punches []string
		status  attendance.Status
		lateBy  int
		earlyBy int
		in, out string // counted punches, "" for none
		away    []int  // unexcused minutes of the times away
		missIn  bool
		missOut bool
	}{
		{"on time", def, []string{"in 07:55", "out 12:01"}, attendance.StatusOnTime, 0, 0, "07:55", "12:01", nil, false, false},
		{"20 minutes late is on time", def, []string{"in 08:20", "out 12:00"}, attendance.StatusOnTime, 20, 0, "08:20", "12:00", nil, false, false},
		{"08:20:59 is 08:20 on the sheet", def, []string{"in 08:20:59", "out 12:00"}, attendance.StatusOnTime, 20, 0, "08:20", "12:00", nil, false, false},
		{"21 minutes late", def, []string{"in 08:21", "out 12:00"}, attendance.StatusLate, 21, 0, "08:21", "12:00", nil, false, false},
		{"20 minutes early is on time", def, []string{"in 08:00", "out 11:40"}, attendance.StatusOnTime, 0, 20, "08:00", "11:40", nil, false, false},
		{"21 minutes early", def, []string{"in 08:00", "out 11:39"}, attendance.StatusEarly, 0, 21, "08:00", "11:39", nil, false, false},
		{"11:39:59 is 11:39 on the sheet", def, []string{"in 08:00", "out 11:39:59"}, attendance.StatusEarly, 0, 21, "08:00", "11:39", nil, false, false},
		{"late and early", def, []string{"in 08:21", "out 11:39"}, attendance.StatusLateEarly, 21, 21, "08:21", "11:39", nil, false, false},
		{"no check-in is late", def, []string{"out 12:00"}, attendance.StatusLate, 0, 0, "", "12:00", nil, true, false},
		{"no check-out is early", def, []string{"in 07:59"}, attendance.StatusEarly, 0, 0, "07:59", "", nil, false, true},
		{"neither is absent", def, nil, attendance.StatusAbsent, 0, 0, "", "", nil, true, true},
		{"only punches outside the windows is absent", def, []string{"out 07:40"}, attendance.StatusAbsent, 0, 0, "", "", nil, true, true},
		{"away 60 minutes", def, []string{"in 07:50", "out 09:00", "in 10:00", "out 12:00"}, attendance.StatusOnTime, 0, 0, "07:50", "12:00", []int{60}, false, false},
		{"away 61 minutes is absent", def, []string{"in 07:50", "out 09:00", "in 10:01", "out 12:00"}, attendance.StatusAbsent, 0, 0, "07:50", "12:00", []int{61}, false, false},
		{"away twice, each under the limit", def, []string{"in 07:50", "out 09:00", "in 09:50", "out 10:00", "in 10:50", "out 12:00"}, attendance.StatusOnTime, 0, 0, "07:50", "12:00", []int{50, 50}, false, false},
		{"the first check-in counts", def, []string{"in 07:30", "in 08:25", "out 12:00"}, attendance.StatusOnTime, 0, 0, "07:30", "12:00", nil, false, false},
		{"the last check-out counts", def, []string{"in 07:55", "out 11:30", "out 12:05"}, attendance.StatusOnTime, 0, 0, "07:55", "12:05", nil, false, false},
		{"away from the last check-out of a run", def, []string{"in 07:55", "out 09:00", "out 09:05", "in 10:05", "out 12:00"}, attendance.StatusOnTime, 0, 0, "07:55", "12:00", []int{60}, false, false},
		{"a check-out before the session counts for nothing", def, []string{"out 07:50", "in 07:55", "out 12:00"}, attendance.StatusOnTime, 0, 0, "07:55", "12:00", nil, false, false},
		{"a check-out before arriving counts for nothing", def, []string{"out 09:00", "in 09:10", "out 12:00"}, attendance.StatusLate, 70, 0, "09:10", "12:00", nil, false, false},
		{"a check-out before arriving is not the check-out", def, []string{"out 09:00", "in 09:10"}, attendance.StatusLateEarly, 70, 0, "09:10", "", nil, false, true},
		{"back without checking out", def, []string{"in 07:55", "out 09:00", "in 09:30"}, attendance.StatusEarly, 0, 0, "07:55", "", []int{30}, false, true},
		{"the lunch break splits check-out and check-in", def, []string{"in 07:55", "out 11:00", "in 12:30"}, attendance.StatusEarly, 0, 60, "07:55", "11:00", nil, false, false},
		{"a morning check-out in the lunch break", def, []string{"in 07:55", "out 13:30"}, attendance.StatusOnTime, 0, 0, "07:55", "13:30", nil, false, false},
		{"any lateness: 08:00:59", anyLate, []string{"in 08:00:59", "out 12:00"}, attendance.StatusOnTime, 0, 0, "08:00", "12:00", nil, false, false},
		{"any lateness: 08:01", anyLate, []string{"in 08:01", "out 12:00"}, attendance.StatusLate, 1, 0, "08:01", "12:00", nil, false, false},
		{"any earliness: 11:59", anyLate, []string{"in 08:00", "out 11:59"}, attendance.StatusEarly, 0, 1, "08:00", "11:59", nil, false, false},
	} {
		am, _ := morning(t, v.p, attendance.Facts{Punches: punches(t, "2026-03-02", v.punches...)})
		got := fmt.Sprintf("%s late %d early %d in %s out %s missing %v/%v", am.Status, am.LateBy, am.EarlyBy,
			clockOf(am.CheckIn), clockOf(am.CheckOut), am.MissingIn, am.MissingOut)
		want := fmt.Sprintf("%s late %d early %d in %s out %s missing %v/%v", v.status, v.lateBy, v.earlyBy, v.in, v.out, v.missIn, v.missOut)
		if got != want {
			t.Errorf("%s: %s, want %s (%s)", v.name, got, want, am.ZH)
		}
		var away []int
		for _, a := range am.Away {
			away = append(away, a.Unexcused)
			if a.Away.Source != attendance.AwaySourcePunches {
				t.Errorf("%s: away time from %q, want the punches", v.name, a.Away.Source)
			}
		}
		if fmt.Sprint(away) != fmt.Sprint(v.away) {
			t.Errorf("%s: away %v, want %v", v.name, away, v.away)
		}
		if am.Late != (v.status == attendance.StatusLate || v.status == attendance.StatusLateEarly) && v.status != attendance.StatusAbsent {
			t.Errorf("%s: Late = %v with status %s", v.name, am.Late, am.Status)
		}
		if n := len(am.Punches); n != len(v.punches)-countAfternoon(v.punches) {
			t.Errorf("%s: %d punches on the morning", v.name, n)
		}
	}
}

// countAfternoon counts the specs that belong to the afternoon of a
// default day: check-ins from 12:00, check-outs after 13:30.
func countAfternoon(specs []string) int {
	n := 0
	for _, s := range specs {
		k, hm, _ := strings.Cut(s, " ")
		if k == "in" && hm >= "12:00" || k == "out" && hm > "13:30" {
			n++
		}
	}
	return n
}

func clockOf(p *attendance.Punch) string {
	if p == nil {
		return ""
	}
	return p.At.Format("15:04")
}

// TestEvaluate_AT2_AwayFromInspections: times away recorded by an
// inspection count in the sessions they overlap, each on its own (AT-2).
func TestEvaluate_AT2_AwayFromInspections(t *testing.T) {
	p := policy.Default()
	present := []string{"in 07:55", "out 12:00", "in 13:25", "out 17:00"}
	for _, v := range []struct {
		name         string
		from, to     string
		am, pm       attendance.Status
		amMin, pmMin int // unexcused minutes, -1 when the away time does not touch the session
	}{
		{"60 minutes", "09:00", "10:00", attendance.StatusOnTime, attendance.StatusOnTime, 60, -1},
		{"61 minutes", "09:00", "10:01", attendance.StatusAbsent, attendance.StatusOnTime, 61, -1},
		{"over lunch counts only in the sessions", "11:30", "13:45", attendance.StatusOnTime, attendance.StatusOnTime, 30, 15},
		{"across lunch into a long afternoon outing", "11:00", "14:31", attendance.StatusOnTime, attendance.StatusAbsent, 60, 61},
		{"in the lunch break only", "12:05", "13:25", attendance.StatusOnTime, attendance.StatusOnTime, -1, -1},
		{"after closing", "17:00", "18:30", attendance.StatusOnTime, attendance.StatusOnTime, -1, -1},
	} {
		f := attendance.Facts{Punches: punches(t, "2026-03-02", present...),
			Away: []attendance.Away{{Start: at(t, "2026-03-02 "+v.from), End: at(t, "2026-03-02 "+v.to), Source: "inspection"}}}
		am, pm := morning(t, p, f)
		if am.Status != v.am || pm.Status != v.pm {
			t.Errorf("%s: %s / %s, want %s / %s", v.name, am.Status, pm.Status, v.am, v.pm)
		}
		for _, x := range []struct {
			r    attendance.Result
			want int
		}{{am, v.amMin}, {pm, v.pmMin}} {
			got := -1
			if len(x.r.Away) == 1 {
				got = x.r.Away[0].Unexcused
			}
			if got != x.want || len(x.r.Away) > 1 {
				t.Errorf("%s: %s away %v, want %d unexcused minutes", v.name, x.r.Half.Name("en"), x.r.Away, x.want)
			}
		}
	}
}

// TestEvaluate_Excuses: approved leave, trips, meetings and the duty chief's
// slips excuse the time they cover; at the start or end of a session they
// move the check-in or check-out (LV-1, LV-7, AT-2, 000 篇七 四 2).
func TestEvaluate_Excuses(t *testing.T) {
	p := policy.Default()
	leave, trip, meeting, slip := attendance.ExcuseLeave, attendance.ExcuseTrip, attendance.ExcuseMeeting, attendance.ExcuseShortAbsence
	d := "2026-03-02 "
	ex := func(k attendance.ExcuseKind, from, to, when string) attendance.Excuse {
		return approved(t, k, d+from, d+to, when)
	}
	for _, v := range []struct {
		name     string
		excuses  []attendance.Excuse
		punches  []string
		status   attendance.Status
		rule     string
		dueIn    string
		dueOut   string
		lateBy   int
		earlyBy  int
		refused  int
		awayLeft []int
	}{
		{"leave all morning", []attendance.Excuse{ex(leave, "08:00", "12:00", "2026-02-27 09:00")}, nil,
			attendance.StatusExcused, "LV-1", "12:00", "08:00", 0, 0, 0, nil},
		{"leave from before to after the morning", []attendance.Excuse{ex(leave, "07:00", "13:00", "2026-02-27 09:00")}, nil,
			attendance.StatusExcused, "LV-1", "12:00", "08:00", 0, 0, 0, nil},
		{"leave until 9: check-in 20 minutes after", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00")}, []string{"in 09:20", "out 12:00"},
			attendance.StatusOnTime, "AT-2", "09:00", "12:00", 20, 0, 0, nil},
		{"leave until 9: check-in 21 minutes after", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00")}, []string{"in 09:21", "out 12:00"},
			attendance.StatusLate, "AT-2", "09:00", "12:00", 21, 0, 0, nil},
		{"leave until 9: the check-in is excused", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00")}, []string{"out 12:00"},
			attendance.StatusOnTime, "AT-2", "09:00", "12:00", 0, 0, 0, nil},
		{"leave until 9 and never came", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00")}, nil,
			attendance.StatusAbsent, "AT-2", "09:00", "12:00", 0, 0, 0, nil},
		{"trip from 10, form in time: no check-out needed", []attendance.Excuse{ex(trip, "10:00", "12:00", "2026-03-04 23:59")}, []string{"in 07:58"},
			attendance.StatusOnTime, "AT-2", "08:00", "10:00", 0, 0, 0, nil},
		{"trip from 10, form late: no check-out is early", []attendance.Excuse{ex(trip, "10:00", "12:00", "2026-03-05 00:00")}, []string{"in 07:58"},
			attendance.StatusEarly, "AT-2", "08:00", "12:00", 0, 0, 1, nil},
		{"trip from 10, left 21 minutes before it", []attendance.Excuse{ex(trip, "10:00", "12:00", "2026-03-02 12:00")}, []string{"in 07:58", "out 09:39"},
			attendance.StatusEarly, "AT-2", "08:00", "10:00", 0, 21, 0, nil},
		{"trip from 10, left 20 minutes before it", []attendance.Excuse{ex(trip, "10:00", "12:00", "2026-03-02 12:00")}, []string{"in 07:58", "out 09:40"},
			attendance.StatusOnTime, "AT-2", "08:00", "10:00", 0, 20, 0, nil},
		{"meeting covers the time away", []attendance.Excuse{ex(meeting, "09:00", "11:00", "2026-03-01 09:00")}, []string{"in 07:55", "out 09:00", "in 11:00", "out 12:00"},
			attendance.StatusOnTime, "AT-2", "08:00", "12:00", 0, 0, 0, []int{0}},
		{"slip covers part of the time away", []attendance.Excuse{ex(slip, "09:00", "10:00", "2026-03-02 08:55")}, []string{"in 07:55", "out 09:00", "in 10:30", "out 12:00"},
			attendance.StatusOnTime, "AT-2", "08:00", "12:00", 0, 0, 0, []int{30}},
		{"slip leaves 61 minutes uncovered", []attendance.Excuse{ex(slip, "09:00", "10:00", "2026-03-02 08:55")}, []string{"in 07:55", "out 09:00", "in 11:01", "out 12:00"},
			attendance.StatusAbsent, "AT-2", "08:00", "12:00", 0, 0, 0, []int{61}},
		{"slip signed the next day does not count", []attendance.Excuse{ex(slip, "09:00", "10:00", "2026-03-03 08:00")}, []string{"in 07:55", "out 09:00", "in 10:30", "out 12:00"},
			attendance.StatusAbsent, "AT-2", "08:00", "12:00", 0, 0, 1, []int{90}},
		{"leave not approved", []attendance.Excuse{{Kind: leave, Start: at(t, d+"08:00"), End: at(t, d+"12:00")}}, nil,
			attendance.StatusAbsent, "AT-2", "08:00", "12:00", 0, 0, 1, nil},
		{"leave then meeting cover the morning", []attendance.Excuse{ex(meeting, "10:00", "12:00", "2026-03-01 09:00"), ex(leave, "08:00", "10:00", "2026-02-27 09:00")}, nil,
			attendance.StatusExcused, "LV-1", "12:00", "08:00", 0, 0, 0, nil},
		{"overlapping meeting and leave", []attendance.Excuse{ex(meeting, "08:00", "10:00", "2026-03-01 09:00"), ex(leave, "09:00", "12:00", "2026-02-27 09:00")}, nil,
			attendance.StatusExcused, "AT-2", "12:00", "08:00", 0, 0, 0, nil},
		{"excuses at both ends, nobody in between", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00"), ex(meeting, "11:00", "12:00", "2026-03-01 09:00")}, nil,
			attendance.StatusAbsent, "AT-2", "09:00", "11:00", 0, 0, 0, nil},
		{"excuses at both ends, present in between", []attendance.Excuse{ex(leave, "08:00", "09:00", "2026-02-27 09:00"), ex(meeting, "11:00", "12:00", "2026-03-01 09:00")}, []string{"in 09:05", "out 10:59"},
			attendance.StatusOnTime, "AT-2", "09:00", "11:00", 5, 1, 0, nil},
		{"excused but punched anyway", []attendance.Excuse{ex(leave, "08:00", "12:00", "2026-02-27 09:00")}, []string{"in 09:30", "out 10:00"},
			attendance.StatusExcused, "LV-1", "12:00", "08:00", 0, 0, 0, nil},
		{"afternoon leave leaves the morning alone", []attendance.Excuse{ex(leave, "13:30", "17:00", "2026-02-27 09:00")}, []string{"in 08:21", "out 12:00"},
			attendance.StatusLate, "AT-2", "08:00", "12:00", 21, 0, 0, nil},
	} {
		am, _ := morning(t, p, attendance.Facts{Punches: punches(t, "2026-03-02", v.punches...), Excuses: v.excuses})
		got := fmt.Sprintf("%s %s due %s-%s late %d early %d refused %d", am.Status, am.Rule, clockAt(am.DueIn), clockAt(am.DueOut), am.LateBy, am.EarlyBy, len(am.Refused))
		want := fmt.Sprintf("%s %s due %s-%s late %d early %d refused %d", v.status, v.rule, v.dueIn, v.dueOut, v.lateBy, v.earlyBy, v.refused)
		if got != want {
			t.Errorf("%s: %s, want %s (%s)", v.name, got, want, am.ZH)
		}
		var left []int
		for _, a := range am.Away {
			left = append(left, a.Unexcused)
		}
		if fmt.Sprint(left) != fmt.Sprint(v.awayLeft) {
			t.Errorf("%s: unexcused away %v, want %v", v.name, left, v.awayLeft)
		}
		for _, f := range am.Refused {
			if !strings.Contains(am.ZH, f.Err.ZH) || !strings.Contains(am.EN, f.Err.Rule) {
				t.Errorf("%s: explanation %q does not show the refused excuse %q", v.name, am.ZH, f.Err.ZH)
			}
		}
		if v.status != attendance.StatusExcused && len(am.Excuses) > 0 && (!strings.Contains(am.ZH, "已计入的事由") || !strings.Contains(am.EN, "excuse counted")) {
			t.Errorf("%s: the excuse that moved the times is not shown: %q", v.name, am.ZH)
		}
		if v.status == attendance.StatusExcused && (len(am.Excuses) == 0 || !strings.Contains(am.ZH, am.Excuses[0].Kind.Name("zh"))) {
			t.Errorf("%s: excused without naming the excuse: %q", v.name, am.ZH)
		}
	}
}

func clockAt(tm time.Time) string { return tm.Format("15:04") }

// TestEvaluate_MultiDayLeave: leave over two days excuses all four half
// days and none of the days around them (LV-1).
func TestEvaluate_MultiDayLeave(t *testing.T) {
	p := policy.Default()
	f := attendance.Facts{Excuses: []attendance.Excuse{approved(t, attendance.ExcuseLeave, "2026-03-03 08:00", "2026-03-04 17:00", "2026-03-01 10:00")}}
	per := attendance.Period{Kind: attendance.Weekly, From: day(t, "2026-03-02"), To: day(t, "2026-03-05")}
	var got []string
	for _, r := range attendance.Evaluate(calendar.Default(), p, per, f) {
		checkResult(t, p, r)
		got = append(got, line(r))
	}
	want := []string{
		"03-02 上午 absent AT-2", "03-02 下午 absent AT-2",
		"03-03 上午 excused LV-1", "03-03 下午 excused LV-1",
		"03-04 上午 excused LV-1", "03-04 下午 excused LV-1",
		"03-05 上午 absent AT-2", "03-05 下午 absent AT-2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStatus_Names: every status has a name in both languages for the
// sheet; an unknown one shows as it is.
func TestStatus_Names(t *testing.T) {
	want := map[attendance.Status][2]string{
		attendance.StatusOnTime: {"正常", "on time"}, attendance.StatusLate: {"迟到", "late"},
		attendance.StatusEarly: {"早退", "early"}, attendance.StatusLateEarly: {"迟到、早退", "late and early"},
		attendance.StatusAbsent: {"旷工", "absent"}, attendance.StatusExcused: {"免考勤", "excused"},
		attendance.StatusProxy: {"代签", "proxy punch"}, attendance.StatusRest: {"休息日", "rest day"},
	}
	if len(attendance.Statuses) != len(want) {
		t.Fatalf("Statuses = %v", attendance.Statuses)
	}
	for _, s := range attendance.Statuses {
		if s.Name("zh") != want[s][0] || s.Name("en") != want[s][1] {
			t.Errorf("%s: %q / %q, want %v", s, s.Name("zh"), s.Name("en"), want[s])
		}
	}
	if n := attendance.Status("odd").Name("en"); n != "odd" {
		t.Errorf("unknown status named %q", n)
	}
}
