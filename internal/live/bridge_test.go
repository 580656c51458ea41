package live

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/internal/queue"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

func startTestBridge(t *testing.T, dsn string, h *Hub) *Bridge {
	t.Helper()
	b, err := StartBridge(context.Background(), BridgeConfig{DSN: dsn, Hub: h, ReconnectDelay: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	select {
	case <-b.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("bridge did not start listening")
	}
	return b
}

// forEachBridgeEngine runs fn on PostgreSQL, where instances share events.
// On SQLite, one instance per database file by design, it checks instead
// that no bridge starts and the hub keeps delivering only locally.
func forEachBridgeEngine(t *testing.T, fn func(t *testing.T, dsn string)) {
	for _, e := range testutil.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			dsn := testutil.MustDSN(t, e)
			if e == store.Postgres {
				fn(t, dsn)
				return
			}
			h := NewHub()
			if b, err := StartBridge(context.Background(), BridgeConfig{DSN: dsn, Hub: h}); err == nil {
				b.Close()
				t.Fatal("a bridge started on a SQLite database")
			}
			ch, cancel := h.Subscribe(1, 1)
			defer cancel()
			h.Publish(Event{CentreID: 1, Kind: EventChange})
			next(t, ch, time.Second)
		})
	}
}

func next(t *testing.T, ch <-chan Event, within time.Duration) Event {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(within):
		t.Fatal("no event")
	}
	return Event{}
}

// TestBridgeCarriesEventsBetweenInstances: a call published on one
// instance reaches the screens of another within a second, exactly once,
// and never comes back to its own instance a second time.
func TestBridgeCarriesEventsBetweenInstances(t *testing.T) {
	forEachBridgeEngine(t, func(t *testing.T, dsn string) {
		h1, h2 := NewHub(), NewHub()
		startTestBridge(t, dsn, h1)
		startTestBridge(t, dsn, h2)
		own, c1 := h1.Subscribe(5, 8)
		defer c1()
		other, c2 := h2.Subscribe(5, 8)
		defer c2()
		a := queue.Announce("A023", "5")
		sent := time.Now()
		h1.Publish(Event{CentreID: 5, Kind: EventCall, Code: "A023", WindowNumber: "5", Announcement: &a, At: sent.UTC()})
		ev := next(t, other, time.Second)
		if ev.Kind != EventCall || ev.Code != "A023" || ev.Announcement == nil || ev.Announcement.Text != a.Text || ev.Origin != h1.ID() {
			t.Fatalf("other instance got %+v", ev)
		}
		t.Logf("NOTIFY to other instance: %v", time.Since(sent))
		if ev := next(t, own, time.Second); ev.Code != "A023" {
			t.Fatalf("own instance got %+v", ev)
		}
		time.Sleep(200 * time.Millisecond)
		select {
		case ev := <-own:
			t.Fatalf("own event came back: %+v", ev)
		case ev := <-other:
			t.Fatalf("other instance got the event twice: %+v", ev)
		default:
		}
	})
}

// TestBridgeRereadsAfterReconnect: when the listening connection drops,
// notifications sent meanwhile are lost, so after reconnecting every centre
// with screens gets a change and its screens re-read.
func TestBridgeRereadsAfterReconnect(t *testing.T) {
	forEachBridgeEngine(t, func(t *testing.T, dsn string) {
		h := NewHub()
		startTestBridge(t, dsn, h)
		ch, cancel := h.Subscribe(9, 8)
		defer cancel()
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(u.Path, "/")
		var n int
		if err := db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = $1 AND application_name = 'bianmin live listen'`, name).Scan(&n); err != nil || n != 1 {
			t.Fatalf("terminated %d listeners: %v", n, err)
		}
		ev := next(t, ch, 5*time.Second)
		if ev.Kind != EventChange || ev.CentreID != 9 {
			t.Fatalf("after reconnect got %+v", ev)
		}
	})
}

func TestEncodePayloadStaysSmall(t *testing.T) {
	a := queue.Announce(strings.Repeat("A", 5000), "1")
	p := encodePayload(Event{CentreID: 1, Kind: EventCall, Announcement: &a})
	if len(p) > maxPayload || !strings.Contains(string(p), `"kind":"change"`) {
		t.Fatalf("payload of %d bytes: %.80s", len(p), p)
	}
}
