package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// ruleDeemed and ruleSilent are the rules of the two automatic decisions
// on cases.
const (
	ruleDeemed = "R1.3" // deemed acceptance
	ruleSilent = "C-4"  // silent consent 超时默许
)

// DeemAcceptance accepts every application that was received with no
// supplement notice by the end of the policy's N-th working day after the
// day of receipt (R1.3): it counts as accepted from that day, and its clock
// runs from it. Each case is one transaction through the same acceptance
// as at the window (notice, steps, deadline, message), by the system actor.
func (s *Service) DeemAcceptance(ctx context.Context) error {
	cal, ids, err := s.readCandidates(ctx, func(tx *store.Tx, cal *calendar.Calendar) ([]int64, error) {
		last, err := s.lastDayPast(ctx, tx, cal, func(p *policy.Policy) int { return p.Cases.SupplementNoticeWorkingDays })
		if err != nil {
			return nil, err
		}
		return store.ReceivedBefore(ctx, tx, last.String())
	})
	if err != nil {
		return err
	}
	return s.eachCase(ctx, ids, func(tx *store.Tx, c *bianmin.Case) error { return s.deemOne(ctx, tx, cal, c) })
}

// eachCase runs fn on each case in its own transaction, the case read
// afresh inside it. A case someone else changed meanwhile is left to the
// next run.
func (s *Service) eachCase(ctx context.Context, ids []int64, fn func(tx *store.Tx, c *bianmin.Case) error) error {
	for _, id := range ids {
		err := s.DB.Write(ctx, func(tx *store.Tx) error {
			if err := store.LockCase(ctx, tx, id); err != nil {
				return err
			}
			c, err := store.CaseByID(ctx, tx, id)
			if err != nil {
				return err
			}
			return fn(tx, c)
		})
		if err != nil && !errors.Is(err, store.ErrCaseChanged) {
			return err
		}
	}
	return nil
}

// deemOne accepts one received case whose supplement period has ended,
// under the policy in force on the day of receipt.
func (s *Service) deemOne(ctx context.Context, tx *store.Tx, cal *calendar.Calendar, c *bianmin.Case) error {
	if c.Status != bianmin.CaseReceived {
		return nil
	}
	p, err := s.policyOn(ctx, tx, c.CentreID, c.ReceivedDate)
	if err != nil {
		return err
	}
	received, err := calendar.ParseDate(c.ReceivedDate)
	if err != nil {
		return err
	}
	if tx.Now.Before(cases.DeemedAcceptanceAt(cal, p, received)) {
		return nil
	}
	if err := store.LoadCaseDetail(ctx, tx, c); err != nil {
		return err
	}
	_, _, err = s.acceptCase(ctx, tx, bianmin.SystemActor("supervision"), cal, c, c.ReceivedDate, ruleDeemed)
	return err
}

// ApplySilentConsent approves, where the centre's policy enables silent
// consent, every promised case that passed its deadline without a decision
// (C-4): the decision rule is C-4, the steps left open are closed and the
// approval is recorded as a step, the applicant is told, and the clerk
// responsible gets a violation (C-4 "responsible people are held
// accountable", C-10). Other kinds of case are left alone. The deadline is
// recomputed first, so a pause or an extension is respected.
func (s *Service) ApplySilentConsent(ctx context.Context) error {
	cal, ids, err := s.readCandidates(ctx, func(tx *store.Tx, _ *calendar.Calendar) ([]int64, error) {
		return store.OverduePromised(ctx, tx, tx.Now)
	})
	if err != nil {
		return err
	}
	rules := newCaseRules(s, cal)
	return s.eachCase(ctx, ids, func(tx *store.Tx, c *bianmin.Case) error { return s.silentOne(ctx, tx, rules, c) })
}

// silentOne applies silent consent to one case when it is due.
func (s *Service) silentOne(ctx context.Context, tx *store.Tx, rules *caseRules, c *bianmin.Case) error {
	if c.Kind != bianmin.CasePromised || c.PausedSince != nil {
		return nil
	}
	if _, err := cases.Next(c.Status, cases.ActSilent); err != nil {
		return nil // decided meanwhile
	}
	if err := store.LoadCaseDetail(ctx, tx, c); err != nil {
		return err
	}
	d, p, err := rules.due(ctx, tx, c)
	if err != nil || !p.Cases.SilentConsent || d.Paused || tx.Now.Before(d.At) {
		return err
	}
	sys := bianmin.SystemActor("supervision")
	responsible := c.ReceiverID
	opinion := fmt.Sprintf("超过办结时限 %s（%s）未作决定，依超时默许制视为同意（C-4）", d.Date, d.Rule)
	for _, st := range c.Steps {
		if st.Status == 1 {
			responsible = cmp.Or(st.HandlerID, responsible)
			if err := finishStep(ctx, tx, st, 0, bianmin.StepOther, "超时默许，本环节终止（C-4）"); err != nil {
				return err
			}
		}
	}
	if err := decided(c, sys, cases.ActSilent, ruleSilent, tx.Now); err != nil {
		return err
	}
	now := tx.Now
	record := &bianmin.CaseStep{CaseID: c.ID, Name: bianmin.StepApproval, Action: bianmin.StepPass,
		DepartmentID: c.DepartmentID, Opinion: opinion, Status: 2, StartedAt: now, EndedAt: &now}
	if err := store.InsertStep(ctx, tx, record); err != nil {
		return err
	}
	if _, err := openStep(ctx, tx, c, bianmin.StepCompletion, c.DepartmentID); err != nil {
		return err
	}
	if err := store.UpdateCase(ctx, tx, c); err != nil {
		return err
	}
	return s.silentConsequences(ctx, tx, c, d, responsible, opinion)
}

// silentConsequences records what silent consent leads to besides the
// decision: the violation of the person responsible (C-4, C-10, AC-1), the
// message to the applicant (C-7) and the audit row of the automatic
// decision with its rule (the row records the policy version).
func (s *Service) silentConsequences(ctx context.Context, tx *store.Tx, c *bianmin.Case, d cases.Deadline, responsible int64, opinion string) error {
	v := &bianmin.Violation{CentreID: c.CentreID, UserID: responsible, DepartmentID: c.DepartmentID, CaseID: c.ID,
		RuleID: ruleSilent, Source: "supervision",
		Description: fmt.Sprintf("办件 %s（%s）超过办结时限未作决定，已按超时默许视为同意（C-4、C-10）", c.CaseNo, c.ItemName),
		Evidence:    fmt.Sprintf("deadline %s (%s): %s", d.Date, d.Rule, d.ZH)}
	if err := store.InsertViolation(ctx, tx, v); err != nil {
		return err
	}
	zh := fmt.Sprintf("您好！您申请的“%s”（办件编号 %s）在承诺时限内未作出决定，依照超时默许制视为同意，我们将尽快为您办结。给您带来不便，敬请谅解。", c.ItemName, c.CaseNo)
	en := fmt.Sprintf("Hello, no decision on your application “%s” (case %s) was made within the promised limit, so it counts as approved under silent consent; we will complete it soon. We apologise for the delay.", c.ItemName, c.CaseNo)
	if err := s.enqueueMessage(ctx, tx, c, "silent_consent", "silent_consent", zh, en); err != nil {
		return err
	}
	return caseAudit(ctx, tx, bianmin.SystemActor("supervision"), c, "case.silent_consent", ruleSilent, map[string]any{
		"due_date": d.Date.String(), "due_rule": d.Rule, "opinion": opinion, "violation_user_id": responsible})
}

// runCaseJobs runs the automatic decisions on cases, then the supervision
// sweep, in that order so the sweep sees the clocks they start or stop.
// RunJobs calls it every minute (jobInterval), so a warning is at most a
// minute late.
func (s *Service) runCaseJobs(ctx context.Context) error {
	return errors.Join(s.DeemAcceptance(ctx), s.ApplySilentConsent(ctx), s.SweepSupervision(ctx))
}
