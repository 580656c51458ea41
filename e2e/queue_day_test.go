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
	"bianmin/internal/testutil"
)

// TestQueueDay walks issue 4's hall day in one server, with a browser
// context for every device and person: the director sets up queue A and
// pairs a kiosk, the hall display and window 1's pad; a citizen takes A001
// at the kiosk and the guide issues green-channel A002; window 1 calls
// A002 first, the display shows it and says it, recalls make it
// a no-show, the guide reactivates it, window 1 calls it again and
// transfers it to window 2 (FI-2), which serves it; window 1 serves A001
// and its pad takes the citizen's rating (R4.1, R4.6); the director's
// statistics show the day; a paused window gets no calls; and with
// window 3's A clerk on recorded leave, the B clerk takes the window and
// calls (AB-1). Both engines.
func TestQueueDay(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) { walkQueueDay(t, engine) })
	}
}

// dayHall is the day's server, its centre and the people's user IDs.
type dayHall struct {
	srv     *server
	centre  int64
	ids     map[string]int64 // username → user ID
	windows [4]int64         // window number → window ID
}

func (h *dayHall) console(n int) string {
	return h.srv.base + "/console/" + strconv.FormatInt(h.windows[n], 10)
}

// newDayHall creates the people and windows 1–3 with their A and B posts
// through the service (setup only); queue A and the devices are the
// director's, on the pages.
func newDayHall(t *testing.T, engine store.Engine) *dayHall {
	t.Helper()
	srv := hallServer(t, engine)
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	h := &dayHall{srv: srv, centre: srv.mustCentre(t), ids: map[string]int64{}}
	srv.seedGuide(t, h.centre) // 社会保障所 with item SB-0001 职工参保登记
	depts, err := srv.svc.ListDepartments(ctx, sys, h.centre)
	if err != nil || len(depts) != 1 {
		t.Fatalf("departments: %v %v", depts, err)
	}
	for _, p := range [][3]string{{"director", "周主任", "director"}, {"guide", "陈导办", "guide"},
		{"w1a", "王芳", "clerk"}, {"w1b", "刘洋", "clerk"}, {"w2a", "陈静", "clerk"}, {"w3a", "张伟", "clerk"}, {"w3b", "李娜", "clerk"}} {
		u, err := srv.svc.CreateUser(ctx, sys, service.NewUser{CentreID: h.centre, Username: p[0], DisplayName: p[1],
			Password: initialPw, Grants: []bianmin.Grant{{Role: bianmin.Role(p[2]), CentreID: h.centre}}})
		if err != nil {
			t.Fatal(err)
		}
		h.ids[p[0]] = u.ID
	}
	for n, posts := range map[int][2]string{1: {"w1a", "w1b"}, 2: {"w2a", ""}, 3: {"w3a", "w3b"}} {
		num := strconv.Itoa(n)
		w := &bianmin.Window{CentreID: h.centre, Number: num, Name: num + "号窗口", Kind: bianmin.WindowGeneral,
			DepartmentIDs: []int64{depts[0].ID}, AUserID: h.ids[posts[0]], BUserID: h.ids[posts[1]]}
		if err := srv.svc.SaveWindow(ctx, sys, w); err != nil {
			t.Fatal(err)
		}
		h.windows[n] = w.ID
	}
	return h
}

func walkQueueDay(t *testing.T, engine store.Engine) {
	h := newDayHall(t, engine)
	base, clock := h.srv.base, h.srv.Clock.(*bianmin.TestClock)
	win := func(n int) string { return strconv.FormatInt(h.windows[n], 10) }

	// 1. The director sets up queue A, called by all three windows, and
	// pairs the kiosk, the display and window 1's pad.
	director := browser(t)
	loginChanged(t, director, base, "director")
	open(t, director, base+"/admin/queues")
	setValue(t, director, "#qn-prefix", "A")
	setValue(t, director, "#qn-name", "社保")
	setValue(t, director, "#qn-icon", "shebao")
	js[bool](t, director, `(() => { document.querySelectorAll("#queue-new input[name=department_ids], #queue-new input[name=window_ids]")
		.forEach(c => c.checked = true); return true; })()`)
	submit(t, director, "#queue-create")
	wantText(t, director, "#queue-table tr[data-prefix=A]", "3号窗口")
	kiosk := pairDevice(t, director, base, "kiosk", "一楼取号机", "0")
	display := pairDevice(t, director, base, "display", "大厅叫号屏", "0")
	pad := pairDevice(t, director, base, "pad", "1号窗口评价器", win(1))
	waitJS(t, display, `document.getElementById("display").dataset.connected === "1"`, 5*time.Second, "display stream connected")
	wantText(t, pad, "#pad-idle", "办结后")

	// 2. A citizen takes A001 in three taps; the guide issues A002 in the
	// green channel for an elderly citizen.
	kioskTicket(t, kiosk, "A001")
	guide := otherBrowser(t, director)
	loginChanged(t, guide, base, "guide")
	open(t, guide, base+"/guide-desk")
	choice := js[string](t, guide, `[...document.querySelectorAll("#gd-choice option")].find(o => o.textContent === "`+guideItemName+`").value`)
	setValue(t, guide, "#gd-choice", choice)
	setValue(t, guide, "#gd-green", bianmin.GreenElderly)
	submit(t, guide, "#gd-issue")
	wantText(t, guide, "#gd-issued", "A002")
	wantText(t, guide, "#gd-issued", "绿色通道")
	clock.Advance(3 * time.Minute)

	// 3. Window 1's A clerk opens the window and presses N: the green
	// ticket goes first; the display shows and says it.
	clerk1 := otherBrowser(t, director)
	loginChanged(t, clerk1, base, "w1a")
	open(t, clerk1, h.console(1))
	press(t, clerk1, "o")
	wantText(t, clerk1, "#window-state", "服务中")
	press(t, clerk1, "n")
	wantText(t, clerk1, "#current-code", "A002")
	wantText(t, clerk1, "#flash", "请 A002 号到 1 号窗口办理")
	waitJS(t, display, `document.getElementById("current-code").textContent === "A002" &&
		document.getElementById("current-window").textContent === "1 号窗口" &&
		document.getElementById("voice-text").textContent === "请 A002 号到 1 号窗口办理"`, 2*time.Second, "display shows and says A002 at window 1")

	// 4. Recalls: the display lists the recall; after the policy's three
	// calls the next R makes A002 a no-show 过号.
	press(t, clerk1, "r")
	press(t, clerk1, "r")
	wantText(t, clerk1, "#current-status", "3")
	waitJS(t, display, `[...document.querySelectorAll("#calls li.recall .code")].some(c => c.textContent === "A002")`,
		2*time.Second, "display lists the recall of A002")
	press(t, clerk1, "r")
	wantText(t, clerk1, "#flash", "A002 已过号")
	wantText(t, clerk1, "#no-shows", "A002")

	// 5. The guide reactivates A002; window 1 calls it again (still first
	// as green, Q-2) and transfers it to window 2 with a reason (FI-2).
	open(t, guide, base+"/guide-desk")
	submit(t, guide, "#no-show-table tr[data-code=A002] button.reactivate")
	wantText(t, guide, "#notice", "A002 号已重新激活")
	press(t, clerk1, "n")
	wantText(t, clerk1, "#current-code", "A002")
	run(t, clerk1, chromedp.KeyEvent("t"))
	if id := js[string](t, clerk1, `document.activeElement.id`); id != "transfer-target" {
		t.Fatalf("T focused %q, want the transfer target", id)
	}
	setValue(t, clerk1, "#transfer-reason", "需2号窗口复核")
	setValue(t, clerk1, "#transfer-target", "w"+win(2))
	press(t, clerk1, "\r")
	wantText(t, clerk1, "#flash", "已转移")
	wantText(t, clerk1, "#current-code", "—")

	// 6. Window 2's clerk calls A002, which only window 2 may now call;
	// starts and finishes it. Window 1 then serves A001.
	clerk2 := otherBrowser(t, director)
	loginChanged(t, clerk2, base, "w2a")
	open(t, clerk2, h.console(2))
	press(t, clerk2, "o")
	press(t, clerk2, "n")
	wantText(t, clerk2, "#current-code", "A002")
	// The first-receipt window sees where the citizen came from and why (FI-2).
	wantText(t, clerk2, "#transferred", "由 1 号窗口转来")
	wantText(t, clerk2, "#transferred", "需2号窗口复核")
	waitJS(t, display, `document.getElementById("current-code").textContent === "A002" &&
		document.getElementById("current-window").textContent === "2 号窗口" &&
		document.querySelector('#windows li[data-number="2"] .code').textContent === "A002"`, 2*time.Second, "display shows A002 at window 2")
	wantText(t, clerk2, "#flash", "请 A002 号到 2 号窗口办理")
	serve(t, clerk2, clock, 2*time.Minute)
	press(t, clerk1, "n")
	wantText(t, clerk1, "#current-code", "A001")
	serve(t, clerk1, clock, 4*time.Minute)

	// 7. Window 1's pad shows the clerk and the five levels; the citizen
	// rates 非常满意 for attitude and 满意 for efficiency (R4.1, R4.6).
	waitVisible(t, pad, "#pad-form", 8*time.Second, "pad asks for a rating")
	wantText(t, pad, "#pad-name", "王芳")
	wantText(t, pad, "#row-attitude", "非常满意")
	wantText(t, pad, "#row-efficiency", "非常不满意")
	run(t, pad, chromedp.Click(chromedp.CSS("#row-attitude .level-1 span")), chromedp.Click(chromedp.CSS("#row-efficiency .level-2 span")))
	submit(t, pad, "#pad-submit")
	wantText(t, pad, "#pad-thanks", "感谢您的评价")

	// 8. The director's statistics show the day: two issued and served,
	// one no-show, one transfer, and window 1's clerk with a four-minute
	// service rated 满意 (code 2, the worse of the two, R4.2).
	open(t, director, base+"/queue/stats")
	queueA := `#stats-queues tr[data-queue=A] `
	for sel, want := range map[string]string{queueA + ".issued": "2", queueA + ".served": "2", queueA + ".no-shows": "1",
		queueA + ".transfers": "1"} {
		if got := text(t, director, sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	clerkRow := `#stats-clerks tr[data-user="` + strconv.FormatInt(h.ids["w1a"], 10) + `"] `
	for sel, want := range map[string]string{clerkRow + ".served": "1", clerkRow + ".total": "1", clerkRow + ".code-2": "1",
		clerkRow + ".bad": "0"} {
		if got := text(t, director, sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	wantText(t, director, clerkRow+".avg-serve", "4") // minutes, the real seconds of the walk included

	// 9. Window 1 pauses with a reason; N is refused with the Q-4 message,
	// and the display shows the window paused.
	run(t, clerk1, chromedp.KeyEvent("p"))
	setValue(t, clerk1, "#pause-reason", "去复印材料")
	press(t, clerk1, "\r")
	wantText(t, clerk1, "#window-state", "暂停服务")
	press(t, clerk1, "n")
	wantText(t, clerk1, "#flash-error", "暂停服务期间不能叫号")
	wantText(t, clerk1, "#flash-error", "Q-4")
	waitJS(t, display, `document.querySelector('#windows li[data-number="1"]').classList.contains("state-paused")`,
		2*time.Second, "display shows window 1 paused")

	// 10. The director records window 3's A clerk on leave; the B clerk
	// takes window 3 over and calls the next citizen (AB-1).
	open(t, director, base+"/admin/absences")
	setValue(t, director, "#ab-user", strconv.FormatInt(h.ids["w3a"], 10))
	setValue(t, director, "#ab-kind", bianmin.AbsenceLeave)
	setValue(t, director, "#ab-starts", "2026-03-02T08:00")
	setValue(t, director, "#ab-ends", "2026-03-02T18:00")
	setValue(t, director, "#ab-reason", "病假")
	submit(t, director, "#absence-save")
	wantText(t, director, "#notice", "已登记")
	wantText(t, director, "#absences", "张伟")
	kioskTicket(t, kiosk, "A003")
	clerk3b := otherBrowser(t, director)
	loginChanged(t, clerk3b, base, "w3b")
	open(t, clerk3b, h.console(3))
	wantText(t, clerk3b, "#a-absent", "AB-1")
	press(t, clerk3b, "o")
	wantText(t, clerk3b, "#flash", "窗口已开启")
	wantText(t, clerk3b, "#window-state", "B 岗")
	press(t, clerk3b, "n")
	wantText(t, clerk3b, "#current-code", "A003")
	waitJS(t, display, `document.getElementById("current-code").textContent === "A003" &&
		document.getElementById("current-window").textContent === "3 号窗口"`, 2*time.Second, "display shows A003 at window 3")
}

// kioskTicket takes a ticket for SB-0001 in three taps (queue, item, 取号),
// expects the receipt's code and leaves the kiosk on its start screen (完成).
func kioskTicket(t *testing.T, kiosk context.Context, want string) {
	t.Helper()
	submit(t, kiosk, "a.kiosk-tile[data-prefix=A]")
	submit(t, kiosk, "a.kiosk-tile[data-code=SB-0001]")
	submit(t, kiosk, "#kiosk-issue")
	if got := text(t, kiosk, "#r-code"); got != want {
		t.Fatalf("receipt code %q, want %q", got, want)
	}
	submit(t, kiosk, "#receipt-done")
	if !present(t, kiosk, "a.kiosk-tile[data-prefix=A]") {
		t.Fatal("完成 did not bring back the kiosk's start screen")
	}
}

// waitVisible waits for an element across the page's own reloads, which
// a poll in the page would not survive.
func waitVisible(t *testing.T, ctx context.Context, sel string, within time.Duration, what string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatalf("%s: not within %v (%v)", what, within, err)
	}
}

// serve starts the called ticket (S), lets the service take d and
// finishes it (F) as completed.
func serve(t *testing.T, clerk context.Context, clock *bianmin.TestClock, d time.Duration) {
	t.Helper()
	press(t, clerk, "s")
	wantText(t, clerk, "#current-status", "办理中")
	clock.Advance(d)
	run(t, clerk, chromedp.KeyEvent("f"))
	setValue(t, clerk, "#finish-outcome", bianmin.OutcomeCompleted)
	press(t, clerk, "\r")
	wantText(t, clerk, "#flash", "已办结")
}
