package web

import (
	"bianmin/internal/service"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"bianmin/internal/bianmin"
)

// statusOf maps an error code to its HTTP status: the one table of it.
var statusOf = map[string]int{
	bianmin.EINVALID:      http.StatusBadRequest,
	bianmin.ENOTFOUND:     http.StatusNotFound,
	bianmin.ECONFLICT:     http.StatusConflict,
	bianmin.EUNAUTHORIZED: http.StatusUnauthorized,
	bianmin.EFORBIDDEN:    http.StatusForbidden,
	bianmin.ETOOMANY:      http.StatusTooManyRequests,
	bianmin.EUNAVAILABLE:  http.StatusServiceUnavailable,
	bianmin.EINTERNAL:     http.StatusInternalServerError,
}

// deniedHeader marks responses refused by the route table's access rule.
const deniedHeader = "X-Bianmin-Denied"

// wrap applies the route's access rule, then runs the handler and renders its error.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := req(r)
		if rt.access.device != "" {
			s.serveDevice(w, r, rt)
			return
		}
		if !rt.access.allows(rq.Actor) {
			w.Header().Set(deniedHeader, "route") // lets the role × route test tell access denial from business refusals
			if rq.Actor == nil {
				s.fail(w, r, rt.api, bianmin.ErrUnauthorized)
			} else {
				s.fail(w, r, rt.api, bianmin.ErrForbidden)
			}
			return
		}
		if rq.Session != nil && rq.Session.MustChangePassword && !rt.access.allowedBeforePasswordChange {
			s.fail(w, r, rt.api, errPasswordChangeRequired)
			return
		}
		if err := rt.h(w, r); err != nil {
			s.fail(w, r, rt.api, err)
		}
	})
}

var errPasswordChangeRequired = bianmin.Errorf(bianmin.EFORBIDDEN,
	"请先修改密码（首次登录或密码已过期，等保要求）。",
	"Please change your password first (first login or expired password).").WithRule("SECURITY-2")

// fail renders an error as JSON for the API and as a page (or a redirect to
// the login page) for browsers. Internal causes go to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	e := bianmin.AsError(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		e = bianmin.Errorf(bianmin.EINVALID, "提交的内容过大。", "The request body is too large.")
		w.Header().Set("Connection", "close")
		s.writeError(w, r, api, http.StatusRequestEntityTooLarge, e)
		return
	}
	if d, ok := service.RetryAfter(err); ok {
		retryAfter(w, d)
	}
	status := statusOf[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		s.log.Error("request failed", "request_id", req(r).ID, "err", err.Error())
	}
	if !api && status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if !api && e == errPasswordChangeRequired {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	s.writeError(w, r, api, status, e)
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, api bool, status int, e *bianmin.Error) {
	lang := req(r).Lang
	if api {
		writeJSON(w, status, map[string]any{"error": apiError(e, lang)})
		return
	}
	s.render(w, r, status, "error", map[string]any{"Status": status, "Error": e, "Message": e.Message(lang)})
}

type apiErr struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Field   string   `json:"field,omitempty"`
	Rule    string   `json:"rule,omitempty"`
	Details []apiErr `json:"details,omitempty"`
}

func apiError(e *bianmin.Error, lang string) apiErr {
	out := apiErr{Code: e.Code, Message: e.Message(lang), Field: e.Field, Rule: e.Rule}
	for _, d := range e.Details {
		out.Details = append(out.Details, apiErr{Code: d.Code, Message: d.Message(lang), Field: d.Field, Rule: d.Rule})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// decodeJSON reads a JSON body strictly: unknown fields, trailing data and
// oversized bodies are 4xx with a message, never 500.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return bianmin.Errorf(bianmin.EINVALID, "请求不是有效的 JSON："+err.Error(), "The request is not valid JSON: "+err.Error())
	}
	if dec.More() {
		return bianmin.Errorf(bianmin.EINVALID, "JSON 之后还有多余内容。", "Unexpected data after the JSON value.")
	}
	return nil
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	api := len(r.URL.Path) >= 8 && r.URL.Path[:8] == "/api/v1/"
	s.writeError(w, r, api, http.StatusNotFound, bianmin.Errorf(bianmin.ENOTFOUND, "页面不存在。", "Page not found."))
}
