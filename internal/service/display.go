package service

import (
	"context"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// DisplayState is what a hall display shows: ticket codes, window numbers,
// states and counts, and no personal data at all (R8.3).
type DisplayState struct {
	CentreName   string          `json:"centre_name"`
	CentreNameEN string          `json:"centre_name_en"`
	Calls        []DisplayCall   `json:"calls"` // latest first
	Windows      []DisplayWindow `json:"windows"`
	Queues       []DisplayQueue  `json:"queues"`
	At           time.Time       `json:"at"`
}

// DisplayCall is one recent call or recall.
type DisplayCall struct {
	Code         string             `json:"code"`
	WindowNumber string             `json:"window_number"`
	Recall       bool               `json:"recall"`
	Announcement queue.Announcement `json:"announcement"`
	At           time.Time          `json:"at"`
}

// DisplayWindow is a window's state on the display.
type DisplayWindow struct {
	Number  string `json:"number"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	State   string `json:"state"`             // open (serving) / paused / closed
	Serving string `json:"serving,omitempty"` // ticket code called or served there
	Calling bool   `json:"calling,omitempty"` // called, the citizen not yet at the window
}

// DisplayQueue is a queue's waiting count.
type DisplayQueue struct {
	Prefix  string `json:"prefix"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Waiting int    `json:"waiting"`
}

// displayCalls is how many recent calls a display lists.
const displayCalls = 8

// Display returns a centre's hall display state. It takes no actor: the
// display is a public screen in the hall, reached only through the routes
// of a paired display device, and shows nothing but codes, windows, states
// and counts (R8.3).
func (s *Service) Display(ctx context.Context, centreID int64) (*DisplayState, error) {
	var st *DisplayState
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		c, err := store.CentreByID(ctx, tx, centreID)
		if err != nil {
			return err
		}
		day := bianmin.LocalDate(tx.Now)
		calls, err := store.HallCalls(ctx, tx, centreID, day, displayCalls)
		if err != nil {
			return err
		}
		windows, err := store.HallWindows(ctx, tx, centreID, day)
		if err != nil {
			return err
		}
		queues, err := store.HallQueues(ctx, tx, centreID, day)
		if err != nil {
			return err
		}
		st = &DisplayState{CentreName: c.Name, CentreNameEN: c.NameEN, At: tx.Now,
			Calls: displayCallsOf(calls), Windows: displayWindowsOf(windows), Queues: displayQueuesOf(queues)}
		return nil
	})
	return st, err
}

func displayCallsOf(rows []store.HallCall) []DisplayCall {
	out := make([]DisplayCall, 0, len(rows))
	for _, r := range rows {
		code := bianmin.TicketCode(r.Prefix, r.Number)
		out = append(out, DisplayCall{Code: code, WindowNumber: r.WindowNumber, Recall: r.Recall,
			Announcement: queue.Announce(code, r.WindowNumber), At: r.At})
	}
	return out
}

func displayWindowsOf(rows []store.HallWindow) []DisplayWindow {
	out := make([]DisplayWindow, 0, len(rows))
	for _, r := range rows {
		w := DisplayWindow{Number: r.Number, Name: r.Name, NameEN: r.NameEN, State: r.State}
		if r.Prefix != "" {
			w.Serving, w.Calling = bianmin.TicketCode(r.Prefix, r.TicketNumber), !r.Serving
		}
		out = append(out, w)
	}
	return out
}

func displayQueuesOf(rows []store.HallQueue) []DisplayQueue {
	out := make([]DisplayQueue, 0, len(rows))
	for _, r := range rows {
		out = append(out, DisplayQueue{Prefix: r.Prefix, Name: r.Name, NameEN: r.NameEN, Waiting: r.Waiting})
	}
	return out
}

// DisplayCallOf turns a call or recall event into what a display shows
// and says; the announcement is rebuilt from code and window when the
// publisher left it out, so every call is spoken the same way.
func DisplayCallOf(ev live.Event) DisplayCall {
	a := queue.Announce(ev.Code, ev.WindowNumber)
	if ev.Announcement != nil {
		a = *ev.Announcement
	}
	return DisplayCall{Code: ev.Code, WindowNumber: ev.WindowNumber, Recall: ev.Kind == live.EventRecall,
		Announcement: a, At: ev.At}
}
