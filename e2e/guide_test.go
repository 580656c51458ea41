package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// guideMaterials are the checklist of the seeded item; every one must reach
// the page and the printed PDF (R3.11: the printed guide lists all materials).
var guideMaterials = []string{"参保登记表", "居民身份证", "劳动合同", "授权委托书"}

const (
	guideItemName   = "职工参保登记"
	guideItemNameEN = "Employee insurance registration"
	guideInitials   = "zgcbdj" // 职工参保登记 by the first letter of each syllable
)

// seedGuide publishes one item with four materials at the centre, through
// the service as the system actor, and returns its ID.
func (s *server) seedGuide(t *testing.T, centre int64) int64 {
	t.Helper()
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	dept := &bianmin.Department{CentreID: centre, Name: "社会保障所", NameEN: "Social Security Office"}
	if err := s.svc.SaveDepartment(ctx, sys, dept); err != nil {
		t.Fatal(err)
	}
	var ms []bianmin.Material
	for i, n := range guideMaterials {
		ms = append(ms, bianmin.Material{Name: n, Issuer: "社会保障所", Originals: 1, Copies: i % 2, Required: true})
	}
	ms[3].Required, ms[3].Condition = false, "委托他人办理时"
	it := &bianmin.ServiceItem{CentreID: centre, DepartmentID: dept.ID, Name: guideItemName, NameEN: guideItemNameEN,
		ImplCode: "SB-0001", ItemType: bianmin.ItemPublicService, CaseKind: bianmin.CasePromised,
		Promised: bianmin.Limit{Value: 5, Unit: bianmin.UnitWorkingDays}, Statutory: bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays},
		LegalBasis: "《社会保险法》第五十七条", Conditions: "在本辖区参保的用人单位", Steps: []string{"受理", "审核", "办结"},
		ResultName: "参保登记回执", Place: "一楼 3 号窗口", Hours: "工作日 8:30-12:00", ConsultPhone: "0817-1234567",
		LifeEvents: []string{"就业"}, Materials: ms}
	if err := s.svc.CreateItem(ctx, sys, it); err != nil {
		t.Fatal(err)
	}
	if err := s.svc.PublishItem(ctx, sys, it.ID); err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// TestGuideCitizenFindsAndPrintsItem is the citizen half of issue 3's
// "done when": a citizen finds a published item by its pinyin initials on
// the public guide, opens it and sees every material, switches to English,
// and prints the A4 view to PDF through Chromium; the PDF's text has the
// item's name and every material (CAT-2, R3.11).
func TestGuideCitizenFindsAndPrintsItem(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	id := srv.seedGuide(t, centre)
	srv.mustUser(t, centre, "secadmin", initialPw, bianmin.RoleSecAdmin) // set up, so the home page is not the setup page
	ctx := browser(t)

	open(t, ctx, srv.base+"/")
	submit(t, ctx, "#home-guide")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#guide-q"), guideInitials))
	submit(t, ctx, "#guide-search")
	results := js[[]string](t, ctx, `[...document.querySelectorAll("#results a.item-link")].map(a => a.textContent.trim())`)
	if len(results) != 1 || results[0] != guideItemName {
		t.Fatalf("search %q found %v, want [%s]", guideInitials, results, guideItemName)
	}
	submit(t, ctx, "#results a.item-link")
	if path := js[string](t, ctx, "location.pathname"); path != fmt.Sprintf("/guide/items/%d", id) {
		t.Fatalf("the result opened %s", path)
	}
	if got := text(t, ctx, "h1"); got != guideItemName {
		t.Errorf("item page heading %q", got)
	}
	checkMaterials(t, ctx)
	if got := text(t, ctx, "#f-limits"); got != "法定 20 个工作日 / 承诺 5 个工作日" {
		t.Errorf("limits %q", got)
	}

	submit(t, ctx, "#lang-switch")
	if got := text(t, ctx, "h1"); got != guideItemNameEN {
		t.Errorf("English item page heading %q, want %q", got, guideItemNameEN)
	}
	checkEnglish(t, ctx, "item page")
	checkContrast(t, ctx, "item page")
	checkMaterials(t, ctx)

	submit(t, ctx, "#print-link")
	if present(t, ctx, "#nav") || present(t, ctx, "header") {
		t.Error("the print view shows the site's navigation")
	}
	shown := js[string](t, ctx, "document.body.innerText")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	doc, err := parsePDF(pdf)
	if err != nil {
		t.Fatalf("the printed PDF does not parse: %v", err)
	}
	if len(doc.Pages) < 1 || len(pdf) < 10_000 {
		t.Fatalf("the PDF has %d pages and %d bytes", len(doc.Pages), len(pdf))
	}
	if w, h := doc.Pages[0].Width, doc.Pages[0].Height; !near(w, 595.3) || !near(h, 841.9) {
		t.Errorf("page size %.1f × %.1f pt, want A4 (595.3 × 841.9)", w, h)
	}
	printed := squeeze(doc.Text())
	for _, want := range append([]string{guideItemName, guideItemNameEN, "20 working days"}, guideMaterials...) {
		if !strings.Contains(printed, squeeze(want)) {
			t.Errorf("the printed PDF lacks %q", want)
		}
		if !strings.Contains(shown, want) {
			t.Errorf("the print view lacks %q", want)
		}
	}
}

// checkMaterials: the item page's checklist lists every material, in order.
func checkMaterials(t *testing.T, ctx context.Context) {
	t.Helper()
	got := js[[]string](t, ctx, `[...document.querySelectorAll("#materials tbody .m-name")].map(e => e.textContent.trim())`)
	if strings.Join(got, "|") != strings.Join(guideMaterials, "|") {
		t.Errorf("materials on the page %v, want %v", got, guideMaterials)
	}
}

// TestGuideOnPhoneAndBooklet: on a phone-sized touch screen the guide and
// the item page fit the width with touch targets of at least 44 px, and the
// booklet prints a cover, contents and one page per item.
func TestGuideOnPhoneAndBooklet(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	id := srv.seedGuide(t, centre)
	ctx := browser(t)
	run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, p := range []string{"/guide", fmt.Sprintf("/guide/items/%d", id)} {
		open(t, ctx, srv.base+p)
		if over := js[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); over {
			t.Errorf("%s scrolls sideways on a phone", p)
		}
	}
	open(t, ctx, srv.base+"/guide")
	small := js[[]string](t, ctx, `[...document.querySelectorAll("#guide-q, #guide-search, #results a, #dept-links a")]
		.filter(e => e.getBoundingClientRect().height < 44).map(e => e.id || e.textContent.trim())`)
	if len(small) > 0 {
		t.Errorf("touch targets under 44 px on a phone: %v", small)
	}
	open(t, ctx, srv.base+"/guide/print")
	if got := text(t, ctx, "#cover-centre"); got != "南湖街道便民服务中心" {
		t.Errorf("booklet cover %q", got)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	// Cover, contents and the item each start a page.
	if len(doc.Pages) < 3 {
		t.Errorf("the booklet has %d pages, want at least 3", len(doc.Pages))
	}
	if printed := squeeze(doc.Text()); !strings.Contains(printed, guideItemName) || !strings.Contains(printed, "南湖街道便民服务中心") {
		t.Error("the booklet PDF lacks the centre or the item")
	}
}

// boardPhone is the phone of the clerks on the board; it must never show (ORG-3).
const boardPhone = "13912345678"

// seedBoard puts two clerks on the A and B post of window 3, the first with
// a photo, through the service as the system actor.
func (s *server) seedBoard(t *testing.T, centre int64) []string {
	t.Helper()
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 30, 40)))
	photo, err := s.svc.SaveFile(ctx, sys, centre, "photo.png", img.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"王小明", "李四"}
	var ids []int64
	for i, n := range names {
		u, err := s.svc.CreateUser(ctx, sys, service.NewUser{CentreID: centre, Username: fmt.Sprintf("clerk%d", i),
			DisplayName: n, StaffNo: fmt.Sprintf("NH00%d", i+1), Phone: boardPhone, Password: initialPw,
			Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: centre}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if err := s.svc.SaveStaffProfile(ctx, sys, ids[0], service.StaffProfile{StaffNo: "NH001", Phone: boardPhone, PhotoFileID: photo.ID}); err != nil {
		t.Fatal(err)
	}
	dept := &bianmin.Department{CentreID: centre, Name: "民政办"}
	if err := s.svc.SaveDepartment(ctx, sys, dept); err != nil {
		t.Fatal(err)
	}
	w := &bianmin.Window{CentreID: centre, Number: "3", Name: "综合窗口", Kind: bianmin.WindowGeneral, DepartmentIDs: []int64{dept.ID}}
	if err := s.svc.SaveWindow(ctx, sys, w); err != nil {
		t.Fatal(err)
	}
	if err := s.svc.SetWindowPosts(ctx, sys, w.ID, ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestGuideStaffBoard: the public board shows each post holder's name,
// number, window, post and photo (which loads as an image although /files
// sends it as a sandboxed attachment), and no phone (ORG-3).
func TestGuideStaffBoard(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	names := srv.seedBoard(t, centre)
	ctx := browser(t)
	open(t, ctx, srv.base+"/board")
	got := js[[]string](t, ctx, `[...document.querySelectorAll("#board .staff-name")].map(e => e.textContent.trim())`)
	if strings.Join(got, "|") != strings.Join(names, "|") {
		t.Errorf("board names %v, want %v", got, names)
	}
	if posts := text(t, ctx, "#board"); !strings.Contains(posts, "A岗") || !strings.Contains(posts, "B岗") || !strings.Contains(posts, "NH001") {
		t.Errorf("board lacks the posts or staff number: %q", posts)
	}
	if !js[bool](t, ctx, `(async () => { const i = document.querySelector("#board img.photo");
		if (!i) return false; await i.decode(); return i.naturalWidth === 30; })()`) {
		t.Error("the photo on the board does not load")
	}
	if body := js[string](t, ctx, "document.documentElement.outerHTML"); strings.Contains(body, boardPhone) || strings.Contains(body, "clerk0") {
		t.Error("the board shows a phone number or login name")
	}
	checkContrast(t, ctx, "board")
}

func near(a, b float64) bool { return a-b < 1 && b-a < 1 }

// squeeze drops white space: the PDF places words, not the spaces between them.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}
