package service

import (
	"context"
	"math"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// StatusPerMinute bounds the status-page requests of one address per
// minute (SECURITY.md item 33: progress query 30/min/IP).
const StatusPerMinute = 30

// maxStatusToken bounds a status token before it reaches the database; the
// tokens handed out are 43 characters.
const maxStatusToken = 100

// TicketStatus returns a ticket's live status for its status page (public,
// by the unguessable token printed as a QR code): where it stands, how many
// wait before it, the estimated wait, the window it is called to, and
// whether it is time to come back (policy queue.near_front_people).
func (s *Service) TicketStatus(ctx context.Context, token string) (*IssuedTicket, error) {
	if token == "" || len(token) > maxStatusToken {
		return nil, bianmin.ErrNotFound
	}
	return s.ticketView(ctx, func(tx *store.Tx) (*bianmin.Ticket, error) { return store.TicketByToken(ctx, tx, token) })
}

// ticketView reads a ticket with find, then shows it under its centre's
// policy in a second read: the policy is read on its own, never nested in
// another transaction.
func (s *Service) ticketView(ctx context.Context, find func(tx *store.Tx) (*bianmin.Ticket, error)) (*IssuedTicket, error) {
	var centre int64
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		t, err := find(tx)
		if err == nil {
			centre = t.CentreID
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	p, err := s.policyFor(ctx, centre)
	if err != nil {
		return nil, err
	}
	var out *IssuedTicket
	err = s.DB.Read(ctx, func(tx *store.Tx) error {
		t, err := find(tx)
		if err != nil {
			return err
		}
		out, err = issuedView(ctx, tx, t, p)
		return err
	})
	return out, err
}

func (s *Service) policyFor(ctx context.Context, centreID int64) (*policy.Policy, error) {
	p, _, err := s.EffectivePolicy(ctx, centreID)
	return p, err
}

// LimitTicketStatus counts one status request of an address and refuses it
// beyond StatusPerMinute with a 429 and Retry-After (SECURITY.md item 33).
// The first refusal of each minute is audited; the rest roll back and are
// only logged, so a flood cannot fill the audit trail.
func (s *Service) LimitTicketStatus(ctx context.Context, source string) error {
	var over int
	err := s.write(ctx, func(tx *store.Tx) error {
		n, end, err := store.HitRate(ctx, tx, "ticket.status:"+source, time.Minute)
		if err != nil || n <= StatusPerMinute {
			return err
		}
		over = n
		e := retryErr(bianmin.Errorf(bianmin.ETOOMANY, "查询过于频繁，请稍后再试。",
			"Too many status requests; please try again shortly."), end.Sub(tx.Now))
		if n > StatusPerMinute+1 {
			return e
		}
		a := withRequest(ctx, &bianmin.Actor{Username: "anonymous", Source: source})
		return refuse(ctx, tx, a, bianmin.AuditEntry{Action: "ticket.status", ObjectType: "ticket", RuleID: ruleRateLimit}, e)
	})
	if over > StatusPerMinute+1 {
		s.Log.Warn("ticket status rate limit", "source", source, "count", over, "rule", ruleRateLimit)
	}
	return err
}

// issuedView is a ticket as the receipt, the status page and the API show
// it: without personal data or staff IDs (SECURITY.md item 25), with the
// people ahead and the estimated wait while it waits, and the window once
// it is called.
func issuedView(ctx context.Context, tx *store.Tx, t *bianmin.Ticket, p *policy.Policy) (*IssuedTicket, error) {
	q, err := store.QueueByID(ctx, tx, t.QueueID)
	if err != nil {
		return nil, err
	}
	c, err := store.CentreByID(ctx, tx, t.CentreID)
	if err != nil {
		return nil, err
	}
	out := &IssuedTicket{Ticket: publicTicket(t), QueueName: q.Name, QueueNameEN: q.NameEN, StatusPath: "/t/" + t.StatusToken,
		CentreName: c.Name, CentreNameEN: c.NameEN}
	switch t.Status {
	case bianmin.TicketWaiting:
		waiting, err := store.WaitingTickets(ctx, tx, t.QueueID, t.ServiceDate)
		if err != nil {
			return nil, err
		}
		out.Ahead = aheadOf(t, waiting, tx.Now)
		if out.WaitMinutes, err = waitMinutes(ctx, tx, t.QueueID, out.Ahead, p.Queue.WaitSample); err != nil {
			return nil, err
		}
		out.NearFront = out.Ahead <= p.Queue.NearFrontPeople
	case bianmin.TicketCalled, bianmin.TicketServing:
		if out.WindowNo, err = store.WindowNumber(ctx, tx, t.WindowID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// publicTicket copies what a citizen's receipt and status page may show:
// no ID or phone (not even masked), no green-channel reason (health is
// sensitive) and no staff or device IDs.
func publicTicket(t *bianmin.Ticket) *bianmin.Ticket {
	return &bianmin.Ticket{ID: t.ID, CentreID: t.CentreID, QueueID: t.QueueID, ServiceDate: t.ServiceDate,
		Prefix: t.Prefix, Number: t.Number, Code: t.Code, ItemCode: t.ItemCode, ItemName: t.ItemName, Kind: t.Kind,
		Status: t.Status, OrderAt: t.OrderAt, SlotAt: t.SlotAt, CallCount: t.CallCount, IssuedAt: t.IssuedAt,
		CalledAt: t.CalledAt, StartedAt: t.StartedAt, FinishedAt: t.FinishedAt}
}

// aheadOf counts the waiting tickets a window would call before t. It
// follows queue.Pick's classes — a checked-in appointment whose slot has
// begun, then the green channel, then everyone else by arrival — but not
// its anti-starvation rule, and it assumes every window calls only this
// queue. So it is an honest upper estimate for a normal ticket when green
// tickets wait, and exact otherwise; it never counts t itself.
func aheadOf(t *bianmin.Ticket, waiting []store.WaitingTicket, now time.Time) int {
	me := store.WaitingTicket{ID: t.ID, Kind: t.Kind, OrderAt: t.OrderAt, SlotAt: t.SlotAt}
	n := 0
	for _, w := range waiting {
		if w.ID != t.ID && callsBefore(w, me, now) {
			n++
		}
	}
	return n
}

// pickClass is the rank of a waiting ticket in queue.Pick's order.
func pickClass(w store.WaitingTicket, now time.Time) int {
	switch {
	case w.Kind == bianmin.TicketAppointment && w.SlotAt != nil && !w.SlotAt.After(now):
		return 0
	case w.Kind == bianmin.TicketGreen:
		return 1
	}
	return 2
}

func callsBefore(a, b store.WaitingTicket, now time.Time) bool {
	ca, cb := pickClass(a, now), pickClass(b, now)
	if ca != cb {
		return ca < cb
	}
	if ca == 0 && !a.SlotAt.Equal(*b.SlotAt) {
		return a.SlotAt.Before(*b.SlotAt)
	}
	if !a.OrderAt.Equal(b.OrderAt) {
		return a.OrderAt.Before(b.OrderAt)
	}
	return a.ID < b.ID
}

// waitMinutes estimates the wait in whole minutes, rounded up, from the
// queue's last `sample` service times and its windows taking calls now.
func waitMinutes(ctx context.Context, tx *store.Tx, queueID int64, ahead, sample int) (int, error) {
	if ahead == 0 {
		return 0, nil
	}
	recent, err := store.RecentServiceTimes(ctx, tx, queueID, sample)
	if err != nil {
		return 0, err
	}
	open, err := store.OpenWindowsFor(ctx, tx, queueID)
	if err != nil {
		return 0, err
	}
	return int(math.Ceil(queue.EstimateWait(ahead, recent, open).Minutes())), nil
}

// TicketForStaff returns a ticket of a centre for the guide desk's receipt
// print view.
func (s *Service) TicketForStaff(ctx context.Context, a *bianmin.Actor, ticketID int64) (*IssuedTicket, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	out, err := s.ticketView(ctx, func(tx *store.Tx) (*bianmin.Ticket, error) { return store.TicketByID(ctx, tx, ticketID) })
	if err != nil {
		return nil, err
	}
	if !inScope(a, out.Ticket.CentreID) {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: out.Ticket.CentreID, Action: "ticket.read",
			ObjectType: "ticket", ObjectID: idStr(ticketID)})
	}
	return out, nil
}

// NoShows lists today's no-shows 过号 of a centre for the guide desk, which
// may reactivate them. Masked personal data only.
func (s *Service) NoShows(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Ticket, error) {
	if err := s.readScoped(ctx, a, centreID, "ticket.no_shows", "ticket"); err != nil {
		return nil, err
	}
	out := []*bianmin.Ticket{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ts, err := store.TicketsWithStatus(ctx, tx, centreID, bianmin.LocalDate(tx.Now), bianmin.TicketNoShow)
		out = append(out, ts...)
		return err
	})
	return out, err
}
