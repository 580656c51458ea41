package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

func TestCalendar_ParseDate(t *testing.T) {
	for _, s := range []string{"2024-02-29", "0001-01-01", "9999-12-31", "1969-12-31"} {
		d, err := calendar.ParseDate(s)
		if err != nil || d.String() != s || !d.Valid() {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2023-02-29", "2024-13-01", "2024-1-5", "20240105", "2024-01-05T00:00:00Z", "0000-01-01", " 2024-01-05"} {
		_, err := calendar.ParseDate(s)
		be := bianmin.AsError(err)
		if err == nil || be.Code != bianmin.EINVALID || be.Field != "date" || be.ZH == "" || be.EN == "" {
			t.Errorf("ParseDate(%q) = %v, want a bilingual date field error", s, err)
		}
	}
}

func TestCalendar_DateArithmetic(t *testing.T) {
	d := date(t, "2024-02-28")
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("AddDays over 29 Feb = %s", got)
	}
	if got := date(t, "2025-01-01").Sub(date(t, "2024-01-01")); got != 366 {
		t.Errorf("Sub = %d, want 366", got)
	}
	if got := date(t, "1969-12-31").AddDays(-365 * 400).AddDays(365 * 400); got != date(t, "1969-12-31") {
		t.Errorf("AddDays round trip before 1970 = %s", got)
	}
	if wd := date(t, "2025-12-31").Weekday(); wd != time.Wednesday {
		t.Errorf("2025-12-31 is %s, want Wednesday", wd)
	}
	if wd := date(t, "0001-01-01").Weekday(); wd != time.Monday {
		t.Errorf("0001-01-01 is %s, want Monday", wd)
	}
	a, b := date(t, "2024-12-31"), date(t, "2025-01-01")
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 || b.Compare(a) != 1 {
		t.Error("Compare/Before/After disagree")
	}
	if (calendar.Date{Y: 2023, M: 2, D: 29}).Valid() || !(calendar.Date{}).IsZero() {
		t.Error("Valid/IsZero wrong")
	}
}

// TestCalendar_DateOfIsShanghai: the business date of an instant is the
// Asia/Shanghai date, whatever the instant's own zone.
func TestCalendar_DateOfIsShanghai(t *testing.T) {
	utc := time.Date(2024, 9, 30, 16, 30, 0, 0, time.UTC) // 00:30 on 1 October in Shanghai
	if got := calendar.DateOf(utc).String(); got != "2024-10-01" {
		t.Errorf("DateOf = %s, want 2024-10-01", got)
	}
	d := date(t, "2024-10-01")
	if !d.Time().Equal(time.Date(2024, 9, 30, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", d.Time())
	}
	if got := d.At(8*60 + 30); !got.Equal(time.Date(2024, 10, 1, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("At(08:30) = %v", got)
	}
}

func TestCalendar_DateJSON(t *testing.T) {
	b, err := json.Marshal(calendar.Day{Date: date(t, "2026-01-04"), Name: "元旦"})
	if err != nil || string(b) != `{"date":"2026-01-04","off":false,"name":"元旦"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var d calendar.Day
	if err := json.Unmarshal(b, &d); err != nil || d.Date != date(t, "2026-01-04") {
		t.Errorf("Unmarshal = %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"date":"2026-02-30"}`), &d); err == nil {
		t.Error("Unmarshal accepted 2026-02-30")
	}
}
