package duty_test

import (
	"errors"
	"reflect"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/duty"
	"bianmin/internal/policy"
	"bianmin/internal/testutil/dates"
)

// at and day read the tables' Shanghai instants and dates.
var (
	at  = dates.At
	day = dates.Day
)

// days parses a list of dates.
func days(tb testing.TB, ss ...string) []calendar.Date {
	out := make([]calendar.Date, len(ss))
	for i, s := range ss {
		out[i] = day(tb, s)
	}
	return out
}

// summer is the policy hours with a summer season (05-01 to 09-30) whose
// afternoon is 15:00-18:00 (004 §考勤制度 1).
func summer() calendar.Hours {
	p := policy.Default()
	p.ServiceHours.Seasons = []policy.Season{{
		Name: "夏令时", From: "05-01", To: "09-30",
		Sessions: []policy.Session{{Start: "08:00", End: "12:00"}, {Start: "15:00", End: "18:00"}},
	}}
	return p.Hours()
}

// refusal is the field and rule of one refusal.
type refusal struct{ field, rule string }

// refusals lists the field and rule of every refusal an error carries,
// checking that each has both messages and is EINVALID.
func refusals(tb testing.TB, err error) []refusal {
	tb.Helper()
	if err == nil {
		return nil
	}
	var e *bianmin.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v is not a *bianmin.Error", err)
	}
	details := e.Details
	if len(details) == 0 {
		details = []*bianmin.Error{e}
	}
	var out []refusal
	for _, d := range details {
		if d.ZH == "" || d.EN == "" || d.Rule == "" || d.Code != bianmin.EINVALID {
			tb.Fatalf("refusal %+v lacks a message, its rule or EINVALID", d)
		}
		out = append(out, refusal{d.Field, d.Rule})
	}
	return out
}

// digits002 is the table of 002 §(三)5 with people numbered by digit: two
// leaders (11 and 12) for digit 1 and two (10 and 20) for digit 0.
func digits002() duty.Assignment {
	a := duty.Assignment{Mode: duty.ByDateDigit}
	for d := range 10 {
		a.Digits[d] = []int64{int64(d)}
	}
	a.Digits[1] = []int64{11, 12}
	a.Digits[0] = []int64{10, 20}
	return a
}

// TestDuty_DU1_Validate: every digit covered, no empty or repeated leader,
// a rotation with its start week, a known mode.
func TestDuty_DU1_Validate(t *testing.T) {
	rotation := duty.Assignment{Mode: duty.ByWeeklyRotation, Rotation: []int64{31, 32}, StartWeek: day(t, "2026-09-14")}
	change := func(a duty.Assignment, f func(*duty.Assignment)) duty.Assignment {
		a.Digits[1] = append([]int64(nil), a.Digits[1]...)
		a.Rotation = append([]int64(nil), a.Rotation...)
		f(&a)
		return a
	}
	for _, c := range []struct {
		name string
		a    duty.Assignment
		want []refusal
	}{
		{"the 002 table", digits002(), nil},
		{"a rotation", rotation, nil},
		{"digit 3 uncovered", change(digits002(), func(a *duty.Assignment) { a.Digits[3] = nil }), []refusal{{"digits[3]", "DU-1"}}},
		{"digits 0 and 9 uncovered", change(digits002(), func(a *duty.Assignment) { a.Digits[0], a.Digits[9] = nil, []int64{} }),
			[]refusal{{"digits[0]", "DU-1"}, {"digits[9]", "DU-1"}}},
		{"no one chosen", change(digits002(), func(a *duty.Assignment) { a.Digits[1] = []int64{11, 0} }), []refusal{{"digits[1][1]", "DU-1"}}},
		{"a leader twice for one digit", change(digits002(), func(a *duty.Assignment) { a.Digits[1] = []int64{11, 11} }), []refusal{{"digits[1][1]", "DU-1"}}},
		{"empty rotation", change(rotation, func(a *duty.Assignment) { a.Rotation = nil }), []refusal{{"rotation", "DU-1"}}},
		{"repeated in the rotation", change(rotation, func(a *duty.Assignment) { a.Rotation = []int64{31, 32, 31} }), []refusal{{"rotation[2]", "DU-1"}}},
		{"no start week", change(rotation, func(a *duty.Assignment) { a.StartWeek = calendar.Date{} }), []refusal{{"start_week", "DU-1"}}},
		{"unknown mode", change(rotation, func(a *duty.Assignment) { a.Mode = "lottery" }), []refusal{{"mode", "DU-1"}}},
	} {
		if got := refusals(t, c.a.Validate()); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

type leaderDay struct {
	date   string
	leader int64
}

func roster(t *testing.T, got []duty.Day) []leaderDay {
	t.Helper()
	var out []leaderDay
	for _, d := range got {
		if d.Scheduled != d.Leader && d.Rule != "DU-2" || d.Rule != "DU-1" && d.Rule != "DU-2" {
			t.Errorf("%s: rule %s, scheduled %d, leader %d", d.Date, d.Rule, d.Scheduled, d.Leader)
		}
		out = append(out, leaderDay{d.Date.String(), d.Leader})
	}
	return out
}

// TestDuty_DU1_DateDigit: the 002 table over Mid-Autumn and National Day
// 2026: holidays have no duty leader, make-up Sunday 09-20 and Saturday
// 10-10 do, and the two leaders of digits 1 and 0 alternate by the tens
// digit.
func TestDuty_DU1_DateDigit(t *testing.T) {
	got, err := duty.Roster(calendar.Default(), digits002(), nil, day(t, "2026-09-18"), day(t, "2026-10-12"))
	if err != nil {
		t.Fatal(err)
	}
	want := []leaderDay{
		{"2026-09-18", 8},
		{"2026-09-20", 10}, // make-up Sunday; 20: tens 2 → the first of digit 0
		{"2026-09-21", 11}, // 21: tens 2 → the first of digit 1
		{"2026-09-22", 2}, {"2026-09-23", 3}, {"2026-09-24", 4},
		// 09-25 to 09-27 Mid-Autumn
		{"2026-09-28", 8}, {"2026-09-29", 9},
		{"2026-09-30", 20}, // 30: tens 3 → the second of digit 0
		// 10-01 to 10-07 National Day
		{"2026-10-08", 8}, {"2026-10-09", 9},
		{"2026-10-10", 20}, // make-up Saturday; 10: tens 1 → the second
		{"2026-10-12", 2},
	}
	if g := roster(t, got); !reflect.DeepEqual(g, want) {
		t.Errorf("roster\n %v\nwant\n %v", g, want)
	}
	for _, c := range []struct {
		date   string
		leader int64
		ok     bool
	}{
		{"2026-09-01", 11, true}, {"2026-09-11", 12, true}, {"2026-08-31", 12, true}, {"2026-08-20", 10, true},
		{"2026-10-01", 0, false}, {"2026-01-01", 0, false}, {"2026-01-04", 4, true}, {"2026-02-14", 4, true},
	} {
		id, ok := digits002().Scheduled(calendar.Default(), day(t, c.date))
		if id != c.leader || ok != c.ok {
			t.Errorf("Scheduled(%s) = %d, %v; want %d, %v", c.date, id, ok, c.leader, c.ok)
		}
	}
}

// TestDuty_DU1_WeeklyRotation: one leader a week from the start week, in
// order and round again; days before it have none; a make-up Sunday belongs
// to its Monday-Sunday week.
func TestDuty_DU1_WeeklyRotation(t *testing.T) {
	a := duty.Assignment{Mode: duty.ByWeeklyRotation, Rotation: []int64{31, 32, 33}, StartWeek: day(t, "2026-09-16")}
	got, err := duty.Roster(calendar.Default(), a, nil, day(t, "2026-09-10"), day(t, "2026-10-12"))
	if err != nil {
		t.Fatal(err)
	}
	want := []leaderDay{
		{"2026-09-14", 31}, {"2026-09-15", 31}, {"2026-09-16", 31}, {"2026-09-17", 31}, {"2026-09-18", 31},
		{"2026-09-20", 31}, // make-up Sunday of the week of 09-14
		{"2026-09-21", 32}, {"2026-09-22", 32}, {"2026-09-23", 32}, {"2026-09-24", 32},
		{"2026-09-28", 33}, {"2026-09-29", 33}, {"2026-09-30", 33},
		{"2026-10-08", 31}, {"2026-10-09", 31}, {"2026-10-10", 31},
		{"2026-10-12", 32},
	}
	if g := roster(t, got); !reflect.DeepEqual(g, want) {
		t.Errorf("roster\n %v\nwant\n %v", g, want)
	}
	if _, ok := a.Scheduled(calendar.Default(), day(t, "2026-09-11")); ok {
		t.Error("a leader before the start week")
	}
	if id, ok := (duty.Assignment{Mode: duty.ByDateDigit}).Scheduled(calendar.Default(), day(t, "2026-09-14")); ok || id != 0 {
		t.Error("a leader from an empty digit table")
	}
	if id, ok := (duty.Assignment{Mode: "lottery"}).Scheduled(calendar.Default(), day(t, "2026-09-14")); ok || id != 0 {
		t.Error("a leader under an unknown mode")
	}
}

// TestDuty_DU2_Swaps: swaps exchange the leaders two working days have at
// that point, in order, with a reason; a swap may reach outside the range;
// refused swaps name the swap, the field and DU-2.
func TestDuty_DU2_Swaps(t *testing.T) {
	cal := calendar.Default()
	from, to := day(t, "2026-09-21"), day(t, "2026-09-24")
	for _, c := range []struct {
		name  string
		swaps []duty.Swap
		want  []leaderDay
		err   []refusal
	}{
		{"no swap", nil, []leaderDay{{"2026-09-21", 11}, {"2026-09-22", 2}, {"2026-09-23", 3}, {"2026-09-24", 4}}, nil},
		{"one swap", []duty.Swap{{A: day(t, "2026-09-21"), B: day(t, "2026-09-22"), Reason: "市里开会"}},
			[]leaderDay{{"2026-09-21", 2}, {"2026-09-22", 11}, {"2026-09-23", 3}, {"2026-09-24", 4}}, nil},
		{"chained swaps", []duty.Swap{
			{A: day(t, "2026-09-21"), B: day(t, "2026-09-22"), Reason: "市里开会"},
			{A: day(t, "2026-09-22"), B: day(t, "2026-09-23"), Reason: "家中急事（不可抗力）"}},
			[]leaderDay{{"2026-09-21", 2}, {"2026-09-22", 3}, {"2026-09-23", 11}, {"2026-09-24", 4}}, nil},
		{"swapped back", []duty.Swap{
			{A: day(t, "2026-09-21"), B: day(t, "2026-09-22"), Reason: "a"},
			{A: day(t, "2026-09-22"), B: day(t, "2026-09-21"), Reason: "b"}},
			[]leaderDay{{"2026-09-21", 11}, {"2026-09-22", 2}, {"2026-09-23", 3}, {"2026-09-24", 4}}, nil},
		{"with a day outside the range (make-up Saturday 10-10)", []duty.Swap{{A: day(t, "2026-10-10"), B: day(t, "2026-09-24"), Reason: "出差"}},
			[]leaderDay{{"2026-09-21", 11}, {"2026-09-22", 2}, {"2026-09-23", 3}, {"2026-09-24", 20}}, nil},
		{"refused swaps", []duty.Swap{
			{A: day(t, "2026-09-21"), B: day(t, "2026-09-22"), Reason: "  "},
			{A: day(t, "2026-09-21"), B: day(t, "2026-09-21"), Reason: "x"},
			{A: day(t, "2026-10-01"), B: day(t, "2026-09-22"), Reason: "x"}, // National Day
			{A: day(t, "2026-09-22"), B: day(t, "2026-09-26"), Reason: "x"}, // Mid-Autumn Saturday
			{A: day(t, "2026-09-22"), B: day(t, "2026-10-12"), Reason: "x"}, // both digit 2
		}, nil, []refusal{{"swaps[0].reason", "DU-2"}, {"swaps[1].b", "DU-2"}, {"swaps[2].a", "DU-2"}, {"swaps[3].b", "DU-2"}, {"swaps[4].b", "DU-2"}}},
	} {
		got, err := duty.Roster(cal, digits002(), c.swaps, from, to)
		if e := refusals(t, err); !reflect.DeepEqual(e, c.err) {
			t.Errorf("%s: refusals %v, want %v", c.name, e, c.err)
		}
		if g := roster(t, got); !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s: roster %v, want %v", c.name, g, c.want)
		}
	}
	// A swapped day keeps its scheduled leader and the reason, under DU-2.
	got, _ := duty.Roster(cal, digits002(), []duty.Swap{{A: day(t, "2026-09-21"), B: day(t, "2026-09-22"), Reason: "市里开会"}}, from, from)
	if want := (duty.Day{Date: from, Leader: 2, Scheduled: 11, Rule: "DU-2", Reason: "市里开会"}); len(got) != 1 || got[0] != want {
		t.Errorf("swapped day %+v, want %+v", got, want)
	}
	// A swap before a rotation starts has nobody to swap.
	a := duty.Assignment{Mode: duty.ByWeeklyRotation, Rotation: []int64{31, 32}, StartWeek: day(t, "2026-09-21")}
	_, err := duty.Roster(cal, a, []duty.Swap{{A: day(t, "2026-09-18"), B: day(t, "2026-09-28"), Reason: "x"}}, from, to)
	if e := refusals(t, err); !reflect.DeepEqual(e, []refusal{{"swaps[0].a", "DU-2"}}) {
		t.Errorf("swap before the rotation: %v", e)
	}
	// An invalid assignment gives no roster.
	if _, err := duty.Roster(cal, duty.Assignment{Mode: duty.ByDateDigit}, nil, from, to); len(refusals(t, err)) != 10 {
		t.Errorf("empty digit table: %v", err)
	}
}
