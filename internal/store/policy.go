package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

// Policy versions are append-only: a change is a new version with the date
// it takes effect, so every past decision can be explained by the version it
// applied (the audit row carries the version number).

const policyColumns = "id, centre_id, version, effective_from, document, sha256, note, created_by, created_at"

// SavePolicy stores v as the centre's next version: it checks the date,
// numbers the version, hashes the document, stamps the actor and time, and
// writes the audit row in the same transaction. It does not parse the
// document; the service validates it first. Two concurrent saves for one
// centre on PostgreSQL can collide on the version number: the loser gets
// ErrConflict and may retry.
func SavePolicy(ctx context.Context, tx *Tx, v *policy.Version, actor *bianmin.Actor) error {
	if actor == nil {
		actor = bianmin.SystemActor("")
	}
	var val bianmin.Validation
	if !validPolicyDate(v.EffectiveFrom) {
		val.Add("effective_from", "生效日期须为 YYYY-MM-DD 格式的有效日期", "The effective date must be a valid YYYY-MM-DD date")
	}
	if v.Document == "" {
		val.Add("document", "规章参数文档不能为空", "The policy document must not be empty")
	}
	if err := val.Err(); err != nil {
		return err
	}
	var prev int
	err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM policies WHERE centre_id = $1", v.CentreID).Scan(&prev)
	if err != nil {
		return wrapf(err, "store: latest policy version of centre %d", v.CentreID)
	}
	sum := sha256.Sum256([]byte(v.Document))
	v.Version, v.SHA256 = prev+1, hex.EncodeToString(sum[:])
	v.CreatedBy, v.CreatedAt = actor.Username, tx.Now
	err = tx.QueryRowContext(ctx, `INSERT INTO policies (centre_id, version, effective_from, document, sha256, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		v.CentreID, v.Version, v.EffectiveFrom, v.Document, v.SHA256, v.Note, v.CreatedBy, v.CreatedAt).Scan(&v.ID)
	if err != nil {
		return wrapf(err, "store: save policy of centre %d", v.CentreID)
	}
	// The document itself stays in policies; its hash ties the audit row to it.
	return Audit(ctx, tx, actor, bianmin.AuditEntry{
		CentreID: v.CentreID, Action: "policy.save", ObjectType: "policy",
		ObjectID: fmt.Sprintf("%d/%d", v.CentreID, v.Version),
		Before:   bianmin.JSONOf(map[string]any{"version": prev}),
		After: bianmin.JSONOf(map[string]any{"version": v.Version, "effective_from": v.EffectiveFrom,
			"sha256": v.SHA256, "bytes": len(v.Document), "note": v.Note}),
		PolicyVersion: v.Version,
	})
}

// EffectivePolicy returns the version in force at the centre on date
// (YYYY-MM-DD): the one with the latest effective_from on or before date,
// and among versions with the same effective_from the newest. A version
// scheduled for a later date thus takes over on its date even when a
// correction with an earlier date is saved after it. ErrNotFound when the
// centre has no version in force yet.
func EffectivePolicy(ctx context.Context, tx *Tx, centreID int64, date string) (*policy.Version, error) {
	if !validPolicyDate(date) {
		return nil, bianmin.FieldError("date", "日期须为 YYYY-MM-DD 格式", "The date must be YYYY-MM-DD")
	}
	v, err := scanPolicy(tx.QueryRowContext(ctx, "SELECT "+policyColumns+` FROM policies
		WHERE centre_id = $1 AND effective_from <= $2
		ORDER BY effective_from DESC, version DESC LIMIT 1`, centreID, date))
	if err != nil {
		return nil, wrapf(err, "store: policy of centre %d on %s", centreID, date)
	}
	return v, nil
}

// PolicyVersions returns every version of the centre's policy, oldest first.
func PolicyVersions(ctx context.Context, tx *Tx, centreID int64) ([]*policy.Version, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+policyColumns+" FROM policies WHERE centre_id = $1 ORDER BY version", centreID)
	if err != nil {
		return nil, wrapf(err, "store: policy versions of centre %d", centreID)
	}
	defer rows.Close()
	var out []*policy.Version
	for rows.Next() {
		v, err := scanPolicy(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan policy version")
		}
		out = append(out, v)
	}
	return out, wrapf(rows.Err(), "store: policy versions of centre %d", centreID)
}

// PolicyVersion returns one version of the centre's policy or ErrNotFound.
func PolicyVersion(ctx context.Context, tx *Tx, centreID int64, version int) (*policy.Version, error) {
	v, err := scanPolicy(tx.QueryRowContext(ctx, "SELECT "+policyColumns+" FROM policies WHERE centre_id = $1 AND version = $2",
		centreID, version))
	if err != nil {
		return nil, wrapf(err, "store: policy version %d of centre %d", version, centreID)
	}
	return v, nil
}

func scanPolicy(row interface{ Scan(...any) error }) (*policy.Version, error) {
	v := new(policy.Version)
	err := row.Scan(&v.ID, &v.CentreID, &v.Version, &v.EffectiveFrom, &v.Document, &v.SHA256, &v.Note, &v.CreatedBy, &v.CreatedAt)
	if err != nil {
		return nil, err
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

// validPolicyDate reports whether s is a real date written exactly YYYY-MM-DD, so
// that text order of stored dates is date order.
func validPolicyDate(s string) bool {
	t, err := time.Parse(bianmin.DateLayout, s)
	return err == nil && t.Format(bianmin.DateLayout) == s
}
