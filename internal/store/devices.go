package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
)

const deviceColumns = "id, centre_id, kind, name, window_id, token_hash, paired_at, last_seen_at, revoked, created_at"

func scanDevice(r rowScanner) (*bianmin.Device, error) {
	var d bianmin.Device
	var kind, tokenHash string
	var window sql.NullInt64
	var paired, seen sql.NullTime
	if err := r.Scan(&d.ID, &d.CentreID, &kind, &d.Name, &window, &tokenHash, &paired, &seen, &d.Revoked, &d.CreatedAt); err != nil {
		return nil, err
	}
	d.Kind, d.WindowID, d.Paired = bianmin.DeviceKind(kind), window.Int64, tokenHash != ""
	d.PairedAt, d.LastSeenAt, d.CreatedAt = utcPtr(paired), utcPtr(seen), d.CreatedAt.UTC()
	return &d, nil
}

// Devices returns a centre's registered devices.
func Devices(ctx context.Context, tx *Tx, centreID int64) ([]*bianmin.Device, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+deviceColumns+" FROM devices WHERE centre_id = $1 ORDER BY kind, name, id", centreID)
	if err != nil {
		return nil, wrapf(err, "store: devices")
	}
	defer rows.Close()
	var out []*bianmin.Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan device")
		}
		out = append(out, d)
	}
	return out, wrapf(rows.Err(), "store: devices")
}

func oneDevice(ctx context.Context, tx *Tx, where string, args ...any) (*bianmin.Device, error) {
	d, err := scanDevice(tx.QueryRowContext(ctx, "SELECT "+deviceColumns+" FROM devices WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	return d, wrapf(err, "store: device")
}

// DeviceByID returns a device.
func DeviceByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Device, error) {
	return oneDevice(ctx, tx, "id = $1", id)
}

// DeviceByToken returns the paired, unrevoked device whose token hashes to tokenHash.
func DeviceByToken(ctx context.Context, tx *Tx, tokenHash string) (*bianmin.Device, error) {
	return oneDevice(ctx, tx, "token_hash = $1 AND token_hash <> '' AND NOT revoked", tokenHash)
}

// CreateDevice inserts a device with a pairing code (its hash) valid until
// expires, and audits it.
func CreateDevice(ctx context.Context, tx *Tx, d *bianmin.Device, codeHash string, expires time.Time, actor *bianmin.Actor) error {
	d.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO devices (centre_id, kind, name, window_id, pair_code_hash, pair_expires_at,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		d.CentreID, string(d.Kind), d.Name, nullID(d.WindowID), codeHash, expires.UTC(), d.CreatedAt).Scan(&d.ID)
	if err != nil {
		return wrapf(err, "store: create device")
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: d.CentreID, Action: "device.create", ObjectType: "device",
		ObjectID: strconv.FormatInt(d.ID, 10), After: bianmin.JSONOf(d), RuleID: "SECURITY-9"})
}

// SetPairingCode gives a device a new pairing code; its current token stays
// valid until the code is used.
func SetPairingCode(ctx context.Context, tx *Tx, id int64, codeHash string, expires time.Time) error {
	return execOne(ctx, tx, "UPDATE devices SET pair_code_hash = $1, pair_expires_at = $2 WHERE id = $3 AND NOT revoked",
		codeHash, expires.UTC(), id)
}

// PairDevice consumes an unexpired pairing code and sets the device's token
// (its hash): a code works once. ErrNotFound for an unknown or expired code.
func PairDevice(ctx context.Context, tx *Tx, codeHash, tokenHash string) (*bianmin.Device, error) {
	d, err := oneDevice(ctx, tx, "pair_code_hash = $1 AND pair_code_hash <> '' AND pair_expires_at > $2 AND NOT revoked", codeHash, tx.Now)
	if err != nil {
		return nil, err
	}
	if err := execOne(ctx, tx, `UPDATE devices SET token_hash = $1, pair_code_hash = '', pair_expires_at = NULL,
		paired_at = $2, last_seen_at = $2 WHERE id = $3`, tokenHash, tx.Now, d.ID); err != nil {
		return nil, wrapf(err, "store: pair device")
	}
	d.Paired, d.PairedAt = true, &tx.Now
	return d, nil
}

// RevokeDevice ends a device's access: its token and pairing code are cleared.
func RevokeDevice(ctx context.Context, tx *Tx, id int64) error {
	return execOne(ctx, tx, "UPDATE devices SET revoked = $1, token_hash = '', pair_code_hash = '' WHERE id = $2", true, id)
}

// TouchDevice records when a device was last seen.
func TouchDevice(ctx context.Context, tx *Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE devices SET last_seen_at = $1 WHERE id = $2", tx.Now, id)
	return wrapf(err, "store: touch device")
}
