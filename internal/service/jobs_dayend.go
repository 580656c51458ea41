package service

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/store"
)

// closeYesterday closes the windows a clerk left open or paused on an
// earlier service day and ends their pauses at that day's midnight, so
// that nobody is "on post" today by yesterday's state (AB-1), the display
// does not show them serving and pause time does not run on into
// today's statistics. A window still holding a ticket is left for its
// clerk to finish.
func (s *Service) closeYesterday(ctx context.Context) error {
	sys := bianmin.SystemActor("job")
	today := bianmin.LocalDate(s.Clock.Now())
	start, err := bianmin.DayStart(today)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := store.EndPausesOfEarlierDays(ctx, tx, today); err != nil {
			return err
		}
		stale, err := store.StaleOpenWindows(ctx, tx, start)
		if err != nil {
			return err
		}
		for _, st := range stale {
			w, err := store.WindowOnly(ctx, tx, st.WindowID)
			if err != nil {
				return err
			}
			before := bianmin.JSONOf(st)
			st.State, st.UserID, st.Post, st.Reason, st.Since = bianmin.WindowClosed, 0, "", "", tx.Now
			if err := store.SaveWindowState(ctx, tx, st); err != nil {
				return err
			}
			if err := store.Audit(ctx, tx, sys, bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.close",
				ObjectType: "window", ObjectID: idStr(w.ID), Before: before, After: bianmin.JSONOf(st), RuleID: "Q-3"}); err != nil {
				return err
			}
			s.publish(tx, live.Event{CentreID: w.CentreID, Kind: live.EventChange, WindowID: w.ID, WindowNumber: w.Number})
		}
		return nil
	})
}
