package bianmin

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// AuditEntry is one row of the append-only audit log (DOMAIN.md SEC-4,
// SECURITY.md item 11): who did what to which object, with what result, and
// the rule ID and policy version behind an automatic decision.
type AuditEntry struct {
	Seq           int64     `json:"seq"`
	At            time.Time `json:"at"`
	CentreID      int64     `json:"centre_id,omitempty"`
	ActorID       int64     `json:"actor_id,omitempty"`
	Actor         string    `json:"actor"`
	Role          string    `json:"role"`
	Source        string    `json:"source"`
	Action        string    `json:"action"`
	ObjectType    string    `json:"object_type"`
	ObjectID      string    `json:"object_id"`
	Before        string    `json:"before"` // JSON, personal data masked
	After         string    `json:"after"`  // JSON, personal data masked
	Result        string    `json:"result"` // "ok", "denied", "failed"
	RuleID        string    `json:"rule_id"`
	PolicyVersion int       `json:"policy_version"`
	RequestID     string    `json:"request_id"`
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

// Audit results.
const (
	ResultOK     = "ok"
	ResultDenied = "denied"
	ResultFailed = "failed"
)

// AuditHash computes the entry's chain hash: SHA-256 over a 0x00 domain byte,
// the previous hash and the canonical JSON of every other field
// (SECURITY.md item 49). Times are canonical as UTC with microseconds, the
// precision both engines keep.
func AuditHash(e *AuditEntry) string {
	canonical := []any{
		e.Seq, e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), e.CentreID, e.ActorID, e.Actor, e.Role,
		e.Source, e.Action, e.ObjectType, e.ObjectID, e.Before, e.After, e.Result, e.RuleID,
		strconv.Itoa(e.PolicyVersion), e.RequestID,
	}
	body, _ := json.Marshal(canonical) // only strings and numbers: cannot fail
	h := sha256.New()
	h.Write([]byte{0})
	h.Write([]byte(e.PrevHash))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// JSONOf marshals v for an audit before/after column; nil gives "".
func JSONOf(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unmarshalable"}`
	}
	return string(b)
}
