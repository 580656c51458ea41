package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
	"bianmin/internal/service"
)

// casePage is what case.html and its partials (part_case_*.html) show:
// the case view of the service, the page's language, and after a refused
// action the errors and the form as typed.
type casePage struct {
	View   *service.CaseView
	Lang   string
	Errors []string
	Notice string
	Form   map[string]string
}

// caseFormFields are the fields of the processing forms, kept after a
// refusal so nothing typed is lost.
var caseFormFields = []string{"opinion", "pass", "reason", "legal_basis", "kind", "procedure", "days", "result",
	"unit_yuan", "quantity", "fee_id", "receipt_no", "result_name", "result_no", "valid_until", "delivery", "desc"}

func (s *Server) pageCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	notice := ""
	if done := r.URL.Query().Get("done"); done != "" {
		if _, ok := messages["case.done_"+done]; ok {
			notice = T(req(r).Lang, "case.done_"+done)
		}
	}
	return s.renderCase(w, r, id, http.StatusOK, nil, notice, map[string]string{})
}

func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, id int64, status int, errs []string, notice string, form map[string]string) error {
	v, err := s.svc.CaseView(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "case", &casePage{View: v, Lang: req(r).Lang, Errors: errs, Notice: notice, Form: form})
	return nil
}

// doCase runs a processing action from the case page and returns to it:
// with a notice after success, or showing the refusal and the typed form
// (the reason names its rule: C-5, ORG-4, CAT-3 …). A refusal for lack of
// access to the case is an error page, never the case.
func (s *Server) doCase(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		form := formValues(r, caseFormFields...)
		form["reason"] = r.PostFormValue("reason") // multi-line lists keep their lines
		if err := s.caseAct(r.Context(), req(r).Actor, id, action, caseFormInput(form)); err != nil {
			e := bianmin.AsError(err)
			switch {
			case e.Code == bianmin.EINVALID || e.Code == bianmin.ECONFLICT:
			case e.Code == bianmin.EFORBIDDEN && e.Rule != "":
			default:
				return err
			}
			form["action"] = action
			return s.renderCase(w, r, id, statusOf[e.Code], []string{refusalText(e, req(r).Lang)}, "", form)
		}
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done="+url.QueryEscape(action), http.StatusSeeOther)
		return nil
	}
}

// caseFormInput reads the processing forms; malformed numbers are 0, which
// the service refuses with a field error naming the field.
func caseFormInput(f map[string]string) caseInput {
	in := caseInput{Opinion: f["opinion"], Reason: f["reason"], LegalBasis: f["legal_basis"], Kind: f["kind"],
		Procedure: f["procedure"], Result: f["result"], FeeID: idValue(f["fee_id"]), ReceiptNo: f["receipt_no"],
		UnitFen: yuanToFen(f["unit_yuan"]),
		CompleteRequest: service.CompleteRequest{ResultName: f["result_name"], ResultNo: f["result_no"],
			ValidUntil: f["valid_until"], Delivery: f["delivery"], Desc: f["desc"]}}
	in.Days, _ = strconv.Atoi(f["days"])
	in.Quantity, _ = strconv.Atoi(f["quantity"])
	pass := f["pass"] != "0"
	in.Pass = &pass
	return in
}

// yuanToFen reads an amount typed in yuan ("10", "10.5", "10.50"); anything
// else is 0, which no fee standard states.
func yuanToFen(s string) int64 {
	yuan, frac, _ := strings.Cut(strings.TrimSpace(s), ".")
	y, err := strconv.ParseInt(yuan, 10, 64)
	if err != nil || y < 0 || y > 1_000_000 || len(frac) > 2 {
		return 0
	}
	f := int64(0)
	if frac != "" {
		if f, err = strconv.ParseInt((frac + "0")[:2], 10, 64); err != nil || f < 0 {
			return 0
		}
	}
	return y*100 + f
}

// Helpers for case.html and the partials.

// Can reports whether the case's status allows an action now.
func (p *casePage) Can(action string) bool { return p.View.Can[cases.Action(action)] }

// StatusName names the case's status in the page's language.
func (p *casePage) StatusName() string { return cases.StatusName(p.View.Case.Status, p.Lang) }

// DeadlineText explains how the deadline was computed, with its rules.
func (p *casePage) DeadlineText() string {
	if p.View.Deadline == nil {
		return ""
	}
	return pick(p.Lang, p.View.Deadline.ZH, p.View.Deadline.EN)
}

// Yuan formats fen as yuan.
func (p *casePage) Yuan(fen int64) string { return cases.Yuan(fen) }

// Procedure names a special procedure (R1.12).
func (p *casePage) Procedure(code string) string { return service.ProcedureName(code, p.Lang) }

// Procedures lists the special procedures of R1.12 for the pause form.
func (p *casePage) Procedures() []string { return bianmin.SpecialProcedures }

// Name is a user's display name.
func (p *casePage) Name(id int64) string { return p.View.Names[id] }

// Dept is a department's name.
func (p *casePage) Dept(id int64) string { return p.View.Departments[id] }

// Charged reports whether the item publishes a fee standard (CAT-3) and the
// case is still being handled, so an invoice may be issued.
func (p *casePage) Charged() bool {
	return p.View.Item != nil && strings.TrimSpace(p.View.Item.Fee) != "" && p.View.Case.Status.Open()
}

// Unpaid reports whether an invoice of the case is not yet paid.
func (p *casePage) Unpaid() bool {
	for _, f := range p.View.Case.Fees {
		if f.PaidAt == nil {
			return true
		}
	}
	return false
}

// Paused returns the pause that still runs, or nil.
func (p *casePage) Paused() *bianmin.CasePause {
	for _, ps := range p.View.Case.Pauses {
		if ps.EndedAt == nil {
			return ps
		}
	}
	return nil
}

// Shows reports whether the page offers the actor an action's form: the
// actor has one of the route's roles and the case allows the action now.
// The service still decides by department, C-5 and ORG-4.
func (p *casePage) Shows(a *bianmin.Actor, action string) bool {
	if a == nil || !a.HasAnyRole(caseActionRoles(action)...) {
		return false
	}
	switch action {
	case "invoice":
		return p.Charged()
	case "pay":
		return p.Unpaid()
	case "review", "approve", "refuse", "complete":
		return p.Can(action) && p.Paused() == nil
	}
	return p.Can(action)
}

// Offers reports whether the page offers the actor any action.
func (p *casePage) Offers(a *bianmin.Actor) bool {
	for _, act := range caseActions {
		if p.Shows(a, act.action) {
			return true
		}
	}
	return false
}

// caseActionRoles returns the roles of an action's route.
func caseActionRoles(action string) []bianmin.Role {
	for _, a := range caseActions {
		if a.action == action {
			return a.roles
		}
	}
	return nil
}

// Value is a form field as typed before a refusal, or the default.
func (p *casePage) Value(field, def string) string {
	if v, ok := p.Form[field]; ok {
		return v
	}
	return def
}

// Typed is a field of one action's form as typed before that action was
// refused, or the default: the forms share field names (opinion, reason).
func (p *casePage) Typed(action, field, def string) string {
	if p.Form["action"] != action {
		return def
	}
	return p.Value(field, def)
}

// ResultName is the item's result name, the default of the completion form.
func (p *casePage) ResultName() string {
	if p.View.Item == nil {
		return ""
	}
	return p.View.Item.ResultName
}
