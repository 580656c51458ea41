package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"bianmin/internal/bianmin"
)

// NextNumber advances a centre's counter of a kind ("case", "notice",
// "invoice", "supervision") in a period (a date or a year) and returns the
// new number, inside the caller's transaction: numbers are never reused and
// a rolled-back transaction gives its number back.
func NextNumber(ctx context.Context, tx *Tx, centreID int64, kind, period string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO doc_counters (centre_id, kind, period, last_no) VALUES ($1, $2, $3, 1)
		ON CONFLICT (centre_id, kind, period) DO UPDATE SET last_no = doc_counters.last_no + 1 RETURNING last_no`,
		centreID, kind, period).Scan(&n)
	return n, wrapf(err, "store: next %s number", kind)
}

const caseColumns = `id, centre_id, case_no, item_id, item_version, item_code, item_name, department_id, kind, status,
	source, ticket_id, inquiry_id, applicant_type, applicant_name, id_type, id_enc, id_masked, id_index, phone_enc,
	phone_masked, legal_rep, agent_name, agent_id_enc, agent_id_masked, agent_user_id, receiver_id, window_id,
	received_at, received_date, accepted_at, accept_date, accept_doc_no, accept_rule, accepted_by, query_hash, due_at,
	due_date, due_rule, yellow_at, colour, paused_since, reviewer_id, approver_id, decided_at, decision_rule,
	completed_at, result_name, result_no, result_valid_until, result_desc, delivery, archived_at, publish,
	policy_version, revision, created_at, updated_at`

func scanCase(r rowScanner) (*bianmin.Case, error) {
	var c bianmin.Case
	var kind, status, source, colour string
	var ticket, inquiry, agentUser, window, acceptedBy, reviewer, approver sql.NullInt64
	var accepted, due, yellow, paused, decided, completed, archived sql.NullTime
	err := r.Scan(&c.ID, &c.CentreID, &c.CaseNo, &c.ItemID, &c.ItemVersion, &c.ItemCode, &c.ItemName,
		&c.DepartmentID, &kind, &status, &source, &ticket, &inquiry, &c.ApplicantType, &c.ApplicantName, &c.IDType,
		&c.IDEnc, &c.IDMasked, &c.IDIndex, &c.PhoneEnc, &c.PhoneMasked, &c.LegalRep, &c.AgentName, &c.AgentIDEnc,
		&c.AgentIDMasked, &agentUser, &c.ReceiverID, &window, &c.ReceivedAt, &c.ReceivedDate, &accepted,
		&c.AcceptDate, &c.AcceptDocNo, &c.AcceptRule, &acceptedBy, &c.QueryHash, &due, &c.DueDate, &c.DueRule,
		&yellow, &colour, &paused, &reviewer, &approver, &decided, &c.DecisionRule, &completed, &c.ResultName,
		&c.ResultNo, &c.ResultValidUntil, &c.ResultDesc, &c.Delivery, &archived, &c.Publish, &c.PolicyVersion,
		&c.Revision, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	c.Kind, c.Status, c.Source, c.Colour = bianmin.CaseKind(kind), bianmin.CaseStatus(status),
		bianmin.CaseSource(source), bianmin.Colour(colour)
	c.TicketID, c.InquiryID, c.AgentUserID, c.WindowID = ticket.Int64, inquiry.Int64, agentUser.Int64, window.Int64
	c.AcceptedBy, c.ReviewerID, c.ApproverID = acceptedBy.Int64, reviewer.Int64, approver.Int64
	c.AcceptedAt, c.DueAt, c.YellowAt, c.PausedSince = utcPtr(accepted), utcPtr(due), utcPtr(yellow), utcPtr(paused)
	c.DecidedAt, c.CompletedAt, c.ArchivedAt = utcPtr(decided), utcPtr(completed), utcPtr(archived)
	c.ReceivedAt, c.CreatedAt, c.UpdatedAt = c.ReceivedAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// InsertCase stores a new case and sets its ID and times.
func InsertCase(ctx context.Context, tx *Tx, c *bianmin.Case) error {
	c.CreatedAt, c.UpdatedAt, c.Revision = tx.Now, tx.Now, 0
	if c.Colour == "" {
		c.Colour = bianmin.ColourNone
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO cases (centre_id, case_no, item_id, item_version, item_code, item_name,
		department_id, kind, status, source, ticket_id, inquiry_id, applicant_type, applicant_name, id_type, id_enc,
		id_masked, id_index, phone_enc, phone_masked, legal_rep, agent_name, agent_id_enc, agent_id_masked,
		agent_user_id, receiver_id, window_id, received_at, received_date, colour, policy_version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33) RETURNING id`,
		c.CentreID, c.CaseNo, c.ItemID, c.ItemVersion, c.ItemCode, c.ItemName, c.DepartmentID, string(c.Kind),
		string(c.Status), string(c.Source), nullID(c.TicketID), nullID(c.InquiryID), c.ApplicantType, c.ApplicantName,
		c.IDType, c.IDEnc, c.IDMasked, c.IDIndex, c.PhoneEnc, c.PhoneMasked, c.LegalRep, c.AgentName, c.AgentIDEnc,
		c.AgentIDMasked, nullID(c.AgentUserID), c.ReceiverID, nullID(c.WindowID), c.ReceivedAt.UTC(), c.ReceivedDate,
		string(c.Colour), c.PolicyVersion, c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
	return wrapf(err, "store: insert case")
}

// ErrCaseChanged means the case changed since it was read: someone else
// acted on it first.
var ErrCaseChanged = bianmin.Errorf(bianmin.ECONFLICT, "办件已被他人处理，请刷新后重试。",
	"Someone else acted on this case; reload and try again.")

// UpdateCase writes the mutable fields of a case read at c.Revision and
// advances the revision; it fails with ErrCaseChanged when another
// transaction changed the case in between.
func UpdateCase(ctx context.Context, tx *Tx, c *bianmin.Case) error {
	c.UpdatedAt = tx.Now
	res, err := tx.ExecContext(ctx, `UPDATE cases SET status = $1, accepted_at = $2, accept_date = $3,
		accept_doc_no = $4, accept_rule = $5, accepted_by = $6, query_hash = $7, due_at = $8, due_date = $9,
		due_rule = $10, yellow_at = $11, colour = $12, paused_since = $13, reviewer_id = $14, approver_id = $15,
		decided_at = $16, decision_rule = $17, completed_at = $18, result_name = $19, result_no = $20,
		result_valid_until = $21, result_desc = $22, delivery = $23, archived_at = $24, publish = $25,
		window_id = $26, phone_enc = $27, phone_masked = $28, revision = revision + 1, updated_at = $29
		WHERE id = $30 AND revision = $31`,
		string(c.Status), nullTime(c.AcceptedAt), c.AcceptDate, c.AcceptDocNo, c.AcceptRule, nullID(c.AcceptedBy),
		c.QueryHash, nullTime(c.DueAt), c.DueDate, c.DueRule, nullTime(c.YellowAt), string(c.Colour),
		nullTime(c.PausedSince), nullID(c.ReviewerID), nullID(c.ApproverID), nullTime(c.DecidedAt), c.DecisionRule,
		nullTime(c.CompletedAt), c.ResultName, c.ResultNo, c.ResultValidUntil, c.ResultDesc, c.Delivery,
		nullTime(c.ArchivedAt), c.Publish, nullID(c.WindowID), c.PhoneEnc, c.PhoneMasked, c.UpdatedAt, c.ID, c.Revision)
	if err != nil {
		return wrapf(err, "store: update case")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrCaseChanged
	}
	c.Revision++
	return nil
}

func oneCase(ctx context.Context, tx *Tx, where string, args ...any) (*bianmin.Case, error) {
	c, err := scanCase(tx.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	return c, wrapf(err, "store: case")
}

// CaseByID returns a case row without its children.
func CaseByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Case, error) {
	return oneCase(ctx, tx, "id = $1", id)
}

// LockCase takes a case's row lock at the start of a write transaction on
// PostgreSQL, so that every transaction that changes a case locks the case
// before the audit chain's head: two transactions then always take the two
// in the same order and cannot deadlock (a sweeper claims its cases in ID
// order before it writes audit rows). SQLite's single writer needs nothing,
// and a read transaction locks nothing.
func LockCase(ctx context.Context, tx *Tx, id int64) error {
	if tx.readOnly || tx.DB.Engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT id FROM cases WHERE id = $1 FOR UPDATE", id)
	return wrapf(err, "store: lock case")
}

// CaseByNo returns a case by its case number.
func CaseByNo(ctx context.Context, tx *Tx, no string) (*bianmin.Case, error) {
	return oneCase(ctx, tx, "case_no = $1", no)
}

// QueryCases returns cases matching a condition over the case columns, for
// the lists of the service package; where and args are written by code,
// never by users.
func QueryCases(ctx context.Context, tx *Tx, where, order string, limit int, args ...any) ([]*bianmin.Case, error) {
	q := "SELECT " + caseColumns + " FROM cases WHERE " + where
	if order != "" {
		q += " ORDER BY " + order
	}
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrapf(err, "store: cases")
	}
	defer rows.Close()
	out := []*bianmin.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, wrapf(err, "store: cases")
		}
		out = append(out, c)
	}
	return out, wrapf(rows.Err(), "store: cases")
}

// LoadCaseDetail fills a case's materials, notices, steps, approvals,
// pauses, extension and fees.
func LoadCaseDetail(ctx context.Context, tx *Tx, c *bianmin.Case) error {
	var err error
	if c.Materials, err = CaseMaterials(ctx, tx, c.ID); err != nil {
		return err
	}
	if c.Notices, err = CaseNotices(ctx, tx, c.ID); err != nil {
		return err
	}
	if c.Steps, err = CaseSteps(ctx, tx, c.ID); err != nil {
		return err
	}
	if c.Approvals, err = CaseApprovals(ctx, tx, c.ID); err != nil {
		return err
	}
	if c.Pauses, err = CasePauses(ctx, tx, c.ID); err != nil {
		return err
	}
	if c.Extension, err = CaseExtensionOf(ctx, tx, c.ID); err != nil {
		return err
	}
	c.Fees, err = CaseFees(ctx, tx, c.ID)
	return err
}

// InsertCaseMaterials stores a case's checklist lines and sets their IDs.
func InsertCaseMaterials(ctx context.Context, tx *Tx, caseID int64, ms []*bianmin.CaseMaterial) error {
	for _, m := range ms {
		m.CaseID = caseID
		err := tx.QueryRowContext(ctx, `INSERT INTO case_materials (case_id, position, material_id, name, required,
			state, count, defect, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			caseID, m.Position, nullID(m.MaterialID), m.Name, m.Required, string(m.State), m.Count, m.Defect,
			nullTime(m.SubmittedAt)).Scan(&m.ID)
		if err != nil {
			return wrapf(err, "store: insert case material")
		}
	}
	return nil
}

// UpdateCaseMaterial writes a line's state, count, defect and submission time.
func UpdateCaseMaterial(ctx context.Context, tx *Tx, m *bianmin.CaseMaterial) error {
	_, err := tx.ExecContext(ctx, `UPDATE case_materials SET state = $1, count = $2, defect = $3, submitted_at = $4
		WHERE id = $5 AND case_id = $6`, string(m.State), m.Count, m.Defect, nullTime(m.SubmittedAt), m.ID, m.CaseID)
	return wrapf(err, "store: update case material")
}

// CaseMaterials returns a case's checklist in order.
func CaseMaterials(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.CaseMaterial, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, position, material_id, name, required, state, count, defect,
		submitted_at FROM case_materials WHERE case_id = $1 ORDER BY position`, caseID)
	if err != nil {
		return nil, wrapf(err, "store: case materials")
	}
	defer rows.Close()
	out := []*bianmin.CaseMaterial{}
	for rows.Next() {
		var m bianmin.CaseMaterial
		var mat sql.NullInt64
		var state string
		var sub sql.NullTime
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Position, &mat, &m.Name, &m.Required, &state, &m.Count, &m.Defect,
			&sub); err != nil {
			return nil, wrapf(err, "store: case materials")
		}
		m.MaterialID, m.State, m.SubmittedAt = mat.Int64, bianmin.MaterialState(state), utcPtr(sub)
		out = append(out, &m)
	}
	return out, wrapf(rows.Err(), "store: case materials")
}

// InsertNotice stores a notice and sets its ID and time.
func InsertNotice(ctx context.Context, tx *Tx, n *bianmin.Notice) error {
	n.IssuedAt = tx.Now
	body, err := json.Marshal(n.Body)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO case_notices (centre_id, case_id, kind, doc_no, rule_id, body,
		issued_by, issued_at, secret_enc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		n.CentreID, n.CaseID, string(n.Kind), n.DocNo, n.RuleID, string(body), nullID(n.IssuedBy), n.IssuedAt,
		n.SecretEnc).Scan(&n.ID)
	return wrapf(err, "store: insert notice")
}

const noticeColumns = "id, centre_id, case_id, kind, doc_no, rule_id, body, issued_by, issued_at, prints, secret_enc"

func scanNotice(r rowScanner) (*bianmin.Notice, error) {
	var n bianmin.Notice
	var kind, body string
	var by sql.NullInt64
	if err := r.Scan(&n.ID, &n.CentreID, &n.CaseID, &kind, &n.DocNo, &n.RuleID, &body, &by, &n.IssuedAt,
		&n.Prints, &n.SecretEnc); err != nil {
		return nil, err
	}
	n.Kind, n.IssuedBy, n.IssuedAt = bianmin.NoticeKind(kind), by.Int64, n.IssuedAt.UTC()
	if err := json.Unmarshal([]byte(body), &n.Body); err != nil {
		return nil, err
	}
	return &n, nil
}

// CaseNotices returns a case's notices, oldest first.
func CaseNotices(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.Notice, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+noticeColumns+" FROM case_notices WHERE case_id = $1 ORDER BY id", caseID)
	if err != nil {
		return nil, wrapf(err, "store: notices")
	}
	defer rows.Close()
	out := []*bianmin.Notice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, wrapf(err, "store: notices")
		}
		out = append(out, n)
	}
	return out, wrapf(rows.Err(), "store: notices")
}

// NoticeByID returns one notice.
func NoticeByID(ctx context.Context, tx *Tx, id int64) (*bianmin.Notice, error) {
	n, err := scanNotice(tx.QueryRowContext(ctx, "SELECT "+noticeColumns+" FROM case_notices WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bianmin.ErrNotFound
	}
	return n, wrapf(err, "store: notice")
}

// CountNoticePrint records one more print of a notice and returns its
// number: the first print is 1, a reprint 2 and so on.
func CountNoticePrint(ctx context.Context, tx *Tx, id int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, "UPDATE case_notices SET prints = prints + 1 WHERE id = $1 RETURNING prints", id).Scan(&n)
	return n, wrapf(err, "store: count notice print")
}

// InsertStep opens a processing step and sets its ID.
func InsertStep(ctx context.Context, tx *Tx, s *bianmin.CaseStep) error {
	if s.StartedAt.IsZero() {
		s.StartedAt = tx.Now
	}
	if s.Status == 0 {
		s.Status = 1
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO case_steps (case_id, name, action, department_id, handler_id, opinion,
		status, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		s.CaseID, s.Name, s.Action, nullID(s.DepartmentID), nullID(s.HandlerID), s.Opinion, s.Status,
		s.StartedAt.UTC(), nullTime(s.EndedAt)).Scan(&s.ID)
	return wrapf(err, "store: insert step")
}

// EndStep closes a step with its handler, action and opinion (status 2).
func EndStep(ctx context.Context, tx *Tx, s *bianmin.CaseStep) error {
	now := tx.Now
	s.Status, s.EndedAt = 2, &now
	_, err := tx.ExecContext(ctx, `UPDATE case_steps SET action = $1, handler_id = $2, opinion = $3, status = 2,
		ended_at = $4 WHERE id = $5`, s.Action, nullID(s.HandlerID), s.Opinion, now, s.ID)
	return wrapf(err, "store: end step")
}

// CaseSteps returns a case's steps in order.
func CaseSteps(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.CaseStep, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, name, action, department_id, handler_id, opinion, status,
		started_at, ended_at FROM case_steps WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, wrapf(err, "store: steps")
	}
	defer rows.Close()
	out := []*bianmin.CaseStep{}
	for rows.Next() {
		var s bianmin.CaseStep
		var dept, handler sql.NullInt64
		var ended sql.NullTime
		if err := rows.Scan(&s.ID, &s.CaseID, &s.Name, &s.Action, &dept, &handler, &s.Opinion, &s.Status,
			&s.StartedAt, &ended); err != nil {
			return nil, wrapf(err, "store: steps")
		}
		s.DepartmentID, s.HandlerID, s.StartedAt, s.EndedAt = dept.Int64, handler.Int64, s.StartedAt.UTC(), utcPtr(ended)
		out = append(out, &s)
	}
	return out, wrapf(rows.Err(), "store: steps")
}

// InsertApprovals opens one pending approval per department (C-6).
func InsertApprovals(ctx context.Context, tx *Tx, caseID int64, departments []int64) error {
	for _, d := range departments {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_approvals (case_id, department_id) VALUES ($1, $2)
			ON CONFLICT (case_id, department_id) DO NOTHING`, caseID, d); err != nil {
			return wrapf(err, "store: insert approval")
		}
	}
	return nil
}

// DecideApproval records a department's decision once; it reports false
// when the department had already decided.
func DecideApproval(ctx context.Context, tx *Tx, ap *bianmin.CaseApproval) (bool, error) {
	now := tx.Now
	res, err := tx.ExecContext(ctx, `UPDATE case_approvals SET approver_id = $1, decision = $2, opinion = $3,
		decided_at = $4 WHERE case_id = $5 AND department_id = $6 AND decision = ''`,
		ap.ApproverID, ap.Decision, ap.Opinion, now, ap.CaseID, ap.DepartmentID)
	if err != nil {
		return false, wrapf(err, "store: decide approval")
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		ap.DecidedAt = &now
	}
	return n == 1, nil
}

// CaseApprovals returns a case's department approvals.
func CaseApprovals(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.CaseApproval, error) {
	rows, err := tx.QueryContext(ctx, `SELECT case_id, department_id, approver_id, decision, opinion, decided_at
		FROM case_approvals WHERE case_id = $1 ORDER BY department_id`, caseID)
	if err != nil {
		return nil, wrapf(err, "store: approvals")
	}
	defer rows.Close()
	out := []*bianmin.CaseApproval{}
	for rows.Next() {
		var ap bianmin.CaseApproval
		var by sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&ap.CaseID, &ap.DepartmentID, &by, &ap.Decision, &ap.Opinion, &at); err != nil {
			return nil, wrapf(err, "store: approvals")
		}
		ap.ApproverID, ap.DecidedAt = by.Int64, utcPtr(at)
		out = append(out, &ap)
	}
	return out, wrapf(rows.Err(), "store: approvals")
}

// InsertCasePause opens a clock pause and sets its ID.
func InsertCasePause(ctx context.Context, tx *Tx, p *bianmin.CasePause) error {
	p.StartedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO case_pauses (case_id, kind, procedure, reason, notice_id, started_by,
		started_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.CaseID, p.Kind, p.Procedure, p.Reason,
		nullID(p.NoticeID), nullID(p.StartedBy), p.StartedAt).Scan(&p.ID)
	return wrapf(err, "store: insert pause")
}

// EndCasePause closes the open pause of a case with its result; it reports
// false when none was open.
func EndCasePause(ctx context.Context, tx *Tx, caseID int64, result string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE case_pauses SET ended_at = $1, result = $2 WHERE case_id = $3
		AND ended_at IS NULL`, tx.Now, result, caseID)
	if err != nil {
		return false, wrapf(err, "store: end pause")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// CasePauses returns a case's pauses in order.
func CasePauses(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.CasePause, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, kind, procedure, reason, notice_id, started_by, started_at,
		ended_at, result FROM case_pauses WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, wrapf(err, "store: pauses")
	}
	defer rows.Close()
	out := []*bianmin.CasePause{}
	for rows.Next() {
		var p bianmin.CasePause
		var notice, by sql.NullInt64
		var ended sql.NullTime
		if err := rows.Scan(&p.ID, &p.CaseID, &p.Kind, &p.Procedure, &p.Reason, &notice, &by, &p.StartedAt, &ended,
			&p.Result); err != nil {
			return nil, wrapf(err, "store: pauses")
		}
		p.NoticeID, p.StartedBy, p.StartedAt, p.EndedAt = notice.Int64, by.Int64, p.StartedAt.UTC(), utcPtr(ended)
		out = append(out, &p)
	}
	return out, wrapf(rows.Err(), "store: pauses")
}

// ErrSecondExtension is the refusal of a second extension (C-2, R1.8).
var ErrSecondExtension = bianmin.Errorf(bianmin.ECONFLICT, "每个办件只能延期一次，本件已经延期（R1.8）。",
	"A case may be extended only once, and this one already was (R1.8).").WithRule("R1.8")

// InsertExtension records the one extension of a case; a second one fails
// with ErrSecondExtension (the table's key enforces it).
func InsertExtension(ctx context.Context, tx *Tx, e *bianmin.CaseExtension) error {
	e.ApprovedAt = tx.Now
	res, err := tx.ExecContext(ctx, `INSERT INTO case_extensions (case_id, days, reason, rule_id, approved_by,
		approved_at, notice_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO NOTHING`,
		e.CaseID, e.Days, e.Reason, e.RuleID, e.ApprovedBy, e.ApprovedAt, nullID(e.NoticeID))
	if err != nil {
		return wrapf(err, "store: insert extension")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrSecondExtension
	}
	return nil
}

// SetExtensionNotice links the extension to its notice.
func SetExtensionNotice(ctx context.Context, tx *Tx, caseID, noticeID int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE case_extensions SET notice_id = $1 WHERE case_id = $2", noticeID, caseID)
	return wrapf(err, "store: extension notice")
}

// CaseExtensionOf returns a case's extension, or nil.
func CaseExtensionOf(ctx context.Context, tx *Tx, caseID int64) (*bianmin.CaseExtension, error) {
	var e bianmin.CaseExtension
	var notice sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT case_id, days, reason, rule_id, approved_by, approved_at, notice_id
		FROM case_extensions WHERE case_id = $1`, caseID).Scan(&e.CaseID, &e.Days, &e.Reason, &e.RuleID,
		&e.ApprovedBy, &e.ApprovedAt, &notice)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrapf(err, "store: extension")
	}
	e.NoticeID, e.ApprovedAt = notice.Int64, e.ApprovedAt.UTC()
	return &e, nil
}

// InsertFee records an invoice and sets its ID.
func InsertFee(ctx context.Context, tx *Tx, f *bianmin.CaseFee) error {
	f.IssuedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO case_fees (case_id, invoice_no, amount_fen, unit_fen, quantity,
		standard, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, f.CaseID, f.InvoiceNo,
		f.AmountFen, f.UnitFen, f.Quantity, f.Standard, f.IssuedBy, f.IssuedAt).Scan(&f.ID)
	return wrapf(err, "store: insert fee")
}

// PayFee records payment of an unpaid invoice at the cashier window; it
// reports false when the invoice was already paid.
func PayFee(ctx context.Context, tx *Tx, f *bianmin.CaseFee) (bool, error) {
	now := tx.Now
	res, err := tx.ExecContext(ctx, `UPDATE case_fees SET receipt_no = $1, paid_by = $2, paid_at = $3
		WHERE id = $4 AND case_id = $5 AND paid_at IS NULL`, f.ReceiptNo, f.PaidBy, now, f.ID, f.CaseID)
	if err != nil {
		return false, wrapf(err, "store: pay fee")
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		f.PaidAt = &now
	}
	return n == 1, nil
}

// CaseFees returns a case's invoices.
func CaseFees(ctx context.Context, tx *Tx, caseID int64) ([]*bianmin.CaseFee, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, invoice_no, amount_fen, unit_fen, quantity, standard,
		issued_by, issued_at, receipt_no, paid_by, paid_at FROM case_fees WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, wrapf(err, "store: fees")
	}
	defer rows.Close()
	out := []*bianmin.CaseFee{}
	for rows.Next() {
		var f bianmin.CaseFee
		var paidBy sql.NullInt64
		var paid sql.NullTime
		if err := rows.Scan(&f.ID, &f.CaseID, &f.InvoiceNo, &f.AmountFen, &f.UnitFen, &f.Quantity, &f.Standard,
			&f.IssuedBy, &f.IssuedAt, &f.ReceiptNo, &paidBy, &paid); err != nil {
			return nil, wrapf(err, "store: fees")
		}
		f.PaidBy, f.PaidAt, f.IssuedAt = paidBy.Int64, utcPtr(paid), f.IssuedAt.UTC()
		out = append(out, &f)
	}
	return out, wrapf(rows.Err(), "store: fees")
}

// InsertViolation adds an entry to the violations register (AC-1).
func InsertViolation(ctx context.Context, tx *Tx, v *bianmin.Violation) error {
	v.CreatedAt = tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO violations (centre_id, user_id, department_id, case_id, rule_id,
		source, description, evidence, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`, v.CentreID, nullID(v.UserID), nullID(v.DepartmentID), nullID(v.CaseID), v.RuleID, v.Source,
		v.Description, v.Evidence, nullID(v.CreatedBy), v.CreatedAt).Scan(&v.ID)
	return wrapf(err, "store: insert violation")
}

// Violations returns a centre's register, newest first.
func Violations(ctx context.Context, tx *Tx, centreID int64, limit int) ([]*bianmin.Violation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, centre_id, user_id, department_id, case_id, rule_id, source,
		description, evidence, created_by, created_at FROM violations WHERE centre_id = $1 ORDER BY id DESC LIMIT $2`,
		centreID, limit)
	if err != nil {
		return nil, wrapf(err, "store: violations")
	}
	defer rows.Close()
	out := []*bianmin.Violation{}
	for rows.Next() {
		var v bianmin.Violation
		var user, dept, cs, by sql.NullInt64
		if err := rows.Scan(&v.ID, &v.CentreID, &user, &dept, &cs, &v.RuleID, &v.Source, &v.Description,
			&v.Evidence, &by, &v.CreatedAt); err != nil {
			return nil, wrapf(err, "store: violations")
		}
		v.UserID, v.DepartmentID, v.CaseID, v.CreatedBy, v.CreatedAt = user.Int64, dept.Int64, cs.Int64, by.Int64, v.CreatedAt.UTC()
		out = append(out, &v)
	}
	return out, wrapf(rows.Err(), "store: violations")
}

// CaseNumbers returns the case numbers of the cases with the given IDs in
// one query; 0 and unknown IDs are left out.
func CaseNumbers(ctx context.Context, tx *Tx, ids []int64) (map[int64]string, error) {
	return textsByID(ctx, tx, "SELECT id, case_no FROM cases", ids, "case numbers")
}
