package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// messagesShown is how many of the newest messages the staff list shows.
const messagesShown = 200

// MessageRow is one outbox message with the number of its case, for the
// staff list; the recipient is shown masked only.
type MessageRow struct {
	*bianmin.Message
	CaseNo string `json:"case_no,omitempty"`
}

// ListMessages returns a centre's newest messages to applicants (C-7),
// optionally of one status: what was sent to whom (masked), when, how and
// with what error. Centre-wide roles see every message of the centre;
// clerks, chief representatives and department heads only those of the
// cases of their departments (SECURITY.md item 9).
func (s *Service) ListMessages(ctx context.Context, a *bianmin.Actor, centreID int64, status string) ([]MessageRow, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	if status != "" && status != bianmin.OutboxPending && status != bianmin.OutboxSent && status != bianmin.OutboxFailed {
		return nil, bianmin.FieldError("status", "未知的发送状态。", "Unknown message status.")
	}
	var out []MessageRow
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		where, args, ok, err := messageScope(ctx, tx, a, centreID)
		if err != nil || !ok {
			return err
		}
		allowed = true
		if status != "" {
			args = append(args, status)
			where += " AND status = $" + strconv.Itoa(len(args))
		}
		ms, err := store.QueryMessages(ctx, tx, where, "id DESC LIMIT "+strconv.Itoa(messagesShown), args...)
		if err != nil {
			return err
		}
		nos, err := caseNumbers(ctx, tx, ms)
		if err != nil {
			return err
		}
		for _, m := range ms {
			out = append(out, MessageRow{Message: m, CaseNo: nos[m.CaseID]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: "message.list", ObjectType: "outbox"})
	}
	return out, nil
}

// messageScope is the condition on outbox rows the actor may read at a
// centre, and whether they may read any.
func messageScope(ctx context.Context, tx *store.Tx, a *bianmin.Actor, centreID int64) (string, []any, bool, error) {
	args := []any{centreID}
	if !a.Scope.Has(centreID) {
		return "", nil, false, nil
	}
	wide, err := mayActAny(ctx, tx, a, centreID, caseWideRoles...)
	if err != nil || wide {
		return "centre_id = $1", args, wide, err
	}
	var depts []string
	for _, g := range a.Grants {
		if g.CentreID != centreID || !slices.Contains(caseDeptRoles, g.Role) {
			continue
		}
		if g.DepartmentID == 0 {
			return "centre_id = $1", args, true, nil
		}
		args = append(args, g.DepartmentID)
		depts = append(depts, "$"+strconv.Itoa(len(args)))
	}
	if len(depts) == 0 {
		return "", nil, false, nil
	}
	in := strings.Join(depts, ", ")
	return "centre_id = $1 AND (case_id IN (SELECT id FROM cases WHERE department_id IN (" + in + "))" +
		" OR case_id IN (SELECT case_id FROM case_approvals WHERE department_id IN (" + in + ")))", args, true, nil
}

// caseNumbers maps the case IDs of messages to their case numbers.
func caseNumbers(ctx context.Context, tx *store.Tx, ms []*bianmin.Message) (map[int64]string, error) {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.CaseID
	}
	return store.CaseNumbers(ctx, tx, ids)
}
