package store

import (
	"context"
	"database/sql"

	"bianmin/internal/bianmin"
)

// InsertWarning records a supervision warning once per case, level and
// deadline (the table's unique key): a second sweeper, on this instance or
// another, inserts nothing and inserted reports false.
func InsertWarning(ctx context.Context, tx *Tx, w *bianmin.Warning) (inserted bool, err error) {
	w.CreatedAt = tx.Now
	err = tx.QueryRowContext(ctx, `INSERT INTO supervision_warnings (centre_id, case_id, supervision_no, level, rule_id,
		deadline, step_id, content, department_id, clerk_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (case_id, level, deadline) DO NOTHING
		RETURNING id`, w.CentreID, w.CaseID, w.SupervisionNo, w.Level, w.RuleID, w.Deadline.UTC(), nullID(w.StepID),
		w.Content, nullID(w.DepartmentID), nullID(w.ClerkID), w.CreatedAt).Scan(&w.ID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, wrapf(err, "store: insert warning")
}

const warningColumns = `w.id, w.centre_id, w.case_id, c.case_no, w.supervision_no, w.level, w.rule_id, w.deadline,
	w.step_id, w.content, w.department_id, w.clerk_id, w.created_at, w.response, w.responded_by, w.responded_at`

// QueryWarnings returns warnings joined with their case numbers, for a
// condition over w (warnings) and c (cases) written by code.
func QueryWarnings(ctx context.Context, tx *Tx, where, order string, args ...any) ([]*bianmin.Warning, error) {
	q := "SELECT " + warningColumns + " FROM supervision_warnings w JOIN cases c ON c.id = w.case_id WHERE " + where
	if order != "" {
		q += " ORDER BY " + order
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrapf(err, "store: warnings")
	}
	defer rows.Close()
	out := []*bianmin.Warning{}
	for rows.Next() {
		var w bianmin.Warning
		var step, dept, clerk, by sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&w.ID, &w.CentreID, &w.CaseID, &w.CaseNo, &w.SupervisionNo, &w.Level, &w.RuleID,
			&w.Deadline, &step, &w.Content, &dept, &clerk, &w.CreatedAt, &w.Response, &by, &at); err != nil {
			return nil, wrapf(err, "store: warnings")
		}
		w.StepID, w.DepartmentID, w.ClerkID, w.RespondedBy, w.RespondedAt = step.Int64, dept.Int64, clerk.Int64, by.Int64, utcPtr(at)
		w.Deadline, w.CreatedAt = w.Deadline.UTC(), w.CreatedAt.UTC()
		out = append(out, &w)
	}
	return out, wrapf(rows.Err(), "store: warnings")
}

// CaseWarnings returns a case's warnings, oldest first.
func CaseWarnings(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.Warning, error) {
	return QueryWarnings(ctx, tx, "w.case_id = $1", "w.id", caseID)
}
