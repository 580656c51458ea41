package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/store"
)

// Changes to a running clock: a pause for materials asked during
// processing (C-3) or for a special procedure (R1.12, R3.15 code 2), its
// end, and the one extension (C-2, R1.8, R3.15 code 1). Each recomputes the
// deadline (retime), tells the applicant and is audited with its rule.

// extensionApprovers approve an extension for the departments their grants
// cover; the director approves any (R1.8: 本行政机关负责人).
var extensionApprovers = []bianmin.Role{bianmin.RoleDeptHead, bianmin.RoleChiefRep}

// maxPauseDays bounds the expected length of a pause told to the applicant.
const maxPauseDays = 365

var errCaseNotPaused = bianmin.Errorf(bianmin.ECONFLICT, "办件没有暂停计时。", "The case clock is not paused.")

// PauseCase stops a case's clock. Kind supplement (C-3): the applicant must
// bring what reason lists, one material a line, on a supplement notice.
// Kind special (R1.12): procedure is one of bianmin.SpecialProcedures and
// the written notice tells the applicant how many days it is expected to
// take. Handled by the case's department (clerk, chief representative or
// department head).
func (s *Service) PauseCase(ctx context.Context, a *bianmin.Actor, id int64, kind, procedure, reason string, expectedDays int) error {
	kind, procedure, reason = strings.TrimSpace(kind), strings.TrimSpace(procedure), oneLine(reason)
	return s.onCase(ctx, a, id, "case.pause", func(tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) error {
		if err := requireHandler(ctx, tx, a, c, "case.pause", caseDeptRoles...); err != nil {
			return err
		}
		if _, err := cases.Next(c.Status, cases.ActPause); err != nil {
			return err
		}
		if openPause(c) != nil {
			return bianmin.Errorf(bianmin.ECONFLICT, "办件已在暂停计时中。", "The case clock is already paused.")
		}
		if err := checkPause(kind, procedure, reason, expectedDays); err != nil {
			return err
		}
		rule, n, err := pauseNotice(ctx, tx, a, c, kind, procedure, reason, expectedDays)
		if err != nil {
			return err
		}
		p := &bianmin.CasePause{CaseID: c.ID, Kind: kind, Procedure: procedure, Reason: reason, NoticeID: n.ID, StartedBy: a.UserID}
		if err := store.InsertCasePause(ctx, tx, p); err != nil {
			return err
		}
		c.Pauses = append(c.Pauses, p)
		if _, err := s.retime(ctx, tx, cal, c); err != nil {
			return err
		}
		zh, en := pauseMessage(c, p, expectedDays)
		if err := s.enqueueMessage(ctx, tx, c, "paused", "pause:"+idStr(p.ID), zh, en); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.pause", rule, map[string]any{"kind": kind, "procedure": procedure,
			"reason": reason, "expected_days": expectedDays, "notice": n.DocNo})
	})
}

// oneLine joins the lines of a typed list with "；", the separator of a
// list read aloud or printed on one line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "；")
}

func checkPause(kind, procedure, reason string, days int) error {
	var v bianmin.Validation
	switch kind {
	case bianmin.PauseSupplement:
		if procedure != "" {
			v.Add("procedure", "补正材料暂停不需要选择特别程序。", "A supplement pause has no special procedure.")
		}
		if days < 0 || days > maxPauseDays {
			v.Add("expected_days", "预计天数须在 0 至 365 之间。", "Expected days must be 0 to 365.")
		}
	case bianmin.PauseSpecial:
		if !slices.Contains(bianmin.SpecialProcedures, procedure) {
			v.Add("procedure", "请选择听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审或实地核查（R1.12）。",
				"Choose a special procedure of R1.12: hearing, tender, auction, inspection, testing, quarantine, appraisal, expert review or site check.")
		}
		if days < 1 || days > maxPauseDays {
			v.Add("expected_days", "须书面告知申请人所需时间：预计天数须在 1 至 365 之间（R1.12）。",
				"The applicant must be told in writing how long it takes: expected days must be 1 to 365 (R1.12).")
		}
	default:
		v.Add("kind", "请选择补正材料（C-3）或特别程序（R1.12）。", "Choose supplement (C-3) or special procedure (R1.12).")
	}
	if !textOK(reason, 1, 500) {
		v.Add("reason", "请写明暂停理由或需补正的材料（最多 500 个字符）。", "Give the reason or the materials needed (at most 500 characters).")
	}
	return v.Err()
}

// pauseNotice issues the written notice of a pause: a supplement notice
// listing each needed material (C-3) or a special-procedure notice with
// its expected length (R1.12). It returns the rule applied.
func pauseNotice(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, kind, procedure, reason string, days int) (string, *bianmin.Notice, error) {
	if kind == bianmin.PauseSpecial {
		n, err := issueNotice(ctx, tx, a, c, bianmin.NoticePause, "R1.12",
			bianmin.NoticeBody{Procedure: procedure, Reason: reason, Days: days})
		return "R1.12", n, err
	}
	body := bianmin.NoticeBody{Reason: reason, Days: days}
	for _, line := range strings.FieldsFunc(reason, func(r rune) bool { return r == '；' || r == ';' }) {
		if line = strings.TrimSpace(line); line != "" {
			body.Materials = append(body.Materials, bianmin.NoticeMaterial{Name: line, State: bianmin.MaterialMissing})
		}
	}
	n, err := issueNotice(ctx, tx, a, c, bianmin.NoticeSupplement, "C-3", body)
	return "C-3", n, err
}

// procedureNames are the special procedures of R1.12 in Chinese and English.
var procedureNames = map[string][2]string{
	"hearing": {"听证", "a hearing"}, "tender": {"招标", "a tender"}, "auction": {"拍卖", "an auction"},
	"inspection": {"检验", "an inspection"}, "testing": {"检测", "testing"}, "quarantine": {"检疫", "quarantine"},
	"appraisal": {"鉴定", "an appraisal"}, "expert_review": {"专家评审", "an expert review"},
	"site_check": {"实地核查", "a site check"},
}

// ProcedureName names a special procedure in a language ("zh" or "en").
func ProcedureName(p, lang string) string {
	n, ok := procedureNames[p]
	switch {
	case !ok:
		return p
	case lang == "en":
		return n[1]
	}
	return n[0]
}

func pauseMessage(c *bianmin.Case, p *bianmin.CasePause, days int) (zh, en string) {
	head := "您好！您的办件 " + c.CaseNo + "（" + c.ItemName + "）"
	headEN := "Hello. Your case " + c.CaseNo + " (" + c.ItemName + ")"
	if p.Kind == bianmin.PauseSpecial {
		d := strconv.Itoa(days)
		return head + "需要进行" + ProcedureName(p.Procedure, "zh") + "，预计 " + d + " 天，期间不计入办理时限（R1.12），书面告知书请到中心领取。谢谢您的配合。",
			headEN + " needs " + ProcedureName(p.Procedure, "en") + ", expected to take " + d +
				" days, which do not count towards the time limit (R1.12); the written notice is ready at the centre. Thank you for your cooperation."
	}
	return head + "需要补正材料：" + p.Reason + "。补齐前暂停计时，补齐后继续计算（C-3）。请您方便时带齐材料到中心窗口，谢谢！",
		headEN + " needs further materials: " + p.Reason + ". The clock is paused until they are complete (C-3). Please bring them to the centre's window at your convenience. Thank you."
}

// ResumeCase ends the running pause with its result (required after a
// special procedure, R3.15) and moves the deadline by the paused working
// days; the applicant is told the new date.
func (s *Service) ResumeCase(ctx context.Context, a *bianmin.Actor, id int64, result string) error {
	result = strings.TrimSpace(result)
	return s.onCase(ctx, a, id, "case.resume", func(tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) error {
		if err := requireHandler(ctx, tx, a, c, "case.resume", caseDeptRoles...); err != nil {
			return err
		}
		if _, err := cases.Next(c.Status, cases.ActResume); err != nil {
			return err
		}
		p := openPause(c)
		if p == nil {
			return errCaseNotPaused
		}
		rule := "C-3"
		if p.Kind == bianmin.PauseSpecial {
			rule = "R1.12"
		} else if result == "" {
			result = "材料已补齐"
		}
		if !textOK(result, 1, 200) {
			return bianmin.FieldError("result", "请填写特别程序的结果（最多 200 个字符，R3.15）。",
				"Give the result of the special procedure (at most 200 characters, R3.15).")
		}
		if _, err := store.EndCasePause(ctx, tx, c.ID, result); err != nil {
			return err
		}
		p.EndedAt, p.Result = timePtr(tx.Now), result
		d, err := s.retime(ctx, tx, cal, c)
		if err != nil {
			return err
		}
		if err := s.enqueueMessage(ctx, tx, c, "resumed", "resume:"+idStr(p.ID),
			"您好！您的办件 "+c.CaseNo+"（"+c.ItemName+"）已恢复计时，承诺办结日期顺延至 "+c.DueDate+"。感谢您的耐心等待。",
			"Hello. The clock of your case "+c.CaseNo+" ("+c.ItemName+") runs again; it will be completed by "+c.DueDate+". Thank you for your patience."); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.resume", rule, map[string]any{"result": result, "due_date": c.DueDate,
			"paused_days": d.PausedWD, "due_rule": c.DueRule})
	})
}

// ExtendCase grants the case's one extension (C-2, R1.8, R1.9): at most the
// cap for its kind, approved by the director or a department head or chief
// representative of its department, with a reason that the applicant is
// told on an extension notice and by message. A second extension fails
// with store.ErrSecondExtension.
func (s *Service) ExtendCase(ctx context.Context, a *bianmin.Actor, id int64, days int, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.onCase(ctx, a, id, "case.extend", func(tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) error {
		p, err := s.casePolicy(ctx, tx, c)
		if err != nil {
			return err
		}
		t, _, err := caseTerms(ctx, tx, c)
		if err != nil {
			return err
		}
		limit, rule := cases.ExtensionCap(p, t)
		director, err := mayActAny(ctx, tx, a, c.CentreID, bianmin.RoleDirector)
		if err != nil {
			return err
		}
		if !director && !coversDepartment(a, c.CentreID, []int64{c.DepartmentID}, extensionApprovers...) {
			return refuseOnCase(ctx, tx, a, c, "case.extend", rule, bianmin.Errorf(bianmin.EFORBIDDEN,
				"延期须由中心主任或本部门负责人、首席代表批准（"+rule+"）。",
				"An extension is approved by the director or the department's head or chief representative ("+rule+").").WithRule(rule))
		}
		if _, err := cases.Next(c.Status, cases.ActExtend); err != nil {
			return err
		}
		if c.Extension != nil {
			return store.ErrSecondExtension
		}
		if err := checkExtension(days, limit, rule, reason); err != nil {
			return err
		}
		e := &bianmin.CaseExtension{CaseID: c.ID, Days: days, Reason: reason, RuleID: rule, ApprovedBy: a.UserID}
		if err := store.InsertExtension(ctx, tx, e); err != nil {
			return err
		}
		c.Extension = e
		if _, err := s.retime(ctx, tx, cal, c); err != nil {
			return err
		}
		n, err := issueNotice(ctx, tx, a, c, bianmin.NoticeExtension, rule,
			bianmin.NoticeBody{Days: days, Reason: reason, DueDate: c.DueDate})
		if err != nil {
			return err
		}
		if err := store.SetExtensionNotice(ctx, tx, c.ID, n.ID); err != nil {
			return err
		}
		e.NoticeID = n.ID
		d := strconv.Itoa(days)
		if err := s.enqueueMessage(ctx, tx, c, "extended", "extend",
			"您好！您的办件 "+c.CaseNo+"（"+c.ItemName+"）因"+reason+"，经批准延长 "+d+" 个工作日，承诺办结日期为 "+c.DueDate+"。给您带来不便，敬请谅解。",
			"Hello. Your case "+c.CaseNo+" ("+c.ItemName+") has been extended by "+d+" working days because: "+reason+
				". It will be completed by "+c.DueDate+". We apologise for the inconvenience."); err != nil {
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.extend", rule, map[string]any{"days": days, "reason": reason,
			"due_date": c.DueDate, "notice": n.DocNo})
	})
}

func checkExtension(days, limit int, rule, reason string) error {
	var v bianmin.Validation
	switch {
	case limit <= 0:
		v.AddErr(bianmin.FieldError("days", "即办件当场办结，不能延期（"+rule+"）。",
			"An on-the-spot case is done at once and cannot be extended ("+rule+").").WithRule(rule))
	case days < 1 || days > limit:
		v.AddErr(bianmin.FieldError("days", "延长期限须为 1 至 "+strconv.Itoa(limit)+" 个工作日（"+rule+"）。",
			"The extension must be 1 to "+strconv.Itoa(limit)+" working days ("+rule+").").WithRule(rule))
	}
	if !textOK(reason, 1, 500) {
		v.Add("reason", "请写明延期理由，理由将告知申请人（C-2，最多 500 个字符）。",
			"Give the reason for the extension; the applicant is told it (C-2, at most 500 characters).")
	}
	return v.Err()
}
