package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/store"
)

// Processing an accepted case: one review and one approval by two different
// people (C-5), the approval of each department of a joint case (C-6), the
// refusal (R1.16). Each step row keeps its handler, opinion, start and end
// (R3.14). Fees and completion are in cases_fees.go, pauses and the
// extension in cases_clock.go.

// caseReviewers review the cases of the departments their grants cover.
var caseReviewers = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep}

// Approval decisions of a department (case_approvals.decision).
const (
	decisionApprove = "approve"
	decisionRefuse  = "refuse"
)

var (
	errNotChiefRep = bianmin.Errorf(bianmin.EFORBIDDEN,
		"只有该部门的首席代表可以审批本件（首席代表制，ORG-4）。",
		"Only the department's chief representative may approve or refuse this case (ORG-4).").WithRule("ORG-4")
	errCasePaused = bianmin.Errorf(bianmin.ECONFLICT,
		"办件正在暂停计时，请先恢复计时再作处理（C-3、R1.12）。",
		"The case clock is paused; resume it before acting on the case (C-3, R1.12).")
	errAlreadyDecided = bianmin.Errorf(bianmin.ECONFLICT, "本部门已对该联办件作出审批决定（C-6）。",
		"Your department has already decided on this joint case (C-6).").WithRule("C-6")
)

// onCase runs one use case on a case in one write transaction: the case is
// opened with its children (a refused read is audited, SECURITY.md item 9),
// fn changes it, and it is written back at the revision read, so of two
// people acting on one case at once only the first succeeds.
func (s *Service) onCase(ctx context.Context, a *bianmin.Actor, id int64, action string,
	fn func(tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) error) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) error {
		c, err := openCase(ctx, tx, a, id, action)
		if err != nil {
			return err
		}
		if err := fn(tx, cal, c); err != nil {
			return err
		}
		return store.UpdateCase(ctx, tx, c)
	})
}

// refuseOnCase audits a refused action on a case under the rule that
// refused it; the row is committed with the refusal (s.write).
func refuseOnCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, action, rule string, err error) error {
	return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: action, ObjectType: "case",
		ObjectID: idStr(c.ID), RuleID: rule, After: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo})}, err)
}

// requireHandler admits an actor whose grant of one of the roles covers the
// case's department; reading a case is not enough to act on it (SECURITY.md
// item 9).
func requireHandler(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, action string, roles ...bianmin.Role) error {
	if coversDepartment(a, c.CentreID, []int64{c.DepartmentID}, roles...) {
		return nil
	}
	return refuseOnCase(ctx, tx, a, c, action, ruleScope, bianmin.ErrForbidden)
}

// readyFor refuses an action the status does not allow, and any decision
// while the clock is paused: the case waits for the applicant or a special
// procedure (C-3, R1.12).
func readyFor(c *bianmin.Case, act cases.Action) error {
	if _, err := cases.Next(c.Status, act); err != nil {
		return err
	}
	if openPause(c) != nil {
		return errCasePaused
	}
	return nil
}

// openPause returns the pause that still runs, or nil.
func openPause(c *bianmin.Case) *bianmin.CasePause {
	for _, p := range c.Pauses {
		if p.EndedAt == nil {
			return p
		}
	}
	return nil
}

// needText checks a required free text of at most max characters.
func needText(field, v string, max int) error {
	if textOK(v, 1, max) {
		return nil
	}
	return bianmin.FieldError(field, "请填写此项（最多 "+strconv.Itoa(max)+" 个字符，不含控制字符）。",
		"Required: at most "+strconv.Itoa(max)+" characters without control characters.")
}

// pendingStep returns the case's open step of a name and department, or
// opens it now: a case accepted before steps were recorded still gets its
// R3.14 row.
func pendingStep(ctx context.Context, tx *store.Tx, c *bianmin.Case, name string, dept int64) (*bianmin.CaseStep, error) {
	for _, st := range c.Steps {
		if st.Status == 1 && st.Name == name && (st.DepartmentID == dept || st.DepartmentID == 0) {
			return st, nil
		}
	}
	return openStep(ctx, tx, c, name, dept)
}

// openStep opens a pending step (R3.14 status 1) of the case.
func openStep(ctx context.Context, tx *store.Tx, c *bianmin.Case, name string, dept int64) (*bianmin.CaseStep, error) {
	st := &bianmin.CaseStep{CaseID: c.ID, Name: name, DepartmentID: dept}
	if err := store.InsertStep(ctx, tx, st); err != nil {
		return nil, err
	}
	c.Steps = append(c.Steps, st)
	return st, nil
}

// finishStep ends a step with who handled it, the business action and the
// opinion (R3.14).
func finishStep(ctx context.Context, tx *store.Tx, st *bianmin.CaseStep, handler int64, action, opinion string) error {
	st.HandlerID, st.Action, st.Opinion = handler, action, opinion
	return store.EndStep(ctx, tx, st)
}

// ReviewCase ends the pending review 审查 of an accepted case (R3.14). A
// clerk or chief representative of the case's department reviews with a
// required opinion. Passed, the case waits for approval by someone else
// (C-5): one 审批 step, or one 联办审批 step and approval per department
// of a joint case (C-6). Returned, the review step ends as 退回 and a new
// one opens for the corrected file.
func (s *Service) ReviewCase(ctx context.Context, a *bianmin.Actor, id int64, opinion string, pass bool) error {
	opinion = strings.TrimSpace(opinion)
	return s.onCase(ctx, a, id, "case.review", func(tx *store.Tx, _ *calendar.Calendar, c *bianmin.Case) error {
		if err := requireHandler(ctx, tx, a, c, "case.review", caseReviewers...); err != nil {
			return err
		}
		if err := readyFor(c, cases.ActReview); err != nil {
			return err
		}
		if err := needText("opinion", opinion, 500); err != nil {
			return err
		}
		st, err := pendingStep(ctx, tx, c, bianmin.StepReview, c.DepartmentID)
		if err != nil {
			return err
		}
		if !pass {
			if err := finishStep(ctx, tx, st, a.UserID, bianmin.StepReturn, opinion); err != nil {
				return err
			}
			if _, err := openStep(ctx, tx, c, bianmin.StepReview, c.DepartmentID); err != nil {
				return err
			}
			return caseAudit(ctx, tx, a, c, "case.review", "R3.14", map[string]any{"action": bianmin.StepReturn, "opinion": opinion})
		}
		if err := finishStep(ctx, tx, st, a.UserID, bianmin.StepPass, opinion); err != nil {
			return err
		}
		c.ReviewerID = a.UserID
		if err := moveCase(c, cases.ActReview); err != nil {
			return err
		}
		if err := openApprovals(ctx, tx, c); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.review", "C-5", map[string]any{"action": bianmin.StepPass, "opinion": opinion})
	})
}

// openApprovals opens what the reviewed case waits for: the department's
// approval, or for a joint case one 联办审批 step per department whose
// approval the acceptance opened, all in parallel (C-6).
func openApprovals(ctx context.Context, tx *store.Tx, c *bianmin.Case) error {
	if c.Kind != bianmin.CaseJoint {
		_, err := openStep(ctx, tx, c, bianmin.StepApproval, c.DepartmentID)
		return err
	}
	if len(c.Approvals) == 0 {
		if err := jointApprovals(ctx, tx, c); err != nil {
			return err
		}
	}
	for _, ap := range c.Approvals {
		if _, err := openStep(ctx, tx, c, bianmin.StepJoint, ap.DepartmentID); err != nil {
			return err
		}
	}
	return nil
}

// approverRank says how the actor may decide for a department (ORG-4): 2
// as its named chief representative or by a chief_rep grant for it, 1 by a
// centre-wide chief_rep grant, 0 not at all.
func approverRank(a *bianmin.Actor, d *bianmin.Department) int {
	if a.UserID != 0 && d.ChiefRepUserID == a.UserID {
		return 2
	}
	rank := 0
	for _, g := range a.Grants {
		if g.Role != bianmin.RoleChiefRep || g.CentreID != d.CentreID {
			continue
		}
		if g.DepartmentID == d.ID {
			return 2
		}
		if g.DepartmentID == 0 {
			rank = 1
		}
	}
	return rank
}

// deciderDepartment checks that the actor may decide on the case now and
// returns the department they decide for: never the reviewer (C-5), and
// only a chief representative of the case's department or, for a joint
// case, of a department whose approval is still open (ORG-4, C-6). Both
// refusals are audited.
func deciderDepartment(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, action string) (int64, error) {
	if err := cases.CheckSecondPerson(c.ReviewerID, a.UserID); err != nil {
		return 0, refuseOnCase(ctx, tx, a, c, action, "C-5", err)
	}
	depts := []int64{c.DepartmentID}
	decided := false
	if len(c.Approvals) > 0 {
		depts = depts[:0]
		for _, ap := range c.Approvals {
			if ap.Decision == "" {
				depts = append(depts, ap.DepartmentID)
			} else if ap.ApproverID == a.UserID {
				decided = true
			}
		}
	}
	best, bestRank := int64(0), 0
	for _, id := range depts {
		d, err := store.DepartmentByID(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		if r := approverRank(a, d); r > bestRank {
			best, bestRank = id, r
		}
	}
	switch {
	case best != 0:
		return best, nil
	case decided:
		return 0, errAlreadyDecided
	}
	return 0, refuseOnCase(ctx, tx, a, c, action, "ORG-4", errNotChiefRep)
}

// ApproveCase approves a reviewed case as its department's chief
// representative, who is not the reviewer (C-5, ORG-4). For a joint case
// each department's chief representative approves for their department;
// the case is approved when the last one has (C-6).
func (s *Service) ApproveCase(ctx context.Context, a *bianmin.Actor, id int64, opinion string) error {
	opinion = strings.TrimSpace(opinion)
	return s.onCase(ctx, a, id, "case.approve", func(tx *store.Tx, _ *calendar.Calendar, c *bianmin.Case) error {
		dept, err := deciderDepartment(ctx, tx, a, c, "case.approve")
		if err != nil {
			return err
		}
		if err := readyFor(c, cases.ActApprove); err != nil {
			return err
		}
		if err := needText("opinion", opinion, 500); err != nil {
			return err
		}
		if c.Kind == bianmin.CaseJoint {
			return approveForDepartment(ctx, tx, a, c, dept, opinion)
		}
		st, err := pendingStep(ctx, tx, c, bianmin.StepApproval, c.DepartmentID)
		if err != nil {
			return err
		}
		if err := finishStep(ctx, tx, st, a.UserID, bianmin.StepPass, opinion); err != nil {
			return err
		}
		return approved(ctx, tx, a, c, "C-5", opinion)
	})
}

// approveForDepartment records one department's approval of a joint case
// and approves the case when no department is left (C-6).
func approveForDepartment(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, dept int64, opinion string) error {
	if err := decideApproval(ctx, tx, a, c, dept, decisionApprove, opinion); err != nil {
		return err
	}
	st, err := pendingStep(ctx, tx, c, bianmin.StepJoint, dept)
	if err != nil {
		return err
	}
	if err := finishStep(ctx, tx, st, a.UserID, bianmin.StepPass, opinion); err != nil {
		return err
	}
	left := 0
	for _, ap := range c.Approvals {
		if ap.Decision != decisionApprove {
			left++
		}
	}
	if left > 0 {
		return caseAudit(ctx, tx, a, c, "case.approve", "C-6", map[string]any{"department_id": dept,
			"opinion": opinion, "departments_left": left})
	}
	return approved(ctx, tx, a, c, "C-6", opinion)
}

// decideApproval stores a department's decision on a joint case once.
func decideApproval(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, dept int64, decision, opinion string) error {
	for _, ap := range c.Approvals {
		if ap.DepartmentID != dept {
			continue
		}
		ap.ApproverID, ap.Decision, ap.Opinion = a.UserID, decision, opinion
		ok, err := store.DecideApproval(ctx, tx, ap)
		if err != nil {
			return err
		}
		if !ok {
			return errAlreadyDecided
		}
		return nil
	}
	return nil
}

// approved records the decision to approve: the case waits for fees and
// the result, and a 办结 step opens.
func approved(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, rule, opinion string) error {
	if err := decided(c, a, cases.ActApprove, rule, tx.Now); err != nil {
		return err
	}
	if _, err := openStep(ctx, tx, c, bianmin.StepCompletion, c.DepartmentID); err != nil {
		return err
	}
	return caseAudit(ctx, tx, a, c, "case.approve", rule, map[string]any{"opinion": opinion})
}

// decided moves a case by its decision and records who decided, when and
// under which rule. A refused case has no supervision colour any more; an
// approved one keeps it, for its limit runs to completion (承诺办结, R3.13)
// and it is supervised until then.
func decided(c *bianmin.Case, a *bianmin.Actor, act cases.Action, rule string, now time.Time) error {
	if err := moveCase(c, act); err != nil {
		return err
	}
	c.ApproverID, c.DecidedAt, c.DecisionRule = a.UserID, timePtr(now), rule
	if !c.Status.Open() {
		c.Colour = bianmin.ColourNone
	}
	return nil
}

// RefuseCase refuses the application (不予许可) as a chief representative
// who did not review it (C-5, ORG-4); for a joint case one department's
// refusal decides it (C-6). The written decision gives the reasons, the
// legal basis and the rights to 行政复议 and 行政诉讼 (R1.16), and the
// applicant gets a message.
func (s *Service) RefuseCase(ctx context.Context, a *bianmin.Actor, id int64, reason, legalBasis string) error {
	reason, legalBasis = strings.TrimSpace(reason), strings.TrimSpace(legalBasis)
	return s.onCase(ctx, a, id, "case.refuse", func(tx *store.Tx, _ *calendar.Calendar, c *bianmin.Case) error {
		dept, err := deciderDepartment(ctx, tx, a, c, "case.refuse")
		if err != nil {
			return err
		}
		if err := readyFor(c, cases.ActRefuse); err != nil {
			return err
		}
		var v bianmin.Validation
		if !textOK(reason, 1, 1000) {
			v.Add("reason", "请写明不予许可的理由（最多 1000 个字符，R1.16）。", "Give the reasons for the refusal (at most 1000 characters, R1.16).")
		}
		if !textOK(legalBasis, 1, 500) {
			v.Add("legal_basis", "请写明法律依据（最多 500 个字符，R1.16）。", "Give the legal basis (at most 500 characters, R1.16).")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := decideApproval(ctx, tx, a, c, dept, decisionRefuse, reason); err != nil {
			return err
		}
		if err := closeStepsOnRefusal(ctx, tx, a, c, dept, reason); err != nil {
			return err
		}
		if _, err := issueNotice(ctx, tx, a, c, bianmin.NoticeRefusal, "R1.16",
			bianmin.NoticeBody{Reason: reason, LegalBasis: legalBasis}); err != nil {
			return err
		}
		if err := decided(c, a, cases.ActRefuse, "R1.16", tx.Now); err != nil {
			return err
		}
		if err := s.enqueueMessage(ctx, tx, c, "refused", "refused",
			"您好！您申请的“"+c.ItemName+"”（办件编号 "+c.CaseNo+"）经审查决定不予许可，理由："+reason+
				"。书面决定书已出具，请到中心领取。如不服，您可以依法申请行政复议或者提起行政诉讼。谢谢您的理解。",
			"Hello. Your application “"+c.ItemName+"” (case "+c.CaseNo+") has been refused: "+reason+
				". The written decision is ready at the centre. You have the right to apply for administrative reconsideration or to bring an administrative lawsuit. Thank you for your understanding."); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.refuse", "R1.16", map[string]any{"department_id": dept, "reason": reason,
			"legal_basis": legalBasis})
	})
}

// closeStepsOnRefusal ends the decider's approval step with the reasons
// and every other open step as ended by the refusal, so no step of a
// decided case stays pending (R3.14).
func closeStepsOnRefusal(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, dept int64, reason string) error {
	name := bianmin.StepApproval
	if len(c.Approvals) > 0 {
		name = bianmin.StepJoint
	}
	own, err := pendingStep(ctx, tx, c, name, dept)
	if err != nil {
		return err
	}
	if err := finishStep(ctx, tx, own, a.UserID, bianmin.StepOther, reason); err != nil {
		return err
	}
	for _, st := range c.Steps {
		if st.Status != 1 {
			continue
		}
		if err := finishStep(ctx, tx, st, 0, bianmin.StepOther, "已作出不予许可决定，本环节终止（R1.16）"); err != nil {
			return err
		}
	}
	return nil
}
