package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// consoleMonday is 09:00 on a working Monday in Shanghai, in the morning session.
var consoleMonday = time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai)

// consoleHall is window 1 with clerka on the A post and clerkb on the B
// post, calling queue A, a guide who issues tickets and a duty chief who
// records absences.
type consoleHall struct {
	srv    *server
	centre int64
	window *bianmin.Window
	queue  *bianmin.Queue
	guide  *bianmin.Actor
	ids    map[string]int64
}

func newConsoleHall(t *testing.T) *consoleHall {
	t.Helper()
	srv := startServer(t, true)
	srv.Clock.(*bianmin.TestClock).Set(consoleMonday, true)
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	h := &consoleHall{srv: srv, centre: srv.mustCentre(t), ids: map[string]int64{}}
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dept := &bianmin.Department{CentreID: h.centre, Name: "社会保障所"}
	check(srv.svc.SaveDepartment(ctx, sys, dept))
	for _, p := range [][3]string{{"clerka", "王窗口", "clerk"}, {"clerkb", "李顶岗", "clerk"}, {"chief", "赵值班长", "duty_chief"}, {"guide", "陈导办", "guide"}} {
		u, err := srv.svc.CreateUser(ctx, sys, service.NewUser{CentreID: h.centre, Username: p[0], DisplayName: p[1],
			Password: initialPw, Grants: []bianmin.Grant{{Role: bianmin.Role(p[2]), CentreID: h.centre}}})
		check(err)
		h.ids[p[0]] = u.ID
	}
	h.window = &bianmin.Window{CentreID: h.centre, Number: "1", Name: "1号窗口", Kind: bianmin.WindowGeneral,
		DepartmentIDs: []int64{dept.ID}, AUserID: h.ids["clerka"], BUserID: h.ids["clerkb"]}
	check(srv.svc.SaveWindow(ctx, sys, h.window))
	h.queue = &bianmin.Queue{CentreID: h.centre, Prefix: "A", Name: "社保", Active: true,
		DepartmentIDs: []int64{dept.ID}, WindowIDs: []int64{h.window.ID}}
	check(srv.svc.SaveQueue(ctx, sys, h.queue))
	_, guide, err := srv.svc.Login(ctx, "guide", initialPw, "127.0.0.1", "e2e")
	check(err)
	h.guide = guide
	return h
}

// issue takes a ticket at the guide desk.
func (h *consoleHall) issue(t *testing.T) string {
	t.Helper()
	it, err := h.srv.svc.IssueByStaff(context.Background(), h.guide, h.centre, service.IssueRequest{QueueID: h.queue.ID})
	if err != nil {
		t.Fatal(err)
	}
	return it.Ticket.Code
}

func (h *consoleHall) url() string {
	return h.srv.base + "/console/" + strconv.FormatInt(h.window.ID, 10)
}

func waitingCodes(t *testing.T, ctx context.Context) string {
	return js[string](t, ctx, `[...document.querySelectorAll("#waiting-body tr[data-code]")].map(r => r.dataset.code).join(",")`)
}

// TestConsoleKeyboardDay: clerk A opens the window and works it from the
// keyboard — N calls A001 and shows its announcement, R until it becomes a
// no-show, reactivated it waits behind two others; N, S and F with an
// outcome serve the next; P with a reason pauses and N is then refused with
// the Q-4 message; the waiting list follows the queue without a reload.
func TestConsoleKeyboardDay(t *testing.T) {
	h := newConsoleHall(t)
	ctx := browser(t)
	loginChanged(t, ctx, h.srv.base, "clerka")
	open(t, ctx, h.srv.base+"/console")
	wantText(t, ctx, "#my-windows", "1号窗口")
	open(t, ctx, h.url())
	wantText(t, ctx, "#not-on-post", "O")
	press(t, ctx, "o")
	wantText(t, ctx, "#window-state", "服务中")
	for range 3 {
		h.issue(t)
	}

	press(t, ctx, "n")
	if got := text(t, ctx, "#current-code"); got != "A001" {
		t.Fatalf("current ticket %q, want A001", got)
	}
	wantText(t, ctx, "#flash", "请 A001 号到 1 号窗口办理")
	press(t, ctx, "r")
	press(t, ctx, "r")
	wantText(t, ctx, "#current-status", "3")
	press(t, ctx, "r")
	wantText(t, ctx, "#flash", "A001 已过号")
	wantText(t, ctx, "#no-shows", "A001")
	submit(t, ctx, "#reactivate-A001")
	wantText(t, ctx, "#flash", "重新激活")
	if got := waitingCodes(t, ctx); got != "A002,A003,A001" {
		t.Fatalf("waiting after reactivation %q, want A002,A003,A001", got)
	}

	press(t, ctx, "n")
	wantText(t, ctx, "#current-code", "A002")
	press(t, ctx, "s")
	wantText(t, ctx, "#current-status", "办理中")
	run(t, ctx, chromedp.KeyEvent("f"))
	if id := js[string](t, ctx, `document.activeElement.id`); id != "finish-outcome" {
		t.Fatalf("F focused %q, want the outcome", id)
	}
	setValue(t, ctx, "#finish-outcome", bianmin.OutcomeCompleted)
	press(t, ctx, "\r")
	wantText(t, ctx, "#flash", "已办结")
	wantText(t, ctx, "#served", "1")

	run(t, ctx, chromedp.KeyEvent("p"))
	setValue(t, ctx, "#pause-reason", "去复印材料")
	press(t, ctx, "\r")
	wantText(t, ctx, "#window-state", "暂停服务")
	press(t, ctx, "n")
	wantText(t, ctx, "#flash-error", "暂停服务期间不能叫号")
	wantText(t, ctx, "#flash-error", "Q-4")
	// The waiting list follows the queue without a reload.
	code := h.issue(t)
	pctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](`document.querySelector('#waiting-body tr[data-code="`+code+`"]') !== null`)); err != nil {
		t.Fatalf("%s not in the waiting list within 8 s: %v", code, err)
	}
	checkContrast(t, ctx, "console")
	submit(t, ctx, "#lang-switch")
	checkEnglish(t, ctx, "console")
	checkContrast(t, ctx, "console in English")
}

// TestConsoleBTakesOver: B may not take the window while A is on post;
// once the duty chief records A's leave on the absence page, B takes the
// window over from the console (AB-1).
func TestConsoleBTakesOver(t *testing.T) {
	h := newConsoleHall(t)
	_, clerkA, err := h.srv.svc.Login(context.Background(), "clerka", initialPw, "127.0.0.1", "e2e")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.srv.svc.OpenWindow(context.Background(), clerkA, h.window.ID); err != nil {
		t.Fatal(err)
	}

	// B may not take the window while A is on post (AB-1).
	bctx := browser(t)
	loginChanged(t, bctx, h.srv.base, "clerkb")
	open(t, bctx, h.url())
	press(t, bctx, "o")
	wantText(t, bctx, "#flash-error", "AB-1")

	// The duty chief records A's leave; now B takes over.
	cctx := otherBrowser(t, bctx)
	loginChanged(t, cctx, h.srv.base, "chief")
	open(t, cctx, h.srv.base+"/admin/absences")
	setValue(t, cctx, "#ab-user", strconv.FormatInt(h.ids["clerka"], 10))
	setValue(t, cctx, "#ab-kind", bianmin.AbsenceLeave)
	setValue(t, cctx, "#ab-starts", "2026-03-02T08:00")
	setValue(t, cctx, "#ab-ends", "2026-03-02T18:00")
	setValue(t, cctx, "#ab-reason", "病假")
	submit(t, cctx, "#absence-save")
	wantText(t, cctx, "#notice", "已登记")
	wantText(t, cctx, "#absences", "王窗口")

	open(t, bctx, h.url())
	wantText(t, bctx, "#a-absent", "AB-1")
	press(t, bctx, "o")
	wantText(t, bctx, "#flash", "窗口已开启")
	wantText(t, bctx, "#window-state", "B 岗")
	if n := h.audits(t, "window.open", "AB-1", "ok"); n != 1 {
		t.Fatalf("%d takeovers audited under AB-1, want 1", n)
	}
	if n := h.audits(t, "window.open", "AB-1", "denied"); n != 1 {
		t.Fatalf("%d refused takeovers audited, want 1", n)
	}
}

func (h *consoleHall) audits(t *testing.T, action, rule, result string) int {
	t.Helper()
	var n int
	err := h.srv.DB.Read(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND rule_id = $2
			AND result = $3`, action, rule, result).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
