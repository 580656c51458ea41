package store

import (
	"context"
	"database/sql"
	"errors"

	"bianmin/internal/bianmin"
)

// manyTickets runs a ticket query that returns rows of ticketColumns.
func manyTickets(ctx context.Context, tx *Tx, query string, args ...any) ([]*bianmin.Ticket, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrapf(err, "store: tickets")
	}
	defer rows.Close()
	out := []*bianmin.Ticket{}
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan ticket")
		}
		out = append(out, t)
	}
	return out, wrapf(rows.Err(), "store: tickets")
}

// WaitingForWindow returns the waiting tickets a window may call on a
// service day (in one of its queues and not transferred to another window),
// in arrival order, at most limit of them; the caller orders them by the
// calling rule.
func WaitingForWindow(ctx context.Context, tx *Tx, centreID int64, serviceDate string, queueIDs []int64, windowID int64, limit int) ([]*bianmin.Ticket, error) {
	if len(queueIDs) == 0 {
		return []*bianmin.Ticket{}, nil
	}
	in, args := inList(5, queueIDs)
	args = append([]any{centreID, serviceDate, windowID, limit}, args...)
	return manyTickets(ctx, tx, "SELECT "+ticketColumns+` FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND status = 'waiting'
		AND (target_window_id IS NULL OR target_window_id = $3) AND queue_id IN (`+in+`)
		ORDER BY order_at, id LIMIT $4`, args...)
}

// NoShows returns a service day's no-show tickets of the queues, in arrival order.
func NoShows(ctx context.Context, tx *Tx, centreID int64, serviceDate string, queueIDs []int64) ([]*bianmin.Ticket, error) {
	if len(queueIDs) == 0 {
		return []*bianmin.Ticket{}, nil
	}
	in, args := inList(3, queueIDs)
	args = append([]any{centreID, serviceDate}, args...)
	return manyTickets(ctx, tx, "SELECT "+ticketColumns+` FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND status = 'no_show' AND queue_id IN (`+in+`)
		ORDER BY order_at, id`, args...)
}

// ServedCount returns how many tickets a window finished on a service day.
func ServedCount(ctx context.Context, tx *Tx, windowID int64, serviceDate string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE window_id = $1 AND service_date = $2
		AND status = 'done'`, windowID, serviceDate).Scan(&n)
	return n, wrapf(err, "store: served count")
}

// WaitingHeads returns, in one round trip, the first waiting ticket of each
// kind that a window may call on a service day, as FirstWaiting would for
// each kind: appointments by slot, the others by arrival order.
func WaitingHeads(ctx context.Context, tx *Tx, centreID int64, serviceDate string, queueIDs []int64, windowID int64) ([]*bianmin.Ticket, error) {
	if len(queueIDs) == 0 {
		return nil, nil
	}
	in, args := inList(4, queueIDs)
	args = append([]any{centreID, serviceDate, windowID}, args...)
	head := func(kind, order string) string {
		return "SELECT " + ticketColumns + ` FROM (SELECT ` + ticketColumns + ` FROM tickets
			WHERE centre_id = $1 AND service_date = $2 AND status = 'waiting' AND kind = '` + kind + `'
			AND (target_window_id IS NULL OR target_window_id = $3) AND queue_id IN (` + in + `)
			ORDER BY ` + order + ` LIMIT 1) h_` + kind
	}
	return manyTickets(ctx, tx, head("appointment", "slot_at, order_at, id")+" UNION ALL "+
		head("green", "order_at, id")+" UNION ALL "+head("normal", "order_at, id"), args...)
}

// LastTransfer returns the number of the window a ticket was last
// transferred from and the reason given; empty strings when it never was.
func LastTransfer(ctx context.Context, tx *Tx, ticketID int64) (window, reason string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(w.number, ''), e.reason FROM ticket_events e
		LEFT JOIN windows w ON w.id = e.window_id
		WHERE e.ticket_id = $1 AND e.kind = 'transfer' ORDER BY e.id DESC LIMIT 1`, ticketID).Scan(&window, &reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return window, reason, wrapf(err, "store: last transfer")
}
