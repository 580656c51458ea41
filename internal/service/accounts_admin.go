package service

import (
	"context"
	"errors"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// Account administration belongs to the security administrator
// (安全管理员, SECURITY.md item 8) of the target's centre or a centre above
// it (item 9), and to the system actor of the command line. Any other caller
// gets ErrForbidden, and the refusal is audited.

// CreateUser creates a staff account whose initial password must be changed
// at the first login (SECURITY.md item 2). Every field is validated and
// reported by name; on any error nothing is written. A refusal by role or
// scope is audited as denied.
func (s *Service) CreateUser(ctx context.Context, actor *bianmin.Actor, nu NewUser) (*bianmin.User, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	nu = nu.normalize()
	rules, err := s.securityRules(ctx, nu.CentreID)
	if err != nil {
		return nil, err
	}
	var v bianmin.Validation
	nu.validate(rules, &v)
	allowed := false
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		allowed, err = mayAct(ctx, tx, actor, bianmin.RoleSecAdmin, append(grantCentres(nu.Grants), nu.CentreID)...)
		if err != nil || !allowed {
			return err
		}
		return checkUserRefs(ctx, tx, nu, &v)
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, actor, bianmin.AuditEntry{Action: "user.create", ObjectType: "user", CentreID: nu.CentreID})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(nu.Password)
	if err != nil {
		return nil, err
	}
	u := &bianmin.User{CentreID: nu.CentreID, DepartmentID: nu.DepartmentID, Username: nu.Username,
		DisplayName: nu.DisplayName, StaffNo: nu.StaffNo, Phone: nu.Phone, PasswordHash: hash,
		MustChangePassword: true, Grants: nu.Grants}
	err = s.DB.Write(ctx, func(tx *store.Tx) error { return insertUser(ctx, tx, actor, u) })
	if errors.Is(err, bianmin.ErrConflict) && !errors.Is(err, store.ErrTwoAdminRoles) {
		return nil, errUsernameTaken // another request took the name meanwhile
	}
	if err != nil {
		return nil, err
	}
	return publicUser(u), nil
}

// insertUser writes the account, its grants and one audit row.
func insertUser(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, u *bianmin.User) error {
	if err := store.CreateUser(ctx, tx, u); err != nil {
		return err
	}
	for _, g := range u.Grants {
		if err := store.AddGrant(ctx, tx, u.ID, g); err != nil {
			return err
		}
	}
	return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "user.create", ObjectType: "user",
		ObjectID: idStr(u.ID), CentreID: u.CentreID, After: userAudit(u, u.Grants)})
}

// deny audits a refusal by role or scope in its own transaction and
// returns ErrForbidden.
func (s *Service) deny(ctx context.Context, actor *bianmin.Actor, e bianmin.AuditEntry) error {
	if e.RuleID == "" {
		e.RuleID = ruleScope
	}
	return s.write(ctx, func(tx *store.Tx) error { return refuse(ctx, tx, actor, e, bianmin.ErrForbidden) })
}

// adminTarget reads the account an administrator acts on and checks the
// actor's authority over it; selfForbidden also refuses acting on oneself
// (an administrator may not widen its own grants or reset its own password
// without the current one). Refusals are audited.
func (s *Service) adminTarget(ctx context.Context, actor *bianmin.Actor, userID int64, action string, selfForbidden bool) (*bianmin.User, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var u *bianmin.User
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if u, err = store.UserByID(ctx, tx, userID); err != nil {
			return err
		}
		allowed, err = mayAct(ctx, tx, actor, bianmin.RoleSecAdmin, u.CentreID)
		return err
	})
	if err != nil {
		return nil, err
	}
	e := bianmin.AuditEntry{Action: action, ObjectType: "user", ObjectID: idStr(u.ID), CentreID: u.CentreID}
	if selfForbidden && actor.UserID == u.ID {
		e.RuleID = ruleSeparation
		allowed = false
	}
	if !allowed {
		return nil, s.deny(ctx, actor, e)
	}
	return u, nil
}

// adminWrite applies change to the target in one transaction and audits it
// with the account as it was before and change's description after.
func (s *Service) adminWrite(ctx context.Context, actor *bianmin.Actor, u *bianmin.User, action string, change func(tx *store.Tx) (string, error)) error {
	return s.write(ctx, func(tx *store.Tx) error {
		cur, err := store.UserByID(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		grants, err := store.Grants(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		after, err := change(tx)
		if err != nil {
			return err
		}
		return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: action, ObjectType: "user",
			ObjectID: idStr(u.ID), CentreID: u.CentreID, Before: userAudit(cur, grants), After: after})
	})
}

// adminAction checks authority and applies one change.
func (s *Service) adminAction(ctx context.Context, actor *bianmin.Actor, userID int64, action string, selfForbidden bool, change func(tx *store.Tx, u *bianmin.User) (string, error)) error {
	u, err := s.adminTarget(ctx, actor, userID, action, selfForbidden)
	if err != nil {
		return err
	}
	return s.adminWrite(ctx, actor, u, action, func(tx *store.Tx) (string, error) { return change(tx, u) })
}

// DisableUser disables an account and ends its sessions at once
// (SECURITY.md item 7). Disabling oneself is refused.
func (s *Service) DisableUser(ctx context.Context, actor *bianmin.Actor, userID int64) error {
	return s.adminAction(ctx, actor, userID, "user.disable", true, func(tx *store.Tx, u *bianmin.User) (string, error) {
		if err := store.SetDisabled(ctx, tx, u.ID, true); err != nil {
			return "", err
		}
		n, err := store.DeleteUserSessions(ctx, tx, u.ID)
		return bianmin.JSONOf(map[string]any{"disabled": true, "sessions_ended": n}), err
	})
}

// EnableUser re-enables an account. Its inactivity period restarts now.
func (s *Service) EnableUser(ctx context.Context, actor *bianmin.Actor, userID int64) error {
	return s.adminAction(ctx, actor, userID, "user.enable", true, func(tx *store.Tx, u *bianmin.User) (string, error) {
		return `{"disabled":false}`, store.SetDisabled(ctx, tx, u.ID, false)
	})
}

// UnlockUser lifts a login lock before it expires (SECURITY.md item 3).
func (s *Service) UnlockUser(ctx context.Context, actor *bianmin.Actor, userID int64) error {
	return s.adminAction(ctx, actor, userID, "auth.unlock", false, func(tx *store.Tx, u *bianmin.User) (string, error) {
		return `{"locked_until":null,"failed_logins":0}`, store.Unlock(ctx, tx, u.ID)
	})
}

// EndUserSessions ends every session of the user (ASVS 5.0 7.4.5,
// SECURITY.md item 7) and returns how many ended.
func (s *Service) EndUserSessions(ctx context.Context, actor *bianmin.Actor, userID int64) (int, error) {
	var n int
	err := s.adminAction(ctx, actor, userID, "auth.session.end", false, func(tx *store.Tx, u *bianmin.User) (after string, err error) {
		n, err = store.DeleteUserSessions(ctx, tx, u.ID)
		return bianmin.JSONOf(map[string]any{"sessions_ended": n}), err
	})
	return n, err
}

// SetGrants replaces the user's grants. The actor needs authority over the
// user's centre and over the centre of every grant it removes or adds, and
// may not change its own grants (SECURITY.md item 8).
func (s *Service) SetGrants(ctx context.Context, actor *bianmin.Actor, userID int64, grants []bianmin.Grant) error {
	return s.adminAction(ctx, actor, userID, "user.grants", true, func(tx *store.Tx, u *bianmin.User) (string, error) {
		old, err := store.Grants(ctx, tx, u.ID)
		if err != nil {
			return "", err
		}
		allowed, err := mayAct(ctx, tx, actor, bianmin.RoleSecAdmin, append(grantCentres(old), grantCentres(grants)...)...)
		if err != nil {
			return "", err
		}
		if !allowed {
			return "", refuse(ctx, tx, actor, bianmin.AuditEntry{Action: "user.grants", ObjectType: "user",
				ObjectID: idStr(u.ID), CentreID: u.CentreID, RuleID: ruleScope}, bianmin.ErrForbidden)
		}
		return bianmin.JSONOf(map[string]any{"grants": grants}), replaceGrants(ctx, tx, u.ID, old, grants)
	})
}

// replaceGrants validates the new grants (an error rolls the transaction
// back, writing nothing) and replaces the old ones.
func replaceGrants(ctx context.Context, tx *store.Tx, userID int64, old, grants []bianmin.Grant) error {
	var v bianmin.Validation
	validateGrants(grants, &v)
	for _, g := range grants {
		if err := checkDepartment(ctx, tx, g.CentreID, g.DepartmentID, "grants", &v); err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	for _, g := range old {
		if err := store.RemoveGrant(ctx, tx, userID, g); err != nil {
			return err
		}
	}
	for _, g := range grants {
		if err := store.AddGrant(ctx, tx, userID, g); err != nil {
			return err
		}
	}
	return nil
}

// ListUsers returns the accounts in the actor's security-administrator
// scope (SECURITY.md item 9), with their grants and without password hashes.
func (s *Service) ListUsers(ctx context.Context, actor *bianmin.Actor) ([]*bianmin.User, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*bianmin.User
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		scope, err := adminScope(ctx, tx, actor)
		if err != nil || len(scope) == 0 {
			return err
		}
		allowed = true
		out, err = usersWithGrants(ctx, tx, scope)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, actor, bianmin.AuditEntry{Action: "user.list", ObjectType: "user"})
	}
	return out, nil
}

// adminScope is every centre for the system actor and the security
// administrator scope for a person.
func adminScope(ctx context.Context, tx *store.Tx, actor *bianmin.Actor) ([]int64, error) {
	if !isSystem(actor) {
		return roleScope(ctx, tx, actor, bianmin.RoleSecAdmin)
	}
	centres, err := store.Centres(ctx, tx)
	ids := make([]int64, 0, len(centres))
	for _, c := range centres {
		ids = append(ids, c.ID)
	}
	return ids, err
}

func usersWithGrants(ctx context.Context, tx *store.Tx, scope []int64) ([]*bianmin.User, error) {
	users, err := store.Users(ctx, tx, scope)
	if err != nil {
		return nil, err
	}
	for i, u := range users {
		if u.Grants, err = store.Grants(ctx, tx, u.ID); err != nil {
			return nil, err
		}
		users[i] = publicUser(u)
	}
	return users, nil
}
