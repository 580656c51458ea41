package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// sqlitePragmas are set on every connection through the DSN, never on the
// pool, so that no pooled connection runs without them (SECURITY.md item 40).
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
	"secure_delete(1)", // SECURITY.md item 20: deleted content is overwritten
}

func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	if writer {
		// Without IMMEDIATE, concurrent writers fail with SQLITE_BUSY despite
		// the busy timeout (DEPENDENCIES.md, traps).
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes the characters that end or alter the path part of a SQLite
// file: URI, so a path with '#' or '?' opens that file and keeps its pragmas.
func uriPath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("store: empty database path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, dsnError("无法创建数据目录。", "Cannot create the data directory.", err)
	}
	lock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, err
	}
	db := &DB{Engine: SQLite, lock: lock, path: path}
	if db.w, err = sql.Open("sqlite", sqliteDSN(path, true)); err != nil {
		db.Close()
		return nil, err
	}
	db.w.SetMaxOpenConns(1) // one writer
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	// The writer creates the file and switches it to WAL before readers open it.
	if err := checkSQLitePragmas(ctx, db.w); err != nil {
		db.Close()
		return nil, err
	}
	if db.r, err = sql.Open("sqlite", sqliteDSN(path, false)); err != nil {
		db.Close()
		return nil, err
	}
	db.r.SetMaxOpenConns(8)
	if err := checkSQLitePragmas(ctx, db.r); err != nil {
		db.Close()
		return nil, err
	}
	db.wcache, db.rcache = newStmtCache(db.w), newStmtCache(db.r)
	return db, nil
}

// checkSQLitePragmas refuses to run when a connection does not have the
// durability settings bianmin promises (SECURITY.md item 40).
func checkSQLitePragmas(ctx context.Context, pool *sql.DB) error {
	want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "secure_delete": "1"}
	for name, v := range want {
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got); err != nil {
			return dsnError("无法打开数据库文件。", "Cannot open the database file.", err)
		}
		if got != v {
			return fmt.Errorf("store: PRAGMA %s = %s, want %s", name, got, v)
		}
	}
	var timeout int
	if err := pool.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout); err != nil || timeout < 5000 {
		return fmt.Errorf("store: PRAGMA busy_timeout = %d, want >= 5000 (%v)", timeout, err)
	}
	return nil
}
