package service

import (
	"context"
	"fmt"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// KioskMenu is what a kiosk offers.
type KioskMenu struct {
	CentreName   string       `json:"centre_name"`
	CentreNameEN string       `json:"centre_name_en,omitempty"`
	Issuing      bool         `json:"issuing"` // inside issuing hours
	Queues       []KioskQueue `json:"queues"`
	GreenMinAge  int          `json:"green_min_age"`
	IdleSeconds  int          `json:"idle_seconds"`
	NotIssuingZH string       `json:"not_issuing_zh,omitempty"`
	NotIssuingEN string       `json:"not_issuing_en,omitempty"`
}

// KioskQueue is one big button of the kiosk with the items under it.
type KioskQueue struct {
	Queue   *bianmin.Queue `json:"queue"`
	Waiting int            `json:"waiting"`
	Items   []KioskItem    `json:"items"`
}

// KioskItem is one item button.
type KioskItem struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// Queue returns the menu's queue with that ID, or nil.
func (m *KioskMenu) Queue(id int64) *KioskQueue {
	for i := range m.Queues {
		if m.Queues[i].Queue.ID == id {
			return &m.Queues[i]
		}
	}
	return nil
}

// Item returns the queue's item with that code, or nil.
func (q *KioskQueue) Item(code string) *KioskItem {
	for i := range q.Items {
		if q.Items[i].Code == code {
			return &q.Items[i]
		}
	}
	return nil
}

// Menu returns the kiosk's queues and items: the active queues of its
// centre in position order with their waiting counts and the published
// items of their departments, and whether tickets are issued now.
func (s *Service) Menu(ctx context.Context, d *bianmin.Device) (*KioskMenu, error) {
	if d == nil || d.Kind != bianmin.DeviceKiosk {
		return nil, bianmin.ErrForbidden
	}
	return s.menu(ctx, d.CentreID)
}

// StaffMenu is the kiosk's menu for the guide desk, which issues tickets
// for any queue and item of its centre.
func (s *Service) StaffMenu(ctx context.Context, a *bianmin.Actor, centreID int64) (*KioskMenu, error) {
	if err := s.readScoped(ctx, a, centreID, "ticket.menu", "queue"); err != nil {
		return nil, err
	}
	return s.menu(ctx, centreID)
}

func (s *Service) menu(ctx context.Context, centreID int64) (*KioskMenu, error) {
	p, _, err := s.EffectivePolicy(ctx, centreID)
	if err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	m := &KioskMenu{Queues: []KioskQueue{}, GreenMinAge: p.Queue.GreenChannelMinAge, IdleSeconds: p.Queue.KioskIdleResetSeconds}
	err = s.DB.Read(ctx, func(tx *store.Tx) error {
		c, err := store.CentreByID(ctx, tx, centreID)
		if err != nil {
			return err
		}
		m.CentreName, m.CentreNameEN = c.Name, c.NameEN
		open, sessions, err := issueOpen(ctx, tx, centreID, p, cal)
		if err != nil {
			return err
		}
		m.Issuing = open
		if !open {
			m.NotIssuingZH, m.NotIssuingEN = notIssuingReason(sessions, p.Queue.IssueStopMinutesBeforeClose)
		}
		return s.fillMenuQueues(ctx, tx, centreID, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Service) fillMenuQueues(ctx context.Context, tx *store.Tx, centreID int64, m *KioskMenu) error {
	qs, err := store.Queues(ctx, tx, centreID)
	if err != nil {
		return err
	}
	waiting, err := store.WaitingCounts(ctx, tx, centreID, bianmin.LocalDate(tx.Now))
	if err != nil {
		return err
	}
	for _, q := range qs {
		if !q.Active {
			continue
		}
		items, err := store.KioskItems(ctx, tx, centreID, q.DepartmentIDs)
		if err != nil {
			return err
		}
		kq := KioskQueue{Queue: q, Waiting: waiting[q.ID], Items: []KioskItem{}}
		for _, it := range items {
			kq.Items = append(kq.Items, KioskItem{Code: it.Code, Name: it.Name, NameEN: it.NameEN})
		}
		m.Queues = append(m.Queues, kq)
	}
	return nil
}

// issueOpen reports whether the centre issues tickets at tx.Now: inside one
// of today's hall sessions (the legal calendar, the policy's hours and the
// hall's own exceptions) and not within the policy's stop before the
// session ends. It returns today's sessions for the message.
func issueOpen(ctx context.Context, tx *store.Tx, centreID int64, p *policy.Policy, cal *calendar.Calendar) (bool, []calendar.Span, error) {
	d := calendar.DateOf(tx.Now)
	ex, err := store.HallDays(ctx, tx, centreID, d, d)
	if err != nil {
		return false, nil, err
	}
	sessions := cal.HallSessions(d, p.Hours(), ex)
	return queue.IssueOpen(tx.Now, sessions, p.Queue.IssueStopMinutesBeforeClose), sessions, nil
}

// notIssuingReason tells the citizen when tickets are issued today,
// or that the hall is closed today.
func notIssuingReason(sessions []calendar.Span, stop int) (zh, en string) {
	if len(sessions) == 0 {
		return "今日大厅不办公，暂停取号。", "The hall is closed today; no tickets are issued."
	}
	var times []string
	for _, s := range sessions {
		end := s.End - calendar.Minute(stop)
		if end > s.Start {
			times = append(times, calendar.Span{Start: s.Start, End: end}.String())
		}
	}
	list := strings.Join(times, "、")
	return fmt.Sprintf("现在不在取号时间内。今日取号时间：%s。已取号的市民都会办完（延时服务）。", list),
		fmt.Sprintf("Tickets are not issued now. Today's issuing hours: %s. Everyone holding a ticket will be served.",
			strings.Join(times, ", "))
}

// TicketForDevice returns a ticket issued by this kiosk today, for its
// print view. Another kiosk's ticket, or an older one, is not found.
func (s *Service) TicketForDevice(ctx context.Context, d *bianmin.Device, ticketID int64) (*IssuedTicket, error) {
	if d == nil || d.Kind != bianmin.DeviceKiosk {
		return nil, bianmin.ErrForbidden
	}
	return s.ticketView(ctx, func(tx *store.Tx) (*bianmin.Ticket, error) {
		t, err := store.TicketByID(ctx, tx, ticketID)
		if err != nil {
			return nil, err
		}
		if t.DeviceID != d.ID || t.ServiceDate != bianmin.LocalDate(tx.Now) {
			return nil, bianmin.ErrNotFound
		}
		return t, nil
	})
}
