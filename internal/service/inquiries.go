package service

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// How a first-inquiry record ends (FI-1, FI-2).
const (
	InquiryOutcomeAnswered = "answered"      // the owner answered
	InquiryOutcomeHanded   = "handed"        // the window it was handed to took care of it
	InquiryOutcomeOutside  = "outside_remit" // outside the centre's remit, explained to the citizen
	InquiryOutcomeReferred = "referred"      // nobody knew: passed to the duty leader for routing
	InquiryOutcomeCase     = "case"          // taken in as a case
)

// InquiryCloseOutcomes lists the outcomes a person may choose, in display order.
var InquiryCloseOutcomes = []string{InquiryOutcomeAnswered, InquiryOutcomeHanded, InquiryOutcomeOutside, InquiryOutcomeReferred}

// InquiryChannels lists where an inquiry can start.
var InquiryChannels = []string{bianmin.InquiryWindow, bianmin.InquiryGuide, bianmin.InquiryPhone}

var (
	// InquiryStaff meet citizens and so open first-inquiry records (FI-1).
	InquiryStaff = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleGuide, bianmin.RoleDutyChief, bianmin.RoleDutyLeader,
		bianmin.RoleDirector, bianmin.RoleOffice}
	// InquiryRouters route phone calls and referred matters to departments (FI-2, FI-3).
	InquiryRouters = []bianmin.Role{bianmin.RoleDutyLeader, bianmin.RoleDirector}
)

// inquiryListLimit bounds the lists of open records.
const inquiryListLimit = 200

var phoneNumber = regexp.MustCompile(`^[0-9][0-9-]{6,19}$`)

var (
	errInquiryClosed = bianmin.Errorf(bianmin.ECONFLICT, "该首问登记已办结。", "This first-inquiry record is closed.").WithRule("FI-1")
	errNotRouting    = bianmin.Errorf(bianmin.ECONFLICT, "该登记不在等待值班领导分派的状态。",
		"This record is not waiting for the duty leader to route it.").WithRule("FI-3")
	errAwaitsRouting = bianmin.Errorf(bianmin.ECONFLICT, "该登记正等待值班领导分派到部门。",
		"This record is waiting for the duty leader to route it to a department.").WithRule("FI-3")
)

// OpenInquiry opens a first-inquiry record owned by the actor, the first
// staff member asked (FI-1): at a window, at the guide desk or on the
// phone. The caller's phone is sealed and masked (SECURITY.md item 18); a
// phone call waits for the duty leader to route it (FI-3). q comes back as
// pages show it: the asker's name masked.
func (s *Service) OpenInquiry(ctx context.Context, a *bianmin.Actor, q *bianmin.Inquiry, phone string) error {
	if a == nil || a.UserID == 0 {
		return bianmin.ErrUnauthorized
	}
	q.AskerName, q.Question, phone = strings.TrimSpace(q.AskerName), strings.TrimSpace(q.Question), strings.TrimSpace(phone)
	if err := checkInquiry(q, phone); err != nil {
		return err
	}
	rule := "FI-1"
	q.Status, q.OwnerID, q.Outcome, q.Answer = bianmin.InquiryOpen, a.UserID, "", ""
	if q.Channel == bianmin.InquiryPhone {
		q.Status, rule = bianmin.InquiryRouting, "FI-3"
	}
	return s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: q.CentreID, Action: "inquiry.open", ObjectType: "inquiry", RuleID: rule}
		ok, err := mayActAny(ctx, tx, a, q.CentreID, InquiryStaff...)
		if err != nil {
			return err
		}
		if !ok {
			e.RuleID = ruleScope
			return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
		}
		if err := inquiryPlace(ctx, tx, a, q); err != nil {
			return err
		}
		if phone != "" {
			p, err := s.policyOn(ctx, tx, q.CentreID, bianmin.LocalDate(tx.Now))
			if err != nil {
				return err
			}
			q.AskerPhoneEnc, q.AskerPhoneMasked = s.keys().Seal(phone), maskFor(p.Masking.StaffPhone, phone)
		}
		if err := store.InsertInquiry(ctx, tx, q); err != nil {
			return err
		}
		q.AskerName = bianmin.MaskName(q.AskerName)
		e.ObjectID, e.After = idStr(q.ID), inquiryAudit(q)
		return store.Audit(ctx, tx, a, e)
	})
}

// checkInquiry checks the fields of a new record: a phone call records the
// caller's name and number (FI-3); the question is always recorded.
func checkInquiry(q *bianmin.Inquiry, phone string) error {
	var v bianmin.Validation
	if !slices.Contains(InquiryChannels, q.Channel) {
		v.Add("channel", "请选择来源：窗口、导办台或电话。", "Choose the channel: window, guide desk or phone.")
	}
	if !textOK(q.Question, 1, 1000) {
		v.Add("question", "请记录所问事项（1 至 1000 个字符）。", "Record the question (1 to 1000 characters).")
	}
	minName := 0
	if q.Channel == bianmin.InquiryPhone {
		minName = 1
	}
	if !textOK(q.AskerName, minName, 50) {
		v.AddErr(bianmin.FieldError("asker_name", "来电须记录来电人姓名（最多 50 个字符）。",
			"A phone call records the caller's name (at most 50 characters).").WithRule("FI-3"))
	}
	if phone != "" && !phoneNumber.MatchString(phone) || phone == "" && q.Channel == bianmin.InquiryPhone {
		v.AddErr(bianmin.FieldError("asker_phone", "请填写有效的联系电话（来电必填）。",
			"Give a valid phone number (required for phone calls).").WithRule("FI-3"))
	}
	return v.Err()
}

// inquiryPlace checks the window and ticket a record names: a window of
// the centre where the actor holds a post, a ticket of the centre.
func inquiryPlace(ctx context.Context, tx *store.Tx, a *bianmin.Actor, q *bianmin.Inquiry) error {
	if q.WindowID != 0 {
		w, err := store.WindowByID(ctx, tx, q.WindowID)
		if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && (w.CentreID != q.CentreID || postOf(w, a.UserID) == "") {
			return bianmin.FieldError("window_id", "请选择您所在的窗口。", "Choose a window where you hold a post.").WithRule("ORG-2")
		}
		if err != nil {
			return err
		}
	}
	if q.TicketID != 0 {
		t, err := store.TicketByID(ctx, tx, q.TicketID)
		if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && t.CentreID != q.CentreID {
			return bianmin.FieldError("ticket_id", "该号不属于本中心。", "The ticket is not of this centre.")
		}
		return err
	}
	return nil
}

// inquiryAudit is the audit form of a record: the name and phone masked
// (SECURITY.md item 26).
func inquiryAudit(q *bianmin.Inquiry) string {
	return bianmin.JSONOf(map[string]any{"channel": q.Channel, "owner_id": q.OwnerID, "asker": bianmin.MaskName(q.AskerName),
		"phone": q.AskerPhoneMasked, "status": q.Status, "outcome": q.Outcome, "handed_window_id": q.HandedWindowID,
		"routed_department_id": q.RoutedDepartmentID, "case_id": q.CaseID})
}

// RouteInquiry gives a phone call or a referred matter to a department
// (FI-3; FI-2 "if nobody knows, ask the duty leader"): the duty leader or
// the director of the centre.
func (s *Service) RouteInquiry(ctx context.Context, a *bianmin.Actor, id, departmentID int64) error {
	return s.changeInquiry(ctx, a, id, "inquiry.route", "FI-3", func(tx *store.Tx, q *bianmin.Inquiry) error {
		ok, err := mayActAny(ctx, tx, a, q.CentreID, InquiryRouters...)
		if err != nil {
			return err
		}
		if !ok {
			return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: q.CentreID, Action: "inquiry.route", ObjectType: "inquiry",
				ObjectID: idStr(q.ID), RuleID: "FI-3"}, bianmin.ErrForbidden)
		}
		if q.Status != bianmin.InquiryRouting {
			return errNotRouting
		}
		d, err := store.DepartmentByID(ctx, tx, departmentID)
		if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && d.CentreID != q.CentreID {
			return bianmin.FieldError("department_id", "请选择本中心的部门。", "Choose a department of this centre.").WithRule("FI-3")
		}
		if err != nil {
			return err
		}
		q.Status, q.RoutedDepartmentID, q.RoutedBy = bianmin.InquiryRouted, d.ID, a.UserID
		return nil
	})
}

// AnswerInquiry records the answer and closes the record (FI-1, FI-2:
// handled at once where possible).
func (s *Service) AnswerInquiry(ctx context.Context, a *bianmin.Actor, id int64, answer string) error {
	answer = strings.TrimSpace(answer)
	if !textOK(answer, 1, 1000) {
		return bianmin.FieldError("answer", "请填写答复内容（1 至 1000 个字符）。", "Give the answer (1 to 1000 characters).")
	}
	return s.workInquiry(ctx, a, id, "inquiry.answer", "FI-1", func(tx *store.Tx, q *bianmin.Inquiry) error {
		q.Answer, q.Outcome = answer, InquiryOutcomeAnswered
		q.Status, q.ClosedAt = bianmin.InquiryClosed, timePtr(tx.Now)
		return nil
	})
}

// HandInquiry hands the matter to the window it belongs to: that window's
// A and B post holders become its first-receipt owners and see it until
// it is closed (FI-2, Q-7).
func (s *Service) HandInquiry(ctx context.Context, a *bianmin.Actor, id, windowID int64) error {
	return s.workInquiry(ctx, a, id, "inquiry.hand", "FI-2", func(tx *store.Tx, q *bianmin.Inquiry) error {
		w, err := store.WindowByID(ctx, tx, windowID)
		if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && w.CentreID != q.CentreID {
			return bianmin.FieldError("window_id", "请选择本中心的窗口。", "Choose a window of this centre.").WithRule("FI-2")
		}
		if err != nil {
			return err
		}
		q.Status, q.HandedWindowID = bianmin.InquiryHanded, w.ID
		return nil
	})
}

// CloseInquiry ends a record with its outcome: answered (the answer is the
// explanation), handed (after a handover), outside the centre's remit
// with the explanation given to the citizen (FI-2). Referring to the duty
// leader does not end the matter: the record waits for routing like a
// phone call (FI-2, FI-3).
func (s *Service) CloseInquiry(ctx context.Context, a *bianmin.Actor, id int64, outcome, explanation string) error {
	outcome, explanation = strings.TrimSpace(outcome), strings.TrimSpace(explanation)
	var v bianmin.Validation
	if !slices.Contains(InquiryCloseOutcomes, outcome) {
		v.Add("outcome", "请选择办结方式。", "Choose how the matter ended.")
	}
	minLen := 0
	if outcome == InquiryOutcomeAnswered || outcome == InquiryOutcomeOutside {
		minLen = 1
	}
	if !textOK(explanation, minLen, 1000) {
		v.AddErr(bianmin.FieldError("explanation", "请写明答复或不属于本中心职责的原因（1 至 1000 个字符）。",
			"Give the answer or why the matter is outside the centre's remit (1 to 1000 characters).").WithRule("FI-2"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	rule := "FI-2"
	if outcome == InquiryOutcomeAnswered {
		rule = "FI-1"
	}
	return s.workInquiry(ctx, a, id, "inquiry.close", rule, func(tx *store.Tx, q *bianmin.Inquiry) error {
		if outcome == InquiryOutcomeHanded && q.HandedWindowID == 0 {
			return bianmin.FieldError("outcome", "该事项尚未移交窗口。", "The matter was not handed to a window.").WithRule("FI-2")
		}
		q.Outcome = outcome
		if explanation != "" {
			q.Answer = explanation
		}
		if outcome == InquiryOutcomeReferred {
			q.Status, q.RoutedDepartmentID, q.RoutedBy = bianmin.InquiryRouting, 0, 0
			return nil
		}
		q.Status, q.ClosedAt = bianmin.InquiryClosed, timePtr(tx.Now)
		return nil
	})
}

// workInquiry changes a record the actor works on (mayWorkInquiry) and
// that is neither closed nor waiting for the duty leader.
func (s *Service) workInquiry(ctx context.Context, a *bianmin.Actor, id int64, action, rule string, change func(tx *store.Tx, q *bianmin.Inquiry) error) error {
	return s.changeInquiry(ctx, a, id, action, rule, func(tx *store.Tx, q *bianmin.Inquiry) error {
		if err := mustWorkInquiry(ctx, tx, a, q, action); err != nil {
			return err
		}
		if q.Status == bianmin.InquiryRouting {
			return errAwaitsRouting
		}
		return change(tx, q)
	})
}

// changeInquiry reads a record of the actor's scope, applies change and
// stores and audits the result, in one transaction.
func (s *Service) changeInquiry(ctx context.Context, a *bianmin.Actor, id int64, action, rule string, change func(tx *store.Tx, q *bianmin.Inquiry) error) error {
	if a == nil || a.UserID == 0 {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		q, err := store.InquiryByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.Scope.Has(q.CentreID) {
			return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: q.CentreID, Action: action, ObjectType: "inquiry",
				ObjectID: idStr(q.ID), RuleID: ruleScope}, bianmin.ErrForbidden)
		}
		if q.Status == bianmin.InquiryClosed {
			return errInquiryClosed
		}
		from, before := q.Status, inquiryAudit(q)
		if err := change(tx, q); err != nil {
			return err
		}
		if err := updateInquiry(ctx, tx, q, from); err != nil {
			return err
		}
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: q.CentreID, Action: action, ObjectType: "inquiry",
			ObjectID: idStr(q.ID), RuleID: rule, Before: before, After: inquiryAudit(q)})
	})
}

// updateInquiry stores a changed record read with status from.
func updateInquiry(ctx context.Context, tx *store.Tx, q *bianmin.Inquiry, from string) error {
	ok, err := store.UpdateInquiry(ctx, tx, q, from)
	if err == nil && !ok {
		err = bianmin.ErrConflict
	}
	return err
}

// mayWorkInquiry reports whether the actor works on a record: its owner
// (FI-1), a post holder of the window it was handed to (FI-2), staff of
// the department it was routed to (FI-3), or the duty leader or director.
func mayWorkInquiry(ctx context.Context, tx *store.Tx, a *bianmin.Actor, q *bianmin.Inquiry) (bool, error) {
	if q.OwnerID == a.UserID {
		return true, nil
	}
	if q.Status == bianmin.InquiryHanded && q.HandedWindowID != 0 {
		w, err := store.WindowByID(ctx, tx, q.HandedWindowID)
		if err != nil || postOf(w, a.UserID) != "" {
			return err == nil, err
		}
	}
	if q.Status == bianmin.InquiryRouted && coversDepartment(a, q.CentreID, []int64{q.RoutedDepartmentID}, caseDeptRoles...) {
		return true, nil
	}
	return mayActAny(ctx, tx, a, q.CentreID, InquiryRouters...)
}

// mustWorkInquiry refuses, audited, an actor who does not work on the record.
func mustWorkInquiry(ctx context.Context, tx *store.Tx, a *bianmin.Actor, q *bianmin.Inquiry, action string) error {
	ok, err := mayWorkInquiry(ctx, tx, a, q)
	if err != nil || ok {
		return err
	}
	return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: q.CentreID, Action: action, ObjectType: "inquiry",
		ObjectID: idStr(q.ID), RuleID: ruleScope}, bianmin.ErrForbidden)
}

// intakeInquiry reads the record an intake starts from: of the item's
// centre, not closed, routed if it was a phone call, and one the actor
// works on.
func intakeInquiry(ctx context.Context, tx *store.Tx, a *bianmin.Actor, it *bianmin.ServiceItem, id int64) (*bianmin.Inquiry, error) {
	q, err := store.InquiryByID(ctx, tx, id)
	if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && (q.CentreID != it.CentreID ||
		q.Status == bianmin.InquiryClosed || q.Status == bianmin.InquiryRouting) {
		return nil, bianmin.FieldError("inquiry_id", "该首问登记已办结或尚待分派，不能据此受理。",
			"This first-inquiry record is closed or waiting for routing.").WithRule("FI-2")
	}
	if err != nil {
		return nil, err
	}
	return q, mustWorkInquiry(ctx, tx, a, q, "case.intake")
}

// Inquiry returns one record for a person who works on it, name masked.
func (s *Service) Inquiry(ctx context.Context, a *bianmin.Actor, id int64) (*bianmin.Inquiry, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	var q *bianmin.Inquiry
	err := s.write(ctx, func(tx *store.Tx) (err error) { // write: a refused read is audited
		if q, err = store.InquiryByID(ctx, tx, id); err != nil {
			return err
		}
		if !a.Scope.Has(q.CentreID) {
			return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: q.CentreID, Action: "inquiry.read", ObjectType: "inquiry",
				ObjectID: idStr(q.ID), RuleID: ruleScope}, bianmin.ErrForbidden)
		}
		return mustWorkInquiry(ctx, tx, a, q, "inquiry.read")
	})
	if err != nil {
		return nil, err
	}
	return maskInquiries(q)[0], nil
}

// MyInquiries returns the records not yet closed that the actor works on:
// owned, handed to one of the actor's windows, or routed to a department
// the actor covers (FI-1, FI-2, FI-3), newest first, names masked.
func (s *Service) MyInquiries(ctx context.Context, a *bianmin.Actor) ([]*bianmin.Inquiry, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*bianmin.Inquiry
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ws, err := store.WindowsOfHolder(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		mine := make([]int64, 0, len(ws))
		for _, w := range ws {
			mine = append(mine, w.ID)
		}
		all, err := store.OpenInquiriesFor(ctx, tx, a.UserID, mine, a.Scope.Centres, inquiryListLimit)
		if err != nil {
			return err
		}
		for _, q := range all {
			if q.OwnerID == a.UserID || q.Status == bianmin.InquiryHanded && slices.Contains(mine, q.HandedWindowID) ||
				q.Status == bianmin.InquiryRouted && coversDepartment(a, q.CentreID, []int64{q.RoutedDepartmentID}, caseDeptRoles...) {
				out = append(out, q)
			}
		}
		return nil
	})
	return maskInquiries(out...), err
}

// RoutingInquiries returns a centre's records waiting for the duty leader
// (FI-3), oldest first; only the duty leader and the director see them.
func (s *Service) RoutingInquiries(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Inquiry, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*bianmin.Inquiry
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if allowed, err = mayActAny(ctx, tx, a, centreID, InquiryRouters...); err != nil || !allowed {
			return err
		}
		out, err = store.InquiriesWithStatus(ctx, tx, centreID, bianmin.InquiryRouting, inquiryListLimit)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: "inquiry.routing", ObjectType: "inquiry", RuleID: "FI-3"})
	}
	return maskInquiries(out...), nil
}

// maskInquiries masks the asker's name as every page shows it (R8.2, R8.3).
func maskInquiries(qs ...*bianmin.Inquiry) []*bianmin.Inquiry {
	out := make([]*bianmin.Inquiry, 0, len(qs))
	for _, q := range qs {
		q.AskerName = bianmin.MaskName(q.AskerName)
		out = append(out, q)
	}
	return out
}
