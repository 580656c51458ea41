package service

import (
	"context"
	"errors"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// reactivators reactivate any no-show of their centre at the guide desk;
// clerks may reactivate the no-shows of queues their windows call.
var reactivators = []bianmin.Role{bianmin.RoleGuide, bianmin.RoleDutyChief, bianmin.RoleDutyLeader, bianmin.RoleDirector}

var errTransferTarget = bianmin.FieldError("window_id", "请选择转往的另一窗口或队列。",
	"Choose another window or a queue to transfer to.").WithRule("FI-2")

// Transfer sends the current ticket (called or in service) to another
// window or queue of the centre (FI-2, Q-7). To a window, the ticket keeps
// its queue if that window calls it, else takes the window's first queue,
// and only that window may call it. The citizen keeps their place
// (order_at) and the first-inquiry owner stays (FI-2).
func (s *Service) Transfer(ctx context.Context, a *bianmin.Actor, windowID int64, r TransferRequest) error {
	r.Reason = strings.TrimSpace(r.Reason)
	var v bianmin.Validation
	if r.WindowID <= 0 && r.QueueID <= 0 {
		v.AddErr(errTransferTarget)
	}
	if !textOK(r.Reason, 1, 200) {
		v.Add("reason", "请填写转移原因（1 至 200 个字符）。", "Give the reason for the transfer (1 to 200 characters).")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.onCurrent(ctx, a, windowID, "ticket.transfer", errNoCurrentTicket, []bianmin.TicketStatus{bianmin.TicketCalled, bianmin.TicketServing},
		func(tx *store.Tx, d *desk, t *bianmin.Ticket) error {
			from, fromQueue := t.Status, t.QueueID
			if err := transferTarget(ctx, tx, d, t, r); err != nil {
				return err
			}
			t.Status, t.CallCount, t.Transfers, t.WindowID = bianmin.TicketWaiting, 0, t.Transfers+1, 0
			t.CalledAt, t.StartedAt, t.ServedBy = nil, nil, 0
			if err := update(ctx, tx, t, from); err != nil {
				return err
			}
			detail := bianmin.JSONOf(map[string]any{"from_window": d.w.ID, "to_window": t.TargetWindowID,
				"from_queue": fromQueue, "to_queue": t.QueueID})
			ev := &bianmin.TicketEvent{TicketID: t.ID, CentreID: t.CentreID, QueueID: fromQueue, ServiceDate: t.ServiceDate,
				Kind: bianmin.EventTransfer, WindowID: d.w.ID, UserID: a.UserID, Reason: r.Reason, Detail: detail}
			if err := store.AddTicketEvent(ctx, tx, ev); err != nil {
				return err
			}
			if err := store.SetWindowTicket(ctx, tx, d.w.ID, 0); err != nil {
				return err
			}
			if err := store.Audit(ctx, tx, a, ticketEntry(d, t, "ticket.transfer", "FI-2", map[string]any{"code": t.Code,
				"from_window": d.w.ID, "to_window": t.TargetWindowID, "from_queue": fromQueue, "to_queue": t.QueueID,
				"first_owner_id": t.FirstOwnerID, "reason": r.Reason})); err != nil {
				return err
			}
			s.publishTicket(tx, d, t, live.EventChange, nil)
			return nil
		})
}

// transferTarget sets the ticket's queue and target window from the request.
func transferTarget(ctx context.Context, tx *store.Tx, d *desk, t *bianmin.Ticket, r TransferRequest) error {
	if r.WindowID > 0 {
		w, err := store.WindowByID(ctx, tx, r.WindowID)
		if errors.Is(err, bianmin.ErrNotFound) || err == nil && (w.CentreID != d.w.CentreID || w.ID == d.w.ID) {
			return errTransferTarget
		}
		if err != nil {
			return err
		}
		qids, err := store.WindowQueueIDs(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		if len(qids) == 0 {
			return bianmin.FieldError("window_id", "该窗口没有叫号队列，不能转入。",
				"That window calls no queue, so nothing can be transferred to it.").WithRule("FI-2")
		}
		if !slices.Contains(qids, t.QueueID) {
			t.QueueID = qids[0]
		}
		t.TargetWindowID = w.ID
		return nil
	}
	q, err := store.QueueByID(ctx, tx, r.QueueID)
	if errors.Is(err, bianmin.ErrNotFound) || err == nil && (q.CentreID != d.w.CentreID || !q.Active) {
		return bianmin.FieldError("queue_id", "请选择本中心在用的队列。", "Choose an active queue of this centre.").WithRule("FI-2")
	}
	if err != nil {
		return err
	}
	t.QueueID, t.TargetWindowID = q.ID, 0
	return nil
}

// Reactivate puts a no-show 过号 of today back in its queue behind the
// policy's reactivate_after waiting tickets (never ahead of its own place),
// to be called afresh. The guide desk may reactivate any no-show of
// its centre; a clerk, those of the queues their windows call.
func (s *Service) Reactivate(ctx context.Context, a *bianmin.Actor, ticketID int64) error {
	if a == nil || a.UserID == 0 {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		t, err := store.TicketByID(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: t.CentreID, Action: "ticket.reactivate", ObjectType: "ticket", ObjectID: idStr(t.ID)}
		ok, err := mayReactivate(ctx, tx, a, t)
		if err != nil {
			return err
		}
		if !ok {
			e.RuleID = ruleScope
			return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
		}
		date := bianmin.LocalDate(tx.Now)
		if t.Status != bianmin.TicketNoShow || t.ServiceDate != date {
			return errNotNoShow
		}
		p, err := s.policyOn(ctx, tx, t.CentreID, date)
		if err != nil {
			return err
		}
		waiting, err := store.WaitingOrder(ctx, tx, t.QueueID, date, p.Queue.ReactivateAfter)
		if err != nil {
			return err
		}
		if order := queue.ReactivatedOrder(waiting, p.Queue.ReactivateAfter, t.OrderAt); order.After(t.OrderAt) {
			t.OrderAt = order
		}
		lastWindow := t.WindowID
		t.Status, t.CallCount, t.WindowID, t.CalledAt = bianmin.TicketWaiting, 0, 0, nil
		if err := update(ctx, tx, t, bianmin.TicketNoShow); err != nil {
			return err
		}
		if err := store.AddTicketEvent(ctx, tx, &bianmin.TicketEvent{TicketID: t.ID, CentreID: t.CentreID, QueueID: t.QueueID,
			ServiceDate: t.ServiceDate, Kind: bianmin.EventReactivate, WindowID: lastWindow, UserID: a.UserID, Reason: "Q-1"}); err != nil {
			return err
		}
		e.RuleID, e.After = "Q-1", bianmin.JSONOf(map[string]any{"code": t.Code, "order_at": t.OrderAt,
			"behind": p.Queue.ReactivateAfter})
		if err := store.Audit(ctx, tx, a, e); err != nil {
			return err
		}
		s.publish(tx, live.Event{CentreID: t.CentreID, Kind: live.EventChange, TicketID: t.ID, Code: t.Code})
		return nil
	})
}

// mayReactivate: the guide desk of the ticket's centre, or a clerk holding
// a post at a window that calls the ticket's queue or was sent the ticket.
func mayReactivate(ctx context.Context, tx *store.Tx, a *bianmin.Actor, t *bianmin.Ticket) (bool, error) {
	ok, err := mayActAny(ctx, tx, a, t.CentreID, reactivators...)
	if ok || err != nil {
		return ok, err
	}
	if ok, err = mayAct(ctx, tx, a, bianmin.RoleClerk, t.CentreID); !ok || err != nil {
		return false, err
	}
	q, err := store.QueueByID(ctx, tx, t.QueueID)
	if err != nil {
		return false, err
	}
	windows := append(slices.Clone(q.WindowIDs), t.TargetWindowID)
	mine, err := store.WindowsOfHolder(ctx, tx, a.UserID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(mine, func(w *bianmin.Window) bool { return slices.Contains(windows, w.ID) }), nil
}
