package service_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// applicantID is the applicant of the intake tests (GB 11643 vector, R7.1a).
const applicantID = "11010519491231002X"

// intakeReq returns an intake of a person for the item with each material
// in the given state (positions from 1), in order; missing states are
// "missing".
func intakeReq(it *bianmin.ServiceItem, outcome string, states ...bianmin.MaterialState) service.IntakeRequest {
	r := service.IntakeRequest{ItemID: it.ID, ApplicantType: bianmin.ApplicantPerson, ApplicantName: "张三丰",
		IDNumber: applicantID, Phone: "13800138000", DecideRequest: service.DecideRequest{Outcome: outcome}}
	for i, m := range it.Materials {
		st := bianmin.MaterialMissing
		if i < len(states) {
			st = states[i]
		} else if !m.Required {
			st = bianmin.MaterialNotNeeded
		}
		r.Materials = append(r.Materials, service.MaterialInput{Position: m.Position, State: st})
	}
	return r
}

// allIn is every material of the licence item handed in as an original,
// the conditional one not needed.
var allIn = []bianmin.MaterialState{bianmin.MaterialOriginal, bianmin.MaterialOriginal, bianmin.MaterialOriginal,
	bianmin.MaterialNotNeeded}

func (c *caseEnv) mustIntake(a *bianmin.Actor, r service.IntakeRequest) *service.IntakeResult {
	c.t.Helper()
	res, err := c.svc.Intake(c.ctx, a, r)
	if err != nil {
		c.t.Fatalf("intake %s by %s: %v", r.Outcome, a.Username, err)
	}
	return res
}

// caseRow reads a case with its children as stored.
func (c *caseEnv) caseRow(id int64) *bianmin.Case {
	c.t.Helper()
	var out *bianmin.Case
	err := c.db.Read(c.ctx, func(tx *store.Tx) (err error) {
		if out, err = store.CaseByID(c.ctx, tx, id); err != nil {
			return err
		}
		return store.LoadCaseDetail(c.ctx, tx, out)
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// TestIntakeOutcomes takes in one application per outcome (DOMAIN.md §5,
// R1.2) and checks status, notice kind and rule of each.
func TestIntakeOutcomes(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		for _, tc := range []struct {
			outcome string
			states  []bianmin.MaterialState
			status  bianmin.CaseStatus
			notice  bianmin.NoticeKind
			rule    string
		}{
			{"receive", allIn, bianmin.CaseReceived, "", ""},
			{"consult", nil, bianmin.CaseConsulted, bianmin.NoticeConsultation, "ON-1"},
			{"supplement", allIn[:1], bianmin.CaseSupplement, bianmin.NoticeSupplement, "ON-2"},
			{"return", allIn[:1], bianmin.CaseReturned, bianmin.NoticeReturn, "ON-3"},
			{"accept", allIn, bianmin.CaseAccepted, bianmin.NoticeAcceptance, "C-1"},
		} {
			r := intakeReq(c.licence, tc.outcome, tc.states...)
			if tc.outcome == "return" {
				r.Reason, r.LegalBasis = "申请事项不属于本机关职权范围", "《行政许可法》第三十二条第一款第（二）项"
			}
			res := c.mustIntake(c.w1a, r)
			got := c.caseRow(res.Case.ID)
			if got.Status != tc.status || got.ItemVersion != c.licence.Version || got.Kind != bianmin.CasePromised ||
				got.ReceivedDate != "2026-03-02" || got.ReceiverID != c.w1a.UserID || len(got.Materials) != 4 {
				t.Fatalf("%s: case %+v", tc.outcome, got)
			}
			if tc.notice == "" {
				if res.Notice != nil || len(got.Notices) != 0 || got.AcceptedAt != nil {
					t.Fatalf("receive gave a notice or acceptance: %+v", got)
				}
				continue
			}
			if res.Notice == nil || res.Notice.Kind != tc.notice || res.Notice.RuleID != tc.rule || len(got.Notices) != 1 {
				t.Fatalf("%s: notice %+v", tc.outcome, res.Notice)
			}
			if n := c.auditRows("notice.issue", tc.rule, "ok"); n < 1 {
				t.Fatalf("%s: notice not audited", tc.outcome)
			}
		}
		if n := c.auditRows("case.intake", "R1.2", "ok"); n != 5 {
			t.Fatalf("%d intakes audited, want 5", n)
		}
	})
}

// TestIntakeReturnNeedsReasonAndBasis: a return notice states its reason
// and legal basis (ON-3, R1.16); nothing is written when they are missing.
func TestIntakeReturnNeedsReasonAndBasis(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		_, err := c.svc.Intake(c.ctx, c.w1a, intakeReq(c.licence, "return"))
		f := fields(err)
		if !f["reason"] || !f["legal_basis"] {
			t.Fatalf("return without reason: %v", err)
		}
		if n := c.count("SELECT count(*) FROM cases"); n != 0 {
			t.Fatalf("%d cases written by a refused intake", n)
		}
	})
}

// TestIntakeApplicantChecks: GB 11643 with the 15-digit conversion (R7.1),
// the credit code with and without the R7.2b override, phone, every
// checklist line (ON-1), all reported at once.
func TestIntakeApplicantChecks(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		r := intakeReq(c.licence, "receive", allIn...)
		r.IDNumber = "110105491231002" // 15 digits, 1989 standard
		res := c.mustIntake(c.w1a, r)
		if got := c.caseRow(res.Case.ID); got.IDIndex != c.svc.Keys.Index(applicantID) || got.IDMasked != "110***********002X" {
			t.Fatalf("15-digit ID not converted: %+v", got)
		}

		r.IDNumber = "110105194912310021" // wrong check character
		r.Phone = "1380013800"
		r.Materials[1].State = ""
		r.Materials[0].State, r.Materials[0].Defect = bianmin.MaterialDefective, ""
		r.Materials[2].State = bianmin.MaterialNotNeeded
		_, err := c.svc.Intake(c.ctx, c.w1a, r)
		f := fields(err)
		for _, want := range []string{"id_number", "phone", "materials[0].defect", "materials[1].state", "materials[2].state"} {
			if !f[want] {
				t.Fatalf("no error on %s: %v", want, err)
			}
		}
		if e := wantCode(t, err, bianmin.EINVALID, "bad ID"); !strings.Contains(e.ZH, "GB 11643") {
			t.Fatalf("ID error does not name GB 11643: %s", e.ZH)
		}

		org := intakeReq(c.licence, "receive", allIn...)
		org.ApplicantType, org.ApplicantName, org.IDNumber = bianmin.ApplicantOrg, "某某食品有限公司", ""
		org.CreditCode, org.LegalRep = "91350100M0001TGQXM", "李四" // an early pilot code failing the checksum (R7.2b)
		_, err = c.svc.Intake(c.ctx, c.w1a, org)
		if e := wantCode(t, err, bianmin.EINVALID, "checksum failure"); e.Field != "credit_code" || e.Rule != "R7.2b" {
			t.Fatalf("checksum failure: %+v", e)
		}
		org.CreditOverride = true
		res = c.mustIntake(c.w1a, org)
		if got := c.caseRow(res.Case.ID); got.IDType != bianmin.IDTypeCreditCode || got.LegalRep != "李四" ||
			got.IDIndex != c.svc.Keys.Index("91350100M0001TGQXM") {
			t.Fatalf("org case %+v", got)
		}
		org.CreditCode, org.CreditOverride, org.LegalRep = "91350100M000100Y43", false, ""
		_, err = c.svc.Intake(c.ctx, c.w1a, org)
		if f := fields(err); !f["legal_rep"] || f["credit_code"] {
			t.Fatalf("valid code without legal rep: %v", err)
		}
		org.CreditCode, org.LegalRep = "91350100M00010OY4", "李四"
		_, err = c.svc.Intake(c.ctx, c.w1a, org)
		if e := wantCode(t, err, bianmin.EINVALID, "malformed code"); e.Field != "credit_code" || e.Rule != "R7.2" {
			t.Fatalf("malformed code: %+v", e)
		}
	})
}

// TestIntakeSealsPersonalData: the ID number, phone and agent ID are not
// in the database in clear (SECURITY.md item 18); the keyed index finds
// the case by exact ID number.
func TestIntakeSealsPersonalData(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		r := intakeReq(c.licence, "accept", allIn...)
		agentID := idNumber("19800101", "001")
		r.AgentName, r.AgentIDNumber = "王五", agentID
		res := c.mustIntake(c.w1a, r)
		for _, clear := range []string{applicantID, "13800138000", agentID} {
			n := c.count(`SELECT count(*) FROM cases WHERE id_enc LIKE $1 OR id_masked LIKE $1 OR phone_enc LIKE $1
				OR phone_masked LIKE $1 OR agent_id_enc LIKE $1 OR agent_id_masked LIKE $1 OR id_index LIKE $1`, "%"+clear+"%")
			n += c.count("SELECT count(*) FROM outbox WHERE recipient_enc LIKE $1 OR recipient_masked LIKE $1 OR body_zh LIKE $1", "%"+clear+"%")
			n += c.count("SELECT count(*) FROM audit_log WHERE after_json LIKE $1 OR before_json LIKE $1", "%"+clear+"%")
			if n != 0 {
				t.Fatalf("%s stored in clear %d times", clear, n)
			}
		}
		var id int64
		err := c.db.Read(c.ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(c.ctx, "SELECT id FROM cases WHERE id_index = $1", c.svc.Keys.Index(applicantID)).Scan(&id)
		})
		if err != nil || id != res.Case.ID {
			t.Fatalf("keyed index: %v %d", err, id)
		}
		got := c.caseRow(res.Case.ID)
		if clear, err := c.svc.Keys.Open(got.IDEnc); err != nil || clear != applicantID {
			t.Fatalf("sealed ID opens to %q %v", clear, err)
		}
		if got.Source != bianmin.SourceAgent || got.AgentName != "王五" || got.PhoneMasked != "138****8000" ||
			got.AgentIDMasked != "110***********"+agentID[14:] {
			t.Fatalf("agent and masks: %+v", got)
		}
	})
}

// TestAcceptanceNotice checks what an acceptance records and prints
// (C-1, R1.4, R3.13): case number, document number, acceptor, accepted
// time, promised completion date with its rule, query code; the steps
// (R3.14) and the message to the applicant (C-7).
func TestAcceptanceNotice(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...))
		got := c.caseRow(res.Case.ID)
		n := res.Notice
		if got.CaseNo == "" || len(got.CaseNo) > 50 || !strings.HasPrefix(got.CaseNo, "51160220260302") ||
			got.AcceptDocNo != n.DocNo || !strings.HasPrefix(n.DocNo, "SL2026") || len(n.DocNo) > 30 ||
			got.AcceptedBy != c.w1a.UserID || got.AcceptedAt == nil || !got.AcceptedAt.Equal(c.clock.Now().UTC().Truncate(time.Microsecond)) ||
			got.AcceptDate != "2026-03-02" || got.AcceptRule != "C-1" {
			t.Fatalf("acceptance fields (R3.13): %+v notice %+v", got, n)
		}
		// 5 working days from Monday 2026-03-02, the acceptance day not counted (R1.17).
		if got.DueDate != "2026-03-09" || got.DueRule != "C-0" || n.Body.DueDate != "2026-03-09" || got.Colour != bianmin.ColourGreen {
			t.Fatalf("due %s (%s) notice %q colour %s", got.DueDate, got.DueRule, n.Body.DueDate, got.Colour)
		}
		if len(res.QueryCode) != 8 || got.QueryHash == "" || strings.Contains(got.QueryHash, res.QueryCode) || strings.Contains(bianmin.JSONOf(n), "v1:") {
			t.Fatalf("query code %q hash %q", res.QueryCode, got.QueryHash)
		}
		if code, err := c.svc.Keys.Open(got.Notices[0].SecretEnc); err != nil || code != res.QueryCode {
			t.Fatalf("notice's sealed query code: %q %v", code, err)
		}
		if len(got.Steps) != 2 || got.Steps[0].Name != bianmin.StepIntake || got.Steps[0].Status != 2 ||
			got.Steps[0].HandlerID != c.w1a.UserID || got.Steps[1].Name != bianmin.StepReview || got.Steps[1].Status != 1 {
			t.Fatalf("steps %+v", got.Steps)
		}
		v, err := c.svc.CaseView(c.ctx, c.w1a, got.ID)
		if err != nil || len(v.Messages) != 1 || v.Messages[0].Kind != "accepted" ||
			!strings.Contains(v.Messages[0].BodyZH, got.CaseNo) || strings.Contains(v.Messages[0].BodyZH, res.QueryCode) ||
			!strings.Contains(v.Messages[0].BodyZH, bianmin.SecretMark) ||
			!strings.Contains(v.Messages[0].BodyZH, "2026-03-09") {
			t.Fatalf("accepted message: %v %+v", err, v)
		}
		if c.auditRows("case.accept", "C-1", "ok") != 1 {
			t.Fatal("acceptance not audited under C-1")
		}
	})
}

// TestAcceptImmediateAndJoint: an immediate case is due in the policy's
// minutes (R1.20); a joint case opens one approval per department (C-6).
func TestAcceptImmediateAndJoint(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.immediate, "accept", bianmin.MaterialOriginal))
		got := c.caseRow(res.Case.ID)
		want := c.clock.Now().Add(30 * time.Minute).UTC().Truncate(time.Microsecond)
		if got.DueAt == nil || !got.DueAt.Equal(want) || got.DueRule != "R1.20" ||
			res.Notice.Body.DueDate != want.In(bianmin.Shanghai).Format("2006-01-02 15:04") {
			t.Fatalf("immediate due %v (%s) notice %q", got.DueAt, got.DueRule, res.Notice.Body.DueDate)
		}
		res = c.mustIntake(c.w1a, intakeReq(c.joint, "accept", bianmin.MaterialCopy))
		got = c.caseRow(res.Case.ID)
		if len(got.Approvals) != 2 || got.Approvals[0].DepartmentID != c.deptA1 || got.Approvals[1].DepartmentID != c.deptA2 ||
			got.Approvals[0].Decision != "" || got.Kind != bianmin.CaseJoint {
			t.Fatalf("joint approvals %+v", got.Approvals)
		}
	})
}

// TestIntakeAccess: only clerks and chief representatives covering the
// item's department take applications in; an agent files (C-11) but does
// not decide; refusals are audited (SECURITY.md item 9).
func TestIntakeAccess(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		clerkA2 := c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
		_, err := c.svc.Intake(c.ctx, clerkA2, intakeReq(c.licence, "accept", allIn...))
		wantForbidden(t, err, "clerk of department A2 takes in an A1 item")
		_, err = c.svc.Intake(c.ctx, c.guide, intakeReq(c.licence, "receive", allIn...))
		wantForbidden(t, err, "guide takes in")
		if n := c.auditRows("case.intake", "SECURITY-9", "denied"); n != 2 {
			t.Fatalf("%d refusals audited, want 2", n)
		}

		agent := c.mustActor("agent1", bianmin.Grant{Role: bianmin.RoleAgent, CentreID: c.townA})
		_, err = c.svc.Intake(c.ctx, agent, intakeReq(c.licence, "accept", allIn...))
		if e := wantCode(t, err, bianmin.EFORBIDDEN, "agent accepts"); e.Rule != "C-11" {
			t.Fatalf("agent acceptance refusal rule %q", e.Rule)
		}
		res := c.mustIntake(agent, intakeReq(c.licence, "receive", allIn...))
		got := c.caseRow(res.Case.ID)
		if got.Source != bianmin.SourceAgent || got.AgentUserID != agent.UserID || got.AgentName != "测试 agent1" ||
			got.ApplicantName != "张三丰" {
			t.Fatalf("agent case: %+v", got)
		}
		// The department's clerk decides the agent's filing later.
		if _, err := c.svc.Decide(c.ctx, c.w1a, got.ID, service.DecideRequest{Outcome: "accept"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.Decide(c.ctx, c.w1a, got.ID, service.DecideRequest{Outcome: "accept"}); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("second decision: %v", err)
		}

		draft := c.item("XK-009", "草稿事项", "Draft")
		c.mustCreate(draft)
		_, err = c.svc.Intake(c.ctx, c.w1a, intakeReq(draft, "receive", allIn...))
		if f := fields(err); !f["item_id"] {
			t.Fatalf("intake of a draft item: %v", err)
		}
	})
}

// TestIntakeFromTicket: the ticket being served at the actor's window
// starts the case (Q-1, FI-2); another window's clerk is refused (ORG-2);
// an item of another queue's department is refused.
func TestIntakeFromTicket(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		c.mustOpen(c.w1a, c.win1)
		tk := mustTicket(c.hallEnv, c.qA, bianmin.TicketNormal)
		if _, err := c.svc.CallNext(c.ctx, c.w1a, c.win1.ID); err != nil {
			t.Fatal(err)
		}
		r := intakeReq(c.licence, "receive", allIn...)
		r.TicketID = tk.ID
		_, err := c.svc.Intake(c.ctx, c.w2a, r)
		wantForbidden(t, err, "clerk of window 2 takes in window 1's ticket")
		if c.auditRows("case.intake", "ORG-2", "denied") != 1 {
			t.Fatal("refusal not audited under ORG-2")
		}
		mz := c.item("MZ-002", "临时救助", "Temporary assistance")
		mz.DepartmentID = c.deptA2
		c.mustPublish(c.mustCreate(mz).ID)
		other := intakeReq(mz, "receive", allIn...)
		other.TicketID = tk.ID
		_, err = c.svc.Intake(c.ctx, c.w1a, other)
		if e := wantCode(t, err, bianmin.EINVALID, "item of queue B for a queue A ticket"); e.Field != "item_id" || e.Rule != "Q-7" {
			t.Fatalf("other queue's item: %+v", e)
		}
		res := c.mustIntake(c.w1a, r)
		got := c.caseRow(res.Case.ID)
		if got.Source != bianmin.SourceTicket || got.TicketID != tk.ID || got.WindowID != c.win1.ID {
			t.Fatalf("ticket case %+v", got)
		}
		var caseID int64
		if err := c.db.Read(c.ctx, func(tx *store.Tx) error {
			t, err := store.TicketByID(c.ctx, tx, tk.ID)
			caseID = t.CaseID
			return err
		}); err != nil || caseID != got.ID {
			t.Fatalf("ticket's case %d %v", caseID, err)
		}
	})
}
