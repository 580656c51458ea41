package web

import (
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Role groups of electronic supervision and the case list. The service
// narrows each to what the actor may see: a chief representative sees the
// board of their departments, a clerk answers only the warnings addressed
// to them, a reveal needs the receiver, the chief representative or the
// director (SECURITY.md items 9, 26).
var (
	supervisionReaders = []bianmin.Role{bianmin.RoleDutyLeader, bianmin.RoleDutyChief, bianmin.RoleDirector,
		bianmin.RoleInspector, bianmin.RoleChiefRep}
	warningAnswerers = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDutyLeader, bianmin.RoleDirector}
	revealers        = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDirector}
	caseReaders      = service.CaseStaff
)

// supervisionRoutes: the supervision board (SUP-1, SUP-2, R5.4-R5.6), the
// answers to warnings, the staff case list with the exact ID search and the
// audited reveal (R8.2), and the citizen's progress query and results
// board (C-8, SECURITY.md item 32).
func (s *Server) supervisionRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/supervision", access: rolesOnly(supervisionReaders...), h: s.pageSupervision},
		{method: "POST", pattern: "/warnings/{id}/respond", access: rolesOnly(warningAnswerers...), h: s.doRespondWarning},
		{method: "GET", pattern: "/cases", access: rolesOnly(caseReaders...), h: s.pageCases},
		{method: "POST", pattern: "/cases/search", access: rolesOnly(caseReaders...), h: s.doCaseSearch},
		{method: "POST", pattern: "/cases/{id}/reveal", access: rolesOnly(revealers...), h: s.doReveal},
		{method: "GET", pattern: "/progress", access: public, h: s.pageProgress},
		{method: "POST", pattern: "/progress", access: public, h: s.doProgress},
		{method: "GET", pattern: "/results", access: public, h: s.pageResults},
	}
	return append(rs, s.supervisionAPIRoutes()...)
}
