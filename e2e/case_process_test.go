package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/testutil"
)

// handedIn is the checklist of an application with every required
// material of the fixture's items handed in as an original.
func (h *caseHall) handedIn(itemID int64) []service.MaterialInput {
	line := func(pos int, st bianmin.MaterialState) service.MaterialInput {
		return service.MaterialInput{Position: pos, State: st, Count: 1}
	}
	if itemID == h.joint {
		return []service.MaterialInput{line(1, bianmin.MaterialOriginal)} // 残疾人证
	}
	// 申请表, 身份证, 场地证明; 委托书 only when an agent applies
	return []service.MaterialInput{line(1, bianmin.MaterialOriginal), line(2, bianmin.MaterialOriginal),
		line(3, bianmin.MaterialOriginal), line(4, bianmin.MaterialNotNeeded)}
}

// acceptCase takes in an application at window 1 through the service with
// every required material and accepts it (setup only; what the test checks
// happens in the browser).
func (h *caseHall) acceptCase(t *testing.T, itemID int64) int64 {
	t.Helper()
	ctx := context.Background()
	_, w1a, err := h.srv.svc.Login(ctx, "w1a", initialPw, "127.0.0.1", "e2e")
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.srv.svc.Intake(ctx, w1a, service.IntakeRequest{ItemID: itemID, ApplicantType: bianmin.ApplicantPerson,
		ApplicantName: "李四", IDNumber: bianmin.WithIDCheck("44030519850302001"), Phone: "13712345678",
		Materials: h.handedIn(itemID), DecideRequest: service.DecideRequest{Outcome: "accept"}})
	if err != nil {
		t.Fatal(err)
	}
	h.codes[res.Case.ID] = res.QueryCode
	return res.Case.ID
}

func (h *caseHall) casePage(id int64) string {
	return h.srv.base + "/cases/" + strconv.FormatInt(id, 10)
}

// passReview passes the review on the case page with an opinion (R3.14).
func passReview(t *testing.T, ctx context.Context, opinion string) {
	t.Helper()
	setValue(t, ctx, "#review-opinion", opinion)
	submit(t, ctx, "#review-pass")
	wantText(t, ctx, "#case-status", "已审查待审批")
}

// invoice issues an invoice of quantity × unit yuan on the case page (CAT-3).
func invoice(t *testing.T, ctx context.Context, unit, quantity string) {
	t.Helper()
	setValue(t, ctx, "#invoice-unit", unit)
	setValue(t, ctx, "#invoice-quantity", quantity)
	submit(t, ctx, "#invoice-submit")
	wantText(t, ctx, "#case-fees", unit+".00 × "+quantity)
}

// payInvoice records at the cashier that the unpaid invoice was paid, with
// the receipt number (CAT-3).
func payInvoice(t *testing.T, ctx context.Context, receipt string) {
	t.Helper()
	feeID := js[string](t, ctx, `document.querySelector("#case-fees tr[data-fee][data-paid='0']").dataset.fee`)
	setValue(t, ctx, "#pay-receipt-"+feeID, receipt)
	submit(t, ctx, "#pay-submit-"+feeID)
	wantText(t, ctx, "#case-fees", receipt)
}

// completeWith completes the case on its page with the certificate's
// number and validity (R3.16).
func completeWith(t *testing.T, ctx context.Context, certNo, validUntil string) {
	t.Helper()
	setValue(t, ctx, "#complete-no", certNo)
	setValue(t, ctx, "#complete-valid", validUntil)
	submit(t, ctx, "#complete-submit")
	wantText(t, ctx, "#case-status", "已办结")
	wantText(t, ctx, "#case-result", certNo)
}

// Review, a refused approval by the reviewer (C-5), approval by the chief
// representative, invoice and payment (CAT-3), completion (R3.16) and the
// completion message in the outbox (C-7); then a joint item approved by
// both departments' chief representatives on their own pages (C-6).
func TestCaseProcessInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			lic, joint := h.acceptCase(t, h.licence), h.acceptCase(t, h.joint)

			w1b := browser(t)
			loginChanged(t, w1b, h.srv.base, "w1b")
			open(t, w1b, h.casePage(lic))
			wantText(t, w1b, "#case-status", "已受理")
			wantText(t, w1b, "#case-due", "2026-03-09（C-0）")
			wantText(t, w1b, "#case-colour", "绿")
			passReview(t, w1b, "材料齐全，经营场所符合要求")
			wantText(t, w1b, "#notice", "审查已完成")
			wantText(t, w1b, "#case-steps", "材料齐全，经营场所符合要求")
			// The reviewer cannot approve (C-5): the page says why.
			submit(t, w1b, "#approve-submit")
			wantText(t, w1b, "#form-errors", "C-5")
			wantText(t, w1b, "#case-status", "已审查待审批")

			chief1 := otherBrowser(t, w1b)
			loginChanged(t, chief1, h.srv.base, "chief1")
			open(t, chief1, h.casePage(lic))
			if present(t, chief1, "#review-form") || present(t, chief1, "#complete-form") {
				t.Fatal("the chief representative should see only the decision forms of a reviewed case")
			}
			setValue(t, chief1, "#approve-opinion", "同意许可")
			submit(t, chief1, "#approve-submit")
			wantText(t, chief1, "#case-status", "已批准待办结")
			wantText(t, chief1, "#case-decided", "赵首席")
			wantText(t, chief1, "#case-colour", "绿") // supervised until completed (R3.13)

			w1a := otherBrowser(t, w1b)
			loginChanged(t, w1a, h.srv.base, "w1a")
			open(t, w1a, h.casePage(lic))
			wantText(t, w1a, "#fee-standard", "证书工本费每本10元")
			setValue(t, w1a, "#invoice-unit", "15")
			submit(t, w1a, "#invoice-submit")
			wantText(t, w1a, "#form-errors", "CAT-3")
			// One certificate at the published 10 yuan; completion waits for the payment.
			invoice(t, w1a, "10", "1")
			wantText(t, w1a, "#case-fees", "10.00 × 1 = 10.00")
			wantText(t, w1a, "#complete-unpaid", "CAT-3")
			submit(t, w1a, "#complete-submit")
			wantText(t, w1a, "#form-errors", "CAT-3")
			payInvoice(t, w1a, "SJ20260302001")
			completeWith(t, w1a, "JY14403050000001", "2031-03-01")
			steps := js[int](t, w1a, `document.querySelectorAll("#case-steps tr[data-status='2']").length`)
			if steps != 4 {
				t.Fatalf("%d finished steps, want 受理, 审查, 审批, 办结", steps)
			}
			wantText(t, w1a, "#case-messages", "已办结")

			// The outbox: the completion message, recorded (no SMS gateway configured).
			caseNo := text(t, w1a, "#case-no")
			open(t, w1a, h.srv.base+"/messages")
			row := `document.querySelector("#messages tr[data-kind='completed'][data-case='` + caseNo + `']")`
			waitJS(t, w1a, row+` !== null && `+row+`.dataset.status === "sent"`, 15*time.Second, "completion message sent")
			if got := js[string](t, w1a, row+`.textContent`); !strings.Contains(got, "137****5678") || !strings.Contains(got, "JY14403050000001") || strings.Contains(got, "13712345678") {
				t.Fatalf("outbox row: %q", got)
			}

			// English switch on the case page.
			open(t, w1a, h.casePage(lic))
			submit(t, w1a, "#lang-switch")
			wantText(t, w1a, "#case-status", "completed")
			checkEnglish(t, w1a, "case page")
			checkContrast(t, w1a, "case page")
			open(t, w1a, h.srv.base+"/messages")
			checkEnglish(t, w1a, "messages")
			checkContrast(t, w1a, "messages")
			submit(t, w1a, "#lang-switch")

			// Joint item: both departments approve, each on their own page (C-6).
			open(t, w1b, h.casePage(joint))
			passReview(t, w1b, "两部门材料齐全")
			open(t, chief1, h.casePage(joint))
			submit(t, chief1, "#approve-submit")
			wantText(t, chief1, "#case-status", "已审查待审批")
			if n := js[int](t, chief1, `document.querySelectorAll("#case-approvals tr[data-decision='approve']").length`); n != 1 {
				t.Fatalf("%d department approvals after chief1, want 1", n)
			}
			chief2 := otherBrowser(t, w1b)
			loginChanged(t, chief2, h.srv.base, "chief2")
			open(t, chief2, h.casePage(joint))
			wantText(t, chief2, "#case-approvals", "民政办")
			submit(t, chief2, "#approve-submit")
			wantText(t, chief2, "#case-status", "已批准待办结")
			if n := js[int](t, chief2, `document.querySelectorAll("#case-approvals tr[data-decision='approve']").length`); n != 2 {
				t.Fatalf("%d department approvals after chief2, want 2", n)
			}
			// The API answers alike: the case as JSON, the reviewer's approval refused under C-5.
			jointAPI := "/api/v1/cases/" + strconv.FormatInt(joint, 10)
			if got := fetchGet(t, chief2, jointAPI); got.Status != 200 || !strings.Contains(got.Body, `"status": "approved"`) {
				t.Fatalf("GET %s: %d %s", jointAPI, got.Status, got.Body)
			}
			if got := padFetchPost(t, w1b, jointAPI+"/approve", `{"opinion":"同意"}`); got.Status != 403 || !strings.Contains(got.Body, `"rule": "C-5"`) {
				t.Fatalf("the reviewer approving through the API: %d %s", got.Status, got.Body)
			}
			// The licence of department 1 stays closed to department 2 (SECURITY.md item 9).
			if got := fetchGet(t, chief2, "/cases/"+strconv.FormatInt(lic, 10)); got.Status != 403 {
				t.Fatalf("chief2 opening dept1's case: status %d", got.Status)
			}
		})
	}
}
