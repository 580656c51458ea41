package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
)

// TestConsoleOutOfTurnAndClose: a clerk calls a waiting ticket out of turn
// from the waiting list with a reason (急事急办, Q-2, audited), finishes it
// and closes the window with Q.
func TestConsoleOutOfTurnAndClose(t *testing.T) {
	h := newConsoleHall(t)
	h.issue(t)
	second := h.issue(t)
	ctx := browser(t)
	loginChanged(t, ctx, h.srv.base, "clerka")
	open(t, ctx, h.url())
	press(t, ctx, "o")
	wantText(t, ctx, "#window-state", "服务中")
	row := `#waiting-body tr[data-code="` + second + `"]`
	setValue(t, ctx, row+" input[name=reason]", "老人身体不适，急事急办")
	submit(t, ctx, row+" button")
	wantText(t, ctx, "#current-code", second)
	if n := h.audits(t, "ticket.call", "Q-2", bianmin.ResultOK); n != 1 {
		t.Fatalf("%d out-of-turn calls audited under Q-2, want 1", n)
	}
	setValue(t, ctx, "#finish-outcome", bianmin.OutcomeConsulted)
	submit(t, ctx, "#form-finish button")
	wantText(t, ctx, "#flash", "已办结")
	press(t, ctx, "q")
	wantText(t, ctx, "#window-state", "未开窗")
}

// TestDeviceNewCodeAndRevoke: the director renews a paired display's
// pairing code (shown once) and then revokes the display, which at once
// stops showing the hall.
func TestDeviceNewCodeAndRevoke(t *testing.T) {
	srv := startServer(t, true)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "director", initialPw, bianmin.RoleDirector)
	director := browser(t)
	loginChanged(t, director, srv.base, "director")
	display := pairDevice(t, director, srv.base, "display", "大厅叫号屏", "0")
	row := `#device-table tr[data-device="大厅叫号屏"]`
	open(t, director, srv.base+"/admin/queues")
	submit(t, director, row+" button.new-code")
	if code := text(t, director, "#pairing-code"); len(code) != 10 {
		t.Fatalf("new pairing code %q", code)
	}
	open(t, director, srv.base+"/admin/queues")
	submit(t, director, row+" button.revoke")
	wantText(t, director, row+" .paired", "已停用")
	open(t, display, srv.base+"/display")
	wantText(t, display, "main", "已登记的大厅设备")
}

// TestKioskGreenByAge: at the kiosk, an ID number of a citizen aged at
// least the policy's green_channel_min_age brings up the green-channel
// offer; taking it prints a green-channel ticket.
func TestKioskGreenByAge(t *testing.T) {
	srv := startServer(t, true)
	srv.Clock.(*bianmin.TestClock).Set(consoleMonday, true)
	centre := srv.mustCentre(t)
	srv.seedGuide(t, centre)
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	depts, err := srv.svc.ListDepartments(ctx, sys, centre)
	if err != nil || len(depts) == 0 {
		t.Fatalf("departments: %v", err)
	}
	q := &bianmin.Queue{CentreID: centre, Prefix: "A", Name: "社保", Active: true, DepartmentIDs: []int64{depts[0].ID}}
	if err := srv.svc.SaveQueue(ctx, sys, q); err != nil {
		t.Fatal(err)
	}
	srv.mustUser(t, centre, "director", initialPw, bianmin.RoleDirector)
	director := browser(t)
	loginChanged(t, director, srv.base, "director")
	kiosk := pairDevice(t, director, srv.base, "kiosk", "一楼取号机", "0")
	open(t, kiosk, srv.base+"/kiosk?queue="+strconv.FormatInt(q.ID, 10)+"&item=SB-0001")
	if !js[bool](t, kiosk, `document.getElementById("green-offer").hidden`) {
		t.Fatal("the green offer shows before any ID is entered")
	}
	setValue(t, kiosk, "#id-number", bianmin.WithIDCheck("11010519500302001"))
	js[bool](t, kiosk, `document.getElementById("id-number").dispatchEvent(new Event("input")) || true`)
	waitJS(t, kiosk, `!document.getElementById("green-offer").hidden`, 2*time.Second, "the green offer for a 76-year-old")
	run(t, kiosk, chromedp.Click(chromedp.CSS("#green")))
	submit(t, kiosk, "#kiosk-issue")
	if got := text(t, kiosk, "#r-code"); got != "A001" || !present(t, kiosk, "#r-green") {
		t.Fatalf("receipt %q, green mark %v", got, present(t, kiosk, "#r-green"))
	}
}
