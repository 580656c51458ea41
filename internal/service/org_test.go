package service_test

import (
	"errors"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// validCreditCode completes 17 characters with their check character (R7.2).
func validCreditCode(t *testing.T, prefix string) string {
	t.Helper()
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		code := prefix + string(c)
		if wf, ok := bianmin.CheckCreditCode(code); wf && ok {
			return code
		}
	}
	t.Fatalf("no check character completes %s", prefix)
	return ""
}

func wantRule(t *testing.T, err error, field, rule, what string) {
	t.Helper()
	be := wantCode(t, err, bianmin.EINVALID, what)
	if be.Field != field || be.Rule != rule {
		t.Fatalf("%s: field %q rule %q, want %q %q", what, be.Field, be.Rule, field, rule)
	}
}

// TestDepartmentCreditCode: a malformed code is refused (R7.2); a
// well-formed code whose check character fails is refused unless the
// override confirms it (R7.2b vector 91350100M0001TGQXM); a valid code is
// accepted and needs no override. Refusals write nothing.
func TestDepartmentCreditCode(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		depts := func() int { return e.count("SELECT count(*) FROM departments") }
		n := depts()
		err := e.svc.SaveDepartment(e.ctx, e.director, &bianmin.Department{CentreID: e.townA, Name: "医保站", CreditCode: "12345"})
		wantRule(t, err, "credit_code", "R7.2", "malformed code")
		err = e.svc.SaveDepartment(e.ctx, e.director, &bianmin.Department{CentreID: e.townA, Name: "医保站", CreditCode: "91350100M0001TGQXM"})
		wantRule(t, err, "credit_code", "R7.2b", "checksum-failing code without override")
		if depts() != n {
			t.Fatal("a refused department was written")
		}
		d := &bianmin.Department{CentreID: e.townA, Name: "医保站", CreditCode: "91350100m0001tgqxm", CreditCodeOverride: true}
		if err := e.svc.SaveDepartment(e.ctx, e.director, d); err != nil {
			t.Fatalf("override: %v", err)
		}
		if e.auditRows("department.save", "R7.2b", bianmin.ResultOK) != 1 {
			t.Error("the override is not audited under R7.2b")
		}
		good := validCreditCode(t, "12350100MB0000001")
		d.CreditCode = good
		if err := e.svc.SaveDepartment(e.ctx, e.office, d); err != nil {
			t.Fatalf("valid code: %v", err)
		}
		list, err := e.svc.ListDepartments(e.ctx, e.clerk, e.townA)
		if err != nil {
			t.Fatal(err)
		}
		var got *bianmin.Department
		for _, x := range list {
			if x.ID == d.ID {
				got = x
			}
		}
		if got == nil || got.CreditCode != good || got.CreditCodeOverride || got.Name != "医保站" {
			t.Fatalf("stored department %+v, want code %s without override", got, good)
		}
	})
}

// TestDepartmentChiefRep: the chief representative holds chief_rep at the
// centre and is active (ORG-4); the change is audited; another centre's
// office may not change the department.
func TestDepartmentChiefRep(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		d := &bianmin.Department{ID: e.deptA1, Name: "社会保障所", ChiefRepUserID: e.clerk1.ID}
		wantRule(t, e.svc.SaveDepartment(e.ctx, e.director, d), "chief_rep_user_id", "ORG-4", "a clerk as chief representative")
		d.ChiefRepUserID = e.chief.ID
		if err := e.svc.SaveDepartment(e.ctx, e.director, d); err != nil {
			t.Fatal(err)
		}
		if e.auditRows("department.chief_rep", "ORG-4", bianmin.ResultOK) != 1 {
			t.Error("naming the chief representative is not audited under ORG-4")
		}
		if e.auditRows("department.save", "ORG-1", bianmin.ResultOK) != 4 { // three fixtures and this save
			t.Error("department saves are not audited under ORG-1")
		}
		pub, err := e.svc.PublicDepartments(e.ctx, e.townA)
		if err != nil || len(pub) != 2 || pub[0].Name != "社会保障所" || pub[0].ChiefRepUserID != 0 {
			t.Errorf("public departments %+v, %v: want names without the chief's account", pub, err)
		}
		wrong := &bianmin.Department{ID: e.deptB, Name: "民政办", ChiefRepUserID: e.chief.ID}
		wantRule(t, e.svc.SaveDepartment(e.ctx, e.sys, wrong), "chief_rep_user_id", "ORG-4", "chief rep of another centre")
		err = e.db.Write(e.ctx, func(tx *store.Tx) error { return store.SetDisabled(e.ctx, tx, e.chief.ID, true) })
		if err != nil {
			t.Fatal(err)
		}
		d.Name = "社会保障事务所"
		wantRule(t, e.svc.SaveDepartment(e.ctx, e.director, d), "chief_rep_user_id", "ORG-4", "a disabled chief representative")

		before := e.count("SELECT count(*) FROM audit_log WHERE result = 'ok'")
		d.ChiefRepUserID = 0
		wantForbidden(t, e.svc.SaveDepartment(e.ctx, e.officeB, d), "office of another centre")
		wantForbidden(t, e.svc.SaveDepartment(e.ctx, e.clerk, d), "a clerk")
		if e.count("SELECT count(*) FROM audit_log WHERE action = 'department.save' AND result = 'denied'") != 2 {
			t.Error("refusals are not audited as denied")
		}
		if e.count("SELECT count(*) FROM audit_log WHERE result = 'ok'") != before ||
			e.count("SELECT count(*) FROM departments WHERE name = '社会保障事务所'") != 0 {
			t.Error("a refused change was written")
		}
		if _, err := e.svc.ListDepartments(e.ctx, e.officeB, e.townA); !errors.Is(err, bianmin.ErrForbidden) {
			t.Errorf("listing another centre's departments: got %v, want ErrForbidden", err)
		}
	})
}
