package service_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
)

// Helpers of the pad and statistics tests: they drive the real kiosk
// (guide desk) and console use cases, as a hall day would.

func (h *hallEnv) padMust(err error, what string) {
	h.t.Helper()
	if err != nil {
		h.t.Fatalf("%s: %v", what, err)
	}
}

// padIssue issues a ticket of the queue at the guide desk.
func (h *hallEnv) padIssue(q *bianmin.Queue) *bianmin.Ticket {
	h.t.Helper()
	it, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: q.ID})
	h.padMust(err, "issue "+q.Prefix)
	return it.Ticket
}

// padCall calls the next ticket at the window and wants the given code.
func (h *hallEnv) padCall(a *bianmin.Actor, w *bianmin.Window, want string) *bianmin.Ticket {
	h.t.Helper()
	res, err := h.svc.CallNext(h.ctx, a, w.ID)
	h.padMust(err, "call at window "+w.Number)
	if res == nil || res.Ticket == nil || res.Ticket.Code != want {
		h.t.Fatalf("window %s called %+v, want %s", w.Number, res, want)
	}
	return res.Ticket
}

func (h *hallEnv) padFinish(a *bianmin.Actor, w *bianmin.Window) {
	h.t.Helper()
	h.padMust(h.svc.FinishService(h.ctx, a, w.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}), "finish at window "+w.Number)
}

// padServed issues a ticket of queue A, calls it at window 1, starts it and
// finishes it minutes later.
func (h *hallEnv) padServed(want string, minutes int) *bianmin.Ticket {
	h.t.Helper()
	h.padIssue(h.qA)
	t := h.padCall(h.w1a, h.win1, want)
	h.padMust(h.svc.StartService(h.ctx, h.w1a, h.win1.ID), "start")
	h.clock.Advance(time.Duration(minutes) * time.Minute)
	h.padFinish(h.w1a, h.win1)
	return t
}

func (h *hallEnv) padView(d *bianmin.Device) *service.PadView {
	h.t.Helper()
	v, err := h.svc.Pad(h.ctx, d)
	h.padMust(err, "pad view")
	return v
}

// TestPadRating walks the pad through one occasion (RT-1): idle with the
// clerk on post, the occasion after the service, one rating stored with the
// GB/T 39046 codes (R4.2) and the worse of the two as its code, and a second
// rating refused without touching the first (R4.6).
func TestPadRating(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.padMust(h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID), "open window 1")
		v := h.padView(h.pad1)
		if v.TicketID != 0 || v.WindowNumber != "1" || v.StaffName != "测试 w1a" || v.HasPhoto || v.RatingMinutes != 10 {
			t.Fatalf("idle pad: %+v", v)
		}
		tk := h.padServed("A001", 5)
		if v = h.padView(h.pad1); v.TicketID != tk.ID || v.TicketCode != "A001" || v.StaffName != "测试 w1a" {
			t.Fatalf("pad after the service: %+v", v)
		}
		events, stop := h.svc.Live.Subscribe(h.townA, 8)
		defer stop()
		// Five stars for attitude, two for efficiency (R4.2: code = 6 - stars).
		r, err := h.svc.Rate(h.ctx, h.pad1, service.RateRequest{TicketID: tk.ID, Attitude: bianmin.StarsToCode(5),
			Efficiency: bianmin.StarsToCode(2), Reasons: []string{"slow", "slow"}, Comment: " 等了\n很久 "})
		h.padMust(err, "rate")
		if r.Attitude != 1 || r.Efficiency != 4 || r.Code != 4 || r.StaffUserID != h.w1a.UserID || r.WindowID != h.win1.ID ||
			r.DeviceID != h.pad1.ID || r.Channel != bianmin.RatingChannelPad || r.Count != 1 || r.ServiceDate != "2026-03-02" ||
			len(r.Reasons) != 1 || r.Comment != "等了 很久" {
			t.Fatalf("rating: %+v", r)
		}
		select {
		case ev := <-events:
			if ev.Kind != live.EventChange || ev.WindowID != h.win1.ID || ev.TicketID != 0 || ev.Announcement != nil {
				t.Fatalf("rating event: %+v", ev)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("no live event after the rating")
		}
		if n := h.count(`SELECT count(*) FROM ratings WHERE ticket_id = $1 AND attitude = 1 AND efficiency = 4 AND code = 4
			AND reasons = '["slow"]' AND staff_user_id = $2 AND channel = $3`, tk.ID, h.w1a.UserID, bianmin.RatingChannelPad); n != 1 {
			t.Fatalf("stored rating rows: %d", n)
		}
		if v = h.padView(h.pad1); v.TicketID != 0 || v.StaffName != "测试 w1a" {
			t.Fatalf("pad after the rating: %+v", v)
		}
		_, err = h.svc.Rate(h.ctx, h.pad1, service.RateRequest{TicketID: tk.ID, Attitude: 1, Efficiency: 1})
		if e := wantCode(t, err, bianmin.ECONFLICT, "second rating"); e.Rule != "R4.6" || !strings.Contains(e.ZH, "本次服务已评价") {
			t.Fatalf("second rating: %+v", e)
		}
		if n := h.count("SELECT count(*) FROM ratings WHERE ticket_id = $1 AND code = 4", tk.ID); n != 1 {
			t.Fatalf("the first rating changed: %d rows", n)
		}
		if h.auditRows("rating.create", "R4.6", bianmin.ResultOK) != 1 || h.auditRows("rating.create", "R4.6", bianmin.ResultDenied) != 1 {
			t.Fatal("rating audit rows")
		}
		if n := h.count(`SELECT count(*) FROM audit_log WHERE action = 'rating.create' AND result = 'ok' AND after_json LIKE '%"code":4%'`); n != 1 {
			t.Fatalf("the audit row lacks the code: %d", n)
		}
	})
}

// TestPadRatingRefusals: worse-of-two code, reasons only on a bad code
// (R4.1), field checks, another window's pad (RT-1), too late (R4.6), a
// service not yet finished and a device that is not a pad.
func TestPadRatingRefusals(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.padMust(h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID), "open window 1")
		tk := h.padServed("A001", 3)
		rate := func(d *bianmin.Device, r service.RateRequest) error {
			r.TicketID = tk.ID
			_, err := h.svc.Rate(h.ctx, d, r)
			return err
		}
		if e := wantCode(t, rate(h.pad1, service.RateRequest{Attitude: 1, Efficiency: 3, Reasons: []string{"attitude"}}),
			bianmin.EINVALID, "reasons on a good code"); !fields(e)["reasons"] {
			t.Fatalf("reasons on a good code: %+v", e)
		}
		f := fields(rate(h.pad1, service.RateRequest{Attitude: 0, Efficiency: 6, Reasons: []string{"rude"},
			Comment: strings.Repeat("长", service.MaxRatingComment+1)}))
		if !f["attitude"] || !f["efficiency"] || !f["reasons"] || !f["comment"] {
			t.Fatalf("field errors: %v", f)
		}
		pad2, _ := h.mustDevice(bianmin.DevicePad, "2号窗口评价器", h.win2.ID)
		if e := wantCode(t, rate(pad2, service.RateRequest{Attitude: 1, Efficiency: 1}), bianmin.EINVALID, "other window's pad"); e.Rule != "RT-1" {
			t.Fatalf("other window's pad: %+v", e)
		}
		if v := h.padView(pad2); v.TicketID != 0 || v.WindowNumber != "2" || v.StaffName != "测试 w2a" {
			t.Fatalf("window 2's pad (nobody on post: the A post holder): %+v", v)
		}
		_, err := h.svc.Rate(h.ctx, h.kiosk, service.RateRequest{TicketID: tk.ID, Attitude: 1, Efficiency: 1})
		wantCode(t, err, bianmin.EFORBIDDEN, "a kiosk rates")
		_, err = h.svc.Pad(h.ctx, h.display)
		wantCode(t, err, bianmin.EFORBIDDEN, "a display reads the pad")

		h.clock.Advance(10*time.Minute + time.Second)
		if v := h.padView(h.pad1); v.TicketID != 0 {
			t.Fatalf("the occasion stays open after 10 minutes: %+v", v)
		}
		if e := wantCode(t, rate(h.pad1, service.RateRequest{Attitude: 5, Efficiency: 1}), bianmin.ECONFLICT, "late"); e.Rule != "R4.6" ||
			!strings.Contains(e.ZH, "评价时间已过") {
			t.Fatalf("late rating: %+v", e)
		}
		if h.auditRows("rating.create", "RT-1", bianmin.ResultDenied) != 1 {
			t.Fatal("the other window's attempt is not audited")
		}

		h.padIssue(h.qA)
		called := h.padCall(h.w1a, h.win1, "A002")
		_, err = h.svc.Rate(h.ctx, h.pad1, service.RateRequest{TicketID: called.ID, Attitude: 1, Efficiency: 1})
		if e := wantCode(t, err, bianmin.EINVALID, "unfinished"); e.Rule != "R4.6" {
			t.Fatalf("unfinished: %+v", e)
		}
		h.padFinish(h.w1a, h.win1)
		r, err := h.svc.Rate(h.ctx, h.pad1, service.RateRequest{TicketID: called.ID, Attitude: 5, Efficiency: 2,
			Reasons: []string{"other", "attitude"}})
		h.padMust(err, "bad rating")
		if r.Code != 5 || len(r.Reasons) != 2 || r.Reasons[0] != "attitude" {
			t.Fatalf("worse of the two and reasons in list order: %+v", r)
		}
		if n := h.count("SELECT count(*) FROM ratings"); n != 1 {
			t.Fatalf("ratings stored: %d", n)
		}
	})
}
