package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

func TestMigrationsSameNumbersOnBothEngines(t *testing.T) {
	s, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != len(p) || len(s) == 0 {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(s), len(p))
	}
	for i := range s {
		if s[i].Version != p[i].Version || s[i].Name != p[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i, s[i].Version, s[i].Name, p[i].Version, p[i].Name)
		}
	}
}

func TestMigrateRecordsAndIsIdempotent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want, _ := store.Migrations(db.Engine)
		got, err := db.AppliedMigrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("applied %v, want %d migrations", got, len(want))
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		again, _ := db.AppliedMigrations(ctx)
		if len(again) != len(got) {
			t.Fatalf("second migrate recorded %v", again)
		}
	})
}

func TestErrorsMapToSentinels(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(code string) error {
			return db.Write(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, "INSERT INTO centres (region_code, name, created_at) VALUES ($1, $2, $3)", code, "测试中心", tx.Now)
				return err
			})
		}
		if err := insert("110105000000"); err != nil {
			t.Fatal(err)
		}
		if err := insert("110105000000"); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("duplicate insert: got %v, want ErrConflict", err)
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO departments (centre_id, name, created_at) VALUES ($1, $2, $3)", 9999, "x", tx.Now)
			return err
		})
		if !errors.Is(err, bianmin.ErrInvalidReference) {
			t.Errorf("bad foreign key: got %v, want ErrInvalidReference", err)
		}
		err = db.Read(ctx, func(tx *store.Tx) error {
			var n int
			return tx.QueryRowContext(ctx, "SELECT id FROM centres WHERE region_code = $1", "nope").Scan(&n)
		})
		if !errors.Is(err, bianmin.ErrNotFound) || bianmin.ErrorCode(err) != bianmin.ENOTFOUND {
			t.Errorf("no rows: got %v, want ErrNotFound", err)
		}
	})
}

func TestWriteRollsBackOnError(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		committed := false
		err := db.Write(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { committed = true })
			if _, err := tx.ExecContext(ctx, "INSERT INTO centres (region_code, name, created_at) VALUES ('1', 'x', $1)", tx.Now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		if committed {
			t.Error("after-commit hook ran after a rollback")
		}
		var n int
		db.Read(ctx, func(tx *store.Tx) error { return tx.QueryRowContext(ctx, "SELECT count(*) FROM centres").Scan(&n) })
		if n != 0 {
			t.Errorf("%d centres left after rollback", n)
		}
	})
}

func TestSQLiteRefusesSecondProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.db")
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = store.Open(context.Background(), path, nil)
	if err == nil || !strings.Contains(bianmin.AsError(err).EN, "already in use") {
		t.Fatalf("second open: got %v, want 'already in use'", err)
	}
}

func TestSQLitePragmasOnEveryConnection(t *testing.T) {
	db := testutil.MustOpenDB(t, store.SQLite, nil)
	ctx := context.Background()
	// Several concurrent readers force the pool to open several connections.
	for i := 0; i < 4; i++ {
		err := db.Read(ctx, func(tx *store.Tx) error {
			var fk, sync int
			var mode string
			if err := tx.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
				return err
			}
			if fk != 1 || sync != 2 || mode != "wal" {
				t.Errorf("foreign_keys=%d synchronous=%d journal_mode=%s", fk, sync, mode)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
