package bianmin

import (
	"sync"
	"time"
	_ "time/tzdata" // Asia/Shanghai must load on any machine, including Windows PCs.
)

// Shanghai is the time zone of every business date (service days, deadlines).
var Shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DateLayout is how business dates are stored and shown: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// LocalDate returns the Asia/Shanghai business date of an instant.
func LocalDate(t time.Time) string { return t.In(Shanghai).Format(DateLayout) }

// DayStart returns the midnight in Asia/Shanghai that begins a business
// date (YYYY-MM-DD): where a service day's numbering, counters and open
// windows end.
func DayStart(date string) (time.Time, error) {
	return time.ParseInLocation(DateLayout, date, Shanghai)
}

// Clock gives the current time. Everything that reads the time takes one, so
// tests and `serve --test-clock` can move it.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// TestClock runs at real speed from a settable offset, or stands still when frozen.
type TestClock struct {
	mu     sync.Mutex
	offset time.Duration
	frozen *time.Time
	real   func() time.Time
}

// NewTestClock returns a clock that starts at the real time.
func NewTestClock() *TestClock { return &TestClock{real: time.Now} }

// Now returns the clock's current time.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen != nil {
		return *c.frozen
	}
	return c.real().Add(c.offset)
}

// Set moves the clock to t; it keeps running unless freeze is true.
func (c *TestClock) Set(t time.Time, freeze bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if freeze {
		c.frozen = &t
		return
	}
	c.frozen = nil
	c.offset = t.Sub(c.real())
}

// Advance moves the clock forward by d (backward if negative).
func (c *TestClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen != nil {
		t := c.frozen.Add(d)
		c.frozen = &t
		return
	}
	c.offset += d
}

// Frozen reports whether the clock stands still.
func (c *TestClock) Frozen() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frozen != nil
}
