package service_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// dispIssue issues a ticket at the guide desk with an ID number and a
// phone, the personal data a display must never show (R8.3).
func (h *hallEnv) dispIssue(q *bianmin.Queue) *service.IssuedTicket {
	h.t.Helper()
	it, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: q.ID,
		IDNumber: "11010519491231002X", Phone: "13912345678"})
	if err != nil {
		h.t.Fatalf("issue %s: %v", q.Prefix, err)
	}
	return it
}

func (h *hallEnv) dispDisplay() *service.DisplayState {
	h.t.Helper()
	st, err := h.svc.Display(h.ctx, h.townA)
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

func dispWindow(st *service.DisplayState, number string) service.DisplayWindow {
	for _, w := range st.Windows {
		if w.Number == number {
			return w
		}
	}
	return service.DisplayWindow{}
}

func dispWaiting(st *service.DisplayState) map[string]int {
	out := map[string]int{}
	for _, q := range st.Queues {
		out[q.Prefix] = q.Waiting
	}
	return out
}

// TestDisplayShowsHall walks a morning as the hall display sees it: window
// states, the code each window called or serves, the latest calls and
// recalls with their announcement, waiting counts per queue, and no
// personal data anywhere (R8.3).
func TestDisplayShowsHall(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		st := h.dispDisplay()
		if st.CentreName == "" || len(st.Calls) != 0 || len(st.Windows) != 3 || len(st.Queues) != 2 {
			t.Fatalf("empty hall: %+v", st)
		}
		for _, w := range st.Windows {
			if w.State != string(bianmin.WindowClosed) || w.Serving != "" {
				t.Fatalf("window %s before opening: %+v", w.Number, w)
			}
		}
		for i := 0; i < 3; i++ {
			h.dispIssue(h.qA)
		}
		h.dispIssue(h.qB)
		if got := dispWaiting(h.dispDisplay()); got["A"] != 3 || got["B"] != 1 {
			t.Fatalf("waiting %v, want A 3, B 1", got)
		}

		if err := h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		st = h.dispDisplay()
		if w := dispWindow(st, "1"); w.State != "open" || w.Serving != "A001" || !w.Calling {
			t.Fatalf("window 1 after the call: %+v", w)
		}
		if len(st.Calls) != 1 || st.Calls[0].Code != "A001" || st.Calls[0].WindowNumber != "1" || st.Calls[0].Recall {
			t.Fatalf("calls %+v", st.Calls)
		}
		if a := st.Calls[0].Announcement; a.Text != "请 A001 号到 1 号窗口办理" || a.Speech != "请 A 零 零 一 号到 1 号窗口办理" {
			t.Fatalf("announcement %+v", a)
		}
		if got := dispWaiting(st); got["A"] != 2 {
			t.Fatalf("waiting after the call %v", got)
		}

		h.clock.Advance(time.Minute)
		if _, err := h.svc.Recall(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.StartService(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.OpenWindow(h.ctx, h.w3a, h.win3.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.svc.PauseWindow(h.ctx, h.w3a, h.win3.ID, "系统故障"); err != nil {
			t.Fatal(err)
		}
		st = h.dispDisplay()
		if len(st.Calls) != 2 || !st.Calls[0].Recall || st.Calls[0].Code != "A001" || st.Calls[1].Recall {
			t.Fatalf("calls after the recall, newest first: %+v", st.Calls)
		}
		if w := dispWindow(st, "1"); w.Serving != "A001" || w.Calling {
			t.Fatalf("window 1 serving: %+v", w)
		}
		if w := dispWindow(st, "3"); w.State != "paused" || w.Serving != "" {
			t.Fatalf("window 3 paused: %+v", w)
		}
		if w := dispWindow(st, "2"); w.State != "closed" {
			t.Fatalf("window 2: %+v", w)
		}

		// R8.3: nothing personal, not even masked, and no staff names.
		b, _ := json.Marshal(st)
		for _, bad := range []string{"id_masked", "phone", "1949", "002X", "1391", "5678", "测试", "w1a", "user"} {
			if strings.Contains(string(b), bad) {
				t.Fatalf("display state contains %q: %s", bad, b)
			}
		}

		// A new service day starts with no calls and no one waiting.
		h.clock.Advance(24 * time.Hour)
		st = h.dispDisplay()
		if len(st.Calls) != 0 || dispWaiting(st)["A"] != 0 || dispWindow(st, "1").Serving != "" {
			t.Fatalf("next day: %+v", st)
		}
	})
}

func TestDisplayCallsAreBounded(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		for i := 0; i < 3; i++ {
			h.dispIssue(h.qA)
		}
		if err := h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 10; i++ {
			h.clock.Advance(time.Minute)
			if _, err := h.svc.Recall(h.ctx, h.w1a, h.win1.ID); err != nil {
				break // the policy's recall limit made it a no-show
			}
		}
		if n := len(h.dispDisplay().Calls); n < 2 || n > 8 {
			t.Fatalf("%d calls listed, want at most 8", n)
		}
		if _, err := h.svc.Display(h.ctx, 999999); err == nil {
			t.Fatal("display of an unknown centre")
		}
	})
}

func TestDisplayCallOf(t *testing.T) {
	c := service.DisplayCallOf(live.Event{Kind: live.EventRecall, Code: "B012", WindowNumber: "3"})
	if !c.Recall || c.Announcement.Text != "请 B012 号到 3 号窗口办理" || c.Announcement.Speech != "请 B 零 一 二 号到 3 号窗口办理" {
		t.Fatalf("%+v", c)
	}
}

// TestDisplayEventsAcrossInstances (PostgreSQL; on SQLite, that a second
// instance cannot exist): two service instances on
// two store handles of one database, each with its own hub and bridge. A
// call made on the first reaches a screen of the second within a second,
// and only after its transaction committed.
func TestDisplayEventsAcrossInstances(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		if h.db.Engine != store.Postgres {
			// SQLite is one instance per database file by design: a second
			// cannot open it, so every screen is served by the first one.
			if db2, err := store.Open(h.ctx, h.db.Path(), h.clock); err == nil {
				db2.Close()
				t.Fatal("a second instance opened the SQLite database")
			}
			return
		}
		var name string
		if err := h.db.RawWriter().QueryRow("SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv("BIANMIN_TEST_PG"))
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		db2, err := store.Open(h.ctx, u.String(), h.clock)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		svc2 := service.New(db2, h.clock, nil)
		for _, svc := range []*service.Service{h.svc, svc2} {
			b, err := live.StartBridge(h.ctx, live.BridgeConfig{DSN: u.String(), Hub: svc.Live, Clock: h.clock})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			select {
			case <-b.Ready():
			case <-time.After(5 * time.Second):
				t.Fatal("bridge not listening")
			}
		}
		screen, stop := svc2.Live.Subscribe(h.townA, 16)
		defer stop()

		// A write that rolls back publishes nothing.
		err = h.db.Write(h.ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { h.svc.Live.Publish(live.Event{CentreID: h.townA, Kind: live.EventChange}) })
			return bianmin.ErrConflict
		})
		if err == nil {
			t.Fatal("rollback expected")
		}
		select {
		case ev := <-screen:
			t.Fatalf("a rolled-back write published %+v", ev)
		case <-time.After(300 * time.Millisecond):
		}
		h.dispIssue(h.qA)
		if err := h.svc.OpenWindow(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		drain(screen) // the issue and the opening
		start := time.Now()
		if _, err := h.svc.CallNext(h.ctx, h.w1a, h.win1.ID); err != nil {
			t.Fatal(err)
		}
		for {
			select {
			case ev := <-screen:
				if ev.Kind != live.EventCall {
					continue
				}
				if ev.Code != "A001" || ev.WindowNumber != "1" || ev.Origin != h.svc.Live.ID() {
					t.Fatalf("call on the other instance: %+v", ev)
				}
				t.Logf("call reached the other instance in %v", time.Since(start))
				st, err := svc2.Display(context.Background(), h.townA)
				if err != nil || len(st.Calls) != 1 || st.Calls[0].Code != "A001" {
					t.Fatalf("the other instance reads %+v, %v", st, err)
				}
				return
			case <-time.After(time.Second):
				t.Fatal("call did not reach the other instance within a second")
			}
		}
	})
}

func drain(ch <-chan live.Event) {
	deadline := time.After(300 * time.Millisecond)
	for {
		select {
		case <-ch:
		case <-deadline:
			return
		}
	}
}
