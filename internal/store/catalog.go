package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"bianmin/internal/bianmin"
)

// itemColumns are the service_items columns in the order scanItem reads them.
const itemColumns = `id, centre_id, department_id, name, name_en, basic_code, impl_code, version, item_type,
	case_kind, promised_limit, promised_unit, statutory_limit, statutory_unit, fee, appointment, created_at,
	status, fee_basis, legal_basis, conditions, steps, upper_approval, service_object, result_name, online,
	place, hours, consult_phone, supervise_phone, life_events, faq, search_key, published_at`

// insertItem writes every column of a new item version and its materials
// and co-approving departments.
func insertItem(ctx context.Context, tx *Tx, it *bianmin.ServiceItem, searchKey string) error {
	if it.Status == "" {
		it.Status = bianmin.ItemPublished
	}
	if it.Status == bianmin.ItemPublished && it.PublishedAt == nil {
		now := tx.Now
		it.PublishedAt = &now
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO service_items (centre_id, department_id, name, name_en,
		basic_code, impl_code, version, item_type, case_kind, promised_limit, promised_unit,
		statutory_limit, statutory_unit, fee, appointment, created_at,
		status, fee_basis, legal_basis, conditions, steps, upper_approval, service_object, result_name, online,
		place, hours, consult_phone, supervise_phone, life_events, faq, search_key, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
		$17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33) RETURNING id`,
		it.CentreID, it.DepartmentID, it.Name, it.NameEN, it.BasicCode, it.ImplCode, it.Version, it.ItemType,
		string(it.CaseKind), it.Promised.Value, string(it.Promised.Unit), it.Statutory.Value,
		string(it.Statutory.Unit), it.Fee, it.Appointment, it.CreatedAt,
		string(it.Status), it.FeeBasis, it.LegalBasis, it.Conditions, jsonText(it.Steps), it.UpperApproval,
		it.ServiceObject, it.ResultName, it.Online, it.Place, it.Hours, it.ConsultPhone, it.SupervisePhone,
		jsonText(it.LifeEvents), jsonText(it.FAQ), searchKey, nullTime(it.PublishedAt)).Scan(&it.ID)
	if err != nil {
		return wrapf(err, "store: create service item")
	}
	return insertItemLinks(ctx, tx, it)
}

// insertItemLinks writes the co-approving departments and the materials of
// an item version, numbering the materials from 1 and setting their IDs.
func insertItemLinks(ctx context.Context, tx *Tx, it *bianmin.ServiceItem) error {
	for _, d := range it.CoDepartmentIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO item_departments (item_id, department_id) VALUES ($1, $2)", it.ID, d); err != nil {
			return wrapf(err, "store: co-approving department %d", d)
		}
	}
	for i := range it.Materials {
		m := &it.Materials[i]
		m.Position = i + 1
		err := tx.QueryRowContext(ctx, `INSERT INTO item_materials (item_id, position, name, name_en, issuer,
			originals, copies, required, needed_when, blank_form_file_id, sample_file_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			it.ID, m.Position, m.Name, m.NameEN, m.Issuer, m.Originals, m.Copies, m.Required, m.Condition,
			nullID(m.BlankFormID), nullID(m.SampleID)).Scan(&m.ID)
		if err != nil {
			return wrapf(err, "store: material %d", m.Position)
		}
	}
	return nil
}

func scanItem(r interface{ Scan(...any) error }) (*bianmin.ServiceItem, error) {
	var it bianmin.ServiceItem
	var kind, pu, su, status, steps, events, faq, searchKey string
	var published sql.NullTime
	err := r.Scan(&it.ID, &it.CentreID, &it.DepartmentID, &it.Name, &it.NameEN, &it.BasicCode,
		&it.ImplCode, &it.Version, &it.ItemType, &kind, &it.Promised.Value, &pu, &it.Statutory.Value,
		&su, &it.Fee, &it.Appointment, &it.CreatedAt,
		&status, &it.FeeBasis, &it.LegalBasis, &it.Conditions, &steps, &it.UpperApproval, &it.ServiceObject,
		&it.ResultName, &it.Online, &it.Place, &it.Hours, &it.ConsultPhone, &it.SupervisePhone, &events, &faq,
		&searchKey, &published)
	if err != nil {
		return nil, wrapf(err, "store: scan service item")
	}
	it.CaseKind, it.Promised.Unit, it.Statutory.Unit = bianmin.CaseKind(kind), bianmin.LimitUnit(pu), bianmin.LimitUnit(su)
	it.Status = bianmin.ItemStatus(status)
	it.CreatedAt = it.CreatedAt.UTC()
	it.PublishedAt = utcPtr(published)
	json.Unmarshal([]byte(steps), &it.Steps)
	json.Unmarshal([]byte(events), &it.LifeEvents)
	json.Unmarshal([]byte(faq), &it.FAQ)
	return &it, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}
