package web

import (
	"net/http"
	"net/url"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// inquiriesPage is what inquiries.html shows: the first-inquiry records the
// actor works on (FI-1, FI-2), the phone calls waiting for the duty
// leader (FI-3), and the form of a new record.
type inquiriesPage struct {
	CentreID  int64
	Mine      []*bianmin.Inquiry
	Routing   []*bianmin.Inquiry
	Router    bool // the duty leader or director, who routes (FI-3)
	Opener    bool // meets citizens and opens records (FI-1)
	Intake    bool // may start a case from a record
	Windows   []*bianmin.Window
	MyWindows []*bianmin.Window
	Depts     []*bianmin.Department
	Channels  []consoleChoice
	Outcomes  []consoleChoice
	Form      map[string]string
	Errors    []string
	Notice    string
}

var inquiryFields = []string{"channel", "window_id", "asker_name", "question", "answer", "outcome", "explanation",
	"department_id"}

func (s *Server) pageInquiries(w http.ResponseWriter, r *http.Request) error {
	notice := ""
	if done := r.URL.Query().Get("done"); done != "" {
		if _, ok := messages["inquiry.done_"+done]; ok {
			notice = T(req(r).Lang, "inquiry.done_"+done)
		}
	}
	return s.renderInquiries(w, r, http.StatusOK, nil, notice, map[string]string{})
}

func (s *Server) renderInquiries(w http.ResponseWriter, r *http.Request, status int, errs []string, notice string, form map[string]string) error {
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	centre, err := pageCentre(r)
	if err != nil {
		return err
	}
	p := &inquiriesPage{CentreID: centre, Form: form, Errors: errs, Notice: notice,
		Router: a.HasAnyRole(service.InquiryRouters...), Opener: a.HasAnyRole(service.InquiryStaff...),
		Intake: a.HasAnyRole(intakeDeciders...)}
	if p.Mine, err = s.svc.MyInquiries(ctx, a); err != nil {
		return err
	}
	if p.Router {
		if p.Routing, err = s.svc.RoutingInquiries(ctx, a, centre); err != nil {
			return err
		}
	}
	if p.Windows, err = s.svc.ListWindows(ctx, a, centre); err != nil {
		return err
	}
	if p.MyWindows, err = s.svc.MyWindows(ctx, a); err != nil {
		return err
	}
	if p.Depts, err = s.svc.ListDepartments(ctx, a, centre); err != nil {
		return err
	}
	for _, c := range service.InquiryChannels {
		p.Channels = append(p.Channels, consoleChoice{Value: c, Label: T(lang, "inquiry.channel_"+c)})
	}
	for _, o := range service.InquiryCloseOutcomes {
		p.Outcomes = append(p.Outcomes, consoleChoice{Value: o, Label: T(lang, "inquiry.outcome_"+o)})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "inquiries", p)
	return nil
}

// WindowName is a window's number and name, for the lists.
func (p *inquiriesPage) WindowName(id int64) string {
	for _, w := range p.Windows {
		if w.ID == id {
			return w.Number + " " + w.Name
		}
	}
	return ""
}

// DeptName is a department's name, for the lists.
func (p *inquiriesPage) DeptName(id int64) string {
	for _, d := range p.Depts {
		if d.ID == id {
			return d.Name
		}
	}
	return ""
}

func (s *Server) doOpenInquiry(w http.ResponseWriter, r *http.Request) error {
	centre, err := pageCentre(r)
	if err != nil {
		return err
	}
	form := formValues(r, inquiryFields...)
	q := &bianmin.Inquiry{CentreID: centre, Channel: form["channel"], WindowID: idValue(form["window_id"]),
		AskerName: form["asker_name"], Question: form["question"]}
	if err := s.svc.OpenInquiry(r.Context(), req(r).Actor, q, r.PostFormValue("asker_phone")); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderInquiries(w, r, status, errs, "", form)
		})
	}
	return inquiriesDone(w, r, centre, "open")
}

// doInquiry runs an action on a record from the page and returns to it.
func (s *Server) doInquiry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	centre, err := pageCentre(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	form := formValues(r, inquiryFields...)
	in := inquiryInput{Answer: form["answer"], WindowID: idValue(form["window_id"]), DepartmentID: idValue(form["department_id"]),
		Outcome: form["outcome"], Explanation: form["explanation"]}
	if err := s.inquiryAct(r.Context(), req(r).Actor, id, action, in); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderInquiries(w, r, status, errs, "", map[string]string{})
		})
	}
	return inquiriesDone(w, r, centre, action)
}

func inquiriesDone(w http.ResponseWriter, r *http.Request, centre int64, done string) error {
	q := url.Values{"centre_id": {strconv.FormatInt(centre, 10)}, "done": {done}}
	http.Redirect(w, r, "/inquiries?"+q.Encode(), http.StatusSeeOther)
	return nil
}
