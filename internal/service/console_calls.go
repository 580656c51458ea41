package service

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

var (
	errNothingWaiting = bianmin.Errorf(bianmin.ENOTFOUND, "当前没有等候本窗口的号。",
		"Nobody is waiting for this window.").WithRule("Q-1")
	errNoCalledTicket = bianmin.Errorf(bianmin.ECONFLICT, "当前没有已叫号、等待到场的号。",
		"No ticket has been called here and is waiting for the citizen.").WithRule("Q-1")
	errNoCurrentTicket = bianmin.Errorf(bianmin.ECONFLICT, "当前没有正在叫号或办理的号。",
		"No ticket is called or in service here.").WithRule("Q-1")
	errNotWaiting = bianmin.Errorf(bianmin.ECONFLICT, "该号今天不在等候中，不能叫号。",
		"This ticket is not waiting today and cannot be called.").WithRule("Q-1")
	errNotCallableHere = bianmin.FieldError("ticket_id", "该号不属于本窗口叫号的队列。",
		"This ticket is not in a queue this window calls.").WithRule("Q-1")
	errNotNoShow = bianmin.Errorf(bianmin.ECONFLICT, "只能重新激活今天的过号。",
		"Only today's no-show tickets can be reactivated.").WithRule("Q-1")
)

// claimAttempts bounds how often a call looks again after another window
// or instance took the ticket it picked.
const claimAttempts = 8

// readyToCall refuses a call unless the actor is on post at an open window
// with no ticket current. A paused window gets no calls; that
// refusal is an automatic decision and is audited.
func (d *desk) readyToCall(ctx context.Context, tx *store.Tx, a *bianmin.Actor) error {
	if err := d.mustBeOnPost(a); err != nil {
		return err
	}
	if d.st.State == bianmin.WindowPaused {
		return refuse(ctx, tx, a, windowEntry(d, "ticket.call", "Q-4", nil), errPausedNoCalls)
	}
	return d.noCurrentTicket(ctx, tx)
}

// CallNext calls the next ticket at the window by the centre's ordering
// a checked-in appointment whose slot has begun, then the green
// channel with the policy's anti-starvation limit, then arrival order. The
// claim is conditional on the ticket still waiting, so two windows or two
// instances calling at the same instant never get the same ticket: the
// loser picks again. The display, the voice, the audit row and the
// statistics all follow from this one transaction.
func (s *Service) CallNext(ctx context.Context, a *bianmin.Actor, windowID int64) (*CallResult, error) {
	var res *CallResult
	err := s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "ticket.call")
		if err != nil {
			return err
		}
		if err := d.readyToCall(ctx, tx, a); err != nil {
			return err
		}
		p, err := s.policyOn(ctx, tx, d.w.CentreID, d.date)
		if err != nil {
			return err
		}
		qids, err := store.WindowQueueIDs(ctx, tx, d.w.ID)
		if err != nil {
			return err
		}
		for range claimAttempts {
			t, rule, err := pickNext(ctx, tx, d, qids, p.Queue.PriorityMaxRun)
			if err != nil || t == nil {
				return cmp.Or(err, error(errNothingWaiting))
			}
			if res, err = s.call(ctx, tx, a, d, t, rule, ""); err != nil || res != nil {
				return err
			}
		}
		return bianmin.ErrConflict
	})
	return res, err
}

// pickNext returns the ticket queue.Pick chooses among the first waiting
// ticket of each kind (store.FirstWaiting's order, in one query), and the
// rule that put it first; nil when none waits.
func pickNext(ctx context.Context, tx *store.Tx, d *desk, qids []int64, maxRun int) (*bianmin.Ticket, string, error) {
	heads, err := store.WaitingHeads(ctx, tx, d.w.CentreID, d.date, qids, d.w.ID)
	if err != nil || len(heads) == 0 {
		return nil, "", err
	}
	var cands []queue.Candidate
	byID := map[int64]*bianmin.Ticket{}
	for _, t := range heads {
		cands, byID[t.ID] = append(cands, candidate(t)), t
	}
	kinds, err := store.RecentCalledKinds(ctx, tx, qids, d.date, maxRun+1)
	if err != nil {
		return nil, "", err
	}
	c, ok := queue.Pick(cands, tx.Now, queue.GreenRun(kinds), maxRun)
	if !ok {
		return nil, "", nil
	}
	return byID[c.ID], c.Rule, nil
}

// call claims a waiting ticket for the window; a nil result means another
// window took it first. The first window a citizen is sent to owns the
// matter (FI-2), so the first caller stays first owner across transfers.
func (s *Service) call(ctx context.Context, tx *store.Tx, a *bianmin.Actor, d *desk, t *bianmin.Ticket, rule, reason string) (*CallResult, error) {
	now := tx.Now
	t.Status, t.WindowID, t.CalledAt, t.CallCount = bianmin.TicketCalled, d.w.ID, &now, 1
	if t.FirstOwnerID == 0 {
		t.FirstOwnerID = a.UserID
	}
	ok, err := store.UpdateTicket(ctx, tx, t, bianmin.TicketWaiting)
	if err != nil || !ok {
		return nil, err
	}
	evReason := rule
	if reason != "" {
		evReason = rule + " " + reason
	}
	if err := ticketEvent(ctx, tx, a, d, t, bianmin.EventCall, evReason, ""); err != nil {
		return nil, err
	}
	if err := store.SetWindowTicket(ctx, tx, d.w.ID, t.ID); err != nil {
		return nil, err
	}
	ann := queue.Announce(t.Code, d.w.Number)
	after := map[string]any{"code": t.Code, "kind": t.Kind, "window": d.w.Number, "post": d.post}
	if reason != "" {
		after["reason"] = reason
	}
	if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.call", rule, after)); err != nil {
		return nil, err
	}
	s.publishTicket(tx, d, t, live.EventCall, &ann)
	return &CallResult{Ticket: t, Announcement: ann}, nil
}

func ticketEvent(ctx context.Context, tx *store.Tx, a *bianmin.Actor, d *desk, t *bianmin.Ticket, kind bianmin.TicketEventKind, reason, detail string) error {
	return store.AddTicketEvent(ctx, tx, &bianmin.TicketEvent{TicketID: t.ID, CentreID: t.CentreID, QueueID: t.QueueID,
		ServiceDate: t.ServiceDate, Kind: kind, WindowID: d.w.ID, UserID: a.UserID, Reason: reason, Detail: detail})
}

func ticketEntry(d *desk, t *bianmin.Ticket, action, rule string, after map[string]any) bianmin.AuditEntry {
	return bianmin.AuditEntry{CentreID: t.CentreID, Action: action, ObjectType: "ticket", ObjectID: idStr(t.ID),
		After: bianmin.JSONOf(after), RuleID: rule}
}

func (s *Service) publishTicket(tx *store.Tx, d *desk, t *bianmin.Ticket, kind string, ann *queue.Announcement) {
	s.publish(tx, live.Event{CentreID: t.CentreID, Kind: kind, TicketID: t.ID, Code: t.Code, WindowID: d.w.ID,
		WindowNumber: d.w.Number, Announcement: ann})
}

// CallTicket calls a chosen waiting ticket out of turn, 急事急办: the
// reason is required and recorded in the event and the audit row. The
// ticket must wait in a queue of this window or have been transferred here.
func (s *Service) CallTicket(ctx context.Context, a *bianmin.Actor, windowID, ticketID int64, reason string) (*CallResult, error) {
	reason = strings.TrimSpace(reason)
	if !textOK(reason, 1, 200) {
		return nil, bianmin.FieldError("reason", "指定叫号须填写理由（1 至 200 个字符，急事急办）。",
			"Calling out of turn needs a reason (1 to 200 characters).").WithRule("Q-2")
	}
	var res *CallResult
	err := s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "ticket.call")
		if err != nil {
			return err
		}
		if err := d.readyToCall(ctx, tx, a); err != nil {
			return err
		}
		t, err := store.TicketByID(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.CentreID != d.w.CentreID || t.ServiceDate != d.date || t.Status != bianmin.TicketWaiting {
			return errNotWaiting
		}
		qids, err := store.WindowQueueIDs(ctx, tx, d.w.ID)
		if err != nil {
			return err
		}
		here := t.TargetWindowID == d.w.ID || t.TargetWindowID == 0 && slices.Contains(qids, t.QueueID)
		if !here {
			return errNotCallableHere
		}
		if res, err = s.call(ctx, tx, a, d, t, "Q-2", reason); err == nil && res == nil {
			err = bianmin.ErrConflict
		}
		return err
	})
	return res, err
}

// current returns the window's current ticket, which must have one of the
// statuses; the actor must be on post.
func current(ctx context.Context, tx *store.Tx, a *bianmin.Actor, d *desk, none error, statuses ...bianmin.TicketStatus) (*bianmin.Ticket, error) {
	if err := d.mustBeOnPost(a); err != nil {
		return nil, err
	}
	if d.st.TicketID == 0 {
		return nil, none
	}
	t, err := store.TicketByID(ctx, tx, d.st.TicketID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(statuses, t.Status) {
		return nil, none
	}
	return t, nil
}

// update writes a ticket changed from status from; a lost race is a conflict.
func update(ctx context.Context, tx *store.Tx, t *bianmin.Ticket, from bianmin.TicketStatus) error {
	ok, err := store.UpdateTicket(ctx, tx, t, from)
	if err == nil && !ok {
		err = bianmin.ErrConflict
	}
	return err
}

// Recall announces the called ticket again. Once it has been called the
// policy's calls_before_no_show times, the next recall makes it a no-show
// 过号 instead, which the guide desk or the window can reactivate.
// A paused window makes no calls, recalls included.
func (s *Service) Recall(ctx context.Context, a *bianmin.Actor, windowID int64) (*CallResult, error) {
	var res *CallResult
	err := s.onCurrent(ctx, a, windowID, "ticket.recall", errNoCalledTicket, []bianmin.TicketStatus{bianmin.TicketCalled},
		func(tx *store.Tx, d *desk, t *bianmin.Ticket) error {
			if d.st.State == bianmin.WindowPaused {
				return refuse(ctx, tx, a, ticketEntry(d, t, "ticket.recall", "Q-4", nil), errPausedNoCalls)
			}
			p, err := s.policyOn(ctx, tx, d.w.CentreID, d.date)
			if err != nil {
				return err
			}
			if t.CallCount >= p.Queue.CallsBeforeNoShow {
				res = &CallResult{Ticket: t, NoShow: true}
				return s.noShow(ctx, tx, a, d, t, true)
			}
			t.CallCount++
			if err := update(ctx, tx, t, bianmin.TicketCalled); err != nil {
				return err
			}
			if err := ticketEvent(ctx, tx, a, d, t, bianmin.EventRecall, "Q-1", ""); err != nil {
				return err
			}
			ann := queue.Announce(t.Code, d.w.Number)
			if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.recall", "Q-1",
				map[string]any{"code": t.Code, "call_count": t.CallCount, "window": d.w.Number})); err != nil {
				return err
			}
			s.publishTicket(tx, d, t, live.EventRecall, &ann)
			res = &CallResult{Ticket: t, Announcement: ann}
			return nil
		})
	return res, err
}

// MarkNoShow makes the called ticket a no-show 过号 now.
func (s *Service) MarkNoShow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return s.onCurrent(ctx, a, windowID, "ticket.no_show", errNoCalledTicket, []bianmin.TicketStatus{bianmin.TicketCalled},
		func(tx *store.Tx, d *desk, t *bianmin.Ticket) error {
			return s.noShow(ctx, tx, a, d, t, false)
		})
}

func (s *Service) noShow(ctx context.Context, tx *store.Tx, a *bianmin.Actor, d *desk, t *bianmin.Ticket, byRecall bool) error {
	t.Status = bianmin.TicketNoShow
	if err := update(ctx, tx, t, bianmin.TicketCalled); err != nil {
		return err
	}
	if err := ticketEvent(ctx, tx, a, d, t, bianmin.EventNoShow, "Q-1", ""); err != nil {
		return err
	}
	if err := store.SetWindowTicket(ctx, tx, d.w.ID, 0); err != nil {
		return err
	}
	if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.no_show", "Q-1",
		map[string]any{"code": t.Code, "call_count": t.CallCount, "after_recalls": byRecall})); err != nil {
		return err
	}
	s.publishTicket(tx, d, t, live.EventChange, nil)
	return nil
}

// StartService records that the called citizen has arrived: the ticket is
// in service by the actor.
func (s *Service) StartService(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return s.onCurrent(ctx, a, windowID, "ticket.start", errNoCalledTicket, []bianmin.TicketStatus{bianmin.TicketCalled},
		func(tx *store.Tx, d *desk, t *bianmin.Ticket) error {
			now := tx.Now
			t.Status, t.StartedAt, t.ServedBy = bianmin.TicketServing, &now, a.UserID
			if err := update(ctx, tx, t, bianmin.TicketCalled); err != nil {
				return err
			}
			if err := ticketEvent(ctx, tx, a, d, t, bianmin.EventStart, "", ""); err != nil {
				return err
			}
			if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.start", "", map[string]any{"code": t.Code})); err != nil {
				return err
			}
			s.publishTicket(tx, d, t, live.EventChange, nil)
			return nil
		})
}

func validateFinish(r *FinishRequest) error {
	r.Outcome, r.Note = strings.TrimSpace(r.Outcome), strings.TrimSpace(r.Note)
	var v bianmin.Validation
	if !slices.Contains(bianmin.Outcomes, r.Outcome) {
		v.Add("outcome", "请选择办理结果。", "Choose the outcome of the service.")
	}
	if r.CaseID < 0 {
		v.Add("case_id", "办件编号无效。", "The case ID is not valid.")
	}
	if !textOK(r.Note, 0, 500) {
		v.Add("note", "备注最多 500 个字符，且不含控制字符。", "The note may have at most 500 characters without control characters.")
	}
	return v.Err()
}

// FinishService ends the current service with its outcome and any case
// opened; a ticket still only called starts implicitly. The evaluation pad
// then offers the rating of this occasion at this window (RT-1).
func (s *Service) FinishService(ctx context.Context, a *bianmin.Actor, windowID int64, r FinishRequest) error {
	if err := validateFinish(&r); err != nil {
		return err
	}
	return s.onCurrent(ctx, a, windowID, "ticket.finish", errNoCurrentTicket, []bianmin.TicketStatus{bianmin.TicketCalled, bianmin.TicketServing},
		func(tx *store.Tx, d *desk, t *bianmin.Ticket) error {
			from, now := t.Status, tx.Now
			if t.StartedAt == nil {
				t.StartedAt, t.ServedBy = &now, a.UserID
			}
			// A case started from the ticket linked itself already; an empty
			// form field keeps that link.
			t.Status, t.Outcome, t.CaseID, t.Note, t.FinishedAt = bianmin.TicketDone, r.Outcome, cmp.Or(r.CaseID, t.CaseID), r.Note, &now
			if err := update(ctx, tx, t, from); err != nil {
				return err
			}
			if err := ticketEvent(ctx, tx, a, d, t, bianmin.EventFinish, "", r.Outcome); err != nil {
				return err
			}
			if err := store.SetWindowTicket(ctx, tx, d.w.ID, 0); err != nil {
				return err
			}
			if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.finish", "RT-1",
				map[string]any{"code": t.Code, "outcome": r.Outcome, "case_id": r.CaseID, "served_by": t.ServedBy})); err != nil {
				return err
			}
			s.publishTicket(tx, d, t, live.EventChange, nil)
			return nil
		})
}

// onCurrent runs op in one write transaction on the window's current
// ticket, when the actor is on post and the ticket has one of the
// statuses; otherwise it returns none.
func (s *Service) onCurrent(ctx context.Context, a *bianmin.Actor, windowID int64, action string, none error,
	statuses []bianmin.TicketStatus, op func(tx *store.Tx, d *desk, t *bianmin.Ticket) error) error {
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, action)
		if err != nil {
			return err
		}
		t, err := current(ctx, tx, a, d, none, statuses...)
		if err != nil {
			return err
		}
		return op(tx, d, t)
	})
}
