package web

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// consoleRoutes: the window console of the A and B post holders (Q-1, Q-2,
// FI-2, AB-1) and the absence register. The routes admit clerks;
// the service admits only the holders of the window's posts.
func (s *Server) consoleRoutes() []route {
	clerk := rolesOnly(bianmin.RoleClerk)
	recorders := rolesOnly(absenceRecorders...)
	rs := []route{
		{method: "GET", pattern: "/console", access: clerk, h: s.pageMyWindows},
		{method: "GET", pattern: "/console/{id}", access: clerk, h: s.pageConsole},
		{method: "POST", pattern: "/console/{id}/{action}", access: clerk, h: s.doConsole},
		{method: "GET", pattern: "/admin/absences", access: recorders, h: s.pageAbsences},
		{method: "POST", pattern: "/admin/absences", access: recorders, h: s.doRecordAbsence},
	}
	return append(rs, s.consoleAPIRoutes()...)
}

// consoleInput is every field a console action may take, from a form or
// a JSON body.
type consoleInput struct {
	TicketID int64  `json:"ticket_id,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Outcome  string `json:"outcome,omitempty"`
	CaseID   int64  `json:"case_id,omitempty"`
	Note     string `json:"note,omitempty"`
	WindowID int64  `json:"window_id,omitempty"`
	QueueID  int64  `json:"queue_id,omitempty"`
}

// consoleAct runs one console action at a window: the page and the API
// call the same service function, so a call from either updates the
// display, the voice, the audit log and the statistics alike. Calls and
// recalls return their result; an unknown action is not found.
func (s *Server) consoleAct(ctx context.Context, a *bianmin.Actor, windowID int64, action string, in consoleInput) (*service.CallResult, error) {
	switch action {
	case "open":
		return nil, s.svc.OpenWindow(ctx, a, windowID)
	case "close":
		return nil, s.svc.CloseWindow(ctx, a, windowID)
	case "pause":
		return nil, s.svc.PauseWindow(ctx, a, windowID, in.Reason)
	case "resume":
		return nil, s.svc.ResumeWindow(ctx, a, windowID)
	case "call-next":
		return s.svc.CallNext(ctx, a, windowID)
	case "call":
		return s.svc.CallTicket(ctx, a, windowID, in.TicketID, in.Reason)
	case "recall":
		return s.svc.Recall(ctx, a, windowID)
	case "no-show":
		return nil, s.svc.MarkNoShow(ctx, a, windowID)
	case "start":
		return nil, s.svc.StartService(ctx, a, windowID)
	case "finish":
		return nil, s.svc.FinishService(ctx, a, windowID, service.FinishRequest{Outcome: in.Outcome, CaseID: in.CaseID, Note: in.Note})
	case "transfer":
		return nil, s.svc.Transfer(ctx, a, windowID, service.TransferRequest{WindowID: in.WindowID, QueueID: in.QueueID, Reason: in.Reason})
	}
	return nil, bianmin.ErrNotFound
}
