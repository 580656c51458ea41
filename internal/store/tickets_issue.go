package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"bianmin/internal/bianmin"
)

// Queries of ticket issuing, the kiosk menu and the citizen's status page
// (DOMAIN.md; SECURITY.md items 33, 44, 45).

// HitRateAt counts one hit in the bucket's window that starts at start and
// returns the window's count including this hit. Unlike HitRate the window
// is the caller's: a service day starts at midnight in Asia/Shanghai, which
// no truncation of a UTC instant gives.
func HitRateAt(ctx context.Context, tx *Tx, bucket string, start time.Time) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO rate_counters (bucket, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits`,
		bucket, start.UTC()).Scan(&n)
	return n, wrapf(err, "store: rate %s", bucket)
}

// KioskItem is a published service item as a kiosk button shows it.
type KioskItem struct {
	Code         string
	Name         string
	NameEN       string
	DepartmentID int64
}

// KioskItems returns the published items led by the given departments of
// a centre, by department and implementation code: what a queue offers.
func KioskItems(ctx context.Context, tx *Tx, centreID int64, deptIDs []int64) ([]KioskItem, error) {
	if len(deptIDs) == 0 {
		return nil, nil
	}
	in, args := inList(3, deptIDs)
	rows, err := tx.QueryContext(ctx, `SELECT impl_code, name, name_en, department_id FROM service_items
		WHERE centre_id = $1 AND status = $2 AND department_id IN (`+in+`) ORDER BY department_id, impl_code`,
		append([]any{centreID, string(bianmin.ItemPublished)}, args...)...)
	if err != nil {
		return nil, wrapf(err, "store: kiosk items")
	}
	defer rows.Close()
	var out []KioskItem
	for rows.Next() {
		var it KioskItem
		if err := rows.Scan(&it.Code, &it.Name, &it.NameEN, &it.DepartmentID); err != nil {
			return nil, wrapf(err, "store: kiosk items")
		}
		out = append(out, it)
	}
	return out, wrapf(rows.Err(), "store: kiosk items")
}

// WaitingCounts returns the number of waiting tickets per queue of a centre
// on a service day.
func WaitingCounts(ctx context.Context, tx *Tx, centreID int64, serviceDate string) (map[int64]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT queue_id, count(*) FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND status = 'waiting' GROUP BY queue_id`, centreID, serviceDate)
	if err != nil {
		return nil, wrapf(err, "store: waiting counts")
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var q int64
		var n int
		if err := rows.Scan(&q, &n); err != nil {
			return nil, wrapf(err, "store: waiting counts")
		}
		out[q] = n
	}
	return out, wrapf(rows.Err(), "store: waiting counts")
}

// WaitingTicket is a waiting ticket as the call order sees it.
type WaitingTicket struct {
	ID      int64
	Kind    bianmin.TicketKind
	OrderAt time.Time
	SlotAt  *time.Time
}

// WaitingTickets returns a queue's waiting tickets on a service day.
func WaitingTickets(ctx context.Context, tx *Tx, queueID int64, serviceDate string) ([]WaitingTicket, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, order_at, slot_at FROM tickets
		WHERE queue_id = $1 AND service_date = $2 AND status = 'waiting' ORDER BY order_at, id`, queueID, serviceDate)
	if err != nil {
		return nil, wrapf(err, "store: waiting tickets")
	}
	defer rows.Close()
	var out []WaitingTicket
	for rows.Next() {
		var w WaitingTicket
		var kind string
		var slot sql.NullTime
		if err := rows.Scan(&w.ID, &kind, &w.OrderAt, &slot); err != nil {
			return nil, wrapf(err, "store: waiting tickets")
		}
		w.Kind, w.OrderAt, w.SlotAt = bianmin.TicketKind(kind), w.OrderAt.UTC(), utcPtr(slot)
		out = append(out, w)
	}
	return out, wrapf(rows.Err(), "store: waiting tickets")
}

// RecentServiceTimes returns how long the queue's last n finished services
// took (finished minus started), newest first: the sample of the waiting
// time estimate.
func RecentServiceTimes(ctx context.Context, tx *Tx, queueID int64, n int) ([]time.Duration, error) {
	rows, err := tx.QueryContext(ctx, `SELECT started_at, finished_at FROM tickets
		WHERE queue_id = $1 AND status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL
		ORDER BY finished_at DESC, id DESC LIMIT $2`, queueID, n)
	if err != nil {
		return nil, wrapf(err, "store: service times")
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var started, finished time.Time
		if err := rows.Scan(&started, &finished); err != nil {
			return nil, wrapf(err, "store: service times")
		}
		if d := finished.Sub(started); d > 0 {
			out = append(out, d)
		}
	}
	return out, wrapf(rows.Err(), "store: service times")
}

// OpenWindowsFor counts the windows calling a queue that take calls now:
// open, not paused or closed.
func OpenWindowsFor(ctx context.Context, tx *Tx, queueID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM queue_windows qw
		JOIN window_states ws ON ws.window_id = qw.window_id
		WHERE qw.queue_id = $1 AND ws.state = 'open'`, queueID).Scan(&n)
	return n, wrapf(err, "store: open windows")
}

// TicketsWithStatus returns a centre's tickets of a service day with a
// status, in arrival order (the guide desk's list of no-shows 过号).
func TicketsWithStatus(ctx context.Context, tx *Tx, centreID int64, serviceDate string, status bianmin.TicketStatus) ([]*bianmin.Ticket, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+ticketColumns+` FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND status = $3 ORDER BY order_at, id`,
		centreID, serviceDate, string(status))
	if err != nil {
		return nil, wrapf(err, "store: tickets")
	}
	defer rows.Close()
	var out []*bianmin.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, wrapf(err, "store: tickets")
		}
		out = append(out, t)
	}
	return out, wrapf(rows.Err(), "store: tickets")
}

// WindowNumber returns a window's number as the hall shows it, "" when the
// window does not exist.
func WindowNumber(ctx context.Context, tx *Tx, windowID int64) (string, error) {
	var n string
	err := tx.QueryRowContext(ctx, "SELECT number FROM windows WHERE id = $1", windowID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return n, wrapf(err, "store: window number")
}
