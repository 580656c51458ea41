package cli_test

import (
	"fmt"
	"strings"
	"testing"

	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestMigrate: migrate prints how many migrations are applied, on SQLite and
// (with BIANMIN_TEST_PG) PostgreSQL; a second run changes nothing and
// succeeds; the database then serves the other commands.
func TestMigrate(t *testing.T) {
	for _, e := range testutil.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			ms, err := store.Migrations(e)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%d migrations applied (latest %04d)", len(ms), ms[len(ms)-1].Version)
			dsn := testutil.MustDSN(t, e)
			for range 2 {
				r := mustRun(t, 0, nil, "", "migrate", "--db", dsn)
				contains(t, "migrate", r.stdout, "数据库已是最新", want)
			}
			mustRun(t, 0, nil, adminPW+"\n", "user", "add", "--db", dsn, "--username", "chief", "--name", "张主任",
				"--centre", region, "--centre-name", centreName, "--password-stdin")
			contains(t, "user list", mustRun(t, 0, nil, "", "user", "list", "--db", dsn).stdout, "chief", "secadmin")
			contains(t, "audit verify", mustRun(t, 0, nil, "", "audit", "verify", "--db", dsn).stdout, "审计日志完整")
		})
	}
}

// TestMigrateUnreachablePostgres: a PostgreSQL that does not answer is an
// error in both languages that never shows the URL's password.
func TestMigrateUnreachablePostgres(t *testing.T) {
	r := mustRun(t, 1, nil, "", "migrate", "--db", "postgres://bianmin:s3cretPW@127.0.0.1:1/bianmin?sslmode=disable&connect_timeout=2")
	contains(t, "stderr", r.stderr, "无法连接 PostgreSQL 数据库", "Cannot connect to the PostgreSQL database")
	if strings.Contains(r.out(), "s3cretPW") {
		t.Errorf("the error shows the database password:\n%s", r.out())
	}
}
