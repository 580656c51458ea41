// Package calendar is the working-day calendar of bianmin: which dates are
// legal working days (DOMAIN.md C-0, STANDARDS.md R1.1, R2.x), how statutory
// deadlines are counted (R1.17), and when a hall is open (ORG-5, R6.12). It
// is pure: no I/O except reading the embedded product data and parsing what
// a caller hands in.
package calendar

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
)

// Date is a business date in Asia/Shanghai (bianmin.Shanghai), without a
// time of day. Dates are comparable with ==; the zero Date is "no date".
// A Date from ParseDate, DateOf or a Calendar method is always valid.
type Date struct {
	Y int
	M time.Month
	D int
}

// secondsPerDay turns Unix seconds into day numbers (days since 1970-01-01).
const secondsPerDay = 24 * 60 * 60

// ParseDate parses a YYYY-MM-DD date (bianmin.DateLayout).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(bianmin.DateLayout, s)
	if err != nil || t.Year() < 1 {
		return Date{}, bianmin.FieldError("date",
			fmt.Sprintf("日期“%s”无效，应为 YYYY-MM-DD 格式的实际日期。", s),
			fmt.Sprintf("Date %q is invalid: use an existing date in the form YYYY-MM-DD.", s))
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// DateOf returns the Asia/Shanghai business date of an instant.
func DateOf(t time.Time) Date {
	y, m, d := t.In(bianmin.Shanghai).Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D) }

// MarshalText writes the date as YYYY-MM-DD, so JSON and audit rows carry
// the same text as the database.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names an existing date of years 1-9999.
func (d Date) Valid() bool {
	return d.Y >= 1 && d.Y <= 9999 && fromDayNumber(d.dayNumber()) == d
}

// Time returns the start of the date (00:00) in Asia/Shanghai.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, bianmin.Shanghai) }

// At returns the instant at minute m of the date in Asia/Shanghai.
func (d Date) At(m Minute) time.Time { return d.Time().Add(time.Duration(m) * time.Minute) }

// AddDays returns the date n calendar days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return fromDayNumber(d.dayNumber() + n) }

// Sub returns the number of calendar days from o to d.
func (d Date) Sub(o Date) int { return d.dayNumber() - o.dayNumber() }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.dayNumber()) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Y != o.Y:
		return sign(d.Y - o.Y)
	case d.M != o.M:
		return sign(int(d.M) - int(o.M))
	default:
		return sign(d.D - o.D)
	}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// monthDay returns MMDD as a number (September 27 is 927), for season ranges.
func (d Date) monthDay() int { return int(d.M)*100 + d.D }

// dayNumber counts days since 1970-01-01. Midnight UTC is a whole number of
// days from the epoch, so the division is exact whatever the sign.
func (d Date) dayNumber() int {
	return int(time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

func fromDayNumber(n int) Date {
	y, m, d := time.Unix(int64(n)*secondsPerDay, 0).UTC().Date()
	return Date{y, m, d}
}

// weekdayOf gives the weekday of a day number; day 0 (1970-01-01) was a Thursday.
func weekdayOf(n int) time.Weekday { return time.Weekday(floorMod(n+4, 7)) }

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
