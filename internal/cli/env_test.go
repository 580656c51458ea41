package cli_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestEnvDatabase: BIANMIN_DB names the database when --db is absent, and
// --db wins over it.
func TestEnvDatabase(t *testing.T) {
	dir := t.TempDir()
	fromEnv, fromFlag := filepath.Join(dir, "env.db"), filepath.Join(dir, "flag.db")
	env := map[string]string{"BIANMIN_DB": fromEnv}
	mustRun(t, 0, env, "", "migrate")
	if !exists(fromEnv) {
		t.Fatalf("migrate with BIANMIN_DB did not create %s", fromEnv)
	}
	mustRun(t, 0, env, adminPW+"\n", "user", "add", "--username", "chief", "--name", "张主任",
		"--centre", region, "--centre-name", centreName, "--password-stdin")
	contains(t, "user list via BIANMIN_DB", mustRun(t, 0, env, "", "user", "list").stdout, "chief")

	list := mustRun(t, 0, env, "", "user", "list", "--db", fromFlag).stdout
	if !exists(fromFlag) || strings.Contains(list, "chief") {
		t.Errorf("--db did not override BIANMIN_DB: %s exists=%v, list:\n%s", fromFlag, exists(fromFlag), list)
	}
}

// TestEnvDataDir: without --db or BIANMIN_DB the database is bianmin.db in
// $BIANMIN_DATA; BIANMIN_DB wins over it.
func TestEnvDataDir(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustRun(t, 0, map[string]string{"BIANMIN_DATA": data}, "", "migrate")
	if !exists(filepath.Join(data, "bianmin.db")) {
		t.Errorf("migrate did not create %s/bianmin.db", data)
	}
	other := filepath.Join(dir, "other.db")
	mustRun(t, 0, map[string]string{"BIANMIN_DATA": filepath.Join(dir, "unused"), "BIANMIN_DB": other}, "", "migrate")
	if !exists(other) || exists(filepath.Join(dir, "unused")) {
		t.Errorf("BIANMIN_DB did not win over BIANMIN_DATA")
	}
}

var demoAccount = regexp.MustCompile(`(?m)^  (\S+)\s+(\S+)\s+(\S+)$`)

func postClock(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/test/clock", "application/json",
		strings.NewReader(`{"set":"2026-01-05T09:00:00+08:00","freeze":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeEnv: every serve setting comes from its BIANMIN_* variable when
// the flag is absent, and the flag wins.
func TestServeEnv(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"BIANMIN_DB": filepath.Join(dir, "env.db"), "BIANMIN_ADDR": "127.0.0.1:0", "BIANMIN_DEMO": "1",
		"BIANMIN_TEST_CLOCK": "true", "BIANMIN_LOG_JSON": "yes",
	}
	s := serve(t, env)
	if n := len(demoAccount.FindAllString(s.stdout.String(), -1)); n < 25 {
		t.Errorf("BIANMIN_DEMO=1 printed %d demo accounts, want the demo's accounts (25 or more):\n%s", n, s.stdout)
	}
	if code := postClock(t, s.URL); code != http.StatusOK {
		t.Errorf("BIANMIN_TEST_CLOCK=true: test clock answered %d", code)
	}
	s.stop(t)
	for _, line := range strings.Split(strings.TrimSpace(s.stderr.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("BIANMIN_LOG_JSON=yes: log line is not JSON: %q", line)
		}
	}
	if !exists(filepath.Join(dir, "env.db")) {
		t.Error("serve did not use BIANMIN_DB")
	}

	env["BIANMIN_ADDR"] = "127.0.0.1:99999"
	r := mustRun(t, 1, env, "", "serve", "--demo=false")
	contains(t, "serve with a bad BIANMIN_ADDR", r.stderr, "Cannot listen on 127.0.0.1:99999")

	env["BIANMIN_DB"] = filepath.Join(dir, "flags.db")
	s = serve(t, env, "--addr", "127.0.0.1:0", "--demo=false", "--test-clock=false", "--log-json=false")
	out := s.stdout.String()
	if demoAccount.MatchString(out) || !strings.Contains(out, "setup token") {
		t.Errorf("--demo=false did not override BIANMIN_DEMO:\n%s", out)
	}
	if code := postClock(t, s.URL); code != http.StatusForbidden {
		t.Errorf("--test-clock=false: test clock answered %d, want 403", code)
	}
	s.stop(t)
	if !strings.HasPrefix(s.stderr.String(), "time=") {
		t.Errorf("--log-json=false did not give text logs:\n%s", s.stderr)
	}

	env["BIANMIN_METRICS_ALLOW"] = "everyone"
	r = mustRun(t, 1, env, "", "serve", "--addr", "127.0.0.1:0")
	contains(t, "serve with a bad BIANMIN_METRICS_ALLOW", r.stderr, "Not a network: everyone")
}
