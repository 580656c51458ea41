package store

import (
	"context"
	"database/sql"

	"bianmin/internal/bianmin"
)

// InsertMessage queues a message in the outbox; a message with the same
// dedupe key is queued once (inserted reports false the second time).
func InsertMessage(ctx context.Context, tx *Tx, m *bianmin.Message) (inserted bool, err error) {
	m.CreatedAt = tx.Now
	if m.NextAt.IsZero() {
		m.NextAt = tx.Now
	}
	if m.Status == "" {
		m.Status = bianmin.OutboxPending
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO outbox (centre_id, case_id, kind, dedupe, recipient_enc,
		recipient_masked, body_zh, body_en, channel, status, next_at, created_at, secret_enc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (dedupe) DO NOTHING RETURNING id`,
		m.CentreID, nullID(m.CaseID), m.Kind, m.Dedupe, m.RecipientEnc, m.RecipientMasked, m.BodyZH, m.BodyEN,
		m.Channel, m.Status, m.NextAt.UTC(), m.CreatedAt, m.SecretEnc).Scan(&m.ID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, wrapf(err, "store: insert message")
}

const messageColumns = `id, centre_id, case_id, kind, dedupe, recipient_enc, recipient_masked, body_zh, body_en,
	channel, status, attempts, next_at, last_error, sent_at, created_at, secret_enc`

func scanMessage(r rowScanner) (*bianmin.Message, error) {
	var m bianmin.Message
	var cs sql.NullInt64
	var sent sql.NullTime
	if err := r.Scan(&m.ID, &m.CentreID, &cs, &m.Kind, &m.Dedupe, &m.RecipientEnc, &m.RecipientMasked, &m.BodyZH,
		&m.BodyEN, &m.Channel, &m.Status, &m.Attempts, &m.NextAt, &m.LastError, &sent, &m.CreatedAt,
		&m.SecretEnc); err != nil {
		return nil, err
	}
	m.CaseID, m.SentAt, m.NextAt, m.CreatedAt = cs.Int64, utcPtr(sent), m.NextAt.UTC(), m.CreatedAt.UTC()
	return &m, nil
}

// QueryMessages returns outbox messages matching a condition written by
// code, in order.
func QueryMessages(ctx context.Context, tx *Tx, where, order string, args ...any) ([]*bianmin.Message, error) {
	q := "SELECT " + messageColumns + " FROM outbox WHERE " + where
	if order != "" {
		q += " ORDER BY " + order
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrapf(err, "store: messages")
	}
	defer rows.Close()
	out := []*bianmin.Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, wrapf(err, "store: messages")
		}
		out = append(out, m)
	}
	return out, wrapf(rows.Err(), "store: messages")
}

// CaseMessages returns the messages of a case, oldest first.
func CaseMessages(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.Message, error) {
	return QueryMessages(ctx, tx, "case_id = $1", "id", caseID)
}
