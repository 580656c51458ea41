package web

import (
	"context"
	"net/http"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Bodies and answers of the intake and first-inquiry API, for the OpenAPI
// document.
type (
	materialsBody struct {
		Materials []service.MaterialInput `json:"materials"`
	}
	inquiryRequest struct {
		CentreID   int64  `json:"centre_id"`
		Channel    string `json:"channel"` // window, guide or phone
		WindowID   int64  `json:"window_id,omitempty"`
		TicketID   int64  `json:"ticket_id,omitempty"`
		AskerName  string `json:"asker_name,omitempty"`  // required for phone calls (FI-3)
		AskerPhone string `json:"asker_phone,omitempty"` // required for phone calls; stored sealed
		Question   string `json:"question"`
	}
	// inquiryInput is every field an inquiry action may take.
	inquiryInput struct {
		Answer       string `json:"answer,omitempty"`
		WindowID     int64  `json:"window_id,omitempty"`
		DepartmentID int64  `json:"department_id,omitempty"`
		Outcome      string `json:"outcome,omitempty"`
		Explanation  string `json:"explanation,omitempty"`
	}
	inquiriesResponse struct {
		Inquiries []*bianmin.Inquiry `json:"inquiries"`
	}
)

// inquiryActions documents each POST /api/v1/inquiries/{id}/{action}.
var inquiryActions = []struct {
	action, summary string
	body            any
}{
	{"answer", "Answer the matter and close the record (FI-1, FI-2): its owner, a post holder of the window it was handed to, staff of the department it was routed to, or the duty leader", struct {
		Answer string `json:"answer"`
	}{}},
	{"hand", "Hand the matter to the window it belongs to: that window's A and B post holders become first-receipt owners and see it until it is closed (FI-2, Q-7)", struct {
		WindowID int64 `json:"window_id"`
	}{}},
	{"close", "End the record: outcome answered or outside_remit (with the explanation given), handed (after a handover); referred passes it to the duty leader for routing instead (FI-2)", struct {
		Outcome     string `json:"outcome"`
		Explanation string `json:"explanation"`
	}{}},
	{"route", "Route a phone call or a referred matter to a department of the centre: the duty leader or the director (FI-3)", struct {
		DepartmentID int64 `json:"department_id"`
	}{}},
}

func (s *Server) intakeAPIRoutes() []route {
	intake, deciders := rolesOnly(service.IntakeStaff...), rolesOnly(intakeDeciders...)
	caseStaff, readers := rolesOnly(service.CaseStaff...), rolesOnly(inquiryReaders...)
	rs := []route{
		{method: "GET", pattern: "/api/v1/intake/options", access: intake, h: s.apiIntakeOptions,
			doc: apiDoc{Summary: "What an intake may start from (?ticket_id= of a ticket served at the caller's window, ?inquiry_id= of a first-inquiry record, ?centre_id=) and the published items the caller may take in there, with their materials checklists (ON-1)", Tag: "intake", Response: service.IntakeForm{}}},
		{method: "POST", pattern: "/api/v1/cases", access: intake, h: s.apiIntake,
			doc: apiDoc{Summary: "Take an application in (R1.2): a published item (its version is fixed), the applicant (person: ID number per GB 11643 with 15-digit conversion, R7.1; org: credit code per GB 32100, a checksum failure needs credit_code_override, R7.2b; ID and phone sealed), an agent (C-11), every checklist line's state, and the outcome — receive, consult (ON-1), supplement listing every owed line (ON-2), return with reason and legal basis (ON-3, R1.16) or accept (C-1: acceptance notice, deadline, query code returned once). Agents may only receive", Tag: "intake", Body: service.IntakeRequest{}, Response: service.IntakeResult{}}},
		{method: "POST", pattern: "/api/v1/cases/{id}/materials", access: intake, h: s.apiMaterials,
			doc: apiDoc{Summary: "Record what the applicant brought back before acceptance, by checklist position; lines handed in now are submitted now (R1.6: the acceptance date after a supplement is the day the last material is in)", Tag: "intake", Body: materialsBody{}, Response: okResponse{}}},
		{method: "POST", pattern: "/api/v1/cases/{id}/decide", access: deciders, h: s.apiDecide,
			doc: apiDoc{Summary: "Decide a received or supplement case: accept (C-1), supplement (ON-2: a second notice may only ask again what an earlier one asked or what was handed in since; otherwise it is refused and an ON-2 violation recorded), consult (ON-1) or return (ON-3)", Tag: "intake", Body: service.DecideRequest{}, Response: service.IntakeResult{}}},
		{method: "GET", pattern: "/api/v1/notices/{id}", access: caseStaff, h: s.apiNotice(false),
			doc: apiDoc{Summary: "A notice as issued with its case (applicant masked by the centre's policy), centre and names; not counted as a print, no query code (R1.4)", Tag: "intake", Response: service.NoticePrint{}}},
		{method: "POST", pattern: "/api/v1/notices/{id}/print", access: caseStaff, h: s.apiNotice(true),
			doc: apiDoc{Summary: "Print a notice: counted and audited with its print number, a reprint is numbered (R1.4); an acceptance notice includes its query code (SECURITY.md item 32)", Tag: "intake", Response: service.NoticePrint{}}},
		{method: "GET", pattern: "/api/v1/inquiries", access: readers, h: s.apiMyInquiries,
			doc: apiDoc{Summary: "The caller's open first-inquiry records: owned, handed to one of the caller's windows, or routed to a department the caller covers (FI-1..FI-3); names and phones masked", Tag: "inquiries", Response: inquiriesResponse{}}},
		{method: "POST", pattern: "/api/v1/inquiries", access: readers, h: s.apiOpenInquiry,
			doc: apiDoc{Summary: "Open a first-inquiry record owned by the caller (FI-1): channel window, guide or phone; a phone call records caller name and number and waits for the duty leader (FI-3)", Tag: "inquiries", Body: inquiryRequest{}, Response: bianmin.Inquiry{}}},
		{method: "GET", pattern: "/api/v1/inquiries/{id}", access: readers, h: s.apiInquiry,
			doc: apiDoc{Summary: "One first-inquiry record the caller works on, name masked", Tag: "inquiries", Response: bianmin.Inquiry{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/inquiries/routing", access: rolesOnly(service.InquiryRouters...), h: s.apiRoutingInquiries,
			doc: apiDoc{Summary: "A centre's phone calls and referred matters waiting for the duty leader to route them, oldest first (FI-3)", Tag: "inquiries", Response: inquiriesResponse{}}},
	}
	for _, ia := range inquiryActions {
		rs = append(rs, route{method: "POST", pattern: "/api/v1/inquiries/{id}/" + ia.action, access: readers,
			h: s.apiInquiryAction(ia.action), doc: apiDoc{Summary: ia.summary, Tag: "inquiries", Body: ia.body, Response: okResponse{}}})
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}

func (s *Server) apiIntakeOptions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	centre := idValue(q.Get("centre_id"))
	if centre == 0 {
		centre = homeCentre(req(r).Actor)
	}
	f, err := s.svc.IntakeForm(r.Context(), req(r).Actor, centre, idValue(q.Get("ticket_id")), idValue(q.Get("inquiry_id")))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) apiIntake(w http.ResponseWriter, r *http.Request) error {
	var in service.IntakeRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.svc.Intake(r.Context(), req(r).Actor, in)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, res)
	return nil
}

func (s *Server) apiMaterials(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in materialsBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.UpdateMaterials(r.Context(), req(r).Actor, id, in.Materials); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{OK: true})
	return nil
}

func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in service.DecideRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := s.svc.Decide(r.Context(), req(r).Actor, id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiNotice(print bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		read := s.svc.Notice
		if print {
			read = s.svc.PrintNotice
		}
		v, err := read(r.Context(), req(r).Actor, id)
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

func (s *Server) apiMyInquiries(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.svc.MyInquiries(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, inquiriesResponse{Inquiries: qs})
	return nil
}

func (s *Server) apiOpenInquiry(w http.ResponseWriter, r *http.Request) error {
	var in inquiryRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q := &bianmin.Inquiry{CentreID: in.CentreID, Channel: in.Channel, WindowID: in.WindowID, TicketID: in.TicketID,
		AskerName: in.AskerName, Question: in.Question}
	if err := s.svc.OpenInquiry(r.Context(), req(r).Actor, q, in.AskerPhone); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, q)
	return nil
}

func (s *Server) apiInquiry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := s.svc.Inquiry(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiRoutingInquiries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	qs, err := s.svc.RoutingInquiries(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, inquiriesResponse{Inquiries: qs})
	return nil
}

func (s *Server) apiInquiryAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in inquiryInput
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if err := s.inquiryAct(r.Context(), req(r).Actor, id, action, in); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, okResponse{OK: true})
		return nil
	}
}

// inquiryAct runs one action on a first-inquiry record: the page and the
// API call the same service function. An unknown action is not found.
func (s *Server) inquiryAct(ctx context.Context, a *bianmin.Actor, id int64, action string, in inquiryInput) error {
	switch action {
	case "answer":
		return s.svc.AnswerInquiry(ctx, a, id, in.Answer)
	case "hand":
		return s.svc.HandInquiry(ctx, a, id, in.WindowID)
	case "close":
		return s.svc.CloseInquiry(ctx, a, id, in.Outcome, in.Explanation)
	case "route":
		return s.svc.RouteInquiry(ctx, a, id, in.DepartmentID)
	}
	return bianmin.ErrNotFound
}
