package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// padPage is what pad.html shows: the clerk, and the rating form while an
// occasion is open, or the thank-you screen after a rating.
type padPage struct {
	View    *service.PadView
	Window  string
	Levels  []padLevel
	Reasons []padChoice
	Form    service.RateRequest
	Thanks  bool
	Errors  []string
}

// windowLabel names a window as shown in the hall: its name, prefixed with
// its number when the name does not already carry it.
func windowLabel(lang, number, name, nameEN string) string {
	n := pick(lang, name, cmpOr(nameEN, name))
	if strings.Contains(n, number) {
		return n
	}
	return T(lang, "pad.window", number) + " · " + n
}

// padLevel is one of the five national levels as a big button (R4.1, R4.2).
type padLevel struct {
	Code  int
	Label string
	Bad   bool
}

type padChoice struct {
	Key, Label string
	Checked    bool
}

func (s *Server) pagePad(w http.ResponseWriter, r *http.Request) error {
	return s.renderPad(w, r, http.StatusOK, r.URL.Query().Get("thanks") == "1", service.RateRequest{}, nil)
}

func (s *Server) renderPad(w http.ResponseWriter, r *http.Request, status int, thanks bool, form service.RateRequest, errs []string) error {
	v, err := s.svc.Pad(r.Context(), req(r).Device)
	if err != nil {
		return err
	}
	lang := req(r).Lang
	p := &padPage{View: v, Window: windowLabel(lang, v.WindowNumber, v.WindowName, v.WindowNameEN), Form: form,
		Thanks: thanks && len(errs) == 0, Errors: errs}
	for code := 1; code <= 5; code++ {
		p.Levels = append(p.Levels, padLevel{Code: code, Label: pick(lang, bianmin.RatingLevels[code][0], bianmin.RatingLevels[code][1]),
			Bad: slices.Contains(v.BadCodes, code)})
	}
	for _, rr := range service.RatingReasons {
		p.Reasons = append(p.Reasons, padChoice{Key: rr.Key, Label: pick(lang, rr.ZH, rr.EN), Checked: slices.Contains(form.Reasons, rr.Key)})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderBare(w, r, status, "pad", p)
	return nil
}

// doPadRate takes the pad's form and answers with a redirect to the
// thank-you screen, so a reload does not send the rating again.
func (s *Server) doPadRate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return bianmin.Errorf(bianmin.EINVALID, "表单无法读取。", "The form could not be read.")
	}
	atoi := func(k string) int { n, _ := strconv.Atoi(r.PostFormValue(k)); return n }
	form := service.RateRequest{TicketID: idValue(r.PostFormValue("ticket_id")), Attitude: atoi("attitude"),
		Efficiency: atoi("efficiency"), Reasons: r.PostForm["reasons"], Comment: r.PostFormValue("comment")}
	if _, err := s.svc.Rate(r.Context(), req(r).Device, form); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderPad(w, r, status, false, form, errs)
		})
	}
	http.Redirect(w, r, "/pad?thanks=1", http.StatusSeeOther)
	return nil
}

// padPhoto sends the photo of the clerk the pad shows, with the safe
// headers of every upload; never cached, as the clerk on post changes.
func (s *Server) padPhoto(w http.ResponseWriter, r *http.Request) error {
	f, err := s.svc.PadPhoto(r.Context(), req(r).Device)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	sendFile(w, f)
	return nil
}
