package service_test

import (
	"strings"
	"testing"

	"bianmin/internal/bianmin"
)

// deem runs deemed acceptance and fails the test on error.
func (c *caseEnv) deem() {
	c.t.Helper()
	if err := c.svc.DeemAcceptance(c.ctx); err != nil {
		c.t.Fatalf("deemed acceptance: %v", err)
	}
}

// silent runs silent consent and fails the test on error.
func (c *caseEnv) silent() {
	c.t.Helper()
	if err := c.svc.ApplySilentConsent(c.ctx); err != nil {
		c.t.Fatalf("silent consent: %v", err)
	}
}

// Materials received on Thursday 30 April 2026 with no supplement notice
// count as accepted at the end of the 5th working day after: Labour Day
// (1-5 May) is off and Saturday 9 May a make-up working day, so the days
// are 6, 7, 8, 9 and 11 May, and the case is accepted at 12 May 00:00,
// from the day of receipt (R1.3). Its clock runs from 30 April, so it is
// already overdue. A case that got a supplement notice is not deemed.
func TestDeemedAcceptanceAcrossLabourDay(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		c.withHolidays()
		c.at("2026-04-30", 10, 0)
		received := c.mustIntake(c.w1a, intakeReq(c.licence, "receive", allIn...)).Case
		supplement := c.mustIntake(c.w1a, intakeReq(c.licence, "supplement", bianmin.MaterialOriginal)).Case
		c.at("2026-05-11", 23, 59)
		c.deem()
		if got := c.caseRow(received.ID).Status; got != bianmin.CaseReceived {
			t.Fatalf("status %s on the 5th working day, want still received", got)
		}
		c.at("2026-05-12", 0, 0)
		c.deem()
		c.deem() // twice: accepted once
		cs := c.caseRow(received.ID)
		if cs.Status != bianmin.CaseAccepted || cs.AcceptDate != "2026-04-30" || cs.AcceptRule != "R1.3" || cs.AcceptDocNo == "" {
			t.Fatalf("deemed case: %s, accept date %s, rule %s, doc %q; want accepted from 2026-04-30 under R1.3",
				cs.Status, cs.AcceptDate, cs.AcceptRule, cs.AcceptDocNo)
		}
		if cs.DueDate != "2026-05-11" || cs.Colour != bianmin.ColourRed {
			t.Fatalf("due %s (%s), want 2026-05-11 and red: the clock ran from the day of receipt", cs.DueDate, cs.Colour)
		}
		var notices []string
		for _, n := range cs.Notices {
			notices = append(notices, string(n.Kind)+":"+n.RuleID)
		}
		if strings.Join(notices, ",") != "acceptance:R1.3" {
			t.Fatalf("notices %v, want one acceptance notice under R1.3", notices)
		}
		if n := c.count(`SELECT count(*) FROM audit_log WHERE action = 'case.accept' AND rule_id = 'R1.3'
			AND actor = 'system' AND object_id = $1`, idOf(cs.ID)); n != 1 {
			t.Fatalf("%d audit rows of the deemed acceptance, want 1", n)
		}
		if len(c.messagesOf(cs.ID, "accepted")) != 1 {
			t.Fatal("the applicant was not told of the deemed acceptance (C-7)")
		}
		if got := c.caseRow(supplement.ID).Status; got != bianmin.CaseSupplement {
			t.Fatalf("case with a supplement notice is %s, want still supplement", got)
		}
	})
}

// Silent consent (C-4): a promised case past its deadline without a
// decision is approved under C-4 when the policy enables it; the open
// steps close, the approval is recorded, the applicant told, and the
// responsible clerk gets a violation. Before the deadline nothing happens.
func TestSilentConsentOn(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-09", 23, 59)
		c.silent()
		if got := c.caseRow(cs.ID).Status; got != bianmin.CaseAccepted {
			t.Fatalf("status %s before the deadline, want accepted", got)
		}
		c.at("2026-03-10", 0, 0)
		c.silent()
		c.silent()
		got := c.caseRow(cs.ID)
		if got.Status != bianmin.CaseApproved || got.DecisionRule != "C-4" || got.DecidedAt == nil {
			t.Fatalf("after the deadline: %s, rule %q; want approved under C-4", got.Status, got.DecisionRule)
		}
		var steps []string
		for _, st := range got.Steps {
			steps = append(steps, st.Name+":"+st.Action)
		}
		if strings.Join(steps, ",") != "受理:pass,审查:other,审批:pass,办结:" ||
			!strings.Contains(got.Steps[2].Opinion, "C-4") {
			t.Fatalf("steps %v; want the review closed, the deemed approval recorded, completion pending", steps)
		}
		if n := c.count("SELECT count(*) FROM violations WHERE rule_id = 'C-4' AND user_id = $1 AND case_id = $2",
			c.w1a.UserID, cs.ID); n != 1 {
			t.Fatalf("%d C-4 violations of the receiving clerk, want 1", n)
		}
		if n := c.auditRows("case.silent_consent", "C-4", bianmin.ResultOK); n != 1 {
			t.Fatalf("%d audit rows of silent consent, want 1", n)
		}
		if len(c.messagesOf(cs.ID, "silent_consent")) != 1 {
			t.Fatal("the applicant was not told (C-7)")
		}
	})
}

// With silent consent off (cases.silent_consent: false), or for a case
// kind other than promised, an overdue case is left for a person to
// decide; nothing is recorded.
func TestSilentConsentOffOrNotPromised(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		joint := c.takeInAccepted(c.joint, c.w1a)
		if _, err := c.svc.SavePolicyDocument(c.ctx, c.director, c.townA, "2026-03-02",
			[]byte("cases:\n  silent_consent: false\n"), "超时默许关闭"); err != nil {
			t.Fatal(err)
		}
		off := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-20", 9, 0)
		c.silent()
		for name, id := range map[string]int64{"policy off": off.ID, "joint": joint.ID} {
			if got := c.caseRow(id); got.Status != bianmin.CaseAccepted || got.DecisionRule != "" {
				t.Fatalf("%s: %s under %q, want still accepted", name, got.Status, got.DecisionRule)
			}
		}
		if n := c.count("SELECT count(*) FROM violations WHERE rule_id = 'C-4'"); n != 0 {
			t.Fatalf("%d C-4 violations, want none", n)
		}
	})
}

// The jobs loop runs the case jobs: one RunJobsOnce deems, consents and
// sweeps (every minute in RunJobs).
func TestRunJobsOnceRunsCaseJobs(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-10", 0, 0)
		c.svc.RunJobsOnce(c.ctx)
		got := c.caseRow(cs.ID)
		if got.Status != bianmin.CaseApproved || len(c.warningsOf(cs.ID)) == 0 {
			t.Fatalf("after the jobs: %s with %d warnings; want approved (C-4) and warned", got.Status, len(c.warningsOf(cs.ID)))
		}
	})
}
