package service

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/pii"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// Who may open a case (SECURITY.md item 9: no cross-department access).
var (
	// caseWideRoles read every case of a centre in their scope.
	caseWideRoles = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDutyLeader, bianmin.RoleDutyChief, bianmin.RoleInspector}
	// caseDeptRoles read the cases of their grant's department (or of the
	// whole centre when the grant names none), including joint cases their
	// department approves.
	caseDeptRoles = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDeptHead}
	// CaseStaff are all roles that work with cases, for route tables.
	CaseStaff = append(append([]bianmin.Role{bianmin.RoleAgent}, caseWideRoles...), caseDeptRoles...)
)

// keys returns the keys that seal personal data; a service without keys
// from the installation's key file gets ephemeral ones (tests only: sealed
// values would not outlive the process).
func (s *Service) keys() *pii.Keys {
	s.keysOnce.Do(func() {
		if s.Keys == nil {
			s.Keys = pii.Ephemeral()
		}
	})
	return s.Keys
}

// mayReadCase reports whether the actor may see a case: a centre-wide role,
// a department role whose grant covers the case's department or one of its
// joint departments, the agent who filed it, or a person who handled it.
func mayReadCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, joint []int64) (bool, error) {
	if a == nil || a.UserID == 0 {
		return isSystem(a), nil
	}
	if !a.Scope.Has(c.CentreID) {
		return false, nil
	}
	if slices.Contains([]int64{c.ReceiverID, c.AcceptedBy, c.ReviewerID, c.ApproverID, c.AgentUserID}, a.UserID) {
		return true, nil
	}
	if ok, err := mayActAny(ctx, tx, a, c.CentreID, caseWideRoles...); ok || err != nil {
		return ok, err
	}
	return coversDepartment(a, c.CentreID, append([]int64{c.DepartmentID}, joint...), caseDeptRoles...), nil
}

// coversDepartment reports whether one of the actor's grants of the roles
// at the centre covers one of the departments (a grant without a department
// covers them all).
func coversDepartment(a *bianmin.Actor, centreID int64, depts []int64, roles ...bianmin.Role) bool {
	for _, g := range a.Grants {
		if g.CentreID != centreID || !slices.Contains(roles, g.Role) {
			continue
		}
		if g.DepartmentID == 0 || slices.Contains(depts, g.DepartmentID) {
			return true
		}
	}
	return false
}

// jointDepartments returns the departments of a case's approvals (C-6).
func jointDepartments(c *bianmin.Case) []int64 {
	out := make([]int64, 0, len(c.Approvals))
	for _, ap := range c.Approvals {
		out = append(out, ap.DepartmentID)
	}
	return out
}

// openCase reads a case with its children inside tx and checks that the
// actor may see it; a refusal is audited (through s.write's refusal path)
// under action.
func openCase(ctx context.Context, tx *store.Tx, a *bianmin.Actor, id int64, action string) (*bianmin.Case, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	if err := store.LockCase(ctx, tx, id); err != nil {
		return nil, err
	}
	c, err := store.CaseByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := store.LoadCaseDetail(ctx, tx, c); err != nil {
		return nil, err
	}
	ok, err := mayReadCase(ctx, tx, a, c, jointDepartments(c))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: action, ObjectType: "case",
			ObjectID: idStr(c.ID), RuleID: ruleScope}, bianmin.ErrForbidden)
	}
	return c, nil
}

// casePolicy returns the policy in force for a case: the one of its
// acceptance day, or of today before acceptance.
func (s *Service) casePolicy(ctx context.Context, tx *store.Tx, c *bianmin.Case) (*policy.Policy, error) {
	date := c.AcceptDate
	if date == "" {
		date = bianmin.LocalDate(tx.Now)
	}
	return s.policyOn(ctx, tx, c.CentreID, date)
}

// policyVersionOn returns the number of the policy version in force at a
// centre on a date (0 for the seed defaults), recorded on each case.
func policyVersionOn(ctx context.Context, tx *store.Tx, centreID int64, date string) (int, error) {
	v, err := store.EffectivePolicy(ctx, tx, centreID, date)
	if errors.Is(err, bianmin.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return v.Version, nil
}

// caseClock gathers what cases.Due needs from a loaded case (children
// included) and its item version.
func caseClock(c *bianmin.Case) cases.Clock {
	cl := cases.Clock{}
	if c.AcceptedAt != nil {
		cl.AcceptedAt = *c.AcceptedAt
	}
	if d, err := calendar.ParseDate(c.AcceptDate); err == nil {
		cl.AcceptDate = d
	}
	for _, p := range c.Pauses {
		cl.Pauses = append(cl.Pauses, cases.Span{Start: p.StartedAt, End: p.EndedAt})
	}
	if c.Extension != nil {
		cl.ExtensionDays = c.Extension.Days
	}
	return cl
}

// caseTerms reads the terms of the item version fixed on the case.
func caseTerms(ctx context.Context, tx *store.Tx, c *bianmin.Case) (cases.Terms, *bianmin.ServiceItem, error) {
	it, err := store.ItemByID(ctx, tx, c.ItemID)
	if err != nil {
		return cases.Terms{}, nil, err
	}
	t := cases.TermsOf(it)
	t.Kind = c.Kind
	return t, it, nil
}

// retime recomputes a loaded case's deadline, yellow time and colour at
// tx.Now after its clock changed (acceptance, pause, resumption,
// extension), and records the rule that produced the deadline. A paused
// case keeps its colour (R5.5); a decided case has none.
func (s *Service) retime(ctx context.Context, tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) (cases.Deadline, error) {
	if c.AcceptedAt == nil {
		return cases.Deadline{}, nil
	}
	p, err := s.casePolicy(ctx, tx, c)
	if err != nil {
		return cases.Deadline{}, err
	}
	t, _, err := caseTerms(ctx, tx, c)
	if err != nil {
		return cases.Deadline{}, err
	}
	d := cases.Due(cal, p, t, caseClock(c), tx.Now)
	at, yellow := d.At, d.YellowAt
	c.DueAt, c.DueDate, c.DueRule, c.YellowAt = &at, d.Date.String(), d.Rule, &yellow
	c.PausedSince = nil
	for _, ps := range c.Pauses {
		if ps.EndedAt == nil {
			st := ps.StartedAt
			c.PausedSince = &st
		}
	}
	switch {
	case !c.Status.Open():
		c.Colour = bianmin.ColourNone
	case c.PausedSince == nil:
		c.Colour = cases.ColourAt(d, tx.Now)
	case c.Colour == bianmin.ColourNone:
		c.Colour = bianmin.ColourGreen
	}
	return d, nil
}

// Deadline returns the computed deadline of a case for display, with the
// rule and explanation behind it (issue 5 §3: every deadline shown carries
// the rule that produced it). A case not yet accepted has none.
func (s *Service) Deadline(ctx context.Context, a *bianmin.Actor, id int64) (cases.Deadline, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return cases.Deadline{}, err
	}
	var d cases.Deadline
	err = s.DB.Read(ctx, func(tx *store.Tx) error {
		c, err := openCase(ctx, tx, a, id, "case.read")
		if err != nil {
			return err
		}
		if c.AcceptedAt == nil {
			return nil
		}
		d, err = s.deadlineOf(ctx, tx, cal, c)
		return err
	})
	return d, err
}

// deadlineOf computes a loaded case's deadline at tx.Now without changing it.
func (s *Service) deadlineOf(ctx context.Context, tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) (cases.Deadline, error) {
	p, err := s.casePolicy(ctx, tx, c)
	if err != nil {
		return cases.Deadline{}, err
	}
	t, _, err := caseTerms(ctx, tx, c)
	if err != nil {
		return cases.Deadline{}, err
	}
	return cases.Due(cal, p, t, caseClock(c), tx.Now), nil
}

// issueNotice numbers and stores a notice of a case and audits it under
// the rule it applies. Document numbers run per centre, kind and year.
func issueNotice(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, kind bianmin.NoticeKind, rule string, body bianmin.NoticeBody) (*bianmin.Notice, error) {
	return issueSecretNotice(ctx, tx, a, c, kind, rule, body, "")
}

// issueSecretNotice is issueNotice for a notice that also prints a secret
// for the applicant (the acceptance notice's query code), kept sealed.
func issueSecretNotice(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, kind bianmin.NoticeKind, rule string, body bianmin.NoticeBody, sealed string) (*bianmin.Notice, error) {
	year := tx.Now.In(bianmin.Shanghai).Year()
	seq, err := store.NextNumber(ctx, tx, c.CentreID, "notice-"+string(kind), strconv.Itoa(year))
	if err != nil {
		return nil, err
	}
	n := &bianmin.Notice{CentreID: c.CentreID, CaseID: c.ID, Kind: kind, RuleID: rule, Body: body,
		DocNo: cases.DocNo(string(kind), c.CentreID, year, seq), SecretEnc: sealed}
	if a != nil {
		n.IssuedBy = a.UserID
	}
	if err := store.InsertNotice(ctx, tx, n); err != nil {
		return nil, err
	}
	c.Notices = append(c.Notices, n)
	return n, store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: "notice.issue",
		ObjectType: "case", ObjectID: idStr(c.ID), RuleID: rule,
		After: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo, "kind": kind, "doc_no": n.DocNo})})
}

// enqueueMessage puts a message to the applicant in the outbox in the same
// transaction as the change it reports (C-7), once per dedupe key: the
// outbox worker sends it after commit. Without a phone number the message
// is still recorded for staff to see.
func (s *Service) enqueueMessage(ctx context.Context, tx *store.Tx, c *bianmin.Case, kind, dedupe, zh, en string) error {
	return s.enqueueSecretMessage(ctx, tx, c, kind, dedupe, zh, en, "")
}

// enqueueSecretMessage is enqueueMessage for a body that carries a secret
// for the applicant only (the query code, SECURITY.md item 32): zh and en
// hold bianmin.SecretMark in its place, and the secret is stored sealed.
func (s *Service) enqueueSecretMessage(ctx context.Context, tx *store.Tx, c *bianmin.Case, kind, dedupe, zh, en, secret string) error {
	m := &bianmin.Message{CentreID: c.CentreID, CaseID: c.ID, Kind: kind, Dedupe: c.CaseNo + ":" + dedupe,
		RecipientEnc: c.PhoneEnc, RecipientMasked: c.PhoneMasked, BodyZH: zh, BodyEN: en,
		Status: bianmin.OutboxPending, NextAt: tx.Now, SecretEnc: s.keys().Seal(secret)}
	_, err := store.InsertMessage(ctx, tx, m)
	if err == nil {
		tx.AfterCommit(s.kickOutbox)
	}
	return err
}

// kickOutbox wakes the outbox worker, if one runs, after a commit that
// queued a message.
func (s *Service) kickOutbox() {
	if s.outboxKick == nil {
		return
	}
	select {
	case s.outboxKick <- struct{}{}:
	default:
	}
}

// caseAudit writes the audit row of a change to a case with the rule that
// decided it.
func caseAudit(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case, action, rule string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["case_no"], detail["status"] = c.CaseNo, c.Status
	return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: c.CentreID, Action: action, ObjectType: "case",
		ObjectID: idStr(c.ID), RuleID: rule, After: bianmin.JSONOf(detail)})
}

// moveCase applies an action's status change to a loaded case or explains
// why it is not possible now.
func moveCase(c *bianmin.Case, act cases.Action) error {
	next, err := cases.Next(c.Status, act)
	if err != nil {
		return err
	}
	c.Status = next
	return nil
}

// userNames returns display names of users by ID, for pages.
func userNames(ctx context.Context, tx *store.Tx, ids ...int64) (map[int64]string, error) {
	return store.DisplayNames(ctx, tx, ids)
}

// timePtr returns a pointer to a copy of t.
func timePtr(t time.Time) *time.Time { return &t }

// queryCodeAlphabet is Crockford's base32 without I, L, O and U, so a code
// read aloud or typed from paper is not mistaken.
const queryCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newQueryCode returns the query code printed on the acceptance notice:
// 8 characters of 5 bits, 40 bits in all (SECURITY.md item 32: at least 20
// bits with rate limits; the progress query adds per-receipt lockout).
func newQueryCode() string {
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = queryCodeAlphabet[b[i]&31]
	}
	return string(b)
}

// normalQueryCode upper-cases a typed code and drops spaces and dashes.
func normalQueryCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
}

// queryHash is what the case stores of its query code: a keyed hash bound
// to the case number, so a database copy does not reveal codes.
func (s *Service) queryHash(caseNo, code string) string {
	return s.keys().Index("query:" + caseNo + ":" + normalQueryCode(code))
}

// maskFor masks a value by the centre's policy (masking.*, R8.2).
func maskFor(m policy.Mask, v string) string { return bianmin.MaskKeep(v, m.KeepFirst, m.KeepLast) }
