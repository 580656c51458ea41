package cases_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
	"bianmin/internal/testutil/dates"
)

// at and day read the tables' Shanghai instants and dates.
var (
	at  = dates.At
	day = dates.Day
)

// midnightAfter is 24:00 of a day, when a day limit ends (R1.17).
func midnightAfter(tb testing.TB, s string) time.Time {
	tb.Helper()
	return day(tb, s).AddDays(1).Time()
}

func wd(n int) bianmin.Limit  { return bianmin.Limit{Value: n, Unit: bianmin.UnitWorkingDays} }
func cd(n int) bianmin.Limit  { return bianmin.Limit{Value: n, Unit: bianmin.UnitCalendarDays} }
func hrs(n int) bianmin.Limit { return bianmin.Limit{Value: n, Unit: bianmin.UnitHours} }
func licence(l bianmin.Limit) cases.Terms {
	return cases.Terms{Kind: bianmin.CasePromised, ItemType: bianmin.ItemLicence, Promised: l}
}

// accepted is the clock of a case accepted at 10:00 on a day, never paused.
func accepted(tb testing.TB, s string) cases.Clock {
	return cases.Clock{AcceptedAt: at(tb, s+" 10:00")}
}

// TestCases_R2_3_DueVectors: every vector of STANDARDS.md §2.3 as a promised
// licence case in working days ends at 24:00 of the vector's date (R1.17,
// C-0), counting make-up days and skipping holidays.
func TestCases_R2_3_DueVectors(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		start string
		n     int
		want  string
	}{
		{"2024-09-27", 5, "2024-10-10"},  // counts Sun 9-29 补班; skips 10/1-7
		{"2024-09-27", 20, "2024-10-30"}, // includes Sat 10-12 补班
		{"2024-09-27", 30, "2024-11-13"},
		{"2025-01-24", 5, "2025-02-07"}, // counts Sun 1-26; skips 1/28-2/4
		{"2025-01-24", 20, "2025-02-27"},
		{"2025-09-26", 20, "2025-10-30"}, // 8-day National Day + Mid-Autumn break
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-12-31", 1, "2026-01-04"},  // the next working day is a Sunday 补班
		{"2026-02-13", 5, "2026-02-27"},  // counts Sat 2-14; skips 2/15-23
		{"2026-02-13", 20, "2026-03-19"}, // counts Sat 2-28
		{"2026-09-18", 20, "2026-10-22"}, // counts Sun 9-20 and Sat 10-10
		{"2024-04-30", 3, "2024-05-08"},  // skips 5/1-5
	} {
		c := accepted(t, v.start)
		d := cases.Due(cal, p, licence(wd(v.n)), c, c.AcceptedAt)
		if d.Date.String() != v.want || !d.At.Equal(midnightAfter(t, v.want)) {
			t.Errorf("accepted %s + %d wd: due %s (%s), want %s at 24:00", v.start, v.n, d.Date, d.At, v.want)
		}
		if d.Rule != "C-0" || d.Limit != wd(v.n) || d.Paused || d.PausedWD != 0 {
			t.Errorf("accepted %s + %d wd: rule %q limit %v paused %v/%d, want C-0, the promised limit, no pause",
				v.start, v.n, d.Rule, d.Limit, d.Paused, d.PausedWD)
		}
		if !strings.Contains(d.ZH, v.start) || !strings.Contains(d.ZH, "C-0") || !strings.Contains(d.EN, "R1.17") {
			t.Errorf("explanation %q / %q must name the acceptance day, the rule and R1.17", d.ZH, d.EN)
		}
	}
}

// TestCases_R1_17_CalendarDaysEndOnWorkingDay: a calendar-day limit whose
// last day is a weekend or holiday ends on the next working day; one that
// ends on a make-up Saturday stays there (R1.17, R2.4).
func TestCases_R1_17_CalendarDaysEndOnWorkingDay(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		start string
		n     int
		want  string
	}{
		{"2026-03-02", 4, "2026-03-06"},  // Friday: a working day, unchanged
		{"2026-03-02", 5, "2026-03-09"},  // Saturday → Monday
		{"2026-02-13", 3, "2026-02-24"},  // inside the Spring Festival → the first day after it
		{"2026-02-11", 3, "2026-02-14"},  // Saturday 补班 is a working day
		{"2026-09-24", 10, "2026-10-08"}, // National Day 10-04 → 10-08
		{"2024-12-25", 7, "2025-01-02"},  // New Year's Day 2025-01-01 → 01-02
	} {
		c := accepted(t, v.start)
		d := cases.Due(cal, p, licence(cd(v.n)), c, c.AcceptedAt)
		if d.Date.String() != v.want || !d.At.Equal(midnightAfter(t, v.want)) || d.Rule != "C-0" {
			t.Errorf("accepted %s + %d calendar days: due %s at %s (%s), want %s at 24:00 (C-0)", v.start, v.n, d.Date, d.At, d.Rule, v.want)
		}
	}
}

// TestCases_C0_HourLimits: an hour limit runs in real hours from the moment
// of acceptance, holidays included (the unit is stored per item, R1.18).
func TestCases_C0_HourLimits(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		accepted    string
		hours       int
		due, yellow string
	}{
		// Ends on a Spring Festival day: yellow from the start of that day,
		// when no working day is left, before 20 % of 48 h (9 h 36 min).
		{"2026-02-13 15:30", 48, "2026-02-15 15:30", "2026-02-15 00:00"},
		// 20 % of 240 h is 48 h, before the start of the last day.
		{"2026-03-02 09:00", 240, "2026-03-12 09:00", "2026-03-10 09:00"},
	} {
		c := cases.Clock{AcceptedAt: at(t, v.accepted)}
		d := cases.Due(cal, p, licence(hrs(v.hours)), c, c.AcceptedAt)
		want := at(t, v.due)
		if !d.At.Equal(want) || d.Date != calendar.DateOf(want) || d.Rule != "C-0" {
			t.Errorf("%d hours from %s: %s (%s) on %s, want %s (C-0)", v.hours, v.accepted, d.At, d.Rule, d.Date, want)
		}
		if !d.YellowAt.Equal(at(t, v.yellow)) || !d.RedAt.Equal(d.At) {
			t.Errorf("%d hours from %s: yellow %s red %s, want %s and the deadline (SUP-2)", v.hours, v.accepted, d.YellowAt, d.RedAt, v.yellow)
		}
	}
}

// TestCases_R1_20_OnTheSpot: immediate and consultation cases are due the
// policy's minutes after acceptance, whatever the item says (R1.20).
func TestCases_R1_20_OnTheSpot(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	p.Cases.ImmediateMinutes = 45
	c := cases.Clock{AcceptedAt: at(t, "2026-03-02 09:10")}
	for _, kind := range []bianmin.CaseKind{bianmin.CaseImmediate, bianmin.CaseConsultation} {
		tm := cases.Terms{Kind: kind, Promised: wd(5), Statutory: wd(20)}
		if !cases.OnTheSpot(tm) {
			t.Errorf("%s: OnTheSpot = false", kind)
		}
		d := cases.Due(cal, p, tm, c, c.AcceptedAt)
		if want := at(t, "2026-03-02 09:55"); !d.At.Equal(want) || d.Rule != "R1.20" || d.Minutes != 45 {
			t.Errorf("%s: due %s (%s, %d min), want %s (R1.20, 45 min)", kind, d.At, d.Rule, d.Minutes, want)
		}
		// 20 % of 45 minutes is 9 minutes.
		if want := at(t, "2026-03-02 09:46"); !d.YellowAt.Equal(want) || !d.RedAt.Equal(d.At) {
			t.Errorf("%s: yellow %s red %s, want %s and the deadline", kind, d.YellowAt, d.RedAt, want)
		}
		if !strings.Contains(d.ZH, "45") || !strings.Contains(d.EN, "R1.20") {
			t.Errorf("%s: explanation %q / %q", kind, d.ZH, d.EN)
		}
	}
	for _, kind := range []bianmin.CaseKind{bianmin.CasePromised, bianmin.CaseReported, bianmin.CaseJoint, bianmin.CasePetition} {
		if cases.OnTheSpot(cases.Terms{Kind: kind}) {
			t.Errorf("%s: OnTheSpot = true", kind)
		}
	}
}

// TestCases_CaseKinds: the binding limit and its rule for every case kind.
func TestCases_CaseKinds(t *testing.T) {
	cal := calendar.Default()
	calendarUnit := policy.Default()
	calendarUnit.Cases.DayUnit = "calendar"
	for _, v := range []struct {
		name  string
		p     *policy.Policy
		terms cases.Terms
		start string
		want  string
		rule  string
		limit bianmin.Limit
	}{
		{"promised: the promised limit drives the clock", policy.Default(),
			cases.Terms{Kind: bianmin.CasePromised, ItemType: "01", Promised: wd(5), Statutory: wd(20)},
			"2026-02-13", "2026-02-27", "C-0", wd(5)},
		{"promised in working days, statutory calendar days bind across the Spring Festival", policy.Default(),
			cases.Terms{Kind: bianmin.CasePromised, ItemType: "01", Promised: wd(5), Statutory: cd(10)},
			"2026-02-13", "2026-02-24", "R1.13", cd(10)},
		{"statutory only", policy.Default(),
			cases.Terms{Kind: bianmin.CasePromised, ItemType: "01", Statutory: wd(20)},
			"2024-09-27", "2024-10-30", "R1.13", wd(20)},
		{"joint: the promised limit within 45 wd", policy.Default(),
			cases.Terms{Kind: bianmin.CaseJoint, Promised: wd(30)},
			"2026-09-18", "2026-11-05", "C-0", wd(30)},
		{"joint capped by 45 wd", policy.Default(),
			cases.Terms{Kind: bianmin.CaseJoint, Promised: wd(60)},
			"2026-09-18", "2026-11-26", "R1.9", wd(45)},
		{"joint without limits", policy.Default(),
			cases.Terms{Kind: bianmin.CaseJoint},
			"2026-09-18", "2026-11-26", "R1.9", wd(45)},
		{"reported capped by 60 days (working by policy)", policy.Default(),
			cases.Terms{Kind: bianmin.CaseReported, Promised: wd(90)},
			"2026-01-05", "2026-04-03", "C-2", wd(60)},
		{"reported capped by 60 calendar days when the policy counts calendar days", calendarUnit,
			cases.Terms{Kind: bianmin.CaseReported, Promised: wd(90)},
			"2026-01-05", "2026-03-06", "C-2", cd(60)},
		{"reported within the cap", policy.Default(),
			cases.Terms{Kind: bianmin.CaseReported, Promised: wd(15)},
			"2026-01-05", "2026-01-26", "C-0", wd(15)},
		{"petition with its own limit", policy.Default(),
			cases.Terms{Kind: bianmin.CasePetition, Promised: cd(15)},
			"2026-04-20", "2026-05-06", "C-0", cd(15)},
		{"petition without limits: the centre's investigation limit", policy.Default(),
			cases.Terms{Kind: bianmin.CasePetition},
			"2026-04-27", "2026-05-13", "C-2", wd(10)},
		{"promised item without limits: the centre's investigation limit", policy.Default(),
			cases.Terms{Kind: bianmin.CasePromised},
			"2026-04-27", "2026-05-13", "C-2", wd(10)},
		{"promised item without limits, calendar policy", calendarUnit,
			cases.Terms{Kind: bianmin.CasePromised},
			"2026-04-27", "2026-05-07", "C-2", cd(10)},
		{"an on-the-spot promised limit counts as none", policy.Default(),
			cases.Terms{Kind: bianmin.CasePromised, Promised: bianmin.Limit{Unit: bianmin.UnitOnTheSpot}, Statutory: wd(20)},
			"2024-09-27", "2024-10-30", "R1.13", wd(20)},
	} {
		c := accepted(t, v.start)
		d := cases.Due(cal, v.p, v.terms, c, c.AcceptedAt)
		if d.Date.String() != v.want || d.Rule != v.rule || d.Limit != v.limit || !d.At.Equal(midnightAfter(t, v.want)) {
			t.Errorf("%s: due %s (%s, %v), want %s (%s, %v)", v.name, d.Date, d.Rule, d.Limit, v.want, v.rule, v.limit)
		}
	}
}

// TestCases_R1_20_NoLimitAtAll: a kind with no limit of its own and no item
// limit is never "never due": it falls back to the on-the-spot minutes.
func TestCases_R1_20_NoLimitAtAll(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	c := cases.Clock{AcceptedAt: at(t, "2026-03-02 09:00")}
	d := cases.Due(cal, p, cases.Terms{Kind: "other"}, c, c.AcceptedAt)
	if want := at(t, "2026-03-02 09:30"); !d.At.Equal(want) || d.Rule != "R1.20" {
		t.Fatalf("no limit: due %s (%s), want %s (R1.20)", d.At, d.Rule, want)
	}
}

// span is a pause of a test; end "" leaves it open.
func span(tb testing.TB, start, end string) cases.Span {
	tb.Helper()
	s := cases.Span{Start: at(tb, start)}
	if end != "" {
		e := at(tb, end)
		s.End = &e
	}
	return s
}

// TestCases_C3_Pauses: paused days move the deadline by the days of the
// limit's unit in them, the pause's first day not counted (C-3, R1.12).
func TestCases_C3_Pauses(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	base := cases.Clock{AcceptedAt: at(t, "2026-02-02 10:00")} // 20 wd → 2026-03-06 (Sat 02-14 and 02-28 补班)
	for _, v := range []struct {
		name   string
		terms  cases.Terms
		pauses []cases.Span
		now    string
		want   string
		moved  int
		paused bool
	}{
		{"no pause", licence(wd(20)), nil, "2026-02-03 09:00", "2026-03-06", 0, false},
		{"over the Spring Festival: 02-13, Sat 02-14 补班, 02-24, 02-25", licence(wd(20)),
			[]cases.Span{span(t, "2026-02-12 10:00", "2026-02-25 16:00")}, "2026-02-26 09:00", "2026-03-12", 4, false},
		{"same day", licence(wd(20)),
			[]cases.Span{span(t, "2026-02-03 09:00", "2026-02-03 17:00")}, "2026-02-04 09:00", "2026-03-06", 0, false},
		{"over a weekend: only Monday", licence(wd(20)),
			[]cases.Span{span(t, "2026-02-06 16:00", "2026-02-09 09:00")}, "2026-02-09 10:00", "2026-03-09", 1, false},
		{"open: counts up to now", licence(wd(20)),
			[]cases.Span{span(t, "2026-03-02 10:00", "")}, "2026-03-04 15:00", "2026-03-10", 2, true},
		{"two pauses add up: 02-04, 02-05; 02-27, Sat 02-28 补班, 03-02", licence(wd(20)),
			[]cases.Span{span(t, "2026-02-03 10:00", "2026-02-05 10:00"), span(t, "2026-02-26 10:00", "2026-03-02 11:00")},
			"2026-03-02 12:00", "2026-03-13", 5, false},
		{"closed and open together", licence(wd(20)),
			[]cases.Span{span(t, "2026-02-03 10:00", "2026-02-05 10:00"), span(t, "2026-02-26 10:00", "")},
			"2026-03-02 12:00", "2026-03-13", 5, true},
		{"calendar unit counts calendar days", licence(cd(30)),
			[]cases.Span{span(t, "2026-02-06 16:00", "2026-02-09 09:00")}, "2026-02-10 09:00", "2026-03-09", 3, false},
	} {
		c := base
		c.Pauses = v.pauses
		d := cases.Due(cal, p, v.terms, c, at(t, v.now))
		if d.Date.String() != v.want || d.PausedWD != v.moved || d.Paused != v.paused {
			t.Errorf("%s: due %s moved %d paused %v, want %s moved %d paused %v", v.name, d.Date, d.PausedWD, d.Paused, v.want, v.moved, v.paused)
		}
		if v.moved > 0 && (!strings.Contains(d.ZH, "C-3") || !strings.Contains(d.EN, "R1.12")) {
			t.Errorf("%s: the explanation %q / %q must name the pause rules", v.name, d.ZH, d.EN)
		}
		if v.paused != strings.Contains(d.EN, "paused") {
			t.Errorf("%s: the explanation %q must say whether the clock is paused", v.name, d.EN)
		}
	}
}

// TestCases_C3_OpenPauseHourLimit: an hour limit moves by the paused time
// itself, up to now while the pause lasts.
func TestCases_C3_OpenPauseHourLimit(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	c := cases.Clock{AcceptedAt: at(t, "2026-03-02 09:00"), Pauses: []cases.Span{span(t, "2026-03-02 10:00", "")}}
	d := cases.Due(cal, p, licence(hrs(24)), c, at(t, "2026-03-02 13:30"))
	if want := at(t, "2026-03-03 12:30"); !d.At.Equal(want) || !d.Paused {
		t.Fatalf("24 h paused 3.5 h: due %s paused %v, want %s paused", d.At, d.Paused, want)
	}
}

// TestCases_R1_8_Extension: the one extension adds working days after the
// pauses; the 2024-09-27 vector of STANDARDS.md §2.3 becomes 2024-11-13.
func TestCases_R1_8_Extension(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	c := accepted(t, "2024-09-27")
	c.ExtensionDays = 10
	d := cases.Due(cal, p, licence(wd(20)), c, at(t, "2024-10-28 09:00"))
	if d.Date.String() != "2024-11-13" || d.Rule != "C-0" || d.Limit != wd(20) {
		t.Fatalf("20 wd + 10 wd extension from 2024-09-27: %s (%s, %v), want 2024-11-13 (C-0, 20 wd)", d.Date, d.Rule, d.Limit)
	}
	if !strings.Contains(d.ZH, "R1.8") || !strings.Contains(d.EN, "extended by 10 working days") {
		t.Errorf("explanation %q / %q must name the extension", d.ZH, d.EN)
	}
	// A calendar-day limit gets working days on top of the deadline it
	// extends: 15 days from 2026-09-11 end on Sat 09-26 (中秋), moved to
	// Mon 09-28 (R1.17); 5 wd after that are 09-29, 09-30, 10-08, 10-09
	// and Sat 10-10 补班.
	c = accepted(t, "2026-09-11")
	if d := cases.Due(cal, p, licence(cd(15)), c, c.AcceptedAt); d.Date.String() != "2026-09-28" {
		t.Errorf("15 calendar days from 2026-09-11: %s, want 2026-09-28", d.Date)
	}
	c.ExtensionDays = 5
	if d := cases.Due(cal, p, licence(cd(15)), c, c.AcceptedAt); d.Date.String() != "2026-10-10" {
		t.Errorf("15 calendar days + 5 wd from 2026-09-11: %s, want 2026-10-10", d.Date)
	}
	// An hour limit extended by working days ends at 24:00 of the N-th
	// working day after the day its hours ran out: 48 h from Fri 2026-09-18
	// 15:00 end Sun 09-20 15:00 (补班); 3 wd later is Wed 09-23.
	c = cases.Clock{AcceptedAt: at(t, "2026-09-18 15:00"), ExtensionDays: 3}
	if d := cases.Due(cal, p, licence(hrs(48)), c, c.AcceptedAt); !d.At.Equal(midnightAfter(t, "2026-09-23")) || d.Date.String() != "2026-09-23" {
		t.Errorf("48 h + 3 wd from 2026-09-18 15:00: %s on %s, want 24:00 of 2026-09-23", d.At, d.Date)
	}
}

// TestCases_SUP2_YellowRed: the default policy turns yellow when 1 working
// day or 20 % of the limit is left, whichever comes first, and red at the
// deadline or after the grace days (SUP-2, R5.3, R5.5).
func TestCases_SUP2_YellowRed(t *testing.T) {
	cal := calendar.Default()
	c := accepted(t, "2026-03-02") // 20 wd → Mon 2026-03-30
	for _, v := range []struct {
		name        string
		change      func(*policy.Policy)
		limit       int
		due         string
		yellow, red string
	}{
		{"default: 20 % of 20 wd is 4 wd, before 1 wd", nil, 20, "2026-03-30", "2026-03-25 00:00", "2026-03-31 00:00"},
		{"days only: the Saturday before the last working day", func(p *policy.Policy) { p.Supervision.YellowPercentLeft = 0 },
			20, "2026-03-30", "2026-03-28 00:00", "2026-03-31 00:00"},
		{"short limit: 20 % of 3 wd is nothing, 1 wd left", nil, 3, "2026-03-05", "2026-03-05 00:00", "2026-03-06 00:00"},
		{"two grace days", func(p *policy.Policy) { p.Supervision.RedGraceWorkingDays = 2 },
			20, "2026-03-30", "2026-03-25 00:00", "2026-04-02 00:00"},
		{"three grace days", func(p *policy.Policy) { p.Supervision.RedGraceWorkingDays = 3 },
			20, "2026-03-30", "2026-03-25 00:00", "2026-04-03 00:00"},
		{"three days left by days", func(p *policy.Policy) { p.Supervision.YellowWorkingDaysLeft = 3; p.Supervision.YellowPercentLeft = 0 },
			20, "2026-03-30", "2026-03-26 00:00", "2026-03-31 00:00"},
	} {
		p := policy.Default()
		if v.change != nil {
			v.change(p)
		}
		d := cases.Due(cal, p, licence(wd(v.limit)), c, c.AcceptedAt)
		if d.Date.String() != v.due || !d.YellowAt.Equal(at(t, v.yellow)) || !d.RedAt.Equal(at(t, v.red)) {
			t.Errorf("%s: due %s yellow %s red %s, want %s, %s, %s", v.name, d.Date, d.YellowAt, d.RedAt, v.due, v.yellow, v.red)
			continue
		}
		for _, w := range []struct {
			now  time.Time
			want bianmin.Colour
		}{
			{c.AcceptedAt, bianmin.ColourGreen},
			{d.YellowAt.Add(-time.Nanosecond), bianmin.ColourGreen},
			{d.YellowAt, bianmin.ColourYellow},
			{d.RedAt.Add(-time.Nanosecond), bianmin.ColourYellow},
			{d.RedAt, bianmin.ColourRed},
			{d.RedAt.AddDate(0, 1, 0), bianmin.ColourRed},
		} {
			if got := cases.ColourAt(d, w.now); got != w.want {
				t.Errorf("%s: ColourAt(%s) = %s, want %s", v.name, w.now, got, w.want)
			}
		}
	}
}

// TestCases_R1_3_DeemedAcceptance: without a supplement notice by the end of
// the 5th working day after receipt the application counts as accepted.
func TestCases_R1_3_DeemedAcceptance(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		received, want string
		days           int
	}{
		{"2026-02-12", "2026-02-27 00:00", 5}, // 02-13, Sat 02-14 补班, 02-24, 02-25, 02-26
		{"2026-04-29", "2026-05-10 00:00", 5}, // 04-30, 05-06, 05-07, 05-08, Sat 05-09 补班
		{"2024-04-26", "2024-05-08 00:00", 5}, // Sun 04-28 补班, 04-29, 04-30, 05-06, 05-07
		{"2026-03-02", "2026-03-03 00:00", 0}, // a centre that wants the notice the same day
	} {
		p := policy.Default()
		p.Cases.SupplementNoticeWorkingDays = v.days
		if got := cases.DeemedAcceptanceAt(cal, p, day(t, v.received)); !got.Equal(at(t, v.want)) {
			t.Errorf("received %s, %d wd: deemed accepted at %s, want %s", v.received, v.days, got, v.want)
		}
	}
	// The clock of a deemed acceptance runs from the day of receipt.
	p := policy.Default()
	c := cases.Clock{AcceptedAt: cases.DeemedAcceptanceAt(cal, p, day(t, "2026-02-12")), AcceptDate: day(t, "2026-02-12")}
	if d := cases.Due(cal, p, licence(wd(20)), c, c.AcceptedAt); d.Date != cal.AddWorkingDays(day(t, "2026-02-12"), 20) {
		t.Errorf("deemed acceptance: due %s, want 20 wd after the day of receipt", d.Date)
	}
}

// TestCases_R1_8_ExtensionCap: the cap of the one extension per kind and
// item type.
func TestCases_R1_8_ExtensionCap(t *testing.T) {
	p := policy.Default()
	for _, v := range []struct {
		terms cases.Terms
		days  int
		rule  string
	}{
		{cases.Terms{Kind: bianmin.CasePromised, ItemType: bianmin.ItemLicence}, 10, "R1.8"},
		{cases.Terms{Kind: bianmin.CaseReported, ItemType: bianmin.ItemLicence}, 10, "R1.8"},
		{cases.Terms{Kind: bianmin.CaseJoint, ItemType: bianmin.ItemLicence}, 15, "R1.9"},
		{cases.Terms{Kind: bianmin.CaseJoint, ItemType: "07"}, 15, "R1.9"},
		{cases.Terms{Kind: bianmin.CasePromised, ItemType: "07"}, 30, "C-2"},
		{cases.Terms{Kind: bianmin.CasePetition}, 30, "C-2"},
		{cases.Terms{Kind: bianmin.CaseImmediate, ItemType: bianmin.ItemLicence}, 0, "R1.20"},
		{cases.Terms{Kind: bianmin.CaseConsultation}, 0, "R1.20"},
	} {
		if days, rule := cases.ExtensionCap(p, v.terms); days != v.days || rule != v.rule {
			t.Errorf("%s/%s: cap %d (%s), want %d (%s)", v.terms.Kind, v.terms.ItemType, days, rule, v.days, v.rule)
		}
	}
	p.Cases.ExtensionWorkingDays, p.Cases.JointExtensionWorkingDays, p.Cases.ExtensionCapWorkingDays = 7, 9, 11
	if days, _ := cases.ExtensionCap(p, cases.Terms{Kind: bianmin.CasePromised, ItemType: bianmin.ItemLicence}); days != 7 {
		t.Errorf("the licence cap follows cases.extension_working_days: %d", days)
	}
	if days, _ := cases.ExtensionCap(p, cases.Terms{Kind: bianmin.CaseJoint}); days != 9 {
		t.Errorf("the joint cap follows cases.joint_extension_working_days: %d", days)
	}
	if days, _ := cases.ExtensionCap(p, cases.Terms{Kind: bianmin.CasePromised}); days != 11 {
		t.Errorf("the complex-case cap follows cases.extension_cap_working_days: %d", days)
	}
}

// TestCases_R5_2_StepLimit: a step is over its limit at the end of the
// policy's N-th working day after the day it started (R5.2 (3)).
func TestCases_R5_2_StepLimit(t *testing.T) {
	cal, p := calendar.Default(), policy.Default()
	for _, v := range []struct {
		started, want string
		days          int
	}{
		{"2026-03-02 10:00", "2026-03-10 00:00", 5},
		{"2026-02-12 16:00", "2026-02-27 00:00", 5}, // across the Spring Festival, Sat 02-14 counted
		{"2026-09-30 09:00", "2026-10-09 00:00", 1}, // National Day: the next working day is 10-08
		{"2026-05-09 11:00", "2026-05-13 00:00", 2}, // started on a make-up Saturday
	} {
		p.Supervision.StepWorkingDays = v.days
		if got := cases.StepLimitAt(cal, p, at(t, v.started)); !got.Equal(at(t, v.want)) {
			t.Errorf("step started %s, %d wd: over at %s, want %s", v.started, v.days, got, v.want)
		}
	}
}
