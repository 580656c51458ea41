package service_test

import (
	"testing"
	"time"

	"bianmin/internal/bianmin"
)

// A window left paused overnight is closed by the day-end job, its pause
// ends at midnight, and the display shows it closed the next morning.
func TestDayEndClosesYesterdaysWindows(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		if err := h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.PauseWindow(h.ctx, h.w1a, h.win1.ID, "临时离开"); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.OpenWindow(h.ctx, h.w2a, h.win2.ID); err != nil {
			t.Fatal(err)
		}
		h.clock.Set(time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC), true) // Tuesday 09:00 in Shanghai
		d, err := h.svc.Display(h.ctx, h.townA)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range d.Windows {
			if w.State != string(bianmin.WindowClosed) {
				t.Fatalf("before the job, yesterday's window %s shows %s", w.Number, w.State)
			}
		}
		h.svc.RunJobsOnce(h.ctx)
		if n := h.count("SELECT count(*) FROM window_states WHERE state <> 'closed'"); n != 0 {
			t.Fatalf("%d windows still open after the day-end job", n)
		}
		if n := h.count("SELECT count(*) FROM window_pauses WHERE ended_at IS NULL"); n != 0 {
			t.Fatalf("%d pauses still open", n)
		}
		midnight := time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC)
		if n := h.count("SELECT count(*) FROM window_pauses WHERE ended_at = $1", midnight); n != 1 {
			t.Fatalf("the pause did not end at midnight")
		}
		if n := h.auditRows("window.close", "Q-3", bianmin.ResultOK); n != 2 {
			t.Fatalf("%d audited closings, want 2", n)
		}
		h.svc.RunJobsOnce(h.ctx) // idempotent
		if n := h.auditRows("window.close", "Q-3", bianmin.ResultOK); n != 2 {
			t.Fatalf("the job closed windows twice")
		}
	})
}
