package store

import (
	"context"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
)

// The outbox worker's side of the outbox (C-7): a message is leased before
// it is sent, so that two workers — on one instance or on several sharing
// PostgreSQL — never send it both, and a worker that died mid-send leaves it
// to be tried again once its lease has run out.

// ClaimMessages leases up to limit pending messages that are due at now
// until leaseUntil, counting an attempt on each, and returns those it got.
// The lease is a conditional update: a message another worker leased in
// between is skipped, not taken twice.
func ClaimMessages(ctx context.Context, tx *Tx, now, leaseUntil time.Time, limit int) ([]*bianmin.Message, error) {
	now, leaseUntil = now.UTC(), leaseUntil.UTC()
	due, err := QueryMessages(ctx, tx, `status = 'pending' AND next_at <= $1 AND (lease_until IS NULL OR lease_until < $1)`,
		"next_at, id LIMIT "+strconv.Itoa(limit), now)
	if err != nil {
		return nil, err
	}
	var out []*bianmin.Message
	for _, m := range due {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = $1, attempts = attempts + 1
			WHERE id = $2 AND status = 'pending' AND (lease_until IS NULL OR lease_until < $3)`, leaseUntil, m.ID, now)
		if err != nil {
			return nil, wrapf(err, "store: claim message")
		}
		if n, _ := res.RowsAffected(); n == 1 {
			m.Attempts++
			out = append(out, m)
		}
	}
	return out, nil
}

// MarkMessageSent records that a leased message went out through channel;
// it reports false when the message was no longer pending, so it is marked
// sent once.
func MarkMessageSent(ctx context.Context, tx *Tx, id int64, channel string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', channel = $1, sent_at = $2, lease_until = NULL,
		last_error = '' WHERE id = $3 AND status = 'pending'`, channel, tx.Now, id)
	if err != nil {
		return false, wrapf(err, "store: message sent")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkMessageFailed records a failed attempt: the message is tried again
// at next, or given up (status failed) when final. The error is kept for
// staff to see.
func MarkMessageFailed(ctx context.Context, tx *Tx, id int64, lastError string, next time.Time, final bool) error {
	status := bianmin.OutboxPending
	if final {
		status = bianmin.OutboxFailed
	}
	_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = $1, last_error = $2, next_at = $3, lease_until = NULL
		WHERE id = $4 AND status = 'pending'`, status, lastError, next.UTC(), id)
	return wrapf(err, "store: message failed")
}
