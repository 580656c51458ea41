package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// calendarRoutes: the legal working-day calendar (R2.1) and the hall's
// opening calendar (R6.12).
func (s *Server) calendarRoutes() []route {
	hallEdit := rolesOnly(bianmin.RoleSysAdmin, bianmin.RoleDirector)
	rs := []route{
		{method: "GET", pattern: "/admin/calendar", access: hallEdit, h: s.pageCalendar},
		{method: "POST", pattern: "/admin/calendar/days", access: rolesOnly(calendarEdit...), h: s.doPutDay},
		{method: "POST", pattern: "/admin/calendar/days/{date}/delete", access: rolesOnly(calendarEdit...), h: s.doDeleteDay},
		{method: "POST", pattern: "/admin/calendar/import", access: rolesOnly(calendarEdit...), h: s.doImportCalendar},
		{method: "POST", pattern: "/admin/calendar/hall", access: hallEdit, h: s.doPutHallDay},
		{method: "POST", pattern: "/admin/calendar/hall/{date}/delete", access: hallEdit, h: s.doDeleteHallDay},
	}
	api := []route{
		{method: "GET", pattern: "/api/v1/calendar/days", access: anyStaff, h: s.apiCalendarDays,
			doc: apiDoc{Summary: "Holidays and make-up working days of the legal calendar (year=YYYY optional)", Tag: "calendar", Response: calendarDaysResponse{}}},
		{method: "PUT", pattern: "/api/v1/calendar/days/{date}", access: rolesOnly(calendarEdit...), h: s.apiPutDay,
			doc: apiDoc{Summary: "Add or change a holiday (off=true) or make-up working day (off=false)", Tag: "calendar", Body: dayRequest{}, Response: okResponse{}}},
		{method: "DELETE", pattern: "/api/v1/calendar/days/{date}", access: rolesOnly(calendarEdit...), h: s.apiDeleteDay,
			doc: apiDoc{Summary: "Return a date to the Monday-Friday rule", Tag: "calendar", Response: okResponse{}}},
		{method: "POST", pattern: "/api/v1/calendar/import", access: rolesOnly(calendarEdit...), h: s.apiImportCalendar,
			doc: apiDoc{Summary: "Import one year of holiday-cn JSON (R2.6); returns R2.5 warnings", Tag: "calendar", Response: importResponse{}}},
		{method: "GET", pattern: "/api/v1/calendar/deadline", access: anyStaff, h: s.apiDeadline,
			doc: apiDoc{Summary: "Deadline: start=YYYY-MM-DD plus n working days, start day not counted (R1.17), or unit=calendar", Tag: "calendar", Response: deadlineResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/hall-days", access: anyStaff, h: s.apiHallDays,
			doc: apiDoc{Summary: "A centre's opening exceptions (from, to)", Tag: "calendar", Response: []calendar.HallDay{}}},
		{method: "PUT", pattern: "/api/v1/centres/{id}/hall-days/{date}", access: hallEdit, h: s.apiPutHallDay,
			doc: apiDoc{Summary: "Open or close the hall on a date (R6.12)", Tag: "calendar", Body: hallDayRequest{}, Response: okResponse{}}},
		{method: "DELETE", pattern: "/api/v1/centres/{id}/hall-days/{date}", access: hallEdit, h: s.apiDeleteHallDay,
			doc: apiDoc{Summary: "Remove an opening exception", Tag: "calendar", Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/open", access: anyStaff, h: s.apiHallOpen,
			doc: apiDoc{Summary: "Is the hall open now (policy hours, legal calendar, hall exceptions)", Tag: "calendar", Response: openResponse{}}},
	}
	for i := range api {
		api[i].api = true
	}
	return append(rs, api...)
}

// dayView is a calendar day as the page shows it.
type dayView struct {
	Date, Weekday, Name, Source string
	Off                         bool
}

var weekdays = map[string][7]string{
	"zh": {"周日", "周一", "周二", "周三", "周四", "周五", "周六"},
	"en": {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
}

func (s *Server) pageCalendar(w http.ResponseWriter, r *http.Request) error {
	return s.renderCalendar(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status int, errs []string, notice string) error {
	rq := req(r)
	cal, err := s.svc.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := calendar.DateOf(s.svc.Clock.Now())
	year := today.Y
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= calendar.MinYear && y <= calendar.MaxYear {
		year = y
	}
	var days []dayView
	for _, d := range cal.Days() {
		if d.Date.Y == year {
			days = append(days, dayView{Date: d.Date.String(), Weekday: weekdays[rq.Lang][d.Date.Weekday()], Name: d.Name, Source: d.Source, Off: d.Off})
		}
	}
	// The legal calendar is national configuration kept by the system
	// administrator (R2.1); others see it without its forms.
	data := map[string]any{"Year": year, "Days": days, "Errors": errs, "Notice": notice,
		"EditLegal": rq.Actor.HasRole(bianmin.RoleSysAdmin)}
	if zh, en, ok := cal.MissingNextYearWarning(today); ok {
		data["Warning"] = pick(rq.Lang, zh, en)
	}
	s.deadlineForm(r, cal, data)
	centreID := homeCentre(rq.Actor)
	data["CentreID"] = centreID
	hall, err := s.svc.HallDays(r.Context(), rq.Actor, centreID, today.AddDays(-31), today.AddDays(366))
	if err != nil {
		return err
	}
	var hv []map[string]any
	for _, h := range hall {
		hv = append(hv, map[string]any{"Date": h.Date.String(), "Open": h.Open, "Hours": calendar.FormatSpans(h.Sessions), "Note": h.Note})
	}
	data["HallDays"] = hv
	s.render(w, r, status, "calendar", data)
	return nil
}

// deadlineForm fills the calculator's answer when start and n are given.
func (s *Server) deadlineForm(r *http.Request, cal *calendar.Calendar, data map[string]any) {
	q := r.URL.Query()
	data["Start"], data["N"] = q.Get("start"), q.Get("n")
	start, err := calendar.ParseDate(q.Get("start"))
	n, err2 := strconv.Atoi(q.Get("n"))
	if err != nil || err2 != nil || n < 0 || n > 3650 {
		return
	}
	due := cal.AddWorkingDays(start, n)
	data["Deadline"] = T(req(r).Lang, "calendar.deadline_is", start.String(), n, due.String()+" "+weekdays[req(r).Lang][due.Weekday()])
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// homeCentre is the centre of the actor's first grant: the one whose hall
// calendar the page shows.
func homeCentre(a *bianmin.Actor) int64 {
	if a == nil || len(a.Grants) == 0 {
		return 0
	}
	return a.Grants[0].CentreID
}

func (s *Server) calendarFormError(w http.ResponseWriter, r *http.Request, err error) error {
	return s.formError(w, r, err, func(status int, errs []string) error {
		return s.renderCalendar(w, r, status, errs, "")
	})
}

func (s *Server) doPutDay(w http.ResponseWriter, r *http.Request) error {
	day, err := dayFromForm(r.PostFormValue("date"), r.PostFormValue("kind"), r.PostFormValue("name"))
	if err == nil {
		err = s.svc.PutCalendarDay(r.Context(), req(r).Actor, day)
	}
	if err != nil {
		return s.calendarFormError(w, r, err)
	}
	showYear(r, day.Date.Y)
	return s.renderCalendar(w, r, http.StatusOK, nil, T(req(r).Lang, "calendar.saved"))
}

// showYear makes the page after a change list the year the change was
// made in, so the person sees it (the form's URL carries no year).
func showYear(r *http.Request, year int) {
	q := r.URL.Query()
	q.Set("year", strconv.Itoa(year))
	r.URL.RawQuery = q.Encode()
}

func dayFromForm(date, kind, name string) (calendar.Day, error) {
	d, err := calendar.ParseDate(strings.TrimSpace(date))
	if err != nil {
		return calendar.Day{}, bianmin.FieldError("date", "日期：格式应为 YYYY-MM-DD。", "Date: use YYYY-MM-DD.")
	}
	if kind != "off" && kind != "work" {
		return calendar.Day{}, bianmin.FieldError("kind", "类型：请选择法定节假日或调休上班。", "Kind: choose public holiday or make-up working day.")
	}
	return calendar.Day{Date: d, Off: kind == "off", Name: strings.TrimSpace(name)}, nil
}

func (s *Server) doDeleteDay(w http.ResponseWriter, r *http.Request) error {
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		return bianmin.ErrNotFound
	}
	if err := s.svc.DeleteCalendarDay(r.Context(), req(r).Actor, d); err != nil {
		return s.calendarFormError(w, r, err)
	}
	showYear(r, d.Y)
	return s.renderCalendar(w, r, http.StatusOK, nil, T(req(r).Lang, "calendar.saved"))
}

// maxImport bounds an uploaded holiday file; a year is a few kilobytes.
const maxImport = 256 << 10

func (s *Server) doImportCalendar(w http.ResponseWriter, r *http.Request) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.calendarFormError(w, r, bianmin.FieldError("file", "请选择要导入的 JSON 文件。", "Choose a JSON file to import."))
	}
	defer f.Close()
	year, days, err := calendar.ParseHolidayCN(io.LimitReader(f, maxImport))
	var warnings []calendar.Warning
	if err == nil {
		warnings, err = s.svc.ImportHolidayCN(r.Context(), req(r).Actor, days, "import:"+hdr.Filename)
	}
	if err != nil {
		return s.calendarFormError(w, r, err)
	}
	showYear(r, year)
	notice := T(req(r).Lang, "calendar.imported", len(days))
	for _, wn := range warnings {
		notice += " " + pick(req(r).Lang, wn.ZH, wn.EN)
	}
	return s.renderCalendar(w, r, http.StatusOK, nil, notice)
}

func (s *Server) importHolidays(r *http.Request, body io.Reader, source string) (int, []calendar.Warning, error) {
	_, days, err := calendar.ParseHolidayCN(body)
	if err != nil {
		return 0, nil, err
	}
	warnings, err := s.svc.ImportHolidayCN(r.Context(), req(r).Actor, days, source)
	return len(days), warnings, err
}

func hallDayFromForm(r *http.Request) (int64, calendar.HallDay, error) {
	centreID, _ := strconv.ParseInt(r.PostFormValue("centre_id"), 10, 64)
	d, err := calendar.ParseDate(r.PostFormValue("date"))
	if err != nil {
		return 0, calendar.HallDay{}, bianmin.FieldError("date", "日期：格式应为 YYYY-MM-DD。", "Date: use YYYY-MM-DD.")
	}
	spans, err := calendar.ParseSpans(r.PostFormValue("hours"))
	if err != nil {
		return 0, calendar.HallDay{}, bianmin.FieldError("hours", "时段：格式如 09:00-12:00,14:00-17:00。", "Hours: e.g. 09:00-12:00,14:00-17:00.")
	}
	return centreID, calendar.HallDay{Date: d, Open: r.PostFormValue("open") == "1", Sessions: spans, Note: strings.TrimSpace(r.PostFormValue("note"))}, nil
}

func (s *Server) doPutHallDay(w http.ResponseWriter, r *http.Request) error {
	centreID, day, err := hallDayFromForm(r)
	if err == nil {
		err = s.svc.PutHallDay(r.Context(), req(r).Actor, centreID, day)
	}
	if err != nil {
		return s.calendarFormError(w, r, err)
	}
	return s.renderCalendar(w, r, http.StatusOK, nil, T(req(r).Lang, "calendar.saved"))
}

func (s *Server) doDeleteHallDay(w http.ResponseWriter, r *http.Request) error {
	centreID, _ := strconv.ParseInt(r.PostFormValue("centre_id"), 10, 64)
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		return bianmin.ErrNotFound
	}
	if err := s.svc.DeleteHallDay(r.Context(), req(r).Actor, centreID, d); err != nil {
		return s.calendarFormError(w, r, err)
	}
	return s.renderCalendar(w, r, http.StatusOK, nil, T(req(r).Lang, "calendar.saved"))
}
