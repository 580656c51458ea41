package duty_test

import (
	"reflect"
	"testing"
	"time"

	"bianmin/internal/calendar"
	"bianmin/internal/duty"
	"bianmin/internal/policy"
)

// TestDuty_HY1_NewHygiene: staff are dealt perDay a weekday from Monday,
// round the list again when it is short; lists that leave someone out, or
// cannot fill a day, are refused.
func TestDuty_HY1_NewHygiene(t *testing.T) {
	perDay := policy.Default().Routines.HygienePeoplePerDay
	for _, c := range []struct {
		name   string
		staff  []int64
		perDay int
		want   [5][]int64
		err    []refusal
	}{
		{"002: ten people, two a day", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, perDay,
			[5][]int64{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}, nil},
		{"seven people: round again", []int64{1, 2, 3, 4, 5, 6, 7}, perDay,
			[5][]int64{{1, 2}, {3, 4}, {5, 6}, {7, 1}, {2, 3}}, nil},
		{"one a day", []int64{5, 6}, 1, [5][]int64{{5}, {6}, {5}, {6}, {5}}, nil},
		{"exactly a day's worth", []int64{1, 2}, 2, [5][]int64{{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}}, nil},
		{"too few for a day", []int64{1}, 2, [5][]int64{}, []refusal{{"staff", "HY-1"}}},
		{"someone never on duty", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, [5][]int64{}, []refusal{{"staff", "HY-1"}}},
		{"nobody a day", []int64{1, 2}, 0, [5][]int64{}, []refusal{{"hygiene_people_per_day", "HY-1"}}},
		{"missing and repeated people", []int64{1, 0, 3, 1}, 2, [5][]int64{}, []refusal{{"staff[1]", "HY-1"}, {"staff[3]", "HY-1"}}},
	} {
		h, err := duty.NewHygiene(c.staff, c.perDay)
		if got := refusals(t, err); !reflect.DeepEqual(got, c.err) {
			t.Errorf("%s: refusals %v, want %v", c.name, got, c.err)
		}
		if err == nil && (!reflect.DeepEqual(h.Groups, c.want) || h.Validate(c.perDay) != nil) {
			t.Errorf("%s: %v, want %v", c.name, h.Groups, c.want)
		}
	}
}

// TestDuty_HY1_Validate: a roster kept by weekday has perDay different
// people each day.
func TestDuty_HY1_Validate(t *testing.T) {
	ok := [5][]int64{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}
	for _, c := range []struct {
		name   string
		groups [5][]int64
		want   []refusal
	}{
		{"valid", ok, nil},
		{"Wednesday short", [5][]int64{{1, 2}, {3, 4}, {5}, {7, 8}, {9, 10}}, []refusal{{"groups[2]", "HY-1"}}},
		{"Friday twice the same", [5][]int64{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 9}}, []refusal{{"groups[4][1]", "HY-1"}}},
		{"Monday nobody chosen", [5][]int64{{0, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}, []refusal{{"groups[0][0]", "HY-1"}}},
	} {
		if got := refusals(t, duty.Hygiene{Groups: c.groups}.Validate(2)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDuty_HY1_Roster: the weekday's group on each working day, none on
// holidays, Monday's group on a make-up Saturday (marked).
func TestDuty_HY1_Roster(t *testing.T) {
	h := duty.Hygiene{Groups: [5][]int64{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}}
	got := h.Roster(calendar.Default(), day(t, "2026-02-09"), day(t, "2026-02-28"))
	type row struct {
		date   string
		people []int64
		makeUp bool
	}
	want := []row{
		{"2026-02-09", []int64{1, 2}, false}, {"2026-02-10", []int64{3, 4}, false}, {"2026-02-11", []int64{5, 6}, false},
		{"2026-02-12", []int64{7, 8}, false}, {"2026-02-13", []int64{9, 10}, false},
		{"2026-02-14", []int64{1, 2}, true}, // make-up Saturday
		// 02-15 to 02-23 Spring Festival
		{"2026-02-24", []int64{3, 4}, false}, {"2026-02-25", []int64{5, 6}, false}, {"2026-02-26", []int64{7, 8}, false},
		{"2026-02-27", []int64{9, 10}, false},
		{"2026-02-28", []int64{1, 2}, true}, // make-up Saturday
	}
	var g []row
	for _, d := range got {
		if d.Rule != "HY-1" {
			t.Errorf("%s: rule %q", d.Date, d.Rule)
		}
		g = append(g, row{d.Date.String(), d.People, d.MakeUp})
	}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("roster\n %v\nwant\n %v", g, want)
	}
	got[0].People[0] = 99 // the roster hands out copies
	if h.Groups[0][0] != 1 {
		t.Error("changing a roster day changed the weekday group")
	}
}

type meeting struct {
	nominal, date string
	moved         bool
}

func meetings(t *testing.T, ms []duty.Meeting) []meeting {
	t.Helper()
	var out []meeting
	for _, m := range ms {
		if m.Rule != "TR-1" {
			t.Errorf("%s: rule %q", m.Date, m.Rule)
		}
		out = append(out, meeting{m.Nominal.String(), m.Date.String(), m.Moved})
	}
	return out
}

// TestDuty_TR1_StaffMeetings: every staff_meeting_every_weeks weeks from
// the first; a day off moves the meeting to the next working day; a moved
// meeting that meets the next one is held once.
func TestDuty_TR1_StaffMeetings(t *testing.T) {
	cal := calendar.Default()
	every := policy.Default().Routines.StaffMeetingEveryWeeks
	for _, c := range []struct {
		name     string
		first    string
		weeks    int
		from, to string
		want     []meeting
		err      []refusal
	}{
		{"weekly over National Day: 10-01 moves to 10-08 and absorbs it", "2026-09-03", 1, "2026-09-01", "2026-10-31", []meeting{
			{"2026-09-03", "2026-09-03", false}, {"2026-09-10", "2026-09-10", false}, {"2026-09-17", "2026-09-17", false},
			{"2026-09-24", "2026-09-24", false}, {"2026-10-01", "2026-10-08", true}, {"2026-10-15", "2026-10-15", false},
			{"2026-10-22", "2026-10-22", false}, {"2026-10-29", "2026-10-29", false}}, nil},
		{"every two weeks (policy) from Mid-Autumn Friday", "2026-09-25", every, "2026-09-01", "2026-10-31", []meeting{
			{"2026-09-25", "2026-09-28", true}, {"2026-10-09", "2026-10-09", false}, {"2026-10-23", "2026-10-23", false}}, nil},
		{"weekly over the Spring Festival", "2026-02-09", 1, "2026-02-01", "2026-03-08", []meeting{
			{"2026-02-09", "2026-02-09", false}, {"2026-02-16", "2026-02-24", true}, {"2026-03-02", "2026-03-02", false}}, nil},
		{"a meeting moved into the range counts; New Year to make-up Sunday", "2025-12-18", 2, "2026-01-02", "2026-01-31", []meeting{
			{"2026-01-01", "2026-01-04", true}, {"2026-01-15", "2026-01-15", false}, {"2026-01-29", "2026-01-29", false}}, nil},
		{"none before the first", "2026-03-19", 2, "2026-03-01", "2026-03-31", []meeting{
			{"2026-03-19", "2026-03-19", false}}, nil},
		{"no interval", "2026-03-05", 0, "2026-03-01", "2026-03-31", nil, []refusal{{"staff_meeting_every_weeks", "TR-1"}}},
		{"no first meeting", "", 2, "2026-03-01", "2026-03-31", nil, []refusal{{"first", "TR-1"}}},
	} {
		var first calendar.Date
		if c.first != "" {
			first = day(t, c.first)
		}
		got, err := duty.StaffMeetings(cal, first, c.weeks, day(t, c.from), day(t, c.to))
		if e := refusals(t, err); !reflect.DeepEqual(e, c.err) {
			t.Errorf("%s: refusals %v, want %v", c.name, e, c.err)
		}
		if g := meetings(t, got); !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s:\n %v\nwant\n %v", c.name, g, c.want)
		}
	}
}

// TestDuty_TR1_StudySessions: study_sessions_per_month spread over each
// month from its first day, moved to the next working day, and past the
// month's previous session so that a month keeps its count.
func TestDuty_TR1_StudySessions(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		name     string
		perMonth int
		from, to string
		want     []meeting
		err      []refusal
	}{
		{"once a month (policy) in 2026", policy.Default().Routines.StudySessionsPerMonth, "2026-01-01", "2026-12-31", []meeting{
			{"2026-01-01", "2026-01-04", true}, // New Year to make-up Sunday
			{"2026-02-01", "2026-02-02", true}, {"2026-03-01", "2026-03-02", true}, {"2026-04-01", "2026-04-01", false},
			{"2026-05-01", "2026-05-06", true}, // Labour Day
			{"2026-06-01", "2026-06-01", false}, {"2026-07-01", "2026-07-01", false}, {"2026-08-01", "2026-08-03", true},
			{"2026-09-01", "2026-09-01", false},
			{"2026-10-01", "2026-10-08", true}, // National Day
			{"2026-11-01", "2026-11-02", true}, {"2026-12-01", "2026-12-01", false}}, nil},
		{"twice in October", 2, "2026-10-01", "2026-10-31", []meeting{
			{"2026-10-01", "2026-10-08", true}, {"2026-10-16", "2026-10-16", false}}, nil},
		{"eight in October: the holiday's dates queue up", 8, "2026-10-01", "2026-10-31", []meeting{
			{"2026-10-01", "2026-10-08", true}, {"2026-10-04", "2026-10-09", true}, {"2026-10-08", "2026-10-10", true},
			{"2026-10-12", "2026-10-12", false}, {"2026-10-16", "2026-10-16", false}, {"2026-10-20", "2026-10-20", false},
			{"2026-10-24", "2026-10-26", true}, {"2026-10-28", "2026-10-28", false}}, nil},
		{"eight in September: make-up Sunday 09-20", 8, "2026-09-01", "2026-09-30", []meeting{
			{"2026-09-01", "2026-09-01", false}, {"2026-09-04", "2026-09-04", false}, {"2026-09-08", "2026-09-08", false},
			{"2026-09-12", "2026-09-14", true}, {"2026-09-16", "2026-09-16", false}, {"2026-09-19", "2026-09-20", true},
			{"2026-09-23", "2026-09-23", false}, {"2026-09-27", "2026-09-28", true}}, nil},
		{"eight in February 2025: January's last spills past the Spring Festival and comes first", 8, "2025-02-01", "2025-02-28", []meeting{
			{"2025-01-28", "2025-02-05", true}, {"2025-02-01", "2025-02-06", true}, {"2025-02-04", "2025-02-07", true},
			{"2025-02-08", "2025-02-08", false}, // make-up Saturday
			{"2025-02-11", "2025-02-11", false}, {"2025-02-15", "2025-02-17", true}, {"2025-02-18", "2025-02-18", false},
			{"2025-02-22", "2025-02-24", true}, {"2025-02-25", "2025-02-25", false}}, nil},
		{"part of a month", 2, "2026-03-10", "2026-03-20", []meeting{{"2026-03-16", "2026-03-16", false}}, nil},
		{"none", 0, "2026-01-01", "2026-12-31", nil, nil},
		{"reversed range", 1, "2026-12-31", "2026-01-01", nil, nil},
		{"negative", -1, "2026-01-01", "2026-12-31", nil, []refusal{{"study_sessions_per_month", "TR-1"}}},
	} {
		got, err := duty.StudySessions(cal, c.perMonth, day(t, c.from), day(t, c.to))
		if e := refusals(t, err); !reflect.DeepEqual(e, c.err) {
			t.Errorf("%s: refusals %v, want %v", c.name, e, c.err)
		}
		if g := meetings(t, got); !reflect.DeepEqual(g, c.want) {
			t.Errorf("%s:\n %v\nwant\n %v", c.name, g, c.want)
		}
	}
}

// TestDuty_TR1_RangesAgree: asking month by month gives the same meetings
// as asking for the year, so pages of one month match the year's list.
func TestDuty_TR1_RangesAgree(t *testing.T) {
	cal := calendar.Default()
	for _, perMonth := range []int{1, 3, 8} {
		year, _ := duty.StudySessions(cal, perMonth, day(t, "2026-01-01"), day(t, "2026-12-31"))
		staff, _ := duty.StaffMeetings(cal, day(t, "2025-12-04"), perMonth, day(t, "2026-01-01"), day(t, "2026-12-31"))
		var studyByMonth, staffByMonth []duty.Meeting
		for m := 1; m <= 12; m++ {
			from := calendar.Date{Y: 2026, M: time.Month(m), D: 1}
			to := day(t, "2026-12-31")
			if m < 12 {
				to = calendar.Date{Y: 2026, M: time.Month(m + 1), D: 1}.AddDays(-1)
			}
			s, _ := duty.StudySessions(cal, perMonth, from, to)
			studyByMonth = append(studyByMonth, s...)
			f, _ := duty.StaffMeetings(cal, day(t, "2025-12-04"), perMonth, from, to)
			staffByMonth = append(staffByMonth, f...)
		}
		if !reflect.DeepEqual(year, studyByMonth) || !reflect.DeepEqual(staff, staffByMonth) {
			t.Errorf("%d: months differ from the year", perMonth)
		}
		if perMonth > 0 && len(year) != 12*perMonth {
			t.Errorf("%d a month: %d sessions in 2026", perMonth, len(year))
		}
	}
}
