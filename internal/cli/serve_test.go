package cli_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"bianmin/internal/store"
)

const inUseZH, inUseEN = "已被另一个 bianmin 进程使用", "already in use by another bianmin process"

// TestSecondProcessRefused: SQLite mode runs one instance per database; a
// second serve (or any command) on a held file exits 1 and says why.
func TestSecondProcessRefused(t *testing.T) {
	db := dbPath(t)
	held, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	for _, args := range [][]string{
		{"serve", "--db", db, "--addr", "127.0.0.1:0"},
		{"migrate", "--db", db},
		{"user", "list", "--db", db},
	} {
		r := mustRun(t, 1, nil, "", args...)
		contains(t, strings.Join(args, " "), r.stderr, inUseZH, inUseEN, db, "PostgreSQL")
		if strings.Contains(r.stdout, "running at") {
			t.Errorf("%v started despite the lock", args)
		}
	}
	held.Close()
	mustRun(t, 0, nil, "", "migrate", "--db", db)
}

// TestSecondServeRefused: the same with a running server holding the file.
func TestSecondServeRefused(t *testing.T) {
	db := dbPath(t)
	first := serve(t, nil, "--db", db, "--addr", "127.0.0.1:0")
	r := mustRun(t, 1, nil, "", "serve", "--db", db, "--addr", "127.0.0.1:0")
	contains(t, "second serve", r.stderr, inUseZH, inUseEN)
	if resp, err := http.Get(first.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("the first server is hurt by the second: %v %v", resp, err)
	}
	if code := first.stop(t); code != 0 {
		t.Errorf("serve exited %d on shutdown, want 0\nstderr: %s", code, first.stderr)
	}
}

// TestServeRefusesBadPolicy: an invalid policy file stops the start, naming
// line and field; nothing listens and nothing is stored.
func TestServeRefusesBadPolicy(t *testing.T) {
	db := withAdmin(t)
	bad := writeFile(t, "bad.yaml", "security:\n  password_min_length: 6\n  no_such_rule: true\n")
	before := dbState(t, db)
	r := mustRun(t, 1, nil, "", "serve", "--db", db, "--addr", "127.0.0.1:0", "--policy", bad)
	contains(t, "stderr", r.stderr, "第 2 行 security.password_min_length", "line 2, security.password_min_length",
		"line 3, security.no_such_rule", "unknown key")
	if strings.Contains(r.stdout, "running at") {
		t.Error("serve started with an invalid policy")
	}
	if after := dbState(t, db); after["policies"] != before["policies"] {
		t.Errorf("an invalid policy was stored: %v -> %v", before, after)
	}
	r = mustRun(t, 1, map[string]string{"BIANMIN_POLICY": bad}, "", "serve", "--db", db, "--addr", "127.0.0.1:0")
	contains(t, "stderr with BIANMIN_POLICY", r.stderr, "line 2, security.password_min_length")
}

// TestServeAppliesPolicy: a valid file becomes version 1 of the centre's
// policy, once; the server starts and stops cleanly.
func TestServeAppliesPolicy(t *testing.T) {
	db := withAdmin(t)
	good := writeFile(t, "policy.yaml", "queue:\n  green_channel_min_age: 65\n")
	for range 2 {
		s := serve(t, nil, "--db", db, "--addr", "127.0.0.1:0", "--policy", good)
		if code := s.stop(t); code != 0 {
			t.Fatalf("serve exited %d, want 0\nstderr: %s", code, s.stderr)
		}
	}
	svc := openSvc(t, db)
	centres, err := svc.AllCentres(context.Background())
	if err != nil || len(centres) != 1 {
		t.Fatalf("centres %v %v", centres, err)
	}
	p, version, err := svc.EffectivePolicy(context.Background(), centres[0].ID)
	if err != nil || version != 1 || p.Queue.GreenChannelMinAge != 65 {
		t.Errorf("effective policy: version %d, green channel age %v, err %v; want version 1, 65", version, p.Queue.GreenChannelMinAge, err)
	}
}

// TestServeFlagErrors: flag combinations that cannot work stop the start.
func TestServeFlagErrors(t *testing.T) {
	db := dbPath(t)
	cases := []struct {
		args  []string
		wants []string
	}{
		{[]string{"--tls-cert", "cert.pem"}, []string{"--tls-cert 与 --tls-key 必须同时提供", "--tls-cert and --tls-key must be given together"}},
		{[]string{"--tls-key", "key.pem"}, []string{"--tls-cert and --tls-key must be given together"}},
		{[]string{"--metrics-allow", "10.0.0.0/8,nonsense"}, []string{"网段格式无效：nonsense", "Not a network: nonsense", "(--metrics-allow)"}},
		{[]string{"--addr", "127.0.0.1:99999"}, []string{"无法监听地址 127.0.0.1:99999", "Cannot listen on 127.0.0.1:99999"}},
		{[]string{"--no-such-flag"}, []string{"flag provided but not defined: -no-such-flag"}},
	}
	for _, c := range cases {
		r := mustRun(t, 1, nil, "", append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, c.args...)...)
		contains(t, strings.Join(c.args, " "), r.stderr, c.wants...)
		if strings.Contains(r.stdout, "running at") {
			t.Errorf("%v: serve started", c.args)
		}
	}
}
