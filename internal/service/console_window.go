package service

import (
	"context"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/store"
)

// Refusals at the window console. Each names the rule behind it.
var (
	errWindowClosed = bianmin.Errorf(bianmin.ECONFLICT, "窗口未开启，请先开窗（O）。",
		"The window is closed; open it first (O).").WithRule("Q-5")
	errOtherOnPost = bianmin.Errorf(bianmin.ECONFLICT, "该窗口由另一岗位人员在岗，只有在岗人员可以操作。",
		"Another post holder is on post at this window; only the person on post may act.").WithRule("AB-1")
	errPausedNoCalls = bianmin.Errorf(bianmin.ECONFLICT, "暂停服务期间不能叫号，请先恢复服务（P）。",
		"The window is paused (暂停服务) and takes no calls; resume first (P).").WithRule("Q-4")
	errAlreadyPaused = bianmin.Errorf(bianmin.ECONFLICT, "窗口已暂停服务。", "The window is already paused.").WithRule("Q-4")
	errNotPaused     = bianmin.Errorf(bianmin.ECONFLICT, "窗口没有暂停。", "The window is not paused.").WithRule("Q-4")
	errAOnPost       = bianmin.Errorf(bianmin.ECONFLICT,
		"A 岗人员在岗且没有登记的请假、出差或会议，B 岗不能接管窗口（AB-1）。",
		"The A post holder is on post with no recorded absence, so the B post cannot take the window over (AB-1).").WithRule("AB-1")
	errBHasTicket = bianmin.Errorf(bianmin.ECONFLICT,
		"B 岗正在叫号或办理，请待其办结、转移或过号后再接回窗口（AB-1）。",
		"The B post holder has a ticket called or in service; take the window back once it is finished, transferred or marked a no-show (AB-1).").WithRule("AB-1")
)

// errTicketCurrent refuses a step that needs the window free of a ticket.
func errTicketCurrent(code string) error {
	return bianmin.Errorf(bianmin.ECONFLICT, "当前还有 "+code+" 号未办结，请先办结、转移或过号。",
		"Ticket "+code+" is still current here; finish, transfer or mark it a no-show first.").WithRule("Q-1")
}

// desk is a window as one of its post holders acts at it today.
type desk struct {
	w    *bianmin.Window
	st   *bianmin.WindowState // closed when nobody has opened it today
	post string               // the actor's post here: "A", "B" or "" for anyone else
	date string               // today's service date (Asia/Shanghai)
}

// onPost reports whether the actor is the person on post (open or paused).
func (d *desk) onPost(a *bianmin.Actor) bool {
	return d.st.State != bianmin.WindowClosed && d.st.UserID == a.UserID
}

// mustBeOnPost refuses an actor who is not the one on post.
func (d *desk) mustBeOnPost(a *bianmin.Actor) error {
	switch {
	case d.st.State == bianmin.WindowClosed:
		return errWindowClosed
	case d.st.UserID != a.UserID:
		return errOtherOnPost
	}
	return nil
}

func postOf(w *bianmin.Window, userID int64) string {
	switch {
	case userID == 0:
		return ""
	case w.AUserID == userID:
		return "A"
	case w.BUserID == userID:
		return "B"
	}
	return ""
}

// loadDesk reads the window, its state (locked for a change when lock, and
// then without the window's departments and items) and the actor's post. A post holder who has lost the clerk role at the
// centre holds no post. A state left from an earlier day counts as closed:
// whoever forgot to close yesterday is not on post today.
func loadDesk(ctx context.Context, tx *store.Tx, a *bianmin.Actor, windowID int64, lock bool) (*desk, error) {
	var w *bianmin.Window
	var err error
	if lock {
		w, err = store.WindowOnly(ctx, tx, windowID)
	} else {
		w, err = store.WindowByID(ctx, tx, windowID)
	}
	if err != nil {
		return nil, err
	}
	d := &desk{w: w, post: postOf(w, a.UserID), date: bianmin.LocalDate(tx.Now)}
	if d.post != "" {
		clerk, err := mayAct(ctx, tx, a, bianmin.RoleClerk, w.CentreID)
		if err != nil {
			return nil, err
		}
		if !clerk {
			d.post = ""
		}
	}
	if lock {
		d.st, err = store.LockWindowState(ctx, tx, windowID)
	} else {
		d.st, err = store.WindowState(ctx, tx, windowID)
	}
	if err != nil {
		return nil, err
	}
	if d.st.State != bianmin.WindowClosed && bianmin.LocalDate(d.st.Since) != d.date {
		d.st = &bianmin.WindowState{WindowID: windowID, State: bianmin.WindowClosed}
	}
	return d, nil
}

// deskFor loads the desk for a change and refuses, audited, anyone who
// holds neither post of the window (ORG-2).
func deskFor(ctx context.Context, tx *store.Tx, a *bianmin.Actor, windowID int64, action string) (*desk, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	d, err := loadDesk(ctx, tx, a, windowID, true)
	if err != nil {
		return nil, err
	}
	if d.post == "" {
		return nil, refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: d.w.CentreID, Action: action, ObjectType: "window",
			ObjectID: idStr(windowID), RuleID: "ORG-2"}, bianmin.ErrForbidden)
	}
	return d, nil
}

// windowEntry is the audit entry of a window change.
func windowEntry(d *desk, action, rule string, after map[string]any) bianmin.AuditEntry {
	return bianmin.AuditEntry{CentreID: d.w.CentreID, Action: action, ObjectType: "window", ObjectID: idStr(d.w.ID),
		Before: bianmin.JSONOf(d.st), After: bianmin.JSONOf(after), RuleID: rule}
}

// setState writes the window's new state, audits it and tells the hall.
func (s *Service) setState(ctx context.Context, tx *store.Tx, a *bianmin.Actor, d *desk, st *bianmin.WindowState, e bianmin.AuditEntry) error {
	st.WindowID, st.Since = d.w.ID, tx.Now
	if err := store.SaveWindowState(ctx, tx, st); err != nil {
		return err
	}
	if err := store.Audit(ctx, tx, a, e); err != nil {
		return err
	}
	s.publish(tx, live.Event{CentreID: d.w.CentreID, Kind: live.EventChange, WindowID: d.w.ID, WindowNumber: d.w.Number})
	return nil
}

// OpenWindow puts the actor on post at the window (Q-5, AB-1). The A post
// opens freely and takes the window back from B once B has no ticket at
// it. The B post opens or takes over only while A is away: A has a
// recorded absence covering now, or A is not on post here; B taking over
// from an absent A keeps A's current ticket, as B takes A's duties (AB-1).
// Opening again while on post changes nothing.
func (s *Service) OpenWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "window.open")
		if err != nil || d.onPost(a) {
			return err
		}
		rule, keep := "Q-5", int64(0)
		other := d.st.State != bianmin.WindowClosed
		switch {
		case d.post == "B":
			rule = "AB-1"
			if other {
				absent, err := store.AbsentAt(ctx, tx, d.st.UserID, tx.Now)
				if err != nil {
					return err
				}
				if !absent {
					return refuse(ctx, tx, a, windowEntry(d, "window.open", "AB-1", map[string]any{"post": "B"}), errAOnPost)
				}
				keep = d.st.TicketID
			}
		case other:
			if d.st.TicketID != 0 {
				return refuse(ctx, tx, a, windowEntry(d, "window.open", "AB-1", map[string]any{"post": "A"}), errBHasTicket)
			}
			rule = "AB-1"
		}
		if err := store.EndPause(ctx, tx, d.w.ID, tx.Now); err != nil {
			return err
		}
		after := map[string]any{"state": bianmin.WindowOpen, "user_id": a.UserID, "post": d.post}
		if other {
			after["took_over_from"] = d.st.UserID
		}
		st := &bianmin.WindowState{State: bianmin.WindowOpen, UserID: a.UserID, Post: d.post, TicketID: keep}
		return s.setState(ctx, tx, a, d, st, windowEntry(d, "window.open", rule, after))
	})
}

// CloseWindow takes the actor off post. A window with a ticket called or in
// service cannot close (Q-6: nobody waiting is turned away); an open pause
// ends with it.
func (s *Service) CloseWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "window.close")
		if err != nil || d.st.State == bianmin.WindowClosed {
			return err
		}
		if err := d.mustBeOnPost(a); err != nil {
			return err
		}
		if err := d.noCurrentTicket(ctx, tx); err != nil {
			return err
		}
		if err := store.EndPause(ctx, tx, d.w.ID, tx.Now); err != nil {
			return err
		}
		return s.setState(ctx, tx, a, d, &bianmin.WindowState{State: bianmin.WindowClosed},
			windowEntry(d, "window.close", "", map[string]any{"state": bianmin.WindowClosed}))
	})
}

// noCurrentTicket refuses while a ticket is called or in service here.
func (d *desk) noCurrentTicket(ctx context.Context, tx *store.Tx) error {
	if d.st.TicketID == 0 {
		return nil
	}
	t, err := store.TicketByID(ctx, tx, d.st.TicketID)
	if err != nil {
		return err
	}
	return errTicketCurrent(t.Code)
}

// PauseWindow puts up 暂停服务: the window gets no calls until it
// resumes. The reason (1-100 characters) is kept for the statistics.
func (s *Service) PauseWindow(ctx context.Context, a *bianmin.Actor, windowID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if !textOK(reason, 1, 100) {
		return bianmin.FieldError("reason", "请填写暂停原因（1 至 100 个字符）。",
			"Give the reason for the pause (1 to 100 characters).").WithRule("Q-4")
	}
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "window.pause")
		if err != nil {
			return err
		}
		if err := d.mustBeOnPost(a); err != nil {
			return err
		}
		if d.st.State == bianmin.WindowPaused {
			return errAlreadyPaused
		}
		if err := store.StartPause(ctx, tx, d.w.CentreID, d.w.ID, a.UserID, d.date, reason); err != nil {
			return err
		}
		st := &bianmin.WindowState{State: bianmin.WindowPaused, UserID: a.UserID, Post: d.st.Post, Reason: reason, TicketID: d.st.TicketID}
		return s.setState(ctx, tx, a, d, st,
			windowEntry(d, "window.pause", "Q-4", map[string]any{"state": bianmin.WindowPaused, "reason": reason}))
	})
}

// ResumeWindow ends a pause: the window takes calls again.
func (s *Service) ResumeWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := deskFor(ctx, tx, a, windowID, "window.resume")
		if err != nil {
			return err
		}
		if err := d.mustBeOnPost(a); err != nil {
			return err
		}
		if d.st.State != bianmin.WindowPaused {
			return errNotPaused
		}
		if err := store.EndPause(ctx, tx, d.w.ID, tx.Now); err != nil {
			return err
		}
		st := &bianmin.WindowState{State: bianmin.WindowOpen, UserID: a.UserID, Post: d.st.Post, TicketID: d.st.TicketID}
		return s.setState(ctx, tx, a, d, st, windowEntry(d, "window.resume", "Q-4", map[string]any{"state": bianmin.WindowOpen}))
	})
}
