// Package dates reads the Shanghai wall-clock instants and business dates
// that table tests are written in, so every package's tables say
// "2026-02-13 17:05" the same way.
package dates

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// At is the Shanghai instant "YYYY-MM-DD hh:mm" or "YYYY-MM-DD hh:mm:ss".
func At(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout = "2006-01-02 15:04:05"
	}
	t, err := time.ParseInLocation(layout, s, bianmin.Shanghai)
	if err != nil {
		tb.Fatalf("instant %q: %v", s, err)
	}
	return t
}

// Day is the business date "YYYY-MM-DD".
func Day(tb testing.TB, s string) calendar.Date {
	tb.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		tb.Fatalf("date %q: %v", s, err)
	}
	return d
}
