package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"bianmin/internal/bianmin"
)

const inquiryColumns = `id, centre_id, channel, owner_id, window_id, ticket_id, asker_name, asker_phone_enc,
	asker_phone_masked, question, answer, status, outcome, handed_window_id, routed_department_id, routed_by, case_id,
	created_at, updated_at, closed_at`

func scanInquiry(r rowScanner) (*bianmin.Inquiry, error) {
	var q bianmin.Inquiry
	var window, ticket, handed, routed, routedBy, caseID sql.NullInt64
	var closed sql.NullTime
	err := r.Scan(&q.ID, &q.CentreID, &q.Channel, &q.OwnerID, &window, &ticket, &q.AskerName, &q.AskerPhoneEnc,
		&q.AskerPhoneMasked, &q.Question, &q.Answer, &q.Status, &q.Outcome, &handed, &routed, &routedBy, &caseID,
		&q.CreatedAt, &q.UpdatedAt, &closed)
	if err != nil {
		return nil, err
	}
	q.WindowID, q.TicketID, q.HandedWindowID = window.Int64, ticket.Int64, handed.Int64
	q.RoutedDepartmentID, q.RoutedBy, q.CaseID = routed.Int64, routedBy.Int64, caseID.Int64
	q.CreatedAt, q.UpdatedAt, q.ClosedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC(), utcPtr(closed)
	return &q, nil
}

// InsertInquiry stores a first-inquiry record and sets its ID and times.
func InsertInquiry(ctx context.Context, tx *Tx, q *bianmin.Inquiry) error {
	q.CreatedAt, q.UpdatedAt = tx.Now, tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO inquiries (centre_id, channel, owner_id, window_id, ticket_id,
		asker_name, asker_phone_enc, asker_phone_masked, question, answer, status, outcome, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		q.CentreID, q.Channel, q.OwnerID, nullID(q.WindowID), nullID(q.TicketID), q.AskerName, q.AskerPhoneEnc,
		q.AskerPhoneMasked, q.Question, q.Answer, q.Status, q.Outcome, q.CreatedAt, q.UpdatedAt).Scan(&q.ID)
	return wrapf(err, "store: insert inquiry")
}

// InquiryByID returns one first-inquiry record.
func InquiryByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Inquiry, error) {
	q, err := scanInquiry(tx.QueryRowContext(ctx, "SELECT "+inquiryColumns+" FROM inquiries WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	return q, wrapf(err, "store: inquiry")
}

// UpdateInquiry writes a record's mutable fields only while it still has
// status from: false means someone else moved it first.
func UpdateInquiry(ctx context.Context, tx *Tx, q *bianmin.Inquiry, from string) (bool, error) {
	q.UpdatedAt = tx.Now
	res, err := tx.ExecContext(ctx, `UPDATE inquiries SET answer = $1, status = $2, outcome = $3,
		handed_window_id = $4, routed_department_id = $5, routed_by = $6, case_id = $7, updated_at = $8,
		closed_at = $9 WHERE id = $10 AND status = $11`,
		q.Answer, q.Status, q.Outcome, nullID(q.HandedWindowID), nullID(q.RoutedDepartmentID), nullID(q.RoutedBy),
		nullID(q.CaseID), q.UpdatedAt, nullTime(q.ClosedAt), q.ID, from)
	if err != nil {
		return false, wrapf(err, "store: update inquiry")
	}
	n, err := res.RowsAffected()
	return n == 1, wrapf(err, "store: update inquiry")
}

// OpenInquiriesFor returns the records not yet closed that may concern a
// person, newest first: those they own, those handed to one of their
// windows, and those routed to a department of one of the centres (the
// caller keeps the departments the person covers).
func OpenInquiriesFor(ctx context.Context, tx *Tx, ownerID int64, windowIDs, centreIDs []int64, limit int) ([]*bianmin.Inquiry, error) {
	args := []any{ownerID}
	where := "owner_id = $1"
	if len(windowIDs) > 0 {
		in, a := inList(len(args)+1, windowIDs)
		where += " OR (status = 'handed' AND handed_window_id IN (" + in + "))"
		args = append(args, a...)
	}
	if len(centreIDs) > 0 {
		in, a := inList(len(args)+1, centreIDs)
		where += " OR (status = 'routed' AND centre_id IN (" + in + "))"
		args = append(args, a...)
	}
	return queryInquiries(ctx, tx, "status <> 'closed' AND ("+where+")", limit, args...)
}

// InquiriesWithStatus returns a centre's records of one status, oldest
// first (the duty leader routes phone calls in the order they came, FI-3).
func InquiriesWithStatus(ctx context.Context, tx *Tx, centreID int64, status string, limit int) ([]*bianmin.Inquiry, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+inquiryColumns+` FROM inquiries WHERE centre_id = $1 AND status = $2
		ORDER BY created_at, id LIMIT `+strconv.Itoa(limit), centreID, status)
	if err != nil {
		return nil, wrapf(err, "store: inquiries")
	}
	return scanInquiries(rows)
}

func queryInquiries(ctx context.Context, tx *Tx, where string, limit int, args ...any) ([]*bianmin.Inquiry, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+inquiryColumns+" FROM inquiries WHERE "+where+
		" ORDER BY created_at DESC, id DESC LIMIT "+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, wrapf(err, "store: inquiries")
	}
	return scanInquiries(rows)
}

func scanInquiries(rows *sql.Rows) ([]*bianmin.Inquiry, error) {
	defer rows.Close()
	out := []*bianmin.Inquiry{}
	for rows.Next() {
		q, err := scanInquiry(rows)
		if err != nil {
			return nil, wrapf(err, "store: inquiries")
		}
		out = append(out, q)
	}
	return out, wrapf(rows.Err(), "store: inquiries")
}
