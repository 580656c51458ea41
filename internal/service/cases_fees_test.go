package service_test

import (
	"errors"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// approvedCase takes a case of the item through review (w1b) and approval
// (chiefA1), the one-review-one-approval of C-5.
func (c *caseEnv) approvedCase(it *bianmin.ServiceItem) *bianmin.Case {
	c.t.Helper()
	cs := c.takeInAccepted(it, c.w1a)
	if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "材料齐全，符合条件", true); err != nil {
		c.t.Fatal(err)
	}
	if err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "同意"); err != nil {
		c.t.Fatal(err)
	}
	return cs
}

var certificate = service.CompleteRequest{ResultName: "食品经营许可证", ResultNo: "JY15116020000012",
	ValidUntil: "2031-03-01", Delivery: service.DeliveryPickup, Desc: "准予许可"}

// Invoices only from the published standard (CAT-3): refused for a free
// item and for an amount the standard does not state, both audited.
func TestCaseFeesOnlyFromPublishedStandard(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		free := c.approvedCase(c.immediate)
		_, err := c.svc.InvoiceCase(c.ctx, c.w1a, free.ID, 1000, 1)
		wantRefusal(t, err, bianmin.EINVALID, "CAT-3", "an invoice for a free item")
		lic := c.approvedCase(c.licence)
		_, err = c.svc.InvoiceCase(c.ctx, c.w1a, lic.ID, 1500, 1)
		wantRefusal(t, err, bianmin.EINVALID, "CAT-3", "15 yuan against a standard of 10 yuan")
		if !strings.Contains(bianmin.AsError(err).ZH, "证书工本费每本10元") {
			t.Fatalf("the refusal should quote the standard: %q", bianmin.AsError(err).ZH)
		}
		if n := c.auditRows("case.invoice", "CAT-3", bianmin.ResultDenied); n != 2 {
			t.Fatalf("refused invoices audited %d times, want 2", n)
		}
		fee, err := c.svc.InvoiceCase(c.ctx, c.w1a, lic.ID, 1000, 1)
		if err != nil {
			t.Fatal(err)
		}
		if fee.AmountFen != 1000 || !strings.HasPrefix(fee.InvoiceNo, "JF2026") || fee.Standard != "证书工本费每本10元" {
			t.Fatalf("invoice: %+v", fee)
		}
		if err := c.svc.CompleteCase(c.ctx, c.w1a, lic.ID, certificate); bianmin.AsError(err).Rule != "CAT-3" {
			t.Fatalf("completion with an unpaid invoice: %v, want the CAT-3 conflict", err)
		}
		if err := c.svc.PayFee(c.ctx, c.w3a, lic.ID, fee.ID, ""); bianmin.AsError(err).Field != "receipt_no" {
			t.Fatalf("payment without receipt: %v", err)
		}
		// The cashier is any clerk of the centre.
		if err := c.svc.PayFee(c.ctx, c.w3a, lic.ID, fee.ID, "SJ-0001"); err != nil {
			t.Fatal(err)
		}
		if err := c.svc.PayFee(c.ctx, c.w3a, lic.ID, fee.ID, "SJ-0002"); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("paying twice: %v, want a conflict", err)
		}
		if err := c.svc.PayFee(c.ctx, c.chiefA2, lic.ID, fee.ID, "SJ-0003"); !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("payment recorded by a chief representative: %v, want forbidden", err)
		}
		v := c.view(lic.ID)
		if f := v.Case.Fees[0]; f.ReceiptNo != "SJ-0001" || f.PaidBy != c.w3a.UserID || f.PaidAt == nil {
			t.Fatalf("paid invoice: %+v", f)
		}
		if c.auditRows("case.pay", "CAT-3", bianmin.ResultOK) != 1 {
			t.Fatal("the payment should be audited under CAT-3")
		}
	})
}

// Completion records the result (R3.16), a completion notice and one
// message to the applicant (C-7); a licence is published (C-8).
func TestCaseCompletion(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.approvedCase(c.licence)
		fee, err := c.svc.InvoiceCase(c.ctx, c.w1a, cs.ID, 1000, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.svc.PayFee(c.ctx, c.w1a, cs.ID, fee.ID, "SJ-0001"); err != nil {
			t.Fatal(err)
		}
		bad := certificate
		bad.Delivery, bad.ValidUntil, bad.ResultNo = "drone", "2020-01-01", "JY 1"
		if e := bianmin.AsError(c.svc.CompleteCase(c.ctx, c.w1a, cs.ID, bad)); e == nil || len(e.Details) != 3 {
			t.Fatalf("completion with a bad delivery, validity and number: %v, want three field errors", e)
		}
		if err := c.svc.CompleteCase(c.ctx, c.w1a, cs.ID, certificate); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		got := v.Case
		if got.Status != bianmin.CaseCompleted || got.CompletedAt == nil || got.ResultNo != "JY15116020000012" ||
			got.ResultName != "食品经营许可证" || got.ResultValidUntil != "2031-03-01" || got.Delivery != "pickup" || got.ResultDesc != "准予许可" {
			t.Fatalf("completed case: %+v", got)
		}
		if !got.Publish || got.ArchivedAt != nil || got.Colour != bianmin.ColourNone {
			t.Fatalf("licence: publish %v archived %v colour %s; want published (C-8), not archived same day", got.Publish, got.ArchivedAt, got.Colour)
		}
		var notices int
		for _, n := range got.Notices {
			if n.Kind == bianmin.NoticeCompletion {
				notices++
				if n.Body.ResultNo != "JY15116020000012" || n.RuleID != "R3.16" {
					t.Fatalf("completion notice: %+v", n)
				}
			}
		}
		if notices != 1 {
			t.Fatalf("%d completion notices, want 1", notices)
		}
		ms := c.messagesOf(cs.ID, "completed")
		if len(ms) != 1 || !strings.Contains(ms[0].BodyZH, "已办结") || !strings.Contains(ms[0].BodyZH, "JY15116020000012") ||
			ms[0].RecipientMasked == "" || ms[0].RecipientEnc == "" || ms[0].Status != bianmin.OutboxPending {
			t.Fatalf("completion messages: %+v", ms)
		}
		if st := step(v, bianmin.StepCompletion, 0); st == nil || st.Status != 2 || st.HandlerID != c.w1a.UserID {
			t.Fatalf("completion step: %+v", st)
		}
		if err := c.svc.CompleteCase(c.ctx, c.w1a, cs.ID, certificate); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("completing twice: %v", err)
		}
		if n := len(c.messagesOf(cs.ID, "completed")); n != 1 {
			t.Fatalf("%d completion messages after a second attempt", n)
		}
	})
}

// An immediate case goes through review and approval by two people too
// (C-5) and is archived the day it is completed (C-9).
func TestCaseImmediateArchivedSameDay(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.approvedCase(c.immediate)
		r := service.CompleteRequest{Delivery: service.DeliveryPickup}
		if err := c.svc.CompleteCase(c.ctx, c.w1b, cs.ID, r); err != nil {
			t.Fatal(err)
		}
		got := c.caseRow(cs.ID)
		if got.ArchivedAt == nil || got.Publish || got.ResultName != c.immediate.ResultName {
			t.Fatalf("immediate case: archived %v publish %v result %q", got.ArchivedAt, got.Publish, got.ResultName)
		}
	})
}
