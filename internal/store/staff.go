package store

import (
	"context"
	"database/sql"
)

// StaffProfile is the part of an account that the director edits: staff
// number, department, phone and photo (ORG-3). Logins and roles stay with
// the security administrator (SECURITY.md item 8).
type StaffProfile struct {
	StaffNo      string
	DepartmentID int64
	Phone        string
	PhotoFileID  int64
}

// StaffProfileOf returns the centre of a user and its profile, or ErrNotFound.
func StaffProfileOf(ctx context.Context, tx *Tx, userID int64) (int64, StaffProfile, error) {
	var centre int64
	var p StaffProfile
	var dept, photo sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT centre_id, staff_no, department_id, phone, photo_file_id FROM users WHERE id = $1",
		userID).Scan(&centre, &p.StaffNo, &dept, &p.Phone, &photo)
	if err != nil {
		return 0, p, wrapf(err, "store: profile of user %d", userID)
	}
	p.DepartmentID, p.PhotoFileID = dept.Int64, photo.Int64
	return centre, p, nil
}

// UpdateStaffProfile replaces a user's profile fields; an unknown user is ErrNotFound.
func UpdateStaffProfile(ctx context.Context, tx *Tx, userID int64, p StaffProfile) error {
	err := execOne(ctx, tx, `UPDATE users SET staff_no = $1, department_id = $2, phone = $3, photo_file_id = $4,
		updated_at = $5 WHERE id = $6`, p.StaffNo, nullID(p.DepartmentID), p.Phone, nullID(p.PhotoFileID), tx.Now, userID)
	return wrapf(err, "store: update profile of user %d", userID)
}

// BoardEntry is one line of the public staff board (ORG-3): a person at a
// window post. It holds nothing personal beyond what the board shows.
type BoardEntry struct {
	Name, StaffNo            string
	PhotoFileID              int64
	WindowNumber, WindowName string
	Post                     string // "A" or "B"
	Department               string
}

// StaffBoard returns the active holders of the A and B posts of a centre's
// windows, by window number and post.
func StaffBoard(ctx context.Context, tx *Tx, centreID int64) ([]BoardEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.display_name, u.staff_no, COALESCE(u.photo_file_id, 0),
			w.number, w.name, p.post, COALESCE(d.name, '')
		FROM (SELECT id AS window_id, a_user_id AS user_id, 'A' AS post FROM windows WHERE centre_id = $1
			UNION ALL
			SELECT id, b_user_id, 'B' FROM windows WHERE centre_id = $1) p
		JOIN windows w ON w.id = p.window_id
		JOIN users u ON u.id = p.user_id
		LEFT JOIN departments d ON d.id = u.department_id
		WHERE NOT u.disabled
		ORDER BY length(w.number), w.number, w.id, p.post`, centreID)
	if err != nil {
		return nil, wrapf(err, "store: staff board of centre %d", centreID)
	}
	defer rows.Close()
	out := []BoardEntry{}
	for rows.Next() {
		var e BoardEntry
		if err := rows.Scan(&e.Name, &e.StaffNo, &e.PhotoFileID, &e.WindowNumber, &e.WindowName, &e.Post, &e.Department); err != nil {
			return nil, wrapf(err, "store: staff board")
		}
		out = append(out, e)
	}
	return out, wrapf(rows.Err(), "store: staff board")
}
