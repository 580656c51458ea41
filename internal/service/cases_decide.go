package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/store"
)

// Intake outcomes (DOMAIN.md §5; R1.2).
const (
	outcomeReceive    = "receive"    // materials in, decision within the policy's days (R1.2, R1.3)
	outcomeConsult    = "consult"    // consultation slip (ON-1)
	outcomeSupplement = "supplement" // supplement notice listing everything owed (ON-2, R1.5)
	outcomeReturn     = "return"     // non-acceptance notice with reasons and rights (ON-3, R1.16)
	outcomeAccept     = "accept"     // acceptance notice, the clock starts (C-1)
)

// IntakeOutcomes lists the outcomes of an intake in display order;
// DecideOutcomes those of a later decision on a received case.
var (
	IntakeOutcomes = []string{outcomeAccept, outcomeSupplement, outcomeReceive, outcomeConsult, outcomeReturn}
	DecideOutcomes = []string{outcomeAccept, outcomeSupplement, outcomeConsult, outcomeReturn}
)

// DecideRequest is what the window decides on an application: the outcome
// and, for a return, the reason and legal basis; for a consultation, the
// answer given.
type DecideRequest struct {
	Outcome    string `json:"outcome"`
	Reason     string `json:"reason,omitempty"`
	LegalBasis string `json:"legal_basis,omitempty"`
	Answer     string `json:"answer,omitempty"`
}

func (r *DecideRequest) trim() {
	r.Outcome, r.Reason = strings.TrimSpace(r.Outcome), strings.TrimSpace(r.Reason)
	r.LegalBasis, r.Answer = strings.TrimSpace(r.LegalBasis), strings.TrimSpace(r.Answer)
}

// check adds the outcome's field errors; receiving without a decision is
// only for a new intake.
func (r *DecideRequest) check(v *bianmin.Validation, atIntake bool) {
	allowed := DecideOutcomes
	if atIntake {
		allowed = IntakeOutcomes
	}
	if !slices.Contains(allowed, r.Outcome) {
		v.Add("outcome", "请选择处理结果：受理、补正、收件、咨询或不予受理。",
			"Choose the outcome: accept, supplement, receive, consult or return.")
	}
	if r.Outcome == outcomeReturn {
		if !textOK(r.Reason, 1, 500) {
			v.AddErr(bianmin.FieldError("reason", "不予受理须写明理由（1 至 500 个字符）。",
				"A return needs its reason (1 to 500 characters).").WithRule("ON-3"))
		}
		if !textOK(r.LegalBasis, 1, 500) {
			v.AddErr(bianmin.FieldError("legal_basis", "不予受理须写明法律依据（1 至 500 个字符）。",
				"A return needs its legal basis (1 to 500 characters).").WithRule("R1.16"))
		}
	}
	if !textOK(r.Answer, 0, 1000) {
		v.Add("answer", "答复最多 1000 个字符。", "The answer may have at most 1000 characters.")
	}
}

// Decide decides later on a case that was received or is waiting for
// supplements: the same outcomes as at intake, by a clerk or chief
// representative of its department.
func (s *Service) Decide(ctx context.Context, a *bianmin.Actor, caseID int64, r DecideRequest) (*IntakeResult, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	r.trim()
	var v bianmin.Validation
	r.check(&v, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var res *IntakeResult
	err = s.write(ctx, func(tx *store.Tx) error {
		c, err := s.beforeAcceptance(ctx, tx, a, caseID, "case.decide")
		if err != nil {
			return err
		}
		officer, err := mayTakeIn(ctx, tx, a, c.CentreID, []int64{c.DepartmentID}, "case.decide", "case", c.ID)
		if err != nil {
			return err
		}
		if err := agentMayOnlyReceive(ctx, tx, a, c.CentreID, officer, r.Outcome, "case.decide"); err != nil {
			return err
		}
		res = &IntakeResult{Case: c}
		res.Notice, res.QueryCode, err = s.decide(ctx, tx, a, cal, c, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// errDecided: after acceptance, a return or consultation the window's
// intake is over; supplements during processing pause the clock (C-3).
var errDecided = bianmin.Errorf(bianmin.ECONFLICT, "该办件已作出受理决定，不能再修改收件材料或受理结果。",
	"This case has been decided at intake; its materials and intake outcome can no longer change.").WithRule("R1.2")

// beforeAcceptance opens a case that is still at intake: received or
// waiting for supplements.
func (s *Service) beforeAcceptance(ctx context.Context, tx *store.Tx, a *bianmin.Actor, id int64, action string) (*bianmin.Case, error) {
	c, err := openCase(ctx, tx, a, id, action)
	if err != nil {
		return nil, err
	}
	if c.Status != bianmin.CaseReceived && c.Status != bianmin.CaseSupplement {
		return nil, errDecided
	}
	return c, nil
}

// decide applies an outcome to a received (or new) case with its notice.
func (s *Service) decide(ctx context.Context, tx *store.Tx, a *bianmin.Actor, cal *calendar.Calendar, c *bianmin.Case, r DecideRequest) (*bianmin.Notice, string, error) {
	var n *bianmin.Notice
	var err error
	switch r.Outcome {
	case outcomeAccept:
		if err := cases.CheckAcceptable(c.Materials); err != nil {
			return nil, "", err
		}
		return s.acceptCase(ctx, tx, a, cal, c, windowAcceptDate(c, tx.Now), "C-1")
	case outcomeSupplement:
		n, err = s.supplement(ctx, tx, a, c)
	case outcomeConsult:
		n, err = consult(ctx, tx, a, c, r.Answer)
	case outcomeReturn:
		n, err = returnCase(ctx, tx, a, c, r)
	default:
		err = bianmin.FieldError("outcome", "请选择处理结果。", "Choose the outcome.")
	}
	return n, "", err
}

// windowAcceptDate is the legal day of a window acceptance: today, or
// after a supplement notice the day the last corrected material came in
// (R1.6), which the applicant's clock should not lose.
func windowAcceptDate(c *bianmin.Case, now time.Time) string {
	if c.Status != bianmin.CaseSupplement {
		return bianmin.LocalDate(now)
	}
	var last time.Time
	for _, l := range c.Materials {
		if l.SubmittedAt != nil && l.SubmittedAt.After(last) {
			last = *l.SubmittedAt
		}
	}
	if last.IsZero() {
		return bianmin.LocalDate(now)
	}
	return bianmin.LocalDate(last)
}

// acceptCase accepts a loaded case (children included) on acceptDate
// under rule: "C-1" at the window, "R1.3" for deemed acceptance by the
// system. It records the acceptance (R3.13), opens the intake and review
// steps (R3.14) and, for joint items, one approval per department (C-6),
// computes the deadline (retime), issues the acceptance notice with the
// query code sealed in it (R1.4, SECURITY.md item 32), stores the case and
// queues the "accepted" message (C-7). It returns the notice and the query
// code in clear.
func (s *Service) acceptCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, cal *calendar.Calendar, c *bianmin.Case, acceptDate, rule string) (*bianmin.Notice, string, error) {
	act := cases.ActAccept
	if rule == "R1.3" {
		act = cases.ActDeem
	}
	if err := moveCase(c, act); err != nil {
		return nil, "", err
	}
	c.AcceptedAt, c.AcceptDate, c.AcceptRule, c.AcceptedBy = timePtr(tx.Now), acceptDate, rule, a.UserID
	code := newQueryCode()
	c.QueryHash = s.queryHash(c.CaseNo, code)
	if err := acceptSteps(ctx, tx, a, c, rule); err != nil {
		return nil, "", err
	}
	if err := jointApprovals(ctx, tx, c); err != nil {
		return nil, "", err
	}
	if _, err := s.retime(ctx, tx, cal, c); err != nil {
		return nil, "", err
	}
	due := DueText(c)
	n, err := issueSecretNotice(ctx, tx, a, c, bianmin.NoticeAcceptance, rule,
		bianmin.NoticeBody{DueDate: due}, s.keys().Seal(code))
	if err != nil {
		return nil, "", err
	}
	c.AcceptDocNo = n.DocNo
	if err := store.UpdateCase(ctx, tx, c); err != nil {
		return nil, "", err
	}
	if err := s.acceptedMessage(ctx, tx, c, due, code, rule); err != nil {
		return nil, "", err
	}
	return n, code, caseAudit(ctx, tx, a, c, "case.accept", rule, map[string]any{"accept_date": acceptDate,
		"due": due, "due_rule": c.DueRule, "doc_no": n.DocNo})
}

// DueText is a case's promised completion as printed: the date, or for an
// on-the-spot case the minute (R1.20).
func DueText(c *bianmin.Case) string {
	if cases.OnTheSpot(cases.Terms{Kind: c.Kind}) && c.DueAt != nil {
		return c.DueAt.In(bianmin.Shanghai).Format("2006-01-02 15:04")
	}
	return c.DueDate
}

// acceptSteps closes the intake step 受理 and opens the review step 审查
// (R3.14): one row each, with handler, opinion, start and end.
func acceptSteps(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, rule string) error {
	opinion := "材料齐全，予以受理（C-1）"
	if rule == "R1.3" {
		opinion = "收件后逾期未告知补正，自收到材料之日起视为受理（R1.3）"
	}
	intake := &bianmin.CaseStep{CaseID: c.ID, Name: bianmin.StepIntake, Action: bianmin.StepPass,
		DepartmentID: c.DepartmentID, HandlerID: a.UserID, Opinion: opinion, Status: 2, StartedAt: c.ReceivedAt,
		EndedAt: timePtr(tx.Now)}
	review := &bianmin.CaseStep{CaseID: c.ID, Name: bianmin.StepReview, DepartmentID: c.DepartmentID, Status: 1}
	for _, st := range []*bianmin.CaseStep{intake, review} {
		if err := store.InsertStep(ctx, tx, st); err != nil {
			return err
		}
		c.Steps = append(c.Steps, st)
	}
	return nil
}

// jointApprovals opens one pending approval per department of a joint
// item: the lead and every co-approving department decide in parallel (C-6).
func jointApprovals(ctx context.Context, tx *store.Tx, c *bianmin.Case) error {
	if c.Kind != bianmin.CaseJoint {
		return nil
	}
	it, err := store.ItemByID(ctx, tx, c.ItemID)
	if err != nil {
		return err
	}
	if err := store.InsertApprovals(ctx, tx, c.ID, itemDepartments(it)); err != nil {
		return err
	}
	c.Approvals, err = store.CaseApprovals(ctx, tx, c.ID)
	return err
}

// acceptedMessage tells the applicant the case number, the promised date
// and the query code (C-7).
func (s *Service) acceptedMessage(ctx context.Context, tx *store.Tx, c *bianmin.Case, due, code, rule string) error {
	how, howEN := "已受理", "has been accepted"
	if rule == "R1.3" {
		how, howEN = "已视为受理（R1.3）", "counts as accepted (R1.3)"
	}
	zh := fmt.Sprintf("您好！您申请的“%s”%s，办件编号 %s，承诺办结时间 %s，查询码 %s（凭办件编号和查询码可查询进度）。谢谢！",
		c.ItemName, how, c.CaseNo, due, bianmin.SecretMark)
	en := fmt.Sprintf("Hello! Your application “%s” %s: case number %s, to be completed by %s, query code %s (use both to follow its progress). Thank you!",
		c.ItemName, howEN, c.CaseNo, due, bianmin.SecretMark)
	return s.enqueueSecretMessage(ctx, tx, c, "accepted", "accepted", zh, en, code)
}

// supplement issues the supplement notice listing every line still owed
// at once (ON-2, R1.2(4), R1.5). A later notice may list again what an
// earlier one listed and what was handed in since; asking now for a line
// that could have been asked for before is refused, and the violation is
// recorded against the clerk with the refusal's audit row.
func (s *Service) supplement(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case) (*bianmin.Notice, error) {
	var earlier []bianmin.NoticeBody
	var docs []string
	var last time.Time
	for _, n := range c.Notices {
		if n.Kind == bianmin.NoticeSupplement {
			earlier, docs, last = append(earlier, n.Body), append(docs, n.DocNo), n.IssuedAt
		}
	}
	list, late, err := cases.SupplementCheck(c.Materials, earlier, last)
	if len(late) > 0 {
		return nil, oneTimeViolation(ctx, tx, a, c, late, docs, err)
	}
	if err != nil {
		return nil, err
	}
	if err := moveCase(c, cases.ActSupplement); err != nil {
		return nil, err
	}
	body := bianmin.NoticeBody{}
	for _, l := range list {
		body.Materials = append(body.Materials, bianmin.NoticeMaterial{Name: l.Name, State: l.State, Defect: l.Defect})
	}
	n, err := issueNotice(ctx, tx, a, c, bianmin.NoticeSupplement, "ON-2", body)
	if err != nil {
		return nil, err
	}
	if err := store.UpdateCase(ctx, tx, c); err != nil {
		return nil, err
	}
	names := strings.Join(materialNames(list), "、")
	zh := fmt.Sprintf("您好！您申请的“%s”（办件编号 %s）还需补正以下材料：%s。请备齐后到窗口一次补交，谢谢！", c.ItemName, c.CaseNo, names)
	en := fmt.Sprintf("Hello! Your application “%s” (case number %s) still needs: %s. Please bring them to the window together. Thank you!", c.ItemName, c.CaseNo, names)
	if err := s.enqueueMessage(ctx, tx, c, "supplement", "supplement:"+n.DocNo, zh, en); err != nil {
		return nil, err
	}
	return n, caseAudit(ctx, tx, a, c, "case.supplement", "ON-2", map[string]any{"doc_no": n.DocNo,
		"materials": materialNames(list)})
}

func materialNames(ls []*bianmin.CaseMaterial) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Name
	}
	return out
}

// oneTimeViolation records the ON-2 violation of a refused second
// supplement notice in the violations register (AC-1) and refuses with an
// audit row; both commit while the request fails.
func oneTimeViolation(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, late []*bianmin.CaseMaterial, earlier []string, cause error) error {
	names := materialNames(late)
	v := &bianmin.Violation{CentreID: c.CentreID, UserID: a.UserID, DepartmentID: c.DepartmentID, CaseID: c.ID,
		RuleID: "ON-2", Source: "one_time_notification", CreatedBy: a.UserID,
		Description: fmt.Sprintf("办件 %s 再次补正时要求补正此前未告知、也未重新提交的材料：%s（违反一次性告知制 ON-2）。",
			c.CaseNo, strings.Join(names, "、")),
		Evidence: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo, "materials": names, "earlier_notices": earlier})}
	if err := store.InsertViolation(ctx, tx, v); err != nil {
		return err
	}
	return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: "notice.supplement", ObjectType: "case",
		ObjectID: idStr(c.ID), RuleID: "ON-2", After: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo,
			"violation_id": v.ID, "materials": names})}, cause)
}

// consult answers a consultation with the one-time notification slip
// (ON-1): the item's legal basis and complete materials list go on the
// notice; conditions, procedure and time limit come from the item version
// fixed on the case, which never changes (R9.2).
func consult(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, answer string) (*bianmin.Notice, error) {
	it, err := store.ItemByID(ctx, tx, c.ItemID)
	if err != nil {
		return nil, err
	}
	if err := moveCase(c, cases.ActConsult); err != nil {
		return nil, err
	}
	body := bianmin.NoticeBody{Answer: answer, LegalBasis: it.LegalBasis}
	for _, m := range it.Materials {
		body.Materials = append(body.Materials, bianmin.NoticeMaterial{Name: m.Name})
	}
	n, err := issueNotice(ctx, tx, a, c, bianmin.NoticeConsultation, "ON-1", body)
	if err != nil {
		return nil, err
	}
	if err := store.UpdateCase(ctx, tx, c); err != nil {
		return nil, err
	}
	return n, caseAudit(ctx, tx, a, c, "case.consult", "ON-1", map[string]any{"doc_no": n.DocNo})
}

// returnCase gives the written non-acceptance notice with its reason, its
// legal basis and the rights to administrative review and suit (ON-3,
// R1.16).
func returnCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, r DecideRequest) (*bianmin.Notice, error) {
	if err := moveCase(c, cases.ActReturn); err != nil {
		return nil, err
	}
	n, err := issueNotice(ctx, tx, a, c, bianmin.NoticeReturn, "ON-3",
		bianmin.NoticeBody{Reason: r.Reason, LegalBasis: r.LegalBasis})
	if err != nil {
		return nil, err
	}
	if err := store.UpdateCase(ctx, tx, c); err != nil {
		return nil, err
	}
	return n, caseAudit(ctx, tx, a, c, "case.return", "ON-3", map[string]any{"doc_no": n.DocNo, "reason": r.Reason,
		"legal_basis": r.LegalBasis})
}

// UpdateMaterials records what the applicant brought back before
// acceptance. A line that comes in now (from missing, defective or not
// needed to original, copy or defective) is submitted now: the acceptance
// date after a supplement is the day the last corrected material is in
// (R1.6), and a later supplement notice may ask about it again (ON-2).
// Re-judging a line already in as defective is not a new submission.
func (s *Service) UpdateMaterials(ctx context.Context, a *bianmin.Actor, caseID int64, in []MaterialInput) error {
	if a == nil || a.UserID == 0 {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		c, err := s.beforeAcceptance(ctx, tx, a, caseID, "case.materials")
		if err != nil {
			return err
		}
		if _, err := mayTakeIn(ctx, tx, a, c.CentreID, []int64{c.DepartmentID}, "case.materials", "case", c.ID); err != nil {
			return err
		}
		changed, err := applyMaterials(c, in, tx.Now)
		if err != nil {
			return err
		}
		for _, l := range changed {
			if err := store.UpdateCaseMaterial(ctx, tx, l); err != nil {
				return err
			}
		}
		if err := store.UpdateCase(ctx, tx, c); err != nil { // a concurrent decision on the case wins
			return err
		}
		return caseAudit(ctx, tx, a, c, "case.materials", "R1.6", map[string]any{"materials": lineStates(changed)})
	})
}

// applyMaterials changes the case's lines as given and returns those that
// changed.
func applyMaterials(c *bianmin.Case, in []MaterialInput, now time.Time) ([]*bianmin.CaseMaterial, error) {
	byPos := map[int]*bianmin.CaseMaterial{}
	for _, l := range c.Materials {
		byPos[l.Position] = l
	}
	var v bianmin.Validation
	var changed []*bianmin.CaseMaterial
	for i, m := range in {
		l, ok := byPos[m.Position]
		if !ok {
			v.Add(fmt.Sprintf("materials[%d].position", i), "清单中没有这一项材料。", "The checklist has no such line.")
			continue
		}
		next := *l
		next.State, next.Count, next.Defect = m.State, m.Count, strings.TrimSpace(m.Defect)
		if e := checkLine(i, &next); e != nil {
			v.AddErr(e)
			continue
		}
		if next.State == l.State && next.Count == l.Count && next.Defect == l.Defect {
			continue
		}
		if next.State != l.State && handedIn(next.State) && l.State != bianmin.MaterialOriginal && l.State != bianmin.MaterialCopy {
			next.SubmittedAt = timePtr(now)
		}
		if next.Count == 0 && handedIn(next.State) {
			next.Count = 1
		}
		*l = next
		changed = append(changed, l)
	}
	return changed, v.Err()
}
