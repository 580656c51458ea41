package web

import (
	"context"
	"io"
	"net/http"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// request is what the middleware learns about a request before its handler runs.
type request struct {
	ID      string
	Lang    string // "zh" or "en"
	Large   bool   // large-type mode for older users
	Actor   *bianmin.Actor
	Session *service.SessionState
	Token   string
	Device  *bianmin.Device // the hall device of a device route
	Source  string          // client address
	// body is the request body before withBasics limits it to maxBody; only
	// an upload route re-limits it, to its own bound (uploadLimit).
	body io.ReadCloser
}

type requestKey struct{}

func withRequest(r *http.Request, rq *request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), requestKey{}, rq))
}

// req returns the request info set by the middleware (never nil behind it).
func req(r *http.Request) *request {
	if rq, ok := r.Context().Value(requestKey{}).(*request); ok {
		return rq
	}
	return &request{Lang: "zh"}
}

// actorOrAnonymous returns the logged-in actor or an anonymous citizen actor.
func actorOrAnonymous(r *http.Request) *bianmin.Actor {
	rq := req(r)
	if rq.Actor != nil {
		return rq.Actor
	}
	return &bianmin.Actor{Username: "anonymous", Source: rq.Source, RequestID: rq.ID, Lang: rq.Lang}
}
