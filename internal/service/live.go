package service

import (
	"bianmin/internal/live"
	"bianmin/internal/store"
)

// publish sends a hall event once tx has committed, never before: a
// display must not show a call that rolled back.
func (s *Service) publish(tx *store.Tx, ev live.Event) {
	if ev.At.IsZero() {
		ev.At = tx.Now
	}
	tx.AfterCommit(func() {
		if s.Live != nil {
			s.Live.Publish(ev)
		}
	})
}
