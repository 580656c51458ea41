package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// supervisionPage is what supervision.html shows: the board, the filter's
// choices, and the board's own address for the answer forms to return to.
type supervisionPage struct {
	B           *service.SupervisionBoard
	Departments []choice
	Clerks      []choice
	Here        string
	Errors      []string
	Notice      string
}

// Dept names a department of the board.
func (p *supervisionPage) Dept(id int64) string { return p.B.Departments[id] }

// Name names a person of the board.
func (p *supervisionPage) Name(id int64) string { return p.B.Names[id] }

func (s *Server) pageSupervision(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupervision(w, r, r.URL.Query(), http.StatusOK, nil, doneNotice(r))
}

// doneNotice is the notice of a redirect after an answer.
func doneNotice(r *http.Request) string {
	if r.URL.Query().Get("done") == "warning_answered" {
		return T(req(r).Lang, "sup.answered")
	}
	return ""
}

// supervisionFilter reads the board's filter from a query; the centre is
// the actor's unless one in scope is named.
func supervisionFilter(r *http.Request, q url.Values) (service.SupervisionFilter, error) {
	centre, err := policyCentre(r, q.Get("centre_id"))
	if err != nil {
		return service.SupervisionFilter{}, err
	}
	return service.SupervisionFilter{CentreID: centre, DepartmentID: idValue(q.Get("department_id")),
		ClerkID: idValue(q.Get("clerk_id")), Month: strings.TrimSpace(q.Get("month"))}, nil
}

func (s *Server) renderSupervision(w http.ResponseWriter, r *http.Request, q url.Values, status int, errs []string, notice string) error {
	f, err := supervisionFilter(r, q)
	if err != nil {
		return err
	}
	b, err := s.svc.Supervision(r.Context(), req(r).Actor, f)
	if bianmin.ErrorCode(err) == bianmin.EINVALID { // a malformed month: show this month and say why
		errs = append(errs, errorMessages(bianmin.AsError(err), req(r).Lang)...)
		f.Month = ""
		b, err = s.svc.Supervision(r.Context(), req(r).Actor, f)
	}
	if err != nil {
		return err
	}
	p := &supervisionPage{B: b, Errors: errs, Notice: notice, Here: "/supervision?" + boardQuery(b.Filter).Encode()}
	for id, name := range b.Departments {
		p.Departments = append(p.Departments, choice{strconv.FormatInt(id, 10), name, id == f.DepartmentID})
	}
	slices.SortFunc(p.Departments, func(a, b choice) int { return strings.Compare(a.Label, b.Label) })
	for _, c := range b.Clerks {
		p.Clerks = append(p.Clerks, choice{strconv.FormatInt(c.ID, 10), c.Name, c.ID == f.ClerkID})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "supervision", p)
	return nil
}

// boardQuery is the query that shows a board again.
func boardQuery(f service.SupervisionFilter) url.Values {
	q := url.Values{"centre_id": {strconv.FormatInt(f.CentreID, 10)}, "month": {f.Month}}
	if f.DepartmentID != 0 {
		q.Set("department_id", strconv.FormatInt(f.DepartmentID, 10))
	}
	if f.ClerkID != 0 {
		q.Set("clerk_id", strconv.FormatInt(f.ClerkID, 10))
	}
	return q
}

// doRespondWarning records an answer to a warning (R5.6) from the case
// page, the case list or the board, and returns there: with a notice, or
// with the reason the answer was refused.
func (s *Server) doRespondWarning(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"), "/cases")
	_, err = s.svc.RespondWarning(r.Context(), req(r).Actor, id, r.PostFormValue("response"))
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.backWithErrors(w, r, next, status, errs)
		})
	}
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+"done=warning_answered", http.StatusSeeOther)
	return nil
}

// backWithErrors shows the page an answer form came from with the errors.
func (s *Server) backWithErrors(w http.ResponseWriter, r *http.Request, next string, status int, errs []string) error {
	u, err := url.Parse(next)
	if err != nil {
		return bianmin.ErrNotFound
	}
	if id, ok := strings.CutPrefix(u.Path, "/cases/"); ok && idValue(id) != 0 {
		return s.renderCase(w, r, idValue(id), status, errs, "", map[string]string{})
	}
	if u.Path == "/supervision" {
		return s.renderSupervision(w, r, u.Query(), status, errs, "")
	}
	return s.renderCases(w, r, u.Query(), "", status, errs, "")
}

// warningTable is what the "warning_table" partial shows: warnings with
// their answers, and an answer form for those the reader may answer,
// returning to Next (R5.6).
type warningTable struct {
	L, ID, Next string
	Warnings    []*bianmin.Warning
	Names       map[int64]string
	// CanAnswer lists the warnings the reader may answer; nil offers the
	// form on every unanswered one and leaves the decision to the service.
	CanAnswer map[int64]bool
}

// Answerable reports whether the table offers an answer form for a warning.
func (t warningTable) Answerable(id int64) bool { return t.CanAnswer == nil || t.CanAnswer[id] }

// WarningTable is the board's warnings.
func (p *supervisionPage) WarningTable(lang string) warningTable {
	return warningTable{L: lang, ID: "sup-warnings", Next: p.Here, Warnings: p.B.Warnings, Names: p.B.Names, CanAnswer: p.B.CanAnswer}
}

// WarningTable is the case's warnings on the case page: a reader in a
// role that answers warnings gets the forms and the service decides whose
// answer it takes (R5.6); inspectors and others get none.
func (p *casePage) WarningTable(lang string, a *bianmin.Actor) warningTable {
	c := p.View.Case
	t := warningTable{L: lang, ID: "case-warnings", Next: "/cases/" + strconv.FormatInt(c.ID, 10), Warnings: p.View.Warnings,
		Names: p.View.Names}
	if a == nil || !a.HasAnyRole(warningAnswerers...) {
		t.CanAnswer = map[int64]bool{}
	}
	return t
}

// MayReveal reports whether the case page offers the reveal form: to the
// roles of the reveal route; the service decides by the case (SECURITY-26).
func (p *casePage) MayReveal(a *bianmin.Actor) bool {
	c := p.View.Case
	return a != nil && a.HasAnyRole(revealers...) && (c.IDMasked != "" || c.PhoneMasked != "")
}

// WarningTable is the warnings waiting for the reader's answer.
func (p *casesPage) WarningTable(lang string) warningTable {
	return warningTable{L: lang, ID: "my-warnings", Next: "/cases", Warnings: p.Warnings, Names: p.List.Names,
		CanAnswer: map[int64]bool{}}
}
