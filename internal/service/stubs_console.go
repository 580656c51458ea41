package service

// STUB FILE owned by the console helper: replace every function with the
// real implementation in its own file and delete this file.

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/queue"
)

// ConsoleView is everything the window console shows.
type ConsoleView struct {
	Window  *bianmin.Window      `json:"window"`
	State   *bianmin.WindowState `json:"state"`
	Post    string               `json:"post"` // the actor's post here: "A" or "B"
	Current *bianmin.Ticket      `json:"current,omitempty"`
	Waiting []*bianmin.Ticket    `json:"waiting"`  // callable here, in calling order, at most 50
	NoShows []*bianmin.Ticket    `json:"no_shows"` // today's no-shows of its queues
	Queues  []*bianmin.Queue     `json:"queues"`
	Windows []*bianmin.Window    `json:"windows"` // transfer targets
	Served  int                  `json:"served_today"`
	AAbsent bool                 `json:"a_absent"` // the A post holder has a recorded absence now
}

// CallResult is a call or recall as the console and display see it.
type CallResult struct {
	Ticket       *bianmin.Ticket    `json:"ticket"`
	Announcement queue.Announcement `json:"announcement"`
	NoShow       bool               `json:"no_show"` // the recall limit was reached: the ticket became a no-show
}

// FinishRequest ends a service.
type FinishRequest struct {
	Outcome string `json:"outcome"`
	CaseID  int64  `json:"case_id,omitempty"`
	Note    string `json:"note,omitempty"`
}

// TransferRequest sends the current ticket to another window or queue.
type TransferRequest struct {
	WindowID int64  `json:"window_id,omitempty"`
	QueueID  int64  `json:"queue_id,omitempty"`
	Reason   string `json:"reason"`
}

// MyWindows returns the windows where the actor holds the A or B post.
func (s *Service) MyWindows(ctx context.Context, a *bianmin.Actor) ([]*bianmin.Window, error) {
	return nil, errStub
}

// Console returns the console of a window for its A or B post holder.
func (s *Service) Console(ctx context.Context, a *bianmin.Actor, windowID int64) (*ConsoleView, error) {
	return nil, errStub
}

func (s *Service) OpenWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return errStub
}
func (s *Service) CloseWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return errStub
}
func (s *Service) PauseWindow(ctx context.Context, a *bianmin.Actor, windowID int64, reason string) error {
	return errStub
}
func (s *Service) ResumeWindow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return errStub
}
func (s *Service) CallNext(ctx context.Context, a *bianmin.Actor, windowID int64) (*CallResult, error) {
	return nil, errStub
}
func (s *Service) CallTicket(ctx context.Context, a *bianmin.Actor, windowID, ticketID int64, reason string) (*CallResult, error) {
	return nil, errStub
}
func (s *Service) Recall(ctx context.Context, a *bianmin.Actor, windowID int64) (*CallResult, error) {
	return nil, errStub
}
func (s *Service) MarkNoShow(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return errStub
}
func (s *Service) Reactivate(ctx context.Context, a *bianmin.Actor, ticketID int64) error {
	return errStub
}
func (s *Service) StartService(ctx context.Context, a *bianmin.Actor, windowID int64) error {
	return errStub
}
func (s *Service) FinishService(ctx context.Context, a *bianmin.Actor, windowID int64, r FinishRequest) error {
	return errStub
}
func (s *Service) Transfer(ctx context.Context, a *bianmin.Actor, windowID int64, r TransferRequest) error {
	return errStub
}

// RecordAbsence records an approved absence (duty chief, office, director).
func (s *Service) RecordAbsence(ctx context.Context, a *bianmin.Actor, ab *bianmin.Absence) error {
	return errStub
}
