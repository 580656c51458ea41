package web

import (
	"bianmin/internal/service"
	"net/http"
	"strings"
	"time"
)

// cookieName is __Host- prefixed under TLS (SECURITY.md item 36); browsers
// refuse that prefix without Secure, so plain HTTP on a LAN uses a plain name.
func (s *Server) cookieName() string {
	if s.cfg.TLS {
		return "__Host-bianmin_session"
	}
	return "bianmin_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.TLS, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.TLS,
		SameSite: http.SameSiteLaxMode, MaxAge: -1, Expires: time.Unix(0, 0),
	})
}

// sessionToken reads the token from the cookie or an API bearer header.
func (s *Server) sessionToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	if c, err := r.Cookie(s.cookieName()); err == nil {
		return c.Value
	}
	return ""
}

// withSession resolves the session, if any, into the request's actor. An
// expired or revoked session clears the cookie and the request goes on anonymous.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := req(r)
		if token := s.sessionToken(r); token != "" {
			actor, state, err := s.svc.Authenticate(r.Context(), token)
			if err == nil {
				actor.Source, actor.RequestID, actor.Lang = rq.Source, rq.ID, rq.Lang
				rq.Actor, rq.Session, rq.Token = actor, state, token
				// ChangePassword keeps this session and ends the others.
				r = r.WithContext(service.WithSessionToken(r.Context(), token))
			} else if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				s.clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r)
	})
}
