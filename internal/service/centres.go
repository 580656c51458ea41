package service

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// regionPattern: a 12-digit administrative division code (STANDARDS.md R3.5).
var regionPattern = regexp.MustCompile(`^[0-9]{12}$`)

var errRegionTaken = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "region_code",
	ZH: "该行政区划代码已有中心使用。", EN: "A centre with this region code already exists."}

func normalizeCentre(c bianmin.Centre) bianmin.Centre {
	c.RegionCode = strings.TrimSpace(c.RegionCode)
	c.Name = strings.TrimSpace(c.Name)
	c.NameEN = strings.TrimSpace(c.NameEN)
	if c.Level == 0 {
		c.Level = 5 // a 便民服务中心 is township level (STANDARDS.md R3.7)
	}
	return c
}

func validateCentre(c bianmin.Centre, v *bianmin.Validation) {
	if !regionPattern.MatchString(c.RegionCode) || strings.HasPrefix(c.RegionCode, "000000") {
		v.Add("region_code", "行政区划代码须为 12 位数字（如 511602000000）。",
			"The region code must have 12 digits (for example 511602000000).")
	}
	if !textOK(c.Name, 1, 60) {
		v.Add("name", "中心名称须为 1–60 个字符。", "The centre name must have 1-60 characters.")
	}
	if !textOK(c.NameEN, 0, 120) {
		v.Add("name_en", "英文名称最多 120 个字符。", "The English name may have at most 120 characters.")
	}
	if c.Level < 1 || c.Level > 7 {
		v.Add("level", "行使层级须为 1–7。", "The level must be 1-7 (STANDARDS.md R3.7).")
	}
}

// CreateCentre adds a centre under a parent centre in the system
// administrator's scope; only the system actor (CLI) may add a top-level
// centre. The region code must have 12 digits (STANDARDS.md R3.5).
func (s *Service) CreateCentre(ctx context.Context, actor *bianmin.Actor, c bianmin.Centre) (*bianmin.Centre, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	c = normalizeCentre(c)
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if isSystem(actor) || c.ParentID == 0 {
			allowed = isSystem(actor)
			return nil
		}
		allowed, err = mayAct(ctx, tx, actor, bianmin.RoleSysAdmin, c.ParentID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, actor, bianmin.AuditEntry{Action: "centre.create", ObjectType: "centre", CentreID: c.ParentID})
	}
	var v bianmin.Validation
	validateCentre(c, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	c.ID = 0
	err = s.DB.Write(ctx, func(tx *store.Tx) error { return insertCentre(ctx, tx, actor, &c) })
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// insertCentre writes the centre and its audit row, naming the field at fault.
func insertCentre(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, c *bianmin.Centre) error {
	err := store.CreateCentre(ctx, tx, c)
	switch {
	case errors.Is(err, bianmin.ErrConflict):
		return errRegionTaken
	case errors.Is(err, bianmin.ErrInvalidReference):
		return bianmin.FieldError("parent_id", "上级中心不存在。", "The parent centre does not exist.")
	case err != nil:
		return err
	}
	return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "centre.create", ObjectType: "centre",
		ObjectID: idStr(c.ID), CentreID: c.ID, After: bianmin.JSONOf(c)})
}

// ListCentres returns the centres in the actor's scope; the system actor sees all.
func (s *Service) ListCentres(ctx context.Context, actor *bianmin.Actor) ([]*bianmin.Centre, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*bianmin.Centre
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		all, err := store.Centres(ctx, tx)
		for _, c := range all {
			if isSystem(actor) || actor.Scope.Has(c.ID) {
				out = append(out, c)
			}
		}
		return err
	})
	return out, err
}

// CreateDepartment adds a department (进驻单位, DOMAIN.md ORG-1) to a centre
// in the system administrator's scope and returns its ID.
func (s *Service) CreateDepartment(ctx context.Context, actor *bianmin.Actor, centreID int64, name, nameEN string) (int64, error) {
	if actor == nil {
		return 0, bianmin.ErrUnauthorized
	}
	name, nameEN = strings.TrimSpace(name), strings.TrimSpace(nameEN)
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		allowed, err = mayAct(ctx, tx, actor, bianmin.RoleSysAdmin, centreID)
		return err
	})
	if err != nil {
		return 0, err
	}
	if !allowed {
		return 0, s.deny(ctx, actor, bianmin.AuditEntry{Action: "department.create", ObjectType: "department", CentreID: centreID})
	}
	var v bianmin.Validation
	if !textOK(name, 1, 60) {
		v.Add("name", "部门名称须为 1–60 个字符。", "The department name must have 1-60 characters.")
	}
	if !textOK(nameEN, 0, 120) {
		v.Add("name_en", "英文名称最多 120 个字符。", "The English name may have at most 120 characters.")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) (err error) {
		if id, err = store.CreateDepartment(ctx, tx, centreID, name, nameEN); err != nil {
			return err
		}
		return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "department.create", ObjectType: "department",
			ObjectID: idStr(id), CentreID: centreID, After: bianmin.JSONOf(map[string]string{"name": name, "name_en": nameEN})})
	})
	switch {
	case errors.Is(err, bianmin.ErrConflict):
		return 0, bianmin.FieldError("name", "本中心已有同名部门。", "The centre already has a department of this name.")
	case errors.Is(err, bianmin.ErrInvalidReference):
		return 0, bianmin.ErrNotFound
	}
	return id, err
}
