package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// These benchmarks measure SECURITY.md item 49's "insert overhead p99 ≤ 1 ms"
// against the engine's own limit: BenchmarkRawCommit is one durable
// single-row commit, BenchmarkAuditAppend a transaction that writes one audit
// row through store.Audit, and BenchmarkAuditOverhead the two interleaved on
// one database so that both see the same load on a shared machine. Besides
// ns/op they report the p50 and p99 of the per-transaction latency and of the
// time spent inside store.Audit (what an audit row adds to a business
// transaction before its commit). docs/BENCHMARKS.md has the commands and
// figures. BenchmarkVerifyAudit is in audit_test.go.

// latencies records one duration per iteration and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B, prefix string) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	at := func(q float64) float64 {
		i := int(float64(len(s))*q+0.999999) - 1
		return float64(s[max(0, min(i, len(s)-1))].Nanoseconds())
	}
	b.ReportMetric(at(0.50), prefix+"p50-ns")
	b.ReportMetric(at(0.99), prefix+"p99-ns")
}

// logVersion names the engine version beside the figures.
func logVersion(b *testing.B, db *store.DB) {
	q := "SELECT sqlite_version()"
	if db.Engine == store.Postgres {
		q = "SHOW server_version"
	}
	var v string
	if err := db.RawWriter().QueryRow(q).Scan(&v); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s %s", db.Engine, v)
}

// benchPayload is about as long as a typical audit row's text columns.
var benchPayload = `{"状态":"已受理","事项":"营业执照变更登记","窗口":"A03","n":` + strings.Repeat("0", 120) + `}`

// rawCommit commits one row of the scratch table in its own transaction.
func rawCommit(ctx context.Context, db *store.DB, id int64) (time.Duration, error) {
	start := time.Now()
	err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO bench_raw (id, at, body) VALUES ($1, $2, $3)",
			id, tx.Now, benchPayload)
		return err
	})
	return time.Since(start), err
}

func createScratch(b *testing.B, db *store.DB) {
	err := db.Exec(context.Background(), `CREATE TABLE bench_raw (
		id   BIGINT    NOT NULL PRIMARY KEY,
		at   TIMESTAMP NOT NULL,
		body TEXT      NOT NULL)`)
	if err != nil {
		b.Fatal(err)
	}
}

var benchActor = &bianmin.Actor{UserID: 7, Username: "clerk07", Role: bianmin.RoleClerk, Source: "10.0.0.7",
	Scope: bianmin.Scope{Centres: []int64{1}}}

// auditCommit commits the i-th audit row through store.Audit in its own
// transaction; it returns the whole transaction's time and the time spent
// inside store.Audit.
func auditCommit(ctx context.Context, db *store.DB, i int) (txTime, auditTime time.Duration, err error) {
	e := auditEntry(i)
	e.After = benchPayload
	a := *benchActor
	a.RequestID = fmt.Sprintf("req-%d", i)
	start := time.Now()
	err = db.Write(ctx, func(tx *store.Tx) error {
		s := time.Now()
		err := store.Audit(ctx, tx, &a, e)
		auditTime = time.Since(s)
		return err
	})
	return time.Since(start), auditTime, err
}

func checkCounts(b *testing.B, db *store.DB, raw, audit int) {
	ctx := context.Background()
	if raw >= 0 {
		var n int
		if err := db.RawWriter().QueryRowContext(ctx, "SELECT COUNT(*) FROM bench_raw").Scan(&n); err != nil || n != raw {
			b.Fatalf("%d raw rows committed, want %d (%v)", n, raw, err)
		}
	}
	if audit >= 0 {
		if r, err := store.VerifyAudit(ctx, db); err != nil || !r.OK || r.Rows != int64(audit) {
			b.Fatalf("chain after benchmark: %+v (%v), want %d intact rows", r, err, audit)
		}
	}
}

// BenchmarkRawCommit is the engine's own limit: one single-row INSERT per
// durable transaction through db.Write, nothing else.
func BenchmarkRawCommit(b *testing.B) {
	ctx := context.Background()
	for _, engine := range testutil.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			db := testutil.MustOpenDB(b, engine, nil)
			logVersion(b, db)
			createScratch(b, db)
			var lat latencies
			var id int64
			for b.Loop() {
				id++
				d, err := rawCommit(ctx, db, id)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, d)
			}
			lat.report(b, "tx-")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
			b.StopTimer()
			checkCounts(b, db, b.N, -1)
		})
	}
}

// BenchmarkAuditAppend is one audit row per durable transaction through
// store.Audit inside db.Write.
func BenchmarkAuditAppend(b *testing.B) {
	ctx := context.Background()
	for _, engine := range testutil.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			db := testutil.MustOpenDB(b, engine, nil)
			var txLat, auditLat latencies
			i := 0
			for b.Loop() {
				txTime, auditTime, err := auditCommit(ctx, db, i)
				if err != nil {
					b.Fatal(err)
				}
				i++
				txLat, auditLat = append(txLat, txTime), append(auditLat, auditTime)
			}
			txLat.report(b, "tx-")
			auditLat.report(b, "audit-")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
			b.StopTimer()
			checkCounts(b, db, -1, b.N)
		})
	}
}

// BenchmarkAuditOverhead pairs the two on one database: every iteration
// commits one raw row and one audit row, alternating which goes first, so
// that both see the same load on a shared machine. ns/op is the pair.
func BenchmarkAuditOverhead(b *testing.B) {
	ctx := context.Background()
	for _, engine := range testutil.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			db := testutil.MustOpenDB(b, engine, nil)
			createScratch(b, db)
			var rawLat, txLat, auditLat latencies
			i := 0
			for b.Loop() {
				var raw, txTime, auditTime time.Duration
				var err1, err2 error
				if i%2 == 0 {
					raw, err1 = rawCommit(ctx, db, int64(i+1))
					txTime, auditTime, err2 = auditCommit(ctx, db, i)
				} else {
					txTime, auditTime, err2 = auditCommit(ctx, db, i)
					raw, err1 = rawCommit(ctx, db, int64(i+1))
				}
				if err1 != nil || err2 != nil {
					b.Fatal(err1, err2)
				}
				i++
				rawLat, txLat, auditLat = append(rawLat, raw), append(txLat, txTime), append(auditLat, auditTime)
			}
			rawLat.report(b, "raw-tx-")
			txLat.report(b, "audit-tx-")
			auditLat.report(b, "audit-")
			b.StopTimer()
			checkCounts(b, db, b.N, b.N)
		})
	}
}
