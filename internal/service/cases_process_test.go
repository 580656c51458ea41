package service_test

import (
	"errors"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// takeInAccepted takes in an application for an item at a window with
// every required material handed in as an original and accepts it (setup
// for the processing tests; intake itself is tested on its own).
func (c *caseEnv) takeInAccepted(it *bianmin.ServiceItem, by *bianmin.Actor) *bianmin.Case {
	c.t.Helper()
	var lines []service.MaterialInput
	for i, m := range it.Materials {
		st := bianmin.MaterialOriginal
		if !m.Required {
			st = bianmin.MaterialNotNeeded
		}
		lines = append(lines, service.MaterialInput{Position: i + 1, State: st, Count: 1})
	}
	res, err := c.svc.Intake(c.ctx, by, service.IntakeRequest{ItemID: it.ID, ApplicantType: bianmin.ApplicantPerson,
		ApplicantName: "张三", IDNumber: idNumber("19800101", "123"), Phone: "13912345678", Materials: lines,
		DecideRequest: service.DecideRequest{Outcome: "accept"}})
	if err != nil {
		c.t.Fatalf("accept %s: %v", it.ImplCode, err)
	}
	if res.Case.Status != bianmin.CaseAccepted {
		c.t.Fatalf("accept %s: status %s", it.ImplCode, res.Case.Status)
	}
	return res.Case
}

// view reads a case as the director, who sees every case of the centre.
func (c *caseEnv) view(id int64) *service.CaseView {
	c.t.Helper()
	v, err := c.svc.CaseView(c.ctx, c.director, id)
	if err != nil {
		c.t.Fatalf("case %d: %v", id, err)
	}
	return v
}

// step returns the last step of a name (and department, when not 0).
func step(v *service.CaseView, name string, dept int64) *bianmin.CaseStep {
	var out *bianmin.CaseStep
	for _, st := range v.Case.Steps {
		if st.Name == name && (dept == 0 || st.DepartmentID == dept) {
			out = st
		}
	}
	return out
}

// noticeOf returns the case's last notice of a kind, or nil.
func noticeOf(v *service.CaseView, kind bianmin.NoticeKind) *bianmin.Notice {
	var out *bianmin.Notice
	for _, n := range v.Case.Notices {
		if n.Kind == kind {
			out = n
		}
	}
	return out
}

// wantRefusal fails unless err is a refusal of the code under the rule.
func wantRefusal(t *testing.T, err error, code, rule, what string) {
	t.Helper()
	e := bianmin.AsError(err)
	if err == nil || e.Code != code || e.Rule != rule {
		t.Fatalf("%s: got %v (rule %q), want %s under %s", what, err, bianmin.AsError(err).Rule, code, rule)
	}
}

func TestCaseReviewThenApprovalBySamePersonRefused(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		if err := c.svc.ReviewCase(c.ctx, c.chiefA1, cs.ID, "", true); bianmin.AsError(err).Field != "opinion" {
			t.Fatalf("review without opinion: %v, want an opinion field error", err)
		}
		if err := c.svc.ReviewCase(c.ctx, c.chiefA1, cs.ID, "材料真实，符合条件", true); err != nil {
			t.Fatal(err)
		}
		err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "同意")
		wantRefusal(t, err, bianmin.EFORBIDDEN, "C-5", "the reviewer approving")
		if n := c.auditRows("case.approve", "C-5", bianmin.ResultDenied); n != 1 {
			t.Fatalf("C-5 refusal audited %d times, want 1", n)
		}
		if v := c.view(cs.ID); v.Case.Status != bianmin.CaseReviewed || v.Case.ApproverID != 0 {
			t.Fatalf("after the refused approval: status %s approver %d", v.Case.Status, v.Case.ApproverID)
		}

		// Another chief representative of the department approves (ORG-4).
		deputy := c.mustActor("chiefa1b", bianmin.Grant{Role: bianmin.RoleChiefRep, CentreID: c.townA, DepartmentID: c.deptA1})
		if err := c.svc.ApproveCase(c.ctx, deputy, cs.ID, "同意许可"); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.Status != bianmin.CaseApproved || v.Case.ReviewerID != c.chiefA1.UserID || v.Case.ApproverID != deputy.UserID {
			t.Fatalf("approved case: status %s reviewer %d approver %d", v.Case.Status, v.Case.ReviewerID, v.Case.ApproverID)
		}
		// Supervised until completion (R3.13): the colour stays.
		if v.Case.DecidedAt == nil || v.Case.DecisionRule != "C-5" || v.Case.Colour != bianmin.ColourGreen {
			t.Fatalf("decision: at %v rule %q colour %s", v.Case.DecidedAt, v.Case.DecisionRule, v.Case.Colour)
		}
		// R3.14: every step row has handler, opinion, start and end.
		rev, appr := step(v, bianmin.StepReview, 0), step(v, bianmin.StepApproval, 0)
		if rev == nil || rev.HandlerID != c.chiefA1.UserID || rev.Action != bianmin.StepPass || rev.Opinion != "材料真实，符合条件" || rev.EndedAt == nil || rev.Status != 2 {
			t.Fatalf("review step: %+v", rev)
		}
		if appr == nil || appr.HandlerID != deputy.UserID || appr.Opinion != "同意许可" || appr.EndedAt == nil || appr.StartedAt.IsZero() {
			t.Fatalf("approval step: %+v", appr)
		}
		if done := step(v, bianmin.StepCompletion, 0); done == nil || done.Status != 1 {
			t.Fatalf("completion step should be pending: %+v", done)
		}
		if n := c.auditRows("case.approve", "C-5", bianmin.ResultOK); n != 1 {
			t.Fatalf("approval audited %d times, want 1", n)
		}
	})
}

func TestCaseReviewReturnReopensReview(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "场地证明地址与申请表不符，请核对", false); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.Status != bianmin.CaseAccepted || v.Case.ReviewerID != 0 {
			t.Fatalf("returned review: status %s reviewer %d", v.Case.Status, v.Case.ReviewerID)
		}
		var returned, open int
		for _, st := range v.Case.Steps {
			if st.Name != bianmin.StepReview {
				continue
			}
			if st.Action == bianmin.StepReturn && st.HandlerID == c.w1b.UserID && st.EndedAt != nil {
				returned++
			}
			if st.Status == 1 {
				open++
			}
		}
		if returned != 1 || open != 1 {
			t.Fatalf("review steps: %d returned, %d open; want 1 and 1", returned, open)
		}
		if err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "同意"); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("approval before review: %v, want a conflict", err)
		}
	})
}

func TestCaseOtherDepartmentCannotApproveOrRead(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "符合条件", true); err != nil {
			t.Fatal(err)
		}
		clerkA2 := c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
		for name, a := range map[string]*bianmin.Actor{"clerk of A2": clerkA2, "chief rep of A2": c.chiefA2} {
			if _, err := c.svc.CaseView(c.ctx, a, cs.ID); !errors.Is(err, bianmin.ErrForbidden) {
				t.Fatalf("%s reads: %v, want forbidden (SECURITY 9)", name, err)
			}
			if err := c.svc.ApproveCase(c.ctx, a, cs.ID, "同意"); !errors.Is(err, bianmin.ErrForbidden) {
				t.Fatalf("%s approves: %v, want forbidden (SECURITY 9)", name, err)
			}
		}
		if n := c.auditRows("case.read", "SECURITY-9", bianmin.ResultDenied); n != 2 {
			t.Fatalf("refused reads audited %d times, want 2", n)
		}
		if n := c.auditRows("case.approve", "SECURITY-9", bianmin.ResultDenied); n != 2 {
			t.Fatalf("refused approvals audited %d times, want 2", n)
		}
		// A clerk of the department reads it but is no chief representative (ORG-4).
		err := c.svc.ApproveCase(c.ctx, c.w2a, cs.ID, "同意")
		wantRefusal(t, err, bianmin.EFORBIDDEN, "ORG-4", "a clerk approving")
		// Inspectors read everything and change nothing.
		if _, err := c.svc.CaseView(c.ctx, c.inspector, cs.ID); err != nil {
			t.Fatalf("inspector reads: %v", err)
		}
		if err := c.svc.ApproveCase(c.ctx, c.inspector, cs.ID, "同意"); bianmin.ErrorCode(err) != bianmin.EFORBIDDEN {
			t.Fatalf("inspector approves: %v, want forbidden", err)
		}
		if v := c.view(cs.ID); v.Case.Status != bianmin.CaseReviewed {
			t.Fatalf("status %s after refused approvals", v.Case.Status)
		}
	})
}

func TestCaseJointApprovedByBothDepartments(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.joint, c.w1a)
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "两部门材料齐全", true); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if len(v.Case.Approvals) != 2 || step(v, bianmin.StepJoint, c.deptA1) == nil || step(v, bianmin.StepJoint, c.deptA2) == nil {
			t.Fatalf("joint review should open one approval per department: %+v", v.Case.Approvals)
		}
		if err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "社保所同意"); err != nil {
			t.Fatal(err)
		}
		if v := c.view(cs.ID); v.Case.Status != bianmin.CaseReviewed || v.Case.DecidedAt != nil {
			t.Fatalf("after the first department: status %s, want still reviewed (C-6)", v.Case.Status)
		}
		if err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "再次同意"); bianmin.AsError(err).Rule != "C-6" {
			t.Fatalf("second approval by the same department: %v, want a C-6 conflict", err)
		}
		// The co-department's chief representative reads the joint case (C-6) and decides for it.
		if err := c.svc.ApproveCase(c.ctx, c.chiefA2, cs.ID, "民政办同意"); err != nil {
			t.Fatal(err)
		}
		v = c.view(cs.ID)
		if v.Case.Status != bianmin.CaseApproved || v.Case.DecisionRule != "C-6" || v.Case.ApproverID != c.chiefA2.UserID {
			t.Fatalf("after both departments: status %s rule %q approver %d", v.Case.Status, v.Case.DecisionRule, v.Case.ApproverID)
		}
		for _, ap := range v.Case.Approvals {
			want := map[int64]int64{c.deptA1: c.chiefA1.UserID, c.deptA2: c.chiefA2.UserID}[ap.DepartmentID]
			if ap.Decision != "approve" || ap.ApproverID != want || ap.DecidedAt == nil {
				t.Fatalf("approval of department %d: %+v", ap.DepartmentID, ap)
			}
		}
		if st := step(v, bianmin.StepJoint, c.deptA2); st.HandlerID != c.chiefA2.UserID || st.Opinion != "民政办同意" {
			t.Fatalf("joint step of A2: %+v", st)
		}
	})
}

func TestCaseRefusalNoticeAndMessage(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.joint, c.w1a)
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "经核查不符合条件", true); err != nil {
			t.Fatal(err)
		}
		err := c.svc.RefuseCase(c.ctx, c.chiefA2, cs.ID, "", "")
		if e := bianmin.AsError(err); e.Code != bianmin.EINVALID || len(e.Details) != 2 {
			t.Fatalf("refusal without reason and basis: %v, want two field errors", err)
		}
		if err := c.svc.RefuseCase(c.ctx, c.chiefA2, cs.ID, "申请人户籍不在本辖区", "《残疾人保障法》第四十八条"); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.Status != bianmin.CaseRefused || v.Case.DecisionRule != "R1.16" || v.Case.DecidedAt == nil || v.Case.Colour != bianmin.ColourNone {
			t.Fatalf("refused case: %s %q %v %s", v.Case.Status, v.Case.DecisionRule, v.Case.DecidedAt, v.Case.Colour)
		}
		notice := noticeOf(v, bianmin.NoticeRefusal)
		if notice == nil || notice.RuleID != "R1.16" || notice.Body.Reason != "申请人户籍不在本辖区" || notice.Body.LegalBasis == "" || !strings.HasPrefix(notice.DocNo, "BX") {
			t.Fatalf("refusal notice: %+v", notice)
		}
		for _, st := range v.Case.Steps {
			if st.Status != 2 {
				t.Fatalf("step %s of department %d still pending after the refusal", st.Name, st.DepartmentID)
			}
		}
		var refused *bianmin.Message
		for _, m := range v.Messages {
			if m.Kind == "refused" {
				refused = m
			}
		}
		if refused == nil || !strings.Contains(refused.BodyZH, "行政复议") || !strings.Contains(refused.BodyZH, "行政诉讼") || refused.RecipientMasked == "" {
			t.Fatalf("refusal message: %+v", refused)
		}
		if err := c.svc.ApproveCase(c.ctx, c.chiefA1, cs.ID, "同意"); err == nil {
			t.Fatal("a refused case was approved")
		}
	})
}
