// Package service holds bianmin's use cases, shared by the HTML pages, the
// JSON API, the jobs and the command line. It owns transaction boundaries,
// permission and scope checks, audit rows and publishing events after commit.
package service

import (
	"log/slog"
	"sync"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/pii"
	"bianmin/internal/store"
)

// Service is the entry point to every use case.
type Service struct {
	DB    *store.DB
	Clock bianmin.Clock
	Log   *slog.Logger
	// Live fans out hall events after commit (displays, consoles, pads).
	Live *live.Hub
	// Keys seal personal data at rest (SECURITY.md item 18); the app loads
	// them from the installation's key file. Left nil, ephemeral keys are
	// made on first use (tests only).
	Keys *pii.Keys
	// Sender delivers outbox messages (C-7); nil records them for staff to
	// see without sending them anywhere.
	Sender MessageSender

	keysOnce   sync.Once
	outboxKick chan struct{}
}

// New returns a service over an open database.
func New(db *store.DB, clock bianmin.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: db, Clock: clock, Log: log, Live: live.NewHub(), outboxKick: make(chan struct{}, 1)}
}
