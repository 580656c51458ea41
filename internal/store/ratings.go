package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"bianmin/internal/bianmin"
)

// InsertRating writes one on-site rating and sets its ID. The UNIQUE
// ticket_id makes a second rating of the same occasion ErrConflict, so a
// rating is never overwritten (R4.6).
func InsertRating(ctx context.Context, tx *Tx, r *bianmin.Rating) error {
	reasons, _ := json.Marshal(r.Reasons) // a []string always marshals
	if r.Reasons == nil {
		reasons = []byte("[]")
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO ratings (centre_id, ticket_id, case_id, window_id, staff_user_id,
		device_id, channel, attitude, efficiency, code, reasons, comment, count, service_date, rated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		r.CentreID, nullID(r.TicketID), nullID(r.CaseID), nullID(r.WindowID), nullID(r.StaffUserID), nullID(r.DeviceID),
		r.Channel, r.Attitude, r.Efficiency, r.Code, string(reasons), r.Comment, r.Count, r.ServiceDate,
		r.RatedAt.UTC()).Scan(&r.ID)
	return wrapf(err, "store: insert rating")
}

// RatingByTicket returns the rating of a service occasion, or ErrNotFound.
func RatingByTicket(ctx context.Context, tx *Tx, ticketID int64) (*bianmin.Rating, error) {
	var r bianmin.Rating
	var ticket, caseID, window, staff, device sql.NullInt64
	var reasons string
	err := tx.QueryRowContext(ctx, `SELECT id, centre_id, ticket_id, case_id, window_id, staff_user_id, device_id,
		channel, attitude, efficiency, code, reasons, comment, count, service_date, rated_at
		FROM ratings WHERE ticket_id = $1`, ticketID).Scan(&r.ID, &r.CentreID, &ticket, &caseID, &window, &staff,
		&device, &r.Channel, &r.Attitude, &r.Efficiency, &r.Code, &reasons, &r.Comment, &r.Count, &r.ServiceDate, &r.RatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	if err != nil {
		return nil, wrapf(err, "store: rating of ticket %d", ticketID)
	}
	r.TicketID, r.CaseID, r.WindowID, r.StaffUserID, r.DeviceID = ticket.Int64, caseID.Int64, window.Int64, staff.Int64, device.Int64
	r.RatedAt = r.RatedAt.UTC()
	r.Reasons = []string{}
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return nil, wrapf(err, "store: reasons of rating %d", r.ID)
	}
	return &r, nil
}

// LatestFinished returns the ticket finished last at a window at or after
// since and whether it has been rated; nil when none. Only the latest one
// counts: the citizen standing at the pad is the one served last (R4.6).
func LatestFinished(ctx context.Context, tx *Tx, windowID int64, since time.Time) (*bianmin.Ticket, bool, error) {
	t, err := scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+` FROM tickets
		WHERE window_id = $1 AND status = 'done' AND finished_at >= $2
		ORDER BY finished_at DESC, id DESC LIMIT 1`, windowID, since.UTC()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, wrapf(err, "store: latest finished at window %d", windowID)
	}
	var rated bool
	err = tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM ratings WHERE ticket_id = $1)", t.ID).Scan(&rated)
	return t, rated, wrapf(err, "store: is ticket %d rated", t.ID)
}

// StaffCard is what the evaluation pad shows of the clerk (ORG-3): the
// name, staff number and photo, nothing else.
type StaffCard struct {
	UserID      int64
	Name        string
	StaffNo     string
	PhotoFileID int64
}

// StaffCardOf returns the card of a user, or ErrNotFound.
func StaffCardOf(ctx context.Context, tx *Tx, userID int64) (*StaffCard, error) {
	c := StaffCard{UserID: userID}
	var photo sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT display_name, staff_no, photo_file_id FROM users WHERE id = $1",
		userID).Scan(&c.Name, &c.StaffNo, &photo)
	if err != nil {
		return nil, wrapf(err, "store: staff card of user %d", userID)
	}
	c.PhotoFileID = photo.Int64
	return &c, nil
}
