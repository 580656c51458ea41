package cli_test

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// runningApp starts the server on db in-process, as `serve` does, and stops
// it when the test ends.
func runningApp(t *testing.T, db string) *app.App {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, app.Config{DB: db}, nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		cancel()
		a.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, "", "") }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return a
}

// TestBackupWhileServing: the backup of a database a running server holds
// is a consistent copy that opens, passes the integrity check and holds the
// same accounts; an existing target is never overwritten.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bianmin.db")
	a := runningApp(t, db)
	ctx := context.Background()
	err := a.Service.Setup(ctx, bianmin.Centre{RegionCode: region, Name: centreName},
		service.NewUser{Username: "chief", DisplayName: "张主任", Password: adminPW})
	if err != nil {
		t.Fatal(err)
	}
	centres, err := a.Service.AllCentres(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clerk1", "clerk2"} {
		_, err := a.Service.CreateUser(ctx, bianmin.SystemActor("test"), service.NewUser{CentreID: centres[0].ID,
			Username: name, DisplayName: "窗口人员", Password: "Lx9#qWe4rTy8uI",
			Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: centres[0].ID}}})
		if err != nil {
			t.Fatal(err)
		}
	}

	out := filepath.Join(dir, "copies", "copy.db")
	r := mustRun(t, 0, nil, "", "backup", "--db", db, "--out", out)
	contains(t, "backup", r.stdout, "integrity-checked", out)
	if resp, err := http.Get(a.URL() + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the server stopped answering during the backup: %v %v", resp, err)
	}

	raw, err := sql.Open("sqlite", "file:"+out+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	var users int
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check of the copy = %q (%v)", check, err)
	}
	if err := raw.QueryRow("SELECT count(*) FROM users").Scan(&users); err != nil || users != 3 {
		t.Errorf("the copy holds %d users (%v), want 3", users, err)
	}
	raw.Close()
	copySvc := openSvc(t, out) // opens as a bianmin database: migrations, pragmas, policies
	list, err := copySvc.ListUsers(ctx, bianmin.SystemActor("test"))
	if err != nil || len(list) != 3 {
		t.Errorf("the restored copy lists %d users (%v), want 3", len(list), err)
	}
	copySvc.DB.Close()

	info, _ := os.Stat(out)
	r = mustRun(t, 1, nil, "", "backup", "--db", db, "--out", out)
	contains(t, "stderr", r.stderr, "备份文件已存在", "already exists")
	if again, _ := os.Stat(out); again.ModTime() != info.ModTime() || again.Size() != info.Size() {
		t.Error("a refused backup changed the existing file")
	}

	// Without --out the copy goes to <data dir>/backup/bianmin-<time>.db.
	r = mustRun(t, 0, nil, "", "backup", "--db", db)
	matches, _ := filepath.Glob(filepath.Join(dir, "backup", "bianmin-*.db"))
	if len(matches) != 1 || !strings.Contains(r.stdout, matches[0]) {
		t.Errorf("default backup: files %v, output %q", matches, r.stdout)
	}
}

func TestBackupMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	r := mustRun(t, 1, nil, "", "backup", "--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "copy.db"))
	contains(t, "stderr", r.stderr, "数据库文件不存在", "No database file")
}

// TestBackupPostgresPrintsPgDump: on PostgreSQL backup is pg_dump's job;
// the route is printed without the URL, whose password must not leak.
func TestBackupPostgresPrintsPgDump(t *testing.T) {
	env := map[string]string{"BIANMIN_DB": "postgres://bianmin:s3cretPW@db.example/bianmin?sslmode=verify-full"}
	start := time.Now()
	r := mustRun(t, 0, env, "", "backup")
	contains(t, "stdout", r.stdout, "pg_dump --format=custom", "pg_restore", "$BIANMIN_DB", "date +%Y%m%d")
	if strings.Contains(r.out(), "s3cretPW") || strings.Contains(r.out(), "db.example") {
		t.Errorf("backup printed the database URL:\n%s", r.out())
	}
	if time.Since(start) > 5*time.Second {
		t.Error("backup tried to reach the PostgreSQL server")
	}
}
