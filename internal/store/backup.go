package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"bianmin/internal/bianmin"
)

// BackupSQLite writes a consistent copy of a live SQLite database with
// VACUUM INTO. It reads through its own read-only connection, without the
// instance lock, so it runs while the server is up (WAL readers never block
// the writer), then checks the copy's integrity.
func BackupSQLite(ctx context.Context, path, target string) error {
	if _, err := os.Stat(path); err != nil {
		return bianmin.Errorf(bianmin.ENOTFOUND, "数据库文件不存在："+path, "No database file at "+path).Wrap(err)
	}
	if _, err := os.Stat(target); err == nil {
		return bianmin.Errorf(bianmin.ECONFLICT, "备份文件已存在："+target, "The backup file already exists: "+target)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return err
	}
	src, err := sql.Open("sqlite", "file:"+uriPath(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, "VACUUM INTO $1", target); err != nil {
		return fmt.Errorf("store: backup: %w", mapErr(err))
	}
	return checkIntegrity(ctx, target)
}

// checkIntegrity runs PRAGMA integrity_check on a SQLite file.
func checkIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("store: backup integrity check: %s", res)
	}
	return nil
}
