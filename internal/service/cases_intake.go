package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// intakeRoles may take an application in (issue 5 §2): window clerks and
// chief representatives for their departments, agents 代办员 for the
// applicants they file for (C-11).
var intakeRoles = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep}

// IntakeStaff are the roles that reach the intake pages and API.
var IntakeStaff = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleAgent}

// MaterialInput is how one line of the item's checklist was received, by
// the position of the material in the item version (1, 2, …).
type MaterialInput struct {
	Position int                   `json:"position"`
	State    bianmin.MaterialState `json:"state"`
	Count    int                   `json:"count,omitempty"`
	Defect   string                `json:"defect,omitempty"`
}

// IntakeRequest is one application taken in: where it came from, the
// published item, the applicant (and agent, C-11), the checklist ticked
// line by line and what the window decides now.
type IntakeRequest struct {
	TicketID  int64 `json:"ticket_id,omitempty"`  // the called or serving ticket at the actor's window
	InquiryID int64 `json:"inquiry_id,omitempty"` // a first-inquiry record that becomes this case (FI-2)
	ItemID    int64 `json:"item_id"`

	ApplicantType  string `json:"applicant_type"` // person or org (R3.12)
	ApplicantName  string `json:"applicant_name"`
	IDNumber       string `json:"id_number,omitempty"`   // person: GB 11643, 15 digits are converted (R7.1)
	CreditCode     string `json:"credit_code,omitempty"` // org: GB 32100 (R7.2)
	CreditOverride bool   `json:"credit_code_override,omitempty"`
	LegalRep       string `json:"legal_rep,omitempty"`
	Phone          string `json:"phone,omitempty"`
	AgentName      string `json:"agent_name,omitempty"` // 代办人 named on the form (C-11)
	AgentIDNumber  string `json:"agent_id_number,omitempty"`

	Materials []MaterialInput `json:"materials"`
	// What the window decides now, or outcome "receive" to decide later.
	DecideRequest
}

// IntakeResult is the new case, the notice given at the window and, for an
// acceptance, the query code in clear: it exists only here, on the printed
// notice and in the message to the applicant (SECURITY.md item 32).
type IntakeResult struct {
	Case      *bianmin.Case   `json:"case"`
	Notice    *bianmin.Notice `json:"notice,omitempty"`
	QueryCode string          `json:"query_code,omitempty"`
}

func (r *IntakeRequest) trim() {
	for _, p := range []*string{&r.ApplicantType, &r.ApplicantName, &r.IDNumber, &r.CreditCode, &r.LegalRep,
		&r.Phone, &r.AgentName, &r.AgentIDNumber} {
		*p = strings.TrimSpace(*p)
	}
	r.CreditCode = strings.ToUpper(r.CreditCode)
	r.DecideRequest.trim()
	for i := range r.Materials {
		r.Materials[i].Defect = strings.TrimSpace(r.Materials[i].Defect)
	}
}

// Intake takes an application in and decides what happens now, in one
// transaction: the case with its number, the applicant's data sealed
// (SECURITY.md item 18), the checklist, the link to the ticket or
// first-inquiry record, and the outcome with its notice (receive, consult,
// supplement, return or accept; DOMAIN.md §5, R1.2).
func (s *Service) Intake(ctx context.Context, a *bianmin.Actor, r IntakeRequest) (*IntakeResult, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	r.trim()
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var res *IntakeResult
	err = s.write(ctx, func(tx *store.Tx) error {
		it, err := intakeItem(ctx, tx, r.ItemID)
		if err != nil {
			return err
		}
		officer, err := mayTakeIn(ctx, tx, a, it.CentreID, itemDepartments(it), "case.intake", "service_item", it.ID)
		if err != nil {
			return err
		}
		if err := agentMayOnlyReceive(ctx, tx, a, it.CentreID, officer, r.Outcome, "case.intake"); err != nil {
			return err
		}
		c, lines, err := s.newCase(ctx, tx, a, it, &r)
		if err != nil {
			return err
		}
		src, err := intakeSource(ctx, tx, a, it, &r, c, officer)
		if err != nil {
			return err
		}
		if err := s.storeNewCase(ctx, tx, a, c, lines); err != nil {
			return err
		}
		if err := src.link(ctx, tx, c); err != nil {
			return err
		}
		res = &IntakeResult{Case: c}
		if r.Outcome == outcomeReceive {
			return nil
		}
		res.Notice, res.QueryCode, err = s.decide(ctx, tx, a, cal, c, r.DecideRequest)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// intakeItem reads the item version chosen at intake: only a published
// version may take new cases, and the case keeps its ID and version (R9.2).
func intakeItem(ctx context.Context, tx *store.Tx, id int64) (*bianmin.ServiceItem, error) {
	errItem := bianmin.FieldError("item_id", "请选择一个已发布的服务事项。", "Choose a published service item.").WithRule("R9.2")
	if id <= 0 {
		return nil, errItem
	}
	it, err := store.ItemByID(ctx, tx, id)
	if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && it.Status != bianmin.ItemPublished {
		return nil, errItem
	}
	return it, err
}

// itemDepartments is the item's lead department and its co-approving ones (C-6).
func itemDepartments(it *bianmin.ServiceItem) []int64 {
	return append([]int64{it.DepartmentID}, it.CoDepartmentIDs...)
}

// mayTakeIn admits a clerk or chief representative whose grant covers one
// of the departments (officer: true), or an agent of the centre (C-11);
// anyone else is refused and the refusal audited (SECURITY.md item 9).
func mayTakeIn(ctx context.Context, tx *store.Tx, a *bianmin.Actor, centreID int64, depts []int64, action, objType string, objID int64) (officer bool, err error) {
	if a.Scope.Has(centreID) && coversDepartment(a, centreID, depts, intakeRoles...) {
		return true, nil
	}
	agent, err := mayAct(ctx, tx, a, bianmin.RoleAgent, centreID)
	if err != nil || agent {
		return false, err
	}
	return false, refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: centreID, Action: action, ObjectType: objType,
		ObjectID: idStr(objID), RuleID: ruleScope}, bianmin.ErrForbidden)
}

// agentMayOnlyReceive keeps the organ's decisions with its officers: an
// agent files the materials (C-11) but does not consult, supplement, return
// or accept on the organ's behalf (R1.2, R1.4).
func agentMayOnlyReceive(ctx context.Context, tx *store.Tx, a *bianmin.Actor, centreID int64, officer bool, outcome, action string) error {
	if officer || outcome == outcomeReceive {
		return nil
	}
	return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: centreID, Action: action, ObjectType: "case",
		RuleID: "C-11", After: bianmin.JSONOf(map[string]any{"outcome": outcome})},
		bianmin.Errorf(bianmin.EFORBIDDEN, "代办员只能代为递交材料，受理、补正、退回等决定由窗口工作人员作出（C-11）。",
			"An agent files materials only; acceptance, supplement and return are decided by window staff (C-11).").WithRule("C-11"))
}

// newCase builds the case of an intake and its checklist lines, checking
// every field at once: the applicant, the agent, each material and the
// outcome's own fields.
func (s *Service) newCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, it *bianmin.ServiceItem, r *IntakeRequest) (*bianmin.Case, []*bianmin.CaseMaterial, error) {
	today := bianmin.LocalDate(tx.Now)
	p, err := s.policyOn(ctx, tx, it.CentreID, today)
	if err != nil {
		return nil, nil, err
	}
	c := &bianmin.Case{CentreID: it.CentreID, ItemID: it.ID, ItemVersion: it.Version, ItemCode: it.ImplCode,
		ItemName: it.Name, DepartmentID: it.DepartmentID, Kind: it.CaseKind, ReceiverID: a.UserID,
		ReceivedAt: tx.Now, ReceivedDate: today, Source: bianmin.SourceWalkIn}
	var v bianmin.Validation
	s.applicant(&v, p, r, c)
	s.agent(&v, p, r, c)
	lines := checklist(&v, it, r.Materials, tx.Now)
	r.DecideRequest.check(&v, true)
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	if c.PolicyVersion, err = policyVersionOn(ctx, tx, it.CentreID, today); err != nil {
		return nil, nil, err
	}
	if err := moveCase(c, cases.ActReceive); err != nil {
		return nil, nil, err
	}
	return c, lines, nil
}

// applicant checks and seals the applicant (R3.12, R7.1, R7.2): the ID
// number or credit code and the phone are stored sealed, masked by the
// centre's policy and, for exact search, as a keyed index (SECURITY.md
// items 18, 23, 25).
func (s *Service) applicant(v *bianmin.Validation, p *policy.Policy, r *IntakeRequest, c *bianmin.Case) {
	if !textOK(r.ApplicantName, 1, 100) {
		v.Add("applicant_name", "请填写申请人姓名或单位名称（1 至 100 个字符）。", "Give the applicant's name (1 to 100 characters).")
	}
	c.ApplicantName, c.ApplicantType = r.ApplicantName, r.ApplicantType
	var number string
	switch r.ApplicantType {
	case bianmin.ApplicantPerson:
		c.IDType = bianmin.IDTypeResident
		n, ok := bianmin.NormalizeIDNumber(r.IDNumber)
		if !ok {
			v.AddErr(bianmin.FieldError("id_number", "身份证号码无效：须为 18 位（或旧版 15 位）且出生日期、校验码符合 GB 11643。",
				"The ID number is not valid: 18 characters (or the old 15 digits) with a birth date and check character per GB 11643.").WithRule("R7.1"))
		}
		number = n
	case bianmin.ApplicantOrg:
		c.IDType, number = bianmin.IDTypeCreditCode, r.CreditCode
		if e := creditCodeError(r.CreditCode, r.CreditOverride); e != nil {
			v.AddErr(e)
		}
		if !textOK(r.LegalRep, 1, 50) {
			v.Add("legal_rep", "请填写法定代表人（1 至 50 个字符）。", "Give the legal representative (1 to 50 characters).")
		}
		c.LegalRep = r.LegalRep
	default:
		v.Add("applicant_type", "请选择申请人类型：个人或单位。", "Choose the applicant type: person or organisation.")
	}
	if number != "" {
		c.IDEnc, c.IDMasked, c.IDIndex = s.keys().Seal(number), maskFor(p.Masking.StaffID, number), s.keys().Index(number)
	}
	if r.Phone != "" && !phonePattern.MatchString(r.Phone) {
		v.Add("phone", "手机号码应为 11 位，以 13–19 开头。", "The mobile number must have 11 digits starting with 13-19.")
	} else if r.Phone != "" {
		c.PhoneEnc, c.PhoneMasked = s.keys().Seal(r.Phone), maskFor(p.Masking.StaffPhone, r.Phone)
	}
}

// creditCodeError checks a unified social credit code: a malformed code is
// refused (R7.2); a well-formed one failing the checksum needs the explicit
// override, as some early pilot codes do (R7.2b).
func creditCodeError(code string, override bool) *bianmin.Error {
	wf, ok := bianmin.CheckCreditCode(code)
	switch {
	case !wf:
		return bianmin.FieldError("credit_code", "统一社会信用代码格式错误：应为 18 位数字或大写字母（不含 I、O、S、V、Z，GB 32100）。",
			"The unified social credit code must be 18 digits or capitals without I, O, S, V, Z (GB 32100).").WithRule("R7.2")
	case !ok && !override:
		return bianmin.FieldError("credit_code", "统一社会信用代码校验位不符。早期试点代码可能如此：核实证照无误后勾选“确认代码无误”再提交。",
			"The credit code's check character does not match. Some early pilot codes do: check the licence, tick “code confirmed” and submit again.").WithRule("R7.2b")
	}
	return nil
}

// agent records the 代办人 named on the form with the ID number sealed
// (C-11: the case records both the applicant and the agent).
func (s *Service) agent(v *bianmin.Validation, p *policy.Policy, r *IntakeRequest, c *bianmin.Case) {
	if r.AgentName == "" && r.AgentIDNumber == "" {
		return
	}
	if !textOK(r.AgentName, 1, 50) {
		v.Add("agent_name", "请填写代办人姓名（1 至 50 个字符）。", "Give the agent's name (1 to 50 characters).")
	}
	n, ok := bianmin.NormalizeIDNumber(r.AgentIDNumber)
	if !ok {
		v.AddErr(bianmin.FieldError("agent_id_number", "代办人身份证号码无效（GB 11643）。",
			"The agent's ID number is not valid (GB 11643).").WithRule("C-11"))
		return
	}
	c.AgentName, c.AgentIDEnc, c.AgentIDMasked = r.AgentName, s.keys().Seal(n), maskFor(p.Masking.StaffID, n)
}

// checklist turns the ticked lines into the case's checklist: every
// material of the item gets a state; a required one cannot be "not
// needed"; a defective one names its defect (ON-1, ON-2, R3.12). Lines
// handed in now are submitted now.
func checklist(v *bianmin.Validation, it *bianmin.ServiceItem, in []MaterialInput, now time.Time) []*bianmin.CaseMaterial {
	byPos := map[int]MaterialInput{}
	for _, m := range in {
		byPos[m.Position] = m
	}
	var out []*bianmin.CaseMaterial
	for i, m := range it.Materials {
		got, ok := byPos[m.Position]
		line := &bianmin.CaseMaterial{Position: m.Position, MaterialID: m.ID, Name: m.Name, Required: m.Required,
			State: got.State, Count: got.Count, Defect: got.Defect}
		if !ok {
			line.State = ""
		}
		if e := checkLine(i, line); e != nil {
			v.AddErr(e)
			continue
		}
		if line.Count == 0 && handedIn(line.State) {
			line.Count = max(m.Originals, m.Copies, 1)
		}
		if handedIn(line.State) {
			line.SubmittedAt = timePtr(now)
		}
		out = append(out, line)
	}
	return out
}

// checkLine checks one checklist line; i is its index for the field name.
func checkLine(i int, l *bianmin.CaseMaterial) *bianmin.Error {
	f := fmt.Sprintf("materials[%d]", i)
	switch {
	case !l.State.Valid():
		return bianmin.FieldError(f+".state", "请逐项勾选材料“"+l.Name+"”的收取情况。",
			"Tick how “"+l.Name+"” was received.").WithRule("ON-1")
	case l.Required && l.State == bianmin.MaterialNotNeeded:
		return bianmin.FieldError(f+".state", "“"+l.Name+"”是必备材料，不能标为无需提交。",
			"“"+l.Name+"” is required and cannot be marked not needed.").WithRule("ON-1")
	case l.State == bianmin.MaterialDefective && !textOK(l.Defect, 1, 200):
		return bianmin.FieldError(f+".defect", "请写明“"+l.Name+"”的问题（1 至 200 个字符），补正通知书将一并列明。",
			"Describe what is wrong with “"+l.Name+"” (1 to 200 characters); the supplement notice lists it.").WithRule("ON-2")
	case l.State != bianmin.MaterialDefective && l.Defect != "" && !textOK(l.Defect, 0, 200):
		return bianmin.FieldError(f+".defect", "备注最多 200 个字符。", "The note may have at most 200 characters.")
	case l.Count < 0 || l.Count > 99:
		return bianmin.FieldError(f+".count", "份数须在 0 至 99 之间。", "The count must be 0 to 99.")
	}
	if l.State != bianmin.MaterialDefective {
		l.Defect = ""
	}
	return nil
}

// handedIn reports whether the applicant handed the line in (good or not).
func handedIn(s bianmin.MaterialState) bool {
	return s == bianmin.MaterialOriginal || s == bianmin.MaterialCopy || s == bianmin.MaterialDefective
}

// storeNewCase numbers and inserts the case with its checklist and audits
// the receipt (R1.2; R9.3: the case number is unique and never reused).
func (s *Service) storeNewCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, lines []*bianmin.CaseMaterial) error {
	centre, err := store.CentreByID(ctx, tx, c.CentreID)
	if err != nil {
		return err
	}
	seq, err := store.NextNumber(ctx, tx, c.CentreID, "case", c.ReceivedDate)
	if err != nil {
		return err
	}
	c.CaseNo = cases.CaseNo(centre.RegionCode, c.CentreID, c.ReceivedDate, seq)
	if err := store.InsertCase(ctx, tx, c); err != nil {
		return err
	}
	if err := store.InsertCaseMaterials(ctx, tx, c.ID, lines); err != nil {
		return err
	}
	c.Materials = lines
	return caseAudit(ctx, tx, a, c, "case.intake", "R1.2", map[string]any{"item": c.ItemCode, "item_version": c.ItemVersion,
		"source": c.Source, "applicant": bianmin.MaskName(c.ApplicantName), "id": c.IDMasked, "agent": c.AgentName,
		"materials": lineStates(lines)})
}

// lineStates is the checklist as the audit row records it.
func lineStates(ls []*bianmin.CaseMaterial) map[string]bianmin.MaterialState {
	out := map[string]bianmin.MaterialState{}
	for _, l := range ls {
		out[l.Name] = l.State
	}
	return out
}

// caseSource is where an intake came from and how the case links back.
type caseSource struct {
	ticket  *bianmin.Ticket
	inquiry *bianmin.Inquiry
}

// intakeSource sets the case's source (ticket, first inquiry, agent or
// walk-in) after checking that the actor may take it in from there. An
// actor who is not an officer was admitted as an agent (mayTakeIn) and is
// recorded as the case's agent (C-11).
func intakeSource(ctx context.Context, tx *store.Tx, a *bianmin.Actor, it *bianmin.ServiceItem, r *IntakeRequest, c *bianmin.Case, officer bool) (*caseSource, error) {
	src := &caseSource{}
	var err error
	switch {
	case r.TicketID != 0:
		if src.ticket, err = intakeTicket(ctx, tx, a, it, r.TicketID); err != nil {
			return nil, err
		}
		c.Source, c.TicketID, c.WindowID = bianmin.SourceTicket, src.ticket.ID, src.ticket.WindowID
	case r.InquiryID != 0:
		if src.inquiry, err = intakeInquiry(ctx, tx, a, it, r.InquiryID); err != nil {
			return nil, err
		}
		c.Source, c.InquiryID, c.WindowID = bianmin.SourceInquiry, src.inquiry.ID, src.inquiry.HandedWindowID
	case !officer || c.AgentName != "":
		c.Source = bianmin.SourceAgent
	}
	if officer {
		return src, nil
	}
	c.AgentUserID = a.UserID
	if c.AgentName == "" {
		names, err := userNames(ctx, tx, a.UserID)
		if err != nil {
			return nil, err
		}
		c.AgentName = names[a.UserID]
	}
	return src, nil
}

// intakeTicket checks the ticket an intake starts from (servedTicket) and
// that the item belongs to a department of the ticket's queue.
func intakeTicket(ctx context.Context, tx *store.Tx, a *bianmin.Actor, it *bianmin.ServiceItem, id int64) (*bianmin.Ticket, error) {
	t, q, err := servedTicket(ctx, tx, a, id)
	if err != nil {
		return nil, err
	}
	if t.CentreID != it.CentreID || !slices.ContainsFunc(itemDepartments(it), func(d int64) bool { return slices.Contains(q.DepartmentIDs, d) }) {
		return nil, bianmin.FieldError("item_id", "所选事项不属于该号所在队列的部门，请转到对应窗口（首问负责，Q-7）。",
			"The item does not belong to a department of this ticket's queue; transfer the citizen to the right window (Q-7).").WithRule("Q-7")
	}
	return t, nil
}

// servedTicket reads a ticket called or in service today at a window where
// the actor holds a post (ORG-2), with its queue; another window's clerk
// is refused and the refusal audited.
func servedTicket(ctx context.Context, tx *store.Tx, a *bianmin.Actor, id int64) (*bianmin.Ticket, *bianmin.Queue, error) {
	t, err := store.TicketByID(ctx, tx, id)
	if bianmin.ErrorCode(err) == bianmin.ENOTFOUND || err == nil && (t.ServiceDate != bianmin.LocalDate(tx.Now) ||
		t.Status != bianmin.TicketCalled && t.Status != bianmin.TicketServing || t.WindowID == 0) {
		return nil, nil, bianmin.FieldError("ticket_id", "该号当前不在窗口办理中，不能据此受理。",
			"This ticket is not being served at a window now.").WithRule("Q-1")
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := store.WindowByID(ctx, tx, t.WindowID)
	if err != nil {
		return nil, nil, err
	}
	if postOf(w, a.UserID) == "" {
		return nil, nil, refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: t.CentreID, Action: "case.intake", ObjectType: "ticket",
			ObjectID: idStr(t.ID), RuleID: "ORG-2"}, bianmin.ErrForbidden)
	}
	q, err := store.QueueByID(ctx, tx, t.QueueID)
	return t, q, err
}

// IntakeForm is what the new-case page offers: the ticket or
// first-inquiry record it starts from (names masked) and the published
// items the actor may take in there.
type IntakeForm struct {
	CentreID int64                  `json:"centre_id"`
	Ticket   *bianmin.Ticket        `json:"ticket,omitempty"`
	Inquiry  *bianmin.Inquiry       `json:"inquiry,omitempty"`
	Items    []*bianmin.ServiceItem `json:"items"`
}

// IntakeForm prepares an intake at a centre, from a ticket being served at
// the actor's window or a first-inquiry record the actor works on: the
// items are those of the ticket's queue, among those the actor covers.
func (s *Service) IntakeForm(ctx context.Context, a *bianmin.Actor, centreID, ticketID, inquiryID int64) (*IntakeForm, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	f := &IntakeForm{CentreID: centreID, Items: []*bianmin.ServiceItem{}}
	err := s.write(ctx, func(tx *store.Tx) error { // write: refusals are audited
		var queueDepts []int64
		if ticketID != 0 {
			t, q, err := servedTicket(ctx, tx, a, ticketID)
			if err != nil {
				return err
			}
			f.Ticket, f.CentreID, queueDepts = t, t.CentreID, q.DepartmentIDs
		}
		if inquiryID != 0 {
			q, err := store.InquiryByID(ctx, tx, inquiryID)
			if err != nil {
				return err
			}
			if err := mustWorkInquiry(ctx, tx, a, q, "case.intake"); err != nil {
				return err
			}
			f.Inquiry, f.CentreID = maskInquiries(q)[0], q.CentreID
		}
		return s.intakeItems(ctx, tx, a, f, queueDepts)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// intakeItems fills the form's items: published items of the centre that
// the actor covers (an agent: all), of the ticket's queue when there is one.
func (s *Service) intakeItems(ctx context.Context, tx *store.Tx, a *bianmin.Actor, f *IntakeForm, queueDepts []int64) error {
	agent, err := mayAct(ctx, tx, a, bianmin.RoleAgent, f.CentreID)
	if err != nil {
		return err
	}
	if !a.Scope.Has(f.CentreID) || !agent && !hasIntakeGrant(a, f.CentreID) {
		return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: f.CentreID, Action: "case.intake", ObjectType: "centre",
			ObjectID: idStr(f.CentreID), RuleID: ruleScope}, bianmin.ErrForbidden)
	}
	items, err := store.PublishedItems(ctx, tx, f.CentreID, store.ItemFilter{})
	if err != nil {
		return err
	}
	for _, it := range items {
		depts := itemDepartments(it)
		if !agent && !coversDepartment(a, f.CentreID, depts, intakeRoles...) {
			continue
		}
		if queueDepts != nil && !slices.ContainsFunc(depts, func(d int64) bool { return slices.Contains(queueDepts, d) }) {
			continue
		}
		f.Items = append(f.Items, it)
	}
	return nil
}

// hasIntakeGrant reports whether the actor is a clerk or chief
// representative of the centre for some department.
func hasIntakeGrant(a *bianmin.Actor, centreID int64) bool {
	for _, g := range a.Grants {
		if g.CentreID == centreID && slices.Contains(intakeRoles, g.Role) {
			return true
		}
	}
	return false
}

// link ties the ticket or first-inquiry record to the new case: the ticket
// carries the case for its rating, and the inquiry ends as handed to a
// case, which makes the receiver its first-receipt owner (FI-2).
func (src *caseSource) link(ctx context.Context, tx *store.Tx, c *bianmin.Case) error {
	if t := src.ticket; t != nil {
		t.CaseID = c.ID
		ok, err := store.UpdateTicket(ctx, tx, t, t.Status)
		if err == nil && !ok {
			err = bianmin.ErrConflict
		}
		return err
	}
	if q := src.inquiry; q != nil {
		from := q.Status
		q.Status, q.Outcome, q.CaseID, q.ClosedAt = bianmin.InquiryClosed, InquiryOutcomeCase, c.ID, timePtr(tx.Now)
		return updateInquiry(ctx, tx, q, from)
	}
	return nil
}
