package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
)

// TestTestClockBanner: with --test-clock every page says so in a banner
// with the server's time; setting and freezing the clock through the API
// shows on the next page load, and an ordinary server shows no banner.
func TestTestClockBanner(t *testing.T) {
	srv := startServer(t, true)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "clerk1", initialPw, bianmin.RoleClerk)
	ctx := browser(t)

	open(t, ctx, srv.base+"/login")
	if got := text(t, ctx, "#testclock"); !strings.Contains(got, "测试时钟已开启") {
		t.Errorf("login page banner = %q", got)
	}
	if first := js[string](t, ctx, `document.querySelector("body > :not(.skip)").id`); first != "testclock" {
		t.Errorf("the banner is not the first thing on the page (first is %q)", first)
	}
	loginChanged(t, ctx, srv.base, "clerk1")
	if got := text(t, ctx, "#testclock"); !strings.Contains(got, "测试时钟已开启") {
		t.Errorf("workbench banner = %q", got)
	}
	checkContrast(t, ctx, "/staff with the test-clock banner")

	// Set and freeze the clock as an acceptance script would.
	resp, err := http.Post(srv.base+"/api/v1/test/clock", "application/json",
		strings.NewReader(`{"set": "2026-01-05T09:00:00+08:00", "freeze": true}`))
	if err != nil {
		t.Fatal(err)
	}
	var clock struct {
		Now    string `json:"now"`
		Frozen bool   `json:"frozen"`
	}
	err = json.NewDecoder(resp.Body).Decode(&clock)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !clock.Frozen {
		t.Fatalf("set the clock: status %d, %+v, %v", resp.StatusCode, clock, err)
	}
	for _, p := range []string{"/staff", "/login", "/no-such-page"} {
		open(t, ctx, srv.base+p)
		if got := text(t, ctx, "#testclock"); !strings.Contains(got, "2026-01-05 09:00:00") {
			t.Errorf("%s banner after setting the clock = %q", p, got)
		}
	}
	submit(t, ctx, "#lang-switch")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#testclock")))
	if got := text(t, ctx, "#testclock"); !strings.Contains(got, "Test clock is on") || hasHan(got) {
		t.Errorf("English banner = %q", got)
	}

	// Without --test-clock: no banner, and the clock cannot be moved.
	plain := startServer(t, false)
	open(t, ctx, plain.base+"/login")
	if present(t, ctx, "#testclock") {
		t.Error("a server without --test-clock shows the banner")
	}
	resp, err = http.Post(plain.base+"/api/v1/test/clock", "application/json", strings.NewReader(`{"advance": "48h"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("moving the clock of a normal server: status %d, want 403", resp.StatusCode)
	}
}
