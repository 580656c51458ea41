package service_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/service"
)

// TestRandomCaseActionsKeepInvariants drives random sequences of actions
// through the service on a real database — review, approval by a random
// person, pauses, resumptions, extensions, completion, and the clock moving
// by random hours with the supervision sweep — and checks after every step
// that the stored case is one the state machine allows, that a refused
// action changed nothing, and that the stored deadline is the one computed
// independently from acceptance, paused working days and the extension: a
// deadline never ignores a pause (C-3, R1.12), an extension is granted once
// (R1.8), nobody both reviews and approves (C-5), no warning is raised while
// the clock is paused (R5.5), and the colour follows the deadline (SUP-2).
func TestRandomCaseActionsKeepInvariants(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cal, err := c.svc.Calendar(c.ctx)
		if err != nil {
			t.Fatal(err)
		}
		done := map[cases.Action]int{}
		for seed := uint64(1); seed <= 6; seed++ {
			it := c.licence
			if seed%2 == 0 {
				it = c.immediate
			}
			w := &caseWalker{c: c, cal: cal, r: rand.New(rand.NewPCG(seed, 7)), item: it, done: done}
			w.cs = c.takeInAccepted(it, c.w1a)
			for step := range 40 {
				w.step(fmt.Sprintf("seed %d step %d", seed, step))
			}
		}
		// The walk is only a proof if every kind of action really happened.
		for _, act := range []cases.Action{cases.ActReview, cases.ActApprove, cases.ActPause, cases.ActResume,
			cases.ActExtend, cases.ActComplete} {
			if done[act] == 0 {
				t.Errorf("no %s succeeded in the walk (%v)", act, done)
			}
		}
	})
}

type caseWalker struct {
	c    *caseEnv
	cal  *calendar.Calendar
	r    *rand.Rand
	item *bianmin.ServiceItem
	cs   *bianmin.Case
	done map[cases.Action]int
}

// step takes one random action and checks the stored case after it.
func (w *caseWalker) step(where string) {
	c, id := w.c, w.cs.ID
	before := c.caseRow(id)
	pick := func(as ...*bianmin.Actor) *bianmin.Actor { return as[w.r.IntN(len(as))] }
	var act cases.Action
	var err error
	switch w.r.IntN(8) {
	case 0:
		act, err = cases.ActReview, c.svc.ReviewCase(c.ctx, pick(c.w1a, c.w1b, c.chiefA1), id, "材料审查通过", true)
	case 1:
		act, err = cases.ActApprove, c.svc.ApproveCase(c.ctx, pick(c.chiefA1, c.w1b, c.chiefA2), id, "同意")
	case 2:
		act, err = cases.ActPause, c.svc.PauseCase(c.ctx, c.w1a, id, bianmin.PauseSpecial, "inspection", "现场核查", 3)
	case 3:
		act, err = cases.ActResume, c.svc.ResumeCase(c.ctx, c.w1a, id, "核查完毕")
	case 4:
		act, err = cases.ActExtend, c.svc.ExtendCase(c.ctx, c.director, id, 1+w.r.IntN(12), "需要进一步调查核实")
	case 5:
		act, err = cases.ActComplete, c.svc.CompleteCase(c.ctx, c.w1a, id,
			service.CompleteRequest{ResultNo: fmt.Sprintf("XK%d", id), Delivery: "pickup"})
	default:
		c.clock.Advance(time.Duration(1+w.r.IntN(60)) * time.Hour)
		if err := c.svc.SweepSupervision(c.ctx); err != nil {
			c.t.Fatalf("%s: sweep: %v", where, err)
		}
	}
	after := c.caseRow(id)
	w.checkMove(where, act, err, before, after)
	w.checkClock(where, after)
}

// checkMove: an accepted action moves the status as the state machine says;
// a refused one leaves the case as it was.
func (w *caseWalker) checkMove(where string, act cases.Action, err error, before, after *bianmin.Case) {
	t := w.c.t
	if act == "" {
		return
	}
	if err == nil {
		w.done[act]++
	}
	if err != nil {
		if after.Status != before.Status || len(after.Steps) != len(before.Steps) ||
			len(after.Notices) != len(before.Notices) || len(after.Pauses) != len(before.Pauses) {
			t.Fatalf("%s: refused %s (%v) still changed the case: %s → %s", where, act, err, before.Status, after.Status)
		}
		return
	}
	want, merr := cases.Next(before.Status, act)
	if merr != nil {
		t.Fatalf("%s: %s accepted from %s, which the state machine forbids", where, act, before.Status)
	}
	if act == cases.ActApprove && after.Status == bianmin.CaseReviewed { // joint: waiting for other departments
		want = after.Status
	}
	if after.Status != want {
		t.Fatalf("%s: %s from %s gave %s, want %s", where, act, before.Status, after.Status, want)
	}
	if after.ReviewerID != 0 && after.ReviewerID == after.ApproverID {
		t.Fatalf("%s: the reviewer also approved (C-5)", where)
	}
}

// checkClock recomputes the deadline independently of cases.Due's
// candidates and compares it with the stored one.
func (w *caseWalker) checkClock(where string, cs *bianmin.Case) {
	t, now := w.c.t, w.c.clock.Now()
	if cs.AcceptedAt == nil || cs.DueAt == nil {
		t.Fatalf("%s: an accepted case without a deadline", where)
	}
	open := false
	pausedWD, pausedFor := 0, time.Duration(0)
	for _, p := range cs.Pauses {
		end := now
		if p.EndedAt != nil {
			end = *p.EndedAt
		} else {
			open = true
		}
		pausedWD += w.cal.WorkingDaysBetween(calendar.DateOf(p.StartedAt), calendar.DateOf(end))
		pausedFor += end.Sub(p.StartedAt)
	}
	ext := 0
	if cs.Extension != nil {
		ext = cs.Extension.Days
	}
	if open != (cs.PausedSince != nil) {
		t.Fatalf("%s: paused_since %v but open pause %v", where, cs.PausedSince, open)
	}
	var want time.Time
	if cs.Kind == bianmin.CaseImmediate {
		want = cs.AcceptedAt.Add(30*time.Minute + pausedFor)
	} else {
		accept, _ := calendar.ParseDate(cs.AcceptDate)
		want = w.cal.AddWorkingDays(accept, w.item.Promised.Value+pausedWD+ext).AddDays(1).Time()
	}
	if !open && cs.Status.Open() && !cs.DueAt.Equal(want) {
		t.Fatalf("%s: stored deadline %v, want %v (paused %d working days, extension %d)", where,
			cs.DueAt.In(bianmin.Shanghai), want.In(bianmin.Shanghai), pausedWD, ext)
	}
	if cs.Status.Open() && !open && cs.Colour != bianmin.ColourGreen {
		if !now.Before(want) != (cs.Colour == bianmin.ColourRed) {
			t.Fatalf("%s: colour %s at %v with deadline %v", where, cs.Colour, now.In(bianmin.Shanghai), want.In(bianmin.Shanghai))
		}
	}
	for _, warn := range w.c.warningsOf(cs.ID) {
		for _, p := range cs.Pauses {
			inside := !warn.CreatedAt.Before(p.StartedAt) && (p.EndedAt == nil || warn.CreatedAt.Before(*p.EndedAt))
			if inside && !p.StartedAt.Equal(warn.CreatedAt) {
				t.Fatalf("%s: warning %s raised while the clock was paused (R5.5)", where, warn.SupervisionNo)
			}
		}
	}
}

// TestClerksAndSweepersDoNotDeadlock runs supervision sweeps while clerks
// pause, resume and review the same overdue cases. Every transaction that
// changes a case locks its row before the audit chain's head, and the
// sweeper claims cases in ID order before it writes audit rows, so on
// PostgreSQL no pair can deadlock: no request fails with "unavailable"
// (a deadlock's error). A clerk may lose a race to the sweeper or another
// clerk and get a conflict, which is the honest answer.
func TestClerksAndSweepersDoNotDeadlock(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		var ids []int64
		for range 12 {
			ids = append(ids, c.takeInAccepted(c.licence, c.w1a).ID)
		}
		c.clock.Advance(10 * 24 * time.Hour) // every case is red now
		errs := make(chan error, 200)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				for range 4 {
					errs <- c.svc.SweepSupervision(c.ctx)
				}
			})
		}
		for i, clerk := range []*bianmin.Actor{c.w1a, c.w1b} {
			wg.Go(func() {
				for j, id := range ids {
					if (i+j)%2 == 0 {
						errs <- c.svc.PauseCase(c.ctx, clerk, id, bianmin.PauseSpecial, "inspection", "现场核查", 2)
						errs <- c.svc.ResumeCase(c.ctx, clerk, id, "核查完毕")
					} else {
						errs <- c.svc.ReviewCase(c.ctx, clerk, id, "材料齐全", true)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			var e *bianmin.Error
			if err != nil && (!errors.As(err, &e) || e.Code == bianmin.EUNAVAILABLE || e.Code == bianmin.EINTERNAL) {
				t.Errorf("a request failed beyond a conflict: %v", err)
			}
		}
		// Whatever the races, one more sweep leaves every running overdue case
		// with its red warning.
		c.sweep()
		for _, id := range ids {
			red := false
			for _, w := range c.warningsOf(id) {
				red = red || w.Level == bianmin.WarningRed
			}
			if cs := c.caseRow(id); cs.Status.Open() && cs.PausedSince == nil && !red {
				t.Errorf("case %d is overdue without a red warning", id)
			}
		}
	})
}
