package store

import (
	"context"
	"database/sql"
	"time"

	"bianmin/internal/bianmin"
)

// openStatuses is the SQL list of the statuses whose clock runs
// (bianmin.CaseStatus.Open): only these are supervised (SUP-2).
const openStatuses = "('accepted', 'reviewed', 'approved')"

// SupervisionDue returns, in ID order, the open and running cases whose
// yellow time has come and that still lack the warning of their level for
// their current deadline: no yellow or red warning yet, or overdue without
// a red one (SUP-2, R5.3). It reads the index on (status, yellow_at) and
// probes the warnings' unique key, so cases already warned cost nothing
// more than the probe, whatever the number of open cases.
func SupervisionDue(ctx context.Context, tx *Tx, now time.Time) ([]int64, error) {
	ids, err := queryIDs(ctx, tx, `SELECT c.id FROM cases c
		WHERE c.status IN `+openStatuses+` AND c.yellow_at <= $1 AND c.paused_since IS NULL
		AND (NOT EXISTS (SELECT 1 FROM supervision_warnings w WHERE w.case_id = c.id
				AND w.level IN ('yellow', 'red') AND w.deadline = c.due_at)
			OR c.due_at <= $1 AND NOT EXISTS (SELECT 1 FROM supervision_warnings w WHERE w.case_id = c.id
				AND w.level = 'red' AND w.deadline = c.due_at))
		ORDER BY c.id`, now.UTC())
	return ids, wrapf(err, "store: supervision due")
}

// StaleSteps returns the open steps of open, running cases that started
// before the instant and have no step warning yet (R5.2 (3)), by case and
// step. The caller computes each step's exact limit in working days; the
// instant only bounds the scan (a step limit is never shorter in calendar
// days than in working days).
func StaleSteps(ctx context.Context, tx *Tx, before time.Time) ([]*bianmin.CaseStep, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.case_id, s.name, s.department_id, s.handler_id, s.started_at
		FROM case_steps s JOIN cases c ON c.id = s.case_id
		WHERE s.status = 1 AND s.started_at < $1 AND c.status IN `+openStatuses+` AND c.paused_since IS NULL
		AND NOT EXISTS (SELECT 1 FROM supervision_warnings w WHERE w.case_id = s.case_id AND w.level = 'step'
			AND w.step_id = s.id)
		ORDER BY s.case_id, s.id`, before.UTC())
	if err != nil {
		return nil, wrapf(err, "store: stale steps")
	}
	defer rows.Close()
	var out []*bianmin.CaseStep
	for rows.Next() {
		var s bianmin.CaseStep
		var dept, handler sql.NullInt64
		if err := rows.Scan(&s.ID, &s.CaseID, &s.Name, &dept, &handler, &s.StartedAt); err != nil {
			return nil, wrapf(err, "store: stale steps")
		}
		s.DepartmentID, s.HandlerID, s.StartedAt, s.Status = dept.Int64, handler.Int64, s.StartedAt.UTC(), 1
		out = append(out, &s)
	}
	return out, wrapf(rows.Err(), "store: stale steps")
}

// ReceivedBefore returns the cases still only received (no supplement
// notice, no decision) whose day of receipt is on or before the date: the
// candidates of deemed acceptance (R1.3).
func ReceivedBefore(ctx context.Context, tx *Tx, date string) ([]int64, error) {
	ids, err := queryIDs(ctx, tx, `SELECT id FROM cases WHERE status = 'received' AND received_date <= $1 ORDER BY id`, date)
	return ids, wrapf(err, "store: received cases")
}

// OverduePromised returns the promised cases not yet decided whose running
// clock passed its deadline: the candidates of silent consent (C-4).
func OverduePromised(ctx context.Context, tx *Tx, now time.Time) ([]int64, error) {
	ids, err := queryIDs(ctx, tx, `SELECT id FROM cases WHERE status IN ('accepted', 'reviewed') AND kind = 'promised'
		AND due_at <= $1 AND paused_since IS NULL ORDER BY id`, now.UTC())
	return ids, wrapf(err, "store: overdue cases")
}

// WarningByID returns one warning with its case number.
func WarningByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Warning, error) {
	ws, err := QueryWarnings(ctx, tx, "w.id = $1", "", id)
	if err != nil {
		return nil, err
	}
	if len(ws) == 0 {
		return nil, bianmin.ErrNotFound
	}
	return ws[0], nil
}

// AnswerWarning records the answer to a warning once (R5.6); it reports
// false when the warning had already been answered.
func AnswerWarning(ctx context.Context, tx *Tx, w *bianmin.Warning) (bool, error) {
	now := tx.Now
	res, err := tx.ExecContext(ctx, `UPDATE supervision_warnings SET response = $1, responded_by = $2, responded_at = $3
		WHERE id = $4 AND response = ''`, w.Response, w.RespondedBy, now, w.ID)
	if err != nil {
		return false, wrapf(err, "store: answer warning")
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		w.RespondedAt = &now
	}
	return n == 1, nil
}

// ColourCounts counts the cases matching a condition over the case columns
// (written by code) by supervision colour.
func ColourCounts(ctx context.Context, tx *Tx, where string, args ...any) (map[bianmin.Colour]int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT colour, count(*) FROM cases WHERE "+where+" GROUP BY colour", args...)
	if err != nil {
		return nil, wrapf(err, "store: colour counts")
	}
	defer rows.Close()
	out := map[bianmin.Colour]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, wrapf(err, "store: colour counts")
		}
		out[bianmin.Colour(c)] = n
	}
	return out, wrapf(rows.Err(), "store: colour counts")
}

// OverdueCount is how many cases of one clerk in one department went red in
// a period: the overdue figure that feeds appraisal (AP-B, R5.5).
type OverdueCount struct {
	ClerkID      int64 `json:"clerk_id"`
	DepartmentID int64 `json:"department_id"`
	Cases        int   `json:"cases"`
}

// OverdueCounts counts, per clerk and department, the distinct cases with a
// red warning raised in [from, to) that match a condition over w and c
// (written by code; its arguments follow from and to as $3, $4, …).
func OverdueCounts(ctx context.Context, tx *Tx, from, to time.Time, where string, args ...any) ([]OverdueCount, error) {
	q := `SELECT COALESCE(w.clerk_id, 0), COALESCE(w.department_id, 0), count(DISTINCT w.case_id)
		FROM supervision_warnings w JOIN cases c ON c.id = w.case_id
		WHERE w.level = 'red' AND w.created_at >= $1 AND w.created_at < $2`
	if where != "" {
		q += " AND " + where
	}
	q += " GROUP BY COALESCE(w.clerk_id, 0), COALESCE(w.department_id, 0) ORDER BY 3 DESC, 1, 2"
	rows, err := tx.QueryContext(ctx, q, append([]any{from.UTC(), to.UTC()}, args...)...)
	if err != nil {
		return nil, wrapf(err, "store: overdue counts")
	}
	defer rows.Close()
	out := []OverdueCount{}
	for rows.Next() {
		var o OverdueCount
		if err := rows.Scan(&o.ClerkID, &o.DepartmentID, &o.Cases); err != nil {
			return nil, wrapf(err, "store: overdue counts")
		}
		out = append(out, o)
	}
	return out, wrapf(rows.Err(), "store: overdue counts")
}
