package service_test

import (
	"errors"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// catEnv adds to acctEnv the organisation of township A (two departments,
// a director, the office, two clerks and a chief representative) and an
// office user and department of township B.
type catEnv struct {
	*acctEnv
	director, office, officeB, clerk *bianmin.Actor
	clerk1, clerk2, chief            *bianmin.User
	deptA1, deptA2, deptB            int64
}

func forEachCatEngine(t *testing.T, fn func(t *testing.T, e *catEnv)) {
	t.Helper()
	forEachAcctEngine(t, func(t *testing.T, ae *acctEnv) {
		e := &catEnv{acctEnv: ae}
		e.deptA1 = e.mustDept(e.townA, "社会保障所", "Social Security Office")
		e.deptA2 = e.mustDept(e.townA, "民政办", "Civil Affairs Office")
		e.deptB = e.mustDept(e.townB, "民政办", "Civil Affairs Office")
		e.director = e.mustActor("dira", bianmin.Grant{Role: bianmin.RoleDirector, CentreID: e.townA})
		e.office = e.mustActor("offa", bianmin.Grant{Role: bianmin.RoleOffice, CentreID: e.townA})
		e.officeB = e.mustActor("offb", bianmin.Grant{Role: bianmin.RoleOffice, CentreID: e.townB})
		e.clerk1 = e.mustUser("clerk1", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		e.clerk2 = e.mustUser("clerk2", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		e.chief = e.mustUser("chief1", e.townA, bianmin.Grant{Role: bianmin.RoleChiefRep, CentreID: e.townA})
		_, e.clerk = e.mustLogin("clerk1", acctPW)
		fn(t, e)
	})
}

func (e *catEnv) mustDept(centre int64, name, nameEN string) int64 {
	e.t.Helper()
	d := &bianmin.Department{CentreID: centre, Name: name, NameEN: nameEN}
	if err := e.svc.SaveDepartment(e.ctx, e.sys, d); err != nil {
		e.t.Fatalf("department %s: %v", name, err)
	}
	return d.ID
}

func (e *catEnv) mustActor(username string, g bianmin.Grant) *bianmin.Actor {
	e.t.Helper()
	e.mustUser(username, g.CentreID, g)
	_, a := e.mustLogin(username, acctPW)
	return a
}

// item returns a complete, valid promised item of township A's first department.
func (e *catEnv) item(code, name, nameEN string) *bianmin.ServiceItem {
	return &bianmin.ServiceItem{CentreID: e.townA, DepartmentID: e.deptA1, Name: name, NameEN: nameEN,
		BasicCode: "000110001000", ImplCode: code, ItemType: bianmin.ItemPublicService, CaseKind: bianmin.CasePromised,
		Promised:   bianmin.Limit{Value: 5, Unit: bianmin.UnitWorkingDays},
		Statutory:  bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays},
		LegalBasis: "《社会保险法》第五十七条", Conditions: "在本辖区参保的用人单位", Steps: []string{"受理", "审核", "办结"},
		ServiceObject: "2", ResultName: "社会保险登记证", Place: "一楼 3 号窗口", Hours: "工作日 8:30-12:00",
		ConsultPhone: "0817-1234567", LifeEvents: []string{"就业"},
		FAQ: []bianmin.FAQ{{Q: "是否收费？", A: "不收费。"}},
		Materials: []bianmin.Material{
			{Name: "营业执照", Issuer: "市场监管部门", Originals: 1, Copies: 1, Required: true},
			{Name: "委托书", Originals: 1, Required: false, Condition: "委托他人办理时"},
		}}
}

// mustCreate creates an item as the director and fails the test on error.
func (e *catEnv) mustCreate(it *bianmin.ServiceItem) *bianmin.ServiceItem {
	e.t.Helper()
	if err := e.svc.CreateItem(e.ctx, e.director, it); err != nil {
		e.t.Fatalf("create item %s: %v", it.ImplCode, err)
	}
	return it
}

func (e *catEnv) mustPublish(id int64) {
	e.t.Helper()
	if err := e.svc.PublishItem(e.ctx, e.director, id); err != nil {
		e.t.Fatalf("publish item %d: %v", id, err)
	}
}

// auditRows counts audit rows of an action with a rule and result.
func (e *catEnv) auditRows(action, rule, result string) int {
	return e.count("SELECT count(*) FROM audit_log WHERE action = $1 AND rule_id = $2 AND result = $3", action, rule, result)
}

// wantForbidden fails unless err is ErrForbidden.
func wantForbidden(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, bianmin.ErrForbidden) {
		t.Fatalf("%s: got %v, want ErrForbidden", what, err)
	}
}

// publicNames lists the names of the public guide's answer to q.
func (e *catEnv) publicNames(q service.ItemQuery) []string {
	e.t.Helper()
	items, err := e.svc.PublishedItems(e.ctx, e.townA, q)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Name)
	}
	return out
}
