package web

import (
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

func (s *Server) pageStaff(w http.ResponseWriter, r *http.Request) error {
	a := req(r).Actor
	centres, err := s.svc.ListCentres(r.Context(), a)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range centres {
		names[c.ID] = c.Name
		if req(r).Lang == "en" && c.NameEN != "" {
			names[c.ID] = c.NameEN
		}
	}
	s.render(w, r, http.StatusOK, "staff", map[string]any{"Grants": a.Grants, "CentreNames": names,
		"MissingPosts": s.missingPostsFlag(r)})
	return nil
}

func (s *Server) pageUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, nil, "", map[string]string{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, errs []string, notice string, form map[string]string) error {
	a := req(r).Actor
	users, err := s.svc.ListUsers(r.Context(), a)
	if err != nil {
		return err
	}
	now := s.svc.Clock.Now()
	for _, u := range users {
		if u.LockedUntil != nil && !u.LockedUntil.After(now) {
			u.LockedUntil = nil // the lock has run out (SECURITY.md item 3); the row keeps it until the next login
		}
	}
	centres, err := s.svc.ListCentres(r.Context(), a)
	if err != nil {
		return err
	}
	s.render(w, r, status, "users", map[string]any{
		"Users": users, "Centres": centres, "Roles": bianmin.Roles, "Errors": errs, "Notice": notice, "Form": form,
	})
	return nil
}

func (s *Server) doCreateUser(w http.ResponseWriter, r *http.Request) error {
	rq := req(r)
	form := formValues(r, "username", "display_name", "staff_no", "phone", "centre_id", "role")
	centreID, _ := strconv.ParseInt(form["centre_id"], 10, 64)
	_, err := s.svc.CreateUser(r.Context(), rq.Actor, service.NewUser{
		CentreID: centreID, Username: form["username"], DisplayName: form["display_name"],
		StaffNo: form["staff_no"], Phone: form["phone"], Password: r.PostFormValue("password"),
		Grants: []bianmin.Grant{{Role: bianmin.Role(form["role"]), CentreID: centreID}},
	})
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderUsers(w, r, status, errs, "", form)
		})
	}
	return s.renderUsers(w, r, http.StatusOK, nil, T(rq.Lang, "users.created"), map[string]string{})
}

func (s *Server) doUserAction(w http.ResponseWriter, r *http.Request) error {
	rq := req(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return bianmin.ErrNotFound
	}
	switch r.PathValue("action") {
	case "disable":
		err = s.svc.DisableUser(r.Context(), rq.Actor, id)
	case "enable":
		err = s.svc.EnableUser(r.Context(), rq.Actor, id)
	case "unlock":
		err = s.svc.UnlockUser(r.Context(), rq.Actor, id)
	case "password":
		err = s.svc.SetUserPassword(r.Context(), rq.Actor, id, r.PostFormValue("password"))
	default:
		return bianmin.ErrNotFound
	}
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderUsers(w, r, status, errs, "", map[string]string{})
		})
	}
	return s.renderUsers(w, r, http.StatusOK, nil, T(rq.Lang, "users.done"), map[string]string{})
}

// formError re-renders a form with the messages of a user error; internal
// errors go to the error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error, again func(status int, errs []string) error) error {
	e := bianmin.AsError(err)
	switch e.Code {
	case bianmin.EINTERNAL, bianmin.EUNAVAILABLE, bianmin.EFORBIDDEN, bianmin.EUNAUTHORIZED:
		return err
	}
	return again(statusOf[e.Code], errorMessages(e, req(r).Lang))
}
