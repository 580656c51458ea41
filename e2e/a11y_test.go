package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// lowContrast lists the visible text whose colour against its background is
// below WCAG 2.x AA: 4.5:1, or 3:1 for large text (24px, or 18.66px bold).
const lowContrast = `(() => {
	const rgb = c => { const p = (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
	const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
	const bg = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
		return {r: 255, g: 255, b: 255, a: 1}; };
	const bad = [];
	for (const el of document.querySelectorAll("body *")) {
		if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
		const box = el.getBoundingClientRect(), cs = getComputedStyle(el);
		if (box.width <= 1 || box.height <= 1 || box.right < 0 || cs.visibility === "hidden") continue;
		const a = lum(rgb(cs.color)), b = lum(bg(el));
		const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
		if (ratio < (size >= 24 || (bold && size >= 18.66) ? 3 : 4.5))
			bad.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + JSON.stringify(el.textContent.trim().slice(0, 30)) + " " + ratio.toFixed(2));
	}
	return bad;
})()`

// checkContrast fails the test for any low-contrast text on the page.
func checkContrast(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if bad := js[[]string](t, ctx, lowContrast); len(bad) > 0 {
		t.Errorf("%s: text below WCAG AA contrast: %v", page, bad)
	}
}

// checkEnglish fails the test for Chinese in the page's heading, navigation,
// sub-headings, labels, table headings and buttons of the main region.
func checkEnglish(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if lang := js[string](t, ctx, "document.documentElement.lang"); lang != "en" {
		t.Errorf("%s: html lang = %q, want en", page, lang)
	}
	parts := js[[]string](t, ctx, `[...document.querySelectorAll("h1, #nav, main h2, main label, main th, main button, main legend")].map(e => e.textContent.trim())`)
	for _, p := range parts {
		if hasHan(p) {
			t.Errorf("%s: Chinese in the English page: %q", page, p)
		}
	}
}

// TestEnglishLargeTypeKeyboard: a person logs in by keyboard alone, the skip
// link is the first stop of Tab and moves focus to the content; in English
// every page's heading, navigation and form labels are English; large type
// follows the person from page to page; text keeps AA contrast throughout.
func TestEnglishLargeTypeKeyboard(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "secadmin", initialPw, bianmin.RoleSecAdmin)
	if _, err := srv.svc.CreateUser(context.Background(), bianmin.SystemActor("e2e"), service.NewUser{
		CentreID: centre, Username: "leader", DisplayName: "主任甲", Password: initialPw,
		Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: centre}, {Role: bianmin.RoleInspector, CentreID: centre}},
	}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)

	// Keyboard only: the login form has focus, Tab and Enter do the rest.
	open(t, ctx, srv.base+"/login")
	if id := js[string](t, ctx, "document.activeElement.id"); id != "username" {
		t.Errorf("the login page starts with focus on %q, want username", id)
	}
	run(t, ctx, chromedp.KeyEvent("leader\t"+initialPw+"\r"), chromedp.WaitVisible(chromedp.CSS("#must-change")))
	changePassword(t, ctx, initialPw, newPw)

	open(t, ctx, srv.base+"/staff")
	run(t, ctx, chromedp.KeyEvent("\t"))
	if cls := js[string](t, ctx, "document.activeElement.className"); cls != "skip" {
		t.Errorf("first Tab stop is %q, want the skip link", cls)
	}
	if left := js[float64](t, ctx, "document.activeElement.getBoundingClientRect().left"); left < 0 {
		t.Errorf("the focused skip link is off screen (left %v)", left)
	}
	run(t, ctx, chromedp.KeyEvent("\r"))
	if id := js[string](t, ctx, "document.activeElement.id"); id != "main" {
		t.Errorf("the skip link moved focus to %q, want main", id)
	}
	checkContrast(t, ctx, "/staff")

	// English on every page this person opens, the refusal page included.
	submit(t, ctx, "#lang-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#roles")))
	for _, p := range []string{"/staff", "/admin/policy", "/admin/calendar", "/audit", "/password", "/admin/users", "/no-such-page"} {
		open(t, ctx, srv.base+p)
		checkEnglish(t, ctx, p)
		checkContrast(t, ctx, p+" (en)")
	}
	if got := text(t, ctx, "#error-message"); hasHan(got) {
		t.Errorf("English 404 message: %q", got)
	}

	// Large type persists across pages until switched off.
	open(t, ctx, srv.base+"/audit")
	submit(t, ctx, "#large-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("body.large")))
	if loc := js[string](t, ctx, "location.pathname"); loc != "/audit" {
		t.Errorf("the large-type switch left the page for %s", loc)
	}
	for _, p := range []string{"/admin/policy", "/admin/calendar", "/staff"} {
		open(t, ctx, srv.base+p)
		if !present(t, ctx, "body.large") {
			t.Errorf("%s: large type was lost", p)
		}
		if size := js[float64](t, ctx, "parseFloat(getComputedStyle(document.body).fontSize)"); size < 19 {
			t.Errorf("%s: large type font size %vpx", p, size)
		}
		checkContrast(t, ctx, p+" (large)")
	}
	submit(t, ctx, "#large-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#roles")))
	if present(t, ctx, "body.large") {
		t.Error("large type did not switch off")
	}

	// Logged out and another person, still in English: the forced change and
	// the account form speak English and name the field.
	submit(t, ctx, "#logout")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#notice")))
	checkEnglish(t, ctx, "/login")
	login(t, ctx, srv.base, "secadmin", initialPw)
	checkEnglish(t, ctx, "/password (must change)")
	if got := text(t, ctx, "#must-change"); hasHan(got) {
		t.Errorf("English forced-change notice: %q", got)
	}
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#old"), initialPw),
		chromedp.SendKeys(chromedp.CSS("#new"), newPw),
		chromedp.SendKeys(chromedp.CSS("#repeat"), newPw+"y"),
	)
	submit(t, ctx, "#password-submit")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "passwords differ") {
		t.Errorf("English mismatch message: %q", got)
	}
	changePassword(t, ctx, initialPw, newPw)
	open(t, ctx, srv.base+"/admin/users")
	checkEnglish(t, ctx, "/admin/users")
	setValue(t, ctx, "#nu-username", "clerk2")
	setValue(t, ctx, "#nu-display", "Clerk Two")
	setValue(t, ctx, "#nu-phone", "12345")
	setValue(t, ctx, "#nu-password", "abc")
	submit(t, ctx, "#create-user")
	msg := text(t, ctx, "#form-errors")
	if hasHan(msg) || !strings.Contains(strings.ToLower(msg), "password") || !strings.Contains(strings.ToLower(msg), "mobile") {
		t.Errorf("English account-form message should name the password and the mobile number: %q", msg)
	}
	checkContrast(t, ctx, "/admin/users with errors")
}
