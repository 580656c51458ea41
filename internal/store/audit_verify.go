package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bianmin/internal/bianmin"
)

// AuditFault says how the audit chain is broken.
type AuditFault string

const (
	FaultNone AuditFault = ""
	FaultHash AuditFault = "hash" // a row's content no longer matches its own hash: changed
	FaultGap  AuditFault = "gap"  // a seq is missing: a row was deleted
	FaultLink AuditFault = "link" // prev_hash is not the previous row's hash: inserted, replaced or reordered
	FaultHead AuditFault = "head" // the last row is not the one audit_head names: tail cut or forged append
)

// AuditReport is the verdict of VerifyAudit. The verifier stops at the first
// break: everything after it is untrusted anyway, and the seq it names is
// where an investigation starts.
type AuditReport struct {
	Rows        int64 // rows read and checked, the broken one included
	LastSeq     int64 // seq of the last row checked
	HeadSeq     int64 // seq recorded in audit_head
	OK          bool
	FirstBroken int64 // seq of the first broken row (0 when OK)
	Fault       AuditFault
	ReasonZH    string
	ReasonEN    string
}

// Reason returns the reason of a break in the language ("zh" or "en").
func (r AuditReport) Reason(lang string) string {
	if lang == "en" {
		return r.ReasonEN
	}
	return r.ReasonZH
}

// String is the verdict the `bianmin audit verify` command prints.
func (r AuditReport) String(lang string) string {
	switch {
	case r.OK && lang == "en":
		return fmt.Sprintf("Audit log intact: %d rows checked, chain head at seq %d.", r.Rows, r.HeadSeq)
	case r.OK:
		return fmt.Sprintf("审计日志完整：已校验 %d 条记录，链头位于 seq %d。", r.Rows, r.HeadSeq)
	case lang == "en":
		return fmt.Sprintf("Audit log TAMPERED: first break at seq %d: %s (%d rows checked).", r.FirstBroken, r.ReasonEN, r.Rows)
	}
	return fmt.Sprintf("审计日志已被篡改：首个异常位于 seq %d：%s（已校验 %d 条记录）。", r.FirstBroken, r.ReasonZH, r.Rows)
}

// verifyBatch is how many rows one query of the verifier reads: memory stays
// bounded on a log of any length, and stopping at a break costs at most one batch.
const verifyBatch = 5000

// VerifyAudit recomputes the whole hash chain in seq order (SECURITY.md item
// 49): each row's hash, its link to the previous row, seq contiguity from 1,
// and that the last row is the one audit_head names. All reads share one
// snapshot, so appends running meanwhile cannot look like a break.
func VerifyAudit(ctx context.Context, db *DB) (AuditReport, error) {
	v := &chainVerifier{next: 1}
	err := db.Read(ctx, func(tx *Tx) error {
		if err := snapshot(ctx, tx); err != nil {
			return err
		}
		var headHash string
		err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&v.rep.HeadSeq, &headHash)
		headFound := !errors.Is(err, sql.ErrNoRows)
		if headFound && err != nil {
			return err
		}
		for more := true; more && !v.broken(); {
			if more, err = v.batch(ctx, tx); err != nil {
				return err
			}
		}
		v.checkHead(headFound, headHash)
		return nil
	})
	if err != nil {
		return AuditReport{}, wrapf(err, "audit: verify")
	}
	v.rep.OK = !v.broken()
	return v.rep, nil
}

// chainVerifier carries the chain state from one row to the next.
type chainVerifier struct {
	rep  AuditReport
	next int64  // the seq the next row must have
	prev string // the hash the next row's prev_hash must equal
	e    bianmin.AuditEntry
}

func (v *chainVerifier) broken() bool { return v.rep.Fault != FaultNone }

// batch checks the next rows; more reports whether rows may remain.
func (v *chainVerifier) batch(ctx context.Context, tx *Tx) (more bool, err error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+auditColumns+
		" FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2", v.next-1, verifyBatch)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() && !v.broken() {
		if err := scanAudit(rows, &v.e); err != nil {
			return false, err
		}
		n++
		v.check(&v.e)
	}
	return n == verifyBatch, rows.Err()
}

// check verifies one row against the chain so far.
func (v *chainVerifier) check(e *bianmin.AuditEntry) {
	v.rep.Rows++
	switch {
	case e.Seq != v.next:
		v.fail(FaultGap, v.next,
			fmt.Sprintf("缺少 seq %d（序号断档，记录被删除）", v.next),
			fmt.Sprintf("missing seq %d (gap)", v.next))
	case e.PrevHash != v.prev:
		v.fail(FaultLink, e.Seq,
			fmt.Sprintf("prev_hash 与 seq %d 的哈希不符（记录被插入、替换或调换）", e.Seq-1),
			fmt.Sprintf("prev_hash does not match the hash of seq %d", e.Seq-1))
	case bianmin.AuditHash(e) != e.Hash:
		v.fail(FaultHash, e.Seq, "哈希不匹配（记录内容被修改）", "hash mismatch (the row was changed)")
	default:
		v.rep.LastSeq, v.prev = e.Seq, e.Hash
		v.next++
	}
}

// checkHead compares the end of an unbroken chain with audit_head, which
// advances in the same transaction as every append: a cut tail leaves the
// head ahead of the log, a forged append leaves the log ahead of the head.
func (v *chainVerifier) checkHead(found bool, headHash string) {
	if v.broken() {
		return
	}
	last, head := v.rep.LastSeq, v.rep.HeadSeq
	switch {
	case !found:
		v.fail(FaultHead, last+1,
			fmt.Sprintf("链头记录 audit_head 缺失，seq %d 之后是否被截断无法判断", last),
			fmt.Sprintf("the audit_head row is missing: whether the log was cut after seq %d cannot be told", last))
	case head != last:
		v.fail(FaultHead, min(head, last)+1,
			fmt.Sprintf("链头记录为 seq %d，但日志止于 seq %d（尾部被截断或有伪造追加）", head, last),
			fmt.Sprintf("head says seq %d but log ends at %d", head, last))
	case headHash != v.prev:
		v.fail(FaultHead, last,
			fmt.Sprintf("链头哈希与 seq %d 的哈希不符", last),
			fmt.Sprintf("head hash does not match the hash of seq %d", last))
	}
}

func (v *chainVerifier) fail(f AuditFault, seq int64, zh, en string) {
	v.rep.Fault, v.rep.FirstBroken, v.rep.ReasonZH, v.rep.ReasonEN = f, seq, zh, en
}
