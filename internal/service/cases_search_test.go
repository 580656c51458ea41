package service_test

import (
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// clerkOfA2 is a clerk whose grant is limited to department A2.
func (c *caseEnv) clerkOfA2() *bianmin.Actor {
	return c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
}

// caseNos lists the case numbers of a list.
func caseNos(l *service.CaseList) map[string]bool {
	out := map[string]bool{}
	for _, cs := range l.Cases {
		out[cs.CaseNo] = true
	}
	return out
}

// The staff case list is scoped like reading one case (SECURITY.md item
// 9): the director sees the centre, a clerk of department A2 only A2's
// cases. An exact search by ID number (18 digits, or the old 15-digit
// form) finds the case through the keyed index while the database holds
// no clear ID number anywhere, and is audited with the value masked
// (SECURITY.md items 18, 26).
func TestCaseListScopeAndIDSearch(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		mine := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...)).Case
		other := c.mustIntake(c.w1a, intakeReq(c.joint, "receive", bianmin.MaterialOriginal)).Case
		clerk2 := c.clerkOfA2()
		all, err := c.svc.ListCases(c.ctx, c.director, service.CaseFilter{CentreID: c.townA})
		if err != nil || len(all.Cases) != 2 || all.Names[c.w1a.UserID] == "" || all.Departments[c.deptA1] == "" {
			t.Fatalf("director's list %+v, %v", all, err)
		}
		a2, err := c.svc.ListCases(c.ctx, clerk2, service.CaseFilter{CentreID: c.townA})
		if err != nil || len(a2.Cases) != 0 {
			t.Fatalf("A2 clerk sees %v, %v; want no case of A1 (the joint one is not accepted yet)", caseNos(a2), err)
		}
		open, err := c.svc.ListCases(c.ctx, c.w1a, service.CaseFilter{CentreID: c.townA, Status: "accepted", Mine: true})
		if err != nil || len(open.Cases) != 1 || open.Cases[0].ID != mine.ID {
			t.Fatalf("w1a's accepted cases %v, %v", caseNos(open), err)
		}
		_, err = c.svc.ListCases(c.ctx, c.w1a, service.CaseFilter{CentreID: c.townA, Colour: "purple"})
		if !fields(err)["colour"] {
			t.Fatalf("unknown colour: %v", err)
		}
		for _, q := range []string{applicantID, "110105491231002", " 11010519491231002x "} {
			found, err := c.svc.ListCases(c.ctx, c.director, service.CaseFilter{CentreID: c.townA, IDNumber: q})
			if err != nil || !found.Searched || len(found.Cases) != 2 || !caseNos(found)[other.CaseNo] {
				t.Fatalf("search %q: %v, %v; want both cases of the applicant", q, caseNos(found), err)
			}
		}
		if _, err := c.svc.ListCases(c.ctx, c.director, service.CaseFilter{CentreID: c.townA, IDNumber: "1101"}); !fields(err)["id_number"] {
			t.Fatalf("partial number: %v, want a field error (exact search only)", err)
		}
		if n := c.auditRows("case.search_pi", "SECURITY-26", bianmin.ResultOK); n != 3 {
			t.Fatalf("%d audited searches, want 3", n)
		}
		for _, q := range []string{
			"SELECT count(*) FROM cases WHERE id_enc LIKE $1 OR id_masked LIKE $1 OR id_index LIKE $1 OR applicant_name LIKE $1 OR phone_enc LIKE $1",
			"SELECT count(*) FROM audit_log WHERE before_json LIKE $1 OR after_json LIKE $1",
			"SELECT count(*) FROM case_notices WHERE body LIKE $1",
			"SELECT count(*) FROM outbox WHERE body_zh LIKE $1 OR recipient_enc LIKE $1",
		} {
			for _, clear := range []string{"%" + applicantID + "%", "%13800138000%"} {
				if n := c.count(q, clear); n != 0 {
					t.Fatalf("%s finds %s in clear %d times", q, clear, n)
				}
			}
		}
	})
}

// Revealing the applicant's ID number and phone in full needs a reason
// and is for the receiving clerk, a chief representative of the department
// or the director; it is audited with the reason and masked values. A
// clerk of another department cannot even read the case, and a clerk of
// the department who did not receive it is refused; both refusals are
// audited (SECURITY.md item 26, R8.2).
func TestRevealApplicant(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...)).Case
		if _, _, err := c.svc.RevealApplicant(c.ctx, c.w1a, cs.ID, "  "); !fields(err)["reason"] {
			t.Fatalf("no reason: %v, want a field error on reason", err)
		}
		for who, a := range map[string]*bianmin.Actor{"receiver": c.w1a, "chief rep": c.chiefA1, "director": c.director} {
			id, phone, err := c.svc.RevealApplicant(c.ctx, a, cs.ID, "核对申请人身份，回电告知补正事项")
			if err != nil || id != applicantID || phone != "13800138000" {
				t.Fatalf("%s: %q %q %v", who, id, phone, err)
			}
		}
		for who, a := range map[string]*bianmin.Actor{"clerk of A2": c.clerkOfA2(), "chief rep of A2": c.chiefA2,
			"clerk of A1 who did not receive it": c.w1b, "inspector": c.inspector} {
			_, _, err := c.svc.RevealApplicant(c.ctx, a, cs.ID, "想看看")
			wantForbidden(t, err, who)
		}
		if n := c.auditRows("case.reveal", "SECURITY-26", bianmin.ResultOK); n != 3 {
			t.Fatalf("%d audited reveals, want 3", n)
		}
		if n := c.count(`SELECT count(*) FROM audit_log WHERE action = 'case.reveal' AND result = 'ok'
			AND after_json LIKE '%核对申请人身份%' AND after_json LIKE $1`, "%"+cs.IDMasked+"%"); n != 3 {
			t.Fatalf("%d reveal rows with the reason and masked ID, want 3", n)
		}
		denied := c.count("SELECT count(*) FROM audit_log WHERE action = 'case.reveal' AND result = 'denied'")
		if denied != 4 {
			t.Fatalf("%d audited refusals, want 4", denied)
		}
	})
}
