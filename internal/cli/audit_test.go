package cli_test

import (
	"database/sql"
	"regexp"
	"strconv"
	"testing"

	_ "modernc.org/sqlite"
)

var rowsChecked = regexp.MustCompile(`Audit log intact: (\d+) rows checked, chain head at seq (\d+)\.`)

// TestAuditVerifyHealthy: after audited actions the chain verifies.
func TestAuditVerifyHealthy(t *testing.T) {
	db := withAdmin(t)
	mustRun(t, 0, nil, "", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚", "--role", "clerk")
	mustRun(t, 0, nil, "", "user", "disable", "--db", db, "--username", "clerk1")
	r := mustRun(t, 0, nil, "", "audit", "verify", "--db", db)
	contains(t, "audit verify", r.stdout, "审计日志完整")
	r = mustRun(t, 0, nil, "", "audit", "verify", "--db", db, "--lang", "en")
	m := rowsChecked.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("audit verify --lang en printed %q", r.stdout)
	}
	rows, _ := strconv.Atoi(m[1])
	want := dbState(t, db)["audit_log"]
	if rows != want || m[2] != m[1] || rows < 5 {
		t.Errorf("verified %s rows up to seq %s; the log has %d rows (want at least 5: seed, setup, users, disable)", m[1], m[2], want)
	}
}

// TestAuditVerifyNamesFirstBrokenLink: a row changed behind the
// application's back (its trigger dropped first, as an attacker with file
// access would) makes verify fail and name that row's seq, the first of two.
func TestAuditVerifyNamesFirstBrokenLink(t *testing.T) {
	db := withAdmin(t)
	mustRun(t, 0, nil, "", "user", "add", "--db", db, "--username", "clerk1", "--name", "林晓岚", "--role", "clerk")
	mustRun(t, 0, nil, "", "user", "disable", "--db", db, "--username", "clerk1")

	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE audit_log SET result = 'denied' WHERE seq = 3"); err == nil {
		t.Fatal("the audit_log trigger let an UPDATE through")
	}
	for _, q := range []string{
		"DROP TRIGGER audit_log_no_update",
		"UPDATE audit_log SET result = 'denied' WHERE seq = 3",
		"UPDATE audit_log SET action = 'user.enable' WHERE seq = 5",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	r := mustRun(t, 1, nil, "", "audit", "verify", "--db", db, "--lang", "en")
	contains(t, "stdout", r.stdout, "Audit log TAMPERED: first break at seq 3:", "hash mismatch")
	contains(t, "stderr", r.stderr, "审计链已损坏", "The audit chain is broken")
	r = mustRun(t, 1, nil, "", "audit", "verify", "--db", db)
	contains(t, "stdout", r.stdout, "审计日志已被篡改：首个异常位于 seq 3")
}
