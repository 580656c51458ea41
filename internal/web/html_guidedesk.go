package web

import (
	"net/http"
	"net/url"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// guideDeskPage is the guide desk: issuing a ticket for any queue and
// item, with the green channel for a named reason, and today's
// no-shows to reactivate.
type guideDeskPage struct {
	CentreID int64
	Centres  []*bianmin.Centre
	Menu     *service.KioskMenu
	Groups   []choiceGroup
	Reasons  []choice
	NoShows  []noShowRow
	Issued   *service.IssuedTicket
	IdemKey  string
	Errors   []string
	Notice   string
}

// choiceGroup is an optgroup: one queue with its items and other business.
type choiceGroup struct {
	Label   string
	Options []choice
}

type noShowRow struct {
	ID          int64
	Code, Queue string
	Item        string
	CalledAt    string
	Calls       int
}

func (s *Server) pageGuideDesk(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	p := &guideDeskPage{}
	if id := idValue(r.URL.Query().Get("issued")); id != 0 {
		if p.Issued, err = s.svc.TicketForStaff(r.Context(), req(r).Actor, id); err != nil {
			return err
		}
	}
	if id := idValue(r.URL.Query().Get("reactivated")); id != 0 {
		if it, err := s.svc.TicketForStaff(r.Context(), req(r).Actor, id); err == nil {
			p.Notice = T(req(r).Lang, "gd.reactivated", it.Ticket.Code)
		}
	}
	return s.renderGuideDesk(w, r, centreID, http.StatusOK, p, "")
}

// renderGuideDesk fills p with the centre's menu and no-shows; selected is
// the choice to keep after a refused form.
func (s *Server) renderGuideDesk(w http.ResponseWriter, r *http.Request, centreID int64, status int, p *guideDeskPage, selected string) error {
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	p.CentreID, p.IdemKey = centreID, newIdemKey()
	var err error
	if p.Centres, err = s.svc.ListCentres(ctx, a); err != nil {
		return err
	}
	if p.Menu, err = s.svc.StaffMenu(ctx, a, centreID); err != nil {
		return err
	}
	for _, q := range p.Menu.Queues {
		g := choiceGroup{Label: q.Queue.Prefix + " " + pick(lang, q.Queue.Name, cmpOr(q.Queue.NameEN, q.Queue.Name))}
		add := func(code, label string) {
			v := idText(q.Queue.ID) + ":" + code
			g.Options = append(g.Options, choice{v, label, v == selected})
		}
		for _, it := range q.Items {
			add(it.Code, pick(lang, it.Name, cmpOr(it.NameEN, it.Name)))
		}
		add("", T(lang, "kiosk.other"))
		p.Groups = append(p.Groups, g)
	}
	p.Reasons = []choice{{"", T(lang, "gd.green_none"), false}}
	for _, g := range bianmin.GreenReasons {
		p.Reasons = append(p.Reasons, choice{g, T(lang, "green."+g), g == r.PostFormValue("green_reason")})
	}
	noShows, err := s.svc.NoShows(ctx, a, centreID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, q := range p.Menu.Queues {
		names[q.Queue.ID] = pick(lang, q.Queue.Name, cmpOr(q.Queue.NameEN, q.Queue.Name))
	}
	for _, t := range noShows {
		row := noShowRow{ID: t.ID, Code: t.Code, Queue: names[t.QueueID], Item: t.ItemName, Calls: t.CallCount}
		if t.CalledAt != nil {
			row.CalledAt = t.CalledAt.In(bianmin.Shanghai).Format("15:04")
		}
		p.NoShows = append(p.NoShows, row)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "guide_desk", p)
	return nil
}

func (s *Server) doGuideIssue(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	choiceValue := r.PostFormValue("choice")
	queueID, code, _ := strings.Cut(choiceValue, ":")
	reason := r.PostFormValue("green_reason")
	ir := service.IssueRequest{QueueID: idValue(queueID), ItemCode: code, IDNumber: r.PostFormValue("id_number"),
		Phone: r.PostFormValue("phone"), Green: reason != "", GreenReason: reason, IdemKey: r.PostFormValue("idem_key")}
	it, err := s.svc.IssueByStaff(r.Context(), req(r).Actor, centreID, ir)
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderGuideDesk(w, r, centreID, status, &guideDeskPage{Errors: errs}, choiceValue)
		})
	}
	q := url.Values{"centre_id": {idText(centreID)}, "issued": {idText(it.Ticket.ID)}}
	http.Redirect(w, r, "/guide-desk?"+q.Encode(), http.StatusSeeOther)
	return nil
}

func (s *Server) pageGuideTicket(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	it, err := s.svc.TicketForStaff(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	back := "/guide-desk?" + url.Values{"centre_id": {idText(it.Ticket.CentreID)}}.Encode()
	return s.renderReceipt(w, r, it, false, 0, back)
}

// doReactivate puts a no-show back in the queue (the console's operation,
// Q-1) and returns to the desk.
func (s *Server) doReactivate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	if err := s.svc.Reactivate(r.Context(), req(r).Actor, id); err != nil {
		return err
	}
	q := url.Values{"centre_id": {idText(centreID)}, "reactivated": {idText(id)}}
	http.Redirect(w, r, "/guide-desk?"+q.Encode(), http.StatusSeeOther)
	return nil
}
