package service_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// mustTicket issues a waiting ticket of a kind in a queue at the guide
// desk, one second after the previous one so that arrival order is
// unambiguous.
func mustTicket(h *hallEnv, q *bianmin.Queue, kind bianmin.TicketKind) *bianmin.Ticket {
	h.t.Helper()
	r := service.IssueRequest{QueueID: q.ID}
	switch kind {
	case bianmin.TicketGreen:
		r.Green, r.GreenReason = true, bianmin.GreenElderly
	case bianmin.TicketAppointment:
		slot := h.clock.Now()
		r.AppointmentID, r.SlotAt = 1, &slot
	}
	return h.issue(r)
}

func (h *hallEnv) issue(r service.IssueRequest) *bianmin.Ticket {
	h.t.Helper()
	h.clock.Advance(time.Second)
	it, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, r)
	if err != nil {
		h.t.Fatalf("issue: %v", err)
	}
	return it.Ticket
}

// mustAppointment issues a checked-in appointment ticket with its slot.
func mustAppointment(h *hallEnv, q *bianmin.Queue, slot time.Time) *bianmin.Ticket {
	h.t.Helper()
	return h.issue(service.IssueRequest{QueueID: q.ID, AppointmentID: 1, SlotAt: &slot})
}

func (h *hallEnv) mustOpen(a *bianmin.Actor, w *bianmin.Window) {
	h.t.Helper()
	if err := h.svc.OpenWindow(h.ctx, a, w.ID); err != nil {
		h.t.Fatalf("open window %s as %s: %v", w.Number, a.Username, err)
	}
}

// callServe calls the next ticket at a window and finishes it; it returns
// the code and the rule of the call.
func (h *hallEnv) callServe(a *bianmin.Actor, w *bianmin.Window) string {
	h.t.Helper()
	res, err := h.svc.CallNext(h.ctx, a, w.ID)
	if err != nil {
		h.t.Fatalf("call next at %s: %v", w.Number, err)
	}
	if err := h.svc.FinishService(h.ctx, a, w.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}); err != nil {
		h.t.Fatalf("finish %s: %v", res.Ticket.Code, err)
	}
	return res.Ticket.Code
}

func (h *hallEnv) waitingCodes(a *bianmin.Actor, w *bianmin.Window) []string {
	h.t.Helper()
	v, err := h.svc.Console(h.ctx, a, w.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, t := range v.Waiting {
		out = append(out, t.Code)
	}
	return out
}

func (h *hallEnv) ticket(id int64) *bianmin.Ticket {
	h.t.Helper()
	var t *bianmin.Ticket
	err := h.db.Read(h.ctx, func(tx *store.Tx) (err error) {
		t, err = store.TicketByID(h.ctx, tx, id)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

// TestCallOrder: an appointment whose slot has begun goes first, then the
// green channel, then arrival order; after priority_max_run (3)
// green calls in a row one normal ticket goes first; an appointment whose
// slot has not begun waits in arrival order. The console lists the waiting
// tickets in exactly the order CallNext then calls them.
func TestCallOrder(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.mustOpen(h.w1a, h.win1)
		now := h.clock.Now()
		n1 := mustTicket(h, h.qA, bianmin.TicketNormal)
		n2 := mustTicket(h, h.qA, bianmin.TicketNormal)
		later := mustAppointment(h, h.qA, now.Add(2*time.Hour))
		var greens []string
		for range 5 {
			greens = append(greens, mustTicket(h, h.qA, bianmin.TicketGreen).Code)
		}
		due := mustAppointment(h, h.qA, now)
		n3 := mustTicket(h, h.qA, bianmin.TicketNormal)
		mustTicket(h, h.qB, bianmin.TicketGreen) // another queue: window 1 never calls it

		want := []string{due.Code, greens[0], greens[1], greens[2], n1.Code, greens[3], greens[4], n2.Code, later.Code, n3.Code}
		if got := h.waitingCodes(h.w1a, h.win1); !slices.Equal(got, want) {
			t.Fatalf("console order %v, want %v", got, want)
		}
		res, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID)
		if err != nil || res.Ticket.Code != due.Code || res.Announcement.Text != "请 "+due.Code+" 号到 1 号窗口办理" {
			t.Fatalf("first call: %v %+v", err, res)
		}
		if h.auditRows("ticket.call", "Q-2", "ok") != 1 {
			t.Fatal("the appointment call is not audited under Q-2")
		}
		if err := h.svc.FinishService(h.ctx, h.w1a, h.win1.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}); err != nil {
			t.Fatal(err)
		}
		var got []string
		for range len(want) - 1 {
			got = append(got, h.callServe(h.w1a, h.win1))
		}
		if !slices.Equal(got, want[1:]) {
			t.Fatalf("called %v, want %v", got, want[1:])
		}
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); wantCode(t, err, bianmin.ENOTFOUND, "nothing waits").Rule != "Q-1" {
			t.Fatalf("nothing waiting: %v", err)
		}
		if n := h.auditRows("ticket.call", "Q-1", "ok"); n != 4 {
			t.Fatalf("%d arrival-order calls audited under Q-1, want 4", n)
		}
	})
}

// TestConcurrentCalls: two windows calling the same queue at the same time
// never get the same ticket, and every ticket is called exactly once.
func TestConcurrentCalls(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		const tickets = 48
		for range tickets {
			mustTicket(h, h.qA, bianmin.TicketNormal)
		}
		h.mustOpen(h.w1a, h.win1)
		h.mustOpen(h.w2a, h.win2)
		var mu sync.Mutex
		calls := map[string]int{}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, desk := range []struct {
			a *bianmin.Actor
			w *bianmin.Window
		}{{h.w1a, h.win1}, {h.w2a, h.win2}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					res, err := h.svc.CallNext(h.ctx, desk.a, desk.w.ID)
					if errors.Is(err, bianmin.ErrNotFound) || bianmin.ErrorCode(err) == bianmin.ENOTFOUND {
						return
					}
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					calls[res.Ticket.Code]++
					mu.Unlock()
					if err := h.svc.FinishService(h.ctx, desk.a, desk.w.ID, service.FinishRequest{Outcome: bianmin.OutcomeConsulted}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(calls) != tickets {
			t.Fatalf("%d tickets called, want %d", len(calls), tickets)
		}
		for code, n := range calls {
			if n != 1 {
				t.Errorf("%s called %d times", code, n)
			}
		}
		if n := h.count("SELECT count(*) FROM ticket_events WHERE kind = 'call'"); n != tickets {
			t.Fatalf("%d call events, want %d", n, tickets)
		}
		if n := h.count("SELECT count(*) FROM tickets WHERE status = 'done'"); n != tickets {
			t.Fatalf("%d tickets done, want %d", n, tickets)
		}
	})
}
