package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) error {
	if need, err := s.svc.NeedsSetup(r.Context()); err == nil && need {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return nil
	}
	centres, err := s.svc.PublicCentres(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{"Centres": centres})
	return nil
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.DB.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
	return nil
}

// safeNext keeps redirects on this site: a local path, never //host or a scheme.
func safeNext(next, fallback string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return fallback
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := "en"
	if req(r).Lang == "en" {
		lang = "zh"
	}
	if v := r.PostFormValue("lang"); v == "zh" || v == "en" {
		lang = v
	}
	http.SetCookie(w, &http.Cookie{Name: "bm_lang", Value: lang, Path: "/", MaxAge: 365 * 86400, SameSite: http.SameSiteLaxMode, Secure: s.cfg.TLS})
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}

func (s *Server) toggleLarge(w http.ResponseWriter, r *http.Request) error {
	v := "1"
	if req(r).Large {
		v = "0"
	}
	http.SetCookie(w, &http.Cookie{Name: "bm_large", Value: v, Path: "/", MaxAge: 365 * 86400, SameSite: http.SameSiteLaxMode, Secure: s.cfg.TLS})
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) error {
	data := map[string]any{"Next": safeNext(r.URL.Query().Get("next"), "/staff")}
	if r.URL.Query().Get("bye") == "1" {
		data["Notice"] = T(req(r).Lang, "logout.done")
	}
	if r.URL.Query().Get("setup") == "1" {
		data["Notice"] = T(req(r).Lang, "setup.done")
	}
	s.render(w, r, http.StatusOK, "login", data)
	return nil
}

func (s *Server) doLogin(w http.ResponseWriter, r *http.Request) error {
	rq := req(r)
	username := r.PostFormValue("username")
	token, _, err := s.svc.Login(r.Context(), username, r.PostFormValue("password"), rq.Source, r.UserAgent())
	if err != nil {
		e := bianmin.AsError(err)
		if e.Code == bianmin.EINTERNAL || e.Code == bianmin.EUNAVAILABLE {
			return err
		}
		status := statusOf[e.Code]
		if d, ok := service.RetryAfter(err); ok {
			retryAfter(w, d)
		}
		s.render(w, r, status, "login", map[string]any{
			"Next": safeNext(r.PostFormValue("next"), "/staff"), "Username": username,
			"Errors": errorMessages(e, rq.Lang),
		})
		return nil
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, safeNext(r.PostFormValue("next"), "/staff"), http.StatusSeeOther)
	return nil
}

func (s *Server) doLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.Logout(r.Context(), req(r).Token); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	// SECURITY.md item 20. Not "cookies": that would also forget the
	// language and large-type choices; the session cookie is cleared above.
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	http.Redirect(w, r, "/login?bye=1", http.StatusSeeOther)
	return nil
}

func (s *Server) pageSetup(w http.ResponseWriter, r *http.Request) error {
	need, err := s.svc.NeedsSetup(r.Context())
	if err != nil {
		return err
	}
	if !need {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "setup", map[string]any{"Form": map[string]string{}})
	return nil
}

// doSetup creates the first centre and security administrator. It needs the
// one-time token printed at start-up, so the first person to reach the page
// over the network cannot take the installation over.
func (s *Server) doSetup(w http.ResponseWriter, r *http.Request) error {
	form := formValues(r, "centre_name", "centre_name_en", "region_code", "username", "display_name")
	token := r.PostFormValue("token")
	if s.cfg.SetupToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.SetupToken)) != 1 {
		s.render(w, r, http.StatusForbidden, "setup", map[string]any{"Form": form,
			"Errors": []string{T(req(r).Lang, "setup.token") + ": " + bianmin.ErrForbidden.Message(req(r).Lang)}})
		return nil
	}
	err := s.svc.Setup(r.Context(),
		bianmin.Centre{Name: form["centre_name"], NameEN: form["centre_name_en"], RegionCode: form["region_code"], Level: 5},
		service.NewUser{Username: form["username"], DisplayName: form["display_name"], Password: r.PostFormValue("password")})
	if err != nil {
		e := bianmin.AsError(err)
		if e.Code == bianmin.EINTERNAL {
			return err
		}
		s.render(w, r, statusOf[e.Code], "setup", map[string]any{"Form": form, "Errors": errorMessages(e, req(r).Lang)})
		return nil
	}
	http.Redirect(w, r, "/login?setup=1", http.StatusSeeOther)
	return nil
}

func (s *Server) pagePassword(w http.ResponseWriter, r *http.Request) error {
	return s.renderPassword(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, errs []string, notice string) error {
	rq := req(r)
	rules := s.svc.SecurityRulesFor(r.Context(), rq.Actor)
	s.render(w, r, status, "password", map[string]any{
		"Must": rq.Session != nil && rq.Session.MustChangePassword, "Errors": errs, "Notice": notice,
		"MinLength": rules.PasswordMinLength, "MinClasses": rules.PasswordMinClasses, "History": rules.PasswordHistory,
	})
	return nil
}

func (s *Server) doPassword(w http.ResponseWriter, r *http.Request) error {
	rq := req(r)
	if r.PostFormValue("new") != r.PostFormValue("repeat") {
		return s.renderPassword(w, r, http.StatusBadRequest, []string{T(rq.Lang, "password.mismatch")}, "")
	}
	err := s.svc.ChangePassword(r.Context(), rq.Actor, r.PostFormValue("old"), r.PostFormValue("new"))
	if err != nil {
		e := bianmin.AsError(err)
		if e.Code == bianmin.EINTERNAL {
			return err
		}
		return s.renderPassword(w, r, statusOf[e.Code], errorMessages(e, rq.Lang), "")
	}
	rq.Session.MustChangePassword = false
	return s.renderPassword(w, r, http.StatusOK, nil, T(rq.Lang, "password.done"))
}

// errorMessages lists the messages of an error and its field details.
func errorMessages(e *bianmin.Error, lang string) []string {
	if len(e.Details) == 0 {
		return []string{e.Message(lang)}
	}
	var out []string
	for _, d := range e.Details {
		out = append(out, d.Message(lang))
	}
	return out
}

func formValues(r *http.Request, names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return m
}
