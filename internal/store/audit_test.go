package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

var auditBase = time.Date(2026, 3, 2, 1, 0, 0, 123456000, time.UTC)

// auditEntry is the i-th seeded entry: every text column holds ASCII, so the
// tamper campaign always finds a byte to flip, and some hold Chinese.
func auditEntry(i int) bianmin.AuditEntry {
	results := []string{bianmin.ResultOK, bianmin.ResultDenied, bianmin.ResultFailed}
	return bianmin.AuditEntry{
		At: auditBase.Add(time.Duration(i) * time.Minute), CentreID: int64(i%3 + 1), ActorID: int64(i%5 + 1),
		Actor: fmt.Sprintf("clerk%02d", i%5), Role: "clerk", Source: fmt.Sprintf("10.0.0.%d", i%250),
		Action: []string{"case.accept", "case.close", "auth.login"}[i%3], ObjectType: "case",
		ObjectID: fmt.Sprintf("C-%d", i%7), Before: fmt.Sprintf(`{"状态":"待受理","n":%d}`, i),
		After: fmt.Sprintf(`{"状态":"已受理","n":%d}`, i), Result: results[i%3],
		RuleID: fmt.Sprintf("R1.%d", i%4), PolicyVersion: i%4 + 1, RequestID: fmt.Sprintf("req-%d", i),
	}
}

// seedAudit appends n entries through AppendAudit, as the application does.
func seedAudit(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	ctx := context.Background()
	for start := 0; start < n; start += 2000 {
		err := db.Write(ctx, func(tx *store.Tx) error {
			for i := start; i < min(start+2000, n); i++ {
				e := auditEntry(i)
				if err := store.AppendAudit(ctx, tx, &e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

func appendOne(tb testing.TB, db *store.DB, e bianmin.AuditEntry) {
	tb.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *store.Tx) error { return store.AppendAudit(ctx, tx, &e) }); err != nil {
		tb.Fatal(err)
	}
}

// unlockAudit removes the append-only triggers as an attacker with the
// database owner's rights would, so that tests can tamper with the log.
func unlockAudit(tb testing.TB, db *store.DB) {
	tb.Helper()
	stmts := []string{"ALTER TABLE audit_log DISABLE TRIGGER USER", "ALTER TABLE audit_head DISABLE TRIGGER USER"}
	if db.Engine == store.SQLite {
		stmts = []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete",
			"DROP TRIGGER audit_head_forward_only", "DROP TRIGGER audit_head_no_delete"}
	}
	for _, s := range stmts {
		tamper(tb, db, s)
	}
}

func tamper(tb testing.TB, db *store.DB, query string, args ...any) {
	tb.Helper()
	if _, err := db.RawWriter().ExecContext(context.Background(), query, args...); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
}

// insertForged writes e straight into audit_log, bypassing AppendAudit.
func insertForged(tb testing.TB, db *store.DB, e *bianmin.AuditEntry) {
	tb.Helper()
	e.Hash = bianmin.AuditHash(e)
	tamper(tb, db, `INSERT INTO audit_log (seq, at, centre_id, actor_id, actor, role, source, action, object_type,
		object_id, before_json, after_json, result, rule_id, policy_version, request_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		e.Seq, e.At, e.CentreID, e.ActorID, e.Actor, e.Role, e.Source, e.Action, e.ObjectType, e.ObjectID,
		e.Before, e.After, e.Result, e.RuleID, e.PolicyVersion, e.RequestID, e.PrevHash, e.Hash)
}

func hashAt(tb testing.TB, db *store.DB, seq int64) string {
	tb.Helper()
	var h string
	if err := db.RawWriter().QueryRow("SELECT hash FROM audit_log WHERE seq = $1", seq).Scan(&h); err != nil {
		tb.Fatal(err)
	}
	return h
}

func verify(tb testing.TB, db *store.DB) store.AuditReport {
	tb.Helper()
	r, err := store.VerifyAudit(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func wantBroken(t *testing.T, db *store.DB, fault store.AuditFault, seq int64, reason string) {
	t.Helper()
	r := verify(t, db)
	if r.OK || r.Fault != fault || r.FirstBroken != seq || !strings.Contains(r.ReasonEN, reason) {
		t.Fatalf("got %+v, want fault %q at seq %d (%q)", r, fault, seq, reason)
	}
	if s := r.String("zh"); !strings.Contains(s, fmt.Sprintf("seq %d", seq)) || !strings.Contains(s, "篡改") {
		t.Errorf("zh verdict %q", s)
	}
}

func TestAuditVerifyIntactChain(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		if r := verify(t, db); !r.OK || r.Rows != 0 {
			t.Fatalf("empty log: %+v", r)
		}
		seedAudit(t, db, 5000) // exactly one verifier batch, then one more row
		if r := verify(t, db); !r.OK || r.Rows != 5000 {
			t.Fatalf("intact log of one batch: %+v", r)
		}
		appendOne(t, db, bianmin.AuditEntry{Actor: "system", Action: "test.append"})
		r := verify(t, db)
		if !r.OK || r.Rows != 5001 || r.HeadSeq != 5001 || r.FirstBroken != 0 {
			t.Fatalf("intact log: %+v", r)
		}
		if s := r.String("en"); s != "Audit log intact: 5001 rows checked, chain head at seq 5001." {
			t.Errorf("en verdict %q", s)
		}
	})
}

func TestAudit49a_ChangedFieldNamesItsSeq(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seedAudit(t, db, 20)
		unlockAudit(t, db)
		tamper(t, db, "UPDATE audit_log SET actor = $1 WHERE seq = 7", "clerk99")
		wantBroken(t, db, store.FaultHash, 7, "hash mismatch")
		if s := verify(t, db).String("en"); !strings.Contains(s, "first break at seq 7: hash mismatch") {
			t.Errorf("en verdict %q", s)
		}
	})
}

func TestAudit49b_DeletedMiddleRowIsAGap(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seedAudit(t, db, 20)
		unlockAudit(t, db)
		tamper(t, db, "DELETE FROM audit_log WHERE seq = 10")
		wantBroken(t, db, store.FaultGap, 10, "missing seq 10 (gap)")
	})
}

func TestAudit49c_ForgedRowIsDetected(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seedAudit(t, db, 20)
		// Appending needs no trigger removed: the application role may INSERT.
		forged := auditEntry(20)
		forged.Seq, forged.PrevHash = 21, hashAt(t, db, 20)
		insertForged(t, db, &forged)
		wantBroken(t, db, store.FaultHead, 21, "head says seq 20 but log ends at 21")
		// A replacement for row 10 with a correct hash of its own still breaks row 11's link.
		unlockAudit(t, db)
		tamper(t, db, "DELETE FROM audit_log WHERE seq IN (10, 21)")
		forged = auditEntry(9)
		forged.Seq, forged.PrevHash, forged.Actor = 10, hashAt(t, db, 9), "clerk99"
		insertForged(t, db, &forged)
		wantBroken(t, db, store.FaultLink, 11, "prev_hash does not match the hash of seq 10")
	})
}

func TestAudit49d_ReorderedRowsAreDetected(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seedAudit(t, db, 20)
		unlockAudit(t, db)
		tamper(t, db, "UPDATE audit_log SET seq = -seq WHERE seq IN (5, 6)")
		tamper(t, db, "UPDATE audit_log SET seq = 6 WHERE seq = -5")
		tamper(t, db, "UPDATE audit_log SET seq = 5 WHERE seq = -6")
		wantBroken(t, db, store.FaultLink, 5, "prev_hash does not match the hash of seq 4")
	})
}

func TestAudit49e_CutTailIsDetectedByHead(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seedAudit(t, db, 20)
		unlockAudit(t, db)
		tamper(t, db, "DELETE FROM audit_log WHERE seq > 17")
		wantBroken(t, db, store.FaultHead, 18, "head says seq 20 but log ends at 17")
		tamper(t, db, "DELETE FROM audit_log")
		wantBroken(t, db, store.FaultHead, 1, "head says seq 20 but log ends at 0")
		tamper(t, db, "DELETE FROM audit_head")
		wantBroken(t, db, store.FaultHead, 1, "audit_head row is missing")
	})
}

func TestAudit49f_ApplicationCannotUpdateOrDelete(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedAudit(t, db, 5)
		stmts := []string{
			"UPDATE audit_log SET actor = 'x' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 5",
			"DELETE FROM audit_log", "UPDATE audit_head SET seq = seq - 1", "UPDATE audit_head SET seq = seq + 2",
			"DELETE FROM audit_head",
		}
		if db.Engine == store.Postgres {
			stmts = append(stmts, "TRUNCATE audit_log", "TRUNCATE audit_head")
		}
		for _, s := range stmts {
			err := db.Write(ctx, func(tx *store.Tx) error { _, err := tx.ExecContext(ctx, s); return err })
			if !errors.Is(err, bianmin.ErrReadOnly) {
				t.Errorf("%s: got %v, want ErrReadOnly", s, err)
			}
		}
		if r := verify(t, db); !r.OK || r.Rows != 5 {
			t.Errorf("after refused changes: %+v", r)
		}
	})
}

// Production runs the application under a role like this one, with INSERT and
// SELECT on audit_log and nothing more there; migrations run under the owner.
// The grants refuse UPDATE and DELETE even with the triggers disabled.
func TestAudit49f_PostgresAppRoleIsDeniedByGrants(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		if engine != store.Postgres {
			continue
		}
		ctx := context.Background()
		dsn := testutil.MustDSN(t, store.Postgres)
		owner, err := store.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { owner.Close() })
		seedAudit(t, owner, 3)
		b := make([]byte, 6)
		rand.Read(b)
		role := "bianmin_app_" + hex.EncodeToString(b)
		tamper(t, owner, "CREATE ROLE "+role+" LOGIN")
		t.Cleanup(func() {
			owner.RawWriter().Exec("DROP OWNED BY " + role)
			owner.RawWriter().Exec("DROP ROLE " + role)
		})
		tamper(t, owner, "GRANT SELECT, INSERT ON audit_log, centres TO "+role)
		tamper(t, owner, "GRANT SELECT, UPDATE ON audit_head TO "+role)
		tamper(t, owner, "GRANT SELECT ON schema_migrations TO "+role)
		// store.Open always runs Migrate, whose CREATE TABLE IF NOT EXISTS needs
		// CREATE on the schema even when the table exists: grant it for the open only.
		tamper(t, owner, "GRANT CREATE ON SCHEMA public TO "+role)
		u, _ := url.Parse(dsn)
		u.User = url.User(role)
		app, err := store.Open(ctx, u.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { app.Close() })
		tamper(t, owner, "REVOKE CREATE ON SCHEMA public FROM "+role)
		unlockAudit(t, owner)
		err = app.Write(ctx, func(tx *store.Tx) error {
			return store.AppendAudit(ctx, tx, &bianmin.AuditEntry{Actor: "system", Action: "test.append"})
		})
		if err != nil {
			t.Fatalf("app role cannot append: %v", err)
		}
		for _, s := range []string{"UPDATE audit_log SET actor = 'x' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 3", "TRUNCATE audit_log"} {
			err := app.Write(ctx, func(tx *store.Tx) error { _, err := tx.ExecContext(ctx, s); return err })
			if !errors.Is(err, bianmin.ErrReadOnly) || !strings.Contains(err.Error(), "permission denied") {
				t.Errorf("%s as %s: got %v, want permission denied as ErrReadOnly", s, role, err)
			}
		}
		if r := verify(t, app); !r.OK || r.Rows != 4 {
			t.Errorf("after denied changes: %+v", r)
		}
	}
}

func TestAudit49g_FailedAuditWriteRollsBackBusinessChange(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedAudit(t, db, 20)
		createCentre := func(code string) error {
			return db.Write(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO centres (region_code, name, created_at) VALUES ($1, $2, $3)", code, "测试中心", tx.Now)
				if err != nil {
					return err
				}
				return store.AppendAudit(ctx, tx, &bianmin.AuditEntry{Actor: "system", Action: "centre.create", ObjectID: code})
			})
		}
		centreExists := func(code string) bool {
			var n int
			if err := db.RawWriter().QueryRow("SELECT count(*) FROM centres WHERE region_code = $1", code).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n > 0
		}
		// A row already holding the next seq makes the audit insert break the primary key.
		squatter := auditEntry(20)
		squatter.Seq = 21
		insertForged(t, db, &squatter)
		if err := createCentre("110101000001"); !errors.Is(err, bianmin.ErrConflict) || centreExists("110101000001") {
			t.Errorf("audit insert conflict: got %v, centre kept %v", err, centreExists("110101000001"))
		}
		// Without a chain head no append can happen, so no business change either.
		unlockAudit(t, db)
		tamper(t, db, "DELETE FROM audit_head")
		if err := createCentre("110101000002"); !errors.Is(err, bianmin.ErrNotFound) || centreExists("110101000002") {
			t.Errorf("missing head: got %v, centre kept %v", err, centreExists("110101000002"))
		}
	})
}

// flip changes one byte (or one bit of a number or timestamp) of a column in
// one row and returns the original value for restoring it.
func flip(t *testing.T, db *store.DB, rng *mrand.Rand, col string, seq int64) (orig any, ok bool) {
	q := "SELECT " + col + " FROM audit_log WHERE seq = $1"
	var bad any
	switch col {
	case "centre_id", "actor_id", "policy_version":
		var n sql.NullInt64
		scanOne(t, db, q, seq, &n)
		orig, bad = any(nil), n.Int64^(1<<rng.IntN(8))
		if n.Valid {
			orig = n.Int64
		}
	case "at":
		var at time.Time
		scanOne(t, db, q, seq, &at)
		orig, bad = at.UTC(), at.UTC().Add(time.Microsecond<<rng.IntN(8))
	default:
		var s string
		scanOne(t, db, q, seq, &s)
		var ascii []int // ASCII bytes only, so the text stays valid UTF-8
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x20 && s[i] < 0x7f {
				ascii = append(ascii, i)
			}
		}
		if len(ascii) == 0 {
			return nil, false
		}
		b := []byte(s)
		b[ascii[rng.IntN(len(ascii))]] ^= 0x01
		orig, bad = s, string(b)
	}
	tamper(t, db, "UPDATE audit_log SET "+col+" = $1 WHERE seq = $2", bad, seq)
	return orig, true
}

func scanOne(t *testing.T, db *store.DB, q string, seq int64, dest any) {
	t.Helper()
	if err := db.RawWriter().QueryRow(q, seq).Scan(dest); err != nil {
		t.Fatal(err)
	}
}

func TestAuditTamperCampaignFindsEveryFlip(t *testing.T) {
	cols := []string{"at", "centre_id", "actor_id", "actor", "role", "source", "action", "object_type", "object_id",
		"before_json", "after_json", "result", "rule_id", "policy_version", "request_id", "prev_hash", "hash"}
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		seed := uint64(time.Now().UnixNano())
		t.Logf("campaign seed %d", seed)
		rng := mrand.New(mrand.NewPCG(seed, 0))
		seedAudit(t, db, 250)
		unlockAudit(t, db)
		for _, p := range rng.Perm(250)[:200] {
			seq := int64(p + 1)
			for c := rng.IntN(len(cols)); ; c = (c + 1) % len(cols) {
				orig, ok := flip(t, db, rng, cols[c], seq)
				if !ok {
					continue // e.g. the empty prev_hash of seq 1
				}
				if r := verify(t, db); r.OK || r.FirstBroken != seq {
					t.Fatalf("flip in %s of seq %d: got %+v", cols[c], seq, r)
				}
				tamper(t, db, "UPDATE audit_log SET "+cols[c]+" = $1 WHERE seq = $2", orig, seq)
				break
			}
		}
		if r := verify(t, db); !r.OK || r.Rows != 250 {
			t.Fatalf("after restoring every flip: %+v", r)
		}
	})
}

func TestAuditConcurrentAppendsStayGapless(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 50 {
					e := auditEntry(g*50 + i)
					if err := db.Write(ctx, func(tx *store.Tx) error { return store.AppendAudit(ctx, tx, &e) }); err != nil {
						t.Errorf("goroutine %d append %d: %v", g, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		var n, lo, hi int64
		if err := db.RawWriter().QueryRow("SELECT count(*), min(seq), max(seq) FROM audit_log").Scan(&n, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if n != 400 || lo != 1 || hi != 400 {
			t.Fatalf("%d rows, seq %d..%d; want 400 rows, 1..400", n, lo, hi)
		}
		if r := verify(t, db); !r.OK || r.Rows != 400 {
			t.Fatalf("chain after concurrent appends: %+v", r)
		}
	})
}

func TestSearchAuditFiltersWithinScope(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedAudit(t, db, 60)                                                                       // seq i+1 at auditBase+i min
		appendOne(t, db, bianmin.AuditEntry{Actor: "li_si", Action: "system.start", Result: "ok"}) // seq 61, no centre
		appendOne(t, db, bianmin.AuditEntry{CentreID: 1, Actor: "lixsi", Action: "Case.odd"})      // seq 62
		all := []int64{1, 2, 3}
		cases := []struct {
			name  string
			f     store.AuditFilter
			total int
			first int64 // seq of the newest match
		}{
			{"empty scope matches nothing", store.AuditFilter{}, 0, 0},
			{"one centre", store.AuditFilter{Centres: []int64{1}}, 21, 62},
			{"unknown centre", store.AuditFilter{Centres: []int64{99}}, 0, 0},
			{"no-centre rows only when asked", store.AuditFilter{NoCentre: true}, 1, 61},
			{"time range, From inclusive", store.AuditFilter{Centres: all, From: auditBase.Add(10 * time.Minute),
				To: auditBase.Add(20 * time.Minute)}, 10, 20},
			{"actor substring, any case", store.AuditFilter{Centres: all, Actor: "RK03"}, 12, 59},
			{"underscore is literal", store.AuditFilter{Centres: all, NoCentre: true, Actor: "i_s"}, 1, 61},
			{"quote is data", store.AuditFilter{Centres: all, Actor: "x' OR '1'='1"}, 0, 0},
			{"actor id", store.AuditFilter{Centres: all, ActorID: 2}, 12, 57},
			{"action prefix is case-sensitive", store.AuditFilter{Centres: all, ActionPrefix: "case."}, 40, 59},
			{"object", store.AuditFilter{Centres: all, ObjectType: "case", ObjectID: "C-3"}, 9, 60},
			{"result", store.AuditFilter{Centres: []int64{2}, Result: bianmin.ResultDenied}, 20, 59},
			{"rule", store.AuditFilter{Centres: all, RuleID: "R1.2"}, 15, 59},
		}
		for _, c := range cases {
			got, total, err := store.SearchAudit(ctx, db, c.f)
			if err != nil || total != c.total || len(got) != min(total, store.DefaultAuditLimit) {
				t.Errorf("%s: %d of %d rows, err %v; want %d", c.name, len(got), total, err, c.total)
				continue
			}
			for i, e := range got {
				if i == 0 && e.Seq != c.first || i > 0 && e.Seq >= got[i-1].Seq || e.CentreID != 0 && !slices.Contains(all, e.CentreID) {
					t.Errorf("%s: row %d is seq %d (first want %d)", c.name, i, e.Seq, c.first)
				}
			}
		}
		page, total, err := store.SearchAudit(ctx, db, store.AuditFilter{Centres: all, Limit: 5, Offset: 5})
		if err != nil || total != 61 || len(page) != 5 || page[0].Seq != 56 || page[0].Hash == "" || !page[0].At.Equal(auditBase.Add(55*time.Minute)) {
			t.Errorf("page 2: %d of %d, err %v, first %+v", len(page), total, err, page[0])
		}
		for _, f := range []store.AuditFilter{{Centres: all, Limit: -1}, {Centres: all, Offset: -1}, {Centres: all, Result: "bogus"},
			{Centres: all, From: auditBase, To: auditBase.Add(-time.Second)}} {
			if _, _, err := store.SearchAudit(ctx, db, f); bianmin.ErrorCode(err) != bianmin.EINVALID {
				t.Errorf("%+v: got %v, want EINVALID", f, err)
			}
		}
	})
}

func TestAuditByObjectIsOldestFirst(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedAudit(t, db, 30)
		got, err := store.AuditByObject(ctx, db, "case", "C-4")
		if err != nil || len(got) != 4 || got[0].Seq != 5 || got[3].Seq != 26 || got[1].Before != `{"状态":"待受理","n":11}` {
			t.Fatalf("history of C-4: %d rows, err %v", len(got), err)
		}
		if _, err := store.AuditByObject(ctx, db, "", "C-4"); bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("empty object type: got %v", err)
		}
	})
}

func BenchmarkVerifyAudit(b *testing.B) {
	const rows = 100_000
	db := testutil.MustOpenDB(b, store.SQLite, nil)
	seedAudit(b, db, rows)
	b.ResetTimer()
	for b.Loop() {
		if r := verify(b, db); !r.OK || r.Rows != rows {
			b.Fatalf("%+v", r)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
