package store

import (
	"context"
	"database/sql"
	"time"
)

// Queue statistics are grouped in the database over the day-range indexes
// of 0005_queue.sql (tickets_day_status, ticket_events_day,
// window_pauses_day, ratings_day), so only a few rows per queue, window and
// clerk come back however many tickets the range holds.

// secondsBetween is the one expression whose text differs by engine: the
// seconds from instant a to instant b. SQLite keeps instants as text that
// julianday reads; PostgreSQL subtracts timestamptz values.
func secondsBetween(tx *Tx, a, b string) string {
	if tx.DB.Engine == Postgres {
		return "EXTRACT(EPOCH FROM (" + b + " - " + a + "))"
	}
	return "((julianday(" + b + ") - julianday(" + a + ")) * 86400.0)"
}

// StatRange is a centre and an inclusive range of service days (YYYY-MM-DD).
type StatRange struct {
	CentreID int64
	From, To string
}

// QueueEventStat counts what happened in a queue, each event under the
// queue the ticket was in at the time: tickets issued, tickets called at
// least once, no-show events (过号) and transfers out of it.
type QueueEventStat struct {
	QueueID                            int64
	Issued, Called, NoShows, Transfers int
}

// QueueEventStats groups the range's ticket events by queue.
func QueueEventStats(ctx context.Context, tx *Tx, r StatRange) ([]QueueEventStat, error) {
	rows, err := tx.QueryContext(ctx, `SELECT queue_id,
			SUM(CASE WHEN kind = 'issue' THEN 1 ELSE 0 END),
			COUNT(DISTINCT CASE WHEN kind = 'call' THEN ticket_id END),
			SUM(CASE WHEN kind = 'no_show' THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'transfer' THEN 1 ELSE 0 END)
		FROM ticket_events WHERE centre_id = $1 AND service_date BETWEEN $2 AND $3
		GROUP BY queue_id`, r.CentreID, r.From, r.To)
	if err != nil {
		return nil, wrapf(err, "store: queue event stats")
	}
	defer rows.Close()
	var out []QueueEventStat
	for rows.Next() {
		var s QueueEventStat
		if err := rows.Scan(&s.QueueID, &s.Issued, &s.Called, &s.NoShows, &s.Transfers); err != nil {
			return nil, wrapf(err, "store: queue event stats")
		}
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "store: queue event stats")
}

// QueueWaitStat is the waiting of a queue's called tickets: from issue to
// their first call, under the queue that issued them.
type QueueWaitStat struct {
	QueueID                int64
	AvgWaitSec, MaxWaitSec float64
}

// QueueWaitStats groups the waiting of the range's called tickets by the
// queue of their issue event (the ticket's own queue if it has none).
func QueueWaitStats(ctx context.Context, tx *Tx, r StatRange) ([]QueueWaitStat, error) {
	wait := secondsBetween(tx, "t.issued_at", "e.first_call")
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(e.issue_queue, t.queue_id),
			CAST(AVG(`+wait+`) AS DOUBLE PRECISION), CAST(MAX(`+wait+`) AS DOUBLE PRECISION)
		FROM (SELECT ticket_id, MIN(CASE WHEN kind = 'issue' THEN queue_id END) AS issue_queue,
				MIN(CASE WHEN kind = 'call' THEN at END) AS first_call
			FROM ticket_events WHERE centre_id = $1 AND service_date BETWEEN $2 AND $3
			GROUP BY ticket_id) e
		JOIN tickets t ON t.id = e.ticket_id
		WHERE e.first_call IS NOT NULL
		GROUP BY COALESCE(e.issue_queue, t.queue_id)`, r.CentreID, r.From, r.To)
	if err != nil {
		return nil, wrapf(err, "store: queue wait stats")
	}
	defer rows.Close()
	var out []QueueWaitStat
	for rows.Next() {
		var s QueueWaitStat
		var avg, most sql.NullFloat64
		if err := rows.Scan(&s.QueueID, &avg, &most); err != nil {
			return nil, wrapf(err, "store: queue wait stats")
		}
		s.AvgWaitSec, s.MaxWaitSec = avg.Float64, most.Float64
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "store: queue wait stats")
}

// ServiceStat is the served tickets of one queue, window and clerk: how
// many, and the service seconds of those with a start and a finish.
type ServiceStat struct {
	QueueID, WindowID, UserID int64
	Served, Timed             int
	ServiceSec                float64
}

// ServiceStats groups the range's finished tickets by the queue, window
// and clerk that finished them.
func ServiceStats(ctx context.Context, tx *Tx, r StatRange) ([]ServiceStat, error) {
	secs := secondsBetween(tx, "started_at", "finished_at")
	rows, err := tx.QueryContext(ctx, `SELECT queue_id, COALESCE(window_id, 0), COALESCE(served_by, 0), COUNT(*),
			COUNT(`+secs+`), CAST(COALESCE(SUM(`+secs+`), 0) AS DOUBLE PRECISION)
		FROM tickets WHERE centre_id = $1 AND service_date BETWEEN $2 AND $3 AND status = 'done'
		GROUP BY queue_id, window_id, served_by`, r.CentreID, r.From, r.To)
	if err != nil {
		return nil, wrapf(err, "store: service stats")
	}
	defer rows.Close()
	var out []ServiceStat
	for rows.Next() {
		var s ServiceStat
		if err := rows.Scan(&s.QueueID, &s.WindowID, &s.UserID, &s.Served, &s.Timed, &s.ServiceSec); err != nil {
			return nil, wrapf(err, "store: service stats")
		}
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "store: service stats")
}

// PauseStat is a window's pauses 暂停服务 of one reason.
type PauseStat struct {
	WindowID int64
	Reason   string
	Count    int
	Seconds  float64
}

// PauseStats groups the range's pauses by window and reason; a pause not
// yet ended counts until now.
func PauseStats(ctx context.Context, tx *Tx, r StatRange, now time.Time) ([]PauseStat, error) {
	secs := secondsBetween(tx, "started_at", "COALESCE(ended_at, $4)")
	rows, err := tx.QueryContext(ctx, `SELECT window_id, reason, COUNT(*), CAST(SUM(`+secs+`) AS DOUBLE PRECISION)
		FROM window_pauses WHERE centre_id = $1 AND service_date BETWEEN $2 AND $3
		GROUP BY window_id, reason ORDER BY window_id, reason`, r.CentreID, r.From, r.To, now.UTC())
	if err != nil {
		return nil, wrapf(err, "store: pause stats")
	}
	defer rows.Close()
	var out []PauseStat
	for rows.Next() {
		var s PauseStat
		var secs sql.NullFloat64
		if err := rows.Scan(&s.WindowID, &s.Reason, &s.Count, &secs); err != nil {
			return nil, wrapf(err, "store: pause stats")
		}
		s.Seconds = max(secs.Float64, 0)
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "store: pause stats")
}

// RatingStat counts ratings of one satisfaction code for a window and
// clerk. It holds counts only: no ticket, time or rater (R4.8).
type RatingStat struct {
	WindowID, UserID int64
	Code, Count      int
}

// RatingStats groups the range's ratings by window, clerk and code.
func RatingStats(ctx context.Context, tx *Tx, r StatRange) ([]RatingStat, error) {
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(window_id, 0), COALESCE(staff_user_id, 0), code, COUNT(*)
		FROM ratings WHERE centre_id = $1 AND service_date BETWEEN $2 AND $3
		GROUP BY window_id, staff_user_id, code`, r.CentreID, r.From, r.To)
	if err != nil {
		return nil, wrapf(err, "store: rating stats")
	}
	defer rows.Close()
	var out []RatingStat
	for rows.Next() {
		var s RatingStat
		if err := rows.Scan(&s.WindowID, &s.UserID, &s.Code, &s.Count); err != nil {
			return nil, wrapf(err, "store: rating stats")
		}
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "store: rating stats")
}

// StaffCards returns the cards of users by ID (names for statistics).
func StaffCards(ctx context.Context, tx *Tx, ids []int64) (map[int64]*StaffCard, error) {
	out := map[int64]*StaffCard{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(1, ids)
	rows, err := tx.QueryContext(ctx, "SELECT id, display_name, staff_no, COALESCE(photo_file_id, 0) FROM users WHERE id IN ("+in+")", args...)
	if err != nil {
		return nil, wrapf(err, "store: staff cards")
	}
	defer rows.Close()
	for rows.Next() {
		var c StaffCard
		if err := rows.Scan(&c.UserID, &c.Name, &c.StaffNo, &c.PhotoFileID); err != nil {
			return nil, wrapf(err, "store: staff cards")
		}
		out[c.UserID] = &c
	}
	return out, wrapf(rows.Err(), "store: staff cards")
}

// StatSnapshot makes the statistics' several statements read one snapshot
// on PostgreSQL, as a SQLite read transaction always does.
func StatSnapshot(ctx context.Context, tx *Tx) error {
	return wrapf(snapshot(ctx, tx), "store: snapshot")
}
