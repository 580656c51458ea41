package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeFile writes a file in a fresh temporary directory.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPolicyPrintDefault: the built-in policy prints every parameter with
// its rule ID as a comment, opens no database, and validates as printed.
func TestPolicyPrintDefault(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"BIANMIN_DATA": data}
	r := mustRun(t, 0, env, "", "policy", "print", "--default")
	contains(t, "policy print", r.stdout, "version 0", "service_hours:", "security:")
	// Each value's line carries "# RULE · source".
	for key, want := range map[string]string{
		"late_minutes: 20":                "# AT-2 · 004 §考勤制度 2",
		"change_notice_working_days: 1":   "# ORG-5 · ",
		"password_min_length: 12":         "# SECURITY-2 · ",
		"green_channel_min_age: 60":       "# Q-2 · ",
		"issue_stop_minutes_before_close": "# Q-6 · ",
	} {
		found := false
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.Contains(line, key) && strings.Contains(line, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line with %q carries %q", key, want)
		}
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("policy print --default opened a database in %s", data)
	}
	file := writeFile(t, "policy.yaml", r.stdout)
	v := mustRun(t, 0, env, "", "policy", "validate", file)
	contains(t, "validate", v.stdout, "有效 / valid: "+file)
}

// TestPolicyValidateNamesLineAndField: an out-of-range value and an unknown
// key are both reported with their line number and field path.
func TestPolicyValidateNamesLineAndField(t *testing.T) {
	file := writeFile(t, "bad.yaml", "queue:\n  green_channel_min_age: 300\n  bogus_key: 1\n")
	r := mustRun(t, 1, nil, "", "policy", "validate", file)
	contains(t, "stderr", r.stderr,
		"第 2 行 queue.green_channel_min_age", "line 2, queue.green_channel_min_age", "between 50 and 100",
		"第 3 行 queue.bogus_key", "line 3, queue.bogus_key", "unknown key")
	if r.stdout != "" {
		t.Errorf("an invalid file printed to stdout: %q", r.stdout)
	}

	syntax := writeFile(t, "syntax.yaml", "queue:\n  green_channel_min_age: 60\ncases:\n  immediate_minutes: \"30\n")
	r = mustRun(t, 1, nil, "", "policy", "validate", syntax)
	contains(t, "stderr", r.stderr, "第 4 行：YAML 语法错误", "line 4: YAML syntax error")

	r = mustRun(t, 1, nil, "", "policy", "validate", filepath.Join(t.TempDir(), "missing.yaml"))
	contains(t, "stderr", r.stderr, "无法读取文件", "cannot read file")
	mustRun(t, 1, nil, "", "policy", "validate")
}

// TestPolicyPrintStoredVersion: with a stored version the printout names
// its number and shows its values.
func TestPolicyPrintStoredVersion(t *testing.T) {
	db := withAdmin(t)
	file := writeFile(t, "policy.yaml", "queue:\n  green_channel_min_age: 65\n")
	svc := openSvc(t, db)
	if err := svc.Prepare(context.Background(), file); err != nil { // what serve --policy does
		t.Fatal(err)
	}
	centres, err := svc.AllCentres(context.Background())
	if err != nil || len(centres) != 1 {
		t.Fatalf("centres: %v %v", centres, err)
	}
	svc.DB.Close()
	for _, args := range [][]string{
		{"policy", "print", "--db", db},
		{"policy", "print", "--db", db, "--centre", strconv.FormatInt(centres[0].ID, 10)},
	} {
		r := mustRun(t, 0, nil, "", args...)
		contains(t, "policy print", r.stdout, "# bianmin policy, version 1 ", "green_channel_min_age: 65")
	}
	r := mustRun(t, 0, nil, "", "policy", "print", "--db", db, "--default")
	contains(t, "policy print --default", r.stdout, "version 0", "green_channel_min_age: 60")
}
