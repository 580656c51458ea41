package service

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// NoticePrint is a notice as the A4 print view and GET /api/v1/notices/{id}
// show it (R1.4, ON-5): the notice as issued, the case with the applicant
// masked by the centre's policy, the item version fixed on the case, the
// centre and names; PrintNo and QueryCode only when it is printed.
type NoticePrint struct {
	Notice      *bianmin.Notice      `json:"notice"`
	Case        *bianmin.Case        `json:"case"`
	Item        *bianmin.ServiceItem `json:"-"`
	CentreName  string               `json:"centre_name"`
	CentreEN    string               `json:"centre_name_en,omitempty"`
	Department  string               `json:"department"`
	Applicant   string               `json:"applicant"` // the name as printed: masked when the policy masks exports
	IssuedBy    string               `json:"issued_by,omitempty"`
	AcceptedBy  string               `json:"accepted_by,omitempty"`
	PrintNo     int                  `json:"print_no,omitempty"`   // 1 for the first print, more for a reprint 补打
	QueryCode   string               `json:"query_code,omitempty"` // acceptance notices, on print only (SECURITY.md item 32)
	Rights      bool                 `json:"rights"`               // states the rights to review and suit (R1.16)
	ShowsDue    bool                 `json:"shows_due"`
	ExportsMask bool                 `json:"exports_masked"`
}

// PrintNotice returns a notice for printing and counts the print: the
// first print is number 1, a reprint shows its number, and each print is
// audited with it (R1.4, SEC-4). An acceptance notice prints its query
// code, opened from the seal (SECURITY.md item 32).
func (s *Service) PrintNotice(ctx context.Context, a *bianmin.Actor, noticeID int64) (*NoticePrint, error) {
	return s.noticeView(ctx, a, noticeID, true)
}

// Notice returns a notice without printing it: no count, no query code.
func (s *Service) Notice(ctx context.Context, a *bianmin.Actor, noticeID int64) (*NoticePrint, error) {
	return s.noticeView(ctx, a, noticeID, false)
}

func (s *Service) noticeView(ctx context.Context, a *bianmin.Actor, noticeID int64, print bool) (*NoticePrint, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	var v *NoticePrint
	err := s.write(ctx, func(tx *store.Tx) error { // write: prints are counted and refusals audited
		n, err := store.NoticeByID(ctx, tx, noticeID)
		if err != nil {
			return err
		}
		c, err := openCase(ctx, tx, a, n.CaseID, "notice.print")
		if err != nil {
			return err
		}
		sealed := n.SecretEnc
		if v, err = s.noticePrint(ctx, tx, c, n); err != nil {
			return err
		}
		if !print {
			return nil
		}
		return s.countPrint(ctx, tx, a, v, sealed)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// countPrint numbers the print, opens the sealed query code of an
// acceptance notice and audits the print with its number.
func (s *Service) countPrint(ctx context.Context, tx *store.Tx, a *bianmin.Actor, v *NoticePrint, sealed string) error {
	n := v.Notice
	no, err := store.CountNoticePrint(ctx, tx, n.ID)
	if err != nil {
		return err
	}
	v.PrintNo, n.Prints = no, no
	if sealed != "" {
		if v.QueryCode, err = s.keys().Open(sealed); err != nil {
			return err
		}
	}
	return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: n.CentreID, Action: "notice.print", ObjectType: "notice",
		ObjectID: idStr(n.ID), RuleID: "R1.4", After: bianmin.JSONOf(map[string]any{"case_no": v.Case.CaseNo,
			"doc_no": n.DocNo, "kind": n.Kind, "print_no": no, "reprint": no > 1})})
}

// noticePrint gathers what the print shows; nothing sealed or unmasked
// leaves.
func (s *Service) noticePrint(ctx context.Context, tx *store.Tx, c *bianmin.Case, n *bianmin.Notice) (*NoticePrint, error) {
	v := &NoticePrint{Notice: n, Case: c, Rights: n.Kind == bianmin.NoticeReturn || n.Kind == bianmin.NoticeRefusal,
		ShowsDue: n.Body.DueDate != ""}
	var err error
	if v.Item, err = store.ItemByID(ctx, tx, c.ItemID); err != nil {
		return nil, err
	}
	centre, err := store.CentreByID(ctx, tx, c.CentreID)
	if err != nil {
		return nil, err
	}
	v.CentreName, v.CentreEN = centre.Name, centre.NameEN
	d, err := store.DepartmentByID(ctx, tx, c.DepartmentID)
	if err != nil {
		return nil, err
	}
	v.Department = d.Name
	p, err := s.casePolicy(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	v.ExportsMask, v.Applicant = p.Masking.ExportsMasked, c.ApplicantName
	if p.Masking.ExportsMasked {
		v.Applicant = publicName(p.Masking.PublicName, c.ApplicantName)
	}
	names, err := userNames(ctx, tx, n.IssuedBy, c.AcceptedBy)
	if err != nil {
		return nil, err
	}
	v.IssuedBy, v.AcceptedBy = names[n.IssuedBy], names[c.AcceptedBy]
	c.IDEnc, c.PhoneEnc, c.AgentIDEnc, c.IDIndex, c.QueryHash = "", "", "", "", ""
	return v, nil
}
