package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// sweepBatch bounds the cases one sweeper transaction handles, so the
// writer is never held for long while a backlog is worked off.
const sweepBatch = 100

// Rule IDs of supervision warnings (R5.1 监察规则编号).
const (
	ruleWarnDue  = "SUP-2"   // yellow by share of the limit, red when overdue
	ruleWarnDay  = "R5.3"    // the one-working-day reminder
	ruleWarnStep = "R5.2(3)" // a single step over its limit
)

// SweepSupervision is electronic supervision's sweeper (SUP-2, R5.1-R5.5):
// it recolours the running cases whose yellow time has come and raises, once
// per case, level and deadline, a numbered warning to the clerk, the chief
// representative and the duty leader; and a step warning for a step open
// past its limit. Paused cases are never warned and every deadline is
// recomputed first, so an approved extension or a pause that moved it
// raises nothing (R5.5). Safe to run twice and on several instances at
// once: each case is claimed by its revision before anything is raised.
func (s *Service) SweepSupervision(ctx context.Context) error {
	var steps []*bianmin.CaseStep
	cal, due, err := s.readCandidates(ctx, func(tx *store.Tx, cal *calendar.Calendar) ([]int64, error) {
		last, err := s.lastDayPast(ctx, tx, cal, func(p *policy.Policy) int { return p.Supervision.StepWorkingDays })
		if err != nil {
			return nil, err
		}
		if steps, err = store.StaleSteps(ctx, tx, last.AddDays(1).Time()); err != nil {
			return nil, err
		}
		return store.SupervisionDue(ctx, tx, tx.Now)
	})
	if err != nil {
		return err
	}
	byCase := map[int64][]*bianmin.CaseStep{}
	for _, st := range steps {
		byCase[st.CaseID] = append(byCase[st.CaseID], st)
		due = append(due, st.CaseID)
	}
	slices.Sort(due)
	due = slices.Compact(due)
	rules := newCaseRules(s, cal)
	for batch := range slices.Chunk(due, sweepBatch) {
		if err := s.DB.Write(ctx, func(tx *store.Tx) error { return s.superviseBatch(ctx, tx, rules, batch, byCase) }); err != nil {
			return err
		}
	}
	return nil
}

// supervised is one case the sweeper changes, with its new clock fields,
// and the warnings to raise.
type supervised struct {
	c     *bianmin.Case
	warns []*bianmin.Warning
}

// superviseBatch claims, in ID order, every case of the batch that needs a
// change, then numbers and raises the warnings. Claiming first keeps the
// lock order of two sweepers the same (case rows, then counters and the
// audit head), so they wait for each other instead of deadlocking, and the
// loser of a claim raises nothing, leaving no gap in the numbers.
func (s *Service) superviseBatch(ctx context.Context, tx *store.Tx, rules *caseRules, ids []int64, steps map[int64][]*bianmin.CaseStep) error {
	var claimed []*supervised
	for _, id := range ids {
		sv, err := s.assess(ctx, tx, rules, id, steps[id])
		if err != nil {
			return err
		}
		if sv == nil {
			continue
		}
		err = store.UpdateCase(ctx, tx, sv.c)
		if errors.Is(err, store.ErrCaseChanged) {
			continue // someone acted on the case meanwhile: the next run looks again
		}
		if err != nil {
			return err
		}
		claimed = append(claimed, sv)
	}
	for _, sv := range claimed {
		for _, w := range sv.warns {
			if err := s.raiseWarning(ctx, tx, sv.c, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// assess reads a case afresh and returns what the sweeper must change, or
// nil: a case decided or paused meanwhile, or one already up to date.
func (s *Service) assess(ctx context.Context, tx *store.Tx, rules *caseRules, id int64, steps []*bianmin.CaseStep) (*supervised, error) {
	c, err := store.CaseByID(ctx, tx, id)
	if err != nil || !c.Status.Open() || c.PausedSince != nil || c.AcceptedAt == nil {
		return nil, err
	}
	if c.Pauses, err = store.CasePauses(ctx, tx, c.ID); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(c.Pauses, func(p *bianmin.CasePause) bool { return p.EndedAt == nil }) {
		return nil, nil // a paused clock never warns (R5.5)
	}
	if c.Extension, err = store.CaseExtensionOf(ctx, tx, c.ID); err != nil {
		return nil, err
	}
	d, p, err := rules.due(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	had, err := store.CaseWarnings(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	sv := &supervised{c: c}
	colour := cases.ColourAt(d, tx.Now)
	if colour != bianmin.ColourGreen && !warned(had, string(colour), d.At) {
		sv.warns = append(sv.warns, deadlineWarning(rules.cal, p, c, d, colour))
	}
	sv.warns = append(sv.warns, stepWarnings(rules.cal, p, c, steps, had, tx.Now)...)
	changed := c.DueAt == nil || !c.DueAt.Equal(d.At) || c.YellowAt == nil || !c.YellowAt.Equal(d.YellowAt) ||
		c.Colour != colour || c.DueDate != d.Date.String() || c.DueRule != d.Rule
	if !changed && len(sv.warns) == 0 {
		return nil, nil
	}
	at, yellow := d.At, d.YellowAt
	c.DueAt, c.YellowAt, c.DueDate, c.DueRule, c.Colour = &at, &yellow, d.Date.String(), d.Rule, colour
	return sv, nil
}

// warned reports whether a warning of the level for the deadline exists.
func warned(ws []*bianmin.Warning, level string, deadline time.Time) bool {
	return slices.ContainsFunc(ws, func(w *bianmin.Warning) bool {
		return w.Level == level && w.Deadline.Equal(deadline)
	})
}

// deadlineWarning is the yellow or red warning of a case's deadline (R5.1):
// yellow by the one-day reminder is R5.3, by the share of the limit SUP-2;
// red is SUP-2. It goes to the receiving clerk and the case's department.
func deadlineWarning(cal *calendar.Calendar, p *policy.Policy, c *bianmin.Case, d cases.Deadline, colour bianmin.Colour) *bianmin.Warning {
	w := &bianmin.Warning{CentreID: c.CentreID, CaseID: c.ID, CaseNo: c.CaseNo, Level: string(colour), RuleID: ruleWarnDue,
		Deadline: d.At, DepartmentID: c.DepartmentID, ClerkID: c.ReceiverID}
	if colour == bianmin.ColourRed {
		w.Content = fmt.Sprintf("办件 %s（%s）已超过办结时限 %s（%s），请立即办理，并书面说明超期原因（SUP-2、R5.6、C-10）。",
			c.CaseNo, c.ItemName, d.Date, d.Rule)
		return w
	}
	if n := p.Supervision.YellowWorkingDaysLeft; n == 1 && d.YellowAt.Equal(cal.AddWorkingDays(d.Date, -n).AddDays(1).Time()) {
		w.RuleID = ruleWarnDay
	}
	w.Content = fmt.Sprintf("办件 %s（%s）将于 %s 到期（%s），请抓紧办理；不能按期办结的，请在到期前向申请人说明（%s、C-7）。",
		c.CaseNo, c.ItemName, d.Date, d.Rule, w.RuleID)
	return w
}

// stepWarnings are the warnings of the case's open steps past the policy's
// step limit (R5.2 (3)), one per limit instant: parallel steps that started
// together share one warning, which names them all.
func stepWarnings(cal *calendar.Calendar, p *policy.Policy, c *bianmin.Case, steps []*bianmin.CaseStep, had []*bianmin.Warning, now time.Time) []*bianmin.Warning {
	var out []*bianmin.Warning
	for _, st := range steps {
		limit := stepLimit(cal, p, st, c.Pauses)
		if now.Before(limit) || warned(had, bianmin.WarningStep, limit) {
			continue
		}
		if i := slices.IndexFunc(out, func(w *bianmin.Warning) bool { return w.Deadline.Equal(limit) }); i >= 0 {
			out[i].Content = strings.Replace(out[i].Content, "”环节", "”、“"+st.Name+"”环节", 1)
			continue
		}
		w := &bianmin.Warning{CentreID: c.CentreID, CaseID: c.ID, CaseNo: c.CaseNo, Level: bianmin.WarningStep,
			RuleID: ruleWarnStep, Deadline: limit, StepID: st.ID, DepartmentID: cmp.Or(st.DepartmentID, c.DepartmentID),
			ClerkID: cmp.Or(st.HandlerID, c.ReceiverID)}
		w.Content = fmt.Sprintf("办件 %s（%s）的“%s”环节自 %s 起未办结，已超过单个环节 %d 个工作日的时限，请及时办理（R5.2(3)、SUP-2）。",
			c.CaseNo, c.ItemName, st.Name, bianmin.LocalDate(st.StartedAt), p.Supervision.StepWorkingDays)
		out = append(out, w)
	}
	return out
}

// stepLimit is cases.StepLimitAt moved by the working days the case's
// clock was paused while the step was open, so that a step is not late
// for the time a pause stopped it (R5.5).
func stepLimit(cal *calendar.Calendar, p *policy.Policy, st *bianmin.CaseStep, pauses []*bianmin.CasePause) time.Time {
	started, paused := calendar.DateOf(st.StartedAt), 0
	for _, ps := range pauses {
		if ps.EndedAt == nil || ps.EndedAt.Before(st.StartedAt) {
			continue
		}
		from := calendar.DateOf(ps.StartedAt)
		if from.Before(started) {
			from = started
		}
		paused += max(cal.WorkingDaysBetween(from, calendar.DateOf(*ps.EndedAt)), 0)
	}
	if paused == 0 {
		return cases.StepLimitAt(cal, p, st.StartedAt)
	}
	return cal.AddWorkingDays(started, p.Supervision.StepWorkingDays+paused).AddDays(1).Time()
}

// raiseWarning numbers and stores one warning (监察编号, R5.1), audits the
// automatic decision with its rule, and for a yellow one tells the
// applicant before the deadline (C-7).
func (s *Service) raiseWarning(ctx context.Context, tx *store.Tx, c *bianmin.Case, w *bianmin.Warning) error {
	year := tx.Now.In(bianmin.Shanghai).Year()
	seq, err := store.NextNumber(ctx, tx, w.CentreID, "supervision", strconv.Itoa(year))
	if err != nil {
		return err
	}
	w.SupervisionNo = cases.DocNo("supervision", w.CentreID, year, seq)
	if _, err := store.InsertWarning(ctx, tx, w); err != nil {
		return err
	}
	err = caseAudit(ctx, tx, bianmin.SystemActor("supervision"), c, "supervision.warn", w.RuleID, map[string]any{
		"supervision_no": w.SupervisionNo, "level": w.Level, "deadline": w.Deadline, "step_id": w.StepID,
		"clerk_id": w.ClerkID, "department_id": w.DepartmentID})
	if err != nil || w.Level != bianmin.WarningYellow {
		return err
	}
	date := DueText(c) // the minute for an on-the-spot case (R1.20)
	return s.enqueueMessage(ctx, tx, c, "due_soon", "due_soon:"+date,
		fmt.Sprintf("您好！您的办件 %s（%s）承诺办结时间为 %s，我们正在抓紧办理；如不能按期办结，我们会及时向您说明原因。谢谢您的耐心。", c.CaseNo, c.ItemName, date),
		fmt.Sprintf("Hello, your case %s (%s) is due by %s and we are working on it; if it cannot be finished in time we will tell you why. Thank you for your patience.", c.CaseNo, c.ItemName, date))
}

// caseRules computes deadlines for many cases at once, reading each item
// version and each centre's policy of a day once.
type caseRules struct {
	s        *Service
	cal      *calendar.Calendar
	terms    map[int64]cases.Terms
	policies map[string]*policy.Policy
}

func newCaseRules(s *Service, cal *calendar.Calendar) *caseRules {
	return &caseRules{s: s, cal: cal, terms: map[int64]cases.Terms{}, policies: map[string]*policy.Policy{}}
}

// policy returns the centre's policy in force on a date.
func (r *caseRules) policy(ctx context.Context, tx *store.Tx, centreID int64, date string) (*policy.Policy, error) {
	key := strconv.FormatInt(centreID, 10) + "|" + date
	if p, ok := r.policies[key]; ok {
		return p, nil
	}
	p, err := r.s.policyOn(ctx, tx, centreID, date)
	if err == nil {
		r.policies[key] = p
	}
	return p, err
}

// due is s.deadlineOf with the reads shared: the case's deadline at
// tx.Now under the policy of its acceptance day, and that policy.
func (r *caseRules) due(ctx context.Context, tx *store.Tx, c *bianmin.Case) (cases.Deadline, *policy.Policy, error) {
	p, err := r.policy(ctx, tx, c.CentreID, cmp.Or(c.AcceptDate, bianmin.LocalDate(tx.Now)))
	if err != nil {
		return cases.Deadline{}, nil, err
	}
	t, ok := r.terms[c.ItemID]
	if !ok {
		if t, _, err = caseTerms(ctx, tx, c); err != nil {
			return cases.Deadline{}, nil, err
		}
		r.terms[c.ItemID] = t
	}
	t.Kind = c.Kind
	return cases.Due(r.cal, p, t, caseClock(c), tx.Now), p, nil
}

// smallestDays is the smallest value a policy setting of days takes in the
// defaults and in any stored version of any centre: the bound of a scan
// that must not miss a case under any of them.
func smallestDays(ctx context.Context, tx *store.Tx, s *Service, pick func(*policy.Policy) int) (int, error) {
	n := pick(policy.Default())
	cs, err := store.Centres(ctx, tx)
	if err != nil {
		return 0, err
	}
	for _, c := range cs {
		vs, err := store.PolicyVersions(ctx, tx, c.ID)
		if err != nil {
			return 0, err
		}
		for _, v := range vs {
			p, err := s.parsedPolicy(v)
			if err != nil {
				return 0, err
			}
			n = min(n, pick(p))
		}
	}
	return n, nil
}

// readCandidates loads the calendar and reads, in one snapshot, the IDs of
// the cases a job looks at; the job then reads each again in its own
// write transaction.
func (s *Service) readCandidates(ctx context.Context, find func(tx *store.Tx, cal *calendar.Calendar) ([]int64, error)) (*calendar.Calendar, []int64, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		ids, err = find(tx, cal)
		return err
	})
	return cal, ids, err
}

// lastDayPast is the latest day whose following n working days have all
// ended by tx.Now, n the smallest value any policy gives the setting.
func (s *Service) lastDayPast(ctx context.Context, tx *store.Tx, cal *calendar.Calendar, pick func(*policy.Policy) int) (calendar.Date, error) {
	n, err := smallestDays(ctx, tx, s, pick)
	if err != nil {
		return calendar.Date{}, err
	}
	return latestDayDue(cal, n, tx.Now), nil
}

// latestDayDue is the latest day d whose n-th following working day has
// ended by now (R1.17: a day limit ends at 24:00): every step started, or
// application received, on d or earlier is past an n-working-day limit.
func latestDayDue(cal *calendar.Calendar, n int, now time.Time) calendar.Date {
	d := calendar.DateOf(now)
	for i := 0; i < 400 && cal.AddWorkingDays(d, n).AddDays(1).Time().After(now); i++ {
		d = d.AddDays(-1)
	}
	return d
}
