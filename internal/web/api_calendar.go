package web

import (
	"net/http"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

type calendarDaysResponse struct {
	Days    []calendar.Day `json:"days"`
	Years   []int          `json:"years"`
	Warning string         `json:"warning,omitempty"`
}

type dayRequest struct {
	Off  bool   `json:"off"`
	Name string `json:"name"`
}

type importResponse struct {
	Days     int                `json:"days"`
	Warnings []calendar.Warning `json:"warnings"`
}

type deadlineResponse struct {
	Start    string `json:"start"`
	N        int    `json:"n"`
	Unit     string `json:"unit"`
	Deadline string `json:"deadline"`
	Covered  bool   `json:"covered"` // false: a year in between has no published schedule yet (R2.1)
	Rule     string `json:"rule"`
}

type hallDayRequest struct {
	Open  bool   `json:"open"`
	Hours string `json:"hours"`
	Note  string `json:"note"`
}

type openResponse struct {
	Open bool      `json:"open"`
	At   time.Time `json:"at"`
}

func (s *Server) apiCalendarDays(w http.ResponseWriter, r *http.Request) error {
	cal, err := s.svc.Calendar(r.Context())
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	out := calendarDaysResponse{Days: []calendar.Day{}, Years: cal.Years()}
	for _, d := range cal.Days() {
		if year == 0 || d.Date.Y == year {
			out.Days = append(out.Days, d)
		}
	}
	if zh, en, ok := cal.MissingNextYearWarning(calendar.DateOf(s.svc.Clock.Now())); ok {
		out.Warning = pick(req(r).Lang, zh, en)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func pathDate(r *http.Request) (calendar.Date, error) {
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		return d, bianmin.FieldError("date", "日期：格式应为 YYYY-MM-DD。", "date: use YYYY-MM-DD.")
	}
	return d, nil
}

func (s *Server) apiPutDay(w http.ResponseWriter, r *http.Request) error {
	d, err := pathDate(r)
	if err != nil {
		return err
	}
	var in dayRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.PutCalendarDay(r.Context(), req(r).Actor, calendar.Day{Date: d, Off: in.Off, Name: in.Name}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiDeleteDay(w http.ResponseWriter, r *http.Request) error {
	d, err := pathDate(r)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteCalendarDay(r.Context(), req(r).Actor, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiImportCalendar(w http.ResponseWriter, r *http.Request) error {
	n, warnings, err := s.importHolidays(r, r.Body, "api")
	if err != nil {
		return err
	}
	if warnings == nil {
		warnings = []calendar.Warning{}
	}
	writeJSON(w, http.StatusOK, importResponse{Days: n, Warnings: warnings})
	return nil
}

func (s *Server) apiDeadline(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v bianmin.Validation
	start, err := calendar.ParseDate(q.Get("start"))
	if err != nil {
		v.Add("start", "start：格式应为 YYYY-MM-DD。", "start: use YYYY-MM-DD.")
	}
	n, err := strconv.Atoi(q.Get("n"))
	if err != nil || n < 0 || n > 3650 {
		v.Add("n", "n：应为 0 到 3650 之间的整数。", "n: a whole number from 0 to 3650.")
	}
	unit := q.Get("unit")
	if unit == "" {
		unit = "working"
	}
	if unit != "working" && unit != "calendar" {
		v.Add("unit", "unit：应为 working 或 calendar。", "unit: working or calendar.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	cal, err := s.svc.Calendar(r.Context())
	if err != nil {
		return err
	}
	due := cal.AddWorkingDays(start, n)
	if unit == "calendar" {
		due = cal.AddCalendarDays(start, n)
	}
	writeJSON(w, http.StatusOK, deadlineResponse{Start: start.String(), N: n, Unit: unit, Deadline: due.String(),
		Covered: cal.CoversDates(start, due), Rule: "R1.17"})
	return nil
}

func (s *Server) apiHallDays(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	today := calendar.DateOf(s.svc.Clock.Now())
	from, to := today.AddDays(-31), today.AddDays(366)
	if d, err := calendar.ParseDate(r.URL.Query().Get("from")); err == nil {
		from = d
	}
	if d, err := calendar.ParseDate(r.URL.Query().Get("to")); err == nil {
		to = d
	}
	days, err := s.svc.HallDays(r.Context(), req(r).Actor, id, from, to)
	if err != nil {
		return err
	}
	if days == nil {
		days = []calendar.HallDay{}
	}
	writeJSON(w, http.StatusOK, days)
	return nil
}

// centreAndDate reads the {id} and {date} of a hall-day path.
func centreAndDate(r *http.Request) (int64, calendar.Date, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, calendar.Date{}, err
	}
	d, err := pathDate(r)
	return id, d, err
}

func (s *Server) apiPutHallDay(w http.ResponseWriter, r *http.Request) error {
	id, d, err := centreAndDate(r)
	if err != nil {
		return err
	}
	var in hallDayRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	spans, err := calendar.ParseSpans(in.Hours)
	if err != nil {
		return bianmin.FieldError("hours", "hours：格式如 09:00-12:00,14:00-17:00。", "hours: e.g. 09:00-12:00,14:00-17:00.")
	}
	if err := s.svc.PutHallDay(r.Context(), req(r).Actor, id, calendar.HallDay{Date: d, Open: in.Open, Sessions: spans, Note: in.Note}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiDeleteHallDay(w http.ResponseWriter, r *http.Request) error {
	id, d, err := centreAndDate(r)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteHallDay(r.Context(), req(r).Actor, id, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiHallOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !req(r).Actor.Scope.Has(id) {
		return bianmin.ErrForbidden
	}
	now := s.svc.Clock.Now()
	open, err := s.svc.HallOpen(r.Context(), id, now)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, openResponse{Open: open, At: now})
	return nil
}
