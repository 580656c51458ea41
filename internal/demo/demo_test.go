package demo_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/demo"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

func TestLoadBuildsTheStreetCentre(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, bianmin.SystemClock{}, nil)
		accounts, err := demo.Load(ctx, svc)
		if err != nil {
			t.Fatal(err)
		}
		c := demoCentre(t, ctx, svc)
		if c == nil || c.Level != 5 || !strings.HasSuffix(c.Name, "街道便民服务中心") {
			t.Fatalf("demo centre %+v", c)
		}

		var ws []*bianmin.Window
		users := map[int64]*bianmin.User{}
		err = db.Read(ctx, func(tx *store.Tx) error {
			var err error
			if ws, err = store.Windows(ctx, tx, c.ID); err != nil {
				return err
			}
			us, err := store.Users(ctx, tx, []int64{c.ID})
			for _, u := range us {
				if u.Grants, err = store.Grants(ctx, tx, u.ID); err != nil {
					return err
				}
				users[u.ID] = u
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		// The five windows of seed 002, each with two different named clerks (ORG-2).
		wantNames := []string{"民政救助", "劳动保障", "医疗保险", "人口计生", "土规农综"}
		if len(ws) != len(wantNames) {
			t.Fatalf("%d windows, want %d", len(ws), len(wantNames))
		}
		holders := map[int64]bool{}
		for i, w := range ws {
			if w.Name != wantNames[i] {
				t.Errorf("window %s is %q, want %q", w.Number, w.Name, wantNames[i])
			}
			if w.AUserID == 0 || w.BUserID == 0 || w.AUserID == w.BUserID {
				t.Errorf("window %s: A %d, B %d; want two different people", w.Number, w.AUserID, w.BUserID)
			}
			for _, id := range []int64{w.AUserID, w.BUserID} {
				if holders[id] {
					t.Errorf("user %d holds posts at two windows", id)
				}
				holders[id] = true
				if u := users[id]; u == nil || !hasRole(u, bianmin.RoleClerk) {
					t.Errorf("window %s post holder %d is not a clerk", w.Number, id)
				}
			}
			if len(w.DepartmentIDs) == 0 || len(w.ItemIDs) == 0 {
				t.Errorf("window %s serves departments %v, items %v", w.Number, w.DepartmentIDs, w.ItemIDs)
			}
		}

		// The three 等保 administrators are three different people (SECURITY.md item 8).
		admins := map[bianmin.Role]int64{}
		for _, u := range users {
			for _, g := range u.Grants {
				if g.Role.IsAdmin() {
					if admins[g.Role] != 0 {
						t.Errorf("two holders of %s", g.Role)
					}
					admins[g.Role] = u.ID
				}
			}
		}
		a, s, au := admins[bianmin.RoleSysAdmin], admins[bianmin.RoleSecAdmin], admins[bianmin.RoleAuditAdmin]
		if a == 0 || s == 0 || au == 0 || a == s || s == au || a == au {
			t.Errorf("admins sysadmin %d, secadmin %d, auditadmin %d; want three different people", a, s, au)
		}

		// Every department has a chief representative for it (ORG-4).
		var depts []*bianmin.Department
		if err := db.Read(ctx, func(tx *store.Tx) (err error) { depts, err = store.CentreDepartments(ctx, tx, c.ID); return err }); err != nil {
			t.Fatal(err)
		}
		for _, d := range depts {
			found := false
			for _, u := range users {
				for _, g := range u.Grants {
					found = found || g.Role == bianmin.RoleChiefRep && g.DepartmentID == d.ID
				}
			}
			if !found {
				t.Errorf("department %s has no chief representative", d.Name)
			}
		}
		for _, r := range []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDutyLeader, bianmin.RoleDutyChief, bianmin.RoleOffice, bianmin.RoleInspector} {
			if !anyHas(users, r) {
				t.Errorf("no %s", r)
			}
		}

		// The catalogue itself is checked in catalogue_test.go.

		// One account per user, each with a one-time password that logs in
		// and must be changed first.
		if len(accounts) != len(users) {
			t.Errorf("%d accounts for %d users", len(accounts), len(users))
		}
		seen := map[string]bool{}
		for _, acc := range accounts {
			if seen[acc.Password] {
				t.Errorf("password of %s repeats", acc.Username)
			}
			seen[acc.Password] = true
			token, actor, err := svc.Login(ctx, acc.Username, acc.Password, "192.0.2.10", "demo-test")
			if err != nil {
				t.Errorf("login %s: %v", acc.Username, err)
				continue
			}
			if !actor.HasRole(bianmin.Role(acc.Role)) {
				t.Errorf("%s logged in without role %s: %+v", acc.Username, acc.Role, actor.Grants)
			}
			_, state, err := svc.Authenticate(ctx, token)
			if err != nil || !state.MustChangePassword {
				t.Errorf("%s: session %+v, %v; want a forced password change", acc.Username, state, err)
			}
		}

		var posts int
		err = db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'window.posts' AND rule_id = 'ORG-2' AND centre_id = $1", c.ID).Scan(&posts)
		})
		if err != nil || posts != len(ws) {
			t.Errorf("%d window.posts audit rows (%v), want %d", posts, err, len(ws))
		}

		// A second load changes nothing and shows no passwords.
		again, err := demo.Load(ctx, svc)
		if err != nil || again != nil {
			t.Errorf("second load: %v, %v; want nil, nil", again, err)
		}
		all, err := svc.AllUsers(ctx)
		if err != nil || len(all) != len(users) {
			t.Errorf("after second load %d users (%v), want %d", len(all), err, len(users))
		}
	})
}

func TestLoadRefusesAHalfLoadedCentre(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, bianmin.SystemClock{}, nil)
		_, err := svc.CreateCentre(ctx, bianmin.SystemActor("test"), bianmin.Centre{RegionCode: demo.RegionCode, Name: demo.CentreName, Level: 5})
		if err != nil {
			t.Fatal(err)
		}
		if accounts, err := demo.Load(ctx, svc); !errors.Is(err, demo.ErrIncomplete) || accounts != nil {
			t.Errorf("got %v, %v; want ErrIncomplete", accounts, err)
		}
	})
}

func TestPasswordsAreStrongAndFresh(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 500; i++ {
		pw, err := demo.Password("clerk1a")
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != demo.PasswordLength || seen[pw] {
			t.Fatalf("password %q: wrong length or repeated", pw)
		}
		seen[pw] = true
		if err := auth.CheckPasswordRules(pw, auth.Rules{MinLength: 12, MinClasses: 4}, "clerk1a"); err != nil {
			t.Fatalf("password %q breaks the rules: %v", pw, err)
		}
	}
}

func demoCentre(t *testing.T, ctx context.Context, svc *service.Service) *bianmin.Centre {
	t.Helper()
	cs, err := svc.AllCentres(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.RegionCode == demo.RegionCode {
			return c
		}
	}
	return nil
}

func hasRole(u *bianmin.User, r bianmin.Role) bool {
	for _, g := range u.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

func anyHas(users map[int64]*bianmin.User, r bianmin.Role) bool {
	for _, u := range users {
		if hasRole(u, r) {
			return true
		}
	}
	return false
}

func TestLoadRefusesATakenUsernameBeforeWriting(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, bianmin.SystemClock{}, nil)
		actor := bianmin.SystemActor("test")
		c, err := svc.CreateCentre(ctx, actor, bianmin.Centre{RegionCode: "440305020000", Name: "荷湾街道便民服务中心", Level: 5})
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := demo.Password("director")
		if _, err := svc.CreateUser(ctx, actor, service.NewUser{CentreID: c.ID, Username: "director", DisplayName: "任思远",
			Password: pw, Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: c.ID}}}); err != nil {
			t.Fatal(err)
		}
		if accounts, err := demo.Load(ctx, svc); bianmin.ErrorCode(err) != bianmin.ECONFLICT || accounts != nil {
			t.Fatalf("got %v, %v; want a conflict", accounts, err)
		}
		if demoCentre(t, ctx, svc) != nil {
			t.Error("the demo centre was created although a username was taken")
		}
	})
}
