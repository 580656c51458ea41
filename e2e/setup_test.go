package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
)

var setupTokenRE = regexp.MustCompile(`setup token ([A-Z2-7=]+)`)

// TestFirstRunSetup: on an empty database the home page leads to /setup; a
// wrong token and a bad region code are refused with a message naming the
// field (in the chosen language) and create nothing; the right form creates
// the centre and the security administrator, who can then log in
// (SECURITY.md item 1: no default credential, the first run creates the admin).
func TestFirstRunSetup(t *testing.T) {
	srv, out := startServerOut(t, false)
	m := setupTokenRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the server did not print a setup token; it printed %q", out)
	}
	token := m[1]
	ctx := browser(t)

	open(t, ctx, srv.base+"/")
	if loc := js[string](t, ctx, "location.pathname"); loc != "/setup" {
		t.Fatalf("an empty installation opened %s, want /setup", loc)
	}
	if got := text(t, ctx, "h1"); got != "首次设置" {
		t.Errorf("setup heading = %q", got)
	}

	fill := func(tok, region string) {
		t.Helper()
		for sel, v := range map[string]string{"#token": tok, "#centre_name": "南湖街道便民服务中心",
			"#centre_name_en": "Nanhu Street Service Centre", "#region_code": region,
			"#username": "anquan", "#display_name": "安全管理员甲", "#password": newPw} {
			setValue(t, ctx, sel, v)
		}
		submit(t, ctx, `form[action="/setup"] button[type=submit]`)
	}
	nothingCreated := func(step string) {
		t.Helper()
		need, err := srv.svc.NeedsSetup(context.Background())
		if err != nil || !need {
			t.Fatalf("%s: an account was created (needs setup = %v, %v)", step, need, err)
		}
		if cs, err := srv.svc.ListCentres(context.Background(), bianmin.SystemActor("e2e")); err != nil || len(cs) != 0 {
			t.Fatalf("%s: centres were created: %v %v", step, cs, err)
		}
	}

	// A wrong token: refused, the form keeps what was typed, nothing written.
	fill("WRONGTOKEN", "440305010000")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "设置口令") {
		t.Errorf("wrong token: message %q does not name the setup token", got)
	}
	if v := js[string](t, ctx, `document.querySelector("#centre_name").value`); v != "南湖街道便民服务中心" {
		t.Errorf("wrong token: the form lost the centre name (%q)", v)
	}
	nothingCreated("wrong token")

	// A region code of 8 digits: the message names the field.
	fill(token, "44030501")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "行政区划代码") {
		t.Errorf("bad region code: message %q does not name 行政区划代码", got)
	}
	nothingCreated("bad region code")

	// The same in English names the field in English.
	submit(t, ctx, "#lang-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#token")))
	if got := text(t, ctx, "h1"); got != "First-time setup" {
		t.Errorf("English setup heading = %q", got)
	}
	fill(token, "4403-0501")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "region code") || hasHan(got) {
		t.Errorf("bad region code in English: message %q", got)
	}
	nothingCreated("bad region code (en)")
	submit(t, ctx, "#lang-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#token")))

	// The right form: the centre and the administrator exist, the login page says so.
	fill(token, "440305010000")
	if loc := js[string](t, ctx, "location.pathname"); loc != "/login" {
		t.Fatalf("after setup the browser is at %s, want /login", loc)
	}
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "完成设置") {
		t.Errorf("after setup the login page says %q", got)
	}
	cs, err := srv.svc.ListCentres(context.Background(), bianmin.SystemActor("e2e"))
	if err != nil || len(cs) != 1 || cs[0].RegionCode != "440305010000" || cs[0].NameEN != "Nanhu Street Service Centre" {
		t.Fatalf("centres after setup: %+v %v", cs, err)
	}

	// /setup is closed now, also with the printed token.
	open(t, ctx, srv.base+"/setup")
	if loc := js[string](t, ctx, "location.pathname"); loc != "/login" {
		t.Errorf("/setup after setup opened %s, want /login", loc)
	}

	// The administrator chose the password on the setup page, so the first
	// login goes straight to the workbench with the security-admin role.
	login(t, ctx, srv.base, "anquan", newPw)
	if present(t, ctx, "#must-change") {
		t.Errorf("the setup administrator was asked to change the password just chosen")
	}
	run(t, ctx, chromedp.Navigate(srv.base+"/staff"), chromedp.WaitVisible(chromedp.CSS("#roles")))
	if !present(t, ctx, `#roles li[data-role="secadmin"]`) {
		t.Errorf("the setup administrator's roles: %q", text(t, ctx, "#roles"))
	}
	if got := text(t, ctx, "#nav"); !strings.Contains(got, "账户管理") {
		t.Errorf("secadmin navigation after setup = %q", got)
	}
}
