package web

import (
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

var (
	// intakeDeciders decide at intake; agents only file (C-11).
	intakeDeciders = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep}
	// inquiryReaders see first-inquiry records: those who open them and the
	// department staff a record is routed to (FI-1..FI-3).
	inquiryReaders = append(append([]bianmin.Role{}, service.InquiryStaff...), bianmin.RoleChiefRep, bianmin.RoleDeptHead)
)

// intakeRoutes: the new-case form and the intake decisions (DOMAIN.md §4-5,
// R1.2), notices and their print views (R1.4, ON-5), the first-inquiry
// register (FI-1..FI-3), and their API.
func (s *Server) intakeRoutes() []route {
	intake, deciders := rolesOnly(service.IntakeStaff...), rolesOnly(intakeDeciders...)
	caseStaff, readers := rolesOnly(service.CaseStaff...), rolesOnly(inquiryReaders...)
	rs := []route{
		{method: "GET", pattern: "/cases/new", access: intake, h: s.pageIntake},
		{method: "POST", pattern: "/cases/new", access: intake, h: s.doIntake},
		{method: "POST", pattern: "/cases/{id}/materials", access: intake, h: s.doMaterials},
		{method: "POST", pattern: "/cases/{id}/decide", access: deciders, h: s.doDecide},
		{method: "GET", pattern: "/cases/{id}/notices/{nid}/print", access: caseStaff, h: s.pageNoticePrint(false)},
		{method: "POST", pattern: "/cases/{id}/notices/{nid}/print", access: caseStaff, h: s.pageNoticePrint(true)},
		{method: "GET", pattern: "/inquiries", access: readers, h: s.pageInquiries},
		{method: "POST", pattern: "/inquiries", access: readers, h: s.doOpenInquiry},
		{method: "POST", pattern: "/inquiries/{id}/{action}", access: readers, h: s.doInquiry},
	}
	return append(rs, s.intakeAPIRoutes()...)
}
