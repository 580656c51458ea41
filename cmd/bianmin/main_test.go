package main_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinary builds the real binary with CGO_ENABLED=0 (the pure-Go build)
// and runs it as separate OS processes: one serve holds a SQLite database,
// a second exits non-zero naming the lock, and SIGTERM stops the first
// gracefully with exit status 0.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bianmin")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X bianmin/internal/cli.Version=v9.9.9-test", ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	info, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "CGO_ENABLED=0") {
		t.Errorf("go version -m does not show a CGO_ENABLED=0 build (%v):\n%s", err, info)
	}
	if out, err := exec.Command(bin, "version").Output(); err != nil || string(out) != "bianmin v9.9.9-test\n" {
		t.Errorf("bianmin version: %q %v", out, err)
	}

	env := append(os.Environ(), "BIANMIN_DATA="+filepath.Join(dir, "data"))
	db := filepath.Join(dir, "data", "bianmin.db")
	first := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	first.Env, first.Dir = env, dir
	stdout, err := first.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	first.Stderr = &stderr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	defer first.Process.Kill() // after a clean exit this is a no-op

	url := waitRunning(t, stdout, exited, &stderr)
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz of the first process: %v %v", resp, err)
	}
	resp.Body.Close()

	second := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	second.Env, second.Dir = env, dir
	out, err := second.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() == 0 {
		t.Fatalf("second process on the same database: %v\n%s", err, out)
	}
	for _, want := range []string{"已被另一个 bianmin 进程使用", "already in use by another bianmin process", db} {
		if !strings.Contains(string(out), want) {
			t.Errorf("second process output lacks %q:\n%s", want, out)
		}
	}

	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("first process after SIGTERM: %v, want exit 0\nstderr: %s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the first process did not stop within 20s of SIGTERM")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the server still answers after SIGTERM")
	}
	// The lock went with the process: the database opens again.
	again := exec.Command(bin, "migrate", "--db", db)
	again.Env = env
	if out, err := again.CombinedOutput(); err != nil {
		t.Errorf("migrate after shutdown: %v\n%s", err, out)
	}
}

var runningAt = regexp.MustCompile(`running at (http://\S+)`)

// waitRunning reads the server's stdout until it says where it listens.
func waitRunning(t *testing.T, stdout io.Reader, exited <-chan error, stderr *bytes.Buffer) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stdout) // keep the pipe drained
	}()
	select {
	case u := <-found:
		return u
	case err := <-exited:
		t.Fatalf("serve exited before listening: %v\nstderr: %s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start within 60s\nstderr: %s", stderr.String())
	}
	return ""
}
