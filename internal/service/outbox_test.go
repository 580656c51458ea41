package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/pii"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// gateway is a local SMS gateway: it records every POST and answers with
// the statuses queued in fail (then 200).
type gateway struct {
	*httptest.Server
	mu    sync.Mutex
	posts []gatewayPost
	fail  []int
}

type gatewayPost struct {
	Key   string
	Phone string `json:"phone"`
	Text  string `json:"text"`
	ID    int64  `json:"id"`
}

func newGateway(t *testing.T, fail ...int) *gateway {
	g := &gateway{fail: fail}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p gatewayPost
		if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&p) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		p.Key = r.Header.Get("Idempotency-Key")
		g.mu.Lock()
		g.posts = append(g.posts, p)
		status := http.StatusOK
		if len(g.fail) > 0 {
			status, g.fail = g.fail[0], g.fail[1:]
		}
		g.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(g.Close)
	return g
}

// perKey counts the POSTs of each idempotency key.
func (g *gateway) perKey() map[string]int {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := map[string]int{}
	for _, p := range g.posts {
		out[p.Key]++
	}
	return out
}

func (g *gateway) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.posts)
}

// outboxWorker is a service on the test database, as a second instance
// would run it, sending through the gateway with the given keys.
func (c *caseEnv) outboxWorker(keys *pii.Keys, g *gateway) *service.Service {
	s := service.New(c.db, c.clock, nil)
	s.Keys = keys
	if g != nil {
		s.Sender = service.NewWebhookSender(g.URL)
	}
	return s
}

// queueMessages puts n messages to distinct phones in the outbox, their
// dedupe keys starting with prefix.
func (c *caseEnv) queueMessages(keys *pii.Keys, prefix string, n int) []*bianmin.Message {
	c.t.Helper()
	var out []*bianmin.Message
	err := c.db.Write(c.ctx, func(tx *store.Tx) error {
		for i := range n {
			phone := fmt.Sprintf("139%08d", i)
			m := &bianmin.Message{CentreID: c.townA, Kind: "completed", Dedupe: fmt.Sprintf("%s:%d", prefix, i),
				RecipientEnc: keys.Seal(phone), RecipientMasked: bianmin.MaskPhone(phone),
				BodyZH: fmt.Sprintf("您好！第 %d 条", i), BodyEN: fmt.Sprintf("Hello, number %d", i)}
			if _, err := store.InsertMessage(c.ctx, tx, m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// message reads one outbox row.
func (c *caseEnv) message(id int64) *bianmin.Message {
	c.t.Helper()
	var ms []*bianmin.Message
	err := c.db.Read(c.ctx, func(tx *store.Tx) (err error) {
		ms, err = store.QueryMessages(c.ctx, tx, "id = $1", "", id)
		return err
	})
	if err != nil || len(ms) != 1 {
		c.t.Fatalf("message %d: %v", id, err)
	}
	return ms[0]
}

// sendAll runs a worker until nothing is due.
func sendAll(t *testing.T, s *service.Service) {
	t.Helper()
	for {
		n, err := s.SendOutboxOnce(context.Background())
		if err != nil {
			t.Error(err)
			return
		}
		if n == 0 {
			return
		}
	}
}

// Each message is POSTed once with its idempotency key and the applicant's
// phone opened from the sealed copy; it is marked sent once (C-7).
func TestOutboxWebhookSendsEachMessageOnce(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		keys, g := pii.Ephemeral(), newGateway(t)
		w := c.outboxWorker(keys, g)
		ms := c.queueMessages(keys, "once", 3)
		sendAll(t, w)
		sendAll(t, w)
		if g.count() != 3 {
			t.Fatalf("%d POSTs for 3 messages", g.count())
		}
		for i, m := range ms {
			key := fmt.Sprintf("bianmin-%d", m.ID)
			if g.perKey()[key] != 1 {
				t.Fatalf("message %d POSTed %d times", m.ID, g.perKey()[key])
			}
			p := g.posts[i]
			if p.Key != key || p.Phone != fmt.Sprintf("139%08d", i) || p.Text != m.BodyZH {
				t.Fatalf("POST %d: %+v", i, p)
			}
			got := c.message(m.ID)
			if got.Status != bianmin.OutboxSent || got.Channel != "webhook" || got.Attempts != 1 || got.SentAt == nil {
				t.Fatalf("sent message: %+v", got)
			}
		}
	})
}

// A gateway error is retried after the backoff with the same idempotency
// key; the error stays visible until it succeeds, and a message that keeps
// failing is given up after eight attempts.
func TestOutboxRetriesAfterGatewayError(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		keys, g := pii.Ephemeral(), newGateway(t, http.StatusInternalServerError)
		w := c.outboxWorker(keys, g)
		m := c.queueMessages(keys, "retry", 1)[0]
		sendAll(t, w)
		got := c.message(m.ID)
		if got.Status != bianmin.OutboxPending || got.Attempts != 1 || !strings.Contains(got.LastError, "500") ||
			!got.NextAt.After(c.clock.Now()) {
			t.Fatalf("after a 500: %+v", got)
		}
		sendAll(t, w)
		if g.count() != 1 {
			t.Fatalf("retried before the backoff: %d POSTs", g.count())
		}
		c.clock.Advance(61 * time.Second)
		sendAll(t, w)
		got = c.message(m.ID)
		if g.count() != 2 || g.perKey()[fmt.Sprintf("bianmin-%d", m.ID)] != 2 || got.Status != bianmin.OutboxSent ||
			got.Attempts != 2 || got.LastError != "" {
			t.Fatalf("after the retry: %d POSTs, %+v", g.count(), got)
		}

		down := newGateway(t, 503, 503, 503, 503, 503, 503, 503, 503, 503)
		w = c.outboxWorker(keys, down)
		lost := c.queueMessages(keys, "lost", 1)[0]
		for range 10 {
			sendAll(t, w)
			c.clock.Advance(3 * time.Hour)
		}
		got = c.message(lost.ID)
		if got.Status != bianmin.OutboxFailed || got.Attempts != 8 || !strings.Contains(got.LastError, "503") {
			t.Fatalf("a message that keeps failing: %+v, want failed after 8 attempts", got)
		}
	})
}

// Two workers — two instances on one database — racing over the same
// messages send each exactly once.
func TestOutboxTwoWorkersSendOnce(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		keys, g := pii.Ephemeral(), newGateway(t)
		a, b := c.outboxWorker(keys, g), c.outboxWorker(keys, g)
		ms := c.queueMessages(keys, "race", 45)
		var wg sync.WaitGroup
		for _, w := range []*service.Service{a, b, a, b} {
			wg.Go(func() { sendAll(t, w) })
		}
		wg.Wait()
		per := g.perKey()
		if len(per) != len(ms) || g.count() != len(ms) {
			t.Fatalf("%d POSTs over %d keys for %d messages", g.count(), len(per), len(ms))
		}
		for _, m := range ms {
			if got := c.message(m.ID); got.Status != bianmin.OutboxSent || got.Attempts != 1 {
				t.Fatalf("message %d: %+v", m.ID, got)
			}
		}
	})
}

// Without a sender, messages are recorded for staff to see (channel record).
func TestOutboxWithoutSenderRecords(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		keys := pii.Ephemeral()
		w := c.outboxWorker(keys, nil)
		m := c.queueMessages(keys, "record", 1)[0]
		sendAll(t, w)
		if got := c.message(m.ID); got.Status != bianmin.OutboxSent || got.Channel != service.ChannelRecord {
			t.Fatalf("recorded message: %+v", got)
		}
	})
}

// The running worker wakes when a use case commits a message: the
// completion message reaches the gateway without waiting for the poll.
func TestOutboxWorkerWakesOnCompletion(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		g := newGateway(t)
		c.svc.Sender = service.NewWebhookSender(g.URL)
		cs := c.approvedCase(c.immediate)
		sendAll(t, c.svc) // the acceptance message
		before := g.count()
		ctx, cancel := context.WithCancel(c.ctx)
		done := make(chan struct{})
		go func() { c.svc.RunOutbox(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		if err := c.svc.CompleteCase(c.ctx, c.w1b, cs.ID, service.CompleteRequest{Delivery: service.DeliveryPost}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second) // less than the poll interval
		for g.count() == before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if g.count() != before+1 {
			t.Fatalf("%d POSTs after completion, want %d", g.count(), before+1)
		}
		g.mu.Lock()
		last := g.posts[len(g.posts)-1]
		g.mu.Unlock()
		if last.Phone != "13912345678" || !strings.Contains(last.Text, "邮寄") {
			t.Fatalf("completion POST: %+v", last)
		}
	})
}

// The staff list of messages shows each role what it may read: the whole
// centre for centre-wide roles, the cases of their department for clerks
// (SECURITY.md item 9), never the phone in full (R8.2).
func TestListMessagesByDepartment(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		cs := c.approvedCase(c.immediate)
		if err := c.svc.CompleteCase(c.ctx, c.w1b, cs.ID, service.CompleteRequest{Delivery: service.DeliveryPickup}); err != nil {
			t.Fatal(err)
		}
		sendAll(t, c.svc)
		kinds := func(a *bianmin.Actor, status string) []string {
			t.Helper()
			rows, err := c.svc.ListMessages(c.ctx, a, c.townA, status)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				if r.CaseNo != cs.CaseNo || strings.Contains(r.RecipientMasked, "12345678") {
					t.Fatalf("row %+v: want case %s and a masked phone", r, cs.CaseNo)
				}
				out = append(out, r.Kind+":"+r.Status)
			}
			return out
		}
		want := "[completed:sent accepted:sent]"
		for name, a := range map[string]*bianmin.Actor{"director": c.director, "inspector": c.inspector, "duty leader": c.dutyLeader,
			"clerk of the centre": c.w2a, "chief rep of A1": c.chiefA1} {
			if got := fmt.Sprint(kinds(a, "")); got != want {
				t.Fatalf("%s sees %s, want %s", name, got, want)
			}
		}
		if got := kinds(c.director, bianmin.OutboxPending); len(got) != 0 {
			t.Fatalf("pending messages: %v", got)
		}
		clerkA2 := c.mustActor("clerka2", bianmin.Grant{Role: bianmin.RoleClerk, CentreID: c.townA, DepartmentID: c.deptA2})
		if got := kinds(clerkA2, ""); len(got) != 0 {
			t.Fatalf("a clerk of department A2 sees %v of an A1 case", got)
		}
		if _, err := c.svc.ListMessages(c.ctx, c.guide, c.townA, ""); !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("guide lists messages: %v, want forbidden", err)
		}
		if _, err := c.svc.ListMessages(c.ctx, c.director, c.townA, "lost"); bianmin.AsError(err).Field != "status" {
			t.Fatalf("unknown status: %v", err)
		}
	})
}

// The query code reaches the applicant's phone in the "accepted" message,
// while the stored row and every staff view hold only its mark
// (SECURITY.md item 32).
func TestOutboxSendsQueryCodeOnlyToTheApplicant(t *testing.T) {
	forEachCaseHall(t, func(t *testing.T, c *caseEnv) {
		g := newGateway(t)
		var lines []service.MaterialInput
		for i := range c.licence.Materials {
			lines = append(lines, service.MaterialInput{Position: i + 1, State: allIn[i], Count: 1})
		}
		res := c.mustIntake(c.w1a, service.IntakeRequest{ItemID: c.licence.ID, ApplicantType: bianmin.ApplicantPerson,
			ApplicantName: "张三", IDNumber: bianmin.WithIDCheck("11010519491231002"), Phone: "13912345678",
			Materials: lines, DecideRequest: service.DecideRequest{Outcome: "accept"}})
		sendAll(t, c.outboxWorker(c.svc.Keys, g))
		var sent string
		for _, p := range g.posts {
			if strings.Contains(p.Text, res.Case.CaseNo) && strings.Contains(p.Text, "查询码") {
				sent = p.Text
			}
		}
		if !strings.Contains(sent, res.QueryCode) || strings.Contains(sent, bianmin.SecretMark) {
			t.Fatalf("the applicant's message %q lacks the query code %s", sent, res.QueryCode)
		}
		v := c.view(res.Case.ID)
		for _, m := range v.Messages {
			if strings.Contains(m.BodyZH+m.BodyEN+m.SecretEnc, res.QueryCode) {
				t.Fatalf("the stored message shows the query code: %+v", m)
			}
			if m.Kind == "accepted" && !strings.Contains(m.BodyZH, bianmin.SecretMark) {
				t.Fatalf("the stored accepted message has no mark: %q", m.BodyZH)
			}
		}
	})
}
