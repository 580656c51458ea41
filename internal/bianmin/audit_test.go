package bianmin_test

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
	"time"

	"bianmin/internal/bianmin"
)

var prevHash = "abababababababababababababababababababababababababababababababab"

// goldenEntry is the known-answer entry; its hash was computed outside Go
// (Python hashlib over the canonical text below).
func goldenEntry() bianmin.AuditEntry {
	return bianmin.AuditEntry{
		Seq: 42, At: time.Date(2026, 3, 2, 9, 15, 30, 123456789, bianmin.Shanghai),
		CentreID: 3, ActorID: 17, Actor: "张三", Role: "clerk", Source: "10.0.0.7",
		Action: "case.accept", ObjectType: "case", ObjectID: "C-2026-0001",
		Before: `{"状态":"待受理"}`, After: `{"a":"<b>&"}`, Result: bianmin.ResultOK,
		RuleID: "R1.2", PolicyVersion: 4, RequestID: "req-1", PrevHash: prevHash,
		Hash: "not an input",
	}
}

// The canonical form is part of every stored chain: changing it breaks the
// verification of existing audit logs. Times are UTC with six truncated
// fractional digits; the policy version is a string; HTML characters are
// escaped as encoding/json does.
const (
	goldenCanonical = `[42,"2026-03-02T01:15:30.123456Z",3,17,"张三","clerk","10.0.0.7","case.accept","case",` +
		`"C-2026-0001","{\"状态\":\"待受理\"}","{\"a\":\"\u003cb\u003e\u0026\"}","ok","R1.2","4","req-1"]`
	goldenHash = "cc8c290e61bd93b71992f36d681f3b3222026182162d45a70b7d1bf2f65a304c"
)

func TestAuditHashKnownAnswer(t *testing.T) {
	sum := sha256.Sum256([]byte("\x00" + prevHash + goldenCanonical))
	if hex.EncodeToString(sum[:]) != goldenHash {
		t.Fatalf("golden constants disagree")
	}
	e := goldenEntry()
	if got := bianmin.AuditHash(&e); got != goldenHash {
		t.Fatalf("AuditHash = %s, want %s", got, goldenHash)
	}
	if again := bianmin.AuditHash(&e); again != goldenHash {
		t.Fatalf("second AuditHash = %s: not deterministic", again)
	}
	if e != goldenEntry() {
		t.Fatalf("AuditHash changed its entry: %+v", e)
	}
}

// auditMutators change one field each; every field but Hash must be here.
var auditMutators = map[string]func(e *bianmin.AuditEntry){
	"Seq":           func(e *bianmin.AuditEntry) { e.Seq++ },
	"At":            func(e *bianmin.AuditEntry) { e.At = e.At.Add(time.Microsecond) },
	"CentreID":      func(e *bianmin.AuditEntry) { e.CentreID++ },
	"ActorID":       func(e *bianmin.AuditEntry) { e.ActorID++ },
	"Actor":         func(e *bianmin.AuditEntry) { e.Actor = "李四" },
	"Role":          func(e *bianmin.AuditEntry) { e.Role = "director" },
	"Source":        func(e *bianmin.AuditEntry) { e.Source = "10.0.0.8" },
	"Action":        func(e *bianmin.AuditEntry) { e.Action = "case.reject" },
	"ObjectType":    func(e *bianmin.AuditEntry) { e.ObjectType = "ticket" },
	"ObjectID":      func(e *bianmin.AuditEntry) { e.ObjectID = "C-2026-0002" },
	"Before":        func(e *bianmin.AuditEntry) { e.Before = `{"状态":"已受理"}` },
	"After":         func(e *bianmin.AuditEntry) { e.After = "" },
	"Result":        func(e *bianmin.AuditEntry) { e.Result = bianmin.ResultDenied },
	"RuleID":        func(e *bianmin.AuditEntry) { e.RuleID = "R1.3" },
	"PolicyVersion": func(e *bianmin.AuditEntry) { e.PolicyVersion++ },
	"RequestID":     func(e *bianmin.AuditEntry) { e.RequestID = "req-2" },
	"PrevHash":      func(e *bianmin.AuditEntry) { e.PrevHash = "" },
}

func TestAuditHashCoversEveryField(t *testing.T) {
	typ := reflect.TypeFor[bianmin.AuditEntry]()
	for f := range typ.Fields() {
		if _, ok := auditMutators[f.Name]; !ok && f.Name != "Hash" {
			t.Errorf("field %s has no mutator: is it hashed?", f.Name)
		}
	}
	base := goldenEntry()
	baseHash := bianmin.AuditHash(&base)
	seen := map[string]string{baseHash: "unchanged"}
	for name, mutate := range auditMutators {
		t.Run(name, func(t *testing.T) {
			e := goldenEntry()
			mutate(&e)
			if reflect.ValueOf(e).FieldByName(name).Equal(reflect.ValueOf(base).FieldByName(name)) {
				t.Fatalf("mutator does not change %s", name)
			}
			h := bianmin.AuditHash(&e)
			if other, dup := seen[h]; dup {
				t.Fatalf("changing %s gives the same hash as %s", name, other)
			}
			seen[h] = name
		})
	}
}

func TestAuditHashInputs(t *testing.T) {
	base := goldenEntry()
	base.At = time.Date(2026, 3, 2, 1, 15, 30, 123456000, time.UTC) // a whole microsecond
	baseHash := bianmin.AuditHash(&base)
	now := time.Now()
	tests := []struct {
		name   string
		mutate func(e *bianmin.AuditEntry)
		same   bool
	}{
		{"Hash is not an input", func(e *bianmin.AuditEntry) { e.Hash = "" }, true},
		{"same instant in Shanghai", func(e *bianmin.AuditEntry) { e.At = e.At.In(bianmin.Shanghai) }, true},
		{"same instant in a fixed zone", func(e *bianmin.AuditEntry) { e.At = e.At.In(time.FixedZone("X", -7*3600)) }, true},
		{"same instant in Local", func(e *bianmin.AuditEntry) { e.At = e.At.Local() }, true},
		{"nanoseconds below a microsecond are truncated", func(e *bianmin.AuditEntry) { e.At = e.At.Add(999 * time.Nanosecond) }, true},
		{"one microsecond later", func(e *bianmin.AuditEntry) { e.At = e.At.Add(time.Microsecond) }, false},
		{"one nanosecond earlier (previous microsecond)", func(e *bianmin.AuditEntry) { e.At = e.At.Add(-time.Nanosecond) }, false},
		{"another chain link", func(e *bianmin.AuditEntry) { e.PrevHash = goldenHash }, false},
		{"first link has no previous hash", func(e *bianmin.AuditEntry) { e.PrevHash = "" }, false},
		{"previous hash in upper case", func(e *bianmin.AuditEntry) {
			e.PrevHash = "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"
		}, false},
		// JSON array encoding keeps field boundaries: moving text between
		// neighbouring fields changes the hash.
		{"text moved from Actor to Role", func(e *bianmin.AuditEntry) { e.Actor, e.Role = "张", "三clerk" }, false},
		{"text moved from ObjectType to ObjectID", func(e *bianmin.AuditEntry) { e.ObjectType, e.ObjectID = "caseC", "-2026-0001" }, false},
		{"text moved from PrevHash to the record", func(e *bianmin.AuditEntry) {
			e.PrevHash = e.PrevHash[:63]
			e.Actor = "b" + e.Actor
		}, false},
		{"CentreID and ActorID swapped", func(e *bianmin.AuditEntry) { e.CentreID, e.ActorID = e.ActorID, e.CentreID }, false},
		{"Before and After swapped", func(e *bianmin.AuditEntry) { e.Before, e.After = e.After, e.Before }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.mutate(&e)
			if got := bianmin.AuditHash(&e); (got == baseHash) != tt.same {
				t.Errorf("hash equal to base = %v, want %v", got == baseHash, tt.same)
			}
		})
	}
	// A time carrying a monotonic reading hashes as its wall-clock value.
	a, b := base, base
	a.At, b.At = now, now.Round(0)
	if bianmin.AuditHash(&a) != bianmin.AuditHash(&b) {
		t.Errorf("monotonic clock reading changes the hash")
	}
}

func TestAuditHashShape(t *testing.T) {
	var zero bianmin.AuditEntry
	for _, e := range []bianmin.AuditEntry{zero, goldenEntry()} {
		h := bianmin.AuditHash(&e)
		if len(h) != 64 {
			t.Fatalf("hash %q: %d characters, want 64", h, len(h))
		}
		if _, err := hex.DecodeString(h); err != nil || h != hexLower(h) {
			t.Fatalf("hash %q is not lower-case hex", h)
		}
	}
}

func hexLower(s string) string {
	b, _ := hex.DecodeString(s)
	return hex.EncodeToString(b)
}

func TestJSONOf(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, ""},
		{"map sorted by key", map[string]any{"状态": "已受理", "a": 1}, `{"a":1,"状态":"已受理"}`},
		{"string", "x", `"x"`},
		{"unmarshalable", make(chan int), `{"error":"unmarshalable"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bianmin.JSONOf(tt.in); got != tt.want {
				t.Errorf("JSONOf = %q, want %q", got, tt.want)
			}
		})
	}
}
