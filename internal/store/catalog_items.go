package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// ErrItemNotDraft: only a draft version may be changed; a published or
// superseded version stays as cases accepted under it saw it (R9.2).
var ErrItemNotDraft = bianmin.Errorf(bianmin.ECONFLICT,
	"已发布的版本不能修改，请先创建新版本。",
	"A published version cannot be changed; create a new version first.").WithRule("R9.2")

// ItemFilter selects item versions of one centre. Every condition is a
// fixed SQL fragment with bound parameters.
type ItemFilter struct {
	Text         string             // substring of the search key (name, English name, pinyin), any case
	DepartmentID int64              // lead or co-approving department
	LifeEvent    string             // one of the item's life events, exactly
	Status       bianmin.ItemStatus // "" for every status
	LatestOnly   bool               // only the highest version of each implementation code
}

// Items returns the item versions of a centre that match f, with their
// materials and co-approving departments, ordered by department,
// implementation code and version (byte order, the same on both engines).
func Items(ctx context.Context, tx *Tx, centreID int64, f ItemFilter) ([]*bianmin.ServiceItem, error) {
	where := []string{"centre_id = $1"}
	args := []any{centreID}
	add := func(fragment string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(fragment, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.Status != "" {
		add("status = $?", string(f.Status))
	}
	if t := strings.ToLower(strings.TrimSpace(f.Text)); t != "" {
		add(`search_key LIKE $? ESCAPE '\'`, "%"+likeEscape(t)+"%")
	}
	if f.DepartmentID != 0 {
		add("(department_id = $? OR id IN (SELECT item_id FROM item_departments WHERE department_id = $?))", f.DepartmentID)
	}
	if f.LifeEvent != "" {
		quoted, _ := json.Marshal(f.LifeEvent) // life_events holds a JSON array of strings
		add(`life_events LIKE $? ESCAPE '\'`, "%"+likeEscape(string(quoted))+"%")
	}
	if f.LatestOnly {
		where = append(where, `version = (SELECT max(s.version) FROM service_items s
			WHERE s.centre_id = service_items.centre_id AND s.impl_code = service_items.impl_code)`)
	}
	items, err := queryItems(ctx, tx, "SELECT "+itemColumns+" FROM service_items WHERE "+strings.Join(where, " AND "), args...)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b *bianmin.ServiceItem) int {
		return cmp.Or(cmp.Compare(a.DepartmentID, b.DepartmentID), strings.Compare(a.ImplCode, b.ImplCode),
			cmp.Compare(a.Version, b.Version))
	})
	return items, loadDetailsOf(ctx, tx, items)
}

// PublishedItems returns the published items of a centre that match f; the
// filter's status is ignored. Drafts and superseded versions never appear.
func PublishedItems(ctx context.Context, tx *Tx, centreID int64, f ItemFilter) ([]*bianmin.ServiceItem, error) {
	f.Status, f.LatestOnly = bianmin.ItemPublished, false
	return Items(ctx, tx, centreID, f)
}

// ItemByID returns one item version with its materials and co-approving
// departments, or ErrNotFound.
func ItemByID(ctx context.Context, tx *Tx, id int64) (*bianmin.ServiceItem, error) {
	it, err := scanItem(tx.QueryRowContext(ctx, "SELECT "+itemColumns+" FROM service_items WHERE id = $1", id))
	if err != nil {
		return nil, wrapf(err, "store: service item %d", id)
	}
	return it, loadDetailsOf(ctx, tx, []*bianmin.ServiceItem{it})
}

// ItemVersions returns every version of one item (centre and implementation
// code), oldest first, without materials.
func ItemVersions(ctx context.Context, tx *Tx, centreID int64, implCode string) ([]*bianmin.ServiceItem, error) {
	return queryItems(ctx, tx, "SELECT "+itemColumns+` FROM service_items
		WHERE centre_id = $1 AND impl_code = $2 ORDER BY version`, centreID, implCode)
}

// CreateItemVersion checks the references of it (departments and forms of
// its own centre) and inserts it with its materials and co-approving
// departments. The caller sets Status and Version and writes the audit row;
// a zero CreatedAt becomes the transaction's time. A duplicate
// (implementation code, version) is ErrConflict.
func CreateItemVersion(ctx context.Context, tx *Tx, it *bianmin.ServiceItem, searchKey string) error {
	if err := CheckItemRefs(ctx, tx, it); err != nil {
		return err
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = tx.Now
	}
	return insertItem(ctx, tx, it, searchKey)
}

// UpdateItem replaces every field, the materials and the co-approving
// departments of a draft version in tx. The ID, centre, version, status and
// creation time are kept. A version that is no longer a draft is ErrItemNotDraft.
func UpdateItem(ctx context.Context, tx *Tx, it *bianmin.ServiceItem, searchKey string) error {
	if err := CheckItemRefs(ctx, tx, it); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE service_items SET department_id = $1, name = $2, name_en = $3,
		basic_code = $4, impl_code = $5, item_type = $6, case_kind = $7, promised_limit = $8, promised_unit = $9,
		statutory_limit = $10, statutory_unit = $11, fee = $12, appointment = $13, fee_basis = $14,
		legal_basis = $15, conditions = $16, steps = $17, upper_approval = $18, service_object = $19,
		result_name = $20, online = $21, place = $22, hours = $23, consult_phone = $24, supervise_phone = $25,
		life_events = $26, faq = $27, search_key = $28
		WHERE id = $29 AND status = 'draft'`,
		it.DepartmentID, it.Name, it.NameEN, it.BasicCode, it.ImplCode, it.ItemType, string(it.CaseKind),
		it.Promised.Value, string(it.Promised.Unit), it.Statutory.Value, string(it.Statutory.Unit), it.Fee,
		it.Appointment, it.FeeBasis, it.LegalBasis, it.Conditions, jsonText(it.Steps), it.UpperApproval,
		it.ServiceObject, it.ResultName, it.Online, it.Place, it.Hours, it.ConsultPhone, it.SupervisePhone,
		jsonText(it.LifeEvents), jsonText(it.FAQ), searchKey, it.ID)
	if err != nil {
		return wrapf(err, "store: update service item %d", it.ID)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmp.Or(wrapf(err, "store: update service item %d", it.ID), error(ErrItemNotDraft))
	}
	for _, q := range []string{"DELETE FROM item_materials WHERE item_id = $1", "DELETE FROM item_departments WHERE item_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, it.ID); err != nil {
			return wrapf(err, "store: replace details of item %d", it.ID)
		}
	}
	return insertItemLinks(ctx, tx, it)
}

// SetItemStatus moves an item version from one status to another; moving
// to published stamps published_at. A version not in status from is
// ErrConflict (someone else changed it meanwhile).
func SetItemStatus(ctx context.Context, tx *Tx, id int64, from, to bianmin.ItemStatus) error {
	res, err := tx.ExecContext(ctx, `UPDATE service_items SET status = $1,
		published_at = CASE WHEN $1 = 'published' THEN $2 ELSE published_at END
		WHERE id = $3 AND status = $4`, string(to), tx.Now, id, string(from))
	if err != nil {
		return wrapf(err, "store: status of item %d", id)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmp.Or(wrapf(err, "store: status of item %d", id), error(bianmin.ErrConflict))
	}
	return nil
}

// CheckItemRefs checks that the lead and co-approving departments and the
// uploaded forms of the materials belong to the item's centre (ORG-1).
func CheckItemRefs(ctx context.Context, tx *Tx, it *bianmin.ServiceItem) error {
	var v bianmin.Validation
	if c, err := DepartmentCentre(ctx, tx, it.DepartmentID); err != nil || c != it.CentreID {
		v.AddErr(bianmin.FieldError("department_id", "请选择本中心的部门。", "Choose a department of this centre.").WithRule("ORG-1"))
	}
	for _, d := range it.CoDepartmentIDs {
		if c, err := DepartmentCentre(ctx, tx, d); err != nil || c != it.CentreID {
			v.AddErr(bianmin.FieldError("co_department_ids", "共同实施部门须为本中心的部门。",
				"Co-approving departments must be departments of this centre.").WithRule("ORG-1"))
			break
		}
	}
	for i, m := range it.Materials {
		for _, ref := range []struct {
			field string
			id    int64
		}{{"blank_form_id", m.BlankFormID}, {"sample_id", m.SampleID}} {
			if ref.id == 0 {
				continue
			}
			if c, err := FileCentre(ctx, tx, ref.id); err != nil || c != it.CentreID {
				v.Add(fmt.Sprintf("materials[%d].%s", i, ref.field),
					fmt.Sprintf("第 %d 项材料：上传的文件不存在或不属于本中心。", i+1),
					fmt.Sprintf("material %d: the uploaded file does not exist or belongs to another centre.", i+1))
			}
		}
	}
	return v.Err()
}

func queryItems(ctx context.Context, tx *Tx, query string, args ...any) ([]*bianmin.ServiceItem, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrapf(err, "store: service items")
	}
	defer rows.Close()
	out := []*bianmin.ServiceItem{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, wrapf(rows.Err(), "store: service items")
}

// detailChunk bounds the IDs bound in one IN list, far below either engine's limit.
const detailChunk = 500

// loadDetailsOf attaches co-approving departments and materials to the
// items, with two queries per chunk of IDs.
func loadDetailsOf(ctx context.Context, tx *Tx, items []*bianmin.ServiceItem) error {
	byID := make(map[int64]*bianmin.ServiceItem, len(items))
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		byID[it.ID] = it
		ids = append(ids, it.ID)
		it.Materials, it.CoDepartmentIDs = []bianmin.Material{}, nil
	}
	for chunk := range slices.Chunk(ids, detailChunk) {
		if err := loadCoDepartments(ctx, tx, chunk, byID); err != nil {
			return err
		}
		if err := loadMaterials(ctx, tx, chunk, byID); err != nil {
			return err
		}
	}
	return nil
}

func loadCoDepartments(ctx context.Context, tx *Tx, ids []int64, byID map[int64]*bianmin.ServiceItem) error {
	in, args := inList(1, ids)
	rows, err := tx.QueryContext(ctx, "SELECT item_id, department_id FROM item_departments WHERE item_id IN ("+in+
		") ORDER BY item_id, department_id", args...)
	if err != nil {
		return wrapf(err, "store: item departments")
	}
	defer rows.Close()
	for rows.Next() {
		var item, dept int64
		if err := rows.Scan(&item, &dept); err != nil {
			return wrapf(err, "store: item departments")
		}
		byID[item].CoDepartmentIDs = append(byID[item].CoDepartmentIDs, dept)
	}
	return wrapf(rows.Err(), "store: item departments")
}

func loadMaterials(ctx context.Context, tx *Tx, ids []int64, byID map[int64]*bianmin.ServiceItem) error {
	in, args := inList(1, ids)
	rows, err := tx.QueryContext(ctx, `SELECT item_id, id, position, name, name_en, issuer, originals, copies,
		required, needed_when, COALESCE(blank_form_file_id, 0), COALESCE(sample_file_id, 0)
		FROM item_materials WHERE item_id IN (`+in+") ORDER BY item_id, position", args...)
	if err != nil {
		return wrapf(err, "store: item materials")
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var m bianmin.Material
		err := rows.Scan(&item, &m.ID, &m.Position, &m.Name, &m.NameEN, &m.Issuer, &m.Originals, &m.Copies,
			&m.Required, &m.Condition, &m.BlankFormID, &m.SampleID)
		if err != nil {
			return wrapf(err, "store: item materials")
		}
		byID[item].Materials = append(byID[item].Materials, m)
	}
	return wrapf(rows.Err(), "store: item materials")
}
