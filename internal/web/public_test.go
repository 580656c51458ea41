package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// guideFixture is centre A's catalogue as the public sees it: one item
// published in its second version (the first superseded, R9.2), one draft,
// and a published item of centre B; forms of the published and the draft
// item; a clerk with a phone and a photo on a window's A post.
type guideFixture struct {
	*testEnv
	pub, old, draft, other     *bianmin.ServiceItem
	pubForm, draftForm, unused int64
	photo                      int64
	clerkPhone, clerkName      string
}

const testPhone = "13912345678"

func newGuideFixture(t *testing.T) *guideFixture {
	t.Helper()
	f := &guideFixture{testEnv: newTestEnv(t, Config{}), clerkPhone: testPhone, clerkName: "王小明"}
	ctx, sys := context.Background(), bianmin.SystemActor("test")
	deptA, deptB := f.dept(f.centreA, "社会保障所"), f.dept(f.centreB, "民政办")
	f.pubForm = f.file(f.centreA, "申请表.pdf", []byte("%PDF-1.4\n% blank form\n"))
	f.draftForm = f.file(f.centreA, "草稿.pdf", []byte("%PDF-1.4\n% draft form\n"))
	f.unused = f.file(f.centreA, "未用.pdf", []byte("%PDF-1.4\n% unused\n"))
	f.photo = f.file(f.centreA, "photo.png", pngBytes())

	f.old = guideItem(f.centreA, deptA, "SB-001", "职工参保登记", "Employee insurance registration")
	f.old.Materials[0].BlankFormID = f.pubForm
	f.mustCreatePublish(f.old)
	next, err := f.svc.NewVersion(ctx, sys, f.old.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.mustPublishID(next.ID)
	if f.pub, err = f.svc.PublishedItem(ctx, f.centreA, next.ID); err != nil {
		t.Fatal(err)
	}
	f.draft = guideItem(f.centreA, deptA, "SB-002", "失业保险金申领", "Unemployment benefit")
	f.draft.Materials[0].BlankFormID = f.draftForm
	if err := f.svc.CreateItem(ctx, sys, f.draft); err != nil {
		t.Fatal(err)
	}
	f.other = guideItem(f.centreB, deptB, "MZ-001", "最低生活保障申请", "Minimum living allowance")
	f.mustCreatePublish(f.other)
	f.clerkOnBoard(deptA)
	return f
}

func (f *guideFixture) dept(centre int64, name string) int64 {
	d := &bianmin.Department{CentreID: centre, Name: name}
	if err := f.svc.SaveDepartment(context.Background(), bianmin.SystemActor("test"), d); err != nil {
		f.t.Fatal(err)
	}
	return d.ID
}

func (f *guideFixture) file(centre int64, name string, data []byte) int64 {
	file, err := f.svc.SaveFile(context.Background(), bianmin.SystemActor("test"), centre, name, data)
	if err != nil {
		f.t.Fatal(err)
	}
	return file.ID
}

func (f *guideFixture) mustCreatePublish(it *bianmin.ServiceItem) {
	if err := f.svc.CreateItem(context.Background(), bianmin.SystemActor("test"), it); err != nil {
		f.t.Fatalf("create %s: %v", it.ImplCode, err)
	}
	f.mustPublishID(it.ID)
}

func (f *guideFixture) mustPublishID(id int64) {
	if err := f.svc.PublishItem(context.Background(), bianmin.SystemActor("test"), id); err != nil {
		f.t.Fatalf("publish %d: %v", id, err)
	}
}

// clerkOnBoard puts two clerks on window 3, the first with a phone and a photo.
func (f *guideFixture) clerkOnBoard(dept int64) {
	ctx, sys := context.Background(), bianmin.SystemActor("test")
	var ids []int64
	for i, name := range []string{f.clerkName, "李四"} {
		u, err := f.svc.CreateUser(ctx, sys, service.NewUser{CentreID: f.centreA, Username: fmt.Sprintf("clerk%d", i),
			DisplayName: name, StaffNo: fmt.Sprintf("NH00%d", i+1), Phone: f.clerkPhone, Password: testPw,
			Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: f.centreA}}})
		if err != nil {
			f.t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	err := f.svc.SaveStaffProfile(ctx, sys, ids[0], service.StaffProfile{StaffNo: "NH001", DepartmentID: dept, Phone: f.clerkPhone, PhotoFileID: f.photo})
	if err != nil {
		f.t.Fatal(err)
	}
	w := &bianmin.Window{CentreID: f.centreA, Number: "3", Name: "社保窗口", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{dept}}
	if err := f.svc.SaveWindow(ctx, sys, w); err != nil {
		f.t.Fatal(err)
	}
	if err := f.svc.SetWindowPosts(ctx, sys, w.ID, ids[0], ids[1]); err != nil {
		f.t.Fatal(err)
	}
}

// guideItem is a complete promised item with three materials, one conditional.
func guideItem(centre, dept int64, code, name, nameEN string) *bianmin.ServiceItem {
	return &bianmin.ServiceItem{CentreID: centre, DepartmentID: dept, Name: name, NameEN: nameEN,
		BasicCode: "000110001000", ImplCode: code, ItemType: bianmin.ItemPublicService, CaseKind: bianmin.CasePromised,
		Promised: bianmin.Limit{Value: 5, Unit: bianmin.UnitWorkingDays}, Statutory: bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays},
		LegalBasis: "《社会保险法》第五十七条", Conditions: "在本辖区参保的用人单位", Steps: []string{"受理", "审核", "办结"},
		ResultName: "参保登记回执", Place: "一楼 3 号窗口", Hours: "工作日 8:30-12:00", ConsultPhone: "0817-1234567",
		SupervisePhone: "0817-7654321", LifeEvents: []string{"就业"}, FAQ: []bianmin.FAQ{{Q: "是否收费？", A: "不收费。"}},
		Materials: []bianmin.Material{
			{Name: "参保登记表", Issuer: "社会保障所", Originals: 1, Required: true},
			{Name: "居民身份证", Issuer: "公安机关", Originals: 1, Copies: 1, Required: true},
			{Name: "授权委托书", Originals: 1, Condition: "委托他人办理时"},
		}}
}

func pngBytes() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)))
	return b.Bytes()
}

func (f *guideFixture) status(path string) int {
	f.t.Helper()
	return f.do("GET", path, "", "").StatusCode
}

// TestPublicGuideShowsOnlyPublishedItemsOfTheCentre: a draft, a superseded
// version and another centre's item are 404 on the item page, its print
// view and the API, and absent from the lists (CAT-2, R9.2).
func TestPublicGuideShowsOnlyPublishedItemsOfTheCentre(t *testing.T) {
	f := newGuideFixture(t)
	a, b := fmt.Sprint(f.centreA), fmt.Sprint(f.centreB)
	cases := []struct {
		id     int64
		centre string
		want   int
	}{{f.pub.ID, a, 200}, {f.old.ID, a, 404}, {f.draft.ID, a, 404}, {f.other.ID, a, 404}, {f.other.ID, b, 200}}
	for _, c := range cases {
		for _, p := range []string{"/guide/items/%d?centre=%s", "/guide/items/%d/print?centre=%s", "/api/v1/public/items/%d?centre=%s"} {
			path := fmt.Sprintf(p, c.id, c.centre)
			if got := f.status(path); got != c.want {
				t.Errorf("%s: status %d, want %d", path, got, c.want)
			}
		}
	}
	var list publicItemsResponse
	mustJSON(t, readBody(t, f.do("GET", "/api/v1/public/centres/"+a+"/items", "", "")), &list)
	if len(list.Items) != 1 || list.Items[0].ID != f.pub.ID || list.Items[0].Version != 2 {
		t.Errorf("public list of centre A = %+v, want only the published version 2", list.Items)
	}
	page := readBody(t, f.do("GET", "/guide?centre="+a, "", ""))
	if !strings.Contains(page, f.pub.Name) || strings.Contains(page, f.draft.Name) || strings.Contains(page, f.other.Name) {
		t.Error("the guide of centre A lists a draft or another centre's item, or misses the published one")
	}
	booklet := readBody(t, f.do("GET", "/guide/print?centre="+a, "", ""))
	if strings.Count(booklet, `class="print-item booklet-item"`) != 1 || strings.Contains(booklet, f.draft.Name) {
		t.Error("the booklet should print exactly the one published item")
	}
	if got := f.status("/api/v1/public/centres/999/items"); got != 404 {
		t.Errorf("unknown centre: status %d, want 404", got)
	}
}

// TestPublicGuideSearch: pinyin initials, the English name and a department
// find the item on the page and in the API.
func TestPublicGuideSearch(t *testing.T) {
	f := newGuideFixture(t)
	a := fmt.Sprint(f.centreA)
	for _, q := range []string{"zgcbdj", "ZGCB", "insurance", "参保"} {
		var list publicItemsResponse
		mustJSON(t, readBody(t, f.do("GET", "/api/v1/public/centres/"+a+"/items?q="+q, "", "")), &list)
		if len(list.Items) != 1 || list.Items[0].ID != f.pub.ID {
			t.Errorf("q=%s: %d items, want the published item", q, len(list.Items))
		}
		page := readBody(t, f.do("GET", "/guide?centre="+a+"&q="+q, "", ""))
		if !strings.Contains(page, fmt.Sprintf(`href="/guide/items/%d?centre=%s"`, f.pub.ID, a)) {
			t.Errorf("q=%s: the guide page has no link to the item", q)
		}
	}
	page := readBody(t, f.do("GET", "/guide?centre="+a+"&q=xyzxyz", "", ""))
	if !strings.Contains(page, `id="no-results"`) {
		t.Error("a search without hits does not say so")
	}
	if !strings.Contains(page, `name="next" value="/guide?centre=`+a+`&amp;q=xyzxyz"`) {
		t.Error("the language switch would lose the centre and the search")
	}
}

// TestPublicItemPageShowsAllOfCAT1: limits with units, fee, materials with
// counts, need and the form link, in Chinese and in English.
func TestPublicItemPageShowsAllOfCAT1(t *testing.T) {
	f := newGuideFixture(t)
	path := fmt.Sprintf("/guide/items/%d?centre=%d", f.pub.ID, f.centreA)
	zh := readBody(t, f.do("GET", path, "", ""))
	for _, want := range []string{"法定 20 个工作日 / 承诺 5 个工作日", "承诺件", "公共服务事项", "不收费", "参保登记回执",
		"《社会保险法》第五十七条", "在本辖区参保的用人单位", "0817-1234567", "0817-7654321", "一楼 3 号窗口", "是否收费？",
		"参保登记表", "居民身份证", "授权委托书", "原件 1 份 / 复印件 1 份", "必备", "视情况：委托他人办理时",
		"SB-001", fmt.Sprintf(`href="/files/%d"`, f.pubForm), "社会保障所"} {
		if !strings.Contains(zh, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	en := readBody(t, f.do("GET", path, "", "", "Cookie", "bm_lang=en"))
	for _, want := range []string{"<h1>Employee insurance registration</h1>", "Statutory 20 working days / promised 5 working days",
		"Free of charge", "original × 1 / photocopy × 1", "If applicable: 委托他人办理时", "Materials to bring"} {
		if !strings.Contains(en, want) {
			t.Errorf("English item page lacks %q", want)
		}
	}
}

// TestPublicBoardHasNoPhone: the board (ORG-3) shows name, number, photo,
// window and post, and neither the phone nor the login name.
func TestPublicBoardHasNoPhone(t *testing.T) {
	f := newGuideFixture(t)
	body := readBody(t, f.do("GET", fmt.Sprintf("/api/v1/public/centres/%d/board", f.centreA), "", ""))
	var board struct {
		Entries []map[string]any `json:"entries"`
	}
	mustJSON(t, body, &board)
	if len(board.Entries) != 2 {
		t.Fatalf("board has %d entries, want the A and B post of window 3: %s", len(board.Entries), body)
	}
	first := board.Entries[0]
	if first["name"] != f.clerkName || first["staff_no"] != "NH001" || first["post"] != "A" || first["window_number"] != "3" ||
		first["photo_url"] != fmt.Sprintf("/files/%d", f.photo) {
		t.Errorf("A post entry = %v", first)
	}
	page := readBody(t, f.do("GET", fmt.Sprintf("/board?centre=%d", f.centreA), "", ""))
	for what, s := range map[string]string{"JSON": body, "page": page} {
		if strings.Contains(s, f.clerkPhone) || strings.Contains(strings.ToLower(s), `"phone"`) || strings.Contains(s, "clerk0") {
			t.Errorf("the board %s shows a phone or login name", what)
		}
	}
	if !strings.Contains(page, f.clerkName) || !strings.Contains(page, fmt.Sprintf(`src="/files/%d"`, f.photo)) || !strings.Contains(page, "A岗") {
		t.Error("the board page lacks the name, photo or post")
	}
	if got := f.status(fmt.Sprintf("/files/%d", f.photo)); got != 200 {
		t.Errorf("photo of a person on the board: status %d", got)
	}
}

// TestPublicFilesOnlyOfPublishedItems: a form of a draft and an unused
// upload are 404; a public form is an attachment, never sniffed, sandboxed
// (SECURITY.md item 37).
func TestPublicFilesOnlyOfPublishedItems(t *testing.T) {
	f := newGuideFixture(t)
	for _, id := range []int64{f.draftForm, f.unused, 99999} {
		if got := f.status(fmt.Sprintf("/files/%d", id)); got != 404 {
			t.Errorf("file %d: status %d, want 404", id, got)
		}
	}
	r := f.do("GET", fmt.Sprintf("/files/%d", f.pubForm), "", "")
	body := readBody(t, r)
	h := r.Header
	if r.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("public form: status %d", r.StatusCode)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "filename") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("Content-Type %q, nosniff %q", h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q, want sandbox", csp)
	}
}

// TestPublicPrintViews: the A4 item view and the booklet have no navigation,
// use print.css (A4, FangSong) and the booklet has a cover and contents.
func TestPublicPrintViews(t *testing.T) {
	f := newGuideFixture(t)
	item := readBody(t, f.do("GET", fmt.Sprintf("/guide/items/%d/print?centre=%d", f.pub.ID, f.centreA), "", ""))
	booklet := readBody(t, f.do("GET", fmt.Sprintf("/guide/print?centre=%d", f.centreA), "", ""))
	for name, p := range map[string]string{"item": item, "booklet": booklet} {
		if strings.Contains(p, `id="nav"`) || strings.Contains(p, `class="top"`) || !strings.Contains(p, `href="/static/print.css"`) {
			t.Errorf("%s print view has the site header or lacks print.css", name)
		}
		if !strings.Contains(p, "授权委托书") || !strings.Contains(p, "法定 20 个工作日 / 承诺 5 个工作日") {
			t.Errorf("%s print view lacks the materials or limits", name)
		}
	}
	for _, want := range []string{`id="cover-centre">南湖街道便民服务中心`, `id="toc"`, fmt.Sprintf(`href="#item-%d"`, f.pub.ID)} {
		if !strings.Contains(booklet, want) {
			t.Errorf("booklet lacks %q", want)
		}
	}
	css, _ := fs.ReadFile(staticFS, "static/print.css")
	for _, want := range []string{"@page { size: A4; margin: 18mm; }", `"FangSong", "仿宋", "SimSun", "宋体", "Noto Serif CJK SC", serif`, "break-before: page"} {
		if !strings.Contains(string(css), want) {
			t.Errorf("print.css lacks %q", want)
		}
	}
	if r := f.do("GET", "/static/print.css", "", ""); r.StatusCode != http.StatusOK {
		t.Errorf("print.css: status %d", r.StatusCode)
	}
}

func mustJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
}
