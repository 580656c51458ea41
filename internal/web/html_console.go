package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// flashCookie carries the result of a console action across its 303 to
// the console page: the announcement of a call, or the refusal with its
// rule. It is read once and cleared.
const flashCookie = "bianmin_flash"

// consolePage is what console.html shows.
type consolePage struct {
	V          *service.ConsoleView
	OnPost     bool // the actor is the person on post
	Paused     bool
	Flash      string
	FlashError string
	Outcomes   []consoleChoice
	Targets    []consoleChoice // transfer targets: "w<ID>" windows, "q<ID>" queues
	QueueNames map[int64]string
}

// consoleChoice is an option of a select.
type consoleChoice struct {
	Value, Label string
	Group        string
}

func (s *Server) pageMyWindows(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.svc.MyWindows(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "console_list", map[string]any{"Windows": ws})
	return nil
}

func (s *Server) pageConsole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, lang := req(r).Actor, req(r).Lang
	v, err := s.svc.Console(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := &consolePage{V: v, OnPost: v.State.State != bianmin.WindowClosed && v.State.UserID == a.UserID,
		Paused: v.State.State == bianmin.WindowPaused, QueueNames: map[int64]string{}}
	p.Flash, p.FlashError = readFlash(w, r)
	for _, o := range bianmin.Outcomes {
		p.Outcomes = append(p.Outcomes, consoleChoice{Value: o, Label: T(lang, "console.outcome_"+o)})
	}
	for _, win := range v.Windows {
		if win.ID != v.Window.ID {
			p.Targets = append(p.Targets, consoleChoice{Value: "w" + strconv.FormatInt(win.ID, 10),
				Label: win.Number + " · " + pick(lang, win.Name, cmpOr(win.NameEN, win.Name)), Group: "windows"})
		}
	}
	qs, err := s.svc.ListQueues(r.Context(), a, v.Window.CentreID)
	if err != nil {
		return err
	}
	for _, q := range qs {
		name := q.Prefix + " · " + pick(lang, q.Name, cmpOr(q.NameEN, q.Name))
		p.QueueNames[q.ID] = name
		if q.Active {
			p.Targets = append(p.Targets, consoleChoice{Value: "q" + strconv.FormatInt(q.ID, 10), Label: name, Group: "queues"})
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "console", p)
	return nil
}

// doConsole runs an action from the console's forms and answers with a
// redirect to the console and a flash of the result. Business refusals
// (a paused window, nobody waiting, a missing reason) come back as the
// flash with their rule; a refusal of access is the error page.
func (s *Server) doConsole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	in := consoleForm(r)
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	var res *service.CallResult
	if action == "reactivate" {
		err = s.svc.Reactivate(ctx, a, in.TicketID)
	} else {
		res, err = s.consoleAct(ctx, a, id, action, in)
	}
	back := "/console/" + strconv.FormatInt(id, 10)
	if err != nil {
		e := bianmin.AsError(err)
		switch e.Code {
		case bianmin.EINVALID, bianmin.ECONFLICT:
		case bianmin.ENOTFOUND:
			if action != "call-next" && action != "call" && action != "reactivate" {
				return err
			}
		default:
			return err
		}
		s.setFlash(w, "err", refusalText(e, lang))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	s.setFlash(w, "ok", resultText(lang, action, res))
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// consoleForm reads the fields of a console form; malformed numbers are 0,
// which the service refuses with a field error.
func consoleForm(r *http.Request) consoleInput {
	r.ParseForm()
	in := consoleInput{TicketID: idValue(r.PostFormValue("ticket_id")), Reason: r.PostFormValue("reason"),
		Outcome: r.PostFormValue("outcome"), CaseID: idValue(r.PostFormValue("case_id")), Note: r.PostFormValue("note")}
	target := r.PostFormValue("target")
	switch {
	case strings.HasPrefix(target, "w"):
		in.WindowID = idValue(target[1:])
	case strings.HasPrefix(target, "q"):
		in.QueueID = idValue(target[1:])
	}
	return in
}

// refusalText is a refusal as the flash shows it: every message, and the
// rule behind it.
func refusalText(e *bianmin.Error, lang string) string {
	msgs := errorMessages(e, lang)
	text := strings.Join(msgs, " ")
	if e.Rule != "" && !strings.Contains(text, e.Rule) {
		text += " [" + e.Rule + "]"
	}
	return text
}

// resultText is what the flash says after an action: for a call, the
// announcement the hall hears.
func resultText(lang, action string, res *service.CallResult) string {
	switch {
	case res != nil && res.NoShow:
		return T(lang, "console.flash_no_show", res.Ticket.Code)
	case res != nil:
		text := pick(lang, res.Announcement.Text, res.Announcement.TextEN)
		if action == "recall" {
			text += T(lang, "console.recall_count", res.Ticket.CallCount)
		}
		return text
	case action == "no-show":
		return T(lang, "console.flash_marked")
	}
	return T(lang, "console.flash_"+action)
}

func (s *Server) setFlash(w http.ResponseWriter, kind, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + msg)),
		Path: "/console", MaxAge: 60, HttpOnly: true, Secure: s.cfg.TLS, SameSite: http.SameSiteLaxMode})
}

// readFlash returns the flash of the previous action (ok or error) and clears it.
func readFlash(w http.ResponseWriter, r *http.Request) (ok, fail string) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/console", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return "", ""
	}
	kind, msg, _ := strings.Cut(string(b), ":")
	if kind == "err" {
		return "", msg
	}
	return msg, ""
}
