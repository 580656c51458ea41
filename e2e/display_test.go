package e2e

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// dispMonday is a Monday morning inside the hall's issuing hours.
var dispMonday = time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai)

// dispServer is a bianmin that the test stops and starts again on the same
// address and database, as an operator restarting the server would.
type dispServer struct {
	t      *testing.T
	dsn    string
	a      *app.App
	cancel context.CancelFunc
	done   chan struct{}
}

func (s *dispServer) start(addr string) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, app.Config{DB: s.dsn, TestClock: true, Version: "e2e"}, slog.New(slog.DiscardHandler))
	if err != nil {
		s.t.Fatal(err)
	}
	a.Clock.(*bianmin.TestClock).Set(dispMonday, false)
	if err := a.Listen(addr); err != nil {
		s.t.Fatal(err)
	}
	s.a, s.cancel, s.done = a, cancel, make(chan struct{})
	go func(done chan struct{}) { a.Serve(ctx, "", ""); close(done) }(s.done)
}

func (s *dispServer) stop() {
	if s.cancel != nil {
		s.cancel()
		<-s.done
		s.cancel = nil
	}
}

// dispHall sets up one window and one queue with the service, and returns
// the window and its A-post clerk.
func dispHall(t *testing.T, svc *service.Service, centre int64) (*bianmin.Window, *bianmin.Actor) {
	t.Helper()
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	dept := &bianmin.Department{CentreID: centre, Name: "社会保障所", NameEN: "Social Security Office"}
	if err := svc.SaveDepartment(ctx, sys, dept); err != nil {
		t.Fatal(err)
	}
	clerk := func(name string) *bianmin.User {
		u, err := svc.CreateUser(ctx, sys, service.NewUser{CentreID: centre, Username: name, DisplayName: "窗口 " + name,
			Password: initialPw, Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: centre}}})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	a, b := clerk("dispa"), clerk("dispb")
	w := &bianmin.Window{CentreID: centre, Number: "1", Name: "1号窗口", Kind: bianmin.WindowGeneral,
		DepartmentIDs: []int64{dept.ID}, AUserID: a.ID, BUserID: b.ID}
	if err := svc.SaveWindow(ctx, sys, w); err != nil {
		t.Fatal(err)
	}
	q := &bianmin.Queue{CentreID: centre, Prefix: "A", Name: "社保", NameEN: "Social insurance", Position: 1, Active: true,
		DepartmentIDs: []int64{dept.ID}, WindowIDs: []int64{w.ID}}
	if err := svc.SaveQueue(ctx, sys, q); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := svc.IssueByStaff(ctx, sys, centre, service.IssueRequest{QueueID: q.ID}); err != nil {
			t.Fatal(err)
		}
	}
	_, actor, err := svc.Login(ctx, "dispa", initialPw, "127.0.0.1", "e2e")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.OpenWindow(ctx, actor, w.ID); err != nil {
		t.Fatal(err)
	}
	return w, actor
}

// pairDisplayBrowser pairs the browser as the hall's display through the
// pairing page; without that page it keeps the token as pairing would.
func pairDisplayBrowser(t *testing.T, ctx context.Context, base string, svc *service.Service, centre int64) {
	t.Helper()
	code, err := svc.CreateDevice(context.Background(), bianmin.SystemActor("e2e"),
		&bianmin.Device{CentreID: centre, Kind: bianmin.DeviceDisplay, Name: "大厅叫号屏"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(base+"/device/pair?code="+code))
	if present(t, ctx, `form[action="/device/pair"] [type=submit]`) {
		submit(t, ctx, `form[action="/device/pair"] [type=submit]`)
		return
	}
	t.Log("no pairing page yet: setting the device cookie directly")
	token, _, err := svc.PairDevice(context.Background(), code, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "bianmin_device", Value: token,
		URL: base + "/", Path: "/"}); err != nil {
		t.Fatal(err)
	}
}

// TestDisplayCallVoiceAndReconnect: a paired hall display shows a call
// within a second with its voice text, warns while its stream is
// down, and is current again after the server comes back. On PostgreSQL
// the clerk works on a second server instance: the call reaches the
// display's instance through LISTEN/NOTIFY.
func TestDisplayCallVoiceAndReconnect(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) { displayWalk(t, engine) })
	}
}

func displayWalk(t *testing.T, engine store.Engine) {
	srv := &dispServer{t: t, dsn: testutil.MustDSN(t, engine)}
	srv.start("127.0.0.1:0")
	t.Cleanup(srv.stop)
	addr := srv.a.Listener.Addr().String()
	base := "http://" + addr
	c, err := srv.a.Service.CreateCentre(context.Background(), bianmin.SystemActor("e2e"),
		bianmin.Centre{RegionCode: "440305010000", Name: "南湖街道便民服务中心", NameEN: "Nanhu Street Service Centre", Level: 5})
	if err != nil {
		t.Fatal(err)
	}
	win, clerk := dispHall(t, srv.a.Service, c.ID)
	caller := srv
	if engine == store.Postgres {
		caller = &dispServer{t: t, dsn: srv.dsn}
		caller.start("127.0.0.1:0")
		t.Cleanup(caller.stop)
		if _, clerk, err = caller.a.Service.Login(context.Background(), "dispa", initialPw, "127.0.0.1", "e2e"); err != nil {
			t.Fatal(err)
		}
	}

	ctx := browser(t)
	pairDisplayBrowser(t, ctx, base, srv.a.Service, c.ID)
	open(t, ctx, base+"/display")
	if got := text(t, ctx, "#centre-name"); got != "南湖街道便民服务中心" {
		t.Fatalf("centre name %q", got)
	}
	waitJS(t, ctx, `document.getElementById("display").dataset.connected === "1"`, 5*time.Second, "stream connected")

	start := time.Now()
	if _, err := caller.a.Service.CallNext(context.Background(), clerk, win.ID); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("current-code").textContent === "A001" &&
		document.getElementById("voice-text").textContent === "请 A001 号到 1 号窗口办理"`, time.Second, "call shown and voiced")
	t.Logf("call on screen after %v", time.Since(start))
	waitJS(t, ctx, `document.querySelector('#windows li[data-number="1"] .code').textContent === "A001"`, 2*time.Second, "window 1 shows A001")
	if got := text(t, ctx, "#queues"); !strings.Contains(got, "1 人") {
		t.Fatalf("waiting per queue: %q", got)
	}
	// Without a Chinese voice the display says it with the recorded clips.
	if mode := js[string](t, ctx, `document.body.dataset.voiceMode`); mode == "clips" {
		if got := js[string](t, ctx, `document.getElementById("voice-text").dataset.clips || ""`); got != "qing a d0 d0 d1 hao dao d1 haochuangkoubanli" {
			t.Fatalf("clips %q", got)
		}
	}
	if got := js[string](t, ctx, `window.bianminClipNames("请 B 零 一 二 号到 12 号窗口办理").join(" ")`); got != "qing b d0 d1 d2 hao dao shi d2 haochuangkoubanli" {
		t.Fatalf("clips for window 12: %q", got)
	}
	if got := js[string](t, ctx, `window.bianminClipNames("请 A 零 零 一 号到 105 号窗口办理").join(" ")`); got != "qing a d0 d0 d1 hao dao d1 bai d0 d5 haochuangkoubanli" {
		t.Fatalf("clips for window 105: %q", got)
	}
	if body := text(t, ctx, "#display"); strings.Contains(body, "dispa") {
		t.Fatal("the display shows a clerk's name (R8.3)")
	}

	// The display's server goes away: the warning appears once the stream
	// has been down for about two seconds. The open stream does not hold
	// the shutdown up.
	stopping := time.Now()
	srv.stop()
	if d := time.Since(stopping); d > 3*time.Second {
		t.Fatalf("shutdown with a display connected took %v", d)
	}
	waitJS(t, ctx, `!document.getElementById("stale").hidden`, 6*time.Second, "stale warning shown")
	if got := text(t, ctx, "#stale"); !strings.Contains(got, "连接中断") {
		t.Fatalf("stale warning %q", got)
	}
	time.Sleep(time.Second)
	srv.start(addr)
	waitJS(t, ctx, `document.getElementById("stale").hidden`, 8*time.Second, "stale warning removed after reconnecting")

	// The reconnected stream carries calls again.
	if caller != srv {
		time.Sleep(500 * time.Millisecond) // the restarted instance's listener is up
	} else if _, clerk, err = srv.a.Service.Login(context.Background(), "dispa", initialPw, "127.0.0.1", "e2e"); err != nil {
		t.Fatal(err)
	}
	if _, err := caller.a.Service.Recall(context.Background(), clerk, win.ID); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("current-code").textContent === "A001" &&
		document.querySelectorAll("#calls li").length === 1`, 2*time.Second, "recall shown after reconnecting")
}
