package web

import (
	"net/http"
	"net/url"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
	"bianmin/internal/service"
)

// casesPage is what cases.html shows: the cases the actor may read, the
// filter and its choices, and the warnings waiting for the actor's answer.
type casesPage struct {
	List     *service.CaseList
	Filter   service.CaseFilter
	Statuses []choice
	Colours  []choice
	Warnings []*bianmin.Warning
	Lang     string
	Errors   []string
	Notice   string
}

// StatusName names a status in the page's language.
func (p *casesPage) StatusName(s bianmin.CaseStatus) string { return cases.StatusName(s, p.Lang) }

// listedStatuses are the statuses to filter by, in the order of a case's life.
var listedStatuses = []bianmin.CaseStatus{bianmin.CaseReceived, bianmin.CaseSupplement, bianmin.CaseAccepted,
	bianmin.CaseReviewed, bianmin.CaseApproved, bianmin.CaseCompleted, bianmin.CaseRefused, bianmin.CaseReturned,
	bianmin.CaseConsulted}

func (s *Server) pageCases(w http.ResponseWriter, r *http.Request) error {
	return s.renderCases(w, r, r.URL.Query(), "", http.StatusOK, nil, doneNotice(r))
}

// doCaseSearch searches by ID number or credit code. The number comes in
// the body and the answer is rendered directly, so it never appears in an
// address, a history or a log (SECURITY.md item 32's rule for the URL).
func (s *Server) doCaseSearch(w http.ResponseWriter, r *http.Request) error {
	q := url.Values{"centre_id": {r.PostFormValue("centre_id")}}
	return s.renderCases(w, r, q, r.PostFormValue("id_number"), http.StatusOK, nil, "")
}

// renderCases lists the cases of a filter read from a query; a refused
// filter or search is shown with the unfiltered list.
func (s *Server) renderCases(w http.ResponseWriter, r *http.Request, q url.Values, idNumber string, status int, errs []string, notice string) error {
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	centre, err := policyCentre(r, q.Get("centre_id"))
	if err != nil {
		return err
	}
	f := service.CaseFilter{CentreID: centre, Status: q.Get("status"), Colour: q.Get("colour"), Mine: q.Get("mine") == "1",
		IDNumber: idNumber}
	list, err := s.svc.ListCases(ctx, a, f)
	if bianmin.ErrorCode(err) == bianmin.EINVALID {
		errs, status = append(errs, errorMessages(bianmin.AsError(err), lang)...), http.StatusBadRequest
		f = service.CaseFilter{CentreID: centre}
		list, err = s.svc.ListCases(ctx, a, f)
	}
	if err != nil {
		return err
	}
	p := &casesPage{List: list, Filter: f, Lang: lang, Errors: errs, Notice: notice}
	if p.Warnings, err = s.svc.MyWarnings(ctx, a); err != nil {
		return err
	}
	for _, st := range listedStatuses {
		p.Statuses = append(p.Statuses, choice{string(st), cases.StatusName(st, lang), string(st) == f.Status})
	}
	for _, c := range []string{"green", "yellow", "red"} {
		p.Colours = append(p.Colours, choice{c, T(lang, "sup."+c), c == f.Colour})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "cases", p)
	return nil
}

// doReveal shows the applicant's ID number and phone in full once, on the
// case page, for an audited reason (SECURITY.md items 25, 26; R8.2): the
// page masks them again after the policy's reveal_remask_seconds.
func (s *Server) doReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), req(r).Actor
	reason := r.PostFormValue("reason")
	idNumber, phone, err := s.svc.RevealApplicant(ctx, a, id, reason)
	if bianmin.ErrorCode(err) == bianmin.EINVALID {
		return s.renderCase(w, r, id, http.StatusBadRequest, errorMessages(bianmin.AsError(err), req(r).Lang), "",
			map[string]string{"reveal_reason": reason})
	}
	if err != nil {
		return err
	}
	p, _, err := s.svc.EffectivePolicy(ctx, homeCentre(a))
	if err != nil {
		return err
	}
	form := map[string]string{"reveal_id": idNumber, "reveal_phone": phone,
		"reveal_seconds": strconv.Itoa(p.Masking.RevealRemaskSeconds)}
	return s.renderCase(w, r, id, http.StatusOK, nil, T(req(r).Lang, "reveal.done"), form)
}
