package store

import (
	"context"
	"database/sql"
	"time"

	"bianmin/internal/bianmin"
)

// InsertAbsence records an approved absence and sets its ID. The staff
// issue's leave workflow is meant to write here too (AB-1, Q-5).
func InsertAbsence(ctx context.Context, tx *Tx, ab *bianmin.Absence) error {
	ab.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO staff_absences (centre_id, user_id, kind, starts_at, ends_at, reason,
		recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		ab.CentreID, ab.UserID, ab.Kind, ab.StartsAt.UTC(), ab.EndsAt.UTC(), ab.Reason, nullID(ab.RecordedBy),
		ab.CreatedAt).Scan(&ab.ID)
	return wrapf(err, "store: insert absence")
}

// AbsentAt reports whether a user has a recorded absence covering the instant.
func AbsentAt(ctx context.Context, tx *Tx, userID int64, at time.Time) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff_absences WHERE user_id = $1 AND starts_at <= $2
		AND ends_at > $2`, userID, at.UTC()).Scan(&n)
	return n > 0, wrapf(err, "store: absent at")
}

// Absences returns a centre's absences that end after since, latest start
// first, at most limit of them.
func Absences(ctx context.Context, tx *Tx, centreID int64, since time.Time, limit int) ([]*bianmin.Absence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, centre_id, user_id, kind, starts_at, ends_at, reason, recorded_by,
		created_at FROM staff_absences WHERE centre_id = $1 AND ends_at > $2 ORDER BY starts_at DESC, id DESC LIMIT $3`,
		centreID, since.UTC(), limit)
	if err != nil {
		return nil, wrapf(err, "store: absences")
	}
	defer rows.Close()
	out := []*bianmin.Absence{}
	for rows.Next() {
		var ab bianmin.Absence
		var by sql.NullInt64
		if err := rows.Scan(&ab.ID, &ab.CentreID, &ab.UserID, &ab.Kind, &ab.StartsAt, &ab.EndsAt, &ab.Reason, &by,
			&ab.CreatedAt); err != nil {
			return nil, wrapf(err, "store: absences")
		}
		ab.StartsAt, ab.EndsAt, ab.CreatedAt, ab.RecordedBy = ab.StartsAt.UTC(), ab.EndsAt.UTC(), ab.CreatedAt.UTC(), by.Int64
		out = append(out, &ab)
	}
	return out, wrapf(rows.Err(), "store: absences")
}
