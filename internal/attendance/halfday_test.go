package attendance_test

import (
	"strings"
	"testing"

	"bianmin/internal/attendance"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// TestHalfDays_AT6_LegalCalendar: the half days to attend come from the
// legal calendar, make-up days included and holidays excluded (AT-6, R2.4),
// with the season's sessions (ORG-5, 004 summer hours).
func TestHalfDays_AT6_LegalCalendar(t *testing.T) {
	cal := calendar.Default()
	def, sum := policy.Default(), summer()
	for _, v := range []struct {
		date string
		p    *policy.Policy
		want string // sessions, "" for none
	}{
		{"2026-02-09", def, "08:00-12:00,13:30-17:00"}, // Monday
		{"2026-02-13", def, "08:00-12:00,13:30-17:00"}, // Friday before the Spring Festival
		{"2026-02-14", def, "08:00-12:00,13:30-17:00"}, // Saturday make-up day 补班
		{"2026-02-15", def, ""},                        // Sunday, Spring Festival
		{"2026-02-16", def, ""},                        // Monday, Spring Festival
		{"2026-02-23", def, ""},                        // Monday, last day off
		{"2026-02-24", def, "08:00-12:00,13:30-17:00"}, // first day back
		{"2026-02-28", def, "08:00-12:00,13:30-17:00"}, // Saturday make-up day
		{"2026-03-07", def, ""},                        // ordinary Saturday
		{"2026-01-01", def, ""},                        // New Year's Day, Thursday
		{"2026-01-03", def, ""},                        // Saturday off
		{"2026-01-04", def, "08:00-12:00,13:30-17:00"}, // Sunday make-up day
		{"2026-09-18", sum, "08:00-12:00,15:00-18:00"}, // Friday in summer hours
		{"2026-09-19", sum, ""},                        // Saturday
		{"2026-09-20", sum, "08:00-12:00,15:00-18:00"}, // Sunday make-up day in summer hours
		{"2026-09-20", def, "08:00-12:00,13:30-17:00"}, // the same day without seasons
		{"2026-09-25", sum, ""},                        // Mid-Autumn Festival, Friday
		{"2026-09-30", sum, "08:00-12:00,15:00-18:00"}, // last day of the season
		{"2026-10-01", sum, ""},                        // National Day
		{"2026-10-07", sum, ""},                        // last day of National Day
		{"2026-10-08", sum, "08:00-12:00,13:30-17:00"}, // Thursday: working, after the season
		{"2026-10-10", sum, "08:00-12:00,13:30-17:00"}, // Saturday make-up day
		{"2026-07-01", sum, "08:00-12:00,15:00-18:00"}, // first day of the season
		{"2026-06-30", sum, "08:00-12:00,13:30-17:00"}, // last day before it
	} {
		hs := attendance.HalfDays(cal, v.p, day(t, v.date))
		var got []string
		for i, h := range hs {
			got = append(got, h.Span.String())
			if h.Date != day(t, v.date) || h.Index != i || h.Count != len(hs) {
				t.Errorf("%s: half day %d is %+v", v.date, i, h)
			}
			if !h.Start.Equal(h.Date.At(h.Span.Start)) || !h.End.Equal(h.Date.At(h.Span.End)) || h.Minutes() != int(h.Span.End-h.Span.Start) {
				t.Errorf("%s: half day %d instants %s-%s do not match %s", v.date, i, h.Start, h.End, h.Span)
			}
		}
		if s := strings.Join(got, ","); s != v.want {
			t.Errorf("%s: sessions %q, want %q (AT-6)", v.date, s, v.want)
		}
	}
}

// TestHalfDay_AT1_Windows pins which half day a punch belongs to: a
// check-in to the session whose [InFrom, End) holds it, a check-out to the
// one whose (Start, OutTo] holds it, in whole minutes (AT-1).
func TestHalfDay_AT1_Windows(t *testing.T) {
	cal := calendar.Default()
	hs := attendance.HalfDays(cal, policy.Default(), day(t, "2026-02-09"))
	am, pm := hs[0], hs[1]
	for _, v := range []struct {
		name string
		h    attendance.HalfDay
		want string
	}{
		{"morning InFrom", am, "2026-02-09 00:00"}, {"morning OutTo", am, "2026-02-09 13:30"},
		{"afternoon InFrom", pm, "2026-02-09 12:00"}, {"afternoon OutTo", pm, "2026-02-10 00:00"},
	} {
		got := v.h.InFrom
		if strings.HasSuffix(v.name, "OutTo") {
			got = v.h.OutTo
		}
		if !got.Equal(at(t, v.want)) {
			t.Errorf("%s = %s, want %s", v.name, got, v.want)
		}
	}
	for _, v := range []struct {
		kind   attendance.Kind
		when   string
		am, pm bool
	}{
		{attendance.In, "2026-02-09 00:00", true, false},
		{attendance.In, "2026-02-09 07:30", true, false},
		{attendance.In, "2026-02-09 08:21", true, false},
		{attendance.In, "2026-02-09 11:59:59", true, false}, // 11:59 on the sheet
		{attendance.In, "2026-02-09 12:00", false, true},    // the lunch break belongs to the afternoon's check-in
		{attendance.In, "2026-02-09 13:25", false, true},
		{attendance.In, "2026-02-09 16:59", false, true},
		{attendance.In, "2026-02-09 17:00", false, false}, // after the last session: no half day
		{attendance.Out, "2026-02-09 07:50", false, false},
		{attendance.Out, "2026-02-09 08:00", false, false},    // at the start: nothing to leave yet
		{attendance.Out, "2026-02-09 08:00:59", false, false}, // 08:00 on the sheet
		{attendance.Out, "2026-02-09 08:01", true, false},
		{attendance.Out, "2026-02-09 12:05", true, false},
		{attendance.Out, "2026-02-09 13:30", true, false}, // the lunch break belongs to the morning's check-out
		{attendance.Out, "2026-02-09 13:31", false, true},
		{attendance.Out, "2026-02-09 17:10", false, true},
		{attendance.Out, "2026-02-09 23:59", false, true},
		{attendance.Kind("pause"), "2026-02-09 09:00", false, false},
	} {
		if got := am.Holds(v.kind, at(t, v.when)); got != v.am {
			t.Errorf("morning holds %s %s = %v, want %v", v.kind, v.when, got, v.am)
		}
		if got := pm.Holds(v.kind, at(t, v.when)); got != v.pm {
			t.Errorf("afternoon holds %s %s = %v, want %v", v.kind, v.when, got, v.pm)
		}
	}
}

// TestHalfDay_Names: morning and afternoon with two sessions, the whole day
// with one (000 篇十九 9:00-17:00), numbered sessions otherwise.
func TestHalfDay_Names(t *testing.T) {
	cal := calendar.Default()
	d := day(t, "2026-03-02")
	p := policy.Default()
	two := attendance.HalfDays(cal, p, d)
	p.ServiceHours.Sessions = []policy.Session{{Start: "09:00", End: "17:00"}}
	one := attendance.HalfDays(cal, p, d)
	p.ServiceHours.Sessions = []policy.Session{{Start: "08:00", End: "11:00"}, {Start: "12:00", End: "15:00"}, {Start: "16:00", End: "19:00"}}
	three := attendance.HalfDays(cal, p, d)
	for _, v := range []struct {
		h      attendance.HalfDay
		zh, en string
	}{
		{two[0], "上午", "morning"}, {two[1], "下午", "afternoon"},
		{one[0], "全天", "whole day"},
		{three[0], "第1时段", "session 1"}, {three[2], "第3时段", "session 3"},
	} {
		if v.h.Name("zh") != v.zh || v.h.Name("en") != v.en {
			t.Errorf("%s: names %q/%q, want %q/%q", v.h, v.h.Name("zh"), v.h.Name("en"), v.zh, v.en)
		}
	}
	if s := two[1].String(); s != "2026-03-02 下午 13:30-17:00" {
		t.Errorf("String = %q", s)
	}
	if !one[0].InFrom.Equal(d.Time()) || !one[0].OutTo.Equal(d.AddDays(1).Time()) {
		t.Errorf("one session: windows %s-%s, want the whole day", one[0].InFrom, one[0].OutTo)
	}
	if !three[1].InFrom.Equal(at(t, "2026-03-02 11:00")) || !three[1].OutTo.Equal(at(t, "2026-03-02 16:00")) {
		t.Errorf("middle session windows %s-%s, want 11:00 and 16:00", three[1].InFrom, three[1].OutTo)
	}
}
