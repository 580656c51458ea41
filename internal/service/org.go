package service

import (
	"context"
	"errors"
	"strings"
	"unicode"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// The organisation and the catalogue are edited by a director or the
// business office (RoleOffice) within the scope of those grants; staff
// accounts and role grants stay with the security administrator
// (SECURITY.md item 8). Every staff member whose scope covers a centre may
// read its organisation and catalogue.

// orgEditors are the roles that change departments, windows, posts, staff
// profiles, uploads and service items.
var orgEditors = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleOffice}

// guardEdit refuses, with an audited denial committed by s.write, an actor
// that is neither a director nor the office at e.CentreID (SECURITY.md
// items 8, 9, 11).
func guardEdit(ctx context.Context, tx *store.Tx, a *bianmin.Actor, e bianmin.AuditEntry) error {
	ok, err := mayActAny(ctx, tx, a, e.CentreID, orgEditors...)
	if err != nil || ok {
		return err
	}
	if e.RuleID == "" {
		e.RuleID = ruleScope
	}
	return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
}

// inScope reports whether the actor may read the centre's organisation and catalogue.
func inScope(a *bianmin.Actor, centreID int64) bool {
	return isSystem(a) || a != nil && a.UserID != 0 && a.Scope.Has(centreID)
}

// readScoped checks the actor's scope over a centre known in advance and
// audits a refusal.
func (s *Service) readScoped(ctx context.Context, a *bianmin.Actor, centreID int64, action, objectType string) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	if !inScope(a, centreID) {
		return s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: action, ObjectType: objectType})
	}
	return nil
}

// ListDepartments returns a centre's departments with their credit codes
// and chief representatives (ORG-1, ORG-4), for any staff in scope.
func (s *Service) ListDepartments(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Department, error) {
	if err := s.readScoped(ctx, a, centreID, "department.list", "department"); err != nil {
		return nil, err
	}
	var out []*bianmin.Department
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		out, err = store.CentreDepartments(ctx, tx, centreID)
		return err
	})
	return out, err
}

// PublicDepartments lists a centre's departments for the public guide
// (CAT-2): names and credit codes, without the chief representative's
// account ID, which is internal.
func (s *Service) PublicDepartments(ctx context.Context, centreID int64) ([]*bianmin.Department, error) {
	var out []*bianmin.Department
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		out, err = store.CentreDepartments(ctx, tx, centreID)
		return err
	})
	for _, d := range out {
		d.ChiefRepUserID = 0
	}
	return out, err
}

var errDepartmentName = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "name", Rule: "ORG-1",
	ZH: "本中心已有同名部门。", EN: "The centre already has a department of this name."}

// normalizeDepartment trims the text, puts the credit code in capitals and
// keeps the override only where it is needed: a well-formed code whose
// check character fails (R7.2b).
func normalizeDepartment(d *bianmin.Department) {
	d.Name, d.NameEN = strings.TrimSpace(d.Name), strings.TrimSpace(d.NameEN)
	d.CreditCode = strings.ToUpper(strings.TrimSpace(d.CreditCode))
	if wf, ok := bianmin.CheckCreditCode(d.CreditCode); d.CreditCode == "" || wf && ok {
		d.CreditCodeOverride = false
	}
}

func validateDepartment(d *bianmin.Department) error {
	var v bianmin.Validation
	if err := d.Validate(); err != nil {
		for _, e := range bianmin.AsError(err).Details {
			v.AddErr(e)
		}
	}
	if d.CentreID == 0 {
		v.Add("centre_id", "请选择中心。", "Choose a centre.")
	}
	if strings.ContainsFunc(d.Name, unicode.IsControl) {
		v.Add("name", "部门名称不能含控制字符。", "The department name may not contain control characters.")
	}
	if !textOK(d.NameEN, 0, 120) {
		v.Add("name_en", "英文名称最多 120 个字符。", "The English name may have at most 120 characters.")
	}
	return v.Err()
}

// SaveDepartment creates a department (ID 0) or updates its names, unified
// social credit code (R7.2; a failing check character only with the
// override, R7.2b) and chief representative, who must be an active person
// holding chief_rep at the centre (ORG-4). Only a director or the office of
// the centre may; the change is audited (ORG-1, R7.2b when the override was
// used, and ORG-4 for a new chief representative). Nothing is written on
// any error.
func (s *Service) SaveDepartment(ctx context.Context, a *bianmin.Actor, d *bianmin.Department) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	normalizeDepartment(d)
	err := s.write(ctx, func(tx *store.Tx) error {
		var before *bianmin.Department
		if d.ID != 0 {
			var err error
			if before, err = store.DepartmentByID(ctx, tx, d.ID); err != nil {
				return err
			}
			d.CentreID, d.CreatedAt = before.CentreID, before.CreatedAt
		}
		e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "department.save", ObjectType: "department", ObjectID: idStr(d.ID)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := validateDepartment(d); err != nil {
			return err
		}
		if err := store.CheckChiefRep(ctx, tx, d.CentreID, d.ChiefRepUserID); err != nil {
			return err
		}
		return saveDepartment(ctx, tx, a, before, d)
	})
	if errors.Is(err, bianmin.ErrConflict) {
		return errDepartmentName
	}
	return err
}

// saveDepartment writes the department and its audit rows.
func saveDepartment(ctx context.Context, tx *store.Tx, a *bianmin.Actor, before, d *bianmin.Department) error {
	var err error
	if before == nil {
		err = store.InsertDepartment(ctx, tx, d)
	} else {
		err = store.UpdateDepartment(ctx, tx, d)
	}
	if err != nil {
		return err
	}
	rule := "ORG-1"
	if d.CreditCodeOverride && (before == nil || !before.CreditCodeOverride || before.CreditCode != d.CreditCode) {
		rule = "R7.2b" // a person confirmed a code that fails its check character
	}
	e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "department.save", ObjectType: "department",
		ObjectID: idStr(d.ID), After: bianmin.JSONOf(d), RuleID: rule}
	var oldRep int64
	if before != nil {
		e.Before, oldRep = bianmin.JSONOf(before), before.ChiefRepUserID
	}
	if err := store.Audit(ctx, tx, a, e); err != nil {
		return err
	}
	if oldRep == d.ChiefRepUserID {
		return nil
	}
	type rep struct {
		UserID int64 `json:"chief_rep_user_id"`
	}
	return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: d.CentreID, Action: "department.chief_rep",
		ObjectType: "department", ObjectID: idStr(d.ID), Before: bianmin.JSONOf(rep{oldRep}),
		After: bianmin.JSONOf(rep{d.ChiefRepUserID}), RuleID: "ORG-4"})
}
