package web

import (
	"net/http"

	"bianmin/internal/service"
)

type messagesResponse struct {
	Messages []service.MessageRow `json:"messages"`
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.CaseView(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v)
	return nil
}

// apiCaseAction runs a processing action and answers with the case as it
// is now, so a client sees the new status, steps and deadline at once;
// a payment answers ok.
func (s *Server) apiCaseAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in caseInput
		if err := decodeOptionalJSON(r, &in); err != nil {
			return err
		}
		if err := s.caseAct(r.Context(), req(r).Actor, id, action, in); err != nil {
			return err
		}
		if action == "pay" { // the cashier may be a clerk who cannot read the case
			writeJSON(w, http.StatusOK, okResponse{OK: true})
			return nil
		}
		return s.apiCase(w, r)
	}
}

func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	ms, err := s.svc.ListMessages(r.Context(), req(r).Actor, id, r.URL.Query().Get("status"))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []service.MessageRow{}
	}
	writeJSON(w, http.StatusOK, messagesResponse{Messages: ms})
	return nil
}
