package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

const centreColumns = "id, parent_id, region_code, name, name_en, level, created_at"

// CreateCentre inserts c and sets its ID and CreatedAt. A duplicate region
// code is ErrConflict; an unknown parent is ErrInvalidReference.
func CreateCentre(ctx context.Context, tx *Tx, c *bianmin.Centre) error {
	c.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO centres (parent_id, region_code, name, name_en, level, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		nullID(c.ParentID), c.RegionCode, c.Name, c.NameEN, c.Level, c.CreatedAt).Scan(&c.ID)
	return wrapf(err, "store: create centre")
}

// CentreByID returns one centre or ErrNotFound.
func CentreByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Centre, error) {
	c, err := scanCentre(tx.QueryRowContext(ctx, "SELECT "+centreColumns+" FROM centres WHERE id = $1", id))
	if err != nil {
		return nil, wrapf(err, "store: centre %d", id)
	}
	return c, nil
}

// Centres returns every centre, parents before children where IDs allow.
func Centres(ctx context.Context, tx *Tx) ([]*bianmin.Centre, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+centreColumns+" FROM centres ORDER BY id")
	if err != nil {
		return nil, wrapf(err, "store: centres")
	}
	defer rows.Close()
	var out []*bianmin.Centre
	for rows.Next() {
		c, err := scanCentre(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan centre")
		}
		out = append(out, c)
	}
	return out, wrapf(rows.Err(), "store: centres")
}

// CentreSubtree returns id and the IDs of every centre below it (township
// centres under a county, village stations under a township), for scopes of
// roles that see their subtree (SECURITY.md item 9). Unknown id is ErrNotFound.
func CentreSubtree(ctx context.Context, tx *Tx, id int64) ([]int64, error) {
	ids, err := queryIDs(ctx, tx, `WITH RECURSIVE sub(id) AS (
			SELECT id FROM centres WHERE id = $1
			UNION
			SELECT c.id FROM centres c JOIN sub ON c.parent_id = sub.id)
		SELECT id FROM sub ORDER BY id`, id)
	if err != nil {
		return nil, wrapf(err, "store: subtree of centre %d", id)
	}
	if len(ids) == 0 {
		return nil, bianmin.ErrNotFound
	}
	return ids, nil
}

// CreateDepartment inserts a department; a duplicate name at the centre is ErrConflict.
func CreateDepartment(ctx context.Context, tx *Tx, centreID int64, name, nameEN string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO departments (centre_id, name, name_en, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, centreID, name, nameEN, tx.Now).Scan(&id)
	return id, wrapf(err, "store: create department")
}

// DepartmentCentre returns the centre a department belongs to, or ErrNotFound.
func DepartmentCentre(ctx context.Context, tx *Tx, deptID int64) (int64, error) {
	var centre int64
	err := tx.QueryRowContext(ctx, "SELECT centre_id FROM departments WHERE id = $1", deptID).Scan(&centre)
	return centre, wrapf(err, "store: department %d", deptID)
}

type rowScanner interface{ Scan(dest ...any) error }

func scanCentre(r rowScanner) (*bianmin.Centre, error) {
	var c bianmin.Centre
	var parent sql.NullInt64
	if err := r.Scan(&c.ID, &parent, &c.RegionCode, &c.Name, &c.NameEN, &c.Level, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.ParentID = parent.Int64
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

func queryIDs(ctx context.Context, tx *Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// inList returns "$k, $k+1, …" for n values starting at placeholder k, and
// the values as arguments. The IDs are bound, never spliced into the SQL.
func inList(k int, ids []int64) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(k+i)
		args[i] = id
	}
	return strings.Join(ph, ", "), args
}
