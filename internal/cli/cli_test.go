package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/cli"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// result is what one run of the command line left behind.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) out() string { return r.stdout + r.stderr }

// run calls cli.Main in-process with only the given environment variables
// (never the test process's own) and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(context.Background(), cli.Env{
		Args: args, Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	})
	return result{code, stdout.String(), stderr.String()}
}

// mustRun runs and fails the test unless the exit code is want.
func mustRun(t *testing.T, want int, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	r := run(t, env, stdin, args...)
	if r.code != want {
		t.Fatalf("bianmin %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
	}
	return r
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, text)
		}
	}
}

// dbPath is a fresh SQLite file path.
func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "bianmin.db") }

const (
	region     = "440305010000"
	centreName = "柳塘街道便民服务中心"
	adminPW    = "Qz7#mWp2vLx9kR"
)

// withAdmin makes a database whose first security administrator "chief"
// has the password adminPW.
func withAdmin(t *testing.T) string {
	t.Helper()
	db := dbPath(t)
	mustRun(t, 0, nil, adminPW+"\n", "user", "add", "--db", db, "--username", "chief", "--name", "张主任",
		"--centre", region, "--centre-name", centreName, "--password-stdin")
	return db
}

var otpPattern = regexp.MustCompile(`one-time password: (\S+)`)

// oneTimePassword returns the generated password a command printed.
func oneTimePassword(t *testing.T, stdout string) string {
	t.Helper()
	m := otpPattern.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no one-time password in:\n%s", stdout)
	}
	return m[1]
}

// openSvc opens the database as the server would, after the command has
// released it; it is closed when the test ends.
func openSvc(t *testing.T, dsn string) *service.Service {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return service.New(db, bianmin.SystemClock{}, nil)
}

// login tries a password and returns whether a session was opened and
// whether it must change its password first.
func login(t *testing.T, dsn, username, password string) (ok, mustChange bool) {
	t.Helper()
	svc := openSvc(t, dsn)
	defer svc.DB.Close()
	ctx := context.Background()
	token, _, err := svc.Login(ctx, username, password, "127.0.0.1", "cli-test")
	if err != nil {
		return false, false
	}
	_, state, err := svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatalf("authenticate a fresh session: %v", err)
	}
	return true, state.MustChangePassword
}

// dbState counts what a refused command must not have written.
func dbState(t *testing.T, dsn string) map[string]int {
	t.Helper()
	svc := openSvc(t, dsn)
	defer svc.DB.Close()
	out := map[string]int{}
	for _, table := range []string{"users", "centres", "audit_log", "policies", "user_grants"} {
		var n int
		if err := svc.DB.RawWriter().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// syncBuffer is a buffer written by a running server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is `bianmin serve` running in-process.
type server struct {
	URL            string
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

var runningAt = regexp.MustCompile(`running at (http://\S+)`)

// serve starts `bianmin serve` and waits until it listens; it fails the test
// if the command exits first.
func serve(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() {
		s.done <- cli.Main(ctx, cli.Env{Args: append([]string{"serve"}, args...), Stdin: strings.NewReader(""),
			Stdout: s.stdout, Stderr: s.stderr, Getenv: func(k string) string { return env[k] }})
	}()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := runningAt.FindStringSubmatch(s.stdout.String()); m != nil {
			s.URL = m[1]
			t.Cleanup(func() { s.stop(t) })
			return s
		}
		select {
		case code := <-s.done:
			cancel()
			t.Fatalf("serve exited with %d before listening\nstdout: %s\nstderr: %s", code, s.stdout, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start in time\nstdout: %s\nstderr: %s", s.stdout, s.stderr)
	return nil
}

// stop ends the server as SIGTERM would and returns its exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if s.cancel == nil {
		return 0
	}
	s.cancel()
	s.cancel = nil
	select {
	case code := <-s.done:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20s")
	}
	return -1
}

func TestVersion(t *testing.T) {
	r := mustRun(t, 0, nil, "", "version")
	if r.stdout != "bianmin "+cli.Version+"\n" {
		t.Errorf("version printed %q", r.stdout)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	r := mustRun(t, 0, nil, "", "help")
	contains(t, "help", r.stdout, "serve", "migrate", "user", "policy", "audit", "backup", "version", "--help")
}

func TestUnknownCommandExits2(t *testing.T) {
	r := run(t, nil, "", "frobnicate")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2", r.code)
	}
	contains(t, "stderr", r.stderr, `未知命令 "frobnicate"`, `unknown command "frobnicate"`, "Commands:", "migrate")
	if r.stdout != "" {
		t.Errorf("an unknown command wrote to stdout: %q", r.stdout)
	}
}

// TestSubcommandHelp: every subcommand answers --help with exit 0 and lists
// its flags, opening no database; serve names the variable of each flag.
func TestSubcommandHelp(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"BIANMIN_DATA": data}
	cases := []struct {
		args  []string
		wants []string
	}{
		{[]string{"--help"}, []string{"Commands:", "serve", "migrate", "--help shows each command"}},
		{[]string{"serve", "--help"}, []string{
			"-addr", "127.0.0.1:8080", "BIANMIN_ADDR", "-db", "BIANMIN_DB", "BIANMIN_DATA", "-demo", "BIANMIN_DEMO",
			"-test-clock", "BIANMIN_TEST_CLOCK", "-tls-cert", "BIANMIN_TLS_CERT", "-tls-key", "BIANMIN_TLS_KEY",
			"-policy", "BIANMIN_POLICY", "-log-json", "BIANMIN_LOG_JSON", "-metrics-allow", "BIANMIN_METRICS_ALLOW"}},
		{[]string{"migrate", "--help"}, []string{"-db", "BIANMIN_DB"}},
		{[]string{"user", "--help"}, []string{"add", "passwd", "disable", "list"}},
		{[]string{"user", "add", "--help"}, []string{"-db", "-username", "-name", "-role", "secadmin", "-centre", "-centre-name", "-password-stdin"}},
		{[]string{"user", "passwd", "--help"}, []string{"-db", "-username", "-password-stdin"}},
		{[]string{"user", "disable", "--help"}, []string{"-db", "-username"}},
		{[]string{"user", "list", "--help"}, []string{"-db"}},
		{[]string{"policy", "--help"}, []string{"print", "validate", "FILE"}},
		{[]string{"policy", "print", "--help"}, []string{"-db", "-centre", "-default"}},
		{[]string{"policy", "validate", "--help"}, []string{"validate FILE", "line and field"}},
		{[]string{"audit", "--help"}, []string{"verify"}},
		{[]string{"audit", "verify", "--help"}, []string{"-db", "-lang"}},
		{[]string{"backup", "--help"}, []string{"-db", "-out"}},
		{[]string{"version", "--help"}, []string{"version"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, "_"), func(t *testing.T) {
			r := mustRun(t, 0, env, "", c.args...)
			contains(t, "help", r.out(), c.wants...)
		})
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("--help created the data directory %s (err %v)", data, err)
	}
}

func TestUnknownSubcommand(t *testing.T) {
	for _, args := range [][]string{{"user", "remove"}, {"policy", "apply"}, {"audit", "fix"}} {
		r := run(t, nil, "", args...)
		if r.code != 1 {
			t.Errorf("%v: exit %d, want 1", args, r.code)
		}
		contains(t, "stderr", r.out(), "未知子命令", "unknown subcommand "+strings.Join(args, " "))
	}
}
