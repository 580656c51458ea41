package service_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// warningsOf reads a case's supervision warnings, oldest first.
func (c *caseEnv) warningsOf(caseID int64) []*bianmin.Warning {
	c.t.Helper()
	var out []*bianmin.Warning
	err := c.db.Read(c.ctx, func(tx *store.Tx) (err error) {
		out, err = store.CaseWarnings(c.ctx, tx, caseID)
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// sweep runs the supervision sweeper and fails the test on error.
func (c *caseEnv) sweep() {
	c.t.Helper()
	if err := c.svc.SweepSupervision(c.ctx); err != nil {
		c.t.Fatalf("sweep: %v", err)
	}
}

// levels lists the levels of warnings in order.
func levels(ws []*bianmin.Warning) string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Level)
	}
	return strings.Join(out, ",")
}

// A 5-working-day licence accepted on Monday 2 March 2026 is due on Monday
// 9 March (R1.17): with the default thresholds it turns yellow at the start
// of Saturday 7 March, one working day before the end (R5.3, SUP-2), and
// red at midnight after 9 March. Each warning is raised once, numbered,
// ruled and addressed, and the yellow one tells the applicant (C-7).
func TestSupervisionYellowThenRed(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		steps := []struct {
			date            string
			hour, minute    int
			colour, levels  string
			dueSoonMessages int
		}{
			{"2026-03-06", 23, 59, "green", "", 0},
			{"2026-03-07", 0, 0, "yellow", "yellow", 1},
			{"2026-03-09", 23, 59, "yellow", "yellow", 1},
			// The review step has also been open 5 working days (R5.2 (3)).
			{"2026-03-10", 0, 0, "red", "yellow,red,step", 1},
			{"2026-03-11", 9, 0, "red", "yellow,red,step", 1},
		}
		for _, st := range steps {
			c.at(st.date, st.hour, st.minute)
			c.sweep()
			c.sweep() // twice: nothing more
			if got := c.caseRow(cs.ID).Colour; string(got) != st.colour {
				t.Fatalf("%s %02d:%02d: colour %s, want %s", st.date, st.hour, st.minute, got, st.colour)
			}
			if got := levels(c.warningsOf(cs.ID)); got != st.levels {
				t.Fatalf("%s: warnings %q, want %q", st.date, got, st.levels)
			}
			if n := len(c.messagesOf(cs.ID, "due_soon")); n != st.dueSoonMessages {
				t.Fatalf("%s: %d due-soon messages, want %d", st.date, n, st.dueSoonMessages)
			}
		}
		ws := c.warningsOf(cs.ID)
		yellow, red := ws[0], ws[1]
		if yellow.RuleID != "R5.3" || red.RuleID != "SUP-2" {
			t.Fatalf("rules %s, %s; want R5.3 (one-day reminder), SUP-2", yellow.RuleID, red.RuleID)
		}
		for _, w := range ws[:2] {
			if len(w.SupervisionNo) > 20 || !strings.HasPrefix(w.SupervisionNo, "JC2026") {
				t.Fatalf("supervision number %q: want JC2026…, at most 20 characters (R5.1, R9.4)", w.SupervisionNo)
			}
			if w.ClerkID != c.w1a.UserID || w.DepartmentID != c.deptA1 || w.CaseNo != cs.CaseNo {
				t.Fatalf("warning %+v: want clerk w1a, department A1, case %s", w, cs.CaseNo)
			}
			if got := bianmin.LocalDate(w.Deadline.Add(-1)); got != "2026-03-09" {
				t.Fatalf("deadline of the warning ends on %s, want 2026-03-09", got)
			}
		}
		if yellow.SupervisionNo == red.SupervisionNo || !strings.Contains(red.Content, "已超过办结时限") {
			t.Fatalf("numbers %s/%s, red content %q", yellow.SupervisionNo, red.SupervisionNo, red.Content)
		}
		if n := c.count("SELECT count(*) FROM audit_log WHERE action = 'supervision.warn' AND actor = 'system'"); n != 3 {
			t.Fatalf("%d audit rows of supervision.warn, want 3", n)
		}
	})
}

// A case whose clock is paused never warns (R5.5): the sweep leaves it
// green while paused past its deadline; once resumed the deadline has
// moved by the paused working days, and so has the limit of the step the
// pause interrupted, and only then does it warn.
func TestSupervisionPausedCaseDoesNotWarn(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-03", 10, 0)
		if err := c.svc.PauseCase(c.ctx, c.w1a, cs.ID, "special", "inspection", "现场核查经营场所", 10); err != nil {
			t.Fatal(err)
		}
		c.at("2026-03-16", 9, 0)
		c.sweep()
		if got := c.caseRow(cs.ID).Colour; got != bianmin.ColourGreen {
			t.Fatalf("paused case is %s, want it to keep green (R5.5)", got)
		}
		if ws := c.warningsOf(cs.ID); len(ws) != 0 {
			t.Fatalf("paused case got warnings %q", levels(ws))
		}
		if err := c.svc.ResumeCase(c.ctx, c.w1a, cs.ID, "核查合格"); err != nil {
			t.Fatal(err)
		}
		// Paused 3 → 16 March: 9 working days, so 5 + 9 working days
		// from 2 March: due 2026-03-20.
		if got := c.caseRow(cs.ID).DueDate; got != "2026-03-20" {
			t.Fatalf("due %s after the pause, want 2026-03-20", got)
		}
		c.sweep()
		if ws := c.warningsOf(cs.ID); len(ws) != 0 {
			t.Fatalf("resumed case warned before its new yellow time: %q", levels(ws))
		}
		c.at("2026-03-20", 9, 0)
		c.sweep()
		if got := levels(c.warningsOf(cs.ID)); got != "yellow" {
			t.Fatalf("warnings %q on the last day, want yellow", got)
		}
	})
}

// An approved extension moves the deadline (R1.8): the red case turns
// green at the sweep, raises no new red, and is warned again only against
// the new deadline (R5.5: the recomputed deadline is the truth).
func TestSupervisionExtensionRemovesRed(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-10", 9, 0)
		c.sweep()
		if got := c.caseRow(cs.ID).Colour; got != bianmin.ColourRed {
			t.Fatalf("colour %s, want red", got)
		}
		if err := c.svc.ExtendCase(c.ctx, c.director, cs.ID, 10, "需补充专家意见"); err != nil {
			t.Fatal(err)
		}
		c.sweep()
		after := c.caseRow(cs.ID)
		if after.Colour != bianmin.ColourGreen || after.DueDate != "2026-03-23" {
			t.Fatalf("after the extension: %s, due %s; want green, due 2026-03-23", after.Colour, after.DueDate)
		}
		if got := levels(c.warningsOf(cs.ID)); got != "red,step" {
			t.Fatalf("warnings %q, want only the earlier red (and the review step's)", got)
		}
		c.at("2026-03-21", 0, 0)
		c.sweep()
		ws := c.warningsOf(cs.ID)
		if got := levels(ws); got != "red,step,yellow" || bianmin.LocalDate(ws[2].Deadline.Add(-1)) != "2026-03-23" {
			t.Fatalf("warnings %q; want a new yellow for the deadline 2026-03-23", got)
		}
	})
}

// The sweeper runs on several instances at once: two sweeps racing over
// the same overdue cases leave one warning per case and level, numbered
// without gaps (the counter equals the number of warnings).
func TestSupervisionConcurrentSweeps(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		var ids []int64
		for range 6 {
			ids = append(ids, c.takeInAccepted(c.licence, c.w1a).ID)
		}
		for _, at := range []string{"2026-03-07", "2026-03-10"} {
			c.at(at, 0, 30)
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for i := range errs {
				wg.Go(func() { errs[i] = c.svc.SweepSupervision(c.ctx) })
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatalf("concurrent sweeps at %s: %v", at, err)
			}
		}
		for _, id := range ids {
			if got := levels(c.warningsOf(id)); got != "yellow,red,step" {
				t.Fatalf("case %d: warnings %q, want yellow,red,step once each", id, got)
			}
		}
		last := c.count("SELECT last_no FROM doc_counters WHERE kind = 'supervision'")
		if all := c.count("SELECT count(*) FROM supervision_warnings"); all != 18 || last != 18 {
			t.Fatalf("%d warnings numbered up to %d, want 18 and 18", all, last)
		}
	})
}

// A single step open past the policy's step limit warns even within the
// overall limit (R5.2 (3)): with step_working_days 2, the review step
// opened on Monday 2 March is late from Thursday 5 March 00:00.
func TestSupervisionStepWarning(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		if _, err := c.svc.SavePolicyDocument(c.ctx, c.director, c.townA, "2026-03-02",
			[]byte("supervision:\n  step_working_days: 2\n"), "step test"); err != nil {
			t.Fatal(err)
		}
		cs := c.takeInAccepted(c.licence, c.w1a)
		review := c.caseRow(cs.ID).Steps[1]
		if review.Name != bianmin.StepReview || review.Status != 1 {
			t.Fatalf("second step %+v, want the pending review", review)
		}
		c.at("2026-03-04", 23, 59)
		c.sweep()
		if ws := c.warningsOf(cs.ID); len(ws) != 0 {
			t.Fatalf("warned before the step limit: %q", levels(ws))
		}
		c.at("2026-03-05", 0, 0)
		c.sweep()
		c.sweep()
		ws := c.warningsOf(cs.ID)
		if levels(ws) != "step" || ws[0].StepID != review.ID || ws[0].RuleID != "R5.2(3)" ||
			!strings.Contains(ws[0].Content, "审查") {
			t.Fatalf("warnings %+v; want one step warning of the review step under R5.2(3)", ws)
		}
		if err := c.svc.ReviewCase(c.ctx, c.w1b, cs.ID, "材料齐全，同意", true); err != nil {
			t.Fatal(err)
		}
		c.sweep()
		if got := levels(c.warningsOf(cs.ID)); got != "step" {
			t.Fatalf("after the review: %q, want still the one step warning", got)
		}
	})
}

// The board shows the duty leader the centre's open cases by colour, the
// warnings and the month's overdue count per clerk and department; a
// chief representative sees only their department; a clerk is refused.
// Answers are recorded once, by a recipient only (R5.6).
func TestSupervisionBoardAndAnswers(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		late := c.takeInAccepted(c.licence, c.w1a)
		c.at("2026-03-06", 9, 0)
		fresh := c.takeInAccepted(c.licence, c.w1b)
		c.at("2026-03-07", 0, 0)
		c.sweep()
		c.at("2026-03-10", 9, 0)
		c.sweep()
		b, err := c.svc.Supervision(c.ctx, c.dutyLeader, service.SupervisionFilter{CentreID: c.townA})
		if err != nil {
			t.Fatal(err)
		}
		if b.Red != 1 || b.Green != 1 || b.Yellow != 0 || len(b.Cases) != 2 || b.Cases[0].ID != late.ID {
			t.Fatalf("board %d/%d/%d, cases %+v; want red 1 (first), green 1", b.Green, b.Yellow, b.Red, b.Cases)
		}
		if len(b.Overdue) != 1 || b.Overdue[0].ClerkID != c.w1a.UserID || b.Overdue[0].DepartmentID != c.deptA1 ||
			b.Overdue[0].Cases != 1 || b.Filter.Month != "2026-03" {
			t.Fatalf("overdue %+v for %s; want w1a in A1 with 1 case in 2026-03", b.Overdue, b.Filter.Month)
		}
		if levels(b.Warnings) != "step,red,yellow" {
			t.Fatalf("board warnings %q, want the newest first", levels(b.Warnings))
		}
		red := b.Warnings[1]
		if !b.CanAnswer[red.ID] {
			t.Fatalf("can answer %v; want the red answerable by the duty leader", b.CanAnswer)
		}
		byClerk, err := c.svc.Supervision(c.ctx, c.director, service.SupervisionFilter{CentreID: c.townA, ClerkID: c.w1b.UserID})
		if err != nil || len(byClerk.Cases) != 1 || byClerk.Cases[0].ID != fresh.ID {
			t.Fatalf("filter by clerk w1b: %+v, %v", byClerk, err)
		}
		other, err := c.svc.Supervision(c.ctx, c.chiefA2, service.SupervisionFilter{CentreID: c.townA})
		if err != nil || len(other.Cases) != 0 || other.Red != 0 || len(other.Warnings) != 0 {
			t.Fatalf("chief rep of A2 sees %+v, %v; want nothing of A1", other, err)
		}
		_, err = c.svc.Supervision(c.ctx, c.w1a, service.SupervisionFilter{CentreID: c.townA})
		wantForbidden(t, err, "a clerk's board")

		// Recipients (SUP-2): the department's chief representative gets
		// them all, the director only the red one (escalate_red_to_director).
		for who, want := range map[*bianmin.Actor]string{c.chiefA1: "step,red,yellow", c.director: "red", c.chiefA2: ""} {
			ws, err := c.svc.MyWarnings(c.ctx, who)
			if err != nil || levels(ws) != want {
				t.Fatalf("%s's warnings %q, %v; want %q", who.Username, levels(ws), err, want)
			}
		}
		for who, a := range map[string]*bianmin.Actor{"chief rep of A2": c.chiefA2, "another clerk": c.w2a, "inspector": c.inspector} {
			_, err := c.svc.RespondWarning(c.ctx, a, red.ID, "已督促")
			wantForbidden(t, err, who+" answering")
		}
		if _, err := c.svc.RespondWarning(c.ctx, c.w1a, red.ID, " "); !fields(err)["response"] {
			t.Fatalf("empty answer: %v, want a field error on response", err)
		}
		mine, err := c.svc.MyWarnings(c.ctx, c.w1a)
		if err != nil || len(mine) != 3 {
			t.Fatalf("w1a's warnings %d, %v; want the yellow, the red and the review step's", len(mine), err)
		}
		w, err := c.svc.RespondWarning(c.ctx, c.w1a, red.ID, "申请人补充材料延误，今日已联系申请人，明日办结。")
		if err != nil || w.RespondedBy != c.w1a.UserID || w.RespondedAt == nil {
			t.Fatalf("answer: %+v, %v", w, err)
		}
		_, err = c.svc.RespondWarning(c.ctx, c.chiefA1, red.ID, "再答一次")
		wantCode(t, err, bianmin.ECONFLICT, "second answer")
		if n := c.auditRows("supervision.respond", "R5.6", bianmin.ResultOK); n != 1 {
			t.Fatalf("%d audited answers, want 1", n)
		}
		if n := c.auditRows("supervision.respond", "R5.6", bianmin.ResultDenied); n != 3 {
			t.Fatalf("%d audited refusals, want 3", n)
		}
		got := c.warningsOf(late.ID)
		if got[1].Response == "" || got[0].Response != "" || got[2].Response != "" {
			t.Fatalf("answers stored %q/%q; want only the red answered", got[0].Response, got[1].Response)
		}
	})
}
