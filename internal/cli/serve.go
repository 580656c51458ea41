package cli

import (
	"context"
	"fmt"
	"net/netip"
	"os/signal"
	"strings"
	"syscall"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs := flags("serve", env)
	addr := fs.String("addr", envDefault(env, "BIANMIN_ADDR", "127.0.0.1:8080"), "listen address HOST:PORT (env BIANMIN_ADDR)")
	db := dbFlag(fs, env)
	demo := fs.Bool("demo", envBool(env, "BIANMIN_DEMO"), "load the demo street centre and print its one-time passwords (env BIANMIN_DEMO=1)")
	testClock := fs.Bool("test-clock", envBool(env, "BIANMIN_TEST_CLOCK"), "enable /api/v1/test/clock to set the server's time, for acceptance tests only (env BIANMIN_TEST_CLOCK=1)")
	cert := fs.String("tls-cert", env.Getenv("BIANMIN_TLS_CERT"), "TLS certificate file for HTTPS (env BIANMIN_TLS_CERT)")
	key := fs.String("tls-key", env.Getenv("BIANMIN_TLS_KEY"), "TLS key file (env BIANMIN_TLS_KEY)")
	policyFile := fs.String("policy", env.Getenv("BIANMIN_POLICY"), "policy YAML file to validate and apply at start (env BIANMIN_POLICY)")
	logJSON := fs.Bool("log-json", envBool(env, "BIANMIN_LOG_JSON"), "JSON logs (env BIANMIN_LOG_JSON=1)")
	metrics := fs.String("metrics-allow", envDefault(env, "BIANMIN_METRICS_ALLOW", "127.0.0.0/8,::1/128"), "comma-separated networks allowed to read /metrics (env BIANMIN_METRICS_ALLOW)")
	keyFile := fs.String("key-file", env.Getenv("BIANMIN_KEY_FILE"), "master key of personal data, created on first start (env BIANMIN_KEY_FILE; default bianmin.key beside the SQLite file or in $BIANMIN_DATA); every instance of one database needs the same file")
	sms := fs.String("sms-webhook", env.Getenv("BIANMIN_SMS_WEBHOOK"), "URL of an SMS gateway webhook for messages to applicants (env BIANMIN_SMS_WEBHOOK; empty records them for staff only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return bianmin.Errorf(bianmin.EINVALID, "--tls-cert 与 --tls-key 必须同时提供。", "--tls-cert and --tls-key must be given together.")
	}
	allow, err := parsePrefixes(*metrics)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := newLogger(env.Stderr, *logJSON)
	a, err := app.Open(ctx, app.Config{
		Addr: *addr, DB: *db, Demo: *demo, TestClock: *testClock, TLSCert: *cert, TLSKey: *key,
		PolicyFile: *policyFile, MetricsAllow: allow, Version: Version, Out: env.Stdout,
		KeyFile: *keyFile, DataDir: envDefault(env, "BIANMIN_DATA", "data"), SMSWebhook: *sms,
	}, log)
	if err != nil {
		return err
	}
	if err := a.Listen(*addr); err != nil {
		a.Close()
		return err
	}
	fmt.Fprintf(env.Stdout, "bianmin %s 正在运行 / running at %s (%s)\n", Version, a.URL(), engineName(*db))
	return a.Serve(ctx, *cert, *key)
}

func engineName(dsn string) string {
	if store.IsPostgres(dsn) {
		return "PostgreSQL"
	}
	return "SQLite " + dsn
}

func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, bianmin.FieldError("metrics-allow", "网段格式无效："+part, "Not a network: "+part)
		}
		out = append(out, p)
	}
	return out, nil
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := flags("migrate", env)
	db := dbFlag(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := store.Open(ctx, *db, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	vs, err := d.AppliedMigrations(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "数据库已是最新 / database is up to date: %d migrations applied (latest %04d)\n", len(vs), vs[len(vs)-1])
	return nil
}
