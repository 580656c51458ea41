package service_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/store"
)

// at sets the frozen test clock to a Shanghai wall-clock time.
func (c *caseEnv) at(date string, hour, minute int) {
	c.t.Helper()
	d, err := time.ParseInLocation("2006-01-02", date, bianmin.Shanghai)
	if err != nil {
		c.t.Fatal(err)
	}
	c.clock.Set(d.Add(time.Duration(hour)*time.Hour+time.Duration(minute)*time.Minute), true)
}

// withHolidays seeds the built-in State Council calendar, as start-up
// does, so the dates below cross real holidays.
func (c *caseEnv) withHolidays() {
	c.t.Helper()
	if err := c.svc.Prepare(c.ctx, ""); err != nil {
		c.t.Fatal(err)
	}
	cal, err := c.svc.Calendar(c.ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	if d, _ := calendar.ParseDate("2026-04-06"); cal.IsWorkingDay(d) {
		c.t.Fatal("the service's calendar does not know Qingming 2026")
	}
}

// licenceAcceptedOn accepts a licence case at 09:00 of a date with the
// real holidays and checks its first deadline.
func (c *caseEnv) licenceAcceptedOn(date, wantDue, why string) *bianmin.Case {
	c.t.Helper()
	c.withHolidays()
	c.at(date, 9, 0)
	cs := c.takeInAccepted(c.licence, c.w1a)
	if got := c.caseRow(cs.ID).DueDate; got != wantDue {
		c.t.Fatalf("accepted %s: due %s, want %s (%s)", date, got, wantDue, why)
	}
	return cs
}

// messagesOf returns a case's outbox messages of a kind.
func (c *caseEnv) messagesOf(caseID int64, kind string) []*bianmin.Message {
	c.t.Helper()
	var out []*bianmin.Message
	err := c.db.Read(c.ctx, func(tx *store.Tx) (err error) {
		out, err = store.QueryMessages(c.ctx, tx, "case_id = $1 AND kind = $2", "id", caseID, kind)
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// A pause over Qingming (Sat 4 – Mon 6 April 2026 off) moves the deadline
// by the working days it covered, not by calendar days (C-3, R1.12).
func TestCasePauseOverQingmingMovesDeadlineByWorkingDays(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.licenceAcceptedOn("2026-04-01", "2026-04-09", "5 working days after Wednesday 1 April, skipping Qingming")
		c.at("2026-04-03", 10, 0) // Friday
		if err := c.svc.PauseCase(c.ctx, c.w1a, cs.ID, bianmin.PauseSupplement, "", "营业执照副本\n场地租赁合同", 3); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.PausedSince == nil || !v.Deadline.Paused {
			t.Fatalf("paused case: since %v, deadline paused %v", v.Case.PausedSince, v.Deadline.Paused)
		}
		notice := noticeOf(v, bianmin.NoticeSupplement)
		if notice == nil || notice.RuleID != "C-3" || len(notice.Body.Materials) != 2 || notice.Body.Materials[1].Name != "场地租赁合同" {
			t.Fatalf("supplement notice of the pause: %+v", notice)
		}
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "符合条件", true); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("review while paused: %v, want a conflict", err)
		}
		if err := c.svc.PauseCase(c.ctx, c.w1a, cs.ID, bianmin.PauseSupplement, "", "其他", 0); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("second pause: %v, want a conflict", err)
		}
		c.at("2026-04-08", 10, 0) // Wednesday after the holiday
		if err := c.svc.ResumeCase(c.ctx, c.w1a, cs.ID, ""); err != nil {
			t.Fatal(err)
		}
		got := c.caseRow(cs.ID)
		if got.DueDate != "2026-04-13" || got.PausedSince != nil {
			t.Fatalf("after resuming: due %s paused %v; want 2026-04-13 (moved by 2 working days: 7 and 8 April)", got.DueDate, got.PausedSince)
		}
		v = c.view(cs.ID)
		if v.Deadline.PausedWD != 2 || !strings.Contains(v.Deadline.ZH, "C-3") {
			t.Fatalf("deadline explanation: paused %d, %q", v.Deadline.PausedWD, v.Deadline.ZH)
		}
		if p := v.Case.Pauses[0]; p.EndedAt == nil || p.Result != "材料已补齐" || p.Kind != bianmin.PauseSupplement {
			t.Fatalf("pause row: %+v", p)
		}
		if ms := c.messagesOf(cs.ID, "paused"); len(ms) != 1 || !strings.Contains(ms[0].BodyZH, "场地租赁合同") {
			t.Fatalf("paused messages: %+v", ms)
		}
		if ms := c.messagesOf(cs.ID, "resumed"); len(ms) != 1 || !strings.Contains(ms[0].BodyZH, "2026-04-13") {
			t.Fatalf("resumed messages: %+v", ms)
		}
		if c.auditRows("case.pause", "C-3", bianmin.ResultOK) != 1 || c.auditRows("case.resume", "C-3", bianmin.ResultOK) != 1 {
			t.Fatal("pause and resume should each be audited under C-3")
		}
	})
}

// A special procedure needs its kind and a told length (R1.12); across the
// May Day holiday (1–5 May off) it moves the deadline by one working day.
func TestCaseSpecialProcedurePause(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.licenceAcceptedOn("2026-04-27", "2026-05-07", "28, 29, 30 April, 6, 7 May")
		c.at("2026-04-30", 15, 0)
		err := c.svc.PauseCase(c.ctx, c.w1a, cs.ID, bianmin.PauseSpecial, "party", "现场检查", 0)
		if e := bianmin.AsError(err); e == nil || len(e.Details) != 2 {
			t.Fatalf("special pause without procedure and days: %v, want two field errors", err)
		}
		if err := c.svc.PauseCase(c.ctx, c.w1a, cs.ID, bianmin.PauseSpecial, "site_check", "经营场所实地核查", 3); err != nil {
			t.Fatal(err)
		}
		c.at("2026-05-06", 11, 0)
		if err := c.svc.ResumeCase(c.ctx, c.w1a, cs.ID, ""); bianmin.AsError(err).Field != "result" {
			t.Fatalf("resume without the procedure's result: %v, want a result field error (R3.15)", err)
		}
		if err := c.svc.ResumeCase(c.ctx, c.w1a, cs.ID, "实地核查合格"); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.DueDate != "2026-05-08" {
			t.Fatalf("due %s, want 2026-05-08: one working day (6 May) paused", v.Case.DueDate)
		}
		notice := noticeOf(v, bianmin.NoticePause)
		if notice == nil || notice.RuleID != "R1.12" || notice.Body.Procedure != "site_check" || notice.Body.Days != 3 {
			t.Fatalf("special procedure notice: %+v", notice)
		}
		if ms := c.messagesOf(cs.ID, "paused"); len(ms) != 1 || !strings.Contains(ms[0].BodyZH, "实地核查") || !strings.Contains(ms[0].BodyZH, "3 天") {
			t.Fatalf("paused message: %+v", ms)
		}
		if c.auditRows("case.resume", "R1.12", bianmin.ResultOK) != 1 {
			t.Fatal("resumption after a special procedure should be audited under R1.12")
		}
	})
}

// One extension of at most 10 working days for a licence (R1.8), approved
// by a leader with a reason told to the applicant (C-2); never a second.
func TestCaseSingleExtension(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a) // Monday 2 March: due 9 March
		err := c.svc.ExtendCase(c.ctx, c.w1b, cs.ID, 10, "需要补充现场检查")
		wantRefusal(t, err, bianmin.EFORBIDDEN, "R1.8", "a clerk approving an extension")
		if c.auditRows("case.extend", "R1.8", bianmin.ResultDenied) != 1 {
			t.Fatal("the refused extension should be audited under R1.8")
		}
		err = c.svc.ExtendCase(c.ctx, c.director, cs.ID, 11, "需要补充现场检查")
		if e := bianmin.AsError(err); e == nil || e.Field != "days" || e.Rule != "R1.8" {
			t.Fatalf("11 working days: %v, want a days error under R1.8", err)
		}
		if err := c.svc.ExtendCase(c.ctx, c.director, cs.ID, 10, ""); bianmin.AsError(err).Field != "reason" {
			t.Fatalf("extension without reason: %v", err)
		}
		if err := c.svc.ExtendCase(c.ctx, c.director, cs.ID, 10, "需组织专家现场核查"); err != nil {
			t.Fatal(err)
		}
		v := c.view(cs.ID)
		if v.Case.DueDate != "2026-03-23" || v.Case.Extension == nil || v.Case.Extension.RuleID != "R1.8" || v.Case.Extension.ApprovedBy != c.director.UserID {
			t.Fatalf("extended case: due %s extension %+v; want 2026-03-23 (9 March + 10 working days)", v.Case.DueDate, v.Case.Extension)
		}
		notice := noticeOf(v, bianmin.NoticeExtension)
		if notice == nil || notice.ID != v.Case.Extension.NoticeID || notice.Body.DueDate != "2026-03-23" || notice.Body.Reason != "需组织专家现场核查" {
			t.Fatalf("extension notice: %+v", notice)
		}
		if ms := c.messagesOf(cs.ID, "extended"); len(ms) != 1 || !strings.Contains(ms[0].BodyZH, "需组织专家现场核查") || !strings.Contains(ms[0].BodyZH, "2026-03-23") {
			t.Fatalf("extension message: %+v", ms)
		}
		err = c.svc.ExtendCase(c.ctx, c.chiefA1, cs.ID, 5, "再延期")
		if bianmin.ErrorCode(err) != bianmin.ECONFLICT || bianmin.AsError(err).Rule != "R1.8" {
			t.Fatalf("second extension: %v, want the R1.8 conflict", err)
		}
		if got := c.caseRow(cs.ID).DueDate; got != "2026-03-23" {
			t.Fatalf("due %s after the refused second extension", got)
		}
	})
}

// The department's chief representative may also approve an extension,
// and the extension cap of an on-the-spot case is nil (R1.20).
func TestCaseExtensionByChiefRepAndNoneForImmediate(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		if err := c.svc.ExtendCase(c.ctx, c.chiefA1, cs.ID, 3, "等待上级部门意见"); err != nil {
			t.Fatal(err)
		}
		if got := c.caseRow(cs.ID).DueDate; got != "2026-03-12" {
			t.Fatalf("due %s, want 2026-03-12", got)
		}
		imm := c.takeInAccepted(c.immediate, c.w1a)
		err := c.svc.ExtendCase(c.ctx, c.director, imm.ID, 1, "系统故障")
		if e := bianmin.AsError(err); e == nil || e.Field != "days" || e.Rule != "R1.20" {
			t.Fatalf("extending an immediate case: %v, want a days error under R1.20", err)
		}
	})
}
