// Package live fans out hall events (calls, recalls, window and queue
// changes) to the displays, consoles and pads connected to this instance,
// and, on PostgreSQL, to every other instance through LISTEN/NOTIFY.
package live

import (
	"crypto/rand"
	"encoding/hex"
	"sort"
	"sync"
	"time"

	"bianmin/internal/queue"
)

// Event is one change in a hall, published after its transaction commits.
type Event struct {
	CentreID     int64               `json:"centre_id"`
	Kind         string              `json:"kind"` // EventCall, EventRecall, EventChange
	TicketID     int64               `json:"ticket_id,omitempty"`
	Code         string              `json:"code,omitempty"`
	WindowID     int64               `json:"window_id,omitempty"`
	WindowNumber string              `json:"window_number,omitempty"`
	Announcement *queue.Announcement `json:"announcement,omitempty"`
	At           time.Time           `json:"at"`
	Origin       string              `json:"origin,omitempty"` // instance that published it
}

// Event kinds: a call and a recall are announced; any other change (issue,
// start, finish, pause, transfer …) only refreshes what screens show.
const (
	EventCall   = "call"
	EventRecall = "recall"
	EventChange = "change"
)

// Announced reports whether the event is said aloud in the hall.
func (ev Event) Announced() bool { return ev.Kind == EventCall || ev.Kind == EventRecall }

// Hub delivers events to subscribers of a centre. Slow subscribers lose
// events rather than stall the publisher; a screen re-reads the hall's
// state whenever it receives anything, so a lost change heals itself.
type Hub struct {
	id     string
	mu     sync.Mutex
	subs   map[int64]map[chan Event]struct{}
	closed bool
	done   chan struct{}
	relay  func(Event)
}

// NewHub returns an empty hub with a random instance ID.
func NewHub() *Hub {
	b := make([]byte, 8)
	rand.Read(b)
	return &Hub{id: hex.EncodeToString(b), subs: map[int64]map[chan Event]struct{}{}, done: make(chan struct{})}
}

// ID is this instance's ID, the Origin of the events it publishes: the
// bridge uses it to ignore its own notifications coming back.
func (h *Hub) ID() string { return h.id }

// Subscribe returns a channel of the centre's events and a function that
// ends the subscription. Subscribers also watch Done: the channel itself is
// never closed, so a forgotten ok-check cannot spin on it.
func (h *Hub) Subscribe(centreID int64, buffer int) (<-chan Event, func()) {
	ch := make(chan Event, buffer)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ch, func() {}
	}
	if h.subs[centreID] == nil {
		h.subs[centreID] = map[chan Event]struct{}{}
	}
	h.subs[centreID][ch] = struct{}{}
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if set := h.subs[centreID]; set != nil {
			delete(set, ch)
			if len(set) == 0 {
				delete(h.subs, centreID)
			}
		}
	}
}

// Publish delivers an event of this instance to its subscribers and hands
// it to the relay (the PostgreSQL bridge) for the other instances.
func (h *Hub) Publish(ev Event) {
	if ev.Origin == "" {
		ev.Origin = h.id
	}
	relay := h.deliver(ev)
	if relay != nil {
		relay(ev)
	}
}

// Deliver hands an event that came from another instance to this
// instance's subscribers only, so that it is never relayed back.
func (h *Hub) Deliver(ev Event) { h.deliver(ev) }

func (h *Hub) deliver(ev Event) (relay func(Event)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[ev.CentreID] {
		select {
		case ch <- ev:
		default:
		}
	}
	return h.relay
}

// SetRelay installs (or, with nil, removes) the function that carries
// this instance's events to other instances.
func (h *Hub) SetRelay(f func(Event)) {
	h.mu.Lock()
	h.relay = f
	h.mu.Unlock()
}

// Centres lists the centres that have subscribers, in ID order.
func (h *Hub) Centres() []int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]int64, 0, len(h.subs))
	for id := range h.subs {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Done is closed when the hub closes.
func (h *Hub) Done() <-chan struct{} { return h.done }

// Close stops delivery and closes Done: streams to hall screens finish, so
// that an HTTP server shutdown does not wait for them. Publishing on a
// closed hub does nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	h.subs = map[int64]map[chan Event]struct{}{}
	h.relay = nil
}
