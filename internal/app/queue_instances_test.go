package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestQueueInstances drives issuing, calling and finishing through real HTTP
// from many clients at once: on PostgreSQL through two server instances on
// one database, on SQLite through the one instance its lock allows
// (SECURITY.md item 44). Every acknowledged ticket must be in the database
// exactly once, the day's numbers must be 1..N with no gap, and no ticket
// may be called twice or by two windows.
func TestQueueInstances(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			dsn := testutil.MustDSN(t, engine)
			insts := []*app.App{start(t, app.Config{DB: dsn, TestClock: true}, nil)}
			if engine == store.Postgres {
				insts = append(insts, start(t, app.Config{DB: dsn, TestClock: true}, nil))
			}
			monday9 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 Shanghai, in session
			for _, a := range insts {
				a.Clock.(*bianmin.TestClock).Set(monday9, false)
			}
			h := newBusyHall(t, insts)
			h.run(t, 16, 40, 4)
		})
	}
}

type busyHall struct {
	insts   []*app.App
	centre  int64
	queue   int64
	windows []int64
	clerks  []string // bearer tokens of the windows' A post holders
	guides  []string // bearer tokens of guide-desk staff
}

func newBusyHall(t *testing.T, insts []*app.App) *busyHall {
	t.Helper()
	ctx, svc, sys := context.Background(), insts[0].Service, bianmin.SystemActor("test")
	c, err := svc.CreateCentre(ctx, sys, bianmin.Centre{RegionCode: "440305010000", Name: "南湖街道便民服务中心", Level: 5})
	if err != nil {
		t.Fatal(err)
	}
	h := &busyHall{insts: insts, centre: c.ID}
	dept := &bianmin.Department{CentreID: c.ID, Name: "社会保障所"}
	if err := svc.SaveDepartment(ctx, sys, dept); err != nil {
		t.Fatal(err)
	}
	user := func(name string, role bianmin.Role) (int64, string) {
		u, err := svc.CreateUser(ctx, sys, service.NewUser{CentreID: c.ID, Username: name, DisplayName: name,
			Password: "Kx7-fernTable", Grants: []bianmin.Grant{{Role: role, CentreID: c.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		_, actor, err := svc.Login(ctx, name, "Kx7-fernTable", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ChangePassword(ctx, actor, "Kx7-fernTable", "Mq4!riverStone"); err != nil {
			t.Fatal(err)
		}
		token, _, err := svc.Login(ctx, name, "Mq4!riverStone", "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		return u.ID, token
	}
	for i := 1; i <= 4; i++ {
		a, tokenA := user(fmt.Sprintf("clerk%da", i), bianmin.RoleClerk)
		b, _ := user(fmt.Sprintf("clerk%db", i), bianmin.RoleClerk)
		w := &bianmin.Window{CentreID: c.ID, Number: fmt.Sprint(i), Name: fmt.Sprintf("%d号窗口", i),
			Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{dept.ID}, AUserID: a, BUserID: b}
		if err := svc.SaveWindow(ctx, sys, w); err != nil {
			t.Fatal(err)
		}
		h.windows, h.clerks = append(h.windows, w.ID), append(h.clerks, tokenA)
	}
	for i := 0; i < 2; i++ {
		_, token := user(fmt.Sprintf("guide%d", i), bianmin.RoleGuide)
		h.guides = append(h.guides, token)
	}
	q := &bianmin.Queue{CentreID: c.ID, Prefix: "A", Name: "社保", Active: true, DepartmentIDs: []int64{dept.ID}, WindowIDs: h.windows}
	if err := svc.SaveQueue(ctx, sys, q); err != nil {
		t.Fatal(err)
	}
	h.queue = q.ID
	return h
}

// call is one HTTP request to instance i; it returns the status and body.
func (h *busyHall) call(i int, method, path, token, body string) (int, []byte, error) {
	a := h.insts[i%len(h.insts)]
	req, err := http.NewRequest(method, a.URL()+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// run issues issuers×each tickets from concurrent clients while every
// window calls and finishes until all are served, then checks the records.
func (h *busyHall) run(t *testing.T, issuers, each, windows int) {
	var (
		mu          sync.Mutex
		issued      = map[string]bool{} // codes acknowledged to issuers
		calledBy    = map[string]int{}  // code → window index that got it
		dupCalls    []string
		doneIssuing atomic.Bool
		errs        = make(chan error, issuers+windows)
	)
	var wg sync.WaitGroup
	for g := 0; g < issuers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < each; k++ {
				status, body, err := h.call(g+k, "POST", fmt.Sprintf("/api/v1/centres/%d/tickets", h.centre),
					h.guides[g%len(h.guides)], fmt.Sprintf(`{"queue_id": %d}`, h.queue))
				if err != nil || status != http.StatusCreated {
					errs <- fmt.Errorf("issue: %d %s %v", status, body, err)
					return
				}
				var it struct{ Ticket bianmin.Ticket }
				if err := json.Unmarshal(body, &it); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				issued[it.Ticket.Code] = true
				mu.Unlock()
			}
		}(g)
	}
	var callers sync.WaitGroup
	for w := 0; w < windows; w++ {
		callers.Add(1)
		go func(w int) {
			defer callers.Done()
			base := fmt.Sprintf("/api/v1/windows/%d/", h.windows[w])
			if s, b, err := h.call(w, "POST", base+"open", h.clerks[w], "{}"); err != nil || s != http.StatusOK {
				errs <- fmt.Errorf("open window %d: %d %s %v", w, s, b, err)
				return
			}
			for n := 0; ; n++ {
				status, body, err := h.call(w+n, "POST", base+"call-next", h.clerks[w], "{}")
				if err != nil {
					errs <- err
					return
				}
				if status == http.StatusNotFound { // nothing waits
					if doneIssuing.Load() {
						return
					}
					time.Sleep(5 * time.Millisecond)
					continue
				}
				if status != http.StatusOK {
					errs <- fmt.Errorf("call-next: %d %s", status, body)
					return
				}
				var cr struct{ Ticket bianmin.Ticket }
				if err := json.Unmarshal(body, &cr); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				if _, twice := calledBy[cr.Ticket.Code]; twice {
					dupCalls = append(dupCalls, cr.Ticket.Code)
				}
				calledBy[cr.Ticket.Code] = w
				mu.Unlock()
				if s, b, err := h.call(w+n+1, "POST", base+"finish", h.clerks[w], `{"outcome": "completed"}`); err != nil || s != http.StatusOK {
					errs <- fmt.Errorf("finish: %d %s %v", s, b, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	doneIssuing.Store(true)
	callers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(dupCalls) > 0 {
		t.Fatalf("tickets called twice: %v", dupCalls)
	}
	want := issuers * each
	if len(issued) != want || len(calledBy) != want {
		t.Fatalf("acknowledged %d tickets and %d calls, want %d of each", len(issued), len(calledBy), want)
	}
	h.check(t, issued, want)
}

// check compares the database with what the clients were told.
func (h *busyHall) check(t *testing.T, issued map[string]bool, want int) {
	ctx := context.Background()
	var numbers []int
	var calls, done int
	err := h.insts[0].DB.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT prefix, number FROM tickets WHERE queue_id = $1 ORDER BY number", h.queue)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var prefix string
			var n int
			if err := rows.Scan(&prefix, &n); err != nil {
				return err
			}
			if !issued[bianmin.TicketCode(prefix, n)] {
				t.Errorf("unexpected ticket %s in the database", bianmin.TicketCode(prefix, n))
			}
			numbers = append(numbers, n)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ticket_events WHERE kind = 'call'").Scan(&calls); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM tickets WHERE status = 'done'").Scan(&done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(numbers) != want || !slices.IsSorted(numbers) || numbers[0] != 1 || numbers[len(numbers)-1] != want {
		t.Fatalf("numbers are not 1..%d: %d rows from %v to %v", want, len(numbers), numbers[0], numbers[len(numbers)-1])
	}
	for i, n := range numbers {
		if n != i+1 {
			t.Fatalf("number %d missing or repeated (found %d at position %d)", i+1, n, i)
		}
	}
	if calls != want || done != want {
		t.Fatalf("%d call events and %d finished tickets, want %d of each", calls, done, want)
	}
	if out, err := h.insts[0].Service.VerifyAudit(ctx, bianmin.SystemActor("test")); err != nil || !out.OK {
		t.Fatalf("audit chain: %v %+v", err, out)
	}
}
