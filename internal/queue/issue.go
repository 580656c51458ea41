package queue

import (
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// ErrNotIssuing: the kiosk issues only while the hall is in session and
// until the policy's stop before each session's end.
var ErrNotIssuing = bianmin.Errorf(bianmin.ECONFLICT,
	"现在不在取号时间内，请在办公时间取号。已取号的市民都会办完。",
	"Tickets are issued during opening hours only. Everyone holding a ticket will be served.").WithRule("Q-6")

// IssueOpen reports whether tickets may be issued at now: inside one of the
// day's hall sessions and more than stopMinutes before its end.
func IssueOpen(now time.Time, sessions []calendar.Span, stopMinutes int) bool {
	t := now.In(bianmin.Shanghai)
	m := calendar.Minute(t.Hour()*60 + t.Minute())
	for _, s := range sessions {
		end := s.End - calendar.Minute(stopMinutes)
		if m >= s.Start && m < end {
			return true
		}
	}
	return false
}

// AgeOn returns the age in whole years on date d of the holder of an ID
// number (GB 11643: birth date in digits 7-14), after normalising and
// checking it; ok is false for an invalid number.
func AgeOn(idNumber string, d calendar.Date) (age int, ok bool) {
	id, valid := bianmin.NormalizeIDNumber(idNumber)
	if !valid {
		return 0, false
	}
	birth, err := calendar.ParseDate(id[6:10] + "-" + id[10:12] + "-" + id[12:14])
	if err != nil {
		return 0, false
	}
	age = d.Y - birth.Y
	if d.M < birth.M || d.M == birth.M && d.D < birth.D {
		age--
	}
	return age, age >= 0
}

// OffersGreen reports whether an ID holder's age lets the kiosk offer the
// green channel by itself (Q-2, policy queue.green_channel_min_age).
func OffersGreen(idNumber string, d calendar.Date, minAge int) bool {
	age, ok := AgeOn(idNumber, d)
	return ok && age >= minAge
}
