package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// padHall is window 1 of centre A with clerk1 on its A post, queue A and a
// paired pad at the window; the clock is frozen on a Monday morning.
type padHall struct {
	*testEnv
	clerk         *bianmin.Actor
	clerkToken    string
	window        *bianmin.Window
	queue         *bianmin.Queue
	padToken      string
	sys           *bianmin.Actor
	ctx           context.Context
	directorToken string
}

func newPadHall(t *testing.T) *padHall {
	t.Helper()
	e := newTestEnv(t, Config{})
	e.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai), true)
	h := &padHall{testEnv: e, sys: bianmin.SystemActor("test"), ctx: context.Background()}
	h.clerkToken = e.user("clerk1", bianmin.RoleClerk, e.centreA)
	h.directorToken = e.user("dir1", bianmin.RoleDirector, e.centreA)
	_, a, err := e.svc.Login(h.ctx, "clerk1", testPw+"x", "127.0.0.1", "test")
	h.check(err)
	h.clerk = a
	dept := &bianmin.Department{CentreID: e.centreA, Name: "社会保障所"}
	h.check(e.svc.SaveDepartment(h.ctx, h.sys, dept))
	h.window = &bianmin.Window{CentreID: e.centreA, Number: "1", Name: "1号窗口", Kind: bianmin.WindowGeneral,
		DepartmentIDs: []int64{dept.ID}, AUserID: a.UserID}
	h.check(e.svc.SaveWindow(h.ctx, h.sys, h.window))
	h.queue = &bianmin.Queue{CentreID: e.centreA, Prefix: "A", Name: "社保", Active: true,
		DepartmentIDs: []int64{dept.ID}, WindowIDs: []int64{h.window.ID}}
	h.check(e.svc.SaveQueue(h.ctx, h.sys, h.queue))
	code, err := e.svc.CreateDevice(h.ctx, h.sys, &bianmin.Device{CentreID: e.centreA, Kind: bianmin.DevicePad, Name: "评价器", WindowID: h.window.ID})
	h.check(err)
	h.padToken, _, err = e.svc.PairDevice(h.ctx, code, "127.0.0.1")
	h.check(err)
	h.check(e.svc.OpenWindow(h.ctx, a, h.window.ID))
	return h
}

func (h *padHall) check(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// served issues a ticket, calls it and finishes it at window 1.
func (h *padHall) served() int64 {
	h.t.Helper()
	_, err := h.svc.IssueByStaff(h.ctx, h.sys, h.centreA, service.IssueRequest{QueueID: h.queue.ID})
	h.check(err)
	res, err := h.svc.CallNext(h.ctx, h.clerk, h.window.ID)
	h.check(err)
	h.check(h.svc.FinishService(h.ctx, h.clerk, h.window.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}))
	return res.Ticket.ID
}

func (h *padHall) asPad(method, path, body string) *http.Response {
	h.t.Helper()
	return h.do(method, path, "", body, deviceHeader, h.padToken)
}

// TestPadRefusesStaff: no staff session reaches the pad's routes, whatever
// its role, so a clerk cannot rate their own service or read the pad (R4.8);
// another kind of device is refused too.
func TestPadRefusesStaff(t *testing.T) {
	h := newPadHall(t)
	id := h.served()
	idS := strconv.FormatInt(id, 10)
	kiosk := pairDevice(t, h.svc, h.centreA, bianmin.DeviceKiosk)
	calls := []struct{ method, path, body string }{
		{"POST", "/api/v1/pad/ratings", `{"ticket_id":` + idS + `,"attitude":1,"efficiency":1}`},
		{"POST", "/pad/ratings", "ticket_id=" + idS + "&attitude=1&efficiency=1"},
		{"GET", "/api/v1/pad", ""},
		{"GET", "/pad", ""},
		{"GET", "/pad/photo", ""},
	}
	for _, c := range calls {
		for who, tok := range map[string]string{"clerk": h.clerkToken, "director": h.directorToken} {
			r := h.do(c.method, c.path, tok, c.body)
			if r.StatusCode != http.StatusForbidden || r.Header.Get(deniedHeader) == "" {
				t.Errorf("%s %s as %s: status %d", c.method, c.path, who, r.StatusCode)
			}
		}
		if r := h.do(c.method, c.path, "", c.body, deviceHeader, kiosk); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s as a kiosk: status %d", c.method, c.path, r.StatusCode)
		}
	}
	var n int
	h.check(h.svc.DB.Read(h.ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(h.ctx, "SELECT count(*) FROM ratings").Scan(&n)
	}))
	if n != 0 {
		t.Fatalf("%d ratings stored by staff", n)
	}
}

// TestPadAPIAndForm: the pad reads its occasion, rates it once through the
// API (a second is 409, R4.6), rates the next through the form with a
// redirect to the thank-you screen, and the statistics count both per level.
func TestPadAPIAndForm(t *testing.T) {
	h := newPadHall(t)
	id := h.served()
	var v service.PadView
	r := h.asPad("GET", "/api/v1/pad", "")
	if r.StatusCode != http.StatusOK || json.NewDecoder(r.Body).Decode(&v) != nil || v.TicketID != id || v.StaffName != "clerk1" {
		t.Fatalf("pad view: %d %+v", r.StatusCode, v)
	}
	body := `{"ticket_id":` + strconv.FormatInt(id, 10) + `,"attitude":1,"efficiency":2}`
	if r := h.asPad("POST", "/api/v1/pad/ratings", body); r.StatusCode != http.StatusCreated {
		t.Fatalf("rate: %d %s", r.StatusCode, readBody(t, r))
	}
	r = h.asPad("POST", "/api/v1/pad/ratings", body)
	if b := readBody(t, r); r.StatusCode != http.StatusConflict || !strings.Contains(b, `"rule": "R4.6"`) {
		t.Fatalf("second rating: %d %s", r.StatusCode, b)
	}
	if r := h.asPad("POST", "/api/v1/pad/ratings", `{"attitude":"x"}`); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("garbage: %d", r.StatusCode)
	}
	id2 := strconv.FormatInt(h.served(), 10)
	if b := readBody(t, h.asPad("GET", "/pad", "")); !strings.Contains(b, `id="pad-form"`) || !strings.Contains(b, "非常不满意") {
		t.Fatalf("pad page without the form: %s", b)
	}
	r = h.asPad("POST", "/pad/ratings", "ticket_id="+id2+"&attitude=5&efficiency=5&reasons=slow&reasons=attitude&comment=x")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/pad?thanks=1" {
		t.Fatalf("form rating: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if b := readBody(t, h.asPad("GET", "/pad?thanks=1", "")); !strings.Contains(b, "感谢您的评价") || strings.Contains(b, `id="pad-form"`) {
		t.Fatalf("thank-you screen: %s", b)
	}
	var st service.QueueStats
	r = h.do("GET", "/api/v1/centres/"+strconv.FormatInt(h.centreA, 10)+"/queue-stats", h.clerkToken, "")
	if r.StatusCode != http.StatusOK || json.NewDecoder(r.Body).Decode(&st) != nil {
		t.Fatalf("clerk's stats: %d", r.StatusCode)
	}
	if !st.OwnOnly || len(st.Clerks) != 1 || st.Clerks[0].Ratings != (service.RatingCounts{ByCode: [5]int{0, 1, 0, 0, 1}, Total: 2, Bad: 1}) {
		t.Fatalf("clerk's stats: %+v", st)
	}
	for _, path := range []string{"/queue/stats", "/queue/stats.xlsx"} {
		if r := h.do("GET", path+"?from=2026-03-02&to=2026-03-02", h.directorToken, ""); r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
	}
	if r := h.do("GET", "/queue/stats?from=bad", h.directorToken, ""); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad date: %d", r.StatusCode)
	}
}
