package service

import (
	"context"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var errWarningAnswered = bianmin.Errorf(bianmin.ECONFLICT, "该预警已经答复，答复只记录一次（R5.6）。",
	"This warning has been answered already; the answer is recorded once (R5.6).").WithRule("R5.6")

// RespondWarning records the answer of a warning's recipient (R5.6: the
// recipient corrects the problem at once and replies; the reply is kept
// with the warning): the clerk, a chief representative of its department,
// the duty leader, or for an escalated red warning the director. It is
// recorded once and audited; anyone else is refused and audited.
func (s *Service) RespondWarning(ctx context.Context, a *bianmin.Actor, warningID int64, response string) (*bianmin.Warning, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	response = strings.TrimSpace(response)
	if err := needText("response", response, 500); err != nil {
		return nil, err
	}
	var w *bianmin.Warning
	err := s.write(ctx, func(tx *store.Tx) error {
		var err error
		if w, err = store.WarningByID(ctx, tx, warningID); err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: w.CentreID, Action: "supervision.respond", ObjectType: "supervision_warning",
			ObjectID: idStr(w.ID), RuleID: "R5.6"}
		may, err := s.mayAnswer(ctx, tx, a, w, map[int64]bool{})
		if err != nil {
			return err
		}
		if !may {
			return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
		}
		w.Response, w.RespondedBy = response, a.UserID
		ok, err := store.AnswerWarning(ctx, tx, w)
		if err != nil {
			return err
		}
		if !ok {
			return errWarningAnswered
		}
		e.After = bianmin.JSONOf(map[string]any{"supervision_no": w.SupervisionNo, "case_no": w.CaseNo,
			"level": w.Level, "response": response})
		return store.Audit(ctx, tx, a, e)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// MyWarnings returns the unanswered warnings addressed to the actor in the
// centres of its scope (SUP-2: the clerk, the chief representative and the
// duty leader see them on their pages), newest first.
func (s *Service) MyWarnings(ctx context.Context, a *bianmin.Actor) ([]*bianmin.Warning, error) {
	if a == nil || a.UserID == 0 {
		return nil, bianmin.ErrUnauthorized
	}
	out := []*bianmin.Warning{}
	if len(a.Scope.Centres) == 0 {
		return out, nil
	}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		w := &sqlWhere{first: 1}
		w.add("w.response = '' AND w.centre_id IN ("+placeholders(len(a.Scope.Centres))+")", idArgs(a.Scope.Centres)...)
		ws, err := store.QueryWarnings(ctx, tx, w.sql(), "w.id DESC LIMIT 500", w.args...)
		if err != nil {
			return err
		}
		mine := map[int64]bool{}
		if err := s.markAnswerable(ctx, tx, a, ws, mine); err != nil {
			return err
		}
		for _, x := range ws {
			if mine[x.ID] {
				out = append(out, x)
			}
		}
		return nil
	})
	return out, err
}
