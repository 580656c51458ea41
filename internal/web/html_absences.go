package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// localInput is the layout of an <input type="datetime-local">, read in
// Asia/Shanghai.
const localInput = "2006-01-02T15:04"

// absencesPage is what absences.html shows: the register of approved
// absences, which A/B cover reads (AB-1).
type absencesPage struct {
	CentreID int64
	Absences []*bianmin.Absence
	Staff    []service.StaffMember
	Names    map[int64]string
	Kinds    []consoleChoice
	Form     map[string]string
	Errors   []string
	Notice   string
}

func (s *Server) pageAbsences(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	notice := ""
	if r.URL.Query().Get("saved") == "1" {
		notice = T(req(r).Lang, "absences.saved")
	}
	return s.renderAbsences(w, r, centreID, http.StatusOK, nil, notice, map[string]string{})
}

func (s *Server) renderAbsences(w http.ResponseWriter, r *http.Request, centreID int64, status int, errs []string, notice string, form map[string]string) error {
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	p := &absencesPage{CentreID: centreID, Names: map[int64]string{}, Form: form, Errors: errs, Notice: notice}
	var err error
	if p.Absences, err = s.svc.ListAbsences(ctx, a, centreID); err != nil {
		return err
	}
	if p.Staff, err = s.svc.StaffOfCentre(ctx, a, centreID); err != nil {
		return err
	}
	for _, m := range p.Staff {
		p.Names[m.ID] = m.DisplayName
	}
	for _, k := range service.AbsenceKinds {
		p.Kinds = append(p.Kinds, consoleChoice{Value: k, Label: T(lang, "absences.kind_"+k)})
	}
	s.render(w, r, status, "absences", p)
	return nil
}

func (s *Server) doRecordAbsence(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	form := formValues(r, "user_id", "kind", "starts_at", "ends_at", "reason")
	ab := &bianmin.Absence{CentreID: centreID, UserID: idValue(form["user_id"]), Kind: form["kind"],
		StartsAt: localTime(form["starts_at"]), EndsAt: localTime(form["ends_at"]), Reason: form["reason"]}
	if err := s.svc.RecordAbsence(r.Context(), req(r).Actor, ab); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderAbsences(w, r, centreID, status, errs, "", form)
		})
	}
	q := url.Values{"centre_id": {strconv.FormatInt(centreID, 10)}, "saved": {"1"}}
	http.Redirect(w, r, "/admin/absences?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// localTime reads a datetime-local field; anything else is the zero time,
// which the service refuses with a field error.
func localTime(v string) time.Time {
	t, err := time.ParseInLocation(localInput, v, bianmin.Shanghai)
	if err != nil {
		return time.Time{}
	}
	return t
}
