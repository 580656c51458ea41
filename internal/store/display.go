package store

import (
	"context"
	"time"

	"bianmin/internal/bianmin"
)

// The hall display reads only ticket codes, window numbers, states and
// counts: no query here selects a column that names or identifies a
// person (R8.3).

// HallCall is one call or recall of the day as the hall display lists it.
type HallCall struct {
	Prefix       string
	Number       int
	WindowNumber string
	Recall       bool
	At           time.Time
}

// HallCalls returns a centre's latest calls and recalls of a service day,
// newest first, at most limit of them.
func HallCalls(ctx context.Context, tx *Tx, centreID int64, serviceDate string, limit int) ([]HallCall, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.prefix, t.number, COALESCE(w.number, ''), e.kind, e.at
		FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id LEFT JOIN windows w ON w.id = e.window_id
		WHERE e.centre_id = $1 AND e.service_date = $2 AND e.kind IN ('call', 'recall')
		ORDER BY e.id DESC LIMIT $3`, centreID, serviceDate, limit)
	if err != nil {
		return nil, wrapf(err, "store: hall calls")
	}
	defer rows.Close()
	var out []HallCall
	for rows.Next() {
		var c HallCall
		var kind string
		if err := rows.Scan(&c.Prefix, &c.Number, &c.WindowNumber, &kind, &c.At); err != nil {
			return nil, wrapf(err, "store: hall calls")
		}
		c.Recall, c.At = kind == "recall", c.At.UTC()
		out = append(out, c)
	}
	return out, wrapf(rows.Err(), "store: hall calls")
}

// HallWindow is a window's state on the hall display and the ticket it has
// called or is serving on the service day (Prefix "" when none).
type HallWindow struct {
	ID           int64
	Number       string
	Name, NameEN string
	State        string // closed when the window has no state row
	Prefix       string
	TicketNumber int
	Serving      bool // the citizen has arrived (serving), not only called
}

// HallWindows returns a centre's windows in number order with their state
// and current ticket of the service day.
func HallWindows(ctx context.Context, tx *Tx, centreID int64, serviceDate string) ([]HallWindow, error) {
	// A state left over from an earlier day shows as closed: nobody opened
	// the window today (the day-end job closes such rows too).
	dayStart, err := bianmin.DayStart(serviceDate)
	if err != nil {
		return nil, wrapf(err, "store: hall windows")
	}
	rows, err := tx.QueryContext(ctx, `SELECT w.id, w.number, w.name, w.name_en,
		CASE WHEN s.since >= $2 THEN s.state ELSE 'closed' END
		FROM windows w LEFT JOIN window_states s ON s.window_id = w.id
		WHERE w.centre_id = $1 ORDER BY length(w.number), w.number, w.id`, centreID, dayStart.UTC())
	if err != nil {
		return nil, wrapf(err, "store: hall windows")
	}
	var out []HallWindow
	at := map[int64]int{}
	for rows.Next() {
		var w HallWindow
		if err := rows.Scan(&w.ID, &w.Number, &w.Name, &w.NameEN, &w.State); err != nil {
			rows.Close()
			return nil, wrapf(err, "store: hall windows")
		}
		at[w.ID] = len(out)
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrapf(err, "store: hall windows")
	}
	// The ticket a window shows is the one it called last and has not
	// finished, whatever the console keeps in its own state row.
	rows, err = tx.QueryContext(ctx, `SELECT window_id, prefix, number, status FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND status IN ('called', 'serving') AND window_id IS NOT NULL
		ORDER BY called_at, id`, centreID, serviceDate)
	if err != nil {
		return nil, wrapf(err, "store: hall tickets")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var prefix, status string
		var number int
		if err := rows.Scan(&id, &prefix, &number, &status); err != nil {
			return nil, wrapf(err, "store: hall tickets")
		}
		if i, ok := at[id]; ok {
			out[i].Prefix, out[i].TicketNumber, out[i].Serving = prefix, number, status == "serving"
		}
	}
	return out, wrapf(rows.Err(), "store: hall tickets")
}

// HallQueue is an active queue and how many of its tickets wait.
type HallQueue struct {
	Prefix       string
	Name, NameEN string
	Waiting      int
}

// HallQueues returns a centre's active queues in position order with the
// number of tickets waiting on the service day.
func HallQueues(ctx context.Context, tx *Tx, centreID int64, serviceDate string) ([]HallQueue, error) {
	rows, err := tx.QueryContext(ctx, `SELECT q.prefix, q.name, q.name_en, COUNT(t.id)
		FROM queues q LEFT JOIN tickets t ON t.queue_id = q.id AND t.service_date = $2 AND t.status = 'waiting'
		WHERE q.centre_id = $1 AND q.active
		GROUP BY q.id, q.prefix, q.name, q.name_en, q.position ORDER BY q.position, q.prefix`, centreID, serviceDate)
	if err != nil {
		return nil, wrapf(err, "store: hall queues")
	}
	defer rows.Close()
	var out []HallQueue
	for rows.Next() {
		var q HallQueue
		if err := rows.Scan(&q.Prefix, &q.Name, &q.NameEN, &q.Waiting); err != nil {
			return nil, wrapf(err, "store: hall queues")
		}
		out = append(out, q)
	}
	return out, wrapf(rows.Err(), "store: hall queues")
}
