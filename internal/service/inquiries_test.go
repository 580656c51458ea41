package service_test

import (
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

func (c *caseEnv) mustInquiry(a *bianmin.Actor, q *bianmin.Inquiry, phone string) *bianmin.Inquiry {
	c.t.Helper()
	q.CentreID = c.townA
	if err := c.svc.OpenInquiry(c.ctx, a, q, phone); err != nil {
		c.t.Fatalf("open inquiry by %s: %v", a.Username, err)
	}
	return q
}

// mine lists the IDs of the open records a person works on.
func (c *caseEnv) mine(a *bianmin.Actor) map[int64]*bianmin.Inquiry {
	c.t.Helper()
	qs, err := c.svc.MyInquiries(c.ctx, a)
	if err != nil {
		c.t.Fatalf("my inquiries of %s: %v", a.Username, err)
	}
	out := map[int64]*bianmin.Inquiry{}
	for _, q := range qs {
		out[q.ID] = q
	}
	return out
}

// TestInquiryHandedToWindow: the first staff member asked owns the record
// (FI-1); handed to window 3, its A and B post holders see it as
// first-receipt owners until it is closed (FI-2); others do not.
func TestInquiryHandedToWindow(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		q := c.mustInquiry(c.w1a, &bianmin.Inquiry{Channel: bianmin.InquiryWindow, WindowID: c.win1.ID,
			AskerName: "赵六", Question: "高龄津贴怎么申领？"}, "")
		if q.Status != bianmin.InquiryOpen || q.OwnerID != c.w1a.UserID || q.AskerName != "赵*" {
			t.Fatalf("opened %+v", q)
		}
		if got := c.mine(c.w1a)[q.ID]; got == nil || got.AskerName != "赵*" {
			t.Fatalf("owner's list: %+v", got)
		}
		err := c.svc.OpenInquiry(c.ctx, c.w1a, &bianmin.Inquiry{CentreID: c.townA, Channel: bianmin.InquiryWindow,
			WindowID: c.win3.ID, Question: "?"}, "")
		if f := fields(err); !f["window_id"] {
			t.Fatalf("record at someone else's window: %v", err)
		}
		wantForbidden(t, c.svc.HandInquiry(c.ctx, c.w2a, q.ID, c.win3.ID), "a stranger hands the record")
		if err := c.svc.HandInquiry(c.ctx, c.w1a, q.ID, c.win3.ID); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*bianmin.Actor{c.w1a, c.w3a, c.w3b} {
			if got := c.mine(who)[q.ID]; got == nil || got.Status != bianmin.InquiryHanded || got.HandedWindowID != c.win3.ID {
				t.Fatalf("%s does not see the handed record: %+v", who.Username, got)
			}
		}
		if c.mine(c.w2a)[q.ID] != nil {
			t.Fatal("window 2 sees a record handed to window 3")
		}
		wantCode(t, c.svc.AnswerInquiry(c.ctx, c.w3a, q.ID, ""), bianmin.EINVALID, "empty answer")
		if err := c.svc.AnswerInquiry(c.ctx, c.w3a, q.ID, "请携带身份证到 3 号窗口填写申请表。"); err != nil {
			t.Fatal(err)
		}
		if c.mine(c.w1a)[q.ID] != nil || c.mine(c.w3a)[q.ID] != nil {
			t.Fatal("a closed record is still listed")
		}
		wantCode(t, c.svc.HandInquiry(c.ctx, c.w1a, q.ID, c.win2.ID), bianmin.ECONFLICT, "hand a closed record")
		if c.auditRows("inquiry.open", "FI-1", "ok") != 1 || c.auditRows("inquiry.hand", "FI-2", "ok") != 1 ||
			c.auditRows("inquiry.answer", "FI-1", "ok") != 1 || c.auditRows("inquiry.hand", "SECURITY-9", "denied") != 1 {
			t.Fatal("inquiry changes not audited with their rules")
		}
		n := c.count("SELECT count(*) FROM inquiries WHERE id = $1 AND status = 'closed' AND outcome = 'answered' AND asker_name = '赵六'", q.ID)
		if n != 1 {
			t.Fatal("answered record not stored")
		}
	})
}

// TestPhoneInquiryRouting: a phone call records the caller's name and
// number and waits for the duty leader, who routes it to a department
// (FI-3); a clerk of that department sees it and takes it in as a case,
// which closes the record (FI-2); a clerk of another department sees
// nothing and may not act; only the duty leader or director routes.
func TestPhoneInquiryRouting(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		err := c.svc.OpenInquiry(c.ctx, c.dutyChief, &bianmin.Inquiry{CentreID: c.townA, Channel: bianmin.InquiryPhone,
			Question: "食品经营许可要带什么？"}, "")
		if f := fields(err); !f["asker_name"] || !f["asker_phone"] {
			t.Fatalf("phone call without caller: %v", err)
		}
		q := c.mustInquiry(c.dutyChief, &bianmin.Inquiry{Channel: bianmin.InquiryPhone, AskerName: "钱七",
			Question: "食品经营许可要带什么？"}, "13912345678")
		if q.Status != bianmin.InquiryRouting || q.AskerPhoneMasked != "139****5678" {
			t.Fatalf("phone record %+v", q)
		}
		if n := c.count("SELECT count(*) FROM inquiries WHERE asker_phone_enc LIKE '%13912345678%' OR asker_phone_masked LIKE '%13912345678%'"); n != 0 {
			t.Fatal("caller's phone stored in clear")
		}
		_, err = c.svc.RoutingInquiries(c.ctx, c.w1a, c.townA)
		wantForbidden(t, err, "clerk reads the routing list")
		wantForbidden(t, c.svc.RouteInquiry(c.ctx, c.w1a, q.ID, c.deptA1), "clerk routes")
		wantCode(t, c.svc.AnswerInquiry(c.ctx, c.dutyChief, q.ID, "稍后回电"), bianmin.ECONFLICT, "answer before routing")
		list, err := c.svc.RoutingInquiries(c.ctx, c.dutyLeader, c.townA)
		if err != nil || len(list) != 1 || list[0].ID != q.ID || list[0].AskerName != "钱*" {
			t.Fatalf("routing list: %v %+v", err, list)
		}
		wantCode(t, c.svc.RouteInquiry(c.ctx, c.dutyLeader, q.ID, c.deptB), bianmin.EINVALID, "route to another centre's department")
		if err := c.svc.RouteInquiry(c.ctx, c.dutyLeader, q.ID, c.deptA1); err != nil {
			t.Fatal(err)
		}
		wantCode(t, c.svc.RouteInquiry(c.ctx, c.dutyLeader, q.ID, c.deptA2), bianmin.ECONFLICT, "route twice")
		if list, _ := c.svc.RoutingInquiries(c.ctx, c.dutyLeader, c.townA); len(list) != 0 {
			t.Fatalf("routed record still waiting: %+v", list)
		}

		clerkA1 := c.mustActor("clerka1", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA1})
		clerkA2 := c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
		if c.mine(clerkA2)[q.ID] != nil {
			t.Fatal("clerk of department A2 sees a record routed to A1")
		}
		wantForbidden(t, c.svc.AnswerInquiry(c.ctx, clerkA2, q.ID, "不清楚"), "clerk of A2 answers")
		_, err = c.svc.Inquiry(c.ctx, clerkA2, q.ID)
		wantForbidden(t, err, "clerk of A2 reads")
		if got := c.mine(clerkA1)[q.ID]; got == nil || got.RoutedDepartmentID != c.deptA1 || got.RoutedBy != c.dutyLeader.UserID {
			t.Fatalf("clerk of A1 does not see the routed record: %+v", got)
		}
		if c.mine(c.dutyChief)[q.ID] == nil {
			t.Fatal("the owner lost sight of the record")
		}

		r := intakeReq(c.licence, "receive", allIn...)
		r.InquiryID = q.ID
		res := c.mustIntake(clerkA1, r)
		got := c.caseRow(res.Case.ID)
		if got.Source != bianmin.SourceInquiry || got.InquiryID != q.ID {
			t.Fatalf("case from inquiry: %+v", got)
		}
		if n := c.count("SELECT count(*) FROM inquiries WHERE id = $1 AND status = 'closed' AND outcome = $2 AND case_id = $3",
			q.ID, service.InquiryOutcomeCase, got.ID); n != 1 {
			t.Fatal("inquiry not closed as taken in")
		}
		_, err = c.svc.Intake(c.ctx, clerkA1, r)
		if f := fields(err); !f["inquiry_id"] {
			t.Fatalf("second case from a closed inquiry: %v", err)
		}
		if c.auditRows("inquiry.open", "FI-3", "ok") != 1 || c.auditRows("inquiry.route", "FI-3", "ok") != 1 ||
			c.auditRows("inquiry.route", "FI-3", "denied") != 1 || c.auditRows("inquiry.routing", "FI-3", "denied") != 1 {
			t.Fatal("routing not audited under FI-3")
		}
	})
}

// TestInquiryClosing: outside the remit needs the explanation given to the
// citizen; referring passes the record to the duty leader instead of
// ending it (FI-2); "handed" closes only a handed record.
func TestInquiryClosing(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		q := c.mustInquiry(c.guide, &bianmin.Inquiry{Channel: bianmin.InquiryGuide, Question: "办理护照"}, "")
		if f := fields(c.svc.CloseInquiry(c.ctx, c.guide, q.ID, service.InquiryOutcomeOutside, "")); !f["explanation"] {
			t.Fatal("outside remit without explanation accepted")
		}
		if f := fields(c.svc.CloseInquiry(c.ctx, c.guide, q.ID, service.InquiryOutcomeHanded, "")); !f["outcome"] {
			t.Fatal("closed as handed without a handover")
		}
		if err := c.svc.CloseInquiry(c.ctx, c.guide, q.ID, service.InquiryOutcomeReferred, "无人知晓，请值班领导分派"); err != nil {
			t.Fatal(err)
		}
		list, err := c.svc.RoutingInquiries(c.ctx, c.director, c.townA)
		if err != nil || len(list) != 1 || list[0].Outcome != service.InquiryOutcomeReferred {
			t.Fatalf("referred record: %v %+v", err, list)
		}
		if err := c.svc.RouteInquiry(c.ctx, c.director, q.ID, c.deptA2); err != nil {
			t.Fatal(err)
		}
		if err := c.svc.CloseInquiry(c.ctx, c.guide, q.ID, service.InquiryOutcomeOutside,
			"护照由县公安局出入境窗口办理，不属于本中心职责，已告知地址。"); err != nil {
			t.Fatal(err)
		}
		if n := c.count("SELECT count(*) FROM inquiries WHERE id = $1 AND status = 'closed' AND outcome = 'outside_remit' AND closed_at IS NOT NULL", q.ID); n != 1 {
			t.Fatal("outside remit not stored")
		}
		if c.auditRows("inquiry.close", "FI-2", "ok") != 2 {
			t.Fatal("closing not audited under FI-2")
		}
		err = c.svc.OpenInquiry(c.ctx, c.chiefA1, &bianmin.Inquiry{CentreID: c.townA, Channel: bianmin.InquiryGuide, Question: "?"}, "")
		wantForbidden(t, err, "chief representative opens a record")
	})
}
