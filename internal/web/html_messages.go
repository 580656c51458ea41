package web

import (
	"net/http"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// messagesPage is what messages.html shows: the outbox of messages to
// applicants (C-7) — to whom (masked), what, when, how and whether sent.
type messagesPage struct {
	CentreID int64
	Status   string
	Statuses []string
	Messages []service.MessageRow
}

func (s *Server) pageMessages(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	ms, err := s.svc.ListMessages(r.Context(), req(r).Actor, centreID, status)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "messages", &messagesPage{CentreID: centreID, Status: status, Messages: ms,
		Statuses: []string{bianmin.OutboxPending, bianmin.OutboxSent, bianmin.OutboxFailed}})
	return nil
}
