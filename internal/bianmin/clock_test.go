package bianmin

import (
	"sync"
	"testing"
	"time"
)

// fakeReal is a stand-in for the wall clock under a TestClock, so that
// running-clock cases give exact results.
type fakeReal struct {
	mu  sync.Mutex
	now time.Time
}

func (f *fakeReal) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeReal) pass(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func newFakeClock() (*TestClock, *fakeReal) {
	r := &fakeReal{now: time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)}
	return &TestClock{real: r.Now}, r
}

func TestTestClock(t *testing.T) {
	t0 := time.Date(2026, 1, 30, 8, 59, 0, 0, Shanghai)
	type step struct {
		op         string // "set", "freeze", "advance", "pass" (real time passes), "unfreeze"
		t          time.Time
		d          time.Duration
		want       time.Time
		wantFrozen bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"starts at real time", []step{
			{op: "pass", d: 0, want: time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC)},
			{op: "pass", d: time.Hour, want: time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)},
		}},
		{"set keeps running", []step{
			{op: "set", t: t0, want: t0},
			{op: "pass", d: 90 * time.Second, want: t0.Add(90 * time.Second)},
		}},
		{"freeze stands still", []step{
			{op: "freeze", t: t0, want: t0, wantFrozen: true},
			{op: "pass", d: 3 * time.Hour, want: t0, wantFrozen: true},
		}},
		{"advance while frozen", []step{
			{op: "freeze", t: t0, want: t0, wantFrozen: true},
			{op: "advance", d: 24 * time.Hour, want: t0.Add(24 * time.Hour), wantFrozen: true},
			{op: "advance", d: -time.Minute, want: t0.Add(24*time.Hour - time.Minute), wantFrozen: true},
			{op: "pass", d: time.Hour, want: t0.Add(24*time.Hour - time.Minute), wantFrozen: true},
		}},
		{"advance while running", []step{
			{op: "set", t: t0, want: t0},
			{op: "advance", d: 2 * time.Hour, want: t0.Add(2 * time.Hour)},
			{op: "pass", d: time.Second, want: t0.Add(2*time.Hour + time.Second)},
			{op: "advance", d: -30 * time.Minute, want: t0.Add(90*time.Minute + time.Second)},
		}},
		{"unfreeze runs on from where it stood", []step{
			{op: "freeze", t: t0, want: t0, wantFrozen: true},
			{op: "pass", d: time.Hour, want: t0, wantFrozen: true},
			{op: "unfreeze", want: t0},
			{op: "pass", d: time.Minute, want: t0.Add(time.Minute)},
		}},
		{"set while frozen unfreezes", []step{
			{op: "freeze", t: t0, want: t0, wantFrozen: true},
			{op: "set", t: t0.Add(-48 * time.Hour), want: t0.Add(-48 * time.Hour)},
			{op: "pass", d: time.Second, want: t0.Add(-48*time.Hour + time.Second)},
		}},
		{"freeze while running, advance, run again", []step{
			{op: "set", t: t0, want: t0},
			{op: "pass", d: 10 * time.Second, want: t0.Add(10 * time.Second)},
			{op: "freeze", t: t0.Add(time.Hour), want: t0.Add(time.Hour), wantFrozen: true},
			{op: "advance", d: time.Minute, want: t0.Add(time.Hour + time.Minute), wantFrozen: true},
			{op: "unfreeze", want: t0.Add(time.Hour + time.Minute)},
			{op: "pass", d: time.Second, want: t0.Add(time.Hour + time.Minute + time.Second)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, real := newFakeClock()
			for i, s := range tt.steps {
				switch s.op {
				case "set":
					c.Set(s.t, false)
				case "freeze":
					c.Set(s.t, true)
				case "unfreeze":
					c.Set(c.Now(), false)
				case "advance":
					c.Advance(s.d)
				case "pass":
					real.pass(s.d)
				}
				if got := c.Now(); !got.Equal(s.want) {
					t.Fatalf("step %d (%s): Now() = %v, want %v", i, s.op, got, s.want)
				}
				if c.Frozen() != s.wantFrozen {
					t.Fatalf("step %d (%s): Frozen() = %v, want %v", i, s.op, c.Frozen(), s.wantFrozen)
				}
			}
		})
	}
}

func TestNewTestClockFollowsTheWallClock(t *testing.T) {
	c := NewTestClock()
	before := time.Now()
	got := c.Now()
	after := time.Now()
	if got.Before(before) || got.After(after) || c.Frozen() {
		t.Fatalf("Now() = %v, want within [%v, %v], running", got, before, after)
	}
	var _ Clock = c
	var _ Clock = SystemClock{}
	if d := time.Since(SystemClock{}.Now()); d < 0 || d > time.Minute {
		t.Fatalf("SystemClock is %v away from time.Now", d)
	}
}

// Run with -race: readers and writers of one clock from many goroutines, as
// the /api/v1/test/clock handler and every request do. Each frozen advance
// must land exactly once.
func TestTestClockConcurrent(t *testing.T) {
	c := NewTestClock()
	t0 := time.Date(2026, 10, 8, 23, 59, 59, 0, Shanghai)
	c.Set(t0, true)
	const writers, readers, steps = 8, 8, 500
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range steps {
				c.Advance(time.Millisecond)
			}
		})
	}
	for range readers {
		wg.Go(func() {
			prev := c.Now()
			for range steps {
				now := c.Now()
				if now.Before(prev) {
					t.Errorf("frozen clock with forward advances went back: %v after %v", now, prev)
					return
				}
				prev = now
				_ = c.Frozen()
			}
		})
	}
	wg.Wait()
	if want := t0.Add(writers * steps * time.Millisecond); !c.Now().Equal(want) {
		t.Fatalf("after concurrent advances Now() = %v, want %v", c.Now(), want)
	}

	// Mixed Set, freeze, unfreeze and Advance: only the absence of races and
	// panics is checked here.
	for i := range writers {
		wg.Go(func() {
			for j := range steps {
				switch (i + j) % 4 {
				case 0:
					c.Set(t0.Add(time.Duration(j)*time.Second), true)
				case 1:
					c.Set(t0, false)
				case 2:
					c.Advance(-time.Second)
				case 3:
					_ = LocalDate(c.Now())
				}
			}
		})
	}
	wg.Wait()
}

func TestLocalDate(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"UTC afternoon is Shanghai's same day", time.Date(2026, 3, 1, 15, 59, 59, 999999999, time.UTC), "2026-03-01"},
		{"UTC 16:00 is Shanghai's midnight", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), "2026-03-02"},
		{"UTC morning", time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC), "2026-03-02"},
		{"last nanosecond of a Shanghai day", time.Date(2026, 3, 1, 23, 59, 59, 999999999, Shanghai), "2026-03-01"},
		{"Shanghai midnight", time.Date(2026, 3, 2, 0, 0, 0, 0, Shanghai), "2026-03-02"},
		{"year boundary", time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC), "2026-01-01"},
		{"before the year boundary", time.Date(2025, 12, 31, 15, 59, 59, 0, time.UTC), "2025-12-31"},
		{"leap day", time.Date(2024, 2, 28, 16, 0, 0, 0, time.UTC), "2024-02-29"},
		{"New York evening", time.Date(2026, 7, 1, 12, 0, 0, 0, ny), "2026-07-02"}, // 16:00 UTC
		{"fixed +08:00 zone", time.Date(2026, 7, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), "2026-07-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LocalDate(tt.at); got != tt.want {
				t.Errorf("LocalDate(%v) = %s, want %s", tt.at, got, tt.want)
			}
		})
	}
	if Shanghai.String() != "Asia/Shanghai" {
		t.Errorf("Shanghai = %q", Shanghai)
	}
}
