package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
)

// Steps shared by the page tests: a first login with its forced password
// change, reading the page with JavaScript, and same-origin requests made by
// the page itself (with its cookies), as a person's browser would make them.

// loginChanged logs in with initialPw, makes the forced change to newPw and
// opens the workbench.
func loginChanged(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	login(t, ctx, base, user, initialPw)
	if got := text(t, ctx, "#must-change"); !strings.Contains(got, "修改密码") {
		t.Fatalf("%s: first login should force a password change, page says %q", user, got)
	}
	changePassword(t, ctx, initialPw, newPw)
	run(t, ctx, chromedp.Navigate(base+"/staff"), chromedp.WaitVisible(chromedp.CSS("#roles")))
}

// changePassword fills the password page and expects the confirmation.
func changePassword(t *testing.T, ctx context.Context, old, new string) {
	t.Helper()
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#old"), old),
		chromedp.SendKeys(chromedp.CSS("#new"), new),
		chromedp.SendKeys(chromedp.CSS("#repeat"), new),
	)
	submit(t, ctx, "#password-submit")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "密码已修改") && !strings.Contains(got, "changed") {
		t.Fatalf("password change: page says %q", got)
	}
}

// open navigates to a page and waits for its main region.
func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
}

// js evaluates an expression in the page and decodes its JSON value.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// present reports whether a selector matches, without waiting for it.
func present(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	return js[bool](t, ctx, "document.querySelector("+jsString(sel)+") !== null")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fetched is the answer to a request the page made with fetch.
type fetched struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Body   string `json:"body"`
}

// fetchGet makes a same-origin GET from the page, with its session cookie.
func fetchGet(t *testing.T, ctx context.Context, path string) fetched {
	t.Helper()
	return js[fetched](t, ctx, `fetch(`+jsString(path)+`).then(async r => ({status: r.status,
		type: r.headers.get("content-type") || "", body: (await r.text()).slice(0, 4000)}))`)
}

// postForm builds a form in the page and submits it, as a hand-made or stale
// form would, then waits for the page that answers.
func postForm(t *testing.T, ctx context.Context, action string, fields map[string]string) {
	t.Helper()
	b, _ := json.Marshal(fields)
	js[bool](t, ctx, `(() => {
		document.body.dataset.stale = "1";
		const f = document.createElement("form");
		f.method = "post"; f.action = `+jsString(action)+`;
		for (const [k, v] of Object.entries(`+string(b)+`)) {
			const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i);
		}
		document.body.appendChild(f); f.submit(); return true;
	})()`)
	run(t, ctx, chromedp.WaitReady(chromedp.CSS("body:not([data-stale])")))
}

// setValue replaces a field's value, as typing over it would.
func setValue(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	run(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value))
}

// otherBrowser opens a tab in a new browser context of the same Chromium:
// its own cookies, as a second person at another PC.
func otherBrowser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	octx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(octx); err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			screenshotAs(t, octx, t.Name()+"_other")
		}
		cancel()
	})
	return octx
}

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}
