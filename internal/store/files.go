package store

import (
	"context"
	"time"
)

// File is an uploaded file: a blank form, a filled-in sample or a staff
// photo (SECURITY.md item 37). Its ID is the only identity a client sees;
// Name is kept for the download's display name only.
type File struct {
	ID, CentreID      int64
	Name, ContentType string
	Size              int64
	SHA256            string
	Data              []byte
	CreatedAt         time.Time
}

// InsertFile writes f and sets its ID and CreatedAt.
func InsertFile(ctx context.Context, tx *Tx, f *File) error {
	f.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO files (centre_id, name, content_type, size, sha256, data, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		f.CentreID, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, f.CreatedAt).Scan(&f.ID)
	return wrapf(err, "store: insert file")
}

// FileByID returns one file with its content, or ErrNotFound.
func FileByID(ctx context.Context, tx *Tx, id int64) (*File, error) {
	var f File
	err := tx.QueryRowContext(ctx, `SELECT id, centre_id, name, content_type, size, sha256, data, created_at
		FROM files WHERE id = $1`, id).Scan(&f.ID, &f.CentreID, &f.Name, &f.ContentType, &f.Size, &f.SHA256,
		&f.Data, &f.CreatedAt)
	if err != nil {
		return nil, wrapf(err, "store: file %d", id)
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return &f, nil
}

// FileCentre returns the centre a file belongs to, or ErrNotFound.
func FileCentre(ctx context.Context, tx *Tx, id int64) (int64, error) {
	var centre int64
	err := tx.QueryRowContext(ctx, "SELECT centre_id FROM files WHERE id = $1", id).Scan(&centre)
	return centre, wrapf(err, "store: file %d", id)
}

// FileContentType returns a file's stored content type, or ErrNotFound.
func FileContentType(ctx context.Context, tx *Tx, id int64) (string, error) {
	var ct string
	err := tx.QueryRowContext(ctx, "SELECT content_type FROM files WHERE id = $1", id).Scan(&ct)
	return ct, wrapf(err, "store: file %d", id)
}

// FileIsPublic reports whether anyone may download the file without
// logging in: it is the blank form or sample of a material of a published
// item (CAT-2), or the photo of an active person holding a window post,
// shown on the staff board (ORG-3). Nothing else is public.
func FileIsPublic(ctx context.Context, tx *Tx, id int64) (bool, error) {
	var public bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM item_materials m
			JOIN service_items i ON i.id = m.item_id
			WHERE i.status = 'published' AND (m.blank_form_file_id = $1 OR m.sample_file_id = $1))
		OR EXISTS (SELECT 1 FROM users u JOIN windows w ON w.a_user_id = u.id OR w.b_user_id = u.id
			WHERE u.photo_file_id = $1 AND NOT u.disabled)`, id).Scan(&public)
	return public, wrapf(err, "store: is file %d public", id)
}
