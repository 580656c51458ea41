package service_test

import (
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// statsAt moves the frozen clock to hh:mm of the fixture's Monday.
func (h *hallEnv) statsAt(hh, mm int) {
	h.clock.Set(time.Date(2026, 3, 2, hh, mm, 0, 0, bianmin.Shanghai), true)
}

func (h *hallEnv) statsRate(d *bianmin.Device, ticketID int64, attitude, efficiency int, reasons ...string) {
	h.t.Helper()
	_, err := h.svc.Rate(h.ctx, d, service.RateRequest{TicketID: ticketID, Attitude: attitude, Efficiency: efficiency, Reasons: reasons})
	h.padMust(err, "rate")
}

// statsDay scripts a morning with known times: three tickets, a no-show, a
// transfer, two services, two ratings and two pauses (one still open).
func (h *hallEnv) statsDay() {
	h.t.Helper()
	pad3, _ := h.mustDevice(bianmin.DevicePad, "3号窗口评价器", h.win3.ID)
	for _, o := range []struct {
		a *bianmin.Actor
		w *bianmin.Window
	}{{h.w1a, h.win1}, {h.w2a, h.win2}, {h.w3a, h.win3}} {
		h.padMust(h.svc.OpenWindow(h.ctx, o.a, o.w.ID), "open window "+o.w.Number)
	}
	h.statsAt(9, 0)
	h.padIssue(h.qA) // A001
	h.statsAt(9, 3)
	h.padIssue(h.qA) // A002
	h.statsAt(9, 4)
	h.padIssue(h.qB) // B001
	h.statsAt(9, 10)
	a001 := h.padCall(h.w1a, h.win1, "A001") // waited 10 min
	h.padCall(h.w3a, h.win3, "B001")         // waited 6 min
	h.statsAt(9, 11)
	h.padMust(h.svc.StartService(h.ctx, h.w1a, h.win1.ID), "start A001")
	h.statsAt(9, 12)
	h.padMust(h.svc.MarkNoShow(h.ctx, h.w3a, h.win3.ID), "B001 no-show")
	a002 := h.padCall(h.w2a, h.win2, "A002") // waited 9 min
	h.statsAt(9, 13)
	h.padMust(h.svc.Transfer(h.ctx, h.w2a, h.win2.ID, service.TransferRequest{WindowID: h.win3.ID, Reason: "需民政窗口办理"}), "transfer A002")
	h.statsAt(9, 15)
	h.padFinish(h.w1a, h.win1)       // A001 served 4 min at window 1
	h.padCall(h.w3a, h.win3, "A002") // now in queue B, for window 3
	h.statsAt(9, 16)
	h.statsRate(h.pad1, a001.ID, 2, 1) // code 2
	h.padMust(h.svc.StartService(h.ctx, h.w3a, h.win3.ID), "start A002")
	h.statsAt(9, 22)
	h.padFinish(h.w3a, h.win3) // A002 served 6 min at window 3
	h.statsAt(9, 23)
	h.statsRate(pad3, a002.ID, 5, 3, "attitude") // code 5, bad
	h.statsAt(9, 25)
	h.padMust(h.svc.PauseWindow(h.ctx, h.w2a, h.win2.ID, "系统故障"), "pause window 2")
	h.statsAt(9, 35)
	h.padMust(h.svc.ResumeWindow(h.ctx, h.w2a, h.win2.ID), "resume window 2")
	h.statsAt(9, 40)
	h.padMust(h.svc.PauseWindow(h.ctx, h.w1a, h.win1.ID, "临时离开"), "pause window 1")
	h.statsAt(9, 52) // window 1's pause is still open: 12 minutes so far
}

// TestQueueStats checks every figure of the scripted day on both engines.
func TestQueueStats(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.statsDay()
		st, err := h.svc.QueueStats(h.ctx, h.director, h.townA, "", "")
		h.padMust(err, "stats")
		if st.From != "2026-03-02" || st.To != "2026-03-02" || st.OwnOnly || len(st.Queues) != 2 || len(st.Windows) != 3 || len(st.Clerks) != 2 {
			t.Fatalf("stats shape: %+v", st)
		}
		wantQ := []service.QueueStatsLine{
			{QueueID: h.qA.ID, Prefix: "A", Name: "社保", NameEN: "Social insurance", Issued: 2, Called: 2, Served: 1,
				Transfers: 1, AvgWaitMin: 9.5, MaxWaitMin: 10, AvgServiceMin: 4},
			{QueueID: h.qB.ID, Prefix: "B", Name: "民政", NameEN: "Civil affairs", Issued: 1, Called: 2, Served: 1, NoShows: 1,
				AvgWaitMin: 6, MaxWaitMin: 6, AvgServiceMin: 6},
		}
		for i, w := range wantQ {
			if st.Queues[i] != w {
				t.Errorf("queue %s:\n got %+v\nwant %+v", w.Prefix, st.Queues[i], w)
			}
		}
		w1, w2, w3 := st.Windows[0], st.Windows[1], st.Windows[2]
		if w1.Number != "1" || w1.Served != 1 || w1.AvgServiceMin != 4 || w1.Pauses != 1 || w1.PauseMin != 12 ||
			len(w1.PauseReasons) != 1 || w1.PauseReasons[0] != (service.PauseReasonLine{Reason: "临时离开", Count: 1, Minutes: 12}) ||
			w1.Ratings != (service.RatingCounts{ByCode: [5]int{0, 1, 0, 0, 0}, Total: 1}) {
			t.Errorf("window 1: %+v", w1)
		}
		if w2.Served != 0 || w2.Pauses != 1 || w2.PauseMin != 10 || w2.PauseReasons[0].Reason != "系统故障" || w2.Ratings.Total != 0 {
			t.Errorf("window 2: %+v", w2)
		}
		if w3.Served != 1 || w3.AvgServiceMin != 6 || w3.Pauses != 0 || len(w3.PauseReasons) != 0 ||
			w3.Ratings != (service.RatingCounts{ByCode: [5]int{0, 0, 0, 0, 1}, Total: 1, Bad: 1}) {
			t.Errorf("window 3: %+v", w3)
		}
		c1, c3 := st.Clerks[0], st.Clerks[1]
		if c1.UserID != h.w1a.UserID || c1.Name != "测试 w1a" || c1.Served != 1 || c1.AvgServiceMin != 4 ||
			c1.Ratings != (service.RatingCounts{ByCode: [5]int{0, 1, 0, 0, 0}, Total: 1}) {
			t.Errorf("clerk w1a: %+v", c1)
		}
		if c3.UserID != h.w3a.UserID || c3.Served != 1 || c3.AvgServiceMin != 6 || c3.Ratings.Bad != 1 || c3.Ratings.ByCode[4] != 1 {
			t.Errorf("clerk w3a: %+v", c3)
		}
		past, err := h.svc.QueueStats(h.ctx, h.director, h.townA, "2026-03-01", "2026-03-01")
		h.padMust(err, "past day")
		if past.Queues[0].Issued != 0 || past.Windows[0].Pauses != 0 || len(past.Clerks) != 0 {
			t.Errorf("a day without tickets: %+v", past)
		}
	})
}

// TestQueueStatsAccess: a clerk sees only their own line and no windows;
// other centres and roles outside the readers are refused and audited;
// the range is checked.
func TestQueueStatsAccess(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.padMust(h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID), "open window 1")
		tk := h.padServed("A001", 4)
		h.statsRate(h.pad1, tk.ID, 4, 4)
		own, err := h.svc.QueueStats(h.ctx, h.w1a, h.townA, "", "")
		h.padMust(err, "clerk's stats")
		if !own.OwnOnly || len(own.Windows) != 0 || len(own.Clerks) != 1 || own.Clerks[0].UserID != h.w1a.UserID ||
			own.Clerks[0].Ratings.Bad != 1 || own.Queues[0].Served != 1 {
			t.Fatalf("clerk w1a's stats: %+v", own)
		}
		other, err := h.svc.QueueStats(h.ctx, h.w2a, h.townA, "", "")
		h.padMust(err, "another clerk's stats")
		if len(other.Clerks) != 1 || other.Clerks[0].UserID != h.w2a.UserID || other.Clerks[0].Name != "测试 w2a" ||
			other.Clerks[0].Ratings.Total != 0 {
			t.Fatalf("clerk w2a sees: %+v", other.Clerks)
		}
		_, err = h.svc.QueueStats(h.ctx, h.officeB, h.townA, "", "")
		wantForbidden(t, err, "office of another centre")
		_, err = h.svc.QueueStats(h.ctx, h.guide, h.townA, "", "")
		wantForbidden(t, err, "a guide")
		_, err = h.svc.QueueStats(h.ctx, h.director, h.townB, "", "")
		wantForbidden(t, err, "director of a sibling centre")
		if n := h.count("SELECT count(*) FROM audit_log WHERE action = 'queue.stats' AND result = 'denied'"); n != 3 {
			t.Fatalf("denied stats audited %d times", n)
		}
		if _, err := h.svc.QueueStats(h.ctx, h.office, h.townA, "", ""); err != nil {
			t.Fatalf("office: %v", err)
		}
		for _, c := range []struct{ from, to, field string }{
			{"2026-3-1", "", "from"}, {"", "2026-02-30", "to"}, {"2026-03-05", "2026-03-01", "to"}, {"2025-03-01", "2026-03-02", "to"},
		} {
			_, err := h.svc.QueueStats(h.ctx, h.director, h.townA, c.from, c.to)
			if !fields(err)[c.field] {
				t.Errorf("range %q..%q: %v", c.from, c.to, err)
			}
		}
		if _, err := h.svc.QueueStats(h.ctx, h.director, h.townA, "2025-03-02", "2026-03-02"); err != nil {
			t.Errorf("366 days: %v", err)
		}
	})
}
