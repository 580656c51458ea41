package service_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
)

// TestConsoleView: the post holder sees the window, its state, the current
// ticket and the waiting list; a clerk of another window is refused and the
// refusal audited (ORG-2). One call updates the hall through one event.
func TestConsoleView(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		mine, err := h.svc.MyWindows(h.ctx, h.w2b)
		if err != nil || len(mine) != 1 || mine[0].ID != h.win2.ID {
			t.Fatalf("my windows: %v %+v", err, mine)
		}
		v, err := h.svc.Console(h.ctx, h.w1a, h.win1.ID)
		if err != nil || v.Post != "A" || v.State.State != bianmin.WindowClosed || len(v.Windows) != 3 || len(v.Queues) != 1 {
			t.Fatalf("closed console: %v %+v", err, v)
		}
		_, err = h.svc.Console(h.ctx, h.w3a, h.win1.ID)
		wantForbidden(t, err, "clerk of window 3 opens window 1's console")
		wantForbidden(t, h.svc.OpenWindow(h.ctx, h.w3a, h.win1.ID), "clerk of window 3 opens window 1")
		_, err = h.svc.CallNext(h.ctx, h.w3a, h.win1.ID)
		wantForbidden(t, err, "clerk of window 3 calls at window 1")
		wantForbidden(t, h.svc.OpenWindow(h.ctx, h.guide, h.win1.ID), "guide opens a window")
		if n := h.auditRows("window.console", "ORG-2", "denied") + h.auditRows("window.open", "ORG-2", "denied") +
			h.auditRows("ticket.call", "ORG-2", "denied"); n != 4 {
			t.Fatalf("%d refusals audited, want 4", n)
		}

		_, err = h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		wantCode(t, err, bianmin.ECONFLICT, "call at a closed window")
		h.mustOpen(h.w1a, h.win1)
		tk := mustTicket(h, h.qA, bianmin.TicketNormal)
		events, stop := h.svc.Live.Subscribe(h.townA, 8)
		defer stop()
		res, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		if err != nil || res.Ticket.ID != tk.ID || res.Ticket.FirstOwnerID != h.w1a.UserID {
			t.Fatalf("call: %v %+v", err, res)
		}
		select {
		case ev := <-events:
			if ev.Kind != live.EventCall || ev.Code != tk.Code || ev.WindowNumber != "1" || ev.Announcement == nil ||
				ev.Announcement.Speech != "请 A 零 零 一 号到 1 号窗口办理" {
				t.Fatalf("event %+v", ev)
			}
		default:
			t.Fatal("no live event after the call")
		}
		_, err = h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		wantCode(t, err, bianmin.ECONFLICT, "call while a ticket is current")
		v, err = h.svc.Console(h.ctx, h.w1a, h.win1.ID)
		if err != nil || v.Current == nil || v.Current.Code != "A001" || v.State.State != bianmin.WindowOpen || v.State.Post != "A" {
			t.Fatalf("open console: %v %+v", err, v)
		}
		wantCode(t, h.svc.CloseWindow(h.ctx, h.w1a, h.win1.ID), bianmin.ECONFLICT, "close with a current ticket")
		if err := h.svc.StartService(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.FinishService(h.ctx, h.w1a, h.win1.ID, service.FinishRequest{Outcome: bianmin.OutcomeAccepted}); err != nil {
			t.Fatal(err)
		}
		if v, _ = h.svc.Console(h.ctx, h.w1a, h.win1.ID); v.Served != 1 || v.Current != nil {
			t.Fatalf("after finish: %+v", v)
		}
		if err := h.svc.CloseWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPauseBlocksCalls: a paused window gets no calls, with the rule
// in the error and an audited refusal; the pause and its reason are kept.
func TestPauseBlocksCalls(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.mustOpen(h.w1a, h.win1)
		mustTicket(h, h.qA, bianmin.TicketNormal)
		if f := fields(h.svc.PauseWindow(h.ctx, h.w1a, h.win1.ID, "  ")); !f["reason"] {
			t.Fatalf("pause without reason: %v", f)
		}
		if err := h.svc.PauseWindow(h.ctx, h.w1a, h.win1.ID, "去复印材料"); err != nil {
			t.Fatal(err)
		}
		_, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		if e := wantCode(t, err, bianmin.ECONFLICT, "call while paused"); e.Rule != "Q-4" || !strings.Contains(e.ZH, "暂停服务期间不能叫号") {
			t.Fatalf("paused call: %+v", e)
		}
		if h.auditRows("ticket.call", "Q-4", "denied") != 1 || h.auditRows("window.pause", "Q-4", "ok") != 1 {
			t.Fatal("pause or refused call not audited under Q-4")
		}
		if h.count("SELECT count(*) FROM window_pauses WHERE reason = $1 AND ended_at IS NULL", "去复印材料") != 1 {
			t.Fatal("open pause not recorded")
		}
		h.clock.Advance(5 * time.Minute)
		if err := h.svc.ResumeWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if h.count("SELECT count(*) FROM window_pauses WHERE ended_at IS NOT NULL") != 1 {
			t.Fatal("pause not ended")
		}
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatalf("call after resume: %v", err)
		}
	})
}

// TestRecallNoShowReactivate: after calls_before_no_show (3) calls the next
// recall makes the ticket a no-show; reactivated, it waits behind
// reactivate_after (2) waiting tickets; only the guide desk and clerks of
// windows calling its queue may reactivate it.
func TestRecallNoShowReactivate(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.mustOpen(h.w1a, h.win1)
		n1 := mustTicket(h, h.qA, bianmin.TicketNormal)
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		for i := 2; i <= 3; i++ {
			res, err := h.svc.Recall(h.ctx, h.w1a, h.win1.ID)
			if err != nil || res.NoShow || res.Ticket.CallCount != i || res.Announcement.Text == "" {
				t.Fatalf("recall %d: %v %+v", i, err, res)
			}
		}
		res, err := h.svc.Recall(h.ctx, h.w1a, h.win1.ID)
		if err != nil || !res.NoShow || h.ticket(n1.ID).Status != bianmin.TicketNoShow {
			t.Fatalf("recall past the limit: %v %+v", err, res)
		}
		if h.auditRows("ticket.no_show", "Q-1", "ok") != 1 || h.auditRows("ticket.recall", "Q-1", "ok") != 2 {
			t.Fatal("recalls and no-show not audited under Q-1")
		}
		v, _ := h.svc.Console(h.ctx, h.w1a, h.win1.ID)
		if v.Current != nil || len(v.NoShows) != 1 || v.NoShows[0].ID != n1.ID {
			t.Fatalf("console after no-show: %+v", v)
		}
		var others []*bianmin.Ticket
		for range 4 {
			others = append(others, mustTicket(h, h.qA, bianmin.TicketNormal))
		}
		wantForbidden(t, h.svc.Reactivate(h.ctx, h.w3a, n1.ID), "clerk of a window not calling queue A")
		wantCode(t, h.svc.Reactivate(h.ctx, h.guide, 999999), bianmin.ENOTFOUND, "no such ticket")
		if err := h.svc.Reactivate(h.ctx, h.w1b, n1.ID); err != nil {
			t.Fatalf("B post of window 1 reactivates: %v", err)
		}
		wantCode(t, h.svc.Reactivate(h.ctx, h.guide, n1.ID), bianmin.ECONFLICT, "reactivate a waiting ticket")
		want := []string{others[0].Code, others[1].Code, n1.Code, others[2].Code, others[3].Code}
		if got := h.waitingCodes(h.w1a, h.win1); !slices.Equal(got, want) {
			t.Fatalf("after reactivation %v, want %v", got, want)
		}
		if h.ticket(n1.ID).CallCount != 0 || h.auditRows("ticket.reactivate", "Q-1", "ok") != 1 {
			t.Fatal("reactivation not reset or not audited")
		}
		// The clerk may also mark a no-show at once; the guide desk reactivates it.
		if res, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil || res.Ticket.ID != others[0].ID {
			t.Fatalf("call after reactivation: %v %+v", err, res)
		}
		if err := h.svc.MarkNoShow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.Reactivate(h.ctx, h.guide, others[0].ID); err != nil {
			t.Fatalf("guide reactivates: %v", err)
		}
	})
}

// TestTransferAndOutOfTurn: a transfer keeps the first owner and the
// arrival place (FI-2) and only the target window may call the ticket; a
// call out of turn needs a reason and is audited under Q-2; finishing
// needs a valid outcome.
func TestTransferAndOutOfTurn(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.mustOpen(h.w1a, h.win1)
		h.mustOpen(h.w2a, h.win2)
		h.mustOpen(h.w3a, h.win3)
		n1 := mustTicket(h, h.qA, bianmin.TicketNormal)
		n2 := mustTicket(h, h.qA, bianmin.TicketNormal)
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if f := fields(h.svc.Transfer(h.ctx, h.w1a, h.win1.ID, service.TransferRequest{WindowID: h.win3.ID})); !f["reason"] {
			t.Fatalf("transfer without reason: %v", f)
		}
		if f := fields(h.svc.Transfer(h.ctx, h.w1a, h.win1.ID, service.TransferRequest{WindowID: h.win1.ID, Reason: "x"})); !f["window_id"] {
			t.Fatalf("transfer to itself: %v", f)
		}
		if err := h.svc.Transfer(h.ctx, h.w1a, h.win1.ID, service.TransferRequest{WindowID: h.win3.ID, Reason: "高龄津贴属民政窗口"}); err != nil {
			t.Fatal(err)
		}
		got := h.ticket(n1.ID)
		if got.Status != bianmin.TicketWaiting || got.QueueID != h.qB.ID || got.TargetWindowID != h.win3.ID ||
			got.FirstOwnerID != h.w1a.UserID || !got.OrderAt.Equal(n1.OrderAt) || got.Transfers != 1 || got.Code != n1.Code {
			t.Fatalf("transferred ticket %+v", got)
		}
		if h.auditRows("ticket.transfer", "FI-2", "ok") != 1 {
			t.Fatal("transfer not audited under FI-2")
		}
		// Window 2 calls queues A and B but the ticket was sent to window 3.
		if res, err := h.svc.CallNext(h.ctx, h.w2a, h.win2.ID); err != nil || res.Ticket.ID != n2.ID {
			t.Fatalf("window 2 calls: %v %+v", err, res)
		}
		if _, err := h.svc.CallTicket(h.ctx, h.w2a, h.win2.ID, n1.ID, "急事"); err == nil {
			t.Fatal("window 2 called a ticket sent to window 3")
		}
		res, err := h.svc.CallNext(h.ctx, h.w3a, h.win3.ID)
		if err != nil || res.Ticket.ID != n1.ID || res.Ticket.FirstOwnerID != h.w1a.UserID {
			t.Fatalf("window 3 calls the transferred ticket: %v %+v", err, res)
		}
		// The receiving console shows where the ticket came from and why (FI-2).
		if v, err := h.svc.Console(h.ctx, h.w3a, h.win3.ID); err != nil || v.TransferredFrom != h.win1.Number || v.TransferredReason != "高龄津贴属民政窗口" {
			t.Fatalf("handover on window 3's console: %v %+v", err, v)
		}
		for _, bad := range []string{"", "bogus"} {
			if f := fields(h.svc.FinishService(h.ctx, h.w3a, h.win3.ID, service.FinishRequest{Outcome: bad})); !f["outcome"] {
				t.Fatalf("finish with outcome %q: %v", bad, f)
			}
		}
		if f := fields(h.svc.FinishService(h.ctx, h.w3a, h.win3.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted,
			Note: strings.Repeat("长", 501)})); !f["note"] {
			t.Fatalf("finish with a long note: %v", f)
		}
		if err := h.svc.FinishService(h.ctx, h.w3a, h.win3.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted, CaseID: 7}); err != nil {
			t.Fatal(err)
		}
		done := h.ticket(n1.ID)
		if done.Status != bianmin.TicketDone || done.ServedBy != h.w3a.UserID || done.StartedAt == nil || done.CaseID != 7 ||
			done.WindowID != h.win3.ID {
			t.Fatalf("finished ticket %+v", done)
		}

		// Out of turn: a reason is required; the ticket must be callable here.
		if err := h.svc.FinishService(h.ctx, h.w2a, h.win2.ID, service.FinishRequest{Outcome: bianmin.OutcomeConsulted}); err != nil {
			t.Fatal(err)
		}
		mustTicket(h, h.qA, bianmin.TicketNormal)
		b1 := mustTicket(h, h.qB, bianmin.TicketNormal)
		urgent := mustTicket(h, h.qA, bianmin.TicketNormal)
		if _, err := h.svc.CallTicket(h.ctx, h.w1a, h.win1.ID, urgent.ID, ""); !fields(err)["reason"] {
			t.Fatalf("out of turn without reason: %v", err)
		}
		if _, err := h.svc.CallTicket(h.ctx, h.w1a, h.win1.ID, b1.ID, "急事"); !fields(err)["ticket_id"] {
			t.Fatalf("window 1 calls a queue B ticket: %v", err)
		}
		res, err = h.svc.CallTicket(h.ctx, h.w1a, h.win1.ID, urgent.ID, "危重病人家属急需办理")
		if err != nil || res.Ticket.ID != urgent.ID {
			t.Fatalf("out of turn: %v %+v", err, res)
		}
		if n := h.count("SELECT count(*) FROM audit_log WHERE action = 'ticket.call' AND rule_id = 'Q-2' AND after_json LIKE $1",
			"%危重病人家属急需办理%"); n != 1 {
			t.Fatal("out-of-turn call not audited with its reason under Q-2")
		}
	})
}

// TestABCover: B may not take the window while A is on post (AB-1); with a
// recorded absence of A, or with A not on post, B may; A takes the window
// back once B has no ticket. Absences are recorded by the duty chief, the
// office or the director only.
func TestABCover(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.mustOpen(h.w2b, h.win2) // A of window 2 is not on post: B opens
		h.mustOpen(h.w1a, h.win1)
		err := h.svc.OpenWindow(h.ctx, h.w1b, h.win1.ID)
		if e := wantCode(t, err, bianmin.ECONFLICT, "B while A is on post"); e.Rule != "AB-1" {
			t.Fatalf("B refused: %+v", e)
		}
		if h.auditRows("window.open", "AB-1", "denied") != 1 {
			t.Fatal("refused takeover not audited")
		}
		now := h.clock.Now()
		leave := &bianmin.Absence{CentreID: h.townA, UserID: h.w1a.UserID, Kind: bianmin.AbsenceLeave,
			StartsAt: now.Add(-time.Hour), EndsAt: now.Add(8 * time.Hour), Reason: "病假"}
		wantForbidden(t, h.svc.RecordAbsence(h.ctx, h.w1b, leave), "clerk records an absence")
		bad := &bianmin.Absence{CentreID: h.townA, UserID: h.w1a.UserID, Kind: "holiday", StartsAt: now, EndsAt: now}
		if f := fields(h.svc.RecordAbsence(h.ctx, h.dutyChief, bad)); !f["kind"] || !f["ends_at"] {
			t.Fatalf("bad absence: %v", f)
		}
		if err := h.svc.RecordAbsence(h.ctx, h.dutyChief, leave); err != nil {
			t.Fatal(err)
		}
		list, err := h.svc.ListAbsences(h.ctx, h.office, h.townA)
		if err != nil || len(list) != 1 || list[0].UserID != h.w1a.UserID {
			t.Fatalf("absences: %v %+v", err, list)
		}
		_, err = h.svc.ListAbsences(h.ctx, h.w1a, h.townA)
		wantForbidden(t, err, "clerk lists absences")
		if err := h.svc.OpenWindow(h.ctx, h.w1b, h.win1.ID); err != nil {
			t.Fatalf("B takes over from absent A: %v", err)
		}
		v, err := h.svc.Console(h.ctx, h.w1b, h.win1.ID)
		if err != nil || v.Post != "B" || v.State.UserID != h.w1b.UserID || v.State.Post != "B" || !v.AAbsent {
			t.Fatalf("B's console: %v %+v", err, v)
		}
		if h.auditRows("window.open", "AB-1", "ok") != 2 || h.auditRows("absence.record", "AB-1", "ok") != 1 {
			t.Fatal("takeover or absence not audited under AB-1")
		}
		_, err = h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		wantCode(t, err, bianmin.ECONFLICT, "A calls while B is on post")
		mustTicket(h, h.qA, bianmin.TicketNormal)
		if _, err := h.svc.CallNext(h.ctx, h.w1b, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID), bianmin.ECONFLICT, "A takes back while B has a ticket")
		if err := h.svc.FinishService(h.ctx, h.w1b, h.win1.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatalf("A takes the window back: %v", err)
		}
		if v, _ := h.svc.Console(h.ctx, h.w1a, h.win1.ID); v.State.UserID != h.w1a.UserID || v.State.Post != "A" {
			t.Fatalf("after A returns: %+v", v.State)
		}
	})
}
