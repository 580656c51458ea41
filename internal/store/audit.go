package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"bianmin/internal/bianmin"
)

// AppendAudit writes e as the next link of the audit chain inside tx. The
// audit row commits or rolls back with the change it records (SECURITY.md
// item 13): callers return its error, and the whole transaction fails.
// Updating the single chain-head row serialises appends on both engines, so
// sequence numbers are gapless and the chain never forks.
func AppendAudit(ctx context.Context, tx *Tx, e *bianmin.AuditEntry) error {
	if e.At.IsZero() {
		e.At = tx.Now
	}
	e.At = e.At.UTC().Truncate(1000)
	if e.Result == "" {
		e.Result = bianmin.ResultOK
	}
	// Everything that does not need the chain head is done before taking
	// its lock, which every write of every instance waits for.
	if err := fillPolicyVersion(ctx, tx, e); err != nil {
		return err
	}
	sanitizeAudit(e)
	err := tx.QueryRowContext(ctx,
		"UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").Scan(&e.Seq, &e.PrevHash)
	if err != nil {
		return wrapf(err, "audit: advance head")
	}
	e.Hash = bianmin.AuditHash(e)
	args := []any{e.Seq, e.At, nullID(e.CentreID), nullID(e.ActorID), e.Actor, e.Role, e.Source, e.Action,
		e.ObjectType, e.ObjectID, e.Before, e.After, e.Result, e.RuleID, e.PolicyVersion,
		e.RequestID, e.PrevHash, e.Hash}
	if tx.DB.Engine == Postgres {
		// One round trip while the head is locked: the row and the head's
		// new hash in one statement (SQLite has no data-modifying WITH, and
		// its round trips stay in the process anyway).
		_, err = tx.ExecContext(ctx, `WITH row AS (`+insertAuditRow+` RETURNING hash)
			UPDATE audit_head SET hash = (SELECT hash FROM row) WHERE id = 1`, args...)
		return wrapf(err, "audit: insert")
	}
	if _, err = tx.ExecContext(ctx, insertAuditRow, args...); err != nil {
		return wrapf(err, "audit: insert")
	}
	_, err = tx.ExecContext(ctx, "UPDATE audit_head SET hash = $1 WHERE id = 1", e.Hash)
	return wrapf(err, "audit: store head hash")
}

const insertAuditRow = `INSERT INTO audit_log (seq, at, centre_id, actor_id, actor, role, source,
		action, object_type, object_id, before_json, after_json, result, rule_id, policy_version,
		request_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`

// Audit fills an entry from the actor and appends it.
func Audit(ctx context.Context, tx *Tx, a *bianmin.Actor, e bianmin.AuditEntry) error {
	if a == nil {
		a = bianmin.SystemActor("")
	}
	e.ActorID, e.Actor, e.Role, e.Source, e.RequestID = a.UserID, a.Username, string(a.Role), a.Source, a.RequestID
	return AppendAudit(ctx, tx, &e)
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// sanitizeAudit makes every text field valid UTF-8 before hashing: the hash's
// JSON encoding would map different invalid bytes to the same U+FFFD, so
// stored and hashed text must be identical.
func sanitizeAudit(e *bianmin.AuditEntry) {
	for _, f := range []*string{&e.Actor, &e.Role, &e.Source, &e.Action, &e.ObjectType, &e.ObjectID,
		&e.Before, &e.After, &e.Result, &e.RuleID, &e.RequestID} {
		*f = strings.ToValidUTF8(*f, "\uFFFD")
	}
}

// fillPolicyVersion records, for a decision taken under a rule at a centre,
// the centre's policy version in force that day (0: the built-in defaults),
// so that every automatic decision names the rule and the policy version it
// applied (DOMAIN.md SEC-4).
func fillPolicyVersion(ctx context.Context, tx *Tx, e *bianmin.AuditEntry) error {
	if e.RuleID == "" || e.CentreID == 0 || e.PolicyVersion != 0 {
		return nil
	}
	err := tx.QueryRowContext(ctx, `SELECT version FROM policies WHERE centre_id = $1 AND effective_from <= $2
		ORDER BY effective_from DESC, version DESC LIMIT 1`, e.CentreID, bianmin.LocalDate(e.At)).Scan(&e.PolicyVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return wrapf(err, "audit: policy version")
}
