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

// intakePage is what intake.html shows: where the intake starts (ticket or
// first-inquiry record), the items to choose from, and once an item is
// chosen its checklist, the applicant and the outcome.
type intakePage struct {
	Form     *service.IntakeForm
	Item     *bianmin.ServiceItem
	Values   map[string]string
	Errors   []string
	Outcomes []consoleChoice
}

// intakeFields are the fields of the new-case form kept after a refusal.
// ID numbers and the phone are never echoed back (SECURITY.md item 25).
var intakeFields = []string{"centre_id", "ticket_id", "inquiry_id", "item_id", "applicant_type", "applicant_name",
	"credit_code", "credit_code_override", "legal_rep", "agent_name", "outcome", "reason", "legal_basis", "answer"}

func (s *Server) pageIntake(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	vals := map[string]string{"applicant_type": bianmin.ApplicantPerson}
	for _, k := range []string{"centre_id", "ticket_id", "inquiry_id", "item_id"} {
		vals[k] = q.Get(k)
	}
	return s.renderIntake(w, r, http.StatusOK, nil, vals)
}

func (s *Server) renderIntake(w http.ResponseWriter, r *http.Request, status int, errs []string, vals map[string]string) error {
	lang := req(r).Lang
	centre := idValue(vals["centre_id"])
	if centre == 0 {
		centre = homeCentre(req(r).Actor)
	}
	f, err := s.svc.IntakeForm(r.Context(), req(r).Actor, centre, idValue(vals["ticket_id"]), idValue(vals["inquiry_id"]))
	if err != nil {
		return err
	}
	p := &intakePage{Form: f, Values: vals, Errors: errs}
	if id := idValue(vals["item_id"]); id != 0 {
		i := slices.IndexFunc(f.Items, func(it *bianmin.ServiceItem) bool { return it.ID == id })
		if i < 0 {
			p.Errors = append(p.Errors, T(lang, "intake.item_unavailable"))
		} else {
			p.Item = f.Items[i]
		}
	}
	for _, o := range service.IntakeOutcomes {
		p.Outcomes = append(p.Outcomes, consoleChoice{Value: o, Label: T(lang, "intake.outcome_"+o)})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "intake", p)
	return nil
}

// materialStates are the choices of a checklist line (R3.12 收取方式).
func materialStates(lang string) []consoleChoice {
	var out []consoleChoice
	for _, st := range []bianmin.MaterialState{bianmin.MaterialOriginal, bianmin.MaterialCopy, bianmin.MaterialDefective,
		bianmin.MaterialMissing, bianmin.MaterialNotNeeded} {
		out = append(out, consoleChoice{Value: string(st), Label: T(lang, "intake.state_"+string(st))})
	}
	return out
}

// state is the state of checklist position pos as typed, or its default:
// missing for a required line, not needed for a conditional one.
func (p *intakePage) state(pos int, required bool) string {
	if v, ok := p.Values["state_"+strconv.Itoa(pos)]; ok {
		return v
	}
	if required {
		return string(bianmin.MaterialMissing)
	}
	return string(bianmin.MaterialNotNeeded)
}

func (s *Server) doIntake(w http.ResponseWriter, r *http.Request) error {
	vals := formValues(r, intakeFields...)
	lines := materialInputs(r, vals)
	in := service.IntakeRequest{TicketID: idValue(vals["ticket_id"]), InquiryID: idValue(vals["inquiry_id"]),
		ItemID: idValue(vals["item_id"]), ApplicantType: vals["applicant_type"], ApplicantName: vals["applicant_name"],
		IDNumber: r.PostFormValue("id_number"), CreditCode: vals["credit_code"], CreditOverride: vals["credit_code_override"] == "1",
		LegalRep: vals["legal_rep"], Phone: r.PostFormValue("phone"), AgentName: vals["agent_name"],
		AgentIDNumber: r.PostFormValue("agent_id_number"), Materials: lines,
		DecideRequest: service.DecideRequest{Outcome: vals["outcome"], Reason: vals["reason"], LegalBasis: vals["legal_basis"],
			Answer: vals["answer"]}}
	res, err := s.svc.Intake(r.Context(), req(r).Actor, in)
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderIntake(w, r, status, errs, vals)
		})
	}
	http.Redirect(w, r, caseDone(res.Case.ID, "intake_"+in.Outcome), http.StatusSeeOther)
	return nil
}

// materialInputs reads the checklist lines of a form (state_N, count_N,
// defect_N for position N) in position order, and keeps them in vals for
// showing the form again.
func materialInputs(r *http.Request, vals map[string]string) []service.MaterialInput {
	r.ParseForm() // a malformed body leaves no lines, which the service refuses by name
	var out []service.MaterialInput
	for key := range r.PostForm {
		pos, err := strconv.Atoi(strings.TrimPrefix(key, "state_"))
		if !strings.HasPrefix(key, "state_") || err != nil || pos <= 0 {
			continue
		}
		n := strconv.Itoa(pos)
		m := service.MaterialInput{Position: pos, State: bianmin.MaterialState(r.PostFormValue(key)),
			Defect: strings.TrimSpace(r.PostFormValue("defect_" + n))}
		m.Count, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("count_" + n)))
		vals["state_"+n], vals["count_"+n], vals["defect_"+n] = string(m.State), r.PostFormValue("count_"+n), m.Defect
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b service.MaterialInput) int { return a.Position - b.Position })
	return out
}

// caseDone is the case page with the notice of a finished action.
func caseDone(id int64, done string) string {
	return "/cases/" + strconv.FormatInt(id, 10) + "?done=" + url.QueryEscape(done)
}

// doMaterials records materials the applicant brought back, from the
// checklist form of the case page (R1.6).
func (s *Server) doMaterials(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := map[string]string{"action": "materials"}
	err = s.svc.UpdateMaterials(r.Context(), req(r).Actor, id, materialInputs(r, form))
	return s.backToCase(w, r, id, "materials", err, form)
}

// doDecide decides a received or supplement case from the case page.
func (s *Server) doDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	form := formValues(r, "outcome", "reason", "legal_basis", "answer")
	_, err = s.svc.Decide(r.Context(), req(r).Actor, id, service.DecideRequest{Outcome: form["outcome"],
		Reason: form["reason"], LegalBasis: form["legal_basis"], Answer: form["answer"]})
	form["action"] = "decide"
	return s.backToCase(w, r, id, "intake_"+form["outcome"], err, form)
}

// backToCase returns to the case page after an intake action: with the
// notice of done, or showing the refusal (with its rule: C-1, ON-2 …) and
// the form as typed. Lack of access to the case is an error page.
func (s *Server) backToCase(w http.ResponseWriter, r *http.Request, id int64, done string, err error, form map[string]string) error {
	if err == nil {
		http.Redirect(w, r, caseDone(id, done), http.StatusSeeOther)
		return nil
	}
	e := bianmin.AsError(err)
	if e.Code != bianmin.EINVALID && e.Code != bianmin.ECONFLICT && (e.Code != bianmin.EFORBIDDEN || e.Rule == "") {
		return err
	}
	return s.renderCase(w, r, id, statusOf[e.Code], []string{refusalText(e, req(r).Lang)}, "", form)
}

// materialLinesView is what the partial material_lines shows: one row per
// checklist line with its state to choose (ON-1, R3.12).
type materialLinesView struct {
	L, ID  string
	States []consoleChoice
	Lines  []materialLine
}

// materialLine is one checklist row of a form.
type materialLine struct {
	Position          int
	Name, Condition   string
	Required          bool
	Originals, Copies int
	State             string
	Count, Defect     string
}

// Lines is the chosen item's checklist for the new-case form.
func (p *intakePage) Lines(lang string) materialLinesView {
	v := materialLinesView{L: lang, ID: "intake-materials", States: materialStates(lang)}
	for _, m := range p.Item.Materials {
		n := strconv.Itoa(m.Position)
		v.Lines = append(v.Lines, materialLine{Position: m.Position, Name: m.Name, Condition: m.Condition,
			Required: m.Required, Originals: m.Originals, Copies: m.Copies, State: p.state(m.Position, m.Required),
			Count: p.Values["count_"+n], Defect: p.Values["defect_"+n]})
	}
	return v
}

// IntakeOpen reports whether the case is still at intake: received or
// waiting for supplements, so materials and the intake decision may change.
func (p *casePage) IntakeOpen() bool {
	s := p.View.Case.Status
	return s == bianmin.CaseReceived || s == bianmin.CaseSupplement
}

// IntakeLines is the case's checklist for the form that records what the
// applicant brought back, as typed before a refusal or as stored.
func (p *casePage) IntakeLines() materialLinesView {
	v := materialLinesView{L: p.Lang, ID: "case-lines", States: materialStates(p.Lang)}
	item := map[int]bianmin.Material{}
	if p.View.Item != nil {
		for _, m := range p.View.Item.Materials {
			item[m.Position] = m
		}
	}
	typed := p.Form["action"] == "materials"
	for _, l := range p.View.Case.Materials {
		n := strconv.Itoa(l.Position)
		row := materialLine{Position: l.Position, Name: l.Name, Condition: item[l.Position].Condition, Required: l.Required,
			Originals: item[l.Position].Originals, Copies: item[l.Position].Copies, State: string(l.State),
			Count: strconv.Itoa(l.Count), Defect: l.Defect}
		if typed {
			row.State, row.Count, row.Defect = p.Form["state_"+n], p.Form["count_"+n], p.Form["defect_"+n]
		}
		v.Lines = append(v.Lines, row)
	}
	return v
}

// IntakeOutcomes are the decisions on a received or supplement case.
func (p *casePage) IntakeOutcomes() []consoleChoice {
	var out []consoleChoice
	for _, o := range service.DecideOutcomes {
		out = append(out, consoleChoice{Value: o, Label: T(p.Lang, "intake.outcome_"+o)})
	}
	return out
}
