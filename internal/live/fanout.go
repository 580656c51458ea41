package live

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Loader reads a centre's hall state, encoded as JSON. The fan-out calls it
// once for all the screens of a centre, never once per screen.
type Loader func(ctx context.Context, centreID int64) ([]byte, error)

// Message is an announcement for a screen: its kind (EventCall or
// EventRecall) and its JSON, encoded once for every screen.
type Message struct {
	Kind string
	Data []byte
}

// Fanout feeds the screens of many centres. Per centre it keeps one hub
// subscription and one goroutine that forwards calls and recalls at once
// and turns a burst of changes into a single state read, whatever the
// number of screens: a thousand displays cost one query per burst.
type Fanout struct {
	hub    *Hub
	load   Loader
	encode func(Event) ([]byte, error)

	// Window is how long the first change of a burst waits for the rest
	// before the one read that serves them all.
	Window time.Duration
	// Buffer is how many announcements a screen may fall behind before it
	// loses some; it never loses the next state.
	Buffer int
	// OnError reports a failed state read; the read is retried.
	OnError func(centreID int64, err error)

	mu    sync.Mutex
	casts map[int64]*cast
	reads atomic.Int64
}

// NewFanout returns a fan-out over hub that reads state with load and
// encodes announcements with encode.
func NewFanout(hub *Hub, load Loader, encode func(Event) ([]byte, error)) *Fanout {
	return &Fanout{hub: hub, load: load, encode: encode, Window: 100 * time.Millisecond, Buffer: 16,
		casts: map[int64]*cast{}}
}

// Reads is how many state reads the fan-out has made.
func (f *Fanout) Reads() int64 { return f.reads.Load() }

// readTimeout bounds one state read.
const readTimeout = 10 * time.Second

// retryAfterError spaces reads after a failed one.
const retryAfterError = time.Second

// Join connects a screen of a centre. It gets the centre's last state at
// once if there is one, else as soon as it is read.
func (f *Fanout) Join(centreID int64) *Client {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.casts[centreID]
	if c == nil {
		c = &cast{f: f, centreID: centreID, clients: map[*Client]struct{}{},
			kick: make(chan struct{}, 1), stop: make(chan struct{})}
		f.casts[centreID] = c
		sub, unsubscribe := f.hub.Subscribe(centreID, 256)
		go c.run(sub, unsubscribe)
	}
	cl := &Client{cast: c, events: make(chan Message, f.Buffer), ready: make(chan struct{}, 1), done: make(chan struct{})}
	c.add(cl)
	return cl
}

func (f *Fanout) leave(cl *Client) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := cl.cast
	if c.remove(cl) == 0 && f.casts[c.centreID] == c {
		delete(f.casts, c.centreID)
		close(c.stop)
	}
}

// Client is one connected screen.
type Client struct {
	cast   *cast
	events chan Message
	ready  chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	state  []byte
	once   sync.Once
}

// Announcements delivers calls and recalls; when the screen falls behind,
// the oldest it has not taken are kept and newer ones are lost.
func (cl *Client) Announcements() <-chan Message { return cl.events }

// Updated signals that a new state waits in State.
func (cl *Client) Updated() <-chan struct{} { return cl.ready }

// State takes the newest state not yet taken, or nil. A slow screen skips
// the states it missed and gets the newest.
func (cl *Client) State() []byte {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	s := cl.state
	cl.state = nil
	return s
}

// Done is closed when the hub closes (server shutdown).
func (cl *Client) Done() <-chan struct{} { return cl.done }

// Leave disconnects the screen; the centre's goroutine ends with its last screen.
func (cl *Client) Leave() { cl.once.Do(func() { cl.cast.f.leave(cl) }) }

func (cl *Client) offer(state []byte) {
	cl.mu.Lock()
	cl.state = state
	cl.mu.Unlock()
	select {
	case cl.ready <- struct{}{}:
	default:
	}
}

// cast is the fan-out of one centre.
type cast struct {
	f        *Fanout
	centreID int64
	mu       sync.Mutex
	clients  map[*Client]struct{}
	state    []byte
	ended    bool
	kick     chan struct{} // a screen joined before any state was read
	stop     chan struct{} // the last screen left
}

func (c *cast) add(cl *Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		close(cl.done)
		return
	}
	c.clients[cl] = struct{}{}
	if c.state != nil {
		cl.offer(c.state)
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *cast) remove(cl *Client) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.clients, cl)
	return len(c.clients)
}

type loaded struct {
	data []byte
	err  error
}

// run is the centre's loop. Announcements go out as they come; changes
// mark the state dirty, and a dirty state is read once per Window, never
// twice at the same time.
func (c *cast) run(sub <-chan Event, unsubscribe func()) {
	defer unsubscribe()
	var timer *time.Timer
	var due <-chan time.Time
	arm := func(d time.Duration) {
		if due == nil {
			timer = time.NewTimer(d)
			due = timer.C
		}
	}
	reading, dirty := false, false
	results := make(chan loaded, 1)
	read := func() {
		reading, dirty = true, false
		if due != nil {
			timer.Stop()
			due = nil
		}
		c.f.reads.Add(1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
			defer cancel()
			data, err := c.f.load(ctx, c.centreID)
			results <- loaded{data, err}
		}()
	}
	for {
		select {
		case <-c.stop:
			return
		case <-c.f.hub.Done():
			c.end()
			return
		case ev := <-sub:
			if ev.Announced() {
				c.announce(ev)
			}
			dirty = true
			if !reading {
				arm(c.f.Window)
			}
		case <-c.kick:
			if !reading {
				read()
			}
		case <-due:
			due = nil
			read()
		case r := <-results:
			reading = false
			if r.err != nil {
				if c.f.OnError != nil {
					c.f.OnError(c.centreID, r.err)
				}
				dirty = true
				arm(retryAfterError)
				continue
			}
			c.publishState(r.data)
			if dirty {
				arm(c.f.Window)
			}
		}
	}
}

func (c *cast) announce(ev Event) {
	data, err := c.f.encode(ev)
	if err != nil {
		if c.f.OnError != nil {
			c.f.OnError(c.centreID, err)
		}
		return
	}
	msg := Message{Kind: ev.Kind, Data: data}
	c.mu.Lock()
	defer c.mu.Unlock()
	for cl := range c.clients {
		select {
		case cl.events <- msg:
		default: // a slow screen loses this one; its next state still shows the call
		}
	}
}

func (c *cast) publishState(data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = data
	for cl := range c.clients {
		cl.offer(data)
	}
}

// end closes every screen's Done when the hub closes.
func (c *cast) end() {
	c.f.mu.Lock()
	if c.f.casts[c.centreID] == c {
		delete(c.f.casts, c.centreID)
	}
	c.f.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ended = true
	for cl := range c.clients {
		close(cl.done)
	}
	c.clients = map[*Client]struct{}{}
}
