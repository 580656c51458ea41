package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"

	"bianmin/internal/bianmin"
)

// Errors of the organisation tables.
var (
	// ErrPostHolder: an A or B post goes to an active clerk of the window's centre (ORG-2).
	ErrPostHolder = bianmin.FieldError("a_user_id",
		"A岗和B岗须由本中心在岗的窗口工作人员担任。",
		"A and B posts must be held by active window clerks of the centre.").WithRule("ORG-2")
	// ErrOtherCentre: a window serves departments and items of its own centre only.
	ErrOtherCentre = bianmin.FieldError("department_ids",
		"窗口只能服务本中心的部门和事项。",
		"A window serves departments and items of its own centre only.").WithRule("ORG-1")
	// ErrWindowDepartments: a specialised window serves one department, a general one at least one.
	ErrWindowDepartments = bianmin.FieldError("department_ids",
		"专业窗口服务一个部门，综合窗口服务一个或多个部门。",
		"A specialised window serves one department; a general window serves one or more.").WithRule("ORG-1")
	// ErrItemNotServed: a window handles only items of the departments it serves.
	ErrItemNotServed = bianmin.FieldError("item_ids",
		"窗口只能办理其所服务部门的事项。",
		"A window handles only items of the departments it serves.").WithRule("ORG-1")
)

// CreateWindow inserts w with the departments it serves and the items it
// handles, sets its ID and CreatedAt, and audits the creation in tx. Filled
// posts must go to two different active clerks of the centre (ORG-2); a
// duplicate window number at the centre is ErrConflict.
func CreateWindow(ctx context.Context, tx *Tx, w *bianmin.Window, actor *bianmin.Actor) error {
	if err := w.Validate(); err != nil {
		return err
	}
	if err := checkWindowLinks(ctx, tx, w); err != nil {
		return err
	}
	for _, uid := range []int64{w.AUserID, w.BUserID} {
		if err := checkPostHolder(ctx, tx, w.CentreID, uid); err != nil {
			return err
		}
	}
	w.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO windows (centre_id, number, name, name_en, zone, kind,
		a_user_id, b_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		w.CentreID, w.Number, w.Name, w.NameEN, w.Zone, string(w.Kind), nullID(w.AUserID), nullID(w.BUserID),
		w.CreatedAt).Scan(&w.ID)
	if err != nil {
		return wrapf(err, "store: create window")
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
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.create",
		ObjectType: "window", ObjectID: strconv.FormatInt(w.ID, 10), After: bianmin.JSONOf(w), RuleID: "ORG-1"})
}

const windowColumns = "id, centre_id, number, name, name_en, zone, kind, a_user_id, b_user_id, created_at"

// Windows returns a centre's windows in number order, each with the
// departments it serves and the items it handles.
func Windows(ctx context.Context, tx *Tx, centreID int64) ([]*bianmin.Window, error) {
	return queryWindows(ctx, tx, "centre_id = $1 ORDER BY length(number), number, id", centreID)
}

// queryWindows returns the windows a WHERE clause (with its ORDER BY)
// selects, each with its departments and items.
func queryWindows(ctx context.Context, tx *Tx, where string, args ...any) ([]*bianmin.Window, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+windowColumns+" FROM windows WHERE "+where, args...)
	if err != nil {
		return nil, wrapf(err, "store: windows")
	}
	var out []*bianmin.Window
	for rows.Next() {
		w, err := scanWindow(rows)
		if err != nil {
			rows.Close()
			return nil, wrapf(err, "store: scan window")
		}
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrapf(err, "store: windows")
	}
	for _, w := range out {
		if err := loadWindowLinks(ctx, tx, w); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WindowByID returns one window with its departments and items, or ErrNotFound.
func WindowByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Window, error) {
	w, err := scanWindow(tx.QueryRowContext(ctx, "SELECT "+windowColumns+" FROM windows WHERE id = $1", id))
	if err != nil {
		return nil, wrapf(err, "store: window %d", id)
	}
	return w, loadWindowLinks(ctx, tx, w)
}

// SetWindowPosts names the A and B post holders of a window (DOMAIN.md
// ORG-2): two different active clerks of the window's centre. The change is
// audited with the holders before and after.
func SetWindowPosts(ctx context.Context, tx *Tx, windowID, aUserID, bUserID int64, actor *bianmin.Actor) error {
	if aUserID == 0 || bUserID == 0 {
		return ErrPostHolder
	}
	if aUserID == bUserID {
		return bianmin.ErrSamePostHolder
	}
	w, err := WindowByID(ctx, tx, windowID)
	if err != nil {
		return err
	}
	for _, uid := range []int64{aUserID, bUserID} {
		if err := checkPostHolder(ctx, tx, w.CentreID, uid); err != nil {
			return err
		}
	}
	type posts struct {
		A int64 `json:"a_user_id"`
		B int64 `json:"b_user_id"`
	}
	before := posts{w.AUserID, w.BUserID}
	if _, err := tx.ExecContext(ctx, "UPDATE windows SET a_user_id = $1, b_user_id = $2 WHERE id = $3",
		aUserID, bUserID, windowID); err != nil {
		return wrapf(err, "store: set posts of window %d", windowID)
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.posts",
		ObjectType: "window", ObjectID: strconv.FormatInt(windowID, 10), Before: bianmin.JSONOf(before),
		After: bianmin.JSONOf(posts{aUserID, bUserID}), RuleID: "ORG-2"})
}

// CreateServiceItem validates a published item version, inserts it with
// CreateItemVersion and audits the creation in tx (CAT-1). Departments must
// belong to the item's centre (ORG-1); a duplicate (implementation code,
// version) at the centre is ErrConflict. The catalogue service composes the
// same pieces with its own permission checks and search key.
func CreateServiceItem(ctx context.Context, tx *Tx, it *bianmin.ServiceItem, actor *bianmin.Actor) error {
	if it.Version == 0 {
		it.Version = 1
	}
	if err := it.Validate(); err != nil {
		return err
	}
	if err := CreateItemVersion(ctx, tx, it, ""); err != nil {
		return err
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.create",
		ObjectType: "service_item", ObjectID: strconv.FormatInt(it.ID, 10), After: bianmin.JSONOf(it), RuleID: "CAT-1"})
}

// ServiceItems returns every item version of a centre, by implementation
// code and version.
func ServiceItems(ctx context.Context, tx *Tx, centreID int64) ([]*bianmin.ServiceItem, error) {
	out, err := queryItems(ctx, tx, "SELECT "+itemColumns+
		" FROM service_items WHERE centre_id = $1 ORDER BY impl_code, version", centreID)
	if err != nil {
		return nil, err
	}
	return out, loadDetailsOf(ctx, tx, out)
}

// checkPostHolder accepts 0 (post not filled) or an active user holding a
// clerk grant at the centre.
func checkPostHolder(ctx context.Context, tx *Tx, centreID, userID int64) error {
	if userID == 0 {
		return nil
	}
	var disabled, clerk bool
	err := tx.QueryRowContext(ctx, `SELECT u.disabled, EXISTS (SELECT 1 FROM user_grants g
		WHERE g.user_id = u.id AND g.role = $2 AND g.centre_id = $3)
		FROM users u WHERE u.id = $1`, userID, string(bianmin.RoleClerk), centreID).Scan(&disabled, &clerk)
	if err == sql.ErrNoRows {
		return ErrPostHolder.Wrap(err)
	}
	if err != nil {
		return wrapf(err, "store: post holder %d", userID)
	}
	if disabled || !clerk {
		return ErrPostHolder
	}
	return nil
}

func scanWindow(r interface{ Scan(...any) error }) (*bianmin.Window, error) {
	var w bianmin.Window
	var kind string
	var a, b sql.NullInt64
	if err := r.Scan(&w.ID, &w.CentreID, &w.Number, &w.Name, &w.NameEN, &w.Zone, &kind, &a, &b, &w.CreatedAt); err != nil {
		return nil, err
	}
	w.Kind, w.AUserID, w.BUserID = bianmin.WindowKind(kind), a.Int64, b.Int64
	w.CreatedAt = w.CreatedAt.UTC()
	return &w, nil
}

func loadWindowLinks(ctx context.Context, tx *Tx, w *bianmin.Window) error {
	var err error
	w.DepartmentIDs, err = selectIDs(ctx, tx, "SELECT department_id FROM window_departments WHERE window_id = $1 ORDER BY department_id", w.ID)
	if err != nil {
		return wrapf(err, "store: departments of window %d", w.ID)
	}
	w.ItemIDs, err = selectIDs(ctx, tx, "SELECT item_id FROM window_items WHERE window_id = $1 ORDER BY item_id", w.ID)
	return wrapf(err, "store: items of window %d", w.ID)
}

func selectIDs(ctx context.Context, tx *Tx, query string, arg int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// refErr turns a missing referenced row into ErrInvalidReference.
func refErr(err error, format string, id int64) error {
	if err == sql.ErrNoRows {
		return bianmin.ErrInvalidReference.Wrap(err)
	}
	return wrapf(err, format, id)
}

// uniqueIDs returns the non-zero IDs sorted, without repeats.
func uniqueIDs(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(out)
	return slices.Compact(out)
}
