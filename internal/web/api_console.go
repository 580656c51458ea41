package web

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Example bodies of the console API, for the OpenAPI document.
type reasonBody struct {
	Reason string `json:"reason"`
}

type callBody struct {
	TicketID int64  `json:"ticket_id"`
	Reason   string `json:"reason"`
}

type absenceRequest struct {
	UserID   int64     `json:"user_id"`
	Kind     string    `json:"kind"` // leave, business_trip, meeting, other
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Reason   string    `json:"reason"`
}

type absencesResponse struct {
	Absences []*bianmin.Absence `json:"absences"`
}

// consoleActionDocs documents each POST /api/v1/windows/{id}/{action}.
var consoleActionDocs = []struct {
	action, summary string
	body, response  any
}{
	{"open", "Go on post at the window: A opens freely and takes it back from B once B has no ticket; B opens or takes over only while A is away — a recorded absence or not on post (Q-5, AB-1)", nil, okResponse{}},
	{"close", "Go off post; refused while a ticket is called or in service; ends an open pause", nil, okResponse{}},
	{"pause", "Put up 暂停服务 with a reason (1-100 characters): the window gets no calls (Q-4)", reasonBody{}, okResponse{}},
	{"resume", "End the pause: the window takes calls again (Q-4)", nil, okResponse{}},
	{"call-next", "Call the next ticket by the centre's order — due appointments, green channel with the anti-starvation limit, arrival (Q-1, Q-2); updates display, voice, audit and statistics in one transaction; 404 when nobody waits", nil, service.CallResult{}},
	{"call", "Call a chosen waiting ticket out of turn (急事急办) with a required reason, audited under Q-2", callBody{}, service.CallResult{}},
	{"recall", "Announce the called ticket again; past the policy's calls_before_no_show it becomes a no-show instead (no_show: true) (Q-1)", nil, service.CallResult{}},
	{"no-show", "Mark the called ticket a no-show 过号 now (Q-1)", nil, okResponse{}},
	{"start", "The called citizen has arrived: the ticket is in service", nil, okResponse{}},
	{"finish", "Finish the current service with an outcome (completed, accepted, consulted, supplement, not_accepted, referred, other), an optional case and note; the evaluation pad then offers the rating (RT-1)", service.FinishRequest{}, okResponse{}},
	{"transfer", "Send the current ticket to another window or queue with a reason; it keeps its place and first-inquiry owner, and only the target window may call it (FI-2)", service.TransferRequest{}, okResponse{}},
}

func (s *Server) consoleAPIRoutes() []route {
	clerk := rolesOnly(bianmin.RoleClerk)
	recorders := rolesOnly(absenceRecorders...)
	rs := []route{
		{method: "GET", pattern: "/api/v1/my/windows", access: clerk, h: s.apiMyWindows,
			doc: apiDoc{Summary: "The windows where the caller holds the A or B post (ORG-2)", Tag: "console", Response: windowsResponse{}}},
		{method: "GET", pattern: "/api/v1/windows/{id}/console", access: clerk, h: s.apiConsole,
			doc: apiDoc{Summary: "A window's console for its A or B post holder: state, current ticket, waiting tickets in calling order (at most 50, masked), today's no-shows, transfer targets", Tag: "console", Response: service.ConsoleView{}}},
		{method: "POST", pattern: "/api/v1/tickets/{id}/reactivate", access: rolesOnly(append([]bianmin.Role{bianmin.RoleClerk}, guideDesk...)...), h: s.apiReactivate,
			doc: apiDoc{Summary: "Put today's no-show back in its queue behind the policy's reactivate_after waiting tickets (Q-1): the guide desk, or clerks of windows calling its queue", Tag: "console", Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/absences", access: recorders, h: s.apiAbsences,
			doc: apiDoc{Summary: "A centre's recorded staff absences of the last 30 days and ahead (AB-1)", Tag: "console", Response: absencesResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/absences", access: recorders, h: s.apiRecordAbsence,
			doc: apiDoc{Summary: "Record an approved absence (leave, business_trip, meeting, other) of a staff member of the centre; while it covers now, the B post may take over (AB-1)", Tag: "console", Body: absenceRequest{}, Response: bianmin.Absence{}}},
	}
	for _, d := range consoleActionDocs {
		rs = append(rs, route{method: "POST", pattern: "/api/v1/windows/{id}/" + d.action, access: clerk, h: s.apiConsoleAction(d.action),
			doc: apiDoc{Summary: d.summary, Tag: "console", Body: d.body, Response: d.response}})
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}

// decodeOptionalJSON decodes a JSON body strictly when there is one; an
// empty body is the zero value (open, call-next and the like take none).
func decodeOptionalJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return decodeJSON(r, v)
}

func (s *Server) apiMyWindows(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.svc.MyWindows(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, windowsResponse{Windows: ws})
	return nil
}

func (s *Server) apiConsole(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.Console(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiConsoleAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in consoleInput
		if err := decodeOptionalJSON(r, &in); err != nil {
			return err
		}
		res, err := s.consoleAct(r.Context(), req(r).Actor, id, action, in)
		if err != nil {
			return err
		}
		if res != nil {
			writeJSON(w, http.StatusOK, res)
			return nil
		}
		writeJSON(w, http.StatusOK, okResponse{OK: true})
		return nil
	}
}

func (s *Server) apiReactivate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decodeOptionalJSON(r, &struct{}{}); err != nil {
		return err
	}
	if err := s.svc.Reactivate(r.Context(), req(r).Actor, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{OK: true})
	return nil
}

func (s *Server) apiAbsences(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	list, err := s.svc.ListAbsences(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, absencesResponse{Absences: list})
	return nil
}

func (s *Server) apiRecordAbsence(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var in absenceRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ab := &bianmin.Absence{CentreID: id, UserID: in.UserID, Kind: in.Kind, StartsAt: in.StartsAt, EndsAt: in.EndsAt, Reason: in.Reason}
	if err := s.svc.RecordAbsence(r.Context(), req(r).Actor, ab); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ab)
	return nil
}
