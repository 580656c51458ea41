package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"

	"bianmin/internal/bianmin"
)

// ErrChiefRep: a department's chief representative is an active person
// holding the chief_rep role at the department's centre (ORG-4).
var ErrChiefRep = bianmin.FieldError("chief_rep_user_id",
	"首席代表须为本中心在岗且具有首席代表角色的人员。",
	"The chief representative must be an active person holding the chief representative role at the centre.").WithRule("ORG-4")

const departmentColumns = `id, centre_id, name, name_en, credit_code, credit_code_override,
	chief_rep_user_id, created_at`

func scanDepartment(r rowScanner) (*bianmin.Department, error) {
	var d bianmin.Department
	var rep sql.NullInt64
	err := r.Scan(&d.ID, &d.CentreID, &d.Name, &d.NameEN, &d.CreditCode, &d.CreditCodeOverride, &rep, &d.CreatedAt)
	if err != nil {
		return nil, err
	}
	d.ChiefRepUserID = rep.Int64
	d.CreatedAt = d.CreatedAt.UTC()
	return &d, nil
}

// DepartmentByID returns one department with its credit code and chief
// representative, or ErrNotFound.
func DepartmentByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Department, error) {
	d, err := scanDepartment(tx.QueryRowContext(ctx, "SELECT "+departmentColumns+" FROM departments WHERE id = $1", id))
	if err != nil {
		return nil, wrapf(err, "store: department %d", id)
	}
	return d, nil
}

// CentreDepartments returns a centre's departments with every column, in
// creation order (the same on both engines, unlike a collation of names).
func CentreDepartments(ctx context.Context, tx *Tx, centreID int64) ([]*bianmin.Department, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+departmentColumns+" FROM departments WHERE centre_id = $1 ORDER BY id", centreID)
	if err != nil {
		return nil, wrapf(err, "store: departments of centre %d", centreID)
	}
	defer rows.Close()
	out := []*bianmin.Department{}
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan department")
		}
		out = append(out, d)
	}
	return out, wrapf(rows.Err(), "store: departments of centre %d", centreID)
}

// InsertDepartment writes a new department with every column and sets its
// ID and CreatedAt. A duplicate name at the centre is ErrConflict.
func InsertDepartment(ctx context.Context, tx *Tx, d *bianmin.Department) error {
	d.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO departments (centre_id, name, name_en, credit_code,
		credit_code_override, chief_rep_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		d.CentreID, d.Name, d.NameEN, d.CreditCode, d.CreditCodeOverride, nullID(d.ChiefRepUserID), d.CreatedAt).Scan(&d.ID)
	return wrapf(err, "store: insert department")
}

// UpdateDepartment replaces the editable columns of a department (its centre
// never changes). A duplicate name is ErrConflict; an unknown ID ErrNotFound.
func UpdateDepartment(ctx context.Context, tx *Tx, d *bianmin.Department) error {
	err := execOne(ctx, tx, `UPDATE departments SET name = $1, name_en = $2, credit_code = $3,
		credit_code_override = $4, chief_rep_user_id = $5 WHERE id = $6`,
		d.Name, d.NameEN, d.CreditCode, d.CreditCodeOverride, nullID(d.ChiefRepUserID), d.ID)
	return wrapf(err, "store: update department %d", d.ID)
}

// CheckChiefRep accepts 0 (no chief representative named yet) or an active
// user holding the chief_rep role at the centre (ORG-4).
func CheckChiefRep(ctx context.Context, tx *Tx, centreID, userID int64) error {
	if userID == 0 {
		return nil
	}
	ok, err := activeWithRole(ctx, tx, userID, bianmin.RoleChiefRep, centreID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrChiefRep
	}
	return nil
}

// activeWithRole reports whether the user exists, is not disabled and holds
// the role at the centre itself.
func activeWithRole(ctx context.Context, tx *Tx, userID int64, role bianmin.Role, centreID int64) (bool, error) {
	var disabled, holds bool
	err := tx.QueryRowContext(ctx, `SELECT u.disabled, EXISTS (SELECT 1 FROM user_grants g
		WHERE g.user_id = u.id AND g.role = $2 AND g.centre_id = $3)
		FROM users u WHERE u.id = $1`, userID, string(role), centreID).Scan(&disabled, &holds)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, wrapf(err, "store: user %d", userID)
	}
	return !disabled && holds, nil
}

// UpdateWindow replaces a window's number, names, zone, kind, departments
// and items under the rules of CreateWindow (ORG-1) and audits the change
// with the window before and after. The posts are kept: SetWindowPosts
// changes them (ORG-2). A duplicate number is ErrConflict.
func UpdateWindow(ctx context.Context, tx *Tx, w *bianmin.Window, actor *bianmin.Actor) error {
	before, err := WindowByID(ctx, tx, w.ID)
	if err != nil {
		return err
	}
	w.CentreID, w.AUserID, w.BUserID, w.CreatedAt = before.CentreID, before.AUserID, before.BUserID, before.CreatedAt
	if err := w.Validate(); err != nil {
		return err
	}
	if err := checkWindowLinks(ctx, tx, w); err != nil {
		return err
	}
	err = execOne(ctx, tx, "UPDATE windows SET number = $1, name = $2, name_en = $3, zone = $4, kind = $5 WHERE id = $6",
		w.Number, w.Name, w.NameEN, w.Zone, string(w.Kind), w.ID)
	if err != nil {
		return wrapf(err, "store: update window %d", w.ID)
	}
	if err := replaceWindowLinks(ctx, tx, w); err != nil {
		return err
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.update",
		ObjectType: "window", ObjectID: strconv.FormatInt(w.ID, 10), Before: bianmin.JSONOf(before),
		After: bianmin.JSONOf(w), RuleID: "ORG-1"})
}

// checkWindowLinks normalises the window's department and item lists and
// checks them: departments and items of the window's own centre, one
// department for a specialised window, items of served departments (ORG-1).
func checkWindowLinks(ctx context.Context, tx *Tx, w *bianmin.Window) error {
	w.DepartmentIDs = uniqueIDs(w.DepartmentIDs)
	w.ItemIDs = uniqueIDs(w.ItemIDs)
	n := len(w.DepartmentIDs)
	if n == 0 || w.Kind == bianmin.WindowSpecialised && n != 1 {
		return ErrWindowDepartments
	}
	for _, id := range w.DepartmentIDs {
		var centre int64
		err := tx.QueryRowContext(ctx, "SELECT centre_id FROM departments WHERE id = $1", id).Scan(&centre)
		if err != nil {
			return refErr(err, "store: department %d", id)
		}
		if centre != w.CentreID {
			return ErrOtherCentre
		}
	}
	for _, id := range w.ItemIDs {
		var centre, dept int64
		err := tx.QueryRowContext(ctx, "SELECT centre_id, department_id FROM service_items WHERE id = $1", id).Scan(&centre, &dept)
		if err != nil {
			return refErr(err, "store: service item %d", id)
		}
		if centre != w.CentreID {
			return ErrOtherCentre
		}
		if !slices.Contains(w.DepartmentIDs, dept) {
			return ErrItemNotServed
		}
	}
	return nil
}

// replaceWindowLinks rewrites the rows naming the departments and items of a window.
func replaceWindowLinks(ctx context.Context, tx *Tx, w *bianmin.Window) error {
	for _, q := range []string{"DELETE FROM window_departments WHERE window_id = $1", "DELETE FROM window_items WHERE window_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, w.ID); err != nil {
			return wrapf(err, "store: links of window %d", w.ID)
		}
	}
	for _, id := range w.DepartmentIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO window_departments (window_id, department_id) VALUES ($1, $2)", w.ID, id); err != nil {
			return wrapf(err, "store: window department")
		}
	}
	for _, id := range w.ItemIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO window_items (window_id, item_id) VALUES ($1, $2)", w.ID, id); err != nil {
			return wrapf(err, "store: window item")
		}
	}
	return nil
}

// WindowsMissingPosts returns the IDs of a centre's windows whose A or B
// post is empty or held by a disabled account (ORG-2), in number order.
func WindowsMissingPosts(ctx context.Context, tx *Tx, centreID int64) ([]int64, error) {
	ids, err := queryIDs(ctx, tx, `SELECT w.id FROM windows w
		LEFT JOIN users a ON a.id = w.a_user_id
		LEFT JOIN users b ON b.id = w.b_user_id
		WHERE w.centre_id = $1 AND (a.id IS NULL OR b.id IS NULL OR a.disabled OR b.disabled)
		ORDER BY length(w.number), w.number, w.id`, centreID)
	return ids, wrapf(err, "store: windows missing posts at centre %d", centreID)
}

// CarryWindowItems moves the window links of one item version to its
// successor, so that windows keep handling an item after a new version is
// published (R9.2). A window that does not serve the successor's
// department loses the item (ORG-1).
func CarryWindowItems(ctx context.Context, tx *Tx, fromItemID, toItemID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO window_items (window_id, item_id)
		SELECT wi.window_id, $2 FROM window_items wi
		WHERE wi.item_id = $1
		AND wi.window_id IN (SELECT wd.window_id FROM window_departments wd
			JOIN service_items i ON i.department_id = wd.department_id WHERE i.id = $2)
		AND wi.window_id NOT IN (SELECT window_id FROM window_items WHERE item_id = $2)`, fromItemID, toItemID)
	if err != nil {
		return wrapf(err, "store: carry window items %d to %d", fromItemID, toItemID)
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM window_items WHERE item_id = $1", fromItemID)
	return wrapf(err, "store: carry window items %d to %d", fromItemID, toItemID)
}
