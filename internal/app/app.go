// Package app is the composition root: it opens the store, checks the policy,
// wires the service and the web server, runs the background jobs and owns
// the shutdown order.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/demo"
	"bianmin/internal/live"
	"bianmin/internal/pii"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/web"
)

// Config is everything `bianmin serve` can be told.
type Config struct {
	Addr       string
	DB         string
	Demo       bool
	TestClock  bool
	TLSCert    string
	TLSKey     string
	PolicyFile string // validated at start; applied as a new version when it differs
	// KeyFile holds the master key that seals personal data (SECURITY.md
	// item 18). Empty: bianmin.key beside a SQLite file, or in the data
	// directory for PostgreSQL; created on first start. Every instance of
	// one database must use the same key.
	KeyFile      string
	DataDir      string // where a default key file goes for PostgreSQL
	SMSWebhook   string // URL of the SMS gateway's webhook for outbox messages (C-7); empty records them only
	MetricsAllow []netip.Prefix
	Version      string
	Out          io.Writer // where one-time passwords and the setup token are printed; nil discards them
}

// App is a running server.
type App struct {
	DB       *store.DB
	Service  *service.Service
	Clock    bianmin.Clock
	Listener net.Listener
	server   *http.Server
	log      *slog.Logger
	stopJobs context.CancelFunc
	jobsDone chan struct{}
	bridge   *live.Bridge // PostgreSQL only: hall events to and from other instances
}

// Open prepares everything up to listening: database, calendar, policy
// checks, demo data and the handler. A nil log discards the log.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	var clock bianmin.Clock = bianmin.SystemClock{}
	var testClock *bianmin.TestClock
	if cfg.TestClock {
		testClock = bianmin.NewTestClock()
		clock = testClock
		log.Warn("test clock enabled: /api/v1/test/clock can move the server's time")
	}
	db, err := store.Open(ctx, cfg.DB, clock)
	if err != nil {
		return nil, err
	}
	a := &App{DB: db, Clock: clock, log: log}
	a.Service = service.New(db, clock, log)
	if a.Service.Keys, err = loadKeys(cfg, db.Engine, log); err != nil {
		db.Close()
		return nil, err
	}
	if cfg.SMSWebhook != "" {
		a.Service.Sender = service.NewWebhookSender(cfg.SMSWebhook)
	}
	if err := a.Service.Prepare(ctx, cfg.PolicyFile); err != nil {
		db.Close()
		return nil, err
	}
	if cfg.Demo {
		if err := loadDemo(ctx, a.Service, cfg.Out); err != nil {
			db.Close()
			return nil, err
		}
	}
	setupToken, err := a.setupToken(ctx, cfg.Out)
	if err != nil {
		db.Close()
		return nil, err
	}
	srv, err := web.New(a.Service, web.Config{
		TLS: cfg.TLSCert != "", TestClock: testClock, MetricsAllow: cfg.MetricsAllow,
		SetupToken: setupToken, Version: cfg.Version,
	}, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.server = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Hall screens hold their event streams open; closing the hub on
	// shutdown ends them, so Shutdown does not wait for them.
	a.server.RegisterOnShutdown(a.Service.Live.Close)
	if db.Engine == store.Postgres {
		a.bridge, err = live.StartBridge(ctx, live.BridgeConfig{DSN: cfg.DB, Hub: a.Service.Live, Clock: clock, Log: log})
		if err != nil {
			db.Close()
			return nil, err
		}
	}
	return a, nil
}

func loadDemo(ctx context.Context, svc *service.Service, out io.Writer) error {
	accounts, pairings, err := demo.LoadWithDevices(ctx, svc)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(accounts) == 0 {
		fmt.Fprintln(out, "演示数据已存在；演示账户的一次性密码只在首次加载时显示。/ Demo data already loaded; one-time passwords were shown at first load only.")
		return nil
	}
	fmt.Fprintln(out, "演示中心已加载。演示账户（一次性密码，首次登录须修改）/ Demo centre loaded. Demo accounts (one-time passwords, change at first login):")
	for _, acc := range accounts {
		fmt.Fprintf(out, "  %-12s %-24s %s\n", acc.Username, acc.Password, acc.Role)
	}
	demo.PrintPairings(out, pairings)
	return nil
}

// setupToken returns a one-time token for the setup page while no account
// exists, and prints it where only the operator sees it.
func (a *App) setupToken(ctx context.Context, out io.Writer) (string, error) {
	need, err := a.Service.NeedsSetup(ctx)
	if err != nil || !need {
		return "", err
	}
	b := make([]byte, 10)
	rand.Read(b)
	token := base32.StdEncoding.EncodeToString(b)
	fmt.Fprintf(out, "尚无账户：请打开 /setup 并输入设置口令 %s（或使用 bianmin user add）。\nNo accounts yet: open /setup with setup token %s (or use bianmin user add).\n", token, token)
	return token, nil
}

// Listen binds the address; ":0" picks a free port (tests).
func (a *App) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return bianmin.Errorf(bianmin.EUNAVAILABLE, "无法监听地址 "+addr+"。", "Cannot listen on "+addr+".").Wrap(err)
	}
	a.Listener = ln
	return nil
}

// URL is the base URL of the listening server.
func (a *App) URL() string { return "http://" + a.Listener.Addr().String() }

// Serve runs the jobs and the HTTP server until ctx ends, then shuts down:
// HTTP first (finishing requests in flight), then jobs, then the database.
func (a *App) Serve(ctx context.Context, tlsCert, tlsKey string) error {
	jobCtx, cancel := context.WithCancel(context.Background())
	a.stopJobs, a.jobsDone = cancel, make(chan struct{})
	outboxDone := make(chan struct{})
	go func() { defer close(outboxDone); a.Service.RunOutbox(jobCtx) }() // messages to applicants (C-7)
	go func() { defer close(a.jobsDone); a.Service.RunJobs(jobCtx); <-outboxDone }()
	errc := make(chan error, 1)
	go func() {
		if tlsCert != "" {
			errc <- a.server.ServeTLS(a.Listener, tlsCert, tlsKey)
		} else {
			errc <- a.server.Serve(a.Listener)
		}
	}()
	a.log.Info("listening", "url", a.URL())
	select {
	case err := <-errc:
		a.Close()
		return err
	case <-ctx.Done():
	}
	return a.Close()
}

// Close stops everything in order.
func (a *App) Close() error {
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	if a.server != nil {
		if err := a.server.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if a.Listener != nil {
		a.Listener.Close() // a listener never handed to Serve is not closed by Shutdown
	}
	if a.stopJobs != nil {
		a.stopJobs()
		<-a.jobsDone
	}
	if a.bridge != nil {
		a.bridge.Close()
	}
	errs = append(errs, a.DB.Close())
	return errors.Join(errs...)
}

// loadKeys reads (or on first start creates) the master key of personal
// data. A new key is announced in the log: without it, sealed ID numbers and
// phone numbers cannot be read, so it belongs with the backups.
func loadKeys(cfg Config, engine store.Engine, log *slog.Logger) (*pii.Keys, error) {
	path := cfg.KeyFile
	switch {
	case path != "":
	case engine == store.SQLite:
		path = filepath.Join(filepath.Dir(cfg.DB), "bianmin.key")
	case cfg.DataDir != "":
		path = filepath.Join(cfg.DataDir, "bianmin.key")
	default:
		// Only an embedding program (tests) opens PostgreSQL without a data
		// directory; the command line always passes one.
		log.Warn("no key file for personal data: using a key that lives only as long as this process")
		return pii.Ephemeral(), nil
	}
	k, created, err := pii.Load(path, true)
	if err != nil {
		return nil, err
	}
	if created {
		log.Warn("created a new key for personal data; keep it with the backups and give every instance the same file", "path", path)
	}
	return k, nil
}
