package calendar_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/testutil/dates"
)

// at reads the tables' Shanghai instants.
var at = dates.At

// hallHours are the hours of seed 004 (DOMAIN.md ORG-5): 8:00-12:00 and
// 14:30-17:30, in summer 15:00-18:00 in the afternoon.
func hallHours(tb testing.TB) calendar.Hours {
	tb.Helper()
	return calendar.Hours{
		Sessions: spans(tb, "08:00-12:00,14:30-17:30"),
		Seasons: []calendar.Season{
			{Name: "夏季", From: "06-01", To: "09-30", Sessions: spans(tb, "08:00-12:00,15:00-18:00")},
			{Name: "冬令", From: "12-20", To: "01-10", Sessions: spans(tb, "08:30-12:00,14:00-17:00")},
		},
	}
}

func spans(tb testing.TB, s string) []calendar.Span {
	tb.Helper()
	out, err := calendar.ParseSpans(s)
	if err != nil {
		tb.Fatalf("ParseSpans(%q): %v", s, err)
	}
	return out
}

// TestCalendar_ORG5_SessionsBySeason: the season's sessions replace the
// default ones, including a season that wraps New Year; holidays have none
// and a 补班 Sunday has the usual ones (R2.4).
func TestCalendar_ORG5_SessionsBySeason(t *testing.T) {
	cal, h := calendar.Default(), hallHours(t)
	for _, v := range []struct {
		day, want string
	}{
		{"2024-05-31", "08:00-12:00,14:30-17:30"},
		{"2024-06-03", "08:00-12:00,15:00-18:00"}, // first Monday of summer
		{"2024-09-30", "08:00-12:00,15:00-18:00"}, // last day of summer
		{"2024-10-08", "08:00-12:00,14:30-17:30"},
		{"2024-12-20", "08:30-12:00,14:00-17:00"}, // winter, wrapping New Year
		{"2025-01-10", "08:30-12:00,14:00-17:00"},
		{"2025-01-13", "08:00-12:00,14:30-17:30"},
		{"2024-10-01", ""},                        // National Day
		{"2024-10-05", ""},                        // Saturday
		{"2024-09-29", "08:00-12:00,15:00-18:00"}, // Sunday 补班, summer
	} {
		got := calendar.FormatSpans(cal.Sessions(date(t, v.day), h))
		if got != v.want {
			t.Errorf("Sessions(%s) = %q, want %q", v.day, got, v.want)
		}
	}
}

// TestCalendar_C0_BusinessTime counts only time inside sessions of working days.
func TestCalendar_C0_BusinessTime(t *testing.T) {
	cal, h := calendar.Default(), hallHours(t)
	for _, v := range []struct {
		name, from, to string
		want           time.Duration
	}{
		{"across the lunch break", "2024-10-10 11:00", "2024-10-10 15:00", 90 * time.Minute},
		{"across National Day", "2024-09-30 16:00", "2024-10-08 09:00", 3 * time.Hour}, // summer: 16:00-18:00, then 08:00-09:00
		{"a 补班 Sunday counts", "2024-10-11 17:00", "2024-10-12 23:00", 30*time.Minute + 7*time.Hour},
		{"summer afternoon", "2024-07-01 14:00", "2024-07-01 16:00", time.Hour},
		{"inside one session", "2024-10-10 08:10", "2024-10-10 08:40", 30 * time.Minute},
		{"weekend only", "2024-10-19 00:00", "2024-10-21 00:00", 0},
		{"reversed", "2024-10-10 15:00", "2024-10-10 11:00", 0},
	} {
		if got := cal.BusinessTime(at(t, v.from), at(t, v.to), h); got != v.want {
			t.Errorf("%s: BusinessTime = %v, want %v", v.name, got, v.want)
		}
	}
	// The instants' own zone does not matter: Shanghai wall clock decides.
	from, to := at(t, "2024-10-10 11:00").UTC(), at(t, "2024-10-10 15:00").In(time.FixedZone("X", -8*3600))
	if got := cal.BusinessTime(from, to, h); got != 90*time.Minute {
		t.Errorf("UTC inputs: %v", got)
	}
}

// TestCalendar_R6_12_IsOpen: the hall calendar follows the legal one unless
// an exception opens a holiday or weekend ("5+X") or closes a working day.
func TestCalendar_R6_12_IsOpen(t *testing.T) {
	cal, h := calendar.Default(), hallHours(t)
	exceptions := []calendar.HallDay{
		{Date: date(t, "2024-10-19"), Open: true, Sessions: spans(t, "09:00-12:00,14:00-17:00"), Note: "周六延时服务"},
		{Date: date(t, "2024-10-03"), Open: true, Note: "国庆节受理通道"},
		{Date: date(t, "2024-10-16"), Open: false, Note: "系统升级闭厅"},
	}
	for _, v := range []struct {
		now  string
		want bool
	}{
		{"2024-10-10 10:00", true},
		{"2024-10-10 12:30", false}, // lunch
		{"2024-10-10 17:29", true},
		{"2024-10-10 17:30", false}, // the end is excluded
		{"2024-10-10 07:59", false},
		{"2024-10-12 10:00", true},  // Saturday 补班 (R2.4)
		{"2024-10-13 10:00", false}, // Sunday
		{"2024-10-19 10:00", true},  // Saturday service, own hours
		{"2024-10-19 13:00", false},
		{"2024-10-19 16:30", true},
		{"2024-10-03 10:00", true}, // holiday opened with the usual hours
		{"2024-10-03 14:45", true},
		{"2024-10-04 10:00", false}, // holiday, no exception
		{"2024-10-16 10:00", false}, // working day closed
	} {
		if got := cal.IsOpen(at(t, v.now).UTC(), h, exceptions); got != v.want {
			t.Errorf("IsOpen(%s) = %v, want %v", v.now, got, v.want)
		}
	}
	if got := cal.HallSessions(date(t, "2024-10-16"), h, exceptions); got != nil {
		t.Errorf("closed day sessions = %v", got)
	}
}

func TestCalendar_R6_12_ParseSpans(t *testing.T) {
	got, err := calendar.ParseSpans(" 9:00-12:00， 14:00 - 17:00 ")
	want := []calendar.Span{{540, 720}, {840, 1020}}
	if err != nil || !reflect.DeepEqual(got, want) || calendar.FormatSpans(got) != "09:00-12:00,14:00-17:00" {
		t.Errorf("ParseSpans = %v, %v", got, err)
	}
	if got, err := calendar.ParseSpans(""); got != nil || err != nil {
		t.Errorf(`ParseSpans("") = %v, %v`, got, err)
	}
	if got, err := calendar.ParseSpans("00:00-24:00"); err != nil || got[0].End != 24*60 {
		t.Errorf("whole day: %v, %v", got, err)
	}
	for _, s := range []string{"9-12", "09:00", "12:00-09:00", "08:00-12:00,11:00-13:00", "14:00-17:00,08:00-12:00",
		"25:00-26:00", "08:60-09:00", "24:00-24:01", "08:00-08:00", "+8:00-12:00", "08:0-12:00", "a:bc-12:00"} {
		_, err := calendar.ParseSpans(s)
		be := bianmin.AsError(err)
		if err == nil || be.Field != "hours" || be.ZH == "" || be.EN == "" {
			t.Errorf("ParseSpans(%q) = %v, want a bilingual hours error", s, err)
		}
	}
}

func TestCalendar_ORG5_HoursValidate(t *testing.T) {
	if err := hallHours(t).Validate(); err != nil {
		t.Fatalf("valid hours: %v", err)
	}
	for _, h := range []calendar.Hours{
		{Sessions: []calendar.Span{{600, 500}}},
		{Seasons: []calendar.Season{{Name: "夏季", From: "6-1", To: "09-30"}}},
		{Seasons: []calendar.Season{{Name: "夏季", From: "06-01", To: "13-01"}}},
		{Seasons: []calendar.Season{{Name: "夏季", From: "06-01", To: "09-30", Sessions: []calendar.Span{{0, 2000}}}}},
	} {
		if err := h.Validate(); err == nil {
			t.Errorf("Validate(%+v) accepted", h)
		}
	}
}

func TestCalendar_R6_12_HallDayValidate(t *testing.T) {
	ok := calendar.HallDay{Date: date(t, "2024-10-19"), Open: true, Sessions: spans(t, "09:00-12:00")}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, h := range []calendar.HallDay{
		{Date: calendar.Date{Y: 2024, M: 2, D: 30}, Open: true},
		{Date: date(t, "2024-10-19"), Open: false, Sessions: spans(t, "09:00-12:00")},
		{Date: date(t, "2024-10-19"), Open: true, Sessions: []calendar.Span{{700, 600}}},
	} {
		if err := h.Validate(); bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("Validate(%+v) = %v, want EINVALID", h, err)
		}
	}
}

// TestCalendar_ORG5_HoursJSON: sessions read as "HH:MM-HH:MM" in JSON, the
// form configuration and audit rows show them in.
func TestCalendar_ORG5_HoursJSON(t *testing.T) {
	h := hallHours(t)
	b, err := json.Marshal(h)
	if err != nil || !strings.Contains(string(b), `"Sessions":["08:00-12:00","14:30-17:30"]`) {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back calendar.Hours
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, h) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	for _, bad := range []string{`["08:00-12:00,13:00-14:00"]`, `["12:00-08:00"]`, `[""]`} {
		var s []calendar.Span
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
}
