package web

import (
	"net/http"

	"bianmin/internal/bianmin"
)

// access says who may call a route. Every route names one: there is no
// default, and New panics on a route without it (deny by default).
type access struct {
	public bool           // anyone, logged in or not
	staff  bool           // any logged-in account
	roles  []bianmin.Role // any of these roles
	// device: a registered hall device of this kind (kiosk, display, pad),
	// authenticated by its paired token; no person may call the route.
	device bianmin.DeviceKind
	// allowedBeforePasswordChange routes stay usable while a password must be changed.
	allowedBeforePasswordChange bool
}

var (
	public   = access{public: true, allowedBeforePasswordChange: true}
	anyStaff = access{staff: true}
)

func rolesOnly(rs ...bianmin.Role) access { return access{roles: rs} }

// allows reports whether the actor may call a route with this access.
func (a access) allows(actor *bianmin.Actor) bool {
	switch {
	case a.device != "":
		return false
	case a.public:
		return true
	case actor == nil:
		return false
	case a.staff:
		return true
	}
	return actor.HasAnyRole(a.roles...)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one row of the route table; api routes answer JSON, others HTML.
type route struct {
	method, pattern string
	access          access
	api             bool
	h               handlerFunc
	doc             apiDoc // OpenAPI summary and shapes, api routes only
}

// Role groups used in the table.
var (
	accountAdmins = []bianmin.Role{bianmin.RoleSecAdmin}
	policyEditors = []bianmin.Role{bianmin.RoleSysAdmin, bianmin.RoleDirector}
	auditReaders  = []bianmin.Role{bianmin.RoleAuditAdmin, bianmin.RoleInspector}
	calendarEdit  = []bianmin.Role{bianmin.RoleSysAdmin}
)

// routeTable is the single list of everything bianmin serves.
func (s *Server) routeTable() []route {
	rs := []route{
		{method: "GET", pattern: "/{$}", access: public, h: s.pageHome},
		{method: "GET", pattern: "/healthz", access: public, h: s.handleHealth},
		{method: "GET", pattern: "/metrics", access: public, h: s.handleMetrics},
		{method: "POST", pattern: "/lang", access: public, h: s.setLang},
		{method: "POST", pattern: "/large", access: public, h: s.toggleLarge},
		{method: "GET", pattern: "/login", access: public, h: s.pageLogin},
		{method: "POST", pattern: "/login", access: public, h: s.doLogin},
		{method: "POST", pattern: "/logout", access: access{staff: true, allowedBeforePasswordChange: true}, h: s.doLogout},
		{method: "GET", pattern: "/setup", access: public, h: s.pageSetup},
		{method: "POST", pattern: "/setup", access: public, h: s.doSetup},
		{method: "GET", pattern: "/password", access: access{staff: true, allowedBeforePasswordChange: true}, h: s.pagePassword},
		{method: "POST", pattern: "/password", access: access{staff: true, allowedBeforePasswordChange: true}, h: s.doPassword},
		{method: "GET", pattern: "/staff", access: anyStaff, h: s.pageStaff},
		{method: "GET", pattern: "/admin/users", access: rolesOnly(accountAdmins...), h: s.pageUsers},
		{method: "POST", pattern: "/admin/users", access: rolesOnly(accountAdmins...), h: s.doCreateUser},
		{method: "POST", pattern: "/admin/users/{id}/{action}", access: rolesOnly(accountAdmins...), h: s.doUserAction},
	}
	rs = append(rs, s.adminRoutes()...)
	rs = append(rs, s.apiRoutes()...)
	rs = append(rs, s.publicRoutes()...)
	rs = append(rs, s.orgRoutes()...)
	rs = append(rs, s.queueRoutes()...)   // queues, devices, kiosk, guide desk, status page
	rs = append(rs, s.consoleRoutes()...) // window console, absences
	rs = append(rs, s.displayRoutes()...) // hall display and its events
	rs = append(rs, s.padRoutes()...)     // evaluation pad, queue statistics
	rs = append(rs, s.caseRoutes()...)
	rs = append(rs, s.intakeRoutes()...)      // new case, intake decisions, notices, first inquiries
	rs = append(rs, s.supervisionRoutes()...) // supervision, case list, progress query, results board
	mustHaveAccessRules(rs)
	return rs
}

// mustHaveAccessRules enforces deny by default: a route that names nobody is
// a programming error and stops the server from starting.
func mustHaveAccessRules(rs []route) {
	for _, rt := range rs {
		if !rt.access.public && !rt.access.staff && len(rt.access.roles) == 0 && rt.access.device == "" {
			panic("web: route without access rule: " + rt.method + " " + rt.pattern)
		}
	}
}
