package web

import (
	"fmt"
	"net/http"
	"time"

	"bianmin/internal/live"
)

// Timings of the display's event stream; tests shorten them.
var (
	// sseRetry is what a browser waits before reconnecting a dropped stream.
	sseRetry = 2 * time.Second
	// sseHeartbeat keeps proxies from closing an idle stream and lets the
	// page notice a stream that silently died.
	sseHeartbeat = 15 * time.Second
	// sseMaxAge ends a stream now and then, so that the device's token is
	// checked again on reconnect: a revoked display stops receiving.
	sseMaxAge = 30 * time.Minute
)

// sseStream writes Server-Sent Events, flushing each one.
type sseStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// startSSE sends the stream's headers and its retry interval. The
// server-wide write deadline, if any, is lifted for this stream only.
func startSSE(w http.ResponseWriter) (*sseStream, error) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // not supported by every writer; then there is no deadline to lift
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // a buffering reverse proxy would hold calls back
	w.WriteHeader(http.StatusOK)
	st := &sseStream{w: w, rc: rc}
	return st, st.retry(sseRetry)
}

// retry tells the browser how long to wait before reconnecting.
func (st *sseStream) retry(d time.Duration) error {
	return st.write(fmt.Sprintf("retry: %d\n\n", d.Milliseconds()))
}

// event sends one named event; data is one line of JSON. The parts go to
// the response's buffer one by one: a call to a thousand screens copies
// its data a thousand times, but allocates nothing for it.
func (st *sseStream) event(name string, data []byte) error {
	for _, part := range [][]byte{eventField, []byte(name), dataField, data, frameEnd} {
		if _, err := st.w.Write(part); err != nil {
			return err
		}
	}
	return st.rc.Flush()
}

var (
	eventField = []byte("event: ")
	dataField  = []byte("\ndata: ")
	frameEnd   = []byte("\n\n")
)

// heartbeat is a comment, which EventSource ignores, followed by a ping
// event, which the page's watchdog sees: a stream that stops beating is
// reconnected even when the network never reported it dead.
func (st *sseStream) heartbeat() error {
	return st.write(": heartbeat\nevent: ping\ndata: 1\n\n")
}

func (st *sseStream) write(s string) error {
	if _, err := st.w.Write([]byte(s)); err != nil {
		return err
	}
	return st.rc.Flush()
}

// events streams a display's hall to it: first a state event, then every
// call and recall at once and a state whenever the hall changed (at most
// one read per burst for all screens of the centre, see live.Fanout). It
// ends when the display goes away, the server shuts down or the stream
// reaches sseMaxAge. Once streaming, errors only end the stream: nothing
// else may be written into it.
func (d *hallScreens) events(w http.ResponseWriter, r *http.Request) error {
	cl := d.fan.Join(req(r).Device.CentreID)
	defer cl.Leave()
	st, err := startSSE(w)
	if err != nil {
		return nil
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	maxAge := time.NewTimer(sseMaxAge)
	defer maxAge.Stop()
	stated := false
	for {
		// Announcements wait until the screen has its first state, so that
		// a call is never shown on a screen that shows nothing else yet.
		var calls <-chan live.Message
		if stated {
			calls = cl.Announcements()
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-cl.Done():
			return nil
		case <-maxAge.C:
			st.retry(200 * time.Millisecond) // back at once, with the token checked again
			return nil
		case <-beat.C:
			err = st.heartbeat()
		case <-cl.Updated():
			if s := cl.State(); s != nil {
				err, stated = st.event("state", s), true
			}
		case m := <-calls:
			err = st.event(m.Kind, m.Data)
		}
		if err != nil {
			return nil
		}
	}
}
