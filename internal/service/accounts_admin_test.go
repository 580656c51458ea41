package service_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

func TestItem8_TwoAdminRolesRejected(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		_, err := e.svc.CreateUser(e.ctx, e.sys, service.NewUser{CentreID: e.county, Username: "boss",
			DisplayName: "管理员", Password: acctPW, Grants: []bianmin.Grant{
				{Role: bianmin.RoleSecAdmin, CentreID: e.county}, {Role: bianmin.RoleAuditAdmin, CentreID: e.county}}})
		be := wantCode(t, err, bianmin.EINVALID, "two admin roles at creation")
		if !fields(err)["grants"] || !strings.Contains(be.ZH+strings.Join(detailsZH(be), ""), "三权分立") {
			t.Errorf("error %v does not name the separation of duties on grants", err)
		}
		if n := e.count("SELECT count(*) FROM users WHERE username = 'boss'"); n != 0 {
			t.Errorf("rejected user was written")
		}
		u := e.mustUser("sys.admin", e.county, bianmin.Grant{Role: bianmin.RoleSysAdmin, CentreID: e.county})
		err = e.svc.SetGrants(e.ctx, e.sys, u.ID, []bianmin.Grant{
			{Role: bianmin.RoleSysAdmin, CentreID: e.county}, {Role: bianmin.RoleAuditAdmin, CentreID: e.townA}})
		wantCode(t, err, bianmin.EINVALID, "two admin roles by SetGrants")
		// Replacing one admin role by another is allowed.
		if err := e.svc.SetGrants(e.ctx, e.sys, u.ID, []bianmin.Grant{{Role: bianmin.RoleAuditAdmin, CentreID: e.county}}); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT count(*) FROM user_grants WHERE user_id = $1", u.ID); n != 1 {
			t.Errorf("%d grants after replacing, want 1", n)
		}
	})
}

func detailsZH(e *bianmin.Error) []string {
	var out []string
	for _, d := range e.Details {
		out = append(out, d.ZH)
	}
	return out
}

func TestItem8_AdministratorCannotChangeOwnGrants(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		admin := e.mustAdmin("sec.county", e.county)
		err := e.svc.SetGrants(e.ctx, admin, admin.UserID, []bianmin.Grant{
			{Role: bianmin.RoleSecAdmin, CentreID: e.county}, {Role: bianmin.RoleDirector, CentreID: e.county}})
		wantCode(t, err, bianmin.EFORBIDDEN, "own grants")
		if n := e.audits("user.grants", bianmin.ResultDenied, admin.UserID); n != 1 {
			t.Errorf("%d denied audit rows, want 1", n)
		}
		err = e.svc.DisableUser(e.ctx, admin, admin.UserID)
		wantCode(t, err, bianmin.EFORBIDDEN, "disable oneself")
	})
}

func TestItem1_UsernameVariantIsConflict(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("wang.fang", e.townA)
		for _, name := range []string{"Wang.Fang", " wang.fang ", "WANG.FANG\t"} {
			_, err := e.svc.CreateUser(e.ctx, e.sys, service.NewUser{CentreID: e.townA, Username: name,
				DisplayName: "王芳", Password: acctPW2})
			be := wantCode(t, err, bianmin.ECONFLICT, "username "+name)
			if be.Field != "username" {
				t.Errorf("%q: field %q", name, be.Field)
			}
		}
		if n := e.count("SELECT count(*) FROM users WHERE password_hash = '' OR password_hash IS NULL"); n != 0 {
			t.Errorf("%d users with an empty hash", n)
		}
	})
}

func TestRejectedCreateUserWritesNothing_Item14(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		before := [3]int{e.count("SELECT count(*) FROM users"), e.count("SELECT count(*) FROM user_grants"), e.count("SELECT count(*) FROM audit_log")}
		_, err := e.svc.CreateUser(e.ctx, e.sys, service.NewUser{
			CentreID: e.townA, DepartmentID: 999, Username: "x", DisplayName: strings.Repeat("长", 41),
			StaffNo: "A1\nB2", Phone: "12345", Password: "short",
			Grants: []bianmin.Grant{{Role: "superuser", CentreID: e.townA}}})
		wantCode(t, err, bianmin.EINVALID, "invalid new user")
		got := fields(err)
		for _, f := range []string{"username", "display_name", "staff_no", "phone", "password", "grants", "department_id"} {
			if !got[f] {
				t.Errorf("no error on field %s (got %v)", f, got)
			}
		}
		after := [3]int{e.count("SELECT count(*) FROM users"), e.count("SELECT count(*) FROM user_grants"), e.count("SELECT count(*) FROM audit_log")}
		if before != after {
			t.Errorf("users, grants, audit rows %v -> %v: a rejected CreateUser wrote something", before, after)
		}
	})
}

func TestCreateUserStoresAndAudits_Item11(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		admin := e.mustAdmin("sec.a", e.townA)
		u, err := e.svc.CreateUser(e.ctx, admin, service.NewUser{CentreID: e.townA, Username: " Liu.Yang ",
			DisplayName: " 刘洋 ", StaffNo: "GA-017", Phone: "13912345678", Password: acctPW2,
			Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: e.townA}}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "liu.yang" || u.DisplayName != "刘洋" || !u.MustChangePassword || u.PasswordHash != "" || len(u.Grants) != 1 {
			t.Errorf("created %+v", u)
		}
		var after string
		e.db.Read(e.ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(e.ctx, "SELECT after_json FROM audit_log WHERE action = 'user.create' AND object_id = $1", idOf(u.ID)).Scan(&after)
		})
		if !strings.Contains(after, `"139****5678"`) || strings.Contains(after, "13912345678") || strings.Contains(after, "argon2") {
			t.Errorf("audit after_json %s: phone must be masked, no hash", after)
		}
	})
}

func TestItem11_EveryAdminChangeAudited(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		admin := e.mustAdmin("sec.county", e.county)
		u := e.mustUser("kong", e.townB)
		steps := []struct {
			action string
			run    func() error
		}{
			{"user.disable", func() error { return e.svc.DisableUser(e.ctx, admin, u.ID) }},
			{"user.enable", func() error { return e.svc.EnableUser(e.ctx, admin, u.ID) }},
			{"auth.unlock", func() error { return e.svc.UnlockUser(e.ctx, admin, u.ID) }},
			{"user.grants", func() error {
				return e.svc.SetGrants(e.ctx, admin, u.ID, []bianmin.Grant{{Role: bianmin.RoleGuide, CentreID: e.townB}})
			}},
			{"user.password.reset", func() error { return e.svc.SetUserPassword(e.ctx, admin, u.ID, acctPW3) }},
			{"auth.session.end", func() error { _, err := e.svc.EndUserSessions(e.ctx, admin, u.ID); return err }},
		}
		for _, s := range steps {
			if err := s.run(); err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			n := e.count(`SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2 AND result = 'ok'
				AND actor_id = $3 AND role = 'secadmin' AND before_json <> '' AND after_json <> ''`, s.action, idOf(u.ID), admin.UserID)
			if n != 1 {
				t.Errorf("%s: %d complete audit rows, want 1", s.action, n)
			}
		}
	})
}

func TestItem9_SiblingSecurityAdministratorSeesAndChangesNothing(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		secA := e.mustAdmin("sec.a", e.townA)
		b := e.mustUser("clerk.b", e.townB, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townB})
		a := e.mustUser("clerk.a", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		list, err := e.svc.ListUsers(e.ctx, secA)
		if err != nil {
			t.Fatal(err)
		}
		if names := usernames(list); !slices.Equal(names, []string{"clerk.a", "sec.a"}) {
			t.Errorf("township A secadmin lists %v", names)
		}
		forbidden := map[string]func() error{
			"disable":  func() error { return e.svc.DisableUser(e.ctx, secA, b.ID) },
			"enable":   func() error { return e.svc.EnableUser(e.ctx, secA, b.ID) },
			"unlock":   func() error { return e.svc.UnlockUser(e.ctx, secA, b.ID) },
			"reset":    func() error { return e.svc.SetUserPassword(e.ctx, secA, b.ID, acctPW3) },
			"sessions": func() error { _, err := e.svc.EndUserSessions(e.ctx, secA, b.ID); return err },
			"grants": func() error {
				return e.svc.SetGrants(e.ctx, secA, b.ID, []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: e.townA}})
			},
			"grant elsewhere": func() error {
				return e.svc.SetGrants(e.ctx, secA, a.ID, []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: e.townB}})
			},
			"create": func() error {
				_, err := e.svc.CreateUser(e.ctx, secA, service.NewUser{CentreID: e.townB, Username: "new.b", DisplayName: "新", Password: acctPW})
				return err
			},
		}
		for name, f := range forbidden {
			if err := f(); !errors.Is(err, bianmin.ErrForbidden) {
				t.Errorf("%s on township B: %v, want ErrForbidden", name, err)
			}
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE actor_id = $1 AND result = 'denied' AND rule_id = 'SECURITY-9'", secA.UserID); n != len(forbidden) {
			t.Errorf("%d denied audit rows, want %d", n, len(forbidden))
		}
		if e.user(b.ID).Disabled {
			t.Error("township B user was disabled by township A's secadmin")
		}
		secCounty := e.mustAdmin("sec.county", e.county)
		list, _ = e.svc.ListUsers(e.ctx, secCounty)
		if names := usernames(list); !slices.Equal(names, []string{"clerk.a", "clerk.b", "sec.a", "sec.county"}) {
			t.Errorf("county secadmin lists %v", names)
		}
		if err := e.svc.DisableUser(e.ctx, secCounty, b.ID); err != nil {
			t.Errorf("county secadmin on a township user: %v", err)
		}
	})
}

func usernames(us []*bianmin.User) []string {
	var out []string
	for _, u := range us {
		if u.PasswordHash != "" {
			return []string{"password hash listed"}
		}
		out = append(out, u.Username)
	}
	return out
}

func TestItem8_OnlySecurityAdministratorsManageAccounts(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("sys.county", e.county, bianmin.Grant{Role: bianmin.RoleSysAdmin, CentreID: e.county})
		e.mustUser("dir", e.county, bianmin.Grant{Role: bianmin.RoleDirector, CentreID: e.county})
		target := e.mustUser("clerk", e.townA)
		for _, name := range []string{"sys.county", "dir"} {
			_, a := e.mustLogin(name, acctPW)
			if _, err := e.svc.ListUsers(e.ctx, a); !errors.Is(err, bianmin.ErrForbidden) {
				t.Errorf("%s lists users: %v", name, err)
			}
			if err := e.svc.DisableUser(e.ctx, a, target.ID); !errors.Is(err, bianmin.ErrForbidden) {
				t.Errorf("%s disables a user: %v", name, err)
			}
		}
		if _, err := e.svc.ListUsers(e.ctx, nil); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("nil actor: %v", err)
		}
		if err := e.svc.DisableUser(e.ctx, e.sys, 9999); !errors.Is(err, bianmin.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
	})
}
