package cases_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
)

// model is a case driven only by the pure rules: Next for every move,
// CheckAcceptable before acceptance, Due for the clock. It keeps the few
// facts a use case would store (pauses, the one extension) and refuses what
// a use case refuses, so the invariants below hold for any sequence.
type model struct {
	cal        *calendar.Calendar
	p          *policy.Policy
	terms      cases.Terms
	limit      int // the binding limit's value in its unit
	status     bianmin.CaseStatus
	lines      []*bianmin.CaseMaterial
	received   calendar.Date
	clock      cases.Clock
	extensions int
	now        time.Time
	closedAs   bianmin.CaseStatus // the status the case closed in
	log        []string
}

// step is one random thing that happens to a case.
type step struct {
	name string
	act  cases.Action // "" for the steps that are not moves
}

var steps = []step{
	{"hand in", ""}, {"advance hours", ""}, {"advance days", ""}, {"advance days", ""},
	{"receive", cases.ActReceive}, {"consult", cases.ActConsult}, {"supplement", cases.ActSupplement},
	{"return", cases.ActReturn}, {"accept", cases.ActAccept}, {"accept", cases.ActAccept}, {"deem", cases.ActDeem},
	{"review", cases.ActReview}, {"approve", cases.ActApprove}, {"refuse", cases.ActRefuse},
	{"silent", cases.ActSilent}, {"complete", cases.ActComplete}, {"pause", cases.ActPause},
	{"pause", cases.ActPause}, {"resume", cases.ActResume}, {"extend", cases.ActExtend},
}

// newModel draws a case: a start between 2024 and 2026 (the built-in
// calendar's holidays and make-up days), a limit in a random unit, a few
// materials of which some are missing, and thresholds within the policy's
// bounds.
func newModel(r *rand.Rand) *model {
	m := &model{cal: calendar.Default(), p: policy.Default()}
	m.p.Supervision.YellowWorkingDaysLeft = r.IntN(4)
	m.p.Supervision.YellowPercentLeft = r.IntN(51)
	if m.p.Supervision.YellowWorkingDaysLeft == 0 && m.p.Supervision.YellowPercentLeft == 0 {
		m.p.Supervision.YellowWorkingDaysLeft = 1
	}
	m.p.Supervision.RedGraceWorkingDays = r.IntN(4)
	m.limit = 1 + r.IntN(40)
	unit := bianmin.UnitWorkingDays
	switch r.IntN(6) {
	case 0:
		unit = bianmin.UnitCalendarDays
	case 1:
		unit, m.limit = bianmin.UnitHours, 1+r.IntN(96)
	}
	m.terms = cases.Terms{Kind: bianmin.CasePromised, ItemType: bianmin.ItemLicence,
		Promised: bianmin.Limit{Value: m.limit, Unit: unit}, Statutory: bianmin.Limit{Value: m.limit + r.IntN(3), Unit: unit}}
	if r.IntN(4) == 0 { // a joint item whose promised limit may exceed R1.9's 45 wd
		m.terms = cases.Terms{Kind: bianmin.CaseJoint, Promised: bianmin.Limit{Value: 30 + r.IntN(30), Unit: bianmin.UnitWorkingDays}}
		m.limit = min(m.terms.Promised.Value, m.p.Cases.JointWorkingDays)
	}
	first := calendar.Date{Y: 2024, M: 1, D: 2}
	m.now = first.AddDays(r.IntN(1000)).Time().Add(time.Duration(8*60+r.IntN(10*60)) * time.Minute)
	for i := range 1 + r.IntN(4) {
		st := bianmin.MaterialOriginal
		if r.IntN(2) == 0 {
			st = bianmin.MaterialMissing
		}
		m.lines = append(m.lines, &bianmin.CaseMaterial{Name: fmt.Sprintf("材料%d", i), Required: true, State: st})
	}
	return m
}

// openPause returns the pause that lasts, if any.
func (m *model) openPause() *cases.Span {
	for i := range m.clock.Pauses {
		if m.clock.Pauses[i].End == nil {
			return &m.clock.Pauses[i]
		}
	}
	return nil
}

func (m *model) endPause() {
	if s := m.openPause(); s != nil {
		end := m.now
		s.End = &end
	}
}

func (m *model) due() cases.Deadline { return cases.Due(m.cal, m.p, m.terms, m.clock, m.now) }

// do applies one step and reports a violated invariant of the move itself.
func (m *model) do(r *rand.Rand, s step) error {
	switch s.name {
	case "hand in":
		for _, l := range m.lines {
			if !l.State.Complete() {
				l.State, l.SubmittedAt = bianmin.MaterialCopy, &m.now
				break
			}
		}
		return nil
	case "advance hours":
		m.now = m.now.Add(time.Duration(1+r.IntN(12*60)) * time.Minute)
		return nil
	case "advance days":
		m.now = m.now.Add(time.Duration(1+r.IntN(6)) * 24 * time.Hour)
		return nil
	}
	before := m.status
	next, err := cases.Next(before, s.act)
	if err != nil {
		if next != before || bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			return fmt.Errorf("refused %s from %q gave %q, %v", s.act, before, next, err)
		}
		return nil
	}
	if !m.allowed(s.act) {
		return nil
	}
	switch s.act {
	case cases.ActReceive:
		m.received = calendar.DateOf(m.now)
	case cases.ActAccept:
		m.clock.AcceptedAt, m.clock.AcceptDate = m.now, calendar.DateOf(m.now)
	case cases.ActDeem: // R1.3: accepted from the day of receipt
		m.clock.AcceptedAt, m.clock.AcceptDate = m.now, m.received
	case cases.ActPause:
		m.clock.Pauses = append(m.clock.Pauses, cases.Span{Start: m.now})
	case cases.ActResume:
		m.endPause()
	case cases.ActExtend:
		m.extensions++
		m.clock.ExtensionDays, _ = cases.ExtensionCap(m.p, m.terms)
	case cases.ActRefuse, cases.ActComplete:
		m.endPause()
	}
	m.status = next
	return nil
}

// allowed is what a use case checks besides Next.
func (m *model) allowed(act cases.Action) bool {
	switch act {
	case cases.ActAccept:
		return cases.CheckAcceptable(m.lines) == nil
	case cases.ActDeem:
		return !m.now.Before(cases.DeemedAcceptanceAt(m.cal, m.p, m.received))
	case cases.ActPause:
		return m.openPause() == nil
	case cases.ActResume:
		return m.openPause() != nil
	case cases.ActExtend:
		return m.extensions == 0 // the store refuses a second one (R1.8)
	case cases.ActSilent: // C-4: only past the limit
		return !m.now.Before(m.due().At)
	}
	return true
}

// stepWorking adds n working days by walking the calendar one day at a
// time: the property's own arithmetic, independent of Due's.
func stepWorking(cal *calendar.Calendar, d calendar.Date, n int) calendar.Date {
	for n > 0 {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// pausedBy counts what the pauses moved the deadline by, walking the days
// after each pause's first day up to its end (or now).
func (m *model) pausedBy(working bool) (days int, dur time.Duration) {
	for _, s := range m.clock.Pauses {
		end := m.now
		if s.End != nil {
			end = *s.End
		}
		dur += end.Sub(s.Start)
		for d := calendar.DateOf(s.Start).AddDays(1); !d.After(calendar.DateOf(end)); d = d.AddDays(1) {
			if !working || m.cal.IsWorkingDay(d) {
				days++
			}
		}
	}
	return days, dur
}

// expected computes the deadline the model's facts give, by unit.
func (m *model) expected() time.Time {
	ext := m.clock.ExtensionDays
	switch m.terms.Promised.Unit {
	case bianmin.UnitHours:
		_, dur := m.pausedBy(false)
		due := m.clock.AcceptedAt.Add(time.Duration(m.limit)*time.Hour + dur)
		if ext > 0 {
			return stepWorking(m.cal, calendar.DateOf(due), ext).AddDays(1).Time()
		}
		return due
	case bianmin.UnitCalendarDays:
		n, _ := m.pausedBy(false)
		end := m.clock.AcceptDate.AddDays(m.limit + n)
		for !m.cal.IsWorkingDay(end) {
			end = end.AddDays(1)
		}
		return stepWorking(m.cal, end, ext).AddDays(1).Time()
	}
	n, _ := m.pausedBy(true)
	return stepWorking(m.cal, m.clock.AcceptDate, m.limit+n+ext).AddDays(1).Time()
}

var knownStatus = map[bianmin.CaseStatus]bool{}

func init() {
	for _, s := range allStatuses {
		knownStatus[s] = true
	}
}

// check tests the invariants after a step; prev is the deadline before it
// (zero before acceptance) and prevNow the instant it was computed at.
func (m *model) check(prev cases.Deadline, prevNow time.Time) (cases.Deadline, error) {
	if !knownStatus[m.status] {
		return prev, fmt.Errorf("unknown status %q", m.status)
	}
	if m.closedAs != "" && m.status != m.closedAs {
		return prev, fmt.Errorf("closed as %q, now %q", m.closedAs, m.status)
	}
	if m.status.Closed() {
		m.closedAs = m.status
	}
	if m.extensions > 1 {
		return prev, fmt.Errorf("%d extensions", m.extensions)
	}
	if m.status.Open() && m.clock.AcceptedAt.IsZero() {
		return prev, fmt.Errorf("%q without acceptance", m.status)
	}
	if !m.status.Open() {
		return prev, nil
	}
	d := m.due()
	if !d.At.Equal(m.expected()) {
		return d, fmt.Errorf("due %s, the facts give %s", d.At, m.expected())
	}
	if !prev.At.IsZero() && d.At.Before(prev.At) {
		return d, fmt.Errorf("the deadline moved earlier: %s → %s", prev.At, d.At)
	}
	unpaused := m.clock
	unpaused.Pauses = nil
	if d.At.Before(cases.Due(m.cal, m.p, m.terms, unpaused, m.now).At) {
		return d, fmt.Errorf("due %s is before the deadline without pauses", d.At)
	}
	open := m.openPause() != nil
	if d.Paused != open {
		return d, fmt.Errorf("Paused %v with an open pause %v", d.Paused, open)
	}
	if open && prev.Paused && m.terms.Promised.Unit != bianmin.UnitCalendarDays && m.terms.Promised.Unit != bianmin.UnitHours &&
		m.cal.WorkingDaysBetween(calendar.DateOf(prevNow), calendar.DateOf(m.now)) > 0 && !d.At.After(prev.At) {
		return d, fmt.Errorf("paused while working days passed, yet the deadline stayed at %s", d.At)
	}
	if d.YellowAt.After(d.At) || d.RedAt.Before(d.At) {
		return d, fmt.Errorf("yellow %s, due %s, red %s out of order", d.YellowAt, d.At, d.RedAt)
	}
	if red := cases.ColourAt(d, m.now) == bianmin.ColourRed; red != !m.now.Before(d.RedAt) {
		return d, fmt.Errorf("red %v at %s with RedAt %s", red, m.now, d.RedAt)
	}
	return d, nil
}

// TestCases_Property_RandomSequences drives thousands of random action
// sequences from fixed seeds and checks that no case reaches an invalid
// state and no deadline ignores a pause or the extension (issue 5: C-1, C-3,
// R1.8, R1.12, R1.17, SUP-2).
func TestCases_Property_RandomSequences(t *testing.T) {
	sequences, length := 3000, 80
	if testing.Short() {
		sequences = 300
	}
	seen := map[bianmin.CaseStatus]int{}
	paused, extended := 0, 0
	for seed := range uint64(sequences) {
		r := rand.New(rand.NewPCG(seed, 0x6269616e6d696e))
		m := newModel(r)
		var prev cases.Deadline
		prevNow := m.now
		for range length {
			s := steps[r.IntN(len(steps))]
			if err := m.do(r, s); err != nil {
				t.Fatalf("seed %d after %v: %s: %v", seed, m.log, s.name, err)
			}
			m.log = append(m.log, s.name)
			d, err := m.check(prev, prevNow)
			if err != nil {
				t.Fatalf("seed %d after %v (status %q, terms %+v, clock %+v, now %s): %v", seed, m.log, m.status, m.terms, m.clock, m.now, err)
			}
			prev, prevNow = d, m.now
		}
		seen[m.status]++
		if len(m.clock.Pauses) > 0 {
			paused++
		}
		if m.extensions > 0 {
			extended++
		}
	}
	// The walk must reach the interesting places often enough to mean much.
	for _, s := range []bianmin.CaseStatus{bianmin.CaseCompleted, bianmin.CaseRefused, bianmin.CaseReturned, bianmin.CaseConsulted} {
		if seen[s] < sequences/50 {
			t.Errorf("only %d of %d sequences ended %q: %v", seen[s], sequences, s, seen)
		}
	}
	if paused < sequences/10 || extended < sequences/10 {
		t.Errorf("only %d sequences paused and %d extended of %d", paused, extended, sequences)
	}
}
