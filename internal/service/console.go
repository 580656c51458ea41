package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// ConsoleView is everything the window console shows.
type ConsoleView struct {
	Window  *bianmin.Window      `json:"window"`
	State   *bianmin.WindowState `json:"state"`
	Post    string               `json:"post"` // the actor's post here: "A" or "B"
	Current *bianmin.Ticket      `json:"current,omitempty"`
	Waiting []*bianmin.Ticket    `json:"waiting"`  // callable here, in calling order, at most 50
	NoShows []*bianmin.Ticket    `json:"no_shows"` // today's no-shows of its queues
	Queues  []*bianmin.Queue     `json:"queues"`
	Windows []*bianmin.Window    `json:"windows"` // transfer targets
	Served  int                  `json:"served_today"`
	AAbsent bool                 `json:"a_absent"` // the A post holder has a recorded absence now
	// WaitingTotal counts every ticket callable here, beyond the 50 listed.
	WaitingTotal int `json:"waiting_total"`
	// Handover of a transferred current ticket: the window it came from and
	// why, so the first-receipt owner knows what the first window found (FI-2).
	TransferredFrom   string `json:"transferred_from,omitempty"`
	TransferredReason string `json:"transferred_reason,omitempty"`
}

// CallResult is a call or recall as the console and display see it.
type CallResult struct {
	Ticket       *bianmin.Ticket    `json:"ticket"`
	Announcement queue.Announcement `json:"announcement"`
	NoShow       bool               `json:"no_show"` // the recall limit was reached: the ticket became a no-show
}

// FinishRequest ends a service.
type FinishRequest struct {
	Outcome string `json:"outcome"`
	CaseID  int64  `json:"case_id,omitempty"`
	Note    string `json:"note,omitempty"`
}

// TransferRequest sends the current ticket to another window or queue.
type TransferRequest struct {
	WindowID int64  `json:"window_id,omitempty"`
	QueueID  int64  `json:"queue_id,omitempty"`
	Reason   string `json:"reason"`
}

// consoleListed bounds the waiting list of the console; consoleScan bounds
// the waiting tickets read to order it.
const (
	consoleListed = 50
	consoleScan   = 1000
)

// MyWindows returns the windows where the actor holds the A or B post.
func (s *Service) MyWindows(ctx context.Context, a *bianmin.Actor) ([]*bianmin.Window, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	out := []*bianmin.Window{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ws, err := store.WindowsOfHolder(ctx, tx, a.UserID)
		out = append(out, ws...)
		return err
	})
	return out, err
}

// Console returns the console of a window for its A or B post holder; anyone
// else is refused and the refusal audited (ORG-2).
func (s *Service) Console(ctx context.Context, a *bianmin.Actor, windowID int64) (*ConsoleView, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	var v *ConsoleView
	var centreID int64
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		d, err := loadDesk(ctx, tx, a, windowID, false)
		if err != nil {
			return err
		}
		centreID = d.w.CentreID
		if d.post == "" {
			return nil
		}
		v, err = s.consoleView(ctx, tx, d)
		return err
	})
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: "window.console", ObjectType: "window",
			ObjectID: idStr(windowID), RuleID: "ORG-2"})
	}
	return v, nil
}

func (s *Service) consoleView(ctx context.Context, tx *store.Tx, d *desk) (*ConsoleView, error) {
	v := &ConsoleView{Window: d.w, State: d.st, Post: d.post, NoShows: []*bianmin.Ticket{}, Queues: []*bianmin.Queue{}}
	var err error
	if d.st.TicketID != 0 {
		if v.Current, err = store.TicketByID(ctx, tx, d.st.TicketID); err != nil {
			return nil, err
		}
		if v.Current.Transfers > 0 {
			if v.TransferredFrom, v.TransferredReason, err = store.LastTransfer(ctx, tx, v.Current.ID); err != nil {
				return nil, err
			}
		}
	}
	qids, err := store.WindowQueueIDs(ctx, tx, d.w.ID)
	if err != nil {
		return nil, err
	}
	if v.Waiting, v.WaitingTotal, err = s.callingOrder(ctx, tx, d, qids); err != nil {
		return nil, err
	}
	if v.NoShows, err = store.NoShows(ctx, tx, d.w.CentreID, d.date, qids); err != nil {
		return nil, err
	}
	for _, id := range qids {
		q, err := store.QueueByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		v.Queues = append(v.Queues, q)
	}
	if v.Windows, err = store.Windows(ctx, tx, d.w.CentreID); err != nil {
		return nil, err
	}
	if v.Served, err = store.ServedCount(ctx, tx, d.w.ID, d.date); err != nil {
		return nil, err
	}
	if d.w.AUserID != 0 {
		v.AAbsent, err = store.AbsentAt(ctx, tx, d.w.AUserID, tx.Now)
	}
	return v, err
}

// callingOrder lists the tickets callable at the window in the order
// CallNext would call them if nothing changed: the head of each kind
// competes through queue.Pick exactly as in CallNext.
func (s *Service) callingOrder(ctx context.Context, tx *store.Tx, d *desk, qids []int64) ([]*bianmin.Ticket, int, error) {
	all, err := store.WaitingForWindow(ctx, tx, d.w.CentreID, d.date, qids, d.w.ID, consoleScan)
	if err != nil || len(all) == 0 {
		return []*bianmin.Ticket{}, 0, err
	}
	p, err := s.policyOn(ctx, tx, d.w.CentreID, d.date)
	if err != nil {
		return nil, 0, err
	}
	kinds, err := store.RecentCalledKinds(ctx, tx, qids, d.date, p.Queue.PriorityMaxRun+1)
	if err != nil {
		return nil, 0, err
	}
	return orderForCalling(all, tx.Now, queue.GreenRun(kinds), p.Queue.PriorityMaxRun, consoleListed), len(all), nil
}

// orderForCalling repeats queue.Pick over the heads of the three kinds
// (appointments by slot, the others by arrival, as store.FirstWaiting
// returns them), counting the green run as calls would.
func orderForCalling(all []*bianmin.Ticket, now time.Time, greenRun, maxRun, limit int) []*bianmin.Ticket {
	byKind := map[bianmin.TicketKind][]*bianmin.Ticket{}
	for _, t := range all {
		byKind[t.Kind] = append(byKind[t.Kind], t)
	}
	slices.SortStableFunc(byKind[bianmin.TicketAppointment], func(x, y *bianmin.Ticket) int {
		return cmp.Compare(slotKey(x), slotKey(y))
	})
	out := []*bianmin.Ticket{}
	for len(out) < limit {
		var cands []queue.Candidate
		for _, k := range []bianmin.TicketKind{bianmin.TicketAppointment, bianmin.TicketGreen, bianmin.TicketNormal} {
			if ts := byKind[k]; len(ts) > 0 {
				cands = append(cands, candidate(ts[0]))
			}
		}
		c, ok := queue.Pick(cands, now, greenRun, maxRun)
		if !ok {
			break
		}
		for k, ts := range byKind {
			if len(ts) > 0 && ts[0].ID == c.ID {
				out = append(out, ts[0])
				byKind[k] = ts[1:]
				if k == bianmin.TicketGreen {
					greenRun++
				} else {
					greenRun = 0
				}
				break
			}
		}
	}
	return out
}

// slotKey orders appointments by slot; one without a slot goes last.
func slotKey(t *bianmin.Ticket) int64 {
	if t.SlotAt == nil {
		return 1<<63 - 1
	}
	return t.SlotAt.UnixMicro()
}

func candidate(t *bianmin.Ticket) queue.Candidate {
	return queue.Candidate{ID: t.ID, Kind: t.Kind, OrderAt: t.OrderAt, SlotAt: t.SlotAt}
}
