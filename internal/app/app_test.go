package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// syncBuffer collects what a running server writes while the test reads it.
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

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "bianmin.db") }

// start opens and serves the app on a free port; it stops when the test
// ends, and Serve must then return nil.
func start(t *testing.T, cfg app.Config, log *slog.Logger) *app.App {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		cancel()
		a.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, "", "") }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	})
	return a
}

// client never follows redirects and keeps no cookies: the tests look at
// each response themselves.
var client = &http.Client{
	Timeout:       20 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func do(t *testing.T, method, u, contentType, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func postForm(t *testing.T, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	return do(t, "POST", u, "application/x-www-form-urlencoded", form.Encode(), nil)
}

// TestTestClock: with TestClock the clock endpoint moves the server's time;
// without it the endpoint is refused and the clock is the system's.
func TestTestClock(t *testing.T) {
	on := start(t, app.Config{DB: dbPath(t), TestClock: true}, nil)
	body := `{"set":"2026-01-05T09:00:00+08:00","freeze":true}`
	resp, text := do(t, "POST", on.URL()+"/api/v1/test/clock", "application/json", body, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/v1/test/clock with the test clock: %d %s", resp.StatusCode, text)
	}
	var got struct {
		Now    time.Time `json:"now"`
		Frozen bool      `json:"frozen"`
	}
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC)
	if !got.Now.Equal(want) || !got.Frozen || !on.Clock.Now().Equal(want) || !on.Service.Clock.Now().Equal(want) {
		t.Errorf("clock after set: response %v frozen=%v, app %v, service %v; want %v frozen", got.Now, got.Frozen, on.Clock.Now(), on.Service.Clock.Now(), want)
	}
	do(t, "POST", on.URL()+"/api/v1/test/clock", "application/json", `{"advance":"36h"}`, nil)
	if now := on.Clock.Now(); !now.Equal(want.Add(36 * time.Hour)) {
		t.Errorf("after advance 36h the clock is %v", now)
	}

	off := start(t, app.Config{DB: dbPath(t)}, nil)
	resp, text = do(t, "POST", off.URL()+"/api/v1/test/clock", "application/json", body, nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(text, `"code": "forbidden"`) {
		t.Errorf("test clock without TestClock: %d %s, want 403 forbidden", resp.StatusCode, text)
	}
	if _, ok := off.Clock.(bianmin.SystemClock); !ok {
		t.Errorf("without TestClock the clock is %T", off.Clock)
	}
	if resp, _ := do(t, "GET", off.URL()+"/api/v1/test/clock", "", "", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GET test clock without TestClock: %d", resp.StatusCode)
	}
}

var demoAccount = regexp.MustCompile(`(?m)^  (\S+)\s+(\S+)\s+(\S+)$`)

// TestDemo: the first load prints one line per demo account with one-time passwords that
// log in; a later start says the demo is loaded and prints no password.
func TestDemo(t *testing.T) {
	db := dbPath(t)
	var out bytes.Buffer
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: db, Demo: true, Out: &out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	accounts := demoAccount.FindAllStringSubmatch(out.String(), -1)
	users, err := a.Service.AllUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) < 25 || len(accounts) != len(users) {
		t.Fatalf("demo printed %d accounts for %d users:\n%s", len(accounts), len(users), out.String())
	}
	roles := map[string]bool{}
	for _, acc := range accounts {
		roles[acc[3]] = true
	}
	for _, r := range []bianmin.Role{bianmin.RoleDirector, bianmin.RoleSecAdmin, bianmin.RoleSysAdmin, bianmin.RoleAuditAdmin, bianmin.RoleClerk, bianmin.RoleChiefRep} {
		if !roles[string(r)] {
			t.Errorf("no demo account has role %s", r)
		}
	}
	if strings.Contains(out.String(), "setup token") {
		t.Error("a setup token was printed although the demo created accounts")
	}
	token, _, err := a.Service.Login(ctx, accounts[0][1], accounts[0][2], "127.0.0.1", "app-test")
	if err != nil {
		t.Fatalf("demo account %s cannot log in with its printed password: %v", accounts[0][1], err)
	}
	if _, state, err := a.Service.Authenticate(ctx, token); err != nil || !state.MustChangePassword {
		t.Errorf("demo one-time password need not be changed (state %+v, err %v)", state, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	var again bytes.Buffer
	b, err := app.Open(ctx, app.Config{DB: db, Demo: true, Out: &again}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !strings.Contains(again.String(), "Demo data already loaded") || !strings.Contains(again.String(), "演示数据已存在") {
		t.Errorf("second demo start printed:\n%s", again.String())
	}
	for _, acc := range accounts {
		if strings.Contains(again.String(), acc[2]) {
			t.Errorf("second demo start printed the password of %s", acc[1])
		}
	}
}

// TestOpenRefusesSecondInstance: one app per SQLite file; a failed Open
// releases the file again.
func TestOpenRefusesSecondInstance(t *testing.T) {
	db := dbPath(t)
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DB: db}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = app.Open(ctx, app.Config{DB: db}, nil)
	if err == nil || !strings.Contains(bianmin.AsError(err).EN, "already in use") || !strings.Contains(bianmin.AsError(err).ZH, "已被另一个 bianmin 进程使用") {
		t.Fatalf("second Open: %v, want already in use", err)
	}
	a.Close()

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := writeFile(bad, "queue:\n  green_channel_min_age: 7\n"); err != nil {
		t.Fatal(err)
	}
	_, err = app.Open(ctx, app.Config{DB: db, PolicyFile: bad}, nil)
	if err == nil || !strings.Contains(bianmin.AsError(err).EN, "line 2, queue.green_channel_min_age") {
		t.Fatalf("Open with an invalid policy file: %v", err)
	}
	held, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatalf("a refused Open kept the database locked: %v", err)
	}
	held.Close()
}

// TestServeShutsDown: when the context ends, Serve stops listening, closes
// the database (the lock is free again) and returns nil.
func TestServeShutsDown(t *testing.T) {
	db := dbPath(t)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, app.Config{DB: db}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, "", "") }()
	if resp, body := do(t, "GET", a.URL()+"/healthz", "", "", nil); resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after the context ended")
	}
	if _, err := http.Get(a.URL() + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
	held, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatalf("the database is still held after shutdown: %v", err)
	}
	held.Close()
}
