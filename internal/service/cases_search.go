package service

import (
	"context"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// caseListLimit bounds one page of the staff case list.
const caseListLimit = 200

// ruleReveal is the rule of reading personal data in full and of searching
// by it (SECURITY.md item 26; STANDARDS.md R8.2).
const rulePI = "SECURITY-26"

// CaseFilter narrows the staff case list: status, colour, the actor's own
// cases, and an exact ID number or credit code (through the keyed index,
// never a scan of clear values).
type CaseFilter struct {
	CentreID int64  `json:"centre_id"`
	Status   string `json:"status,omitempty"`
	Colour   string `json:"colour,omitempty"`
	Mine     bool   `json:"mine,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

// CaseList is one page of cases with names for the IDs. Personal data is
// masked (R8.2).
type CaseList struct {
	Cases       []*bianmin.Case  `json:"cases"`
	Names       map[int64]string `json:"names"`
	Departments map[int64]string `json:"departments"`
	Searched    bool             `json:"searched"` // an ID search was made and audited
}

// ListCases lists the cases an actor may read at a centre (mayReadCase's
// rule as a query): centre-wide roles see all, department roles their
// departments' cases and the joint cases they approve, everyone the cases
// they handled. A search by ID number or credit code is audited as a
// personal-data search with the value masked (SECURITY.md item 26).
func (s *Service) ListCases(ctx context.Context, a *bianmin.Actor, f CaseFilter) (*CaseList, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	w := &sqlWhere{first: 1}
	w.add("c.centre_id = $?", f.CentreID)
	if err := caseFilter(w, a, f); err != nil {
		return nil, err
	}
	var index, masked string
	if f.IDNumber != "" {
		n, err := searchNumber(f.IDNumber)
		if err != nil {
			return nil, err
		}
		index, masked = s.keys().Index(n), bianmin.MaskID(n)
		w.add("c.id_index = $?", index)
	}
	out := &CaseList{Searched: index != "", Departments: map[int64]string{}}
	err := s.write(ctx, func(tx *store.Tx) error { // write: refusals and searches are audited
		if err := readScope(ctx, tx, a, f.CentreID, w); err != nil {
			return err
		}
		var err error
		if out.Cases, err = store.QueryCases(ctx, tx, unqualified(w.sql()), "id DESC", caseListLimit, w.args...); err != nil {
			return err
		}
		if err := out.name(ctx, tx, f.CentreID); err != nil || index == "" {
			return err
		}
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: f.CentreID, Action: "case.search_pi",
			ObjectType: "case", RuleID: rulePI, After: bianmin.JSONOf(map[string]any{"id_number": masked, "found": len(out.Cases)})})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// caseFilter adds the filters of the form, checked against the known values.
func caseFilter(w *sqlWhere, a *bianmin.Actor, f CaseFilter) error {
	if f.Status != "" {
		st := bianmin.CaseStatus(f.Status)
		if !st.Open() && !st.Closed() && st != bianmin.CaseReceived && st != bianmin.CaseSupplement {
			return bianmin.FieldError("status", "未知的办件状态。", "Unknown case status.")
		}
		w.add("c.status = $?", f.Status)
	}
	if f.Colour != "" {
		if !slices.Contains([]bianmin.Colour{bianmin.ColourGreen, bianmin.ColourYellow, bianmin.ColourRed}, bianmin.Colour(f.Colour)) {
			return bianmin.FieldError("colour", "未知的监察颜色。", "Unknown supervision colour.")
		}
		w.add("c.colour = $?", f.Colour)
	}
	if f.Mine {
		w.add("(c.receiver_id = $? OR c.accepted_by = $? OR c.reviewer_id = $? OR c.approver_id = $?)",
			a.UserID, a.UserID, a.UserID, a.UserID)
	}
	return nil
}

// searchNumber normalises a searched ID number (GB 11643, the 15-digit form
// converted) or credit code exactly as intake stores its index.
func searchNumber(v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if n, ok := bianmin.NormalizeIDNumber(v); ok {
		return n, nil
	}
	if wellFormed, _ := bianmin.CheckCreditCode(v); wellFormed {
		return v, nil
	}
	return "", bianmin.FieldError("id_number", "请输入完整的身份证号码（GB 11643）或统一社会信用代码（GB 32100），仅支持精确查找。",
		"Enter a complete ID number (GB 11643) or unified social credit code (GB 32100); only exact search is supported.").WithRule("R7.1")
}

// readScope adds what the actor may read at the centre, as mayReadCase
// decides for one case (SECURITY.md item 9); a centre outside the actor's
// scope, or a role that reads no cases there, is refused and audited.
func readScope(ctx context.Context, tx *store.Tx, a *bianmin.Actor, centreID int64, w *sqlWhere) error {
	if a.Scope.Has(centreID) {
		wide, err := mayActAny(ctx, tx, a, centreID, caseWideRoles...)
		if err != nil || wide {
			return err
		}
		var depts []int64
		for _, g := range a.Grants {
			if g.CentreID != centreID || !slices.Contains(caseDeptRoles, g.Role) {
				continue
			}
			if g.DepartmentID == 0 {
				return nil
			}
			depts = append(depts, g.DepartmentID)
		}
		me := a.UserID
		own := "c.receiver_id = $? OR c.accepted_by = $? OR c.reviewer_id = $? OR c.approver_id = $? OR c.agent_user_id = $?"
		if len(depts) == 0 && a.HasAnyRole(CaseStaff...) {
			w.add("("+own+")", me, me, me, me, me)
			return nil
		}
		if len(depts) > 0 {
			w.add("(c.department_id IN ("+placeholders(len(depts))+") OR c.id IN (SELECT case_id FROM case_approvals WHERE department_id IN ("+
				placeholders(len(depts))+")) OR "+own+")", append(append(idArgs(depts), idArgs(depts)...), me, me, me, me, me)...)
			return nil
		}
	}
	return refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: centreID, Action: "case.list", ObjectType: "centre",
		ObjectID: idStr(centreID), RuleID: ruleScope}, bianmin.ErrForbidden)
}

// name fills the names of the receivers and departments of the listed cases.
func (l *CaseList) name(ctx context.Context, tx *store.Tx, centreID int64) error {
	ids := make([]int64, 0, len(l.Cases))
	for _, c := range l.Cases {
		ids = append(ids, c.ReceiverID)
	}
	var err error
	if l.Names, err = userNames(ctx, tx, ids...); err != nil {
		return err
	}
	depts, err := store.CentreDepartments(ctx, tx, centreID)
	for _, d := range depts {
		l.Departments[d.ID] = d.Name
	}
	return err
}

// RevealApplicant returns the applicant's ID number (or credit code) and
// phone in full, once, to the director, a chief representative of the
// case's department or the clerk who received it, with a reason (SECURITY.md
// item 26, R8.2). The reveal is audited with the reason and the masked
// values; anyone else is refused and audited. The page masks the values
// again after the policy's masking.reveal_remask_seconds.
func (s *Service) RevealApplicant(ctx context.Context, a *bianmin.Actor, caseID int64, reason string) (idNumber, phone string, err error) {
	if a == nil || a.UserID == 0 {
		return "", "", bianmin.ErrUnauthorized
	}
	reason = strings.TrimSpace(reason)
	if err := needText("reason", reason, 200); err != nil {
		return "", "", err
	}
	err = s.write(ctx, func(tx *store.Tx) error {
		c, err := openCase(ctx, tx, a, caseID, "case.reveal")
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: c.CentreID, Action: "case.reveal", ObjectType: "case", ObjectID: idStr(c.ID),
			RuleID: rulePI, After: bianmin.JSONOf(map[string]any{"case_no": c.CaseNo, "reason": reason,
				"id_number": c.IDMasked, "phone": c.PhoneMasked})}
		ok, err := mayReveal(ctx, tx, a, c)
		if err != nil {
			return err
		}
		if !ok {
			return refuse(ctx, tx, a, e, bianmin.ErrForbidden.WithRule(rulePI))
		}
		if idNumber, err = s.openSealed(c.IDEnc); err != nil {
			return err
		}
		if phone, err = s.openSealed(c.PhoneEnc); err != nil {
			return err
		}
		return store.Audit(ctx, tx, a, e)
	})
	if err != nil {
		return "", "", err
	}
	return idNumber, phone, nil
}

// mayReveal admits the clerk who received the case, a chief representative
// of its department and the centre's director.
func mayReveal(ctx context.Context, tx *store.Tx, a *bianmin.Actor, c *bianmin.Case) (bool, error) {
	if a.UserID == c.ReceiverID || coversDepartment(a, c.CentreID, []int64{c.DepartmentID}, bianmin.RoleChiefRep) {
		return true, nil
	}
	return mayActAny(ctx, tx, a, c.CentreID, bianmin.RoleDirector)
}

// openSealed opens a sealed value; an empty one stays empty.
func (s *Service) openSealed(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return s.keys().Open(v)
}
