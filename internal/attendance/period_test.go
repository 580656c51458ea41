package attendance_test

import (
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/policy"
)

// TestPeriods: weeks run Monday to Sunday (AT-5, AT-6), months are calendar
// months, and both are named for URLs as ISO weeks and YYYY-MM.
func TestPeriods(t *testing.T) {
	for _, v := range []struct {
		per            attendance.Period
		from, to, name string
		days           int
		next, prev     string
	}{
		{attendance.WeekOf(day(t, "2026-02-11")), "2026-02-09", "2026-02-15", "2026-W07", 7, "2026-W08", "2026-W06"},
		{attendance.WeekOf(day(t, "2026-02-09")), "2026-02-09", "2026-02-15", "2026-W07", 7, "2026-W08", "2026-W06"},
		{attendance.WeekOf(day(t, "2026-02-15")), "2026-02-09", "2026-02-15", "2026-W07", 7, "2026-W08", "2026-W06"},
		{attendance.WeekOf(day(t, "2026-09-20")), "2026-09-14", "2026-09-20", "2026-W38", 7, "2026-W39", "2026-W37"},
		{attendance.WeekOf(day(t, "2026-01-01")), "2025-12-29", "2026-01-04", "2026-W01", 7, "2026-W02", "2025-W52"},
		{attendance.WeekOf(day(t, "2021-01-01")), "2020-12-28", "2021-01-03", "2020-W53", 7, "2021-W01", "2020-W52"},
		{attendance.MonthOf(day(t, "2026-02-28")), "2026-02-01", "2026-02-28", "2026-02", 28, "2026-03", "2026-01"},
		{attendance.MonthOf(day(t, "2024-02-10")), "2024-02-01", "2024-02-29", "2024-02", 29, "2024-03", "2024-01"},
		{attendance.MonthOf(day(t, "2025-12-31")), "2025-12-01", "2025-12-31", "2025-12", 31, "2026-01", "2025-11"},
		{attendance.MonthOf(day(t, "2026-01-01")), "2026-01-01", "2026-01-31", "2026-01", 31, "2026-02", "2025-12"},
	} {
		if v.per.From != day(t, v.from) || v.per.To != day(t, v.to) || v.per.String() != v.name {
			t.Errorf("%s: %s to %s, want %s to %s named %s", v.per, v.per.From, v.per.To, v.from, v.to, v.name)
		}
		ds := v.per.Dates()
		if len(ds) != v.days || ds[0] != v.per.From || ds[len(ds)-1] != v.per.To {
			t.Errorf("%s: dates %v", v.name, ds)
		}
		if !v.per.Contains(v.per.From) || !v.per.Contains(v.per.To) || v.per.Contains(v.per.To.AddDays(1)) || v.per.Contains(v.per.From.AddDays(-1)) {
			t.Errorf("%s: Contains wrong at the edges", v.name)
		}
		if n, p := v.per.Next(), v.per.Prev(); n.String() != v.next || p.String() != v.prev || n.Kind != v.per.Kind || p.Kind != v.per.Kind ||
			n.From != v.per.To.AddDays(1) || p.To != v.per.From.AddDays(-1) {
			t.Errorf("%s: next %s (%s) prev %s (%s), want %s and %s", v.name, n, n.From, p, p.To, v.next, v.prev)
		}
		back, err := attendance.ParsePeriod(v.name)
		if err != nil || back != v.per {
			t.Errorf("ParsePeriod(%q) = %+v, %v, want %+v", v.name, back, err, v.per)
		}
	}
	if ds := (attendance.Period{}).Dates(); ds != nil {
		t.Errorf("zero period has dates %v", ds)
	}
	if ds := (attendance.Period{From: day(t, "2026-03-02"), To: day(t, "2026-03-01")}).Dates(); ds != nil {
		t.Errorf("reversed period has dates %v", ds)
	}
}

// TestParsePeriod_Refusals: every malformed name is refused on field
// "period" with rule AT-5.
func TestParsePeriod_Refusals(t *testing.T) {
	for _, s := range []string{
		"", "2026", "2026-", "2026-2", "2026-13", "2026-00", "26-02-01", "2026/02", "2026-02-01",
		"2026-W00", "2026-W54", "2021-W53", "2026-W7", "2026-w07", "2026-W071", "2026-Wx1", "0224-02", "3000-01",
		"+026-02", "２０２６-02", "2026-W-1",
	} {
		_, err := attendance.ParsePeriod(s)
		if err == nil {
			t.Errorf("ParsePeriod(%q) accepted", s)
			continue
		}
		if rule, field := ruleOf(t, err); rule != "AT-5" || field != "period" {
			t.Errorf("ParsePeriod(%q): rule %q field %q", s, rule, field)
		}
	}
}

// TestPublishPeriodOf: the sheet period follows attendance.publish_period
// (AT-5).
func TestPublishPeriodOf(t *testing.T) {
	p := policy.Default()
	if got := attendance.PublishPeriodOf(p, day(t, "2026-02-11")); got != attendance.WeekOf(day(t, "2026-02-11")) {
		t.Errorf("weekly: %+v", got)
	}
	p.Attendance.PublishPeriod = "monthly"
	if got := attendance.PublishPeriodOf(p, day(t, "2026-02-11")); got != attendance.MonthOf(day(t, "2026-02-01")) {
		t.Errorf("monthly: %+v", got)
	}
}
