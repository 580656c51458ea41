package service_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// supplementNames lists the material names of a supplement notice.
func supplementNames(n *bianmin.Notice) []string {
	var out []string
	for _, m := range n.Body.Materials {
		out = append(out, m.Name)
	}
	return out
}

func (c *caseEnv) mustDecide(a *bianmin.Actor, id int64, outcome string) *service.IntakeResult {
	c.t.Helper()
	res, err := c.svc.Decide(c.ctx, a, id, service.DecideRequest{Outcome: outcome})
	if err != nil {
		c.t.Fatalf("decide %s: %v", outcome, err)
	}
	return res
}

func (c *caseEnv) mustMaterials(a *bianmin.Actor, id int64, in ...service.MaterialInput) {
	c.t.Helper()
	if err := c.svc.UpdateMaterials(c.ctx, a, id, in); err != nil {
		c.t.Fatalf("update materials: %v", err)
	}
}

// TestOneTimeNotification walks ON-2 (R1.5, R1.6, C-1): the first notice
// lists both missing lines; acceptance is refused while one is owed; after
// the applicant brings one, a second notice may list the remaining one
// again; a second notice asking for a line that was complete and was not
// handed in again is refused, and the violation and its audit row stay;
// once everything is in, the case is accepted on the day the last
// material came.
func TestOneTimeNotification(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "supplement", bianmin.MaterialOriginal, bianmin.MaterialMissing,
			bianmin.MaterialMissing, bianmin.MaterialNotNeeded))
		if got := supplementNames(res.Notice); strings.Join(got, ",") != "身份证,场地证明" || res.Notice.RuleID != "ON-2" {
			t.Fatalf("first notice lists %v (%s)", got, res.Notice.RuleID)
		}
		id := res.Case.ID
		v, err := c.svc.CaseView(c.ctx, c.w1a, id)
		if err != nil || len(v.Messages) != 1 || v.Messages[0].Kind != "supplement" ||
			!strings.Contains(v.Messages[0].BodyZH, "身份证、场地证明") {
			t.Fatalf("supplement message: %v %+v", err, v.Messages)
		}
		_, err = c.svc.Decide(c.ctx, c.w1a, id, service.DecideRequest{Outcome: "accept"})
		if e := wantCode(t, err, bianmin.EINVALID, "acceptance while incomplete"); e.Rule != "C-1" ||
			!strings.Contains(e.ZH, "身份证") {
			t.Fatalf("C-1 refusal: %+v", e)
		}

		c.clock.Advance(24 * time.Hour) // Tuesday: the applicant brings the ID card
		c.mustMaterials(c.w1a, id, service.MaterialInput{Position: 2, State: bianmin.MaterialCopy})
		second := c.mustDecide(c.w1a, id, "supplement")
		if got := supplementNames(second.Notice); strings.Join(got, ",") != "场地证明" {
			t.Fatalf("second notice lists %v", got)
		}

		// The application form, complete since Monday, now judged missing: the
		// first notice could have asked for it (ON-2).
		c.mustMaterials(c.w1a, id, service.MaterialInput{Position: 1, State: bianmin.MaterialMissing})
		_, err = c.svc.Decide(c.ctx, c.w1a, id, service.DecideRequest{Outcome: "supplement"})
		if e := wantCode(t, err, bianmin.ECONFLICT, "late supplement"); e.Rule != "ON-2" || !strings.Contains(e.ZH, "申请表") {
			t.Fatalf("late supplement: %+v", e)
		}
		if n := c.count("SELECT count(*) FROM violations WHERE rule_id = 'ON-2' AND source = 'one_time_notification' AND user_id = $1 AND case_id = $2",
			c.w1a.UserID, id); n != 1 {
			t.Fatalf("%d ON-2 violations recorded, want 1", n)
		}
		if c.auditRows("notice.supplement", "ON-2", "denied") != 1 {
			t.Fatal("refused notice not audited")
		}
		if got := c.caseRow(id); len(got.Notices) != 2 || got.Status != bianmin.CaseSupplement {
			t.Fatalf("refusal changed the case: %d notices, %s", len(got.Notices), got.Status)
		}
		// Re-judging a line already in as defective is not a new submission either.
		c.mustMaterials(c.w1a, id, service.MaterialInput{Position: 1, State: bianmin.MaterialOriginal})
		c.mustMaterials(c.w1a, id, service.MaterialInput{Position: 1, State: bianmin.MaterialDefective, Defect: "未签字"})
		_, err = c.svc.Decide(c.ctx, c.w1a, id, service.DecideRequest{Outcome: "supplement"})
		wantCode(t, err, bianmin.ECONFLICT, "late supplement of a re-judged line")

		c.clock.Advance(24 * time.Hour) // Wednesday: everything is in
		c.mustMaterials(c.w1a, id, service.MaterialInput{Position: 1, State: bianmin.MaterialOriginal},
			service.MaterialInput{Position: 3, State: bianmin.MaterialOriginal, Count: 2})
		c.clock.Advance(24 * time.Hour) // Thursday: accepted
		acc := c.mustDecide(c.w1a, id, "accept")
		got := c.caseRow(id)
		// R1.6: the acceptance date is the day the last corrected material came in.
		if got.Status != bianmin.CaseAccepted || got.AcceptDate != "2026-03-04" || got.DueDate != "2026-03-11" ||
			acc.QueryCode == "" || got.Materials[2].Count != 2 {
			t.Fatalf("accepted after supplement: %+v", got)
		}
		if c.auditRows("case.materials", "R1.6", "ok") != 5 {
			t.Fatal("material changes not audited")
		}
		err = c.svc.UpdateMaterials(c.ctx, c.w1a, id, []service.MaterialInput{{Position: 1, State: bianmin.MaterialMissing}})
		wantCode(t, err, bianmin.ECONFLICT, "materials after acceptance")
	})
}

// TestSupplementNothingOwed: a supplement notice with nothing owed is
// refused (ON-2) and nothing is written.
func TestSupplementNothingOwed(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		_, err := c.svc.Intake(c.ctx, c.w1a, intakeReq(c.licence, "supplement", allIn...))
		if e := wantCode(t, err, bianmin.EINVALID, "supplement with nothing owed"); e.Rule != "ON-2" {
			t.Fatalf("rule %q", e.Rule)
		}
		if n := c.count("SELECT count(*) FROM cases") + c.count("SELECT count(*) FROM case_notices"); n != 0 {
			t.Fatalf("%d rows written", n)
		}
	})
}

// TestPrintNotice counts prints and audits each with its number (R1.4,
// SEC-4); the acceptance notice prints its query code; the applicant is
// masked on paper by default (masking.exports_masked); reading a notice
// without printing counts nothing; a clerk of another department may not
// print it (SECURITY.md item 9).
func TestPrintNotice(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...))
		nid := res.Notice.ID
		for want := 1; want <= 2; want++ {
			p, err := c.svc.PrintNotice(c.ctx, c.w1a, nid)
			if err != nil || p.PrintNo != want || p.QueryCode != res.QueryCode || p.Applicant != "张*丰" ||
				p.CentreName != "中心511602100000" || p.Department != "社会保障所" || p.AcceptedBy != "测试 w1a" ||
				strings.Contains(bianmin.JSONOf(p.Notice), "v1:") || p.Case.IDEnc != "" || p.Case.IDMasked != "110***********002X" {
				t.Fatalf("print %d: %v %+v", want, err, p)
			}
		}
		if n := c.count("SELECT count(*) FROM audit_log WHERE action = 'notice.print' AND rule_id = 'R1.4' AND object_id = $1 AND after_json LIKE '%\"print_no\":2%'",
			idOf(nid)); n != 1 {
			t.Fatalf("reprint audited %d times", n)
		}
		p, err := c.svc.Notice(c.ctx, c.inspector, nid)
		if err != nil || p.PrintNo != 0 || p.QueryCode != "" || p.Notice.Prints != 2 {
			t.Fatalf("read without print: %v %+v", err, p)
		}
		clerkA2 := c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
		_, err = c.svc.PrintNotice(c.ctx, clerkA2, nid)
		wantForbidden(t, err, "clerk of another department prints")
		if got := c.caseRow(res.Case.ID); got.Notices[0].Prints != 2 {
			t.Fatalf("prints %d, want 2", got.Notices[0].Prints)
		}
	})
}
