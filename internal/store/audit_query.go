package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

// Page sizes of audit searches: a search is a screen or an export page, never
// the whole log (the log grows by about 200 GB a year, SECURITY.md item 14).
const (
	DefaultAuditLimit = 50
	MaxAuditLimit     = 1000
	maxFilterText     = 200
)

// AuditFilter selects audit rows. Zero fields do not filter, except Centres:
// the caller passes its scope explicitly and an empty scope matches nothing,
// so a forgotten scope can never widen a search to every centre.
type AuditFilter struct {
	Centres  []int64 // the caller's scope (SECURITY.md item 9)
	NoCentre bool    // also rows tied to no centre (start-up, backups); only for roles allowed to see them

	From, To     time.Time // From <= at < To
	Actor        string    // substring of the actor's username, case-insensitive
	ActorID      int64
	ActionPrefix string // e.g. "case." matches "case.accept" and "case.close"
	ObjectType   string
	ObjectID     string
	Result       string // bianmin.ResultOK, ResultDenied or ResultFailed
	RuleID       string

	Limit  int // 0: DefaultAuditLimit; capped at MaxAuditLimit
	Offset int
}

// auditColumns is the column list of every audit read, in scanAudit's order.
const auditColumns = `seq, at, centre_id, actor_id, actor, role, source, action, object_type,
	object_id, before_json, after_json, result, rule_id, policy_version, request_id, prev_hash, hash`

// SearchAudit returns one page of the rows matching f, newest first, and the
// number of rows matching in all.
func SearchAudit(ctx context.Context, db *DB, f AuditFilter) ([]*bianmin.AuditEntry, int, error) {
	if err := f.validate(); err != nil {
		return nil, 0, err
	}
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	countQ := "SELECT count(*) FROM audit_log WHERE " + w.sql()
	args := w.args
	pageQ := "SELECT " + auditColumns + " FROM audit_log WHERE " + w.sql() +
		" ORDER BY seq DESC LIMIT " + w.arg(f.limit()) + " OFFSET " + w.arg(f.Offset)
	var out []*bianmin.AuditEntry
	var total int
	err := db.Read(ctx, func(tx *Tx) error {
		if err := snapshot(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, countQ, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = queryAudit(ctx, tx, pageQ, w.args...)
		return err
	})
	if err != nil {
		return nil, 0, wrapf(err, "audit: search")
	}
	return out, total, nil
}

// AuditByObject returns the whole history of one object, oldest first. It
// does not check scope: the caller has already loaded the object under its
// own scope, and an object's history may span centres (a transferred case).
func AuditByObject(ctx context.Context, db *DB, objectType, objectID string) ([]*bianmin.AuditEntry, error) {
	if objectType == "" || objectID == "" {
		return nil, bianmin.FieldError("object", "请指定对象类型和编号。", "Give an object type and ID.")
	}
	var out []*bianmin.AuditEntry
	err := db.Read(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAudit(ctx, tx, "SELECT "+auditColumns+
			" FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY seq", objectType, objectID)
		return err
	})
	return out, wrapf(err, "audit: by object")
}

func (f *AuditFilter) validate() error {
	var v bianmin.Validation
	if f.Limit < 0 {
		v.Add("limit", "每页条数不能为负数。", "The page size cannot be negative.")
	}
	if f.Offset < 0 {
		v.Add("offset", "起始位置不能为负数。", "The offset cannot be negative.")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		v.Add("to", "结束时间早于开始时间。", "The end time is before the start time.")
	}
	switch f.Result {
	case "", bianmin.ResultOK, bianmin.ResultDenied, bianmin.ResultFailed:
	default:
		v.Add("result", "结果只能是成功、拒绝或失败。", "The result must be ok, denied or failed.")
	}
	for _, s := range []string{f.Actor, f.ActionPrefix, f.ObjectType, f.ObjectID, f.RuleID} {
		if utf8.RuneCountInString(s) > maxFilterText {
			v.Add("filter", "查询条件过长。", "A search term is too long.")
			break
		}
	}
	return v.Err()
}

func (f *AuditFilter) limit() int {
	switch {
	case f.Limit == 0:
		return DefaultAuditLimit
	case f.Limit > MaxAuditLimit:
		return MaxAuditLimit
	}
	return f.Limit
}

// where builds the condition from fixed fragments; user text only ever
// travels as an argument. ok is false when the scope admits no row at all.
func (f *AuditFilter) where() (w *whereClause, ok bool) {
	w = &whereClause{}
	var scope []string
	if len(f.Centres) > 0 {
		ph := make([]string, len(f.Centres))
		for i, id := range f.Centres {
			ph[i] = w.arg(id)
		}
		scope = append(scope, "centre_id IN ("+strings.Join(ph, ", ")+")")
	}
	if f.NoCentre {
		scope = append(scope, "centre_id IS NULL")
	}
	if len(scope) == 0 {
		return nil, false
	}
	w.add("(" + strings.Join(scope, " OR ") + ")")
	if !f.From.IsZero() {
		w.add("at >= " + w.arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		w.add("at < " + w.arg(f.To.UTC()))
	}
	if f.Actor != "" {
		// Usernames are stored lower-case; lower() keeps both engines alike
		// (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
		w.add(`lower(actor) LIKE ` + w.arg("%"+likeEscape(strings.ToLower(f.Actor))+"%") + ` ESCAPE '\'`)
	}
	if f.ActorID != 0 {
		w.add("actor_id = " + w.arg(f.ActorID))
	}
	if f.ActionPrefix != "" {
		// substr rather than LIKE: case-sensitive and wildcard-free on both engines.
		n := utf8.RuneCountInString(f.ActionPrefix)
		w.add("substr(action, 1, " + w.arg(n) + ") = " + w.arg(f.ActionPrefix))
	}
	w.eq("object_type", f.ObjectType)
	w.eq("object_id", f.ObjectID)
	w.eq("result", f.Result)
	w.eq("rule_id", f.RuleID)
	return w, true
}

// whereClause collects AND-ed conditions and their $N arguments.
type whereClause struct {
	conds []string
	args  []any
}

// arg appends an argument and returns its placeholder.
func (w *whereClause) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *whereClause) add(cond string) { w.conds = append(w.conds, cond) }

// eq adds "column = value" when value is set; column is always a constant.
func (w *whereClause) eq(column, value string) {
	if value != "" {
		w.add(column + " = " + w.arg(value))
	}
}

func (w *whereClause) sql() string { return strings.Join(w.conds, " AND ") }

// likeEscape makes % and _ in user text match themselves.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// snapshot makes every statement of a PostgreSQL read see the same snapshot,
// as a SQLite read transaction always does: the count matches the page, and
// the verifier's head matches its rows.
func snapshot(ctx context.Context, tx *Tx) error {
	if tx.DB.Engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
	return err
}

func queryAudit(ctx context.Context, tx *Tx, q string, args ...any) ([]*bianmin.AuditEntry, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bianmin.AuditEntry
	for rows.Next() {
		e := &bianmin.AuditEntry{}
		if err := scanAudit(rows, e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanAudit reads one row selected with auditColumns into e.
func scanAudit(rows *sql.Rows, e *bianmin.AuditEntry) error {
	var centre, actor sql.NullInt64
	err := rows.Scan(&e.Seq, &e.At, &centre, &actor, &e.Actor, &e.Role, &e.Source, &e.Action,
		&e.ObjectType, &e.ObjectID, &e.Before, &e.After, &e.Result, &e.RuleID, &e.PolicyVersion,
		&e.RequestID, &e.PrevHash, &e.Hash)
	e.CentreID, e.ActorID = centre.Int64, actor.Int64
	e.At = e.At.UTC()
	return err
}
