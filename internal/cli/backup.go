package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// pgDumpRoute is the documented PostgreSQL backup: pg_dump takes a
// consistent snapshot of a live database by itself.
const pgDumpRoute = `PostgreSQL：请使用 pg_dump 做一致性在线备份 / PostgreSQL: use pg_dump for a consistent online backup:
  pg_dump --format=custom --file=bianmin-$(date +%%Y%%m%%d).dump "%s"
恢复 / restore:
  pg_restore --clean --dbname="<target database URL>" bianmin-YYYYMMDD.dump
`

func runBackup(ctx context.Context, env Env, args []string) error {
	fs := flags("backup", env)
	dsn := dbFlag(fs, env)
	out := fs.String("out", "", "backup file to write (default: <data dir>/backup/bianmin-YYYYMMDD-HHMMSS.db)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if store.IsPostgres(*dsn) {
		fmt.Fprintf(env.Stdout, pgDumpRoute, "$BIANMIN_DB")
		return nil
	}
	target := *out
	if target == "" {
		target = filepath.Join(filepath.Dir(*dsn), "backup", "bianmin-"+time.Now().In(bianmin.Shanghai).Format("20060102-150405")+".db")
	}
	if err := store.BackupSQLite(ctx, *dsn, target); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "备份完成，完整性检查通过 / backup written and integrity-checked: %s\n", target)
	return nil
}
