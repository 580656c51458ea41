package calendar

import (
	"fmt"
	"time"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

// Sessions returns the service sessions of date d on the legal calendar: none
// on a non-working day, else the season's sessions (DOMAIN.md ORG-5).
func (c *Calendar) Sessions(d Date, h Hours) []Span {
	if !c.IsWorkingDay(d) {
		return nil
	}
	return h.On(d)
}

// BusinessTime returns how much of [from, to) lies inside service sessions of
// legal working days (ORG-5, C-0): the clock of limits counted in service
// hours, such as an on-the-spot item's 30 minutes. Lunch breaks, nights,
// weekends and holidays do not count; make-up working days do (R2.4).
func (c *Calendar) BusinessTime(from, to time.Time, h Hours) time.Duration {
	var total time.Duration
	last := DateOf(to)
	for d := DateOf(from); !d.After(last) && to.After(from); d = d.AddDays(1) {
		for _, s := range c.Sessions(d, h) {
			total += overlap(from, to, d.At(s.Start), d.At(s.End))
		}
	}
	return total
}

// overlap returns the length of [a1, a2) ∩ [b1, b2).
func overlap(a1, a2, b1, b2 time.Time) time.Duration {
	start, end := a1, a2
	if b1.After(start) {
		start = b1
	}
	if b2.Before(end) {
		end = b2
	}
	if !end.After(start) {
		return 0
	}
	return end.Sub(start)
}

// HallDay is an exception of one hall's opening calendar (STANDARDS.md R6.12),
// which is separate from the legal calendar: Open on a holiday or weekend is
// weekend service ("5+X", 节假日受理); not Open closes the hall on a working
// day. Sessions, when given, replace the hall's usual sessions that day.
type HallDay struct {
	Date     Date   `json:"date"`
	Open     bool   `json:"open"`
	Sessions []Span `json:"sessions,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Validate checks an exception before it is stored: an existing date, valid
// sessions, and no sessions on a closed day.
func (h HallDay) Validate() error {
	if !h.Date.Valid() {
		return errNoSuchDate(h.Date)
	}
	if err := checkSpans(h.Sessions); err != nil {
		return err
	}
	if !h.Open && len(h.Sessions) > 0 {
		return bianmin.FieldError("hours",
			fmt.Sprintf("%s 设为闭厅，不能再填写服务时段。", h.Date),
			fmt.Sprintf("%s is set as closed, so it cannot have service hours.", h.Date))
	}
	if utf8.RuneCountInString(h.Note) > 200 {
		return bianmin.FieldError("note", "备注不能超过 200 个字。", "The note must be at most 200 characters.")
	}
	return nil
}

// HallSessions returns the hall's sessions on date d (R6.12): an exception for
// d decides first; otherwise the hall follows the legal calendar and its
// season's sessions (ORG-5).
func (c *Calendar) HallSessions(d Date, h Hours, exceptions []HallDay) []Span {
	for _, e := range exceptions {
		if e.Date != d {
			continue
		}
		switch {
		case !e.Open:
			return nil
		case len(e.Sessions) > 0:
			return e.Sessions
		}
		return h.On(d)
	}
	return c.Sessions(d, h)
}

// IsOpen reports whether the hall serves at instant now (Asia/Shanghai).
func (c *Calendar) IsOpen(now time.Time, h Hours, exceptions []HallDay) bool {
	t := now.In(bianmin.Shanghai)
	m := Minute(t.Hour()*60 + t.Minute())
	for _, s := range c.HallSessions(DateOf(t), h, exceptions) {
		if s.Contains(m) {
			return true
		}
	}
	return false
}
