package live

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// counter is a loader whose state is the number of reads so far.
type counter struct {
	n     atomic.Int64
	delay time.Duration
}

func (c *counter) load(ctx context.Context, centreID int64) ([]byte, error) {
	if c.delay > 0 {
		time.Sleep(c.delay)
	}
	return []byte(strconv.FormatInt(c.n.Add(1), 10)), nil
}

func newTestFanout(c *counter) (*Hub, *Fanout) {
	h := NewHub()
	f := NewFanout(h, c.load, func(ev Event) ([]byte, error) { return json.Marshal(ev) })
	f.Window = 30 * time.Millisecond
	return h, f
}

// waitState waits for the client's next state.
func waitState(t *testing.T, cl *Client, within time.Duration) string {
	t.Helper()
	select {
	case <-cl.Updated():
		if s := cl.State(); s != nil {
			return string(s)
		}
		return waitState(t, cl, within)
	case <-time.After(within):
		t.Fatal("no state")
	}
	return ""
}

func TestFanoutJoinGetsStateFromOneRead(t *testing.T) {
	c := &counter{}
	_, f := newTestFanout(c)
	a := f.Join(1)
	defer a.Leave()
	if s := waitState(t, a, time.Second); s != "1" {
		t.Fatalf("first state %q", s)
	}
	// Later screens get the state already read.
	for i := 0; i < 50; i++ {
		b := f.Join(1)
		if s := waitState(t, b, time.Second); s != "1" {
			t.Fatalf("joined screen got %q", s)
		}
		defer b.Leave()
	}
	if f.Reads() != 1 {
		t.Fatalf("%d reads for 51 screens, want 1", f.Reads())
	}
}

// TestFanoutCoalescesBurst: 100 changes from a console burst and 200
// screens cost a handful of reads, and every screen ends on the newest state.
func TestFanoutCoalescesBurst(t *testing.T) {
	c := &counter{delay: 5 * time.Millisecond}
	h, f := newTestFanout(c)
	var screens []*Client
	for i := 0; i < 200; i++ {
		cl := f.Join(1)
		defer cl.Leave()
		screens = append(screens, cl)
	}
	waitState(t, screens[0], time.Second)
	before := f.Reads()
	for i := 0; i < 100; i++ {
		h.Publish(Event{CentreID: 1, Kind: EventChange})
	}
	time.Sleep(300 * time.Millisecond)
	reads := f.Reads() - before
	if reads < 1 || reads > 2 {
		t.Fatalf("%d reads for a burst of 100 changes, want 1 or 2", reads)
	}
	want := strconv.FormatInt(c.n.Load(), 10)
	for i, cl := range screens {
		var last string
		for s := cl.State(); s != nil; s = cl.State() {
			last = string(s)
		}
		if last != want {
			t.Fatalf("screen %d ends on state %q, want %q", i, last, want)
		}
	}
}

// TestFanoutCallsGoOutAtOnce: an announcement does not wait for the
// state read, however slow it is.
func TestFanoutCallsGoOutAtOnce(t *testing.T) {
	c := &counter{delay: time.Second}
	h, f := newTestFanout(c)
	cl := f.Join(1)
	defer cl.Leave()
	waitState(t, cl, 3*time.Second)
	start := time.Now()
	h.Publish(Event{CentreID: 1, Kind: EventCall, Code: "A023", WindowNumber: "5"})
	select {
	case m := <-cl.Announcements():
		if m.Kind != EventCall || !json.Valid(m.Data) {
			t.Fatalf("message %+v", m)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Fatalf("call took %v: it waited for the state read", d)
		}
	case <-time.After(time.Second):
		t.Fatal("call not forwarded")
	}
	// The call also refreshes the state.
	waitState(t, cl, 3*time.Second)
}

// TestFanoutSlowScreen: a screen that reads nothing loses announcements
// but does not hold up the others, and still gets the newest state.
func TestFanoutSlowScreen(t *testing.T) {
	c := &counter{}
	h, f := newTestFanout(c)
	slow, fast := f.Join(1), f.Join(1)
	defer slow.Leave()
	defer fast.Leave()
	waitState(t, fast, time.Second)
	got := 0
	for i := 0; i < 3*f.Buffer; i++ {
		h.Publish(Event{CentreID: 1, Kind: EventRecall, Code: fmt.Sprintf("A%03d", i)})
		select {
		case <-fast.Announcements():
			got++
		case <-time.After(time.Second):
			t.Fatalf("fast screen stalled at %d", i)
		}
	}
	if got != 3*f.Buffer {
		t.Fatalf("fast screen got %d", got)
	}
	if n := len(slow.Announcements()); n != f.Buffer {
		t.Fatalf("slow screen holds %d announcements, want its buffer %d", n, f.Buffer)
	}
	time.Sleep(100 * time.Millisecond)
	var last string
	for s := slow.State(); s != nil; s = slow.State() {
		last = string(s)
	}
	if want := strconv.FormatInt(c.n.Load(), 10); last != want {
		t.Fatalf("slow screen's state %q, want newest %q", last, want)
	}
}

func TestFanoutEndsWithLastScreenAndHub(t *testing.T) {
	c := &counter{}
	h, f := newTestFanout(c)
	a, b := f.Join(1), f.Join(2)
	waitState(t, a, time.Second)
	a.Leave()
	a.Leave()
	f.mu.Lock()
	_, alive := f.casts[1]
	f.mu.Unlock()
	if alive {
		t.Fatal("centre 1 still fanned out without screens")
	}
	h.Close()
	select {
	case <-b.Done():
	case <-time.After(time.Second):
		t.Fatal("screen not ended by the hub's close")
	}
	b.Leave()
	late := f.Join(2)
	select {
	case <-late.Done():
	case <-time.After(time.Second):
		t.Fatal("a screen joining a closed hub is not ended")
	}
}
