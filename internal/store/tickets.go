package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"bianmin/internal/bianmin"
)

// NextTicketNumber advances the counter of a queue's service day and
// returns the new number, in the ticket's own transaction: the row lock of
// the upsert serialises issuers on PostgreSQL (READ COMMITTED is enough),
// and a rolled-back issue gives its number back, so numbers have no gaps
// (SECURITY.md item 44). Never max(number)+1, never a sequence.
func NextTicketNumber(ctx context.Context, tx *Tx, queueID int64, serviceDate string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO queue_counters (queue_id, service_date, last_no) VALUES ($1, $2, 1)
		ON CONFLICT (queue_id, service_date) DO UPDATE SET last_no = queue_counters.last_no + 1
		RETURNING last_no`, queueID, serviceDate).Scan(&n)
	if err != nil {
		return 0, wrapf(err, "store: next ticket number")
	}
	return n, nil
}

// IssuedCount returns how many tickets a queue has issued on a service day.
func IssuedCount(ctx context.Context, tx *Tx, queueID int64, serviceDate string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT last_no FROM queue_counters WHERE queue_id = $1 AND service_date = $2",
		queueID, serviceDate).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, wrapf(err, "store: issued count")
}

// InsertTicket inserts t and sets its ID. The unique (centre, day, prefix,
// number) constraint is the backstop against duplicate numbers; a repeated
// idempotency key is ErrConflict.
func InsertTicket(ctx context.Context, tx *Tx, t *bianmin.Ticket) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO tickets (centre_id, queue_id, service_date, prefix, number,
		item_code, item_name, kind, kind_reason, status, order_at, slot_at, appointment_id, id_masked, phone_masked,
		device_id, issued_by, idem_key, status_token, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
		t.CentreID, t.QueueID, t.ServiceDate, t.Prefix, t.Number, t.ItemCode, t.ItemName, string(t.Kind), t.KindReason,
		string(t.Status), t.OrderAt.UTC(), nullTime(t.SlotAt), nullID(t.AppointmentID), t.IDMasked, t.PhoneMasked,
		nullID(t.DeviceID), nullID(t.IssuedBy), t.IdemKey, t.StatusToken, t.IssuedAt.UTC()).Scan(&t.ID)
	return wrapf(err, "store: insert ticket")
}

const ticketColumns = `id, centre_id, queue_id, service_date, prefix, number, item_code, item_name, kind, kind_reason,
	status, order_at, slot_at, appointment_id, id_masked, phone_masked, device_id, issued_by, idem_key, status_token,
	window_id, target_window_id, call_count, transfers, first_owner_id, served_by, outcome, case_id, note,
	issued_at, called_at, started_at, finished_at`

func scanTicket(r rowScanner) (*bianmin.Ticket, error) {
	var t bianmin.Ticket
	var kind, status, idem string
	var slot, called, started, finished sql.NullTime
	var appt, device, issuedBy, window, target, owner, servedBy, caseID sql.NullInt64
	err := r.Scan(&t.ID, &t.CentreID, &t.QueueID, &t.ServiceDate, &t.Prefix, &t.Number, &t.ItemCode, &t.ItemName,
		&kind, &t.KindReason, &status, &t.OrderAt, &slot, &appt, &t.IDMasked, &t.PhoneMasked, &device, &issuedBy,
		&idem, &t.StatusToken, &window, &target, &t.CallCount, &t.Transfers, &owner, &servedBy, &t.Outcome, &caseID,
		&t.Note, &t.IssuedAt, &called, &started, &finished)
	if err != nil {
		return nil, err
	}
	t.Kind, t.Status = bianmin.TicketKind(kind), bianmin.TicketStatus(status)
	t.Code = bianmin.TicketCode(t.Prefix, t.Number)
	t.OrderAt, t.IssuedAt = t.OrderAt.UTC(), t.IssuedAt.UTC()
	t.SlotAt, t.CalledAt, t.StartedAt, t.FinishedAt = utcPtr(slot), utcPtr(called), utcPtr(started), utcPtr(finished)
	t.AppointmentID, t.DeviceID, t.IssuedBy = appt.Int64, device.Int64, issuedBy.Int64
	t.WindowID, t.TargetWindowID, t.FirstOwnerID = window.Int64, target.Int64, owner.Int64
	t.ServedBy, t.CaseID = servedBy.Int64, caseID.Int64
	t.IdemKey = idem
	return &t, nil
}

func oneTicket(ctx context.Context, tx *Tx, where string, args ...any) (*bianmin.Ticket, error) {
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+" FROM tickets WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	return t, wrapf(err, "store: ticket")
}

// TicketByID returns a ticket.
func TicketByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Ticket, error) {
	return oneTicket(ctx, tx, "id = $1", id)
}

// TicketByToken returns the ticket of a status-page token.
func TicketByToken(ctx context.Context, tx *Tx, token string) (*bianmin.Ticket, error) {
	return oneTicket(ctx, tx, "status_token = $1", token)
}

// TicketByIdemKey returns the ticket a kiosk already got for a key (SECURITY.md item 45).
func TicketByIdemKey(ctx context.Context, tx *Tx, centreID int64, key string) (*bianmin.Ticket, error) {
	return oneTicket(ctx, tx, "centre_id = $1 AND idem_key = $2", centreID, key)
}

// UpdateTicket writes a ticket's mutable fields, only if it still has
// status from: false means another window or instance changed it first,
// which is how two windows calling at the same instant never get the same
// ticket on either engine.
func UpdateTicket(ctx context.Context, tx *Tx, t *bianmin.Ticket, from bianmin.TicketStatus) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE tickets SET queue_id = $1, status = $2, order_at = $3, window_id = $4,
		target_window_id = $5, call_count = $6, transfers = $7, first_owner_id = $8, served_by = $9, outcome = $10,
		case_id = $11, note = $12, called_at = $13, started_at = $14, finished_at = $15, kind = $16, kind_reason = $17
		WHERE id = $18 AND status = $19`,
		t.QueueID, string(t.Status), t.OrderAt.UTC(), nullID(t.WindowID), nullID(t.TargetWindowID), t.CallCount,
		t.Transfers, nullID(t.FirstOwnerID), nullID(t.ServedBy), t.Outcome, nullID(t.CaseID), t.Note,
		nullTime(t.CalledAt), nullTime(t.StartedAt), nullTime(t.FinishedAt), string(t.Kind), t.KindReason,
		t.ID, string(from))
	if err != nil {
		return false, wrapf(err, "store: update ticket")
	}
	n, err := res.RowsAffected()
	return n == 1, wrapf(err, "store: update ticket")
}

// FirstWaiting returns the first waiting ticket of a kind that a window may
// call on a service day: in one of its queues and not transferred to
// another window; appointments by slot, others by arrival order. Nil when
// none waits.
func FirstWaiting(ctx context.Context, tx *Tx, centreID int64, serviceDate string, queueIDs []int64, windowID int64, kind bianmin.TicketKind) (*bianmin.Ticket, error) {
	if len(queueIDs) == 0 {
		return nil, nil
	}
	order := "order_at, id"
	if kind == bianmin.TicketAppointment {
		order = "slot_at, order_at, id"
	}
	in, args := inList(6, queueIDs)
	args = append([]any{centreID, serviceDate, string(kind), windowID, "waiting"}, args...)
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+` FROM tickets
		WHERE centre_id = $1 AND service_date = $2 AND kind = $3 AND status = $5
		AND (target_window_id IS NULL OR target_window_id = $4) AND queue_id IN (`+in+`)
		ORDER BY `+order+" LIMIT 1", args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return t, wrapf(err, "store: first waiting")
}

// WaitingOrder returns the order instants of a queue's waiting tickets on a
// service day, in order, at most limit of them.
func WaitingOrder(ctx context.Context, tx *Tx, queueID int64, serviceDate string, limit int) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, `SELECT order_at FROM tickets WHERE queue_id = $1 AND service_date = $2
		AND status = 'waiting' ORDER BY order_at, id LIMIT $3`, queueID, serviceDate, limit)
	if err != nil {
		return nil, wrapf(err, "store: waiting order")
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, wrapf(err, "store: waiting order")
		}
		out = append(out, t.UTC())
	}
	return out, wrapf(rows.Err(), "store: waiting order")
}

// RecentCalledKinds returns the kinds of the last n tickets first called
// from the given queues on a service day, oldest first (for queue.GreenRun).
func RecentCalledKinds(ctx context.Context, tx *Tx, queueIDs []int64, serviceDate string, n int) ([]bianmin.TicketKind, error) {
	if len(queueIDs) == 0 {
		return nil, nil
	}
	in, args := inList(3, queueIDs)
	args = append([]any{serviceDate, n}, args...)
	rows, err := tx.QueryContext(ctx, `SELECT t.kind FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
		WHERE e.service_date = $1 AND e.kind = 'call' AND e.queue_id IN (`+in+`)
		ORDER BY e.id DESC LIMIT $2`, args...)
	if err != nil {
		return nil, wrapf(err, "store: recent calls")
	}
	defer rows.Close()
	var out []bianmin.TicketKind
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, wrapf(err, "store: recent calls")
		}
		out = append([]bianmin.TicketKind{bianmin.TicketKind(k)}, out...)
	}
	return out, wrapf(rows.Err(), "store: recent calls")
}

// AddTicketEvent appends one step of a ticket's day and sets its ID.
func AddTicketEvent(ctx context.Context, tx *Tx, e *bianmin.TicketEvent) error {
	if e.At.IsZero() {
		e.At = tx.Now
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO ticket_events (ticket_id, centre_id, queue_id, service_date, at,
		kind, window_id, user_id, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.TicketID, e.CentreID, e.QueueID, e.ServiceDate, e.At.UTC(), string(e.Kind), nullID(e.WindowID),
		nullID(e.UserID), e.Reason, e.Detail).Scan(&e.ID)
	return wrapf(err, "store: ticket event")
}
