// Package web serves bianmin over HTTP: the server-rendered pages and the JSON
// API under /api/v1 share one route table, one access check and one error
// mapping, so the role × route test and the OpenAPI document cover both.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Config is what the web layer needs from the command line.
type Config struct {
	TLS          bool               // cookies get Secure and the __Host- prefix
	TestClock    *bianmin.TestClock // non-nil only with `serve --test-clock`
	MetricsAllow []netip.Prefix     // who may read /metrics (SECURITY.md item 16)
	SetupToken   string             // one-time token for the setup page, "" once set up
	Version      string
}

// Server holds the handlers' dependencies.
type Server struct {
	svc    *service.Service
	cfg    Config
	log    *slog.Logger
	tpl    *templates
	routes []route
	mux    *http.ServeMux
	m      *metrics
}

// New builds the server and fails if a template is missing or broken.
func New(svc *service.Service, cfg Config, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, cfg: cfg, log: log, tpl: tpl, m: newMetrics()}
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	s.mux.Handle("GET /static/", staticHandler())
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

// Handler returns the full middleware chain around the routes.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.withSession(h)
	h = http.NewCrossOriginProtection().Handler(h) // SECURITY.md item 31
	h = s.withBasics(h)
	return h
}
