package web

import (
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Bodies and answers of the supervision, case list and progress API, for
// the OpenAPI document.
type (
	answerBody struct {
		Response string `json:"response"` // the recipient's answer, 1-500 characters (R5.6)
	}
	warningsResponse struct {
		Warnings []*bianmin.Warning `json:"warnings"`
	}
	caseSearchBody struct {
		CentreID int64  `json:"centre_id,omitempty"`
		IDNumber string `json:"id_number"` // a complete ID number (15 or 18) or credit code
	}
	revealBody struct {
		Reason string `json:"reason"` // why the full values are needed, 1-200 characters
	}
	revealResponse struct {
		IDNumber      string `json:"id_number"`
		Phone         string `json:"phone"`
		RemaskSeconds int    `json:"remask_seconds"` // show them no longer than this (masking.reveal_remask_seconds)
	}
	progressBody struct {
		CaseNo    string `json:"case_no"`
		QueryCode string `json:"query_code"`
	}
	resultsResponse struct {
		Results []service.PublicResult `json:"results"`
	}
)

func (s *Server) supervisionAPIRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/api/v1/supervision", access: rolesOnly(supervisionReaders...), h: s.apiSupervision,
			doc: apiDoc{Summary: "The supervision board (SUP-2, R5.4): open cases by colour with counts, the warnings with their answers and the month's overdue cases per clerk and department (AP-B); query centre_id, department_id, clerk_id, month=YYYY-MM. Chief representatives see their departments only", Tag: "supervision", Response: service.SupervisionBoard{}}},
		{method: "GET", pattern: "/api/v1/warnings/mine", access: anyStaff, h: s.apiMyWarnings,
			doc: apiDoc{Summary: "Unanswered supervision warnings addressed to the caller: as clerk, chief representative of the department, duty leader, or director for escalated red ones (SUP-2)", Tag: "supervision", Response: warningsResponse{}}},
		{method: "POST", pattern: "/api/v1/warnings/{id}/respond", access: rolesOnly(warningAnswerers...), h: s.apiRespondWarning,
			doc: apiDoc{Summary: "Answer a supervision warning as one of its recipients; recorded once and audited (R5.6)", Tag: "supervision", Body: answerBody{}, Response: bianmin.Warning{}}},
		{method: "GET", pattern: "/api/v1/cases", access: rolesOnly(caseReaders...), h: s.apiCases,
			doc: apiDoc{Summary: "The cases the caller may read at a centre, newest first, at most 200, personal data masked (SECURITY-9, R8.2); query centre_id, status, colour, mine=1", Tag: "cases", Response: service.CaseList{}}},
		{method: "POST", pattern: "/api/v1/cases/search", access: rolesOnly(caseReaders...), h: s.apiCaseSearch,
			doc: apiDoc{Summary: "Exact search by ID number or credit code through the keyed index, in the body so it is in no URL; audited as a personal-data search (SECURITY-26)", Tag: "cases", Body: caseSearchBody{}, Response: service.CaseList{}}},
		{method: "POST", pattern: "/api/v1/cases/{id}/reveal", access: rolesOnly(revealers...), h: s.apiReveal,
			doc: apiDoc{Summary: "The applicant's full ID number and phone, for the receiving clerk, the department's chief representative or the director, with a reason; audited (SECURITY-26, R8.2)", Tag: "cases", Body: revealBody{}, Response: revealResponse{}}},
		{method: "POST", pattern: "/api/v1/progress", access: public, h: s.apiProgress,
			doc: apiDoc{Summary: "A citizen's progress query by case number and query code (C-8): status, steps and dates, name masked; rate-limited per address and locked per case number after wrong codes (SECURITY-32); unknown numbers and wrong codes get the same 404", Tag: "public", Body: progressBody{}, Response: service.Progress{}}},
		{method: "GET", pattern: "/api/v1/results", access: public, h: s.apiResults,
			doc: apiDoc{Summary: "The public results board 办结公告 of a centre (centre = ID, default the first): completions that must be published, applicants masked (C-8, R8.3)", Tag: "public", Response: resultsResponse{}}},
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}

func (s *Server) apiSupervision(w http.ResponseWriter, r *http.Request) error {
	f, err := supervisionFilter(r, r.URL.Query())
	if err != nil {
		return err
	}
	b, err := s.svc.Supervision(r.Context(), req(r).Actor, f)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (s *Server) apiMyWarnings(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.svc.MyWarnings(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, warningsResponse{Warnings: ws})
	return nil
}

func (s *Server) apiRespondWarning(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in answerBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	wn, err := s.svc.RespondWarning(r.Context(), req(r).Actor, id, in.Response)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wn)
	return nil
}

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	centre, err := policyCentre(r, q.Get("centre_id"))
	if err != nil {
		return err
	}
	return s.writeCases(w, r, service.CaseFilter{CentreID: centre, Status: q.Get("status"), Colour: q.Get("colour"),
		Mine: q.Get("mine") == "1"})
}

func (s *Server) apiCaseSearch(w http.ResponseWriter, r *http.Request) error {
	var in caseSearchBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	centre, err := policyCentre(r, strconv.FormatInt(in.CentreID, 10))
	if err != nil {
		return err
	}
	return s.writeCases(w, r, service.CaseFilter{CentreID: centre, IDNumber: in.IDNumber})
}

func (s *Server) writeCases(w http.ResponseWriter, r *http.Request, f service.CaseFilter) error {
	l, err := s.svc.ListCases(r.Context(), req(r).Actor, f)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in revealBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	idNumber, phone, err := s.svc.RevealApplicant(r.Context(), req(r).Actor, id, in.Reason)
	if err != nil {
		return err
	}
	p, _, err := s.svc.EffectivePolicy(r.Context(), homeCentre(req(r).Actor))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, revealResponse{IDNumber: idNumber, Phone: phone, RemaskSeconds: p.Masking.RevealRemaskSeconds})
	return nil
}

func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) error {
	var in progressBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.svc.QueryProgress(actorContext(r), pubClip(in.CaseNo, 60), pubClip(in.QueryCode, 20), req(r).Source)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiResults(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.guideCentre(r)
	if err != nil {
		return err
	}
	rs, err := s.svc.PublicResults(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resultsResponse{Results: rs})
	return nil
}
