package service_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// The citizen's progress query (C-8, SECURITY.md item 32): case number plus
// query code, as typed from the notice (lower case, spaces and dashes are
// forgiven), shows status, steps and dates with the name masked and no ID
// number or phone; each answer is audited.
func TestProgressQuery(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...))
		typed := strings.ToLower(res.QueryCode[:4] + "-" + res.QueryCode[4:])
		p, err := c.svc.QueryProgress(c.ctx, " "+strings.ToLower(res.Case.CaseNo)+" ", typed, "10.1.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if p.CaseNo != res.Case.CaseNo || p.Applicant != "张*丰" || p.Status != "accepted" || p.StatusZH != "已受理" ||
			p.DueDate != "2026-03-09" || p.DueRule != "C-0" || p.AcceptDate != "2026-03-02" {
			t.Fatalf("progress %+v", p)
		}
		if len(p.Steps) != 2 || p.Steps[0].Name != "受理" || !p.Steps[0].Done || p.Steps[1].Name != "审查" || p.Steps[1].Done {
			t.Fatalf("steps %+v; want intake done, review pending", p.Steps)
		}
		body, _ := json.Marshal(p)
		for _, secret := range []string{applicantID, "13800138000", "张三丰", res.QueryCode} {
			if strings.Contains(string(body), secret) {
				t.Fatalf("progress answer shows %q: %s", secret, body)
			}
		}
		if n := c.auditRows("progress.query", "SECURITY-32", bianmin.ResultOK); n != 1 {
			t.Fatalf("%d audited answers, want 1", n)
		}
	})
}

// An unknown case number and a wrong code get the same answer; wrong
// codes count per case number and day, and after the policy's 5 the
// number is locked until midnight even for the right code (SECURITY.md
// item 32). Unknown numbers count and lock alike, so a lock reveals
// nothing either.
func TestProgressWrongCodeLocks(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...))
		no, code := res.Case.CaseNo, res.QueryCode
		wrong := "ZZZZZZZZ"
		if code == wrong {
			wrong = "YYYYYYYY"
		}
		_, unknown := c.svc.QueryProgress(c.ctx, "51160220260302001999999", code, "10.2.0.1")
		_, bad := c.svc.QueryProgress(c.ctx, no, wrong, "10.2.0.2")
		var eu, eb *bianmin.Error
		if !errors.As(unknown, &eu) || !errors.As(bad, &eb) || eu.Code != bianmin.ENOTFOUND ||
			eu.ZH != eb.ZH || eu.EN != eb.EN || eu.Code != eb.Code || eu.Rule != eb.Rule {
			t.Fatalf("unknown number: %v; wrong code: %v; want the same answer", unknown, bad)
		}
		for i := range 4 { // failures 2 to 5, from different addresses
			_, err := c.svc.QueryProgress(c.ctx, no, wrong, "10.2.1."+string(rune('0'+i)))
			wantCode(t, err, bianmin.ENOTFOUND, "wrong code")
		}
		_, err := c.svc.QueryProgress(c.ctx, no, code, "10.2.2.1")
		be := wantCode(t, err, bianmin.ETOOMANY, "right code after 5 wrong ones")
		if wait, ok := service.RetryAfter(err); !ok || wait != 15*time.Hour || be.Rule != "SECURITY-33" {
			t.Fatalf("lock until %v (%v), rule %s; want 15 h to midnight", wait, ok, be.Rule)
		}
		if n := c.auditRows("progress.query", "SECURITY-32", bianmin.ResultFailed); n != 6 {
			t.Fatalf("%d audited failures, want 6 (the unknown number and 5 wrong codes)", n)
		}
		c.at("2026-03-03", 0, 0)
		if _, err := c.svc.QueryProgress(c.ctx, no, code, "10.2.2.1"); err != nil {
			t.Fatalf("the next day: %v", err)
		}
	})
}

// One address may query the policy's 30 times a minute (SECURITY.md item
// 33); the 31st is refused with a wait, and the next minute is open.
func TestProgressRateLimitPerAddress(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		res := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...))
		c.at("2026-03-02", 10, 0)
		for i := range 30 {
			if _, err := c.svc.QueryProgress(c.ctx, res.Case.CaseNo, res.QueryCode, "10.3.0.1"); err != nil {
				t.Fatalf("query %d: %v", i+1, err)
			}
		}
		_, err := c.svc.QueryProgress(c.ctx, res.Case.CaseNo, res.QueryCode, "10.3.0.1")
		wantCode(t, err, bianmin.ETOOMANY, "31st query in a minute")
		if _, ok := service.RetryAfter(err); !ok {
			t.Fatal("no Retry-After on the rate limit")
		}
		if _, err := c.svc.QueryProgress(c.ctx, res.Case.CaseNo, res.QueryCode, "10.3.0.2"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		c.at("2026-03-02", 10, 1)
		if _, err := c.svc.QueryProgress(c.ctx, res.Case.CaseNo, res.QueryCode, "10.3.0.1"); err != nil {
			t.Fatalf("next minute: %v", err)
		}
	})
}

// The results board 办结公告 lists completed licence decisions (C-8,
// published at completion) with the applicant masked; other completions
// and open cases are not listed.
func TestPublicResults(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		lic := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...)).Case
		open := c.mustIntake(c.w1a, intakeReq(c.licence, "accept", allIn...)).Case
		imm := c.mustIntake(c.w1a, intakeReq(c.immediate, "accept", bianmin.MaterialOriginal)).Case
		for _, id := range []int64{lic.ID, imm.ID} {
			if err := c.svc.ReviewCase(c.ctx, c.w1b, id, "材料齐全", true); err != nil {
				t.Fatal(err)
			}
			if err := c.svc.ApproveCase(c.ctx, c.chiefA1, id, "同意"); err != nil {
				t.Fatal(err)
			}
			if err := c.svc.CompleteCase(c.ctx, c.w1a, id, service.CompleteRequest{ResultNo: "JY15116020000123",
				Delivery: "pickup"}); err != nil {
				t.Fatal(err)
			}
		}
		rs, err := c.svc.PublicResults(c.ctx, c.townA)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 || rs[0].CaseNo != lic.CaseNo || rs[0].Applicant != "张*丰" || rs[0].ItemName != "食品经营许可" ||
			rs[0].ResultNo != "JY15116020000123" || rs[0].CompletedDate != "2026-03-02" {
			t.Fatalf("results %+v; want only the licence %s, masked", rs, lic.CaseNo)
		}
		if open.ID == 0 {
			t.Fatal("no open case")
		}
	})
}
