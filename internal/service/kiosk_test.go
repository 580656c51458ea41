package service_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/queue"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// local is an instant in Asia/Shanghai.
func local(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, bianmin.Shanghai)
}

// idNumber returns a valid resident ID number (GB 11643) of a person born
// on birth (YYYYMMDD), with the check character computed.
func idNumber(birth, seq string) string { return bianmin.WithIDCheck("110105" + birth + seq) }

func (h *hallEnv) kioskIssue(r service.IssueRequest) (*service.IssuedTicket, error) {
	return h.svc.IssueAtKiosk(h.ctx, h.kiosk, r)
}

func (h *hallEnv) mustKiosk(r service.IssueRequest) *service.IssuedTicket {
	h.t.Helper()
	it, err := h.kioskIssue(r)
	if err != nil {
		h.t.Fatalf("kiosk issue %+v: %v", r, err)
	}
	return it
}

func (h *hallEnv) mustGuide(r service.IssueRequest) *service.IssuedTicket {
	h.t.Helper()
	it, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, r)
	if err != nil {
		h.t.Fatalf("guide issue %+v: %v", r, err)
	}
	return it
}

// openAllDay opens the hall of township A round the clock on the dates, so
// that issuing at midnight can be tested (R6.12 hall exceptions).
func (h *hallEnv) openAllDay(dates ...string) {
	h.t.Helper()
	for _, s := range dates {
		d, _ := calendar.ParseDate(s)
		day := calendar.HallDay{Date: d, Open: true, Sessions: []calendar.Span{{Start: 0, End: 24 * 60}}}
		if err := h.svc.PutHallDay(h.ctx, h.director, h.townA, day); err != nil {
			h.t.Fatalf("open %s: %v", s, err)
		}
	}
}

func (h *hallEnv) savePolicy(doc string) {
	h.t.Helper()
	if _, err := h.svc.SavePolicyDocument(h.ctx, h.director, h.townA, "2026-03-02", []byte(doc), "kiosk test"); err != nil {
		h.t.Fatalf("policy: %v", err)
	}
}

func TestKioskMenuIssueAndPrintView(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		m, err := h.svc.Menu(h.ctx, h.kiosk)
		if err != nil {
			t.Fatal(err)
		}
		if !m.Issuing || len(m.Queues) != 2 || m.GreenMinAge != 60 || m.IdleSeconds != 60 || m.CentreName == "" {
			t.Fatalf("menu: %+v", m)
		}
		if qa := m.Queue(h.qA.ID); qa == nil || qa.Item("SB-001") == nil || qa.Item("MZ-001") != nil {
			t.Fatalf("queue A items: %+v", qa)
		}
		if _, err := h.svc.Menu(h.ctx, h.display); !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("a display asked for the kiosk menu: %v", err)
		}

		first := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID, ItemCode: "SB-001"})
		tk := first.Ticket
		if tk.Code != "A001" || tk.ItemName != "社会保险登记" || tk.Status != bianmin.TicketWaiting || first.Ahead != 0 ||
			first.QueueName != "社保" || !strings.HasPrefix(first.StatusPath, "/t/") || len(first.StatusPath) < 40 {
			t.Fatalf("first ticket: %+v %+v", first, tk)
		}
		second := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		if second.Ticket.Code != "A002" || second.Ahead != 1 || second.WaitMinutes != 5 || !second.NearFront {
			t.Fatalf("second ticket: %+v", second)
		}
		if n := h.count("SELECT count(*) FROM ticket_events WHERE kind = 'issue'"); n != 2 {
			t.Fatalf("issue events: %d", n)
		}
		if n := h.auditRows("ticket.issue", "Q-1", bianmin.ResultOK); n != 2 {
			t.Fatalf("audit rows: %d", n)
		}
		if m, _ := h.svc.Menu(h.ctx, h.kiosk); m.Queue(h.qA.ID).Waiting != 2 {
			t.Fatalf("waiting count after two issues: %d", m.Queue(h.qA.ID).Waiting)
		}

		if _, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID, ItemCode: "MZ-001"}); !fields(err)["item_code"] {
			t.Fatalf("item of another queue: %v", err)
		}
		if _, err := h.kioskIssue(service.IssueRequest{QueueID: 9999}); !fields(err)["queue_id"] {
			t.Fatalf("unknown queue: %v", err)
		}

		pv, err := h.svc.TicketForDevice(h.ctx, h.kiosk, tk.ID)
		if err != nil || pv.Ticket.Code != "A001" || pv.StatusPath != first.StatusPath {
			t.Fatalf("print view: %v %+v", err, pv)
		}
		other, _ := h.mustDevice(bianmin.DeviceKiosk, "二楼取号机", 0)
		if _, err := h.svc.TicketForDevice(h.ctx, other, tk.ID); !errors.Is(err, bianmin.ErrNotFound) {
			t.Fatalf("another kiosk read the ticket: %v", err)
		}
		h.clock.Advance(24 * time.Hour)
		if _, err := h.svc.TicketForDevice(h.ctx, h.kiosk, tk.ID); !errors.Is(err, bianmin.ErrNotFound) {
			t.Fatalf("yesterday's ticket printed again: %v", err)
		}
	})
}

// TestKioskNumbering: 100 concurrent issues on one queue get the numbers
// 1..100 exactly once (SECURITY.md item 44); numbering restarts at
// midnight in Asia/Shanghai, not UTC.
func TestKioskNumbering(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.letClockRun()
		const n = 100
		var wg sync.WaitGroup
		numbers := make(chan int, n)
		errs := make(chan error, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				it, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: h.qA.ID})
				if err != nil {
					errs <- err
					return
				}
				numbers <- it.Ticket.Number
			}()
		}
		wg.Wait()
		close(numbers)
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent issue: %v", err)
		}
		seen := map[int]bool{}
		for num := range numbers {
			if seen[num] || num < 1 || num > n {
				t.Fatalf("number %d duplicated or out of 1..%d", num, n)
			}
			seen[num] = true
		}
		if len(seen) != n || h.count("SELECT count(DISTINCT number) FROM tickets WHERE queue_id = $1", h.qA.ID) != n {
			t.Fatalf("got %d numbers", len(seen))
		}

		h.openAllDay("2026-03-02", "2026-03-03")
		h.clock.Set(local(2026, 3, 2, 23, 59, 59), true)
		if it := h.mustGuide(service.IssueRequest{QueueID: h.qA.ID}); it.Ticket.Code != "A101" || it.Ticket.ServiceDate != "2026-03-02" {
			t.Fatalf("23:59:59: %s %s", it.Ticket.Code, it.Ticket.ServiceDate)
		}
		h.clock.Set(local(2026, 3, 3, 0, 0, 1), true)
		if it := h.mustGuide(service.IssueRequest{QueueID: h.qA.ID}); it.Ticket.Code != "A001" || it.Ticket.ServiceDate != "2026-03-03" {
			t.Fatalf("00:00:01: %s %s", it.Ticket.Code, it.Ticket.ServiceDate)
		}
		if b := h.mustGuide(service.IssueRequest{QueueID: h.qB.ID}); b.Ticket.Code != "B001" {
			t.Fatalf("queue B has its own counter: %s", b.Ticket.Code)
		}
	})
}

// TestKioskIdempotentRetries: the same Idempotency-Key ten times, in a row
// and at once, gives one ticket; the retries are marked Replayed and do
// not count against the kiosk's rate limit (SECURITY.md items 33, 45).
func TestKioskIdempotentRetries(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		r := service.IssueRequest{QueueID: h.qA.ID, ItemCode: "SB-001", IdemKey: "3f0c1e7a-9b1d-4c55-8f7e-2d6a0b9c1e42"}
		first := h.mustKiosk(r)
		for i := range 9 {
			again := h.mustKiosk(r)
			if again.Ticket.ID != first.Ticket.ID || !again.Replayed || again.StatusPath != first.StatusPath {
				t.Fatalf("retry %d: %+v", i, again)
			}
		}
		h.letClockRun()
		var wg sync.WaitGroup
		ids := make(chan int64, 10)
		r.IdemKey = "b2c41d9e-0f4a-4e1b-9a7c-5d3e2f1a0b6c"
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				it, err := h.kioskIssue(r)
				if err != nil {
					t.Errorf("concurrent retry: %v", err)
					return
				}
				ids <- it.Ticket.ID
			}()
		}
		wg.Wait()
		close(ids)
		var got []int64
		for id := range ids {
			if len(got) > 0 && id != got[0] {
				t.Fatalf("concurrent retries got tickets %d and %d", got[0], id)
			}
			got = append(got, id)
		}
		if n := h.count("SELECT count(*) FROM tickets"); n != 2 {
			t.Fatalf("%d tickets for two keys", n)
		}
		if n := h.count("SELECT last_no FROM queue_counters WHERE queue_id = $1", h.qA.ID); n != 2 {
			t.Fatalf("counter %d after two tickets: a rolled-back race left a gap", n)
		}
		other, _ := h.mustDevice(bianmin.DeviceKiosk, "二楼取号机", 0)
		if _, err := h.svc.IssueAtKiosk(h.ctx, other, r); !fields(err)["idempotency_key"] {
			t.Fatalf("another kiosk reused the key: %v", err)
		}
		if _, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID, IdemKey: "有空格 的键"}); !fields(err)["idempotency_key"] {
			t.Fatalf("malformed key: %v", err)
		}
	})
}

// TestKioskIssuingHours: the kiosk issues only inside the hall's sessions
// and until the policy's stop before each session ends.
func TestKioskIssuingHours(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		try := func(at time.Time, want bool) {
			t.Helper()
			h.clock.Set(at, true)
			_, err := h.kioskIssue(service.IssueRequest{QueueID: h.qB.ID})
			if want && err != nil || !want && !errors.Is(err, queue.ErrNotIssuing) {
				t.Fatalf("%s: got %v, want issuing %v", at.Format("01-02 15:04"), err, want)
			}
			m, err := h.svc.Menu(h.ctx, h.kiosk)
			if err != nil || m.Issuing != want || !want && m.NotIssuingZH == "" {
				t.Fatalf("%s menu: %v %+v", at.Format("15:04"), err, m)
			}
		}
		try(local(2026, 3, 2, 7, 59, 0), false)
		try(local(2026, 3, 2, 8, 0, 0), true)
		try(local(2026, 3, 2, 12, 0, 0), false)
		try(local(2026, 3, 2, 13, 29, 0), false)
		try(local(2026, 3, 2, 13, 30, 0), true)
		try(local(2026, 3, 7, 9, 0, 0), false) // Saturday
		m, _ := h.svc.Menu(h.ctx, h.kiosk)
		if !strings.Contains(m.NotIssuingZH, "不办公") {
			t.Fatalf("Saturday reason: %q", m.NotIssuingZH)
		}

		h.clock.Set(local(2026, 3, 2, 9, 0, 0), true)
		h.savePolicy("queue:\n  issue_stop_minutes_before_close: 30\n")
		try(local(2026, 3, 2, 11, 29, 0), true)
		try(local(2026, 3, 2, 11, 30, 0), false)
		m, _ = h.svc.Menu(h.ctx, h.kiosk)
		if !strings.Contains(m.NotIssuingZH, "08:00-11:30") || !strings.Contains(m.NotIssuingEN, "13:30-16:30") {
			t.Fatalf("reason names the issuing hours: %q / %q", m.NotIssuingZH, m.NotIssuingEN)
		}
		if _, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: h.qA.ID}); !errors.Is(err, queue.ErrNotIssuing) {
			t.Fatalf("the guide desk issued after the stop: %v", err)
		}
	})
}

// TestKioskDailyLimit: a queue's own daily limit, else the policy's.
func TestKioskDailyLimit(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		h.qA.DailyLimit = 2
		if err := h.svc.SaveQueue(h.ctx, h.director, h.qA); err != nil {
			t.Fatal(err)
		}
		h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		_, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID})
		if e := wantCode(t, err, bianmin.ECONFLICT, "third ticket of a queue limited to 2"); e.Rule != "Q-1" {
			t.Fatalf("rule %q", e.Rule)
		}
		h.savePolicy("queue:\n  daily_ticket_limit: 1\n")
		h.mustKiosk(service.IssueRequest{QueueID: h.qB.ID})
		wantCode(t, func() error { _, err := h.kioskIssue(service.IssueRequest{QueueID: h.qB.ID}); return err }(),
			bianmin.ECONFLICT, "second ticket under the policy's limit of 1")
		if n := h.count("SELECT count(*) FROM tickets"); n != 3 {
			t.Fatalf("%d tickets", n)
		}
	})
}

// TestKioskRateLimits: more than kiosk_tickets_per_minute tickets from one
// kiosk, or more than kiosk_tickets_per_id_per_matter_day for one ID and
// matter, are refused with 429, Retry-After and an audit row (SECURITY.md
// item 33). Only the masked ID is stored.
func TestKioskRateLimits(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		for range 6 {
			h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		}
		_, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID})
		if e := wantCode(t, err, bianmin.ETOOMANY, "seventh ticket in a minute"); e.Rule != "SECURITY-33" {
			t.Fatalf("rule %q", e.Rule)
		}
		if d, ok := service.RetryAfter(err); !ok || d <= 0 || d > time.Minute {
			t.Fatalf("retry after %v %v", d, ok)
		}
		if n := h.auditRows("ticket.issue", "SECURITY-33", bianmin.ResultDenied); n != 1 {
			t.Fatalf("%d audit rows of the refusal", n)
		}
		if _, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: h.qA.ID}); err != nil {
			t.Fatalf("the guide desk has no kiosk limit: %v", err)
		}

		h.clock.Advance(time.Minute)
		id := idNumber("19800101", "123")
		r := service.IssueRequest{QueueID: h.qA.ID, ItemCode: "SB-001", IDNumber: id, Phone: "138 1234 5678"}
		for range 2 {
			it := h.mustKiosk(r)
			if it.Ticket.IDMasked != "" || it.Ticket.PhoneMasked != "" {
				t.Fatalf("the receipt view carries personal data: %+v", it.Ticket)
			}
		}
		_, err = h.kioskIssue(r)
		wantCode(t, err, bianmin.ETOOMANY, "third ticket for one ID and matter")
		if d, _ := service.RetryAfter(err); d < 14*time.Hour {
			t.Fatalf("per-ID limit retry after %v, want until midnight", d)
		}
		h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID, IDNumber: strings.ToLower(id)}) // another matter
		if n := h.count("SELECT count(*) FROM tickets WHERE id_masked = $1 AND phone_masked = $2", bianmin.MaskID(id), "138****5678"); n != 2 {
			t.Fatalf("%d tickets with the masked ID and phone", n)
		}
		for _, q := range []string{"SELECT count(*) FROM tickets WHERE id_masked LIKE $1", "SELECT count(*) FROM audit_log WHERE after_json LIKE $1",
			"SELECT count(*) FROM rate_counters WHERE bucket LIKE $1"} {
			if n := h.count(q, "%"+id[6:14]+"%"); n != 0 {
				t.Fatalf("%s: the birth date of the ID is stored in clear", q)
			}
		}
	})
}

func TestKioskFieldsAndGreenChannel(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		valid := idNumber("19800101", "123")
		wrongCheck := valid[:17] + map[bool]string{true: "1", false: "2"}[valid[17] != '1']
		_, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID, IDNumber: wrongCheck, Phone: "1234"})
		if f := fields(err); !f["id_number"] || !f["phone"] {
			t.Fatalf("bad ID and phone: %v", f)
		}
		sixty := idNumber("19660302", "041")  // 60 today, 2026-03-02
		almost := idNumber("19660303", "052") // 60 tomorrow
		it := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID, IDNumber: sixty, Green: true})
		if it.Ticket.Kind != bianmin.TicketGreen {
			t.Fatalf("a 60-year-old asked for the green channel: %s", it.Ticket.Kind)
		}
		if h.count("SELECT count(*) FROM tickets WHERE kind = 'green' AND kind_reason = 'elderly'") != 1 ||
			h.auditRows("ticket.issue", "Q-2", bianmin.ResultOK) != 1 {
			t.Fatal("green ticket not stored as elderly with rule Q-2")
		}
		_, err = h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID, IDNumber: almost, Green: true})
		if e := wantCode(t, err, bianmin.EINVALID, "one day short of 60"); e.Field != "green" || e.Rule != "Q-2" || !strings.Contains(e.ZH, "导办台") {
			t.Fatalf("green refusal: %+v", e)
		}
		if !fields(func() error { _, err := h.kioskIssue(service.IssueRequest{QueueID: h.qA.ID, Green: true}); return err }())["green"] {
			t.Fatal("green without an ID at the kiosk")
		}
		if it := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID, IDNumber: sixty}); it.Ticket.Kind != bianmin.TicketNormal {
			t.Fatal("the kiosk made a ticket green that did not ask for it")
		}

		g := h.mustGuide(service.IssueRequest{QueueID: h.qB.ID, ItemCode: "MZ-001", Green: true, GreenReason: bianmin.GreenDisabled})
		if g.Ticket.Kind != bianmin.TicketGreen || g.Ticket.KindReason != "" {
			t.Fatalf("guide green ticket (reason hidden from the public view): %+v", g.Ticket)
		}
		if h.count("SELECT count(*) FROM tickets WHERE kind_reason = 'disabled' AND issued_by IS NOT NULL AND device_id IS NULL") != 1 {
			t.Fatal("the guide's reason was not stored")
		}
		if !fields(func() error {
			_, err := h.svc.IssueByStaff(h.ctx, h.guide, h.townA, service.IssueRequest{QueueID: h.qB.ID, Green: true})
			return err
		}())["green_reason"] {
			t.Fatal("green without a reason at the guide desk")
		}
		for _, a := range []*bianmin.Actor{h.dutyChief, h.director} {
			if _, err := h.svc.IssueByStaff(h.ctx, a, h.townA, service.IssueRequest{QueueID: h.qB.ID, Green: true, GreenReason: bianmin.GreenSick}); err != nil {
				t.Fatalf("%s at the guide desk: %v", a.Username, err)
			}
		}
		_, err = h.svc.IssueByStaff(h.ctx, h.w1a, h.townA, service.IssueRequest{QueueID: h.qA.ID})
		wantForbidden(t, err, "a clerk issues at the guide desk")
		if n := h.auditRows("ticket.issue", "SECURITY-9", bianmin.ResultDenied); n != 1 {
			t.Fatalf("clerk refusal audited %d times", n)
		}
		_, err = h.svc.IssueByStaff(h.ctx, h.guide, h.townB, service.IssueRequest{QueueID: h.qA.ID})
		wantForbidden(t, err, "a guide of township A issues for township B")
	})
}

// TestTicketStatus: people ahead follow the call order (green before
// normal), the estimate uses recent service times and open windows, a
// called ticket names its window, and the page's rate limit holds.
func TestTicketStatus(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		a1 := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		h.clock.Advance(time.Second)
		a2 := h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID})
		h.clock.Advance(time.Second)
		a3 := h.mustGuide(service.IssueRequest{QueueID: h.qA.ID, Green: true, GreenReason: bianmin.GreenElderly})
		h.clock.Advance(time.Second)
		for _, code := range []string{"SB-001", "", "SB-001"} {
			h.mustKiosk(service.IssueRequest{QueueID: h.qA.ID, ItemCode: code})
		}
		status := func(it *service.IssuedTicket) *service.IssuedTicket {
			t.Helper()
			st, err := h.svc.TicketStatus(h.ctx, strings.TrimPrefix(it.StatusPath, "/t/"))
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		if st := status(a3); st.Ahead != 0 || st.Ticket.Code != "A003" || !st.NearFront {
			t.Fatalf("green ticket: %+v", st)
		}
		if st := status(a2); st.Ahead != 2 || st.WaitMinutes != 10 || !st.NearFront {
			t.Fatalf("A002 behind A001 and the green A003: %+v", st)
		}
		a6 := &service.IssuedTicket{StatusPath: "/t/" + h.lastToken()}
		if st := status(a6); st.Ahead != 5 || st.NearFront {
			t.Fatalf("A006: %+v", st)
		}

		// Two finished services of 2 and 4 minutes and two open windows:
		// 5 ahead × 3 min median / 2 windows = 7.5 → 8 minutes.
		h.finishOld(2*time.Minute, 4*time.Minute)
		h.openWindows(h.win1.ID, h.win2.ID)
		if st := status(a6); st.WaitMinutes != 8 {
			t.Fatalf("estimate: %+v", st)
		}

		h.setCalled(a1.Ticket.ID, h.win2.ID)
		if st := status(a1); st.Ticket.Status != bianmin.TicketCalled || st.WindowNo != "2" || st.Ahead != 0 {
			t.Fatalf("called: %+v", st)
		}
		if _, err := h.svc.TicketStatus(h.ctx, "no-such-token"); !errors.Is(err, bianmin.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}

		for i := range service.StatusPerMinute {
			if err := h.svc.LimitTicketStatus(h.ctx, "203.0.113.7"); err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
		}
		for range 3 {
			err := h.svc.LimitTicketStatus(h.ctx, "203.0.113.7")
			wantCode(t, err, bianmin.ETOOMANY, "status request beyond the limit")
			if _, ok := service.RetryAfter(err); !ok {
				t.Fatal("no Retry-After")
			}
		}
		if n := h.auditRows("ticket.status", "SECURITY-33", bianmin.ResultDenied); n != 1 {
			t.Fatalf("%d audit rows for a flood; want the first refusal only", n)
		}
		if err := h.svc.LimitTicketStatus(h.ctx, "203.0.113.8"); err != nil {
			t.Fatalf("another address: %v", err)
		}

		h.setStatus(a2.Ticket.ID, bianmin.TicketWaiting, bianmin.TicketNoShow)
		ns, err := h.svc.NoShows(h.ctx, h.guide, h.townA)
		if err != nil || len(ns) != 1 || ns[0].Code != "A002" {
			t.Fatalf("no-shows: %v %+v", err, ns)
		}
		if _, err := h.svc.NoShows(h.ctx, h.guide, h.townB); !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("no-shows of another centre: %v", err)
		}
		if pv, err := h.svc.TicketForStaff(h.ctx, h.guide, a3.Ticket.ID); err != nil || pv.Ticket.Code != "A003" {
			t.Fatalf("guide print view: %v", err)
		}
	})
}

// letClockRun unfreezes the test clock from where it stands, so that
// concurrent requests meet in the database rather than queue behind the
// calendar cache, which reloads on every call while the clock stands still.
func (h *hallEnv) letClockRun() { h.clock.Set(h.clock.Now(), false) }

// lastToken is the status token of the newest ticket.
func (h *hallEnv) lastToken() string {
	h.t.Helper()
	var tok string
	err := h.db.Read(h.ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(h.ctx, "SELECT status_token FROM tickets ORDER BY id DESC LIMIT 1").Scan(&tok)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

// finishOld records finished services of queue A from an earlier day with
// the given durations, the sample of the wait estimate.
func (h *hallEnv) finishOld(ds ...time.Duration) {
	h.t.Helper()
	for i, d := range ds {
		err := h.db.Write(h.ctx, func(tx *store.Tx) error {
			start := tx.Now.Add(-48 * time.Hour)
			end := start.Add(d)
			tk := &bianmin.Ticket{CentreID: h.townA, QueueID: h.qA.ID, ServiceDate: "2026-02-27", Prefix: "A", Number: i + 1,
				Kind: bianmin.TicketNormal, Status: bianmin.TicketWaiting, OrderAt: start, IssuedAt: start,
				StatusToken: fmt.Sprintf("old-%d", i)}
			if err := store.InsertTicket(h.ctx, tx, tk); err != nil {
				return err
			}
			tk.Status, tk.StartedAt, tk.FinishedAt = bianmin.TicketDone, &start, &end
			_, err := store.UpdateTicket(h.ctx, tx, tk, bianmin.TicketWaiting)
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
}

// openWindows marks windows as open, as the console does when a clerk
// takes the post.
func (h *hallEnv) openWindows(ids ...int64) {
	h.t.Helper()
	for _, id := range ids {
		err := h.db.Write(h.ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(h.ctx, `INSERT INTO window_states (window_id, state, post, since) VALUES ($1, 'open', 'A', $2)
				ON CONFLICT (window_id) DO UPDATE SET state = 'open'`, id, tx.Now)
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h *hallEnv) setCalled(ticketID, windowID int64) {
	h.t.Helper()
	h.updateTicket(ticketID, bianmin.TicketWaiting, func(tk *bianmin.Ticket, now time.Time) {
		tk.Status, tk.WindowID, tk.CalledAt, tk.CallCount = bianmin.TicketCalled, windowID, &now, 1
	})
}

func (h *hallEnv) setStatus(ticketID int64, from, to bianmin.TicketStatus) {
	h.t.Helper()
	h.updateTicket(ticketID, from, func(tk *bianmin.Ticket, _ time.Time) { tk.Status = to })
}

func (h *hallEnv) updateTicket(ticketID int64, from bianmin.TicketStatus, change func(*bianmin.Ticket, time.Time)) {
	h.t.Helper()
	err := h.db.Write(h.ctx, func(tx *store.Tx) error {
		tk, err := store.TicketByID(h.ctx, tx, ticketID)
		if err != nil {
			return err
		}
		change(tk, tx.Now)
		ok, err := store.UpdateTicket(h.ctx, tx, tk, from)
		if err == nil && !ok {
			err = errors.New("ticket changed under the test")
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
}
