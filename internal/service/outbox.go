package service

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// The outbox worker sends the messages that use cases queued in their own
// transactions (C-7). A message is leased before it is sent, so two
// workers never send it both; a failed send is retried with a growing
// pause and given up after outboxMaxAttempts, the last error kept for staff.

const (
	outboxBatch       = 20
	outboxLease       = 2 * time.Minute // well beyond the webhook's 10-second timeout
	outboxPoll        = 5 * time.Second
	outboxMaxAttempts = 8
	outboxMaxBackoff  = 2 * time.Hour
	// ChannelRecord is the channel of messages recorded for staff to see
	// and not sent anywhere: no sender is configured, or the applicant
	// gave no phone number.
	ChannelRecord = "record"
)

// RunOutbox sends due messages until ctx ends: at once when a use case
// queued one (kickOutbox) and every few seconds for retries.
func (s *Service) RunOutbox(ctx context.Context) {
	t := time.NewTicker(outboxPoll)
	defer t.Stop()
	for {
		for {
			n, err := s.SendOutboxOnce(ctx)
			if err != nil && ctx.Err() == nil {
				s.Log.Error("outbox failed", "err", err.Error())
			}
			if err != nil || n < outboxBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.outboxKick:
		}
	}
}

// SendOutboxOnce leases the messages due now and tries each once; it
// returns how many it leased.
func (s *Service) SendOutboxOnce(ctx context.Context) (int, error) {
	var claimed []*bianmin.Message
	err := s.DB.Write(ctx, func(tx *store.Tx) (err error) {
		claimed, err = store.ClaimMessages(ctx, tx, tx.Now, tx.Now.Add(outboxLease), outboxBatch)
		return err
	})
	if err != nil {
		return 0, err
	}
	for _, m := range claimed {
		if err := s.deliver(ctx, m); err != nil {
			return len(claimed), err
		}
	}
	return len(claimed), nil
}

// deliver sends one leased message and records the outcome.
func (s *Service) deliver(ctx context.Context, m *bianmin.Message) error {
	channel, final, sendErr := ChannelRecord, false, error(nil)
	if s.Sender != nil && m.RecipientEnc != "" {
		channel = s.Sender.Channel()
		phone, err := s.keys().Open(m.RecipientEnc)
		if err != nil {
			// A number sealed under another key never opens: retrying is useless.
			sendErr, final = err, true
		} else if out, err := s.withSecret(m); err != nil {
			sendErr, final = err, true
		} else {
			sendErr = s.Sender.Send(ctx, out, phone)
		}
	}
	if sendErr != nil && ctx.Err() != nil {
		return ctx.Err() // shutting down: the lease runs out and another run retries
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if sendErr == nil {
			_, err := store.MarkMessageSent(ctx, tx, m.ID, channel)
			return err
		}
		final = final || m.Attempts >= outboxMaxAttempts
		return store.MarkMessageFailed(ctx, tx, m.ID, clip(sendErr.Error(), 500), tx.Now.Add(outboxBackoff(m.Attempts)), final)
	})
}

// outboxBackoff is the pause after the n-th failed attempt: 1, 2, 4 …
// minutes, at most two hours.
func outboxBackoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < outboxMaxBackoff; i++ {
		d *= 2
	}
	return min(d, outboxMaxBackoff)
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// withSecret returns the message as the applicant reads it: its sealed
// secret opened in place of bianmin.SecretMark. The stored row keeps the mark.
func (s *Service) withSecret(m *bianmin.Message) (*bianmin.Message, error) {
	if m.SecretEnc == "" {
		return m, nil
	}
	secret, err := s.keys().Open(m.SecretEnc)
	if err != nil {
		return nil, err
	}
	out := *m
	out.BodyZH = strings.ReplaceAll(m.BodyZH, bianmin.SecretMark, secret)
	out.BodyEN = strings.ReplaceAll(m.BodyEN, bianmin.SecretMark, secret)
	return &out, nil
}
