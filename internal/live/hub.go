// Package live fans out hall events (calls, recalls, window and queue
// changes) to the displays, consoles and pads connected to this instance,
// and, on PostgreSQL, to every other instance through LISTEN/NOTIFY.
package live

import (
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

// Hub delivers events to subscribers of a centre. Slow subscribers lose
// events rather than stall the publisher; a screen re-reads the hall's
// state whenever it receives anything, so a lost change heals itself.
type Hub struct {
	mu   sync.Mutex
	subs map[int64]map[chan Event]struct{}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[int64]map[chan Event]struct{}{}} }

// Subscribe returns a channel of the centre's events and a function that
// ends the subscription.
func (h *Hub) Subscribe(centreID int64, buffer int) (<-chan Event, func()) {
	ch := make(chan Event, buffer)
	h.mu.Lock()
	if h.subs[centreID] == nil {
		h.subs[centreID] = map[chan Event]struct{}{}
	}
	h.subs[centreID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[centreID], ch)
		h.mu.Unlock()
	}
}

// Publish delivers an event to this instance's subscribers of its centre.
func (h *Hub) Publish(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[ev.CentreID] {
		select {
		case ch <- ev:
		default:
		}
	}
}
