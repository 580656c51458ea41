package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestCaseWalk is issue 5's whole walk in the browser, one server per
// engine and a browser context for every person and device: a citizen takes
// a ticket at the kiosk; window 1's clerk calls it and starts a case from the
// console for 食品经营许可 with two of three required materials missing; the
// supplement notice lists both at once (ON-2); the applicant comes back the
// next day and the case is accepted (C-1) with a deadline of 5 working days
// from that day (C-0, R1.17) and a query code on the printed acceptance
// notice; a second clerk reviews, the chief representative approves (C-5),
// the fee is invoiced from the published standard and paid (CAT-3), the
// case completes (R3.16) and the completion message is in the outbox (C-7);
// finally the citizen, without logging in, looks the case up with its
// number and query code and sees it completed (C-8, SECURITY.md item 32).
func TestCaseWalk(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) { walkCase(t, engine) })
	}
}

func walkCase(t *testing.T, engine store.Engine) {
	h := newCaseHall(t, engine)
	base, clock := h.srv.base, h.srv.Clock.(*bianmin.TestClock)

	// 1. The director pairs a kiosk; a citizen takes A001 for 食品经营许可.
	director := browserWithin(t, 5*time.Minute) // one long walk with five people in one Chromium
	loginChanged(t, director, base, "director")
	kiosk := pairDevice(t, director, base, "kiosk", "一楼取号机", "0")
	submit(t, kiosk, "a.kiosk-tile[data-prefix=A]")
	submit(t, kiosk, "a.kiosk-tile[data-code=XK-001]")
	submit(t, kiosk, "#kiosk-issue")
	wantText(t, kiosk, "#r-code", "A001")
	clock.Advance(2 * time.Minute)

	// 2. Window 1's A clerk opens the window, calls A001 and starts serving.
	w1a := staffOn(t, director, base, "w1a", h.console(1))
	press(t, w1a, "o")
	press(t, w1a, "n")
	wantText(t, w1a, "#current-code", "A001")
	press(t, w1a, "s")
	wantText(t, w1a, "#current-status", "办理中")

	// 3. The console's link starts the case from the ticket: the applicant
	// brings only the application form; 身份证 and 场地证明 are missing and
	// the conditional 委托书 does not apply.
	submit(t, w1a, "#start-case")
	wantText(t, w1a, "#intake-ticket", "A001")
	setValue(t, w1a, "#intake-item", strconv.FormatInt(h.licence, 10))
	submit(t, w1a, "#intake-choose-item")
	wantText(t, w1a, "#intake-item-name", "食品经营许可")
	setValue(t, w1a, "#applicant-name", "张伟")
	setValue(t, w1a, "#id-number", bianmin.WithIDCheck("44030519850302001"))
	setValue(t, w1a, "#phone", "13712345678")
	for name, state := range map[string]bianmin.MaterialState{"申请表": bianmin.MaterialOriginal,
		"身份证": bianmin.MaterialMissing, "场地证明": bianmin.MaterialMissing, "委托书": bianmin.MaterialNotNeeded} {
		setValue(t, w1a, materialState("intake-materials", name), string(state))
	}
	setValue(t, w1a, "#intake-outcome", "supplement")
	submit(t, w1a, "#intake-submit")
	wantText(t, w1a, "#case-status", "待补正")
	casePage := h.casePage(mustID(t, js[string](t, w1a, `location.pathname.split("/")[2]`)))
	caseNo := text(t, w1a, "#case-no")
	if len(caseNo) < 20 || len(caseNo) > 50 {
		t.Fatalf("case number %q is not an..50 (R9.3)", caseNo)
	}
	wantText(t, w1a, "#case-applicant", "137****5678")
	if got := text(t, w1a, "#case-applicant"); strings.Contains(got, "13712345678") || strings.Contains(got, "0302001") {
		t.Fatalf("the case page shows the phone or ID number in clear (R8.2): %q", got)
	}

	// 4. The one supplement notice, printed on A4, lists both missing
	// materials and not the one handed in (ON-2, R1.5).
	shown, printed := printNotice(t, w1a, "supplement")
	wantPrinted(t, shown, printed, caseNo, "身份证", "场地证明", "ON-2", "〔印章〕")
	if strings.Contains(printed, "申请表") {
		t.Error("the supplement notice asks for 申请表, which was handed in")
	}

	// 5. The applicant returns the next morning with both; the clerk, whose
	// session ended overnight (SECURITY-4), logs in again, records them and
	// accepts: the clock starts that day (C-1, R1.6) and ends 5 working days
	// later, Tuesday 2026-03-10 (C-0, R1.17).
	clock.Advance(24 * time.Hour)
	login(t, w1a, base, "w1a", newPw)
	open(t, w1a, casePage)
	setValue(t, w1a, materialState("case-lines", "身份证"), string(bianmin.MaterialOriginal))
	setValue(t, w1a, materialState("case-lines", "场地证明"), string(bianmin.MaterialCopy))
	submit(t, w1a, "#materials-submit")
	if got := js[string](t, w1a, `document.querySelector("#case-materials tr[data-name='场地证明']").dataset.state`); got != "copy" {
		t.Fatalf("场地证明 recorded as %q after the applicant returned", got)
	}
	setValue(t, w1a, "#decide-outcome", "accept")
	submit(t, w1a, "#decide-submit")
	wantText(t, w1a, "#case-status", "已受理")
	wantText(t, w1a, "#case-due", "2026-03-10（C-0）")
	wantText(t, w1a, "#case-colour", "绿")
	wantText(t, w1a, "#case-accepted", "2026-03-03")

	// 6. Printing the acceptance notice shows the case number, the due date
	// and the query code the citizen will need (R1.4, R3.13).
	shown, printed = printNotice(t, w1a, "acceptance")
	wantPrinted(t, shown, printed, "受理通知书", caseNo, "2026-03-10", "C-0", "C-1", "王芳")
	code := text(t, w1a, "#notice-query-code")
	if !queryCodeText.MatchString(code) || !strings.Contains(printed, code) {
		t.Fatalf("the printed acceptance notice shows query code %q", code)
	}
	clock.Advance(3 * time.Minute)

	// 7. Window 1's B clerk reviews (审查) …
	w1b := staffOn(t, director, base, "w1b", casePage)
	passReview(t, w1b, "材料齐全，经营场所符合要求")
	if present(t, w1b, "#approve-form") {
		// The reviewer may see the form, but approving is refused (C-5).
		submit(t, w1b, "#approve-submit")
		wantText(t, w1b, "#form-errors", "C-5")
		wantText(t, w1b, "#case-status", "已审查待审批")
	}
	clock.Advance(3 * time.Minute)

	// 8. … and the chief representative, another person, approves (C-5).
	chief1 := staffOn(t, director, base, "chief1", casePage)
	setValue(t, chief1, "#approve-opinion", "同意许可")
	submit(t, chief1, "#approve-submit")
	wantText(t, chief1, "#case-status", "已批准待办结")
	wantText(t, chief1, "#case-decided", "赵首席")
	clock.Advance(3 * time.Minute)

	// 9. The window invoices one certificate at the published 10 yuan, the
	// cashier's receipt is recorded (CAT-3), and the case completes with
	// the certificate's number (R3.16).
	open(t, w1a, casePage)
	invoice(t, w1a, "10", "1")
	wantText(t, w1a, "#case-fees", "10.00 × 1 = 10.00")
	payInvoice(t, w1a, "SJ20260303007")
	completeWith(t, w1a, "JY14403050000321", "2031-03-02")
	if n := js[int](t, w1a, `document.querySelectorAll("#case-steps tr[data-status='2']").length`); n != 4 {
		t.Fatalf("%d finished steps, want 受理, 审查, 审批 and 办结 (R3.14)", n)
	}
	handlers := text(t, w1a, "#case-steps")
	for _, who := range []string{"王芳", "刘洋", "赵首席"} {
		if !strings.Contains(handlers, who) {
			t.Errorf("the steps %q do not name %s", handlers, who)
		}
	}

	// 10. The outbox holds the completion message for the applicant's masked
	// phone, sent once by the default recorder (C-7).
	open(t, w1a, base+"/messages")
	row := `document.querySelector("#messages tr[data-kind='completed'][data-case='` + caseNo + `']")`
	waitJS(t, w1a, row+` !== null && `+row+`.dataset.status === "sent"`, 15*time.Second, "completion message sent")
	if got := js[string](t, w1a, row+`.textContent`); !strings.Contains(got, "137****5678") || strings.Contains(got, "13712345678") {
		t.Fatalf("outbox row: %q", got)
	}
	if n := js[int](t, w1a, `document.querySelectorAll("#messages tr[data-kind='completed'][data-case='`+caseNo+`']").length`); n != 1 {
		t.Fatalf("%d completion messages for the case, want 1", n)
	}

	// 11. The citizen, in a browser of their own without logging in, looks
	// the case up by its number and the query code (C-8).
	citizen := otherBrowser(t, director)
	queryProgress(t, citizen, base, caseNo, code)
	wantText(t, citizen, "#progress-no", caseNo)
	wantText(t, citizen, "#progress-status", "已办结")
	wantText(t, citizen, "#progress-item", "食品经营许可")
	wantText(t, citizen, "#progress-result-name", "食品经营许可证")
	wantText(t, citizen, "#progress-applicant", "张")
	if got := text(t, citizen, "#progress-result"); strings.Contains(got, "张伟") || strings.Contains(got, "1371234") ||
		strings.Contains(got, "5678") || strings.Contains(got, "19850302") {
		t.Fatalf("the public progress page shows personal data: %q", got)
	}
	if n := js[int](t, citizen, `document.querySelectorAll("#progress-steps tr[data-done='1']").length`); n != 4 {
		t.Fatalf("the citizen sees %d finished steps, want 4", n)
	}
	if strings.Contains(js[string](t, citizen, "location.href"), code) {
		t.Fatal("the query code ended up in the address (SECURITY.md item 32)")
	}
}

// materialState selects the state of a checklist line by material name in
// a material_lines table.
func materialState(table, name string) string {
	return `#` + table + ` tr[data-name="` + name + `"] select[name^="state_"]`
}

// queryProgress fills the public progress form, which posts (SECURITY.md
// item 32: nothing in the address).
func queryProgress(t *testing.T, ctx context.Context, base, caseNo, code string) {
	t.Helper()
	open(t, ctx, base+"/progress")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#progress-case-no"), caseNo),
		chromedp.SendKeys(chromedp.CSS("#progress-code"), code))
	submit(t, ctx, "#progress-submit")
}

// staffOn logs a person in at a PC of their own (a new browser context)
// with the forced first password change, and opens a page.
func staffOn(t *testing.T, from context.Context, base, user, page string) context.Context {
	t.Helper()
	ctx := otherBrowser(t, from)
	loginChanged(t, ctx, base, user)
	open(t, ctx, page)
	return ctx
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		t.Fatalf("case ID %q", s)
	}
	return id
}
