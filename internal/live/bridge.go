package live

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgxlisten"

	"bianmin/internal/bianmin"
)

// Channel is the PostgreSQL notification channel of hall events.
const Channel = "bianmin_live"

// maxPayload keeps a notification well under PostgreSQL's 8000-byte limit.
const maxPayload = 4000

// reconnectDelay is how long the listener waits before reconnecting after
// the database connection is lost.
const reconnectDelay = 2 * time.Second

// BridgeConfig is what a bridge needs.
type BridgeConfig struct {
	DSN   string // the store's postgres:// URL
	Hub   *Hub
	Clock bianmin.Clock
	Log   *slog.Logger
	// ReconnectDelay overrides the 2 s wait before reconnecting (tests).
	ReconnectDelay time.Duration
}

// Bridge carries hub events between the instances sharing one PostgreSQL
// database: the hub's own events are sent with pg_notify once they are
// published (after commit), and a pgxlisten listener on a connection of
// its own delivers the other instances' events to the local hub.
type Bridge struct {
	cfg    BridgeConfig
	pool   *pgxpool.Pool
	out    chan Event
	cancel context.CancelFunc
	wg     sync.WaitGroup
	ready  chan struct{}
	once   sync.Once
}

// StartBridge connects the sender, starts the listener and installs itself
// as the hub's relay. The listener keeps reconnecting until Close.
func StartBridge(ctx context.Context, cfg BridgeConfig) (*Bridge, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = bianmin.SystemClock{}
	}
	if cfg.ReconnectDelay == 0 {
		cfg.ReconnectDelay = reconnectDelay
	}
	if !strings.HasPrefix(cfg.DSN, "postgres://") && !strings.HasPrefix(cfg.DSN, "postgresql://") {
		// SQLite runs one instance per database file: nobody to relay to.
		return nil, errors.New("live: the bridge between instances needs a PostgreSQL database")
	}
	pcfg, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, err
	}
	pcfg.MaxConns = 2
	pcfg.ConnConfig.RuntimeParams["application_name"] = "bianmin live notify"
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, err
	}
	lcfg := pcfg.ConnConfig.Copy()
	lcfg.RuntimeParams["application_name"] = "bianmin live listen"
	runCtx, cancel := context.WithCancel(context.Background())
	b := &Bridge{cfg: cfg, pool: pool, out: make(chan Event, 1024), cancel: cancel, ready: make(chan struct{})}
	l := &pgxlisten.Listener{
		Connect:        func(ctx context.Context) (*pgx.Conn, error) { return pgx.ConnectConfig(ctx, lcfg.Copy()) },
		LogError:       b.logError,
		ReconnectDelay: cfg.ReconnectDelay,
	}
	l.Handle(Channel, listenHandler{b})
	b.wg.Add(2)
	go func() { defer b.wg.Done(); l.Listen(runCtx) }()
	go func() { defer b.wg.Done(); b.send(runCtx) }()
	cfg.Hub.SetRelay(b.relay)
	return b, nil
}

// Ready is closed once the listener has issued its first LISTEN.
func (b *Bridge) Ready() <-chan struct{} { return b.ready }

// Close stops relaying, listening and sending; events not yet sent are dropped.
func (b *Bridge) Close() {
	b.cfg.Hub.SetRelay(nil)
	b.cancel()
	b.wg.Wait()
	b.pool.Close()
}

// relay queues one of this instance's events for the other instances.
// It runs in the publisher's after-commit hook, so it never waits.
func (b *Bridge) relay(ev Event) {
	select {
	case b.out <- ev:
	default:
		b.cfg.Log.Warn("live bridge: queue full, event not sent to other instances", "centre", ev.CentreID, "kind", ev.Kind)
	}
}

// send notifies the events in order, one statement each.
func (b *Bridge) send(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-b.out:
			payload := encodePayload(ev)
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := b.pool.Exec(sctx, "SELECT pg_notify($1, $2)", Channel, string(payload))
			cancel()
			if err != nil && ctx.Err() == nil {
				b.cfg.Log.Warn("live bridge: notify failed", "centre", ev.CentreID, "kind", ev.Kind, "err", err.Error())
			}
		}
	}
}

// encodePayload encodes an event for NOTIFY. An event that would not fit
// (it cannot with ticket codes and window numbers, but the limit is hard)
// goes as a bare change, which makes every screen re-read its state.
func encodePayload(ev Event) []byte {
	data, _ := json.Marshal(ev)
	if len(data) <= maxPayload {
		return data
	}
	data, _ = json.Marshal(Event{CentreID: ev.CentreID, Kind: EventChange, At: ev.At, Origin: ev.Origin})
	return data
}

func (b *Bridge) logError(ctx context.Context, err error) {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return
	}
	b.cfg.Log.Warn("live bridge: listener", "err", err.Error())
}

type listenHandler struct{ b *Bridge }

// HandleNotification delivers another instance's event to this hub.
func (h listenHandler) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	var ev Event
	if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
		return err
	}
	if ev.Origin == h.b.cfg.Hub.ID() || ev.CentreID == 0 {
		return nil
	}
	h.b.cfg.Hub.Deliver(ev)
	return nil
}

// HandleBacklog runs after every LISTEN, the first and each one after a
// reconnect: notifications sent while the connection was down are lost, so
// every centre with screens here gets a change and its screens re-read.
func (h listenHandler) HandleBacklog(context.Context, string, *pgx.Conn) error {
	h.b.once.Do(func() { close(h.b.ready) })
	now := h.b.cfg.Clock.Now().UTC()
	for _, id := range h.b.cfg.Hub.Centres() {
		h.b.cfg.Hub.Deliver(Event{CentreID: id, Kind: EventChange, At: now})
	}
	return nil
}
