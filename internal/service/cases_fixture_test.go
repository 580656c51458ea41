package service_test

import (
	"testing"

	"bianmin/internal/bianmin"
)

// caseEnv adds to hallEnv what cases need (clock: Monday 2026-03-02 09:00
// Asia/Shanghai):
//
//	licence: item "XK-001" of dept A1, a promised licence (item type 01),
//	  promised 5 working days, statutory 20, three required materials
//	  (申请表, 身份证, 场地证明) and one conditional (委托书), a fee standard
//	  "证书工本费每本10元" and result 许可证;
//	immediate: item "JB-001" of dept A1, an immediate case, one material;
//	joint: item "LB-001" of dept A1 with co-department A2, a joint case,
//	  promised 10 working days, statutory 45, one material;
//	chief reps: chiefA1 (grant chief_rep dept A1, named on the department),
//	  chiefA2 (dept A2); a second reviewer-capable clerk is h.w1b;
//	dutyLeader, inspector; director is e.director (also a leader who may
//	  approve an extension).
type caseEnv struct {
	*hallEnv
	licence, immediate, joint *bianmin.ServiceItem
	chiefA1, chiefA2          *bianmin.Actor
	dutyLeader, inspector     *bianmin.Actor
}

func forEachCaseHall(t *testing.T, fn func(t *testing.T, c *caseEnv)) {
	t.Helper()
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		c := &caseEnv{hallEnv: h}
		mat := func(names ...string) []bianmin.Material {
			var out []bianmin.Material
			for _, n := range names {
				out = append(out, bianmin.Material{Name: n, Originals: 1, Required: true})
			}
			return out
		}
		lic := h.item("XK-001", "食品经营许可", "Food business licence")
		lic.ItemType, lic.CaseKind = bianmin.ItemLicence, bianmin.CasePromised
		lic.Fee, lic.FeeBasis = "证书工本费每本10元", "《行政许可法》第五十八条；省物价局收费批复"
		lic.ResultName = "食品经营许可证"
		lic.Materials = append(mat("申请表", "身份证", "场地证明"),
			bianmin.Material{Name: "委托书", Originals: 1, Required: false, Condition: "委托他人办理时"})
		c.licence = h.mustCreate(lic)
		h.mustPublish(c.licence.ID)

		imm := h.item("JB-001", "社保卡挂失", "Social security card loss report")
		imm.CaseKind = bianmin.CaseImmediate
		imm.Promised = bianmin.Limit{Unit: bianmin.UnitOnTheSpot}
		imm.Statutory = bianmin.Limit{Value: 1, Unit: bianmin.UnitWorkingDays}
		imm.Materials = mat("身份证")
		c.immediate = h.mustCreate(imm)
		h.mustPublish(c.immediate.ID)

		jt := h.item("LB-001", "残疾人两项补贴申领", "Disability allowances")
		jt.CaseKind, jt.CoDepartmentIDs = bianmin.CaseJoint, []int64{h.deptA2}
		jt.Promised = bianmin.Limit{Value: 10, Unit: bianmin.UnitWorkingDays}
		jt.Statutory = bianmin.Limit{Value: 45, Unit: bianmin.UnitWorkingDays}
		jt.Materials = mat("残疾人证")
		c.joint = h.mustCreate(jt)
		h.mustPublish(c.joint.ID)

		c.chiefA1 = h.mustActor("chiefa1", bianmin.Grant{Role: bianmin.RoleChiefRep, CentreID: h.townA, DepartmentID: h.deptA1})
		c.chiefA2 = h.mustActor("chiefa2", bianmin.Grant{Role: bianmin.RoleChiefRep, CentreID: h.townA, DepartmentID: h.deptA2})
		for dept, chief := range map[int64]*bianmin.Actor{h.deptA1: c.chiefA1, h.deptA2: c.chiefA2} {
			d := &bianmin.Department{CentreID: h.townA, Name: map[int64]string{h.deptA1: "社会保障所", h.deptA2: "民政办"}[dept],
				ChiefRepUserID: chief.UserID}
			d.ID = dept
			if err := h.svc.SaveDepartment(h.ctx, h.sys, d); err != nil {
				t.Fatalf("chief rep of %d: %v", dept, err)
			}
		}
		c.dutyLeader = h.mustActor("dutylead", bianmin.Grant{Role: bianmin.RoleDutyLeader, CentreID: h.townA})
		c.inspector = h.mustActor("inspect1", bianmin.Grant{Role: bianmin.RoleInspector, CentreID: h.townA})
		fn(t, c)
	})
}
