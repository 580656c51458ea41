package service_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

func TestItem1_SetupCreatesFirstSecurityAdministratorOnce(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			clock := bianmin.NewTestClock()
			clock.Set(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), true)
			db := testutil.MustOpenDB(t, engine, clock)
			svc := service.New(db, clock, nil)
			if need, err := svc.NeedsSetup(ctx); err != nil || !need {
				t.Fatalf("fresh install NeedsSetup = %v, %v", need, err)
			}
			centre := bianmin.Centre{RegionCode: "511602100000", Name: "浓洄街道便民服务中心"}
			// The centre exists already (made by the CLI), so its unique region
			// code does not serialise the two setups: the setup lock must.
			if _, err := svc.CreateCentre(ctx, bianmin.SystemActor("cli"), centre); err != nil {
				t.Fatal(err)
			}
			// Several instances start the first run at once: exactly one succeeds.
			var wg sync.WaitGroup
			errs := make([]error, 6)
			for i := range errs {
				wg.Go(func() {
					errs[i] = svc.Setup(ctx, centre, service.NewUser{Username: "sec" + idOf(int64(i)),
						DisplayName: "安全管理员", Password: acctPW})
				})
			}
			wg.Wait()
			ok, winner := 0, ""
			for i, err := range errs {
				switch {
				case err == nil:
					ok, winner = ok+1, "sec"+idOf(int64(i))
				case !errors.Is(err, bianmin.ErrConflict) && bianmin.ErrorCode(err) != bianmin.ECONFLICT:
					t.Errorf("second setup: %v, want a conflict", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d setups succeeded, want 1: %v", ok, errs)
			}
			if need, _ := svc.NeedsSetup(ctx); need {
				t.Error("NeedsSetup after setup")
			}
			_, a, err := svc.Login(ctx, winner, acctPW, "127.0.0.1", "")
			if err != nil || a.Role != bianmin.RoleSecAdmin || len(a.Scope.Centres) != 1 {
				t.Fatalf("first admin login: %+v, %v", a, err)
			}
			var n int
			db.Read(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action IN ('system.setup', 'user.create', 'centre.create')").Scan(&n)
			})
			if n != 3 { // the CLI's centre.create, then setup's user.create and system.setup
				t.Errorf("%d setup audit rows, want 3", n)
			}
		})
	}
}

func TestSetupValidates(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		err := e.svc.Setup(e.ctx, bianmin.Centre{RegionCode: "5116", Name: ""},
			service.NewUser{Username: "A", DisplayName: "", Password: "123456"})
		got := fields(err)
		for _, f := range []string{"region_code", "name", "username", "display_name", "password"} {
			if !got[f] {
				t.Errorf("no error on %s: %v", f, got)
			}
		}
	})
}

func TestCentresR35_CreateAndScope(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		for _, code := range []string{"51160210000", "5116021000001", "51160210000x", "000000000000", ""} {
			_, err := e.svc.CreateCentre(e.ctx, e.sys, bianmin.Centre{ParentID: e.county, RegionCode: code, Name: "站"})
			if !fields(err)["region_code"] {
				t.Errorf("region code %q: %v", code, err)
			}
		}
		_, err := e.svc.CreateCentre(e.ctx, e.sys, bianmin.Centre{ParentID: e.county, RegionCode: "511602100000", Name: "重复"})
		if be := wantCode(t, err, bianmin.ECONFLICT, "duplicate region code"); be.Field != "region_code" {
			t.Errorf("field %q", be.Field)
		}
		e.mustUser("sys.a", e.townA, bianmin.Grant{Role: bianmin.RoleSysAdmin, CentreID: e.townA})
		_, sysA := e.mustLogin("sys.a", acctPW)
		village, err := e.svc.CreateCentre(e.ctx, sysA, bianmin.Centre{ParentID: e.townA, RegionCode: "511602100001", Name: "某村便民服务站", Level: 6})
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]bianmin.Centre{
			"under a sibling": {ParentID: e.townB, RegionCode: "511602101001", Name: "x"},
			"top level":       {RegionCode: "511603000000", Name: "x"},
		} {
			if _, err := e.svc.CreateCentre(e.ctx, sysA, c); !errors.Is(err, bianmin.ErrForbidden) {
				t.Errorf("sysadmin of township A creates a centre %s: %v", name, err)
			}
		}
		secA := e.mustAdmin("sec.a", e.townA)
		if _, err := e.svc.CreateCentre(e.ctx, secA, bianmin.Centre{ParentID: e.townA, RegionCode: "511602100002", Name: "x"}); !errors.Is(err, bianmin.ErrForbidden) {
			t.Errorf("secadmin creates a centre: %v", err)
		}
		_, sysA = e.mustLogin("sys.a", acctPW) // the scope now includes the new village
		list, err := e.svc.ListCentres(e.ctx, sysA)
		var ids []int64
		for _, c := range list {
			ids = append(ids, c.ID)
		}
		if err != nil || !slices.Equal(ids, []int64{e.townA, village.ID}) {
			t.Errorf("township sysadmin lists centres %v, %v", ids, err)
		}
		if all, _ := e.svc.ListCentres(e.ctx, e.sys); len(all) != 4 {
			t.Errorf("system lists %d centres, want 4", len(all))
		}
	})
}

func TestCreateDepartmentByScope(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("sys.county", e.county, bianmin.Grant{Role: bianmin.RoleSysAdmin, CentreID: e.county})
		_, sys := e.mustLogin("sys.county", acctPW)
		id, err := e.svc.CreateDepartment(e.ctx, sys, e.townB, "民政办", "Civil Affairs Office")
		if err != nil || id == 0 {
			t.Fatalf("CreateDepartment = %d, %v", id, err)
		}
		if _, err := e.svc.CreateDepartment(e.ctx, sys, e.townB, "民政办", ""); !fields(err)["name"] {
			t.Errorf("duplicate department: %v", err)
		}
		if _, err := e.svc.CreateDepartment(e.ctx, sys, e.townB, " ", ""); !fields(err)["name"] {
			t.Errorf("blank department name: %v", err)
		}
		secA := e.mustAdmin("sec.a", e.townA)
		if _, err := e.svc.CreateDepartment(e.ctx, secA, e.townA, "社保", ""); !errors.Is(err, bianmin.ErrForbidden) {
			t.Errorf("secadmin creates a department: %v", err)
		}
		// A user's department must belong to the user's centre.
		_, err = e.svc.CreateUser(e.ctx, e.sys, service.NewUser{CentreID: e.townA, DepartmentID: id,
			Username: "mix", DisplayName: "混", Password: acctPW})
		if !fields(err)["department_id"] {
			t.Errorf("department of another centre: %v", err)
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'department.create' AND result = 'ok'"); n != 1 {
			t.Errorf("%d department audit rows, want 1", n)
		}
	})
}
