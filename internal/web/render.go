package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type templates struct{ pages map[string]*template.Template }

// parseTemplates parses every page with the layout at start-up, so a broken
// or missing template stops the server before it serves anything.
func parseTemplates() (*templates, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	// Partials (part_*.html) are parts several pages share, such as the
	// sections of the case page; every page is parsed with them.
	shared := []string{"templates/layout.html"}
	for _, n := range names {
		if strings.HasPrefix(n, "templates/part_") {
			shared = append(shared, n)
		}
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "part_") {
			continue
		}
		p, err := template.New(base).Funcs(funcs).ParseFS(templateFS, append(shared, n)...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		t.pages[base] = p
	}
	return t, nil
}

var funcs = template.FuncMap{
	"t":        T,
	"roleName": func(lang string, r bianmin.Role) string { return r.Name(lang) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(bianmin.Shanghai).Format("2006-01-02 15:04:05")
	},
	"whenp": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(bianmin.Shanghai).Format("2006-01-02 15:04")
	},
	"maskPhone": bianmin.MaskPhone,
}

// page is what every template sees: the layout's needs plus the page's Data.
type page struct {
	L         string
	Large     bool
	Actor     *bianmin.Actor
	Nav       []navItem
	Path      string
	Here      string // where the language and large-type switches return to
	TestClock string // the server's time while --test-clock is on, shown as a banner
	Data      any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	s.renderLayout(w, r, status, name, "base", data)
}

// renderBare renders a page without the staff header and navigation: the
// hall's kiosk, display and evaluation pad, and the citizen's ticket page.
func (s *Server) renderBare(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	s.renderLayout(w, r, status, name, "bare", data)
}

func (s *Server) renderLayout(w http.ResponseWriter, r *http.Request, status int, name, layout string, data any) {
	rq := req(r)
	p := page{L: rq.Lang, Large: rq.Large, Actor: rq.Actor, Nav: navFor(rq.Actor), Path: r.URL.Path, Here: r.URL.Path, Data: data}
	if r.Method == http.MethodGet {
		p.Here = r.URL.RequestURI() // keep the query: a hall screen is set to its centre by ?centre=ID
	}
	if s.cfg.TestClock != nil {
		p.TestClock = s.svc.Clock.Now().In(bianmin.Shanghai).Format("2006-01-02 15:04:05")
	}
	tpl, ok := s.tpl.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, "template missing", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, layout, p); err != nil {
		s.log.Error("render", "template", name, "err", err.Error())
		http.Error(w, "500 internal error / 系统内部错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})
}

// navItem is one entry of the role-based navigation.
type navItem struct {
	Href, Key string
}

// navFor lists the pages the actor's roles open, in a fixed order.
func navFor(a *bianmin.Actor) []navItem {
	if a == nil {
		return nil
	}
	nav := []navItem{{"/staff", "nav.staff"}}
	add := func(href, key string, roles ...bianmin.Role) {
		if a.HasAnyRole(roles...) {
			nav = append(nav, navItem{href, key})
		}
	}
	add("/admin/users", "nav.users", accountAdmins...)
	add("/admin/policy", "nav.policy", policyEditors...)
	add("/admin/calendar", "nav.calendar", bianmin.RoleSysAdmin, bianmin.RoleDirector)
	add("/admin/org", "nav.org", bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleInspector)
	add("/admin/items", "nav.items", bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleInspector)
	add("/console", "nav.console", bianmin.RoleClerk)
	add("/cases/new", "nav.new_case", intakeDeciders...)
	add("/inquiries", "nav.inquiries", inquiryReaders...)
	add("/guide-desk", "nav.guide_desk", guideDesk...)
	add("/queue/stats", "nav.queue_stats", statsReaders...)
	add("/admin/queues", "nav.queues", queueAdmins...)
	add("/admin/absences", "nav.absences", absenceRecorders...)
	add("/messages", "nav.messages", messageReaders...)
	add("/cases", "nav.cases", caseReaders...)
	add("/supervision", "nav.supervision", supervisionReaders...)
	add("/audit", "nav.audit", auditReaders...)
	return nav
}
