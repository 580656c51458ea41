package e2e

import (
	"context"
	"strconv"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// caseHall is a test-clock hall (Monday 2026-03-02 09:00 Shanghai, like
// hallServer) set up for cases through the service (setup only; every step
// under test happens in the browser):
//
//	departments 市场监管所 (dept1) and 民政办 (dept2);
//	item XK-001 食品经营许可 of dept1: a promised licence (type 01),
//	  promised 5 working days, statutory 20, required materials 申请表,
//	  身份证, 场地证明, conditional 委托书; fee "证书工本费每本10元";
//	item LB-001 残疾人两项补贴申领: a joint item of dept1 with dept2,
//	  promised 10 working days, material 残疾人证;
//	people (all with initialPw, to be changed at first login via
//	  loginChanged): director, w1a and w1b (clerks, window 1, dept1), w2a
//	  (clerk, window 2, dept2), chief1 (chief_rep dept1, named on it),
//	  chief2 (chief_rep dept2), dutylead (duty_leader), inspector, guide;
//	queue A (prefix A) of dept1 called by window 1.
type caseHall struct {
	srv            *server
	centre         int64
	dept1, dept2   int64
	licence, joint int64 // item IDs
	ids            map[string]int64
	windows        [3]int64
	queueA         int64
	codes          map[int64]string // case ID → query code, as printed on its acceptance notice
}

func (h *caseHall) console(n int) string {
	return h.srv.base + "/console/" + strconv.FormatInt(h.windows[n], 10)
}

func newCaseHall(t *testing.T, engine store.Engine) *caseHall {
	t.Helper()
	srv := hallServer(t, engine)
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	h := &caseHall{srv: srv, centre: srv.mustCentre(t), ids: map[string]int64{}, codes: map[int64]string{}}
	dept := func(name, en string) int64 {
		d := &bianmin.Department{CentreID: h.centre, Name: name, NameEN: en}
		if err := srv.svc.SaveDepartment(ctx, sys, d); err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	h.dept1, h.dept2 = dept("市场监管所", "Market Supervision Office"), dept("民政办", "Civil Affairs Office")
	people := []struct {
		user, name string
		role       bianmin.Role
		dept       int64
	}{
		{"director", "周主任", bianmin.RoleDirector, 0}, {"w1a", "王芳", bianmin.RoleClerk, h.dept1},
		{"w1b", "刘洋", bianmin.RoleClerk, h.dept1}, {"w2a", "陈静", bianmin.RoleClerk, h.dept2},
		{"chief1", "赵首席", bianmin.RoleChiefRep, h.dept1}, {"chief2", "钱首席", bianmin.RoleChiefRep, h.dept2},
		{"dutylead", "孙值班", bianmin.RoleDutyLeader, 0}, {"inspector", "李监察", bianmin.RoleInspector, 0},
		{"guide", "陈导办", bianmin.RoleGuide, 0},
	}
	for _, p := range people {
		u, err := srv.svc.CreateUser(ctx, sys, service.NewUser{CentreID: h.centre, DepartmentID: p.dept, Username: p.user,
			DisplayName: p.name, Password: initialPw, Grants: []bianmin.Grant{{Role: p.role, CentreID: h.centre, DepartmentID: p.dept}}})
		if err != nil {
			t.Fatal(err)
		}
		h.ids[p.user] = u.ID
	}
	for id, chief := range map[int64]string{h.dept1: "chief1", h.dept2: "chief2"} {
		name := map[int64]string{h.dept1: "市场监管所", h.dept2: "民政办"}[id]
		d := &bianmin.Department{ID: id, CentreID: h.centre, Name: name, ChiefRepUserID: h.ids[chief]}
		if err := srv.svc.SaveDepartment(ctx, sys, d); err != nil {
			t.Fatal(err)
		}
	}
	mats := func(names ...string) []bianmin.Material {
		var ms []bianmin.Material
		for _, n := range names {
			ms = append(ms, bianmin.Material{Name: n, Originals: 1, Required: true})
		}
		return ms
	}
	item := func(code, name string, dept int64, kind bianmin.CaseKind, promised, statutory int, ms []bianmin.Material) *bianmin.ServiceItem {
		return &bianmin.ServiceItem{CentreID: h.centre, DepartmentID: dept, Name: name, ImplCode: code,
			BasicCode: "000110001000", ItemType: bianmin.ItemPublicService, CaseKind: kind,
			Promised:   bianmin.Limit{Value: promised, Unit: bianmin.UnitWorkingDays},
			Statutory:  bianmin.Limit{Value: statutory, Unit: bianmin.UnitWorkingDays},
			LegalBasis: "《行政许可法》第二十九条", Conditions: "在本辖区经营的申请人", Steps: []string{"受理", "审查", "审批", "办结"},
			ServiceObject: "1", ResultName: "许可证", Place: "一楼 1 号窗口", Hours: "工作日 8:30-12:00",
			ConsultPhone: "0817-1234567", Materials: ms}
	}
	lic := item("XK-001", "食品经营许可", h.dept1, bianmin.CasePromised, 5, 20,
		append(mats("申请表", "身份证", "场地证明"), bianmin.Material{Name: "委托书", Originals: 1, Condition: "委托他人办理时"}))
	lic.ItemType, lic.Fee, lic.FeeBasis, lic.ResultName = bianmin.ItemLicence, "证书工本费每本10元", "省物价局收费批复", "食品经营许可证"
	jt := item("LB-001", "残疾人两项补贴申领", h.dept1, bianmin.CaseJoint, 10, 45, mats("残疾人证"))
	jt.CoDepartmentIDs = []int64{h.dept2}
	for _, it := range []*bianmin.ServiceItem{lic, jt} {
		if err := srv.svc.CreateItem(ctx, sys, it); err != nil {
			t.Fatal(err)
		}
		if err := srv.svc.PublishItem(ctx, sys, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	h.licence, h.joint = lic.ID, jt.ID
	for n, posts := range map[int][3]any{1: {"w1a", "w1b", h.dept1}, 2: {"w2a", "", h.dept2}} {
		num := strconv.Itoa(n)
		w := &bianmin.Window{CentreID: h.centre, Number: num, Name: num + "号窗口", Kind: bianmin.WindowGeneral,
			DepartmentIDs: []int64{posts[2].(int64)}, AUserID: h.ids[posts[0].(string)], BUserID: h.ids[posts[1].(string)]}
		if err := srv.svc.SaveWindow(ctx, sys, w); err != nil {
			t.Fatal(err)
		}
		h.windows[n] = w.ID
	}
	q := &bianmin.Queue{CentreID: h.centre, Prefix: "A", Name: "市场监管", Icon: "shebao", Position: 1, Active: true,
		DepartmentIDs: []int64{h.dept1}, WindowIDs: []int64{h.windows[1]}}
	if err := srv.svc.SaveQueue(ctx, sys, q); err != nil {
		t.Fatal(err)
	}
	h.queueA = q.ID
	return h
}
