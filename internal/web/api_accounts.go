package web

import (
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type sessionResponse struct {
	Token              string          `json:"token"`
	Username           string          `json:"username"`
	Grants             []bianmin.Grant `json:"grants"`
	MustChangePassword bool            `json:"must_change_password"`
}

type passwordRequest struct {
	Old string `json:"old"`
	New string `json:"new"`
}

type newPasswordRequest struct {
	Password string `json:"password"`
}

type grantsRequest struct {
	Grants []bianmin.Grant `json:"grants"`
}

type okResponse struct {
	OK bool `json:"ok"`
}

// apiLogin: POST /api/v1/session. The token is returned for Bearer use and
// also set as the session cookie.
func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	token, actor, err := s.svc.Login(r.Context(), in.Username, in.Password, req(r).Source, r.UserAgent())
	if err != nil {
		return err
	}
	_, state, err := s.svc.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	writeJSON(w, http.StatusCreated, sessionResponse{Token: token, Username: actor.Username, Grants: actor.Grants, MustChangePassword: state.MustChangePassword})
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.Logout(r.Context(), req(r).Token); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

type meResponse struct {
	Username           string          `json:"username"`
	Grants             []bianmin.Grant `json:"grants"`
	Scope              []int64         `json:"scope"`
	MustChangePassword bool            `json:"must_change_password"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	rq := req(r)
	writeJSON(w, http.StatusOK, meResponse{rq.Actor.Username, rq.Actor.Grants, rq.Actor.Scope.Centres, rq.Session.MustChangePassword})
	return nil
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(r.Context(), req(r).Actor, in.Old, in.New); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.svc.ListUsers(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": users})
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in service.NewUser
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.svc.CreateUser(r.Context(), req(r).Actor, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, bianmin.ErrNotFound
	}
	return id, nil
}

func (s *Server) apiUserAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := req(r).Actor
	switch r.PathValue("action") {
	case "disable":
		err = s.svc.DisableUser(r.Context(), a, id)
	case "enable":
		err = s.svc.EnableUser(r.Context(), a, id)
	case "unlock":
		err = s.svc.UnlockUser(r.Context(), a, id)
	default:
		return bianmin.ErrNotFound
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiSetUserPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in newPasswordRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.SetUserPassword(r.Context(), req(r).Actor, id, in.Password); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiSetGrants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in grantsRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.SetGrants(r.Context(), req(r).Actor, id, in.Grants); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiCentres(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.ListCentres(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"centres": cs})
	return nil
}

func (s *Server) apiCreateCentre(w http.ResponseWriter, r *http.Request) error {
	var in bianmin.Centre
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.svc.CreateCentre(r.Context(), req(r).Actor, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}
