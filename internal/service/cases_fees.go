package service

import (
	"context"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/store"
)

// Fees from the item's published standard only (CAT-3), paid at the
// cashier, and the completion that hands over the result once nothing is
// owed (R3.16, C-7, C-8, C-9).

// Delivery of a result (R3.16 是否快递寄送结果).
const (
	DeliveryPickup = "pickup"
	DeliveryPost   = "post"
)

var errUnpaid = bianmin.Errorf(bianmin.ECONFLICT, "尚有未缴清的费用，缴费后才能办结（CAT-3）。",
	"An invoice is still unpaid; the case can be completed once it is paid (CAT-3).").WithRule("CAT-3")

// InvoiceCase issues an invoice for a case that is still being handled:
// quantity times a unit amount that the item version's published fee
// standard states (CAT-3). Anything else — a free item, an amount not in the
// standard — is refused and the attempt audited.
func (s *Service) InvoiceCase(ctx context.Context, a *bianmin.Actor, id int64, unitFen int64, quantity int) (*bianmin.CaseFee, error) {
	var fee *bianmin.CaseFee
	err := s.onCase(ctx, a, id, "case.invoice", func(tx *store.Tx, _ *calendar.Calendar, c *bianmin.Case) error {
		if err := requireHandler(ctx, tx, a, c, "case.invoice", caseReviewers...); err != nil {
			return err
		}
		if !c.Status.Open() {
			return bianmin.Errorf(bianmin.ECONFLICT, "只有办理中的办件可以开具缴费单。", "Only a case being handled can be invoiced.")
		}
		it, err := store.ItemByID(ctx, tx, c.ItemID)
		if err != nil {
			return err
		}
		if err := cases.CheckFee(it.Fee, unitFen, quantity); err != nil {
			return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: "case.invoice", ObjectType: "case",
				ObjectID: idStr(c.ID), RuleID: "CAT-3", After: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo,
					"unit_fen": unitFen, "quantity": quantity, "standard": it.Fee})}, err)
		}
		year := tx.Now.In(bianmin.Shanghai).Year()
		seq, err := store.NextNumber(ctx, tx, c.CentreID, "invoice", strconv.Itoa(year))
		if err != nil {
			return err
		}
		fee = &bianmin.CaseFee{CaseID: c.ID, InvoiceNo: cases.DocNo("invoice", c.CentreID, year, seq),
			AmountFen: unitFen * int64(quantity), UnitFen: unitFen, Quantity: quantity, Standard: it.Fee, IssuedBy: a.UserID}
		if err := store.InsertFee(ctx, tx, fee); err != nil {
			return err
		}
		c.Fees = append(c.Fees, fee)
		return caseAudit(ctx, tx, a, c, "case.invoice", "CAT-3", map[string]any{"invoice_no": fee.InvoiceNo,
			"amount_fen": fee.AmountFen, "unit_fen": unitFen, "quantity": quantity, "standard": it.Fee})
	})
	return fee, err
}

// PayFee records at the cashier window that an invoice of the case was
// paid, with the receipt number. Any clerk of the centre works the cashier,
// so the actor need not handle the case's department.
func (s *Service) PayFee(ctx context.Context, a *bianmin.Actor, id, feeID int64, receiptNo string) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	receiptNo = strings.TrimSpace(receiptNo)
	return s.write(ctx, func(tx *store.Tx) error {
		c, err := store.CaseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		cashier, err := mayActAny(ctx, tx, a, c.CentreID, bianmin.RoleClerk)
		if err != nil {
			return err
		}
		if !cashier || isSystem(a) {
			return refuseOnCase(ctx, tx, a, c, "case.pay", ruleScope, bianmin.ErrForbidden)
		}
		if !textOK(receiptNo, 1, 50) {
			return bianmin.FieldError("receipt_no", "请填写收据号码（最多 50 个字符）。", "Give the receipt number (at most 50 characters).")
		}
		if c.Fees, err = store.CaseFees(ctx, tx, c.ID); err != nil {
			return err
		}
		for _, f := range c.Fees {
			if f.ID != feeID {
				continue
			}
			f.ReceiptNo, f.PaidBy = receiptNo, a.UserID
			ok, err := store.PayFee(ctx, tx, f)
			if err != nil {
				return err
			}
			if !ok {
				return bianmin.Errorf(bianmin.ECONFLICT, "该缴费单已经缴清。", "This invoice is already paid.")
			}
			return caseAudit(ctx, tx, a, c, "case.pay", "CAT-3", map[string]any{"invoice_no": f.InvoiceNo,
				"receipt_no": receiptNo, "amount_fen": f.AmountFen})
		}
		return bianmin.ErrNotFound
	})
}

// CompleteRequest is the result of a case (R3.16).
type CompleteRequest struct {
	ResultName string `json:"result_name"` // 结果证照名称; the item's result name when empty
	ResultNo   string `json:"result_no"`   // 结果证照编号 an..50
	ValidUntil string `json:"valid_until"` // 证照有效期限 YYYY-MM-DD; empty when it does not expire
	Delivery   string `json:"delivery"`    // pickup or post
	Desc       string `json:"desc"`        // 办件结果描述
}

// CompleteCase completes an approved case whose invoices are paid: the
// result is recorded (R3.16), a completion notice issued and the applicant
// told by message (C-7). Licence decisions go on the public results board
// (C-8, 行政许可法 第四十条) and immediate cases are archived the same day
// (C-9).
func (s *Service) CompleteCase(ctx context.Context, a *bianmin.Actor, id int64, r CompleteRequest) error {
	r = trimComplete(r)
	return s.onCase(ctx, a, id, "case.complete", func(tx *store.Tx, _ *calendar.Calendar, c *bianmin.Case) error {
		if err := requireHandler(ctx, tx, a, c, "case.complete", caseReviewers...); err != nil {
			return err
		}
		if err := readyFor(c, cases.ActComplete); err != nil {
			return err
		}
		for _, f := range c.Fees {
			if f.PaidAt == nil {
				return errUnpaid
			}
		}
		it, err := store.ItemByID(ctx, tx, c.ItemID)
		if err != nil {
			return err
		}
		if r.ResultName == "" {
			r.ResultName = it.ResultName
		}
		if err := checkComplete(r, bianmin.LocalDate(tx.Now)); err != nil {
			return err
		}
		st, err := pendingStep(ctx, tx, c, bianmin.StepCompletion, c.DepartmentID)
		if err != nil {
			return err
		}
		if err := finishStep(ctx, tx, st, a.UserID, bianmin.StepPass, completionOpinion(r)); err != nil {
			return err
		}
		if err := moveCase(c, cases.ActComplete); err != nil {
			return err
		}
		c.CompletedAt, c.Colour = timePtr(tx.Now), bianmin.ColourNone
		c.ResultName, c.ResultNo, c.ResultValidUntil, c.ResultDesc, c.Delivery = r.ResultName, r.ResultNo, r.ValidUntil, r.Desc, r.Delivery
		c.Publish = it.ItemType == bianmin.ItemLicence
		if c.Kind == bianmin.CaseImmediate {
			c.ArchivedAt = timePtr(tx.Now)
		}
		if _, err := issueNotice(ctx, tx, a, c, bianmin.NoticeCompletion, "R3.16",
			bianmin.NoticeBody{ResultName: r.ResultName, ResultNo: r.ResultNo, Delivery: r.Delivery}); err != nil {
			return err
		}
		zh, en := completionMessage(c)
		if err := s.enqueueMessage(ctx, tx, c, "completed", "completed", zh, en); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.complete", "R3.16", map[string]any{"result_name": r.ResultName,
			"result_no": r.ResultNo, "delivery": r.Delivery, "publish": c.Publish, "archived": c.ArchivedAt != nil})
	})
}

func trimComplete(r CompleteRequest) CompleteRequest {
	r.ResultName, r.ResultNo, r.ValidUntil = strings.TrimSpace(r.ResultName), strings.TrimSpace(r.ResultNo), strings.TrimSpace(r.ValidUntil)
	r.Delivery, r.Desc = strings.TrimSpace(r.Delivery), strings.TrimSpace(r.Desc)
	return r
}

func checkComplete(r CompleteRequest, today string) error {
	var v bianmin.Validation
	if !textOK(r.ResultName, 1, 100) {
		v.Add("result_name", "请填写结果证照名称（最多 100 个字符，R3.16）。", "Give the name of the result (at most 100 characters, R3.16).")
	}
	if !textOK(r.ResultNo, 0, 50) || strings.ContainsAny(r.ResultNo, " \u3000") {
		v.Add("result_no", "结果证照编号最多 50 个字符，且不含空格（R3.16）。", "The result number has at most 50 characters and no spaces (R3.16).")
	}
	if r.ValidUntil != "" {
		if d, err := calendar.ParseDate(r.ValidUntil); err != nil || d.String() <= today {
			v.Add("valid_until", "有效期限须为今天以后的日期（YYYY-MM-DD）。", "The validity must end on a date after today (YYYY-MM-DD).")
		}
	}
	if r.Delivery != DeliveryPickup && r.Delivery != DeliveryPost {
		v.Add("delivery", "请选择窗口领取或邮寄送达（R3.16）。", "Choose pick-up or post (R3.16).")
	}
	if !textOK(r.Desc, 0, 500) {
		v.Add("desc", "结果描述最多 500 个字符。", "The description has at most 500 characters.")
	}
	return v.Err()
}

// completionOpinion is the 办结 step's opinion: what was handed over.
func completionOpinion(r CompleteRequest) string {
	op := "办结：" + r.ResultName
	if r.ResultNo != "" {
		op += " " + r.ResultNo
	}
	if r.Desc != "" {
		op += "；" + r.Desc
	}
	return op
}

// completionMessage tells the applicant the case is done and how the
// result reaches them (C-7).
func completionMessage(c *bianmin.Case) (zh, en string) {
	result, resultEN := c.ResultName, c.ResultName
	if c.ResultNo != "" {
		result += "（编号 " + c.ResultNo + "）"
		resultEN += " (no. " + c.ResultNo + ")"
	}
	how, howEN := "请您携带身份证件到中心窗口领取。", "Please collect it at the centre's window with your ID."
	if c.Delivery == DeliveryPost {
		how, howEN = "结果将邮寄给您，请注意查收。", "It will be sent to you by post."
	}
	return "您好！您申请的“" + c.ItemName + "”（办件编号 " + c.CaseNo + "）已办结，结果为" + result + "。" + how + "感谢您的支持！",
		"Hello. Your application “" + c.ItemName + "” (case " + c.CaseNo + ") is complete; the result is " + resultEN + ". " + howEN + " Thank you."
}
