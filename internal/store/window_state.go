package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"bianmin/internal/bianmin"
)

const windowStateColumns = "window_id, state, user_id, post, reason, since, ticket_id"

func scanWindowState(r rowScanner) (*bianmin.WindowState, error) {
	var st bianmin.WindowState
	var state string
	var user, ticket sql.NullInt64
	if err := r.Scan(&st.WindowID, &state, &user, &st.Post, &st.Reason, &st.Since, &ticket); err != nil {
		return nil, err
	}
	st.State, st.UserID, st.TicketID, st.Since = bianmin.WindowStateKind(state), user.Int64, ticket.Int64, st.Since.UTC()
	return &st, nil
}

// closedState is the state of a window that has never been opened.
func closedState(windowID int64) *bianmin.WindowState {
	return &bianmin.WindowState{WindowID: windowID, State: bianmin.WindowClosed}
}

// WindowState returns who is on post at a window; a window without a row
// is closed.
func WindowState(ctx context.Context, tx *Tx, windowID int64) (*bianmin.WindowState, error) {
	st, err := scanWindowState(tx.QueryRowContext(ctx, "SELECT "+windowStateColumns+" FROM window_states WHERE window_id = $1", windowID))
	if errors.Is(err, sql.ErrNoRows) {
		return closedState(windowID), nil
	}
	return st, wrapf(err, "store: window state")
}

// LockWindowState reads a window's state for a change of it. The no-op
// UPDATE takes the row lock on PostgreSQL (SELECT … FOR UPDATE does not
// exist in SQLite, where the single writer serialises anyway), so two
// requests at one window, e.g. a double key press or two instances, act
// one after the other and the second sees what the first did.
func LockWindowState(ctx context.Context, tx *Tx, windowID int64) (*bianmin.WindowState, error) {
	st, err := scanWindowState(tx.QueryRowContext(ctx, `UPDATE window_states SET state = state WHERE window_id = $1
		RETURNING `+windowStateColumns, windowID))
	if errors.Is(err, sql.ErrNoRows) {
		return closedState(windowID), nil
	}
	return st, wrapf(err, "store: lock window state")
}

// SaveWindowState writes a window's state, creating its row on first use.
func SaveWindowState(ctx context.Context, tx *Tx, st *bianmin.WindowState) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO window_states (window_id, state, user_id, post, reason, since, ticket_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (window_id) DO UPDATE SET state = excluded.state, user_id = excluded.user_id, post = excluded.post,
		reason = excluded.reason, since = excluded.since, ticket_id = excluded.ticket_id`,
		st.WindowID, string(st.State), nullID(st.UserID), st.Post, st.Reason, st.Since.UTC(), nullID(st.TicketID))
	return wrapf(err, "store: save window state")
}

// SetWindowTicket sets (or, with 0, clears) the ticket a window is calling or serving.
func SetWindowTicket(ctx context.Context, tx *Tx, windowID, ticketID int64) error {
	return wrapf(execOne(ctx, tx, "UPDATE window_states SET ticket_id = $1 WHERE window_id = $2", nullID(ticketID), windowID),
		"store: window ticket")
}

// StartPause records the start of a 暂停服务 for the statistics.
func StartPause(ctx context.Context, tx *Tx, centreID, windowID, userID int64, serviceDate, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO window_pauses (window_id, centre_id, service_date, user_id, reason, started_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, windowID, centreID, serviceDate, nullID(userID), reason, tx.Now)
	return wrapf(err, "store: start pause")
}

// EndPause ends a window's open pause, if any.
func EndPause(ctx context.Context, tx *Tx, windowID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, "UPDATE window_pauses SET ended_at = $1 WHERE window_id = $2 AND ended_at IS NULL",
		at.UTC(), windowID)
	return wrapf(err, "store: end pause")
}

// WindowsOfHolder returns the windows where a user holds the A or B post
// (ORG-2), in centre and number order.
func WindowsOfHolder(ctx context.Context, tx *Tx, userID int64) ([]*bianmin.Window, error) {
	return queryWindows(ctx, tx, "a_user_id = $1 OR b_user_id = $1 ORDER BY centre_id, length(number), number, id", userID)
}

// WindowOnly returns a window without its departments and items: all that
// a console action needs, read on every call.
func WindowOnly(ctx context.Context, tx *Tx, id int64) (*bianmin.Window, error) {
	w, err := scanWindow(tx.QueryRowContext(ctx, "SELECT "+windowColumns+" FROM windows WHERE id = $1", id))
	return w, wrapf(err, "store: window %d", id)
}

// StaleOpenWindows returns the windows still open or paused from before an
// instant (the start of today's service day) with no ticket current.
func StaleOpenWindows(ctx context.Context, tx *Tx, before time.Time) ([]*bianmin.WindowState, error) {
	rows, err := tx.QueryContext(ctx, `SELECT window_id, state, user_id, post, reason, since, ticket_id FROM window_states
		WHERE state <> 'closed' AND since < $1 AND ticket_id IS NULL ORDER BY window_id`, before.UTC())
	if err != nil {
		return nil, wrapf(err, "store: stale windows")
	}
	defer rows.Close()
	var out []*bianmin.WindowState
	for rows.Next() {
		st, err := scanWindowState(rows)
		if err != nil {
			return nil, wrapf(err, "store: stale windows")
		}
		out = append(out, st)
	}
	return out, wrapf(rows.Err(), "store: stale windows")
}

// EndPausesOfEarlierDays ends every pause still open from a service day
// before today at the midnight that closed its day, so a pause nobody
// resumed does not run on into later days' statistics. It returns how
// many it ended.
func EndPausesOfEarlierDays(ctx context.Context, tx *Tx, today string) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, service_date FROM window_pauses
		WHERE ended_at IS NULL AND service_date < $1`, today)
	if err != nil {
		return 0, wrapf(err, "store: stale pauses")
	}
	type open struct {
		id   int64
		date string
	}
	var stale []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.date); err != nil {
			rows.Close()
			return 0, wrapf(err, "store: stale pauses")
		}
		stale = append(stale, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, wrapf(err, "store: stale pauses")
	}
	for _, o := range stale {
		day, err := bianmin.DayStart(o.date)
		if err != nil {
			return 0, wrapf(err, "store: stale pause date")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE window_pauses SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL",
			day.AddDate(0, 0, 1).UTC(), o.id); err != nil {
			return 0, wrapf(err, "store: end stale pause")
		}
	}
	return len(stale), nil
}
