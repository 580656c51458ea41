package service

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
	"bianmin/internal/store"
)

// CaseView is everything the case page and GET /api/v1/cases/{id} show:
// the case with its children, the deadline with its rule, the supervision
// warnings, the messages sent to the applicant, and names for the IDs.
type CaseView struct {
	Case        *bianmin.Case         `json:"case"`
	Item        *bianmin.ServiceItem  `json:"-"`
	Deadline    *cases.Deadline       `json:"deadline,omitempty"`
	Warnings    []*bianmin.Warning    `json:"warnings"`
	Messages    []*bianmin.Message    `json:"messages"`
	Names       map[int64]string      `json:"-"` // users
	Departments map[int64]string      `json:"-"`
	Can         map[cases.Action]bool `json:"can"` // actions the case's status allows now
}

// CaseView returns a case for a person allowed to see it; personal data
// stays masked (R8.2). The read is not audited as an access to personal
// data because nothing unmasked leaves; RevealApplicant is.
func (s *Service) CaseView(ctx context.Context, a *bianmin.Actor, id int64) (*CaseView, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	v := &CaseView{Can: map[cases.Action]bool{}, Departments: map[int64]string{}}
	err = s.write(ctx, func(tx *store.Tx) error { // write: a refused read is audited
		c, err := openCase(ctx, tx, a, id, "case.read")
		if err != nil {
			return err
		}
		v.Case = c
		if c.AcceptedAt != nil {
			d, err := s.deadlineOf(ctx, tx, cal, c)
			if err != nil {
				return err
			}
			v.Deadline = &d
		}
		if v.Item, err = store.ItemByID(ctx, tx, c.ItemID); err != nil {
			return err
		}
		if v.Warnings, err = store.CaseWarnings(ctx, tx, c.ID); err != nil {
			return err
		}
		if v.Messages, err = store.CaseMessages(ctx, tx, c.ID); err != nil {
			return err
		}
		ids := []int64{c.ReceiverID, c.AcceptedBy, c.ReviewerID, c.ApproverID, c.AgentUserID}
		for _, st := range c.Steps {
			ids = append(ids, st.HandlerID)
		}
		for _, ap := range c.Approvals {
			ids = append(ids, ap.ApproverID)
		}
		for _, w := range v.Warnings {
			ids = append(ids, w.RespondedBy)
		}
		if v.Names, err = userNames(ctx, tx, ids...); err != nil {
			return err
		}
		depts, err := store.CentreDepartments(ctx, tx, c.CentreID)
		if err != nil {
			return err
		}
		for _, d := range depts {
			v.Departments[d.ID] = d.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for act := range allActions {
		if _, err := cases.Next(v.Case.Status, act); err == nil {
			v.Can[act] = true
		}
	}
	paused := v.Case.PausedSince != nil
	v.Can[cases.ActPause] = v.Can[cases.ActPause] && !paused
	v.Can[cases.ActResume] = v.Can[cases.ActResume] && paused
	v.Can[cases.ActExtend] = v.Can[cases.ActExtend] && v.Case.Extension == nil
	return v, nil
}

var allActions = map[cases.Action]bool{cases.ActConsult: true, cases.ActSupplement: true, cases.ActReturn: true,
	cases.ActAccept: true, cases.ActReview: true, cases.ActApprove: true, cases.ActRefuse: true,
	cases.ActComplete: true, cases.ActPause: true, cases.ActResume: true, cases.ActExtend: true}
