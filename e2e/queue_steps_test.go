package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// Steps shared by the queue tests (kiosk, console, display, pad and the day
// walk): console keys, waiting for live pages, pairing hall devices.

// press types a console key and waits for the page the action answers with.
func press(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	js[bool](t, ctx, `document.body.dataset.stale = "1"; true`)
	run(t, ctx, chromedp.KeyEvent(key), chromedp.WaitReady(chromedp.CSS("body:not([data-stale])")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
}

func wantText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if got := text(t, ctx, sel); !strings.Contains(got, want) {
		t.Fatalf("%s says %q, want %q", sel, got, want)
	}
}

// waitJS polls a boolean expression in the page until it holds.
func waitJS(t *testing.T, ctx context.Context, expr string, within time.Duration, what string) {
	t.Helper()
	pctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("%s: not within %v (%v)", what, within, err)
	}
}

// hallServer is a test-clock server on the engine whose clock runs from
// Monday 09:00 in Shanghai, inside the hall's issuing hours.
func hallServer(t *testing.T, engine store.Engine) *server {
	t.Helper()
	d := &dispServer{t: t, dsn: testutil.MustDSN(t, engine)}
	d.start("127.0.0.1:0")
	t.Cleanup(d.stop)
	return &server{App: d.a, svc: d.a.Service, base: d.a.URL()}
}

// pairDevice registers a hall device on /admin/queues in the admin's
// browser (windowID "0" for none) and pairs a browser context of its own
// through the one-time address, which opens the device's page.
func pairDevice(t *testing.T, admin context.Context, base, kind, name, windowID string) context.Context {
	t.Helper()
	open(t, admin, base+"/admin/queues")
	setValue(t, admin, "#dn-kind", kind)
	setValue(t, admin, "#dn-name", name)
	setValue(t, admin, "#dn-window", windowID)
	submit(t, admin, "#device-create")
	pairURL := js[string](t, admin, `document.querySelector("#pairing-url").href`)
	dev := otherBrowser(t, admin)
	open(t, dev, pairURL)
	submit(t, dev, "#pair-submit")
	if path := js[string](t, dev, "location.pathname"); path != "/"+kind {
		t.Fatalf("pairing the %s opened %s", kind, path)
	}
	return dev
}
