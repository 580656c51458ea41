package cli

import (
	"context"
	"fmt"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

func runAudit(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(env.Stdout, "Usage: bianmin audit verify [--db …]   check every link of the audit hash chain; names the first broken link")
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			return nil
		}
		return bianmin.Errorf(bianmin.EINVALID, "未知子命令 audit "+args[0], "unknown subcommand audit "+args[0])
	}
	fs := flags("audit verify", env)
	dsn := dbFlag(fs, env)
	lang := fs.String("lang", "zh", "report language: zh or en")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := store.VerifyAudit(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, report.String(*lang))
	if !report.OK {
		return bianmin.Errorf(bianmin.ECONFLICT, "审计链已损坏。", "The audit chain is broken.")
	}
	return nil
}
