package service

import (
	"context"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var errSetupDone = bianmin.Errorf(bianmin.ECONFLICT, "系统已完成初始化。", "The system is already set up.")

// NeedsSetup reports whether no account exists yet, so the first run must
// create the security administrator: bianmin ships without any default
// credential (SECURITY.md item 1).
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		n, err = store.CountUsers(ctx, tx)
		return err
	})
	return n == 0, err
}

// Setup creates the first centre (unless one with the region code exists)
// and the first account, a security administrator at that centre, who then
// creates the system and audit administrators (SECURITY.md items 1, 8). It
// works only while no account exists: a second or concurrent call gets
// ErrConflict. The administrator chose the password here, so no change is
// forced at the first login. admin.CentreID and admin.Grants are ignored.
func (s *Service) Setup(ctx context.Context, centre bianmin.Centre, admin NewUser) error {
	actor := withRequest(ctx, bianmin.SystemActor("setup"))
	rules, err := s.securityRules(ctx, 0)
	if err != nil {
		return err
	}
	centre = normalizeCentre(centre)
	admin = admin.normalize()
	var v bianmin.Validation
	validateCentre(centre, &v)
	admin.validatePerson(rules, &v)
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := auth.HashPassword(admin.Password)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if err := store.LockForSetup(ctx, tx); err != nil {
			return err
		}
		if n, err := store.CountUsers(ctx, tx); err != nil || n > 0 {
			return firstErr(err, errSetupDone)
		}
		c, err := setupCentre(ctx, tx, actor, centre)
		if err != nil {
			return err
		}
		u := &bianmin.User{CentreID: c.ID, Username: admin.Username, DisplayName: admin.DisplayName,
			StaffNo: admin.StaffNo, Phone: admin.Phone, PasswordHash: hash,
			Grants: []bianmin.Grant{{Role: bianmin.RoleSecAdmin, CentreID: c.ID}}}
		if err := insertUser(ctx, tx, actor, u); err != nil {
			return err
		}
		return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "system.setup", ObjectType: "centre",
			ObjectID: idStr(c.ID), CentreID: c.ID, After: bianmin.JSONOf(map[string]any{"secadmin": u.Username})})
	})
}

// setupCentre returns the centre with the region code, creating it if needed.
func setupCentre(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, c bianmin.Centre) (*bianmin.Centre, error) {
	all, err := store.Centres(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if x.RegionCode == c.RegionCode {
			return x, nil
		}
	}
	c.ID, c.ParentID = 0, 0
	return &c, insertCentre(ctx, tx, actor, &c)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
