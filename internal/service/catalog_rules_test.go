package service_test

import (
	"slices"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// TestCreateItemValidation: each broken item is refused with its field and
// rule (R1.13, R1.20, C-6, CAT-3, conditional material, references) and
// nothing is written.
func TestCreateItemValidation(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		foreign, err := e.svc.SaveFile(e.ctx, e.officeB, e.townB, "b.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, field, rule string
			change            func(it *bianmin.ServiceItem)
		}{
			{"promised beyond statutory", "promised", "R1.13", func(it *bianmin.ServiceItem) {
				it.Promised = bianmin.Limit{Value: 30, Unit: bianmin.UnitWorkingDays}
			}},
			{"immediate with a multi-day limit", "promised", "R1.20", func(it *bianmin.ServiceItem) { it.CaseKind = bianmin.CaseImmediate }},
			{"joint with one department", "co_department_ids", "C-6", func(it *bianmin.ServiceItem) {
				it.CaseKind, it.CoDepartmentIDs = bianmin.CaseJoint, []int64{it.DepartmentID}
			}},
			{"fee without basis", "fee_basis", "CAT-3", func(it *bianmin.ServiceItem) { it.Fee = "工本费 10 元" }},
			{"conditional material without condition", "materials[1].condition", "", func(it *bianmin.ServiceItem) {
				it.Materials[1].Condition = "  "
			}},
			{"co-department of another centre", "co_department_ids", "ORG-1", func(it *bianmin.ServiceItem) {
				it.CaseKind, it.CoDepartmentIDs = bianmin.CaseJoint, []int64{e.deptB}
			}},
			{"form of another centre", "materials[0].blank_form_id", "", func(it *bianmin.ServiceItem) {
				it.Materials[0].BlankFormID = foreign.ID
			}},
			{"implementation code charset", "impl_code", "R9.2", func(it *bianmin.ServiceItem) { it.ImplCode = "编码 1" }},
			{"legal basis too long", "legal_basis", "", func(it *bianmin.ServiceItem) { it.LegalBasis = string(make([]byte, 4001)) }},
		}
		for _, c := range cases {
			it := e.item("BAD-1", "无效事项", "")
			c.change(it)
			err := e.svc.CreateItem(e.ctx, e.director, it)
			wantCode(t, err, bianmin.EINVALID, c.name)
			found := false
			for _, d := range bianmin.AsError(err).Details {
				found = found || d.Field == c.field && d.Rule == c.rule
			}
			if !found {
				t.Errorf("%s: %v has no error on %s with rule %q", c.name, err, c.field, c.rule)
			}
		}
		for _, table := range []string{"service_items", "item_materials", "item_departments"} {
			if n := e.count("SELECT count(*) FROM " + table); n != 0 {
				t.Errorf("%d rows written to %s by refused items", n, table)
			}
		}
		if e.count("SELECT count(*) FROM audit_log WHERE action = 'item.create'") != 0 {
			t.Error("a refused item was audited as created")
		}
	})
}

// TestUpdateDraftValidation: an invalid edit of a draft leaves the draft as
// it was; a valid one replaces the fields, materials and co-departments.
func TestUpdateDraftValidation(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		d := e.mustCreate(e.item("UPD-1", "低保申请", "Subsistence allowance"))
		bad := e.item("UPD-1", "低保申请（改）", "")
		bad.Fee = "10 元"
		wantCode(t, e.svc.UpdateDraft(e.ctx, e.director, d.ID, bad), bianmin.EINVALID, "fee without basis")
		got, err := e.svc.Item(e.ctx, e.director, d.ID)
		if err != nil || got.Name != "低保申请" || len(got.Materials) != 2 {
			t.Fatalf("draft after a refused edit: %+v, %v", got, err)
		}
		joint := e.item("UPD-1", "低保申请（联办）", "")
		joint.CaseKind, joint.CoDepartmentIDs = bianmin.CaseJoint, []int64{e.deptA2, e.deptA2, e.deptA1}
		joint.Materials = []bianmin.Material{{Name: "身份证", Originals: 1, Required: true}}
		if err := e.svc.UpdateDraft(e.ctx, e.director, d.ID, joint); err != nil {
			t.Fatal(err)
		}
		got, err = e.svc.Item(e.ctx, e.director, d.ID)
		if err != nil || got.Name != "低保申请（联办）" || !slices.Equal(got.CoDepartmentIDs, []int64{e.deptA2}) ||
			len(got.Materials) != 1 || got.Materials[0].Name != "身份证" || got.Version != 1 || got.Status != bianmin.ItemDraft {
			t.Fatalf("draft after a valid edit: %+v, %v", got, err)
		}
		if e.count("SELECT count(*) FROM item_materials") != 1 {
			t.Error("the old materials were not replaced")
		}
	})
}

// TestItemScope: an office user of township B — even one who is also a
// clerk of township A — cannot create, edit, version or publish township
// A's items; each refusal is audited as denied and nothing is written. The
// county director, whose role covers the townships below, may.
func TestItemScope(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		d := e.mustCreate(e.item("SC-1", "老年人优待证", ""))
		e.mustUser("mixed", e.townB, bianmin.Grant{Role: bianmin.RoleOffice, CentreID: e.townB},
			bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		_, mixed := e.mustLogin("mixed", acctPW)
		for _, a := range []*bianmin.Actor{e.officeB, mixed, e.clerk} {
			wantForbidden(t, e.svc.CreateItem(e.ctx, a, e.item("SC-2", "新事项", "")), a.Username+" create")
			wantForbidden(t, e.svc.UpdateDraft(e.ctx, a, d.ID, e.item("SC-1", "改名", "")), a.Username+" update")
			wantForbidden(t, e.svc.PublishItem(e.ctx, a, d.ID), a.Username+" publish")
		}
		_, err := e.svc.ListItems(e.ctx, e.officeB, e.townA, service.ItemQuery{})
		wantForbidden(t, err, "office B listing A")
		_, err = e.svc.Item(e.ctx, e.officeB, d.ID)
		wantForbidden(t, err, "office B reading A's item")
		if n := e.count("SELECT count(*) FROM audit_log WHERE action LIKE 'item.%' AND result = 'denied'"); n != 11 {
			t.Errorf("%d denied item rows, want 11", n)
		}
		got, err := e.svc.Item(e.ctx, e.clerk, d.ID)
		if err != nil || got.Name != "老年人优待证" || got.Status != bianmin.ItemDraft || e.count("SELECT count(*) FROM service_items") != 1 {
			t.Fatalf("after refusals: %+v, %v", got, err)
		}
		county := e.mustActor("countydir", bianmin.Grant{Role: bianmin.RoleDirector, CentreID: e.county})
		if err := e.svc.PublishItem(e.ctx, county, d.ID); err != nil {
			t.Fatalf("county director publishing a township item: %v", err)
		}
		if _, err := e.svc.NewVersion(e.ctx, e.officeB, d.ID); err == nil {
			t.Fatal("office B made a version of A's item")
		}
	})
}
