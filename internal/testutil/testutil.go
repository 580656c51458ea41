// Package testutil opens real databases for tests: SQLite in a temporary
// directory always, and PostgreSQL when BIANMIN_TEST_PG names a server
// (a postgres:// URL whose user may create databases). `.ci/run` starts a
// PostgreSQL server and sets it, so CI runs every store test on both engines.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// Engines returns the engines to test on: SQLite, plus PostgreSQL when
// BIANMIN_TEST_PG is set. With BIANMIN_REQUIRE_PG=1 a missing server fails
// the test instead of being left out.
func Engines(tb testing.TB) []store.Engine {
	if os.Getenv("BIANMIN_TEST_PG") != "" {
		return []store.Engine{store.SQLite, store.Postgres}
	}
	if os.Getenv("BIANMIN_REQUIRE_PG") == "1" {
		tb.Fatal("BIANMIN_REQUIRE_PG=1 but BIANMIN_TEST_PG is not set")
	}
	return []store.Engine{store.SQLite}
}

// ForEachEngine runs fn as a subtest on a fresh, migrated database of every engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			fn(t, MustOpenDB(t, e, nil))
		})
	}
}

// MustOpenDB opens a fresh, migrated database of the engine; it is closed
// (and on PostgreSQL dropped) when the test ends.
func MustOpenDB(tb testing.TB, e store.Engine, clock bianmin.Clock) *store.DB {
	tb.Helper()
	dsn := MustDSN(tb, e)
	db, err := store.Open(context.Background(), dsn, clock)
	if err != nil {
		tb.Fatalf("open %s: %v", e, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustDSN returns the DSN of a new, empty database of the engine.
func MustDSN(tb testing.TB, e store.Engine) string {
	tb.Helper()
	if e == store.SQLite {
		return filepath.Join(tb.TempDir(), "bianmin.db")
	}
	base := os.Getenv("BIANMIN_TEST_PG")
	if base == "" {
		tb.Fatal("BIANMIN_TEST_PG is not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := "bianmin_test_" + randomHex(6)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
