package web

// adminRoutes are the pages and API of policy, calendar and audit.
func (s *Server) adminRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/audit", access: rolesOnly(auditReaders...), h: s.pageAudit},
		{method: "POST", pattern: "/audit/verify", access: rolesOnly(auditReaders...), h: s.doAuditVerify},
		{method: "GET", pattern: "/audit/export", access: rolesOnly(auditReaders...), h: s.exportAudit},
		{method: "GET", pattern: "/api/v1/audit", access: rolesOnly(auditReaders...), h: s.apiAudit, api: true,
			doc: apiDoc{Summary: "Search the audit log in scope (from, to, actor, action, object=type:id, rule, result, limit, offset)", Tag: "audit", Response: auditListResponse{}}},
		{method: "GET", pattern: "/api/v1/audit/export", access: rolesOnly(auditReaders...), h: s.exportAudit, api: true,
			doc: apiDoc{Summary: "Export the filtered audit log (format=xlsx|csv)", Tag: "audit"}},
		{method: "POST", pattern: "/api/v1/audit/verify", access: rolesOnly(auditReaders...), h: s.apiAuditVerify, api: true,
			doc: apiDoc{Summary: "Verify the audit hash chain; names the first broken link", Tag: "audit"}},
	}
	rs = append(rs, s.policyRoutes()...)
	rs = append(rs, s.calendarRoutes()...)
	return rs
}
