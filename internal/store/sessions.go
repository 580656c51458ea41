package store

import (
	"context"
	"time"
	"unicode/utf8"
)

// Session is a staff login. The table is keyed by the SHA-256 of the token;
// the token itself exists only in the user's cookie (SECURITY.md item 36).
type Session struct {
	TokenHash  string
	UserID     int64
	CreatedAt  time.Time // start of the absolute lifetime (item 4)
	LastSeenAt time.Time // start of the idle timeout (item 4)
	Source     string
	UserAgent  string
}

// maxUserAgent bounds what a client can make us store per session.
const maxUserAgent = 256

// CreateSession stores a new session started now.
func CreateSession(ctx context.Context, tx *Tx, tokenHash string, userID int64, source, userAgent string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, source, user_agent)
		VALUES ($1, $2, $3, $3, $4, $5)`, tokenHash, userID, tx.Now, truncate(source, 64), truncate(userAgent, maxUserAgent))
	return wrapf(err, "store: create session")
}

// SessionByHash returns the session with the token hash, or ErrNotFound.
func SessionByHash(ctx context.Context, tx *Tx, hash string) (*Session, error) {
	var s Session
	err := tx.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, last_seen_at, source, user_agent
		FROM sessions WHERE token_hash = $1`, hash).
		Scan(&s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.Source, &s.UserAgent)
	if err != nil {
		return nil, wrapf(err, "store: session")
	}
	s.CreatedAt, s.LastSeenAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC()
	return &s, nil
}

// TouchSession moves the session's idle timeout to start now.
func TouchSession(ctx context.Context, tx *Tx, hash string) error {
	return wrapf(execOne(ctx, tx, "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", hash, tx.Now),
		"store: touch session")
}

// DeleteSession ends one session (logout, timeout); ErrNotFound if it is gone.
func DeleteSession(ctx context.Context, tx *Tx, hash string) error {
	return wrapf(execOne(ctx, tx, "DELETE FROM sessions WHERE token_hash = $1", hash), "store: delete session")
}

// DeleteUserSessions ends every session of a user (disable, password reset,
// an administrator's "end sessions", SECURITY.md item 7) and returns how many.
func DeleteUserSessions(ctx context.Context, tx *Tx, userID int64) (int, error) {
	return execCount(ctx, tx, "DELETE FROM sessions WHERE user_id = $1", userID)
}

// DeleteUserSessionsExcept ends every session of a user but the one with
// keepHash: after a password change the other devices must log in again.
func DeleteUserSessionsExcept(ctx context.Context, tx *Tx, userID int64, keepHash string) (int, error) {
	return execCount(ctx, tx, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", userID, keepHash)
}

// DeleteExpiredSessions removes sessions idle since before idleBefore or
// started before createdBefore, so that residual session records do not
// outlive their timeouts (SECURITY.md items 4 and 20).
func DeleteExpiredSessions(ctx context.Context, tx *Tx, idleBefore, createdBefore time.Time) (int, error) {
	return execCount(ctx, tx, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
		idleBefore.UTC(), createdBefore.UTC())
}

func execCount(ctx context.Context, tx *Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, wrapf(err, "store: exec")
	}
	n, err := res.RowsAffected()
	return int(n), wrapf(err, "store: rows affected")
}

// truncate cuts s to at most n bytes without splitting a UTF-8 character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
