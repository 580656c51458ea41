package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Rate limits are fixed-window counters in the rate_counters table, so every
// instance behind a load balancer counts against the same limit (SECURITY.md
// item 33: two in-memory limiters would double it). A window is identified
// by its start, the transaction time truncated to the window length.

// HitRate counts one hit in the bucket's current window and returns the
// window's count including this hit, and when the window ends.
func HitRate(ctx context.Context, tx *Tx, bucket string, window time.Duration) (int, time.Time, error) {
	start := tx.Now.Truncate(window)
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO rate_counters (bucket, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits`,
		bucket, start).Scan(&n)
	return n, start.Add(window), wrapf(err, "store: rate %s", bucket)
}

// RateCount returns the bucket's count in the current window without
// counting a hit, and when the window ends.
func RateCount(ctx context.Context, tx *Tx, bucket string, window time.Duration) (int, time.Time, error) {
	start := tx.Now.Truncate(window)
	var n int
	err := tx.QueryRowContext(ctx, "SELECT hits FROM rate_counters WHERE bucket = $1 AND window_start = $2",
		bucket, start).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, start.Add(window), nil
	}
	return n, start.Add(window), wrapf(err, "store: rate %s", bucket)
}

// RateMark records that the bucket is blocked until the given instant, as a
// row whose window_start is that instant. Login uses it to lock unknown
// usernames exactly as real accounts are locked, so a lock reveals nothing
// about which names exist (SECURITY.md item 3).
func RateMark(ctx context.Context, tx *Tx, bucket string, until time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO rate_counters (bucket, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, window_start) DO NOTHING`, bucket, until.UTC())
	return wrapf(err, "store: rate mark %s", bucket)
}

// RateMarkedUntil returns the latest instant the bucket was marked until, or
// the zero time.
func RateMarkedUntil(ctx context.Context, tx *Tx, bucket string) (time.Time, error) {
	var until time.Time
	// ORDER BY … LIMIT 1 rather than max(): SQLite returns an aggregate of a
	// TIMESTAMP column as text, which would not scan into time.Time.
	err := tx.QueryRowContext(ctx, `SELECT window_start FROM rate_counters WHERE bucket = $1
		ORDER BY window_start DESC LIMIT 1`, bucket).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return until.UTC(), wrapf(err, "store: rate mark %s", bucket)
}

// PruneRateCounters deletes windows that started before the given instant.
// Callers keep at least the longest window in use (a day for login
// counters); marks lie in the future until they expire and so survive.
func PruneRateCounters(ctx context.Context, tx *Tx, before time.Time) (int, error) {
	return execCount(ctx, tx, "DELETE FROM rate_counters WHERE window_start < $1", before.UTC())
}
