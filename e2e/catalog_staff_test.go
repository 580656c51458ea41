package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// catalogStaff is the stage of the staff half of issue 3's "done when": a
// server whose security administrator has created a director and two
// window clerks, whom the director only assigns (separation of duties,
// SECURITY.md item 8) while building the organisation and the catalogue.
type catalogStaff struct {
	t      *testing.T
	srv    *server
	centre int64
	ids    map[string]int64 // account IDs by username
}

func newCatalogStaff(t *testing.T) *catalogStaff {
	t.Helper()
	srv := startServer(t, false)
	c := &catalogStaff{t: t, srv: srv, centre: srv.mustCentre(t), ids: map[string]int64{}}
	srv.mustUser(t, c.centre, "secadmin", initialPw, bianmin.RoleSecAdmin)
	ctx := context.Background()
	_, sec, err := srv.svc.Login(ctx, "secadmin", initialPw, "127.0.0.1", "e2e")
	c.check(err)
	for _, p := range [][3]string{{"director", "张主任", "director"}, {"clerk1", "王小明", "clerk"}, {"clerk2", "李小红", "clerk"}} {
		u, err := srv.svc.CreateUser(ctx, sec, service.NewUser{CentreID: c.centre, Username: p[0], DisplayName: p[1],
			Password: initialPw, Grants: []bianmin.Grant{{Role: bianmin.Role(p[2]), CentreID: c.centre}}})
		c.check(err)
		c.ids[p[0]] = u.ID
	}
	return c
}

// catSys is the system actor the checks read through.
var catSys = bianmin.SystemActor("e2e")

// check fails the test on a service error.
func (c *catalogStaff) check(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

// department creates a department through the service.
func (c *catalogStaff) department(name string) int64 {
	d := &bianmin.Department{CentreID: c.centre, Name: name}
	c.check(c.srv.svc.SaveDepartment(context.Background(), catSys, d))
	return d.ID
}

func (c *catalogStaff) departments() []*bianmin.Department {
	ds, err := c.srv.svc.ListDepartments(context.Background(), catSys, c.centre)
	c.check(err)
	return ds
}

func (c *catalogStaff) missingPosts() int {
	ws, err := c.srv.svc.WindowsMissingPosts(context.Background(), catSys, c.centre)
	c.check(err)
	return len(ws)
}

// items lists every version of the centre's items: published, draft, superseded.
func (c *catalogStaff) items() []*bianmin.ServiceItem {
	var all []*bianmin.ServiceItem
	for _, st := range []bianmin.ItemStatus{bianmin.ItemPublished, bianmin.ItemDraft, bianmin.ItemSuperseded} {
		its, err := c.srv.svc.ListItems(context.Background(), catSys, c.centre, service.ItemQuery{Status: st})
		c.check(err)
		all = append(all, its...)
	}
	return all
}

// snapshot is every stored item version, field by field, for before/after comparisons.
func (c *catalogStaff) snapshot() string {
	var b strings.Builder
	for _, it := range c.items() {
		j, err := json.Marshal(it)
		c.check(err)
		b.Write(append(j, '\n'))
	}
	return b.String()
}

// tempFile writes data to a new file of that name and returns its path.
func (c *catalogStaff) tempFile(name string, data []byte) string {
	path := filepath.Join(c.t.TempDir(), name)
	c.check(os.WriteFile(path, data, 0o600))
	return path
}

// fill sets form fields by selector, as typing into them would.
func (c *catalogStaff) fill(ctx context.Context, fields map[string]string) {
	for sel, v := range fields {
		setValue(c.t, ctx, sel, v)
	}
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }

// TestCatalogStaffOrganisation: departments with the credit-code rules
// (R7.2 refused, R7.2b confirmed), a general window serving two departments
// with only its A post filled, which the director's pages flag (ORG-2); A=B
// is refused, A and B clear the flag; a staff photo upload (ORG-3).
func TestCatalogStaffOrganisation(t *testing.T) {
	c := newCatalogStaff(t)
	ctx := browser(t)
	loginChanged(t, ctx, c.srv.base, "director")
	open(t, ctx, c.srv.base+"/admin/org")

	// R7.2: a malformed code is refused by name and nothing is created.
	c.fill(ctx, map[string]string{"#nd-name": "民政办", "#nd-code": "12345"})
	submit(t, ctx, "#dept-create")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "统一社会信用代码格式错误") {
		t.Errorf("bad credit code: message %q", got)
	}
	if v := js[string](t, ctx, `document.querySelector("#nd-name").value`); v != "民政办" || len(c.departments()) != 0 {
		t.Fatalf("refused department: form kept %q, %d departments stored", v, len(c.departments()))
	}
	// R7.2b: a code failing its check character needs the confirm box.
	setValue(t, ctx, "#nd-code", "91350100M0001TGQXM")
	if present(t, ctx, "#nd-confirm") {
		t.Error("the confirm box shows before any check failed")
	}
	submit(t, ctx, "#dept-create")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "校验位") || !present(t, ctx, "#nd-confirm") {
		t.Fatalf("checksum failure: message %q, confirm box shown %v", got, present(t, ctx, "#nd-confirm"))
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#nd-confirm")))
	submit(t, ctx, "#dept-create")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已保存") {
		t.Fatalf("confirmed code: page says %q", got)
	}
	if ds := c.departments(); len(ds) != 1 || !ds[0].CreditCodeOverride || ds[0].CreditCode != "91350100M0001TGQXM" {
		t.Fatalf("stored departments %+v", ds)
	}
	c.fill(ctx, map[string]string{"#nd-name": "社保所", "#nd-code": "11100000000013338W"})
	submit(t, ctx, "#dept-create")
	if n := len(c.departments()); n != 2 {
		t.Fatalf("%d departments after the second", n)
	}

	// A general window for both departments, A post only: flagged (ORG-2).
	c.fill(ctx, map[string]string{"#nw-number": "1", "#nw-name": "综合受理窗口", "#nw-zone": "一楼东区", "#nw-kind": "general",
		"#nw-a": idText(c.ids["clerk1"])})
	js[bool](t, ctx, `(() => { document.querySelectorAll("#nw-depts option").forEach(o => o.selected = true); return true; })()`)
	submit(t, ctx, "#win-create")
	row := `#win-table tr[data-window="1"]`
	if got := text(t, ctx, row); !strings.Contains(got, "民政办") || !strings.Contains(got, "社保所") || !strings.Contains(got, "王小明") {
		t.Errorf("window row = %q", got)
	}
	if got := text(t, ctx, "#missing-posts"); !strings.Contains(got, "窗口缺少A岗或B岗") || !strings.Contains(got, "综合受理窗口") {
		t.Errorf("org page flag = %q", got)
	}
	open(t, ctx, c.srv.base+"/staff")
	if got := text(t, ctx, "#missing-posts"); !strings.Contains(got, "窗口缺少A岗或B岗") || c.missingPosts() != 1 {
		t.Errorf("workbench flag = %q, %d windows missing posts", got, c.missingPosts())
	}

	// ORG-2: the same person on A and B is refused with the rule's message.
	ws, err := c.srv.svc.ListWindows(context.Background(), catSys, c.centre)
	if c.check(err); len(ws) != 1 {
		t.Fatalf("%d windows, want 1", len(ws))
	}
	w := idText(ws[0].ID)
	open(t, ctx, c.srv.base+"/admin/org")
	c.fill(ctx, map[string]string{"#w" + w + "-a": idText(c.ids["clerk1"]), "#w" + w + "-b": idText(c.ids["clerk1"])})
	submit(t, ctx, "#posts-save-"+w)
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "A岗和B岗须由两名不同的工作人员担任") {
		t.Errorf("A=B: message %q", got)
	}
	setValue(t, ctx, "#w"+w+"-b", idText(c.ids["clerk2"]))
	submit(t, ctx, "#posts-save-"+w)
	if got := text(t, ctx, row+" .post-b"); got != "李小红" || present(t, ctx, "#missing-posts") || c.missingPosts() != 0 {
		t.Errorf("after B was set: B cell %q, flag shown %v", got, present(t, ctx, "#missing-posts"))
	}
	open(t, ctx, c.srv.base+"/staff")
	if present(t, ctx, "#missing-posts") {
		t.Error("the workbench still flags the window after its B post was set")
	}

	c.uploadPhoto(ctx)
	submit(t, ctx, "#lang-switch")
	open(t, ctx, c.srv.base+"/admin/org")
	checkEnglish(t, ctx, "/admin/org")
	checkContrast(t, ctx, "/admin/org (en)")
}

// uploadPhoto gives clerk1 a staff number and a photo (ORG-3, SECURITY.md item 37).
func (c *catalogStaff) uploadPhoto(ctx context.Context) {
	t := c.t
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var buf bytes.Buffer
	c.check(png.Encode(&buf, img))
	file := c.tempFile("photo.png", buf.Bytes())
	clerk := idText(c.ids["clerk1"])
	open(t, ctx, c.srv.base+"/admin/org")
	setValue(t, ctx, "#staff-"+clerk+` input[name="staff_no"]`, "NH-007")
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#staff-"+clerk+` input[name="photo"]`), []string{file}))
	submit(t, ctx, "#sf-"+clerk+" button")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已保存") {
		t.Fatalf("photo upload: page says %q", got)
	}
	staff, err := c.srv.svc.StaffOfCentre(context.Background(), catSys, c.centre)
	c.check(err)
	for _, m := range staff {
		if m.ID == c.ids["clerk1"] && (m.PhotoFileID == 0 || m.StaffNo != "NH-007") {
			t.Errorf("clerk1's profile after the upload: %+v", m)
		}
	}
	href := js[string](t, ctx, `document.querySelector("#staff-`+clerk+` a.photo-link").getAttribute("href")`)
	if got := fetchGet(t, ctx, href); got.Status != 200 || got.Type != "image/png" {
		t.Errorf("the photo %s answers %d %q", href, got.Status, got.Type)
	}
}

// TestCatalogStaffItemVersions: an item with three materials and a blank
// form; a conditional material without its condition is refused naming
// "第 3 项材料" and the form keeps everything; a plain submit adds a row;
// publishing, a new version with a shorter promised limit and publishing it
// supersede version 1 (R9.2).
func TestCatalogStaffItemVersions(t *testing.T) {
	c := newCatalogStaff(t)
	dept := c.department("民政办")
	ctx := browser(t)
	loginChanged(t, ctx, c.srv.base, "director")
	open(t, ctx, c.srv.base+"/admin/items")
	submit(t, ctx, "#new-item")
	c.fill(ctx, map[string]string{"#it-name": "生育登记", "#it-name-en": "Birth registration", "#it-dept": idText(dept),
		"#it-impl": "114403050100001", "#it-type": "07", "#it-kind": "promised", "#it-promised-value": "5",
		"#it-statutory-value": "20", "#it-steps": "受理\n审核\n办结", "#it-place": "便民服务中心一楼", "#it-events": "生育",
		"#it-faq":  "问：需要收费吗？\n答：不收费。",
		"#m0-name": "居民身份证", "#m0-copies": "1", "#m1-name": "居民户口簿", "#m2-name": "结婚证", "#m2-required": "0"})
	pdf := c.tempFile("申请表.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#m0-blank"), []string{pdf}))
	submit(t, ctx, "#save-draft")
	if got := text(t, ctx, "#form-errors li:first-child"); !strings.Contains(got, "第 3 项材料") {
		t.Errorf("conditional material without condition: first message %q", got)
	}
	if n := len(c.items()); n != 0 {
		t.Fatalf("a refused item was stored (%d versions)", n)
	}
	const rows = `document.querySelectorAll("#materials tbody tr").length`
	before := js[int](t, ctx, rows)
	submit(t, ctx, "#add-row")
	if got := js[int](t, ctx, rows); got != before+1 || js[string](t, ctx, `document.querySelector("#m0-name").value`) != "居民身份证" ||
		!present(t, ctx, `tr[data-row="1"] a.file-link`) {
		t.Errorf("add a row: %d rows after %d; the form lost its values or the uploaded form", got, before)
	}
	setValue(t, ctx, "#m2-condition", "申请人已婚的")
	submit(t, ctx, "#publish")
	if got := text(t, ctx, "main"); !strings.Contains(got, "已发布") {
		t.Fatalf("publish: page says %q", got)
	}
	all := c.items()
	if len(all) != 1 || all[0].Status != bianmin.ItemPublished || len(all[0].Materials) != 3 ||
		all[0].Materials[0].BlankFormID == 0 || all[0].Materials[2].Condition != "申请人已婚的" || all[0].Materials[2].Required {
		t.Fatalf("stored after publishing: %+v", all)
	}
	v1 := all[0]

	// A published version is read-only; a new version is a draft copy.
	if !present(t, ctx, "#read-only") || present(t, ctx, "#save-draft") {
		t.Error("the published version offers editing")
	}
	submit(t, ctx, "#new-version")
	if got := js[string](t, ctx, `document.querySelector("#item-status").dataset.status`); got != "draft" {
		t.Fatalf("new version: status %q, page %q", got, text(t, ctx, "main"))
	}
	setValue(t, ctx, "#it-promised-value", "3")
	submit(t, ctx, "#publish")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已发布") {
		t.Fatalf("publish version 2: page says %q", got)
	}
	var v2 *bianmin.ServiceItem
	for _, it := range c.items() {
		switch {
		case it.ID == v1.ID && it.Status != bianmin.ItemSuperseded:
			t.Errorf("version 1 is %s, want superseded (R9.2)", it.Status)
		case it.ID != v1.ID:
			v2 = it
		}
	}
	if v2 == nil || v2.Version != 2 || v2.Status != bianmin.ItemPublished || v2.Promised.Value != 3 || v2.ImplCode != v1.ImplCode {
		t.Fatalf("version 2: %+v", v2)
	}
	citizenFindsAndPrints(t, c.srv.base, v2)
	open(t, ctx, c.srv.base+"/admin/items")
	if got := text(t, ctx, `#items tr[data-item="114403050100001"] .status`); got != "已发布" {
		t.Errorf("list status of the item = %q", got)
	}
	submit(t, ctx, "#lang-switch")
	open(t, ctx, c.srv.base+"/admin/items/"+idText(v2.ID)+"/edit")
	checkEnglish(t, ctx, "/admin/items/{id}/edit")
	checkContrast(t, ctx, "/admin/items/{id}/edit (en)")
}

// TestCatalogStaffExportImport: the Excel export downloads as a workbook; a
// broken workbook is refused with every bad row named and changes nothing;
// the exported file imports again with nothing changed.
func TestCatalogStaffExportImport(t *testing.T) {
	c := newCatalogStaff(t)
	dept := c.department("社保所")
	it := &bianmin.ServiceItem{CentreID: c.centre, DepartmentID: dept, Name: "职工参保登记", ImplCode: "SB-0001",
		ItemType: bianmin.ItemPublicService, CaseKind: bianmin.CasePromised,
		Promised: bianmin.Limit{Value: 5, Unit: bianmin.UnitWorkingDays}, Statutory: bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays},
		Materials: []bianmin.Material{{Name: "居民身份证", Originals: 1, Required: true}}}
	c.check(c.srv.svc.CreateItem(context.Background(), catSys, it))
	c.check(c.srv.svc.PublishItem(context.Background(), catSys, it.ID))
	ctx := browser(t)
	loginChanged(t, ctx, c.srv.base, "director")
	open(t, ctx, c.srv.base+"/admin/items")
	href := js[string](t, ctx, `document.querySelector("#export-xlsx").getAttribute("href")`)
	got := fetchGet(t, ctx, href)
	if got.Status != 200 || got.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !strings.HasPrefix(got.Body, "PK") {
		t.Fatalf("export: %d %q", got.Status, got.Type)
	}

	var export bytes.Buffer
	c.check(c.srv.svc.ExportCatalogue(context.Background(), catSys, c.centre, service.FormatXLSX, &export))
	good := c.tempFile("catalogue.xlsx", export.Bytes())
	bad := filepath.Join(t.TempDir(), "broken.xlsx")
	c.breakWorkbook(export.Bytes(), bad)
	before := c.snapshot()

	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}))
	submit(t, ctx, "#import-submit")
	msg := text(t, ctx, "#form-errors")
	for _, want := range []string{"导入未执行", "第 2 行", "第 3 行", "department", "version"} {
		if !strings.Contains(msg, want) {
			t.Errorf("broken workbook: the errors %q do not name %q", msg, want)
		}
	}
	if after := c.snapshot(); after != before {
		t.Errorf("a refused import changed the catalogue:\n%s\n%s", before, after)
	}

	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{good}))
	submit(t, ctx, "#import-submit")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "未变 1 项") {
		t.Errorf("re-importing the export: page says %q", got)
	}
	if after := c.snapshot(); after != before {
		t.Errorf("re-importing the unchanged export changed the catalogue:\n%s\n%s", before, after)
	}
}

// breakWorkbook writes a copy of the exported workbook with two bad item
// rows: row 2 names an unknown department, row 3 has a version that is not
// a number.
func (c *catalogStaff) breakWorkbook(data []byte, path string) {
	t := c.t
	f, err := excelize.OpenReader(bytes.NewReader(data))
	c.check(err)
	defer f.Close()
	const sheet = "事项 Items"
	rows, err := f.GetRows(sheet)
	if c.check(err); len(rows) < 2 {
		t.Fatalf("exported items sheet has %d rows", len(rows))
	}
	cell := func(key string, row int) string {
		for i, h := range rows[0] {
			if strings.HasSuffix(h, " "+key) {
				name, _ := excelize.CoordinatesToCellName(i+1, row)
				return name
			}
		}
		t.Fatalf("no column %s in %v", key, rows[0])
		return ""
	}
	copyRow := make([]any, len(rows[1]))
	for i, v := range rows[1] {
		copyRow[i] = v
	}
	c.check(f.SetSheetRow(sheet, "A3", &copyRow))
	for _, set := range [][3]string{{"department", "2", "不存在的部门"}, {"impl_code", "3", "SB-0002"}, {"version", "3", "第一版"}} {
		row, _ := strconv.Atoi(set[1])
		c.check(f.SetCellStr(sheet, cell(set[0], row), set[2]))
	}
	c.check(f.SaveAs(path))
}

// citizenFindsAndPrints is the citizen half of issue 3's walk: with no login
// a citizen finds the director's item by its pinyin initials, opens the
// current version (version 2), and prints it to PDF; the PDF names the item
// and every material.
func citizenFindsAndPrints(t *testing.T, base string, it *bianmin.ServiceItem) {
	t.Helper()
	ctx := browser(t)
	open(t, ctx, base+"/guide")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#guide-q"), "sydj")) // 生育登记
	submit(t, ctx, "#guide-search")
	submit(t, ctx, "#results a.item-link")
	if path := js[string](t, ctx, "location.pathname"); path != "/guide/items/"+idText(it.ID) {
		t.Fatalf("the search result opened %s, want version 2 (item %d)", path, it.ID)
	}
	if got := text(t, ctx, "#f-limits"); !strings.Contains(got, "承诺 3 个工作日") {
		t.Errorf("the public page shows limits %q, want version 2's promise of 3 working days", got)
	}
	submit(t, ctx, "#print-link")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	doc, err := parsePDF(pdf)
	if err != nil {
		t.Fatalf("the printed PDF does not parse: %v", err)
	}
	printed := squeeze(doc.Text())
	for _, want := range []string{it.Name, "居民身份证", "居民户口簿", "结婚证", "申请人已婚的"} {
		if !strings.Contains(printed, squeeze(want)) {
			t.Errorf("the printed PDF lacks %q", want)
		}
	}
}
