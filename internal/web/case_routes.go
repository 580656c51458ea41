package web

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// Role groups of the processing routes. The routes admit the roles that
// may take part; the service decides by the case's department, C-5 and
// ORG-4, and its refusals are shown on the case page. Inspectors read and
// change nothing (DOMAIN.md §0).
var (
	caseHandlers  = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep}
	caseClockers  = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDeptHead}
	caseExtenders = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDeptHead, bianmin.RoleChiefRep}
	// messageReaders see the outbox of the cases they may read (C-7).
	messageReaders = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDutyLeader, bianmin.RoleDutyChief,
		bianmin.RoleInspector, bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDeptHead}
)

// caseInput is every field a processing action may take, from a form or a
// JSON body; each action reads its own.
type caseInput struct {
	Opinion    string `json:"opinion,omitempty"`
	Pass       *bool  `json:"pass,omitempty"` // review: false returns it for correction; default pass
	Reason     string `json:"reason,omitempty"`
	LegalBasis string `json:"legal_basis,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Procedure  string `json:"procedure,omitempty"`
	Days       int    `json:"days,omitempty"`
	Result     string `json:"result,omitempty"`
	UnitFen    int64  `json:"unit_fen,omitempty"`
	Quantity   int    `json:"quantity,omitempty"`
	FeeID      int64  `json:"fee_id,omitempty"`
	ReceiptNo  string `json:"receipt_no,omitempty"`
	service.CompleteRequest
}

// Request bodies of the processing API, for the OpenAPI document.
type (
	reviewBody struct {
		Opinion string `json:"opinion"`
		Pass    bool   `json:"pass"`
	}
	opinionBody struct {
		Opinion string `json:"opinion"`
	}
	refuseBody struct {
		Reason     string `json:"reason"`
		LegalBasis string `json:"legal_basis"`
	}
	pauseBody struct {
		Kind      string `json:"kind"`      // supplement or special
		Procedure string `json:"procedure"` // special: hearing, tender, auction, inspection, testing, quarantine, appraisal, expert_review, site_check
		Reason    string `json:"reason"`
		Days      int    `json:"days"` // expected length told to the applicant
	}
	resumeBody struct {
		Result string `json:"result"`
	}
	extendBody struct {
		Days   int    `json:"days"`
		Reason string `json:"reason"`
	}
	invoiceBody struct {
		UnitFen  int64 `json:"unit_fen"`
		Quantity int   `json:"quantity"`
	}
	payBody struct {
		FeeID     int64  `json:"fee_id"`
		ReceiptNo string `json:"receipt_no"`
	}
)

// caseActions are the processing actions on a case, in page order, with
// who may call them and their API documentation.
var caseActions = []struct {
	action  string
	roles   []bianmin.Role
	summary string
	body    any
}{
	{"review", caseHandlers, "End the pending review 审查 with a required opinion: pass (default) opens the approval — one per department of a joint case (C-6) — or pass=false returns it for correction (R3.14). Clerks and chief representatives of the case's department", reviewBody{}},
	{"approve", caseHandlers, "Approve as the department's chief representative, never the reviewer (C-5, ORG-4); for a joint case each department approves and the case is approved after the last (C-6)", opinionBody{}},
	{"refuse", caseHandlers, "Refuse (不予许可) as a chief representative who did not review it, with reasons and legal basis; the decision notice states the rights to 行政复议 and 行政诉讼 and the applicant gets a message (R1.16)", refuseBody{}},
	{"pause", caseClockers, "Pause the clock: kind supplement lists the materials needed, one a line (C-3); kind special names a procedure of R1.12 and the expected days told in writing. Retimes the case and messages the applicant", pauseBody{}},
	{"resume", caseClockers, "End the pause with its result (required after a special procedure, R3.15); the deadline moves by the paused working days and the applicant is told the new date", resumeBody{}},
	{"extend", caseExtenders, "The case's one extension, at most the cap for its kind (R1.8 licences 10 working days, R1.9 joint 15, C-2 others), approved by the director or a department head or chief representative, with a reason told to the applicant (C-2); a second is refused", extendBody{}},
	{"invoice", caseHandlers, "Invoice quantity × a unit amount stated in the item's published fee standard (CAT-3); anything else is refused and audited", invoiceBody{}},
	{"pay", []bianmin.Role{bianmin.RoleClerk}, "Record at the cashier that an invoice was paid, with the receipt number; any clerk of the centre (CAT-3)", payBody{}},
	{"complete", caseHandlers, "Complete an approved case with nothing unpaid: result name and number, validity, delivery pickup or post (R3.16); completion notice and message (C-7), publication of licences (C-8), same-day archive of immediate cases (C-9)", service.CompleteRequest{}},
}

// caseRoutes: the case page and its processing actions, the outbox for
// staff, and their API.
func (s *Server) caseRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/cases/{id}", access: rolesOnly(service.CaseStaff...), h: s.pageCase},
		{method: "GET", pattern: "/messages", access: rolesOnly(messageReaders...), h: s.pageMessages},
		{method: "GET", pattern: "/api/v1/cases/{id}", access: rolesOnly(service.CaseStaff...), h: s.apiCase, api: true,
			doc: apiDoc{Summary: "A case with its materials, notices, steps (R3.14), approvals, pauses, extension, fees, deadline with the rule behind it, supervision warnings, messages and the actions its status allows; personal data masked (R8.2). Readable by the case's departments, centre-wide roles and those who handled it (SECURITY.md item 9)", Tag: "cases", Response: service.CaseView{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/messages", access: rolesOnly(messageReaders...), h: s.apiMessages, api: true,
			doc: apiDoc{Summary: "A centre's newest 200 messages to applicants (C-7), optionally ?status=pending|sent|failed: recipient masked, channel, attempts, last error; department roles see their departments' cases only", Tag: "cases", Response: messagesResponse{}}},
	}
	for _, a := range caseActions {
		var resp any = service.CaseView{}
		if a.action == "pay" {
			resp = okResponse{}
		}
		rs = append(rs,
			route{method: "POST", pattern: "/cases/{id}/" + a.action, access: rolesOnly(a.roles...), h: s.doCase(a.action)},
			route{method: "POST", pattern: "/api/v1/cases/{id}/" + a.action, access: rolesOnly(a.roles...), h: s.apiCaseAction(a.action), api: true,
				doc: apiDoc{Summary: a.summary, Tag: "cases", Body: a.body, Response: resp}})
	}
	return rs
}

// caseAct runs one processing action: the page and the API call the same
// service function. An unknown action is not found.
func (s *Server) caseAct(ctx context.Context, a *bianmin.Actor, id int64, action string, in caseInput) error {
	switch action {
	case "review":
		return s.svc.ReviewCase(ctx, a, id, in.Opinion, in.Pass == nil || *in.Pass)
	case "approve":
		return s.svc.ApproveCase(ctx, a, id, in.Opinion)
	case "refuse":
		return s.svc.RefuseCase(ctx, a, id, in.Reason, in.LegalBasis)
	case "pause":
		return s.svc.PauseCase(ctx, a, id, in.Kind, in.Procedure, in.Reason, in.Days)
	case "resume":
		return s.svc.ResumeCase(ctx, a, id, in.Result)
	case "extend":
		return s.svc.ExtendCase(ctx, a, id, in.Days, in.Reason)
	case "invoice":
		_, err := s.svc.InvoiceCase(ctx, a, id, in.UnitFen, in.Quantity)
		return err
	case "pay":
		return s.svc.PayFee(ctx, a, id, in.FeeID, in.ReceiptNo)
	case "complete":
		return s.svc.CompleteCase(ctx, a, id, in.CompleteRequest)
	}
	return bianmin.ErrNotFound
}
