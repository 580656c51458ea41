package service_test

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bianmin/internal/bianmin"
	"bianmin/internal/catalogio"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// ioCatalogue gives township A a catalogue covering the format: a promised
// item with an uploaded blank form, an immediate item with a fee, its basis
// and multi-line FAQ, a joint item with a co-approving department and an
// open draft v2, and a draft never published; names with 𠀀 and 䶮.
func ioCatalogue(e *catEnv) {
	e.t.Helper()
	form := e.mustFile("申请表.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	a := e.item("IO-001", "𠀀氏社会保险登记", "Social insurance registration")
	a.Materials[0].BlankFormID = form.ID
	e.mustPublish(e.mustCreate(a).ID)

	b := e.item("IO-002", "临时救助（“急难型”）", "Temporary assistance")
	b.DepartmentID, b.CaseKind, b.ItemType = e.deptA2, bianmin.CaseImmediate, bianmin.ItemPayment
	b.Promised, b.Statutory = bianmin.Limit{Unit: bianmin.UnitOnTheSpot}, bianmin.Limit{Value: 3, Unit: bianmin.UnitWorkingDays}
	b.Fee, b.FeeBasis = "工本费 5 元", "《收费标准》第 2 条"
	b.Steps = []string{"提交身份证；户口簿"}
	b.FAQ = []bianmin.FAQ{{Q: "需要本人到场吗？", A: "需要。\n行动不便的，可委托代理人。"}}
	e.mustPublish(e.mustCreate(b).ID)

	c := e.item("IO-003", "建设工程联合审批", "Joint building approval")
	c.CaseKind, c.CoDepartmentIDs = bianmin.CaseJoint, []int64{e.deptA2}
	c.Promised = bianmin.Limit{Value: 7, Unit: bianmin.UnitCalendarDays}
	e.mustPublish(e.mustCreate(c).ID)
	v2, err := e.svc.NewVersion(e.ctx, e.director, c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	v2.Name = "䶮姓建设工程联合审批"
	if err := e.svc.UpdateDraft(e.ctx, e.director, v2.ID, v2); err != nil {
		e.t.Fatal(err)
	}
	e.mustCreate(e.item("IO-004", "只是草稿", "Only a draft"))
}

// catalogueOf returns a centre's versions, superseded ones included.
func (e *catEnv) catalogueOf(centre int64) []*bianmin.ServiceItem {
	e.t.Helper()
	var out []*bianmin.ServiceItem
	err := e.db.Read(e.ctx, func(tx *store.Tx) (err error) {
		out, err = store.Items(e.ctx, tx, centre, store.ItemFilter{})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *catEnv) export(a *bianmin.Actor, centre int64, format string) []byte {
	e.t.Helper()
	var buf bytes.Buffer
	if err := e.svc.ExportCatalogue(e.ctx, a, centre, format, &buf); err != nil {
		e.t.Fatalf("export %s: %v", format, err)
	}
	return buf.Bytes()
}

// tableCounts are the row counts an import may change.
func (e *catEnv) tableCounts() [3]int {
	return [3]int{e.count("SELECT count(*) FROM service_items"), e.count("SELECT count(*) FROM item_materials"),
		e.count("SELECT count(*) FROM audit_log")}
}

// deptNames maps a centre's department IDs to names.
func (e *catEnv) deptNames(centre int64) map[int64]string {
	e.t.Helper()
	depts, err := e.svc.ListDepartments(e.ctx, e.sys, centre)
	if err != nil {
		e.t.Fatal(err)
	}
	m := map[int64]string{}
	for _, d := range depts {
		m[d.ID] = d.Name
	}
	return m
}

// sameCatalogue fails for every field where the target centre's published
// and draft versions differ from the source's, departments compared by name.
func (e *catEnv) sameCatalogue(source, target int64) {
	e.t.Helper()
	flat := func(centre int64) map[string]*bianmin.ServiceItem {
		names := e.deptNames(centre)
		out := map[string]*bianmin.ServiceItem{}
		for _, it := range e.catalogueOf(centre) {
			if it.Status == bianmin.ItemSuperseded {
				continue
			}
			c := catalogio.Canonical(it)
			c.Name += " @" + names[it.DepartmentID] // departments by name, not ID
			var co []string
			for _, id := range it.CoDepartmentIDs {
				co = append(co, names[id])
			}
			slices.Sort(co)
			c.Conditions += " @" + strings.Join(co, ",")
			c.DepartmentID, c.CoDepartmentIDs = 0, nil
			for i := range c.Materials {
				c.Materials[i].BlankFormID = it.Materials[i].BlankFormID
			}
			out[fmt.Sprintf("%s v%d", it.ImplCode, it.Version)] = c
		}
		return out
	}
	want, got := flat(source), flat(target)
	if len(got) != len(want) || len(want) < 5 {
		e.t.Fatalf("target has %d versions, source %d", len(got), len(want))
	}
	for key, w := range want {
		g := got[key]
		if g == nil {
			e.t.Errorf("%s missing in the target", key)
			continue
		}
		gv, wv := reflect.ValueOf(*g), reflect.ValueOf(*w)
		for f := 0; f < gv.NumField(); f++ {
			name := gv.Type().Field(f).Name
			if name == "Materials" { // uploaded forms stay behind, the rest travels
				for i := range w.Materials {
					w.Materials[i].BlankFormID = 0
				}
			}
			if !reflect.DeepEqual(gv.Field(f).Interface(), wv.Field(f).Interface()) {
				e.t.Errorf("%s field %s: got %#v, want %#v", key, name, gv.Field(f).Interface(), wv.Field(f).Interface())
			}
		}
	}
}

// Export → import into an empty centre with the same department names
// gives the same published and draft versions, field for field, in both
// formats and on both engines.
func TestCatalogueRoundTripIntoAnotherCentre(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		for i, format := range []string{service.FormatXLSX, service.FormatJSON} {
			target := e.mustCentre(e.county, fmt.Sprintf("51160210%d000", 5+i), 5)
			e.mustDept(target, "民政办", "Civil Affairs")
			e.mustDept(target, "社会保障所", "Social Security")
			office := e.mustActor("office"+format, bianmin.Grant{Role: bianmin.RoleOffice, CentreID: target})
			data := e.export(e.clerk, e.townA, format)
			rep, err := e.svc.ImportCatalogue(e.ctx, office, target, format, bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if rep != (service.ImportReport{Created: 5}) {
				t.Errorf("%s report %+v, want 5 created", format, rep)
			}
			e.sameCatalogue(e.townA, target)
			if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'catalogue.import' AND centre_id = $1", target); n != 1 {
				t.Errorf("%s: %d catalogue.import rows, want 1", format, n)
			}
			if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'item.create' AND centre_id = $1", target); n != 5 {
				t.Errorf("%s: %d item.create rows, want 5", format, n)
			}
		}
	})
}

// rowOf finds the workbook row of an item version.
func rowOf(t *testing.T, f *excelize.File, code string, version int) int {
	t.Helper()
	rows, err := f.GetRows(catalogio.SheetItems)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[0] == code && r[1] == fmt.Sprint(version) {
			return i + 1
		}
	}
	t.Fatalf("no row for %s v%d", code, version)
	return 0
}

// A workbook with bad rows on both sheets is refused whole: every bad row
// is named with its number, and the database (items, materials, audit log)
// is unchanged, although the file's other rows would change it.
func TestCatalogueImportRefusesBrokenWorkbookWhole(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		f, err := excelize.OpenReader(bytes.NewReader(e.export(e.director, e.townA, service.FormatXLSX)))
		if err != nil {
			t.Fatal(err)
		}
		unit, dept, limit := rowOf(t, f, "IO-001", 1), rowOf(t, f, "IO-002", 1), rowOf(t, f, "IO-003", 1)
		mustSet := func(sheet, cell string, v any) {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		mustSet(catalogio.SheetItems, fmt.Sprintf("L%d", unit), "周")                         // unknown unit
		mustSet(catalogio.SheetItems, fmt.Sprintf("G%d", dept), "不存在的局")                     // unknown department
		mustSet(catalogio.SheetItems, fmt.Sprintf("K%d", limit), 30)                         // 30 calendar days > 20 working days (R1.13)
		mustSet(catalogio.SheetItems, fmt.Sprintf("D%d", rowOf(t, f, "IO-004", 1)), "改过的草稿") // a good row that would be written
		mustSet(catalogio.SheetMaterials, "A2", "IO-GONE")                                   // material of no item row
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		before := e.tableCounts()
		_, err = e.svc.ImportCatalogue(e.ctx, e.office, e.townA, service.FormatXLSX, &buf)
		be := wantCode(t, err, bianmin.EINVALID, "broken workbook")
		if after := e.tableCounts(); after != before {
			t.Errorf("database changed: before %v after %v", before, after)
		}
		want := []string{fmt.Sprintf("第 %d 行，promised_unit", unit), fmt.Sprintf("第 %d 行，department", dept),
			fmt.Sprintf("第 %d 行，promised_value", limit), "第 2 行，impl_code"}
		if len(be.Details) != len(want) {
			t.Errorf("%d details, want %d: %v", len(be.Details), len(want), be.Details)
		}
		for _, w := range want {
			if !slices.ContainsFunc(be.Details, func(d *bianmin.Error) bool { return strings.Contains(d.ZH, w) }) {
				t.Errorf("no detail %q in %v", w, be.Details)
			}
		}
		if !slices.ContainsFunc(be.Details, func(d *bianmin.Error) bool {
			return strings.Contains(d.EN, fmt.Sprintf("row %d, promised_value", limit)) && strings.Contains(d.EN, "R1.13")
		}) {
			t.Errorf("R1.13 not named in English: %v", be.Details)
		}
	})
}

// Re-importing an unchanged export writes no version: every row is found
// identical, and only the catalogue.import row is added.
func TestCatalogueReimportUnchangedWritesNothing(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		for _, format := range []string{service.FormatXLSX, service.FormatJSON} {
			data := e.export(e.director, e.townA, format)
			before := e.tableCounts()
			rep, err := e.svc.ImportCatalogue(e.ctx, e.director, e.townA, format, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if rep != (service.ImportReport{Unchanged: 5}) {
				t.Errorf("%s report %+v, want 5 unchanged", format, rep)
			}
			after := e.tableCounts()
			if after[0] != before[0] || after[1] != before[1] || after[2] != before[2]+1 {
				t.Errorf("%s: counts before %v after %v, want only one audit row more", format, before, after)
			}
		}
	})
}

// editWorkbook exports township A as a workbook, sets cells of item rows
// (column letter → value) and returns the file.
func (e *catEnv) editWorkbook(edits map[[2]any]map[string]any) []byte {
	e.t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(e.export(e.director, e.townA, service.FormatXLSX)))
	if err != nil {
		e.t.Fatal(err)
	}
	for item, cells := range edits {
		row := rowOf(e.t, f, item[0].(string), item[1].(int))
		for col, v := range cells {
			if err := f.SetCellValue(catalogio.SheetItems, fmt.Sprintf("%s%d", col, row), v); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		e.t.Fatal(err)
	}
	return buf.Bytes()
}

// versionsOf returns one item's versions in version order.
func (e *catEnv) versionsOf(code string) []*bianmin.ServiceItem {
	return slices.DeleteFunc(e.catalogueOf(e.townA), func(it *bianmin.ServiceItem) bool { return it.ImplCode != code })
}

// A changed promised limit becomes version 2, published, and version 1 is
// superseded and kept for its cases (R9.2); the window handling the item
// and the uploaded blank form move to version 2.
func TestCatalogueImportChangedLimitMakesNewVersion(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		v1 := e.versionsOf("IO-001")[0]
		w := &bianmin.Window{CentreID: e.townA, Number: "9", Name: "综合窗口", Kind: bianmin.WindowGeneral,
			DepartmentIDs: []int64{e.deptA1}, ItemIDs: []int64{v1.ID}}
		if err := e.svc.SaveWindow(e.ctx, e.director, w); err != nil {
			t.Fatal(err)
		}
		data := e.editWorkbook(map[[2]any]map[string]any{{"IO-001", 1}: {"K": 3}})
		rep, err := e.svc.ImportCatalogue(e.ctx, e.office, e.townA, service.FormatXLSX, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if rep != (service.ImportReport{NewVersions: 1, Unchanged: 4}) {
			t.Errorf("report %+v", rep)
		}
		vs := e.versionsOf("IO-001")
		if len(vs) != 2 || vs[0].Status != bianmin.ItemSuperseded || vs[1].Status != bianmin.ItemPublished ||
			vs[1].Version != 2 || vs[1].Promised.Value != 3 || vs[0].Promised.Value != 5 || vs[1].PublishedAt == nil {
			t.Fatalf("versions after import: %+v", vs)
		}
		if vs[1].Materials[0].BlankFormID != v1.Materials[0].BlankFormID || v1.Materials[0].BlankFormID == 0 {
			t.Errorf("blank form not carried: %+v", vs[1].Materials[0])
		}
		var got *bianmin.Window
		if err := e.db.Read(e.ctx, func(tx *store.Tx) (err error) { got, err = store.WindowByID(e.ctx, tx, w.ID); return err }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.ItemIDs, []int64{vs[1].ID}) {
			t.Errorf("window items %v, want the new version %d", got.ItemIDs, vs[1].ID)
		}
		for _, row := range []struct {
			action string
			id     int64
		}{{"item.new_version", vs[1].ID}, {"item.publish", vs[1].ID}, {"item.supersede", v1.ID}, {"catalogue.import", e.townA}} {
			n := e.count("SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2 AND result = $3",
				row.action, idOf(row.id), bianmin.ResultOK)
			if n != 1 {
				t.Errorf("%d %s audit rows for %d, want 1", n, row.action, row.id)
			}
		}
	})
}

// An item with an open draft: a changed published row is refused with its
// row number (publishing it would leave the draft below it, R9.2); a
// changed draft row replaces the open draft, keeping its ID and version.
func TestCatalogueImportAndOpenDrafts(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		data := e.editWorkbook(map[[2]any]map[string]any{{"IO-003", 1}: {"K": 6}})
		before := e.tableCounts()
		_, err := e.svc.ImportCatalogue(e.ctx, e.director, e.townA, service.FormatXLSX, bytes.NewReader(data))
		be := wantCode(t, err, bianmin.EINVALID, "published change beside an open draft")
		if len(be.Details) != 1 || !strings.Contains(be.Details[0].ZH, "status：事项 IO-003 已有未发布的草稿（第 2 版）") {
			t.Errorf("details %v", be.Details)
		}
		if e.tableCounts() != before {
			t.Errorf("database changed")
		}
		draft := e.versionsOf("IO-003")[1]
		data = e.editWorkbook(map[[2]any]map[string]any{{"IO-003", 2}: {"D": "联合审批（改）", "K": 5}})
		rep, err := e.svc.ImportCatalogue(e.ctx, e.director, e.townA, service.FormatXLSX, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if rep != (service.ImportReport{Drafts: 1, Unchanged: 4}) {
			t.Errorf("report %+v", rep)
		}
		vs := e.versionsOf("IO-003")
		if len(vs) != 2 || vs[1].ID != draft.ID || vs[1].Version != 2 || vs[1].Status != bianmin.ItemDraft ||
			vs[1].Name != "联合审批（改）" || vs[1].Promised.Value != 5 || vs[0].Status != bianmin.ItemPublished {
			t.Errorf("versions %+v", vs)
		}
	})
}

// Only a director or the office of the centre imports (refusals audited);
// staff in scope export, others are refused; unknown formats are invalid.
func TestCataloguePermissions(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		ioCatalogue(e)
		data := e.export(e.clerk, e.townA, service.FormatJSON)
		for _, a := range []*bianmin.Actor{e.clerk, e.officeB} {
			before := e.count("SELECT count(*) FROM service_items")
			_, err := e.svc.ImportCatalogue(e.ctx, a, e.townA, service.FormatJSON, bytes.NewReader(data))
			wantForbidden(t, err, "import by "+a.Username)
			if e.count("SELECT count(*) FROM service_items") != before {
				t.Errorf("%s changed the catalogue", a.Username)
			}
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'catalogue.import' AND result = $1", bianmin.ResultDenied); n != 2 {
			t.Errorf("%d denied imports audited, want 2", n)
		}
		wantForbidden(t, e.svc.ExportCatalogue(e.ctx, e.officeB, e.townA, service.FormatJSON, &bytes.Buffer{}), "export out of scope")
		wantCode(t, e.svc.ExportCatalogue(e.ctx, e.director, e.townA, "csv", &bytes.Buffer{}), bianmin.EINVALID, "csv export")
		_, err := e.svc.ImportCatalogue(e.ctx, e.director, e.townA, "csv", bytes.NewReader(data))
		wantCode(t, err, bianmin.EINVALID, "csv import")
		_, err = e.svc.ImportCatalogue(e.ctx, e.director, e.townA, service.FormatXLSX, bytes.NewReader(data))
		wantCode(t, err, bianmin.EINVALID, "JSON sent as a workbook")
	})
}
