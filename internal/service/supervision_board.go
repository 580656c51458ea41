package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// boardLimit bounds the cases and warnings one board lists; the colour
// counts and overdue figures always cover everything in scope.
const boardLimit = 500

// SupervisionFilter narrows the supervision board to a department or the
// cases of one clerk, and picks the month of the overdue figures.
type SupervisionFilter struct {
	CentreID     int64  `json:"centre_id"`
	DepartmentID int64  `json:"department_id,omitempty"`
	ClerkID      int64  `json:"clerk_id,omitempty"`
	Month        string `json:"month,omitempty"` // YYYY-MM; this month when empty
}

// BoardCase is one open case on the supervision board: what the duty
// leader needs to act, and no personal data.
type BoardCase struct {
	ID           int64          `json:"id"`
	CaseNo       string         `json:"case_no"`
	ItemName     string         `json:"item_name"`
	DepartmentID int64          `json:"department_id"`
	ClerkID      int64          `json:"clerk_id"`
	Status       string         `json:"status"`
	DueAt        *time.Time     `json:"due_at,omitempty"`
	DueDate      string         `json:"due_date"`
	DueRule      string         `json:"due_rule"`
	Colour       bianmin.Colour `json:"colour"`
	Paused       bool           `json:"paused"`
}

// SupervisionBoard is the electronic supervision page (SUP-1, SUP-2, R5.4):
// open cases by colour, the warnings with their answers, and the month's
// overdue cases per clerk and department that feed appraisal (AP-B).
type SupervisionBoard struct {
	Filter      SupervisionFilter    `json:"filter"`
	Green       int                  `json:"green"`
	Yellow      int                  `json:"yellow"`
	Red         int                  `json:"red"`
	Cases       []BoardCase          `json:"cases"`
	Warnings    []*bianmin.Warning   `json:"warnings"`
	Overdue     []store.OverdueCount `json:"overdue"`
	CanAnswer   map[int64]bool       `json:"can_answer"` // warnings the caller may answer (R5.6)
	Names       map[int64]string     `json:"names"`      // clerks and responders
	Departments map[int64]string     `json:"departments"`
	Clerks      []BoardPerson        `json:"clerks"` // choices of the clerk filter
}

// BoardPerson is a staff member to filter by.
type BoardPerson struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// supervisors read the board of their whole centre (SUP-1, SUP-3);
// chief representatives read their departments' part.
var supervisors = []bianmin.Role{bianmin.RoleDutyLeader, bianmin.RoleDutyChief, bianmin.RoleDirector, bianmin.RoleInspector}

// sqlWhere builds a condition with numbered placeholders from a first number.
type sqlWhere struct {
	parts []string
	args  []any
	first int
}

// add appends a fragment whose "$?" are the next placeholders, one per arg
// (a fragment that reuses one value says "$?" once per use and passes it
// as many times).
func (w *sqlWhere) add(frag string, args ...any) {
	for _, a := range args {
		frag = strings.Replace(frag, "$?", "$"+strconv.Itoa(w.first+len(w.args)), 1)
		w.args = append(w.args, a)
	}
	w.parts = append(w.parts, frag)
}

// placeholders is a "$?, $?, …" list for n values.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("$?, ", n), ", ") }

func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func (w *sqlWhere) sql() string { return strings.Join(w.parts, " AND ") }

// boardScope returns whether the actor sees the whole centre's board, or
// else the departments it sees; anyone else is refused and audited
// (SECURITY.md item 9).
func boardScope(ctx context.Context, tx *store.Tx, a *bianmin.Actor, centreID int64) (bool, []int64, error) {
	if a != nil && a.Scope.Has(centreID) {
		if ok, err := mayActAny(ctx, tx, a, centreID, supervisors...); ok || err != nil {
			return ok, nil, err
		}
		var depts []int64
		for _, g := range a.Grants {
			if g.CentreID == centreID && g.Role == bianmin.RoleChiefRep {
				if g.DepartmentID == 0 {
					return true, nil, nil
				}
				depts = append(depts, g.DepartmentID)
			}
		}
		if len(depts) > 0 {
			return false, depts, nil
		}
	}
	return false, nil, refuse(ctx, tx, a, bianmin.AuditEntry{CentreID: centreID, Action: "supervision.read",
		ObjectType: "centre", ObjectID: idStr(centreID), RuleID: ruleScope}, bianmin.ErrForbidden)
}

// Supervision returns the supervision board of a centre for the duty
// leader, duty chief, director and inspectors, or of their departments for
// chief representatives.
func (s *Service) Supervision(ctx context.Context, a *bianmin.Actor, f SupervisionFilter) (*SupervisionBoard, error) {
	from, to, err := monthSpan(f.Month, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	f.Month = from.In(bianmin.Shanghai).Format("2006-01")
	b := &SupervisionBoard{Filter: f, CanAnswer: map[int64]bool{}, Departments: map[int64]string{}}
	err = s.write(ctx, func(tx *store.Tx) error { // write: a refusal is audited
		all, depts, err := boardScope(ctx, tx, a, f.CentreID)
		if err != nil {
			return err
		}
		cw, ww := boardWhere(f, all, depts, 1), boardWhere(f, all, depts, 1)
		cw.add("status IN ('accepted', 'reviewed', 'approved')")
		if err := b.loadCases(ctx, tx, cw); err != nil {
			return err
		}
		if err := s.loadWarnings(ctx, tx, b, a, ww, from); err != nil {
			return err
		}
		ow := boardWhere(f, all, depts, 3)
		if b.Overdue, err = store.OverdueCounts(ctx, tx, from, to, ow.sql(), ow.args...); err != nil {
			return err
		}
		return b.loadNames(ctx, tx, f.CentreID)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// boardWhere is the board's condition over cases (unqualified columns, or
// c. and w. where the warnings are joined): the centre, the scope of a
// chief representative and the filters.
func boardWhere(f SupervisionFilter, all bool, depts []int64, first int) *sqlWhere {
	w := &sqlWhere{first: first}
	w.add("c.centre_id = $?", f.CentreID)
	if !all {
		w.add("(c.department_id IN ("+placeholders(len(depts))+") OR c.id IN (SELECT case_id FROM case_approvals WHERE department_id IN ("+
			placeholders(len(depts))+")))", append(idArgs(depts), idArgs(depts)...)...)
	}
	if f.DepartmentID != 0 {
		w.add("(c.department_id = $? OR c.id IN (SELECT case_id FROM case_approvals WHERE department_id = $?))",
			f.DepartmentID, f.DepartmentID)
	}
	if f.ClerkID != 0 {
		w.add("c.receiver_id = $?", f.ClerkID)
	}
	return w
}

// unqualified drops the "c." of a condition for the queries over cases alone.
func unqualified(sql string) string { return strings.ReplaceAll(sql, "c.", "") }

func (b *SupervisionBoard) loadCases(ctx context.Context, tx *store.Tx, w *sqlWhere) error {
	cond := unqualified(w.sql())
	counts, err := store.ColourCounts(ctx, tx, cond, w.args...)
	if err != nil {
		return err
	}
	b.Green, b.Yellow, b.Red = counts[bianmin.ColourGreen], counts[bianmin.ColourYellow], counts[bianmin.ColourRed]
	cs, err := store.QueryCases(ctx, tx, cond,
		"CASE colour WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, due_at, id", boardLimit, w.args...)
	if err != nil {
		return err
	}
	b.Cases = make([]BoardCase, 0, len(cs))
	for _, c := range cs {
		b.Cases = append(b.Cases, BoardCase{ID: c.ID, CaseNo: c.CaseNo, ItemName: c.ItemName, DepartmentID: c.DepartmentID,
			ClerkID: c.ReceiverID, Status: string(c.Status), DueAt: c.DueAt, DueDate: c.DueDate, DueRule: c.DueRule,
			Colour: c.Colour, Paused: c.PausedSince != nil})
	}
	return nil
}

// loadWarnings lists the warnings in scope that are unanswered or raised
// since the month began, unanswered first, and which of them the actor may
// answer.
func (s *Service) loadWarnings(ctx context.Context, tx *store.Tx, b *SupervisionBoard, a *bianmin.Actor, w *sqlWhere, from time.Time) error {
	w.add("(w.response = '' OR w.created_at >= $?)", from.UTC())
	var err error
	b.Warnings, err = store.QueryWarnings(ctx, tx, w.sql(),
		"CASE WHEN w.response = '' THEN 0 ELSE 1 END, w.id DESC LIMIT "+strconv.Itoa(boardLimit), w.args...)
	if err != nil {
		return err
	}
	return s.markAnswerable(ctx, tx, a, b.Warnings, b.CanAnswer)
}

// loadNames names the clerks, responders and departments the board shows.
func (b *SupervisionBoard) loadNames(ctx context.Context, tx *store.Tx, centreID int64) error {
	users, err := store.Users(ctx, tx, []int64{centreID})
	if err != nil {
		return err
	}
	b.Names = map[int64]string{}
	for _, u := range users {
		b.Names[u.ID] = u.DisplayName
		if !u.Disabled {
			b.Clerks = append(b.Clerks, BoardPerson{ID: u.ID, Name: u.DisplayName})
		}
	}
	var ids []int64
	for _, w := range b.Warnings {
		ids = append(ids, w.ClerkID, w.RespondedBy)
	}
	for _, c := range b.Cases {
		ids = append(ids, c.ClerkID)
	}
	others, err := userNames(ctx, tx, slices.DeleteFunc(ids, func(id int64) bool { return b.Names[id] != "" })...)
	if err != nil {
		return err
	}
	for id, n := range others {
		b.Names[id] = n
	}
	depts, err := store.CentreDepartments(ctx, tx, centreID)
	for _, d := range depts {
		b.Departments[d.ID] = d.Name
	}
	return err
}

// monthSpan returns the instants that begin a month (YYYY-MM, or the month
// of now) and the next one, in Asia/Shanghai.
func monthSpan(month string, now time.Time) (time.Time, time.Time, error) {
	if month == "" {
		month = now.In(bianmin.Shanghai).Format("2006-01")
	}
	from, err := time.ParseInLocation("2006-01", month, bianmin.Shanghai)
	if err != nil {
		return time.Time{}, time.Time{}, bianmin.FieldError("month", "月份须为 YYYY-MM 格式。", "The month must be YYYY-MM.")
	}
	return from, from.AddDate(0, 1, 0), nil
}

// warningRecipient reports whether the actor is one of the people a
// warning goes to and who answer it (SUP-2, R5.6): the clerk, a chief
// representative of its department, the duty leader, and for a red
// warning the director when the policy escalates red ones.
func warningRecipient(ctx context.Context, tx *store.Tx, a *bianmin.Actor, w *bianmin.Warning, escalate bool) (bool, error) {
	if a == nil || a.UserID == 0 || !a.Scope.Has(w.CentreID) {
		return false, nil
	}
	if a.UserID == w.ClerkID || coversDepartment(a, w.CentreID, []int64{w.DepartmentID}, bianmin.RoleChiefRep) {
		return true, nil
	}
	roles := []bianmin.Role{bianmin.RoleDutyLeader}
	if escalate && w.Level == bianmin.WarningRed {
		roles = append(roles, bianmin.RoleDirector)
	}
	return mayActAny(ctx, tx, a, w.CentreID, roles...)
}

// markAnswerable marks the unanswered warnings the actor may answer.
func (s *Service) markAnswerable(ctx context.Context, tx *store.Tx, a *bianmin.Actor, ws []*bianmin.Warning, out map[int64]bool) error {
	escalate := map[int64]bool{}
	for _, w := range ws {
		if w.Response != "" {
			continue
		}
		ok, err := s.mayAnswer(ctx, tx, a, w, escalate)
		if err != nil {
			return err
		}
		out[w.ID] = ok
	}
	return nil
}

// mayAnswer reports whether the actor is a recipient of the warning under
// its centre's policy of today (supervision.escalate_red_to_director),
// remembering each centre's setting in escalate.
func (s *Service) mayAnswer(ctx context.Context, tx *store.Tx, a *bianmin.Actor, w *bianmin.Warning, escalate map[int64]bool) (bool, error) {
	esc, ok := escalate[w.CentreID]
	if !ok {
		p, err := s.policyOn(ctx, tx, w.CentreID, bianmin.LocalDate(tx.Now))
		if err != nil {
			return false, err
		}
		esc = p.Supervision.EscalateRedToDirector
		escalate[w.CentreID] = esc
	}
	return warningRecipient(ctx, tx, a, w, esc)
}
