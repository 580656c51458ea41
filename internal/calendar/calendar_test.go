package calendar_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// date parses a YYYY-MM-DD literal of a test.
func date(tb testing.TB, s string) calendar.Date {
	tb.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		tb.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// holidayCNDir finds the shared reference data: it walks up from the package
// directory looking for shared/data/holiday-cn, which finds both the
// workspace layout and CI's clone with shared/ beside the repository
// (<repo>/../shared). BIANMIN_SHARED names the shared directory explicitly.
func holidayCNDir(tb testing.TB) string {
	tb.Helper()
	if s := os.Getenv("BIANMIN_SHARED"); s != "" {
		return filepath.Join(s, "data", "holiday-cn")
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", "holiday-cn")
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("shared/data/holiday-cn not found above the package directory; set BIANMIN_SHARED to the shared directory")
		}
		dir = parent
	}
}

// referenceDays reads every holiday-cn year file and merges the days by date
// (R2.7: a file may hold the previous December).
func referenceDays(tb testing.TB) map[calendar.Date]calendar.Day {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(holidayCNDir(tb), "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no holiday-cn files: %v", err)
	}
	all := map[calendar.Date]calendar.Day{}
	for _, f := range files {
		if filepath.Base(f) == "schema.json" {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		_, days, err := calendar.ParseHolidayCN(r)
		r.Close()
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, d := range days {
			if prev, ok := all[d.Date]; ok && prev.Off != d.Off {
				tb.Fatalf("%s: %s contradicts another file", f, d.Date)
			}
			all[d.Date] = d
		}
	}
	return all
}

// TestCalendar_R2_3_DeadlineVectors checks every vector of STANDARDS.md §2.3
// (R1.17 counting: the acceptance day is not counted).
func TestCalendar_R2_3_DeadlineVectors(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		start string
		n     int
		want  string
	}{
		{"2024-09-27", 5, "2024-10-10"},  // counts Sun 9-29 (补班); skips 10/1-7
		{"2024-09-27", 20, "2024-10-30"}, // includes Sat 10-12 补班
		{"2024-09-27", 30, "2024-11-13"}, // 20 + 10 extension (R1.8)
		{"2025-01-24", 5, "2025-02-07"},  // counts Sun 1-26; skips 1/28-2/4
		{"2025-01-24", 20, "2025-02-27"},
		{"2025-09-26", 20, "2025-10-30"}, // 8-day National Day + Mid-Autumn break
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-12-31", 1, "2026-01-04"},  // the next working day is a Sunday 补班
		{"2026-02-13", 5, "2026-02-27"},  // counts Sat 2-14; skips 2/15-23
		{"2026-02-13", 20, "2026-03-19"}, // counts Sat 2-28
		{"2026-09-18", 20, "2026-10-22"}, // counts Sun 9-20 and Sat 10-10
		{"2024-04-30", 3, "2024-05-08"},  // skips 5/1-5
	} {
		start := date(t, v.start)
		got := cal.AddWorkingDays(start, v.n)
		if got.String() != v.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", v.start, v.n, got, v.want)
		}
		if back := cal.WorkingDaysBetween(start, got); back != v.n {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", v.start, got, back, v.n)
		}
	}
}

// TestCalendar_R2_4_MakeUpDaysAreWorkingDays: every 补班 weekend of the
// STANDARDS.md list is a working day and counts in a deadline.
func TestCalendar_R2_4_MakeUpDaysAreWorkingDays(t *testing.T) {
	cal := calendar.Default()
	for _, s := range []string{"2024-02-04", "2024-02-18", "2024-10-12", "2025-01-26", "2025-02-08",
		"2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
		"2026-09-20", "2026-10-10"} {
		d := date(t, s)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			t.Errorf("%s is a %s, the list names weekends", s, wd)
		}
		if !cal.IsWorkingDay(d) {
			t.Errorf("%s (补班) is not a working day", s)
		}
		if got := cal.AddWorkingDays(d.AddDays(-1), 1); cal.IsWorkingDay(d.AddDays(-1)) && got != d {
			t.Errorf("the working day after %s is %s, want the 补班 %s", d.AddDays(-1), got, d)
		}
		if n := cal.WorkingDaysBetween(d.AddDays(-1), d); n != 1 {
			t.Errorf("WorkingDaysBetween(eve, %s) = %d, want 1", s, n)
		}
	}
}

// TestCalendar_R2_6_AgreesWithReferenceData: the product's own calendar
// agrees with every date of the holiday-cn files for the years it covers,
// and lists nothing the files do not.
func TestCalendar_R2_6_AgreesWithReferenceData(t *testing.T) {
	cal := calendar.Default()
	ref := referenceDays(t)
	checked := 0
	for d, r := range ref {
		if !cal.Covers(d.Y) {
			continue
		}
		checked++
		if cal.IsWorkingDay(d) != !r.Off {
			t.Errorf("%s (%s): working = %v, reference isOffDay = %v", d, r.Name, cal.IsWorkingDay(d), r.Off)
		}
		if own, ok := cal.Day(d); !ok || own.Name != r.Name {
			t.Errorf("%s: product lists %+v (listed %v), reference %q", d, own, ok, r.Name)
		}
	}
	for _, own := range cal.Days() {
		if _, ok := ref[own.Date]; !ok {
			t.Errorf("product lists %s (%s), the reference does not", own.Date, own.Name)
		}
	}
	if checked < 100 {
		t.Errorf("only %d reference days checked; want the whole of 2024-2026", checked)
	}
}

func TestCalendar_R2_1_CoveredYears(t *testing.T) {
	cal := calendar.Default()
	if got := cal.Years(); len(got) != 3 || got[0] != 2024 || got[2] != 2026 {
		t.Fatalf("Years() = %v, want [2024 2025 2026]", got)
	}
	if cal.Covers(2023) || cal.Covers(2027) {
		t.Error("2023 and 2027 must not count as published")
	}
	if !cal.CoversDates(date(t, "2024-12-20"), date(t, "2026-01-10")) || cal.CoversDates(date(t, "2026-12-20"), date(t, "2027-01-10")) {
		t.Error("CoversDates wrong across New Year")
	}
	// A notice's December days (R2.7) do not publish that December's year.
	c, err := calendar.New([]calendar.Day{{Date: date(t, "2022-12-31"), Off: true, Name: "元旦"}, {Date: date(t, "2023-01-02"), Off: true, Name: "元旦"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Covers(2022) || !c.Covers(2023) {
		t.Errorf("Covers(2022) = %v, Covers(2023) = %v; want false, true", c.Covers(2022), c.Covers(2023))
	}
}

func TestCalendar_R2_1_MissingNextYearWarning(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		today string
		warn  bool
		year  string
	}{
		{"2025-11-01", false, ""},    // 2026 is in
		{"2026-10-31", false, ""},    // before November: not yet due
		{"2026-11-01", true, "2027"}, // from November, 2027 missing
		{"2026-12-31", true, "2027"},
		{"2027-03-01", true, "2027"}, // the current year itself is missing
	} {
		zh, en, ok := cal.MissingNextYearWarning(date(t, v.today))
		if ok != v.warn || !strings.Contains(zh, v.year) || !strings.Contains(en, v.year) {
			t.Errorf("%s: got (%q, %q, %v), want warning %v naming %s", v.today, zh, en, ok, v.warn, v.year)
		}
	}
}

// TestCalendar_OutsideCoveredYearsMondayToFriday: outside the published years
// the calendar still answers, by the ordinary week.
func TestCalendar_OutsideCoveredYearsMondayToFriday(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		start string
		n     int
		want  string
	}{
		{"2027-10-01", 1, "2027-10-04"}, // Fri -> Mon: 2027 unknown, so no National Day
		{"2023-09-28", 1, "2023-09-29"}, // 2023 not in the product: Mid-Autumn 9-29 not known
		{"2026-12-31", 2, "2027-01-04"}, // Thu: Fri 1-1 (unknown), then Mon
		{"2023-12-29", 1, "2024-01-02"}, // into the table: 2024-01-01 is 元旦
		{"2024-01-02", -1, "2023-12-29"},
		{"1999-12-31", 1, "2000-01-03"},
		{"2100-03-01", 10, "2100-03-15"},
	} {
		if got := cal.AddWorkingDays(date(t, v.start), v.n); got.String() != v.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", v.start, v.n, got, v.want)
		}
	}
}

// TestCalendar_R1_17_AddCalendarDays: a natural-day limit whose last day is
// not a working day moves to the next working day.
func TestCalendar_R1_17_AddCalendarDays(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		start string
		n     int
		want  string
	}{
		{"2024-09-20", 7, "2024-09-27"},  // Fri, a working day
		{"2024-09-24", 7, "2024-10-08"},  // 10-01 holiday -> first day after the break
		{"2025-01-20", 6, "2025-01-26"},  // Sun 1-26 is a 补班: stays
		{"2024-06-10", 5, "2024-06-17"},  // Sat 6-15 -> Mon
		{"2024-06-10", 0, "2024-06-11"},  // 端午 Mon 6-10 itself -> Tue
		{"2024-10-10", -3, "2024-10-08"}, // Mon 10-07 (holiday) -> Tue
	} {
		if got := cal.AddCalendarDays(date(t, v.start), v.n); got.String() != v.want {
			t.Errorf("AddCalendarDays(%s, %d) = %s, want %s", v.start, v.n, got, v.want)
		}
	}
}

func TestCalendar_WorkingDaysBetween(t *testing.T) {
	cal := calendar.Default()
	for _, v := range []struct {
		a, b string
		want int
	}{
		{"2024-09-27", "2024-09-27", 0},
		{"2024-09-27", "2024-09-29", 1},   // Sat off, Sun 补班
		{"2024-09-30", "2024-10-07", 0},   // National Day
		{"2024-10-07", "2024-09-30", 0},   // reversed, still none
		{"2024-10-10", "2024-09-27", -5},  // reversed counts (b, a]
		{"2024-01-01", "2024-12-31", 251}, // 261 weekdays after 1-1, 18 of them holidays, 8 补班
	} {
		got := cal.WorkingDaysBetween(date(t, v.a), date(t, v.b))
		if got != v.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", v.a, v.b, got, v.want)
		}
	}
}

func TestCalendar_NewRejectsContradictionAndBadDate(t *testing.T) {
	_, err := calendar.New([]calendar.Day{
		{Date: calendar.Date{Y: 2024, M: 10, D: 1}, Off: true, Name: "国庆节"},
		{Date: calendar.Date{Y: 2024, M: 10, D: 1}, Off: false, Name: "国庆节"},
		{Date: calendar.Date{Y: 2024, M: 2, D: 30}, Off: true, Name: "x"},
	})
	var be *bianmin.Error
	if !errors.As(err, &be) || len(be.Details) != 2 {
		t.Fatalf("got %v, want two field errors", err)
	}
	if be.Details[0].Field != "days[1].date" || be.Details[1].Field != "days[2].date" || be.ZH == "" || be.EN == "" {
		t.Errorf("fields %q, %q; want days[1].date, days[2].date with zh/en text", be.Details[0].Field, be.Details[1].Field)
	}
	same, err := calendar.New([]calendar.Day{
		{Date: calendar.Date{Y: 2024, M: 10, D: 1}, Off: true, Name: "国庆节"},
		{Date: calendar.Date{Y: 2024, M: 10, D: 1}, Off: true, Name: "国庆"},
	})
	if err != nil || len(same.Days()) != 1 || same.Days()[0].Name != "国庆节" {
		t.Errorf("a repeated identical date should merge keeping the first: %v", err)
	}
}

// naiveAdd steps day by day: the reference the O(1) table must agree with.
func naiveAdd(cal *calendar.Calendar, start calendar.Date, n int) calendar.Date {
	d := start
	for n > 0 {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// TestCalendar_R1_17_Properties checks, for every start from 2023-06 to
// 2027-06 and every n up to 45, the fast arithmetic against day-by-day
// stepping, plus the algebra deadlines rely on.
func TestCalendar_R1_17_Properties(t *testing.T) {
	cal := calendar.Default()
	end := date(t, "2027-06-30")
	for d := date(t, "2023-06-01"); d.Before(end); d = d.AddDays(1) {
		for n := 0; n <= 45; n++ {
			got := cal.AddWorkingDays(d, n)
			if want := naiveAdd(cal, d, n); got != want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, stepping gives %s", d, n, got, want)
			}
			if n > 0 && !cal.IsWorkingDay(got) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s is not a working day", d, n, got)
			}
			if between := cal.WorkingDaysBetween(d, got); between != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", d, got, between, n)
			}
			if back := cal.AddWorkingDays(got, -n); cal.IsWorkingDay(d) && back != d {
				t.Fatalf("AddWorkingDays(%s, -%d) = %s, want back to %s", got, n, back, d)
			}
		}
	}
}

// TestCalendar_AdditionIsAssociative: AddWorkingDays(d, a+b) ==
// AddWorkingDays(AddWorkingDays(d, a), b) for random dates across four
// centuries, in and out of the covered years.
func TestCalendar_AdditionIsAssociative(t *testing.T) {
	cal := calendar.Default()
	rng := rand.New(rand.NewPCG(2024, 927))
	base := date(t, "2025-01-01")
	for i := 0; i < 200000; i++ {
		d := base.AddDays(rng.IntN(146097) - 73048)
		a, b := rng.IntN(400), rng.IntN(400)
		if got, want := cal.AddWorkingDays(cal.AddWorkingDays(d, a), b), cal.AddWorkingDays(d, a+b); got != want {
			t.Fatalf("d=%s a=%d b=%d: stepwise %s, at once %s", d, a, b, got, want)
		}
		if got := cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, a)); got != a {
			t.Fatalf("WorkingDaysBetween(%s, +%d) = %d", d, a, got)
		}
	}
}

func FuzzAddWorkingDays(f *testing.F) {
	f.Add(0, 5)
	f.Add(-270, 20)    // 2024-09-27 area
	f.Add(364, 1)      // 2025-12-31
	f.Add(40000, -7)   // far future
	f.Add(-90000, 300) // far past
	cal := calendar.Default()
	base := calendar.Date{Y: 2025, M: 1, D: 1}
	f.Fuzz(func(t *testing.T, offset, n int) {
		d := base.AddDays(offset % 1_000_000)
		n %= 10_000
		got := cal.AddWorkingDays(d, n)
		switch {
		case n == 0 && got != d:
			t.Fatalf("AddWorkingDays(%s, 0) = %s", d, got)
		case n > 0 && (!got.After(d) || !cal.IsWorkingDay(got) || cal.WorkingDaysBetween(d, got) != n):
			t.Fatalf("AddWorkingDays(%s, %d) = %s breaks R1.17", d, n, got)
		case n < 0 && (!got.Before(d) || !cal.IsWorkingDay(got) || cal.WorkingDaysBetween(got, d.AddDays(-1)) != -n-1):
			t.Fatalf("AddWorkingDays(%s, %d) = %s: not the %d-th working day before", d, n, got, -n)
		}
		if n > 0 && n < 60 && got != naiveAdd(cal, d, n) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, stepping gives %s", d, n, got, naiveAdd(cal, d, n))
		}
	})
}

// BenchmarkAddWorkingDays must stay above a million per second: deadlines of
// every open case are recomputed when an administrator edits the calendar.
func BenchmarkAddWorkingDays(b *testing.B) {
	cal := calendar.Default()
	starts := make([]calendar.Date, 1024)
	for i := range starts {
		starts[i] = calendar.Date{Y: 2024, M: 1, D: 1}.AddDays(i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		cal.AddWorkingDays(starts[i&1023], 1+i%30)
		i++
	}
}
