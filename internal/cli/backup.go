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
` + keyReminder

// keyReminder: sealed ID and phone numbers are unreadable without the key
// file, which no database backup contains (SECURITY.md item 18).
const keyReminder = `请同时妥善备份个人信息密钥文件（--key-file，默认 bianmin.key），没有它无法读取加密的身份证号和手机号。
Also keep a copy of the personal-data key file (--key-file, default bianmin.key): without it sealed ID and phone numbers cannot be read.
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
	fmt.Fprintf(env.Stdout, "备份完成，完整性检查通过 / backup written and integrity-checked: %s\n%s", target, keyReminder)
	return nil
}
