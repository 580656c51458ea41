// Package e2e drives Debian's Chromium against the real bianmin server on a
// free port, as a person would: log in, follow the role's navigation, switch
// language, log out, meet the lockout message. A failing test saves a
// screenshot under e2e/screenshots/.
package e2e

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// chromium finds Debian's Chromium; tests never download a browser.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("BIANMIN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("Chromium not found: install Debian's chromium package (scripts/test.sh does so as root) or set BIANMIN_CHROMIUM")
	return ""
}

// server is a running bianmin on a free port with a fresh SQLite database.
type server struct {
	*app.App
	svc  *service.Service
	base string
}

func startServer(t *testing.T, testClock bool) *server {
	t.Helper()
	return openServer(t, testClock, io.Discard)
}

// startServerOut is startServer that also returns what the server printed
// at start: the one-time setup token while no account exists.
func startServerOut(t *testing.T, testClock bool) (*server, string) {
	t.Helper()
	var out bytes.Buffer
	srv := openServer(t, testClock, &out)
	return srv, out.String()
}

func openServer(t *testing.T, testClock bool, out io.Writer) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, app.Config{DB: testutil.MustDSN(t, store.SQLite), TestClock: testClock, Version: "e2e", Out: out},
		slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { a.Serve(ctx, "", ""); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &server{App: a, svc: a.Service, base: a.URL()}
}

// mustUser creates an account with a known password through the service, as
// `bianmin user add` would; it must be changed at first login.
func (s *server) mustUser(t *testing.T, centreID int64, username, password string, role bianmin.Role) {
	t.Helper()
	_, err := s.svc.CreateUser(context.Background(), bianmin.SystemActor("e2e"), service.NewUser{
		CentreID: centreID, Username: username, DisplayName: username, Password: password,
		Grants: []bianmin.Grant{{Role: role, CentreID: centreID}},
	})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
}

func (s *server) mustCentre(t *testing.T) int64 {
	t.Helper()
	c, err := s.svc.CreateCentre(context.Background(), bianmin.SystemActor("e2e"),
		bianmin.Centre{RegionCode: "440305010000", Name: "南湖街道便民服务中心", NameEN: "Nanhu Street Service Centre", Level: 5})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// browser opens a headless Chromium tab; on failure it saves a screenshot.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserWithin(t, 90*time.Second)
}

// browserWithin is browser for a walk that needs more than the usual time:
// every tab of the browser and its other contexts ends after d.
func browserWithin(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			screenshot(t, ctx)
		}
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return ctx
}

func screenshot(t *testing.T, ctx context.Context) { screenshotAs(t, ctx, t.Name()) }

// screenshotAs saves the page under a name of its own (a second tab).
func screenshotAs(t *testing.T, ctx context.Context, name string) {
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Logf("screenshot failed: %v", err)
		return
	}
	dir := filepath.Join("screenshots")
	os.MkdirAll(dir, 0o755)
	name = filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".jpg")
	if err := os.WriteFile(name, buf, 0o644); err == nil {
		t.Logf("screenshot saved: e2e/%s", name)
	}
}

// run runs chromedp actions and fails the test with the step's error.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// text reads an element's text. A node looked up while the browser is still
// replacing the document can vanish between lookup and read ("No node with
// given id"), so such a read is retried on the settled page.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err == nil {
			return s
		}
		if !strings.Contains(err.Error(), "No node") && !strings.Contains(err.Error(), "Could not find node") {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal(err)
	return ""
}

func login(t *testing.T, ctx context.Context, base, user, pw string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), pw),
	)
	submit(t, ctx, "#login-submit")
}

// submit clicks a button and waits until the browser shows the next page,
// not the one the button was on.
func submit(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.stale = "1"; true`)); err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitReady(chromedp.CSS("body:not([data-stale])")),
	)
	// The new document is in place; wait until it has finished loading too.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body && !document.body.dataset.stale && document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
}
