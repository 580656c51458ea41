// Package cli parses bianmin's command line: serve (the default), migrate,
// user, policy, audit, backup and version. Every flag of serve can also be
// set by an environment variable, named in its help text.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"bianmin/internal/bianmin"
)

// Version is set at build time with -ldflags "-X bianmin/internal/cli.Version=…".
var Version = "dev"

// Env is the process's outside world, replaceable in tests.
type Env struct {
	Args           []string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// OSEnv returns the real process environment.
func OSEnv() Env {
	return Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "运行服务器（默认）/ run the server (default)", runServe},
		{"migrate", "应用数据库迁移 / apply database migrations", runMigrate},
		{"user", "账户管理：add, passwd, disable, list / manage accounts", runUser},
		{"policy", "规章参数：print, validate / print or validate the policy", runPolicy},
		{"audit", "审计日志：verify / verify the audit chain", runAudit},
		{"backup", "在线备份数据库 / consistent online backup", runBackup},
		{"version", "显示版本 / print the version", runVersion},
	}
}

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, env Env) int {
	args := env.Args
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" || (len(env.Args) > 0 && (env.Args[0] == "-h" || env.Args[0] == "--help")) {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, env, args)
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				printError(env.Stderr, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(env.Stderr, "未知命令 %q / unknown command %q\n\n", name, name)
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "bianmin — 便民服务中心管理系统 / service centre system\n\nUsage: bianmin <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nbianmin <command> --help shows each command's flags.")
}

// printError shows the safe message in both languages; the internal cause
// follows on its own line for the operator.
func printError(w io.Writer, err error) {
	e := bianmin.AsError(err)
	if e.Code == bianmin.EINTERNAL {
		fmt.Fprintf(w, "错误 / error: %v\n", err)
		return
	}
	fmt.Fprintf(w, "错误：%s%s\nerror: %s%s\n", e.ZH, flagOf(e.Field), e.EN, flagOf(e.Field))
	for _, d := range e.Details {
		if d != e.Details[0] || d.ZH != e.ZH {
			fmt.Fprintf(w, "  - %s / %s%s\n", d.ZH, d.EN, flagOf(d.Field))
		}
	}
	if e.Err != nil {
		fmt.Fprintf(w, "  (%v)\n", e.Err)
	}
}

// fieldFlags names the command-line flag behind a field of a service error.
var fieldFlags = map[string]string{
	"username": "--username", "display_name": "--name", "password": "--password-stdin",
	"grants": "--role", "role": "--role", "centre": "--centre", "region_code": "--centre",
	"name": "--centre-name", "metrics-allow": "--metrics-allow",
}

// flagOf returns " (--flag)" for a field the command line sets, else "".
func flagOf(field string) string {
	if f, ok := fieldFlags[field]; ok {
		return " (" + f + ")"
	}
	return ""
}

// flags makes a flag set whose usage lists the environment variables too.
func flags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// envDefault returns the environment variable's value or the fallback.
func envDefault(env Env, key, fallback string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func envBool(env Env, key string) bool {
	v := strings.ToLower(env.Getenv(key))
	return v == "1" || v == "true" || v == "yes"
}

// defaultDB is a file in a local data directory: $BIANMIN_DATA or ./data.
func defaultDB(env Env) string {
	return filepath.Join(envDefault(env, "BIANMIN_DATA", "data"), "bianmin.db")
}

func dbFlag(fs *flag.FlagSet, env Env) *string {
	return fs.String("db", envDefault(env, "BIANMIN_DB", defaultDB(env)),
		"SQLite file path or postgres:// URL (env BIANMIN_DB; default $BIANMIN_DATA/bianmin.db, BIANMIN_DATA defaults to ./data)")
}

func newLogger(w io.Writer, json bool) *slog.Logger {
	if json {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := flags("version", env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "bianmin", Version)
	return nil
}
