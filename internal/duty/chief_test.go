package duty_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"bianmin/internal/calendar"
	"bianmin/internal/duty"
	"bianmin/internal/policy"
)

// TestDuty_DU3_Validate: a rota names people once each, has a start and a
// term of at least a week.
func TestDuty_DU3_Validate(t *testing.T) {
	ok := duty.ChiefRotation{Staff: []int64{41, 42}, Start: day(t, "2026-02-02"), TermWeeks: 2}
	for _, c := range []struct {
		name string
		c    duty.ChiefRotation
		want []refusal
	}{
		{"valid", ok, nil},
		{"no staff", duty.ChiefRotation{Start: ok.Start, TermWeeks: 2}, []refusal{{"staff", "DU-3"}}},
		{"nobody chosen", duty.ChiefRotation{Staff: []int64{41, 0}, Start: ok.Start, TermWeeks: 2}, []refusal{{"staff[1]", "DU-3"}}},
		{"listed twice", duty.ChiefRotation{Staff: []int64{41, 42, 41}, Start: ok.Start, TermWeeks: 2}, []refusal{{"staff[2]", "DU-3"}}},
		{"no start", duty.ChiefRotation{Staff: []int64{41}, TermWeeks: 2}, []refusal{{"start", "DU-3"}}},
		{"no term", duty.ChiefRotation{Staff: []int64{41}, Start: ok.Start}, []refusal{{"term_weeks", "DU-3"}}},
	} {
		if got := refusals(t, c.c.Validate()); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDuty_DU3_Terms: the chief's term of two weeks (policy default) that
// contains a date, round the rota, with the handover at the end of the
// term's last working day — a make-up Saturday when there is one, the next
// working day's start for a term of holidays only, 18:00 in summer.
func TestDuty_DU3_Terms(t *testing.T) {
	cal := calendar.Default()
	weeks := policy.Default().Duty.ChiefTermWeeks
	rota := duty.ChiefRotation{Staff: []int64{41, 42, 43}, Start: day(t, "2026-02-02"), TermWeeks: weeks}
	for _, c := range []struct {
		name     string
		rota     duty.ChiefRotation
		date     string
		hours    calendar.Hours
		index    int
		chief    int64
		from, to string
		handover string
	}{
		{"first day", rota, "2026-02-02", policy.Default().Hours(), 0, 41, "2026-02-02", "2026-02-15", "2026-02-14 17:00"},
		{"last day of the first term, in the Spring Festival", rota, "2026-02-15", policy.Default().Hours(), 0, 41, "2026-02-02", "2026-02-15", "2026-02-14 17:00"},
		{"second term ends on make-up Saturday 02-28", rota, "2026-02-16", policy.Default().Hours(), 1, 42, "2026-02-16", "2026-03-01", "2026-02-28 17:00"},
		{"third term", rota, "2026-03-10", policy.Default().Hours(), 2, 43, "2026-03-02", "2026-03-15", "2026-03-13 17:00"},
		{"round again", rota, "2026-03-16", policy.Default().Hours(), 3, 41, "2026-03-16", "2026-03-29", "2026-03-27 17:00"},
		{"a one-week term of holidays only: hand over when the hall reopens", duty.ChiefRotation{Staff: []int64{41, 42}, Start: day(t, "2026-02-16"), TermWeeks: 1},
			"2026-02-20", policy.Default().Hours(), 0, 41, "2026-02-16", "2026-02-22", "2026-02-24 08:00"},
		{"summer: the last session ends at 18:00", duty.ChiefRotation{Staff: []int64{41}, Start: day(t, "2026-06-01"), TermWeeks: 2},
			"2026-06-05", summer(), 0, 41, "2026-06-01", "2026-06-14", "2026-06-12 18:00"},
		{"a term ending in National Day hands over on 09-30", duty.ChiefRotation{Staff: []int64{41, 42}, Start: day(t, "2026-09-21"), TermWeeks: 2},
			"2026-10-04", policy.Default().Hours(), 0, 41, "2026-09-21", "2026-10-04", "2026-09-30 17:00"},
	} {
		got, ok := c.rota.TermOn(cal, c.hours, day(t, c.date))
		want := duty.Term{Index: c.index, Chief: c.chief, From: day(t, c.from), To: day(t, c.to), HandoverDue: at(t, c.handover), Rule: "DU-3"}
		if !ok || got.Index != want.Index || got.Chief != want.Chief || got.From != want.From || got.To != want.To ||
			!got.HandoverDue.Equal(want.HandoverDue) || got.Rule != "DU-3" {
			t.Errorf("%s: %+v, %v\nwant %+v", c.name, got, ok, want)
		}
	}
	if _, ok := rota.TermOn(cal, policy.Default().Hours(), day(t, "2026-02-01")); ok {
		t.Error("a term before the first")
	}
	if _, ok := (duty.ChiefRotation{Start: day(t, "2026-02-02"), TermWeeks: 2}).TermOn(cal, policy.Default().Hours(), day(t, "2026-03-02")); ok {
		t.Error("a term of an empty rota")
	}
	// Hours without sessions: a term of holidays hands over at the next working day's midnight.
	got, _ := duty.ChiefRotation{Staff: []int64{41}, Start: day(t, "2026-02-16"), TermWeeks: 1}.TermOn(cal, calendar.Hours{}, day(t, "2026-02-16"))
	if !got.HandoverDue.Equal(day(t, "2026-02-24").Time()) {
		t.Errorf("no sessions: %s", got.HandoverDue)
	}
	// … and an ordinary term at 24:00 of its last working day.
	got, _ = rota.TermOn(cal, calendar.Hours{}, day(t, "2026-03-02"))
	if !got.HandoverDue.Equal(day(t, "2026-03-14").Time()) {
		t.Errorf("no sessions: %s", got.HandoverDue)
	}
}

// TestDuty_DU3_EarlyArrival: the chief is due chief_early_minutes before
// the first session of a working day (000 篇二十二 第四条 8).
func TestDuty_DU3_EarlyArrival(t *testing.T) {
	cal := calendar.Default()
	alt := calendar.Hours{Sessions: []calendar.Span{{Start: 9 * 60, End: 17 * 60}}} // 000 篇十九
	early := policy.Default().Duty.ChiefEarlyMinutes
	for _, c := range []struct {
		date    string
		hours   calendar.Hours
		minutes int
		want    string
	}{
		{"2026-03-02", policy.Default().Hours(), early, "2026-03-02 07:50"},
		{"2026-02-14", policy.Default().Hours(), early, "2026-02-14 07:50"}, // make-up Saturday
		{"2026-06-01", summer(), early, "2026-06-01 07:50"},
		{"2026-03-02", alt, 15, "2026-03-02 08:45"},
		{"2026-10-01", policy.Default().Hours(), early, ""},
		{"2026-03-07", policy.Default().Hours(), early, ""},
	} {
		got, ok := duty.EarlyArrival(cal, c.hours, c.minutes, day(t, c.date))
		if c.want == "" {
			if ok {
				t.Errorf("%s: %s on a day off", c.date, got)
			}
			continue
		}
		if !ok || !got.Equal(at(t, c.want)) {
			t.Errorf("%s: %s, %v; want %s", c.date, got, ok, c.want)
		}
	}
}

// TestDuty_DU3_Inspections: inspections fall inside the sessions, dealt to
// morning and afternoon in turn and spread within each; the same seed and
// day give the same times; days off have none.
func TestDuty_DU3_Inspections(t *testing.T) {
	cal := calendar.Default()
	def := policy.Default().Hours()
	n := policy.Default().Duty.ChiefInspectionsPerDay
	for _, c := range []struct {
		name    string
		date    string
		hours   calendar.Hours
		n       int
		windows [][2]string // each inspection's allowed [from, to)
	}{
		{"two: one a half day (上下午各一次)", "2026-03-02", def, n, [][2]string{{"08:00", "12:00"}, {"13:30", "17:00"}}},
		{"make-up Sunday 01-04", "2026-01-04", def, n, [][2]string{{"08:00", "12:00"}, {"13:30", "17:00"}}},
		{"summer afternoon", "2026-06-01", summer(), n, [][2]string{{"08:00", "12:00"}, {"15:00", "18:00"}}},
		{"three: two in the morning", "2026-03-02", def, 3, [][2]string{{"08:00", "10:00"}, {"10:00", "12:00"}, {"13:30", "17:00"}}},
		{"four", "2026-03-02", def, 4, [][2]string{{"08:00", "10:00"}, {"10:00", "12:00"}, {"13:30", "15:15"}, {"15:15", "17:00"}}},
		{"one session a day", "2026-03-02", calendar.Hours{Sessions: []calendar.Span{{Start: 540, End: 1020}}}, 2,
			[][2]string{{"09:00", "13:00"}, {"13:00", "17:00"}}},
		{"National Day", "2026-10-02", def, n, nil},
		{"none asked", "2026-03-02", def, 0, nil},
	} {
		d := day(t, c.date)
		for seed := range uint64(50) {
			got := duty.Inspections(cal, c.hours, c.n, seed, d)
			if len(got) != len(c.windows) {
				t.Fatalf("%s: %d inspections, want %d", c.name, len(got), len(c.windows))
			}
			for i, w := range c.windows {
				if got[i].Before(at(t, c.date+" "+w[0])) || !got[i].Before(at(t, c.date+" "+w[1])) {
					t.Errorf("%s seed %d: inspection %d at %s, want in %s-%s", c.name, seed, i, got[i].Format("15:04"), w[0], w[1])
				}
			}
			if !slices.IsSortedFunc(got, func(a, b time.Time) int { return a.Compare(b) }) {
				t.Errorf("%s: not in order: %v", c.name, got)
			}
			if again := duty.Inspections(cal, c.hours, c.n, seed, d); !slices.EqualFunc(got, again, time.Time.Equal) {
				t.Errorf("%s seed %d: %v then %v", c.name, seed, got, again)
			}
		}
	}
	// Different seeds and different days do not all give the same times.
	seen := map[string]bool{}
	for seed := range uint64(20) {
		for _, s := range []string{"2026-03-02", "2026-03-03"} {
			seen[duty.Inspections(cal, def, 2, seed, day(t, s))[0].Format("15:04")] = true
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct morning times over 40 seeds and days", len(seen))
	}
}
