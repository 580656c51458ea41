package app_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"bianmin/internal/app"
	"bianmin/internal/store"
)

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

var setupToken = regexp.MustCompile(`setup token (\S+)`)

// counts reads the tables a refused setup must leave alone.
func counts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "centres", "audit_log", "user_grants"} {
		var n int
		if err := db.RawWriter().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestSetupPage: an empty database prints a one-time setup token; /setup
// with a wrong or missing token is 403 and writes nothing; with the token it
// creates the first centre and security administrator, once.
func TestSetupPage(t *testing.T) {
	path := dbPath(t)
	out := &syncBuffer{}
	a := start(t, app.Config{DB: path, Out: out}, nil)
	m := setupToken.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no setup token printed on an empty database:\n%s", out.String())
	}
	token := m[1]
	if len(token) < 16 || !strings.Contains(out.String(), "设置口令 "+token) {
		t.Errorf("setup token %q is short or not printed in Chinese too", token)
	}
	if resp, _ := do(t, "GET", a.URL()+"/", "", "", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/setup" {
		t.Errorf("home page before setup: %d %s, want 303 to /setup", resp.StatusCode, resp.Header.Get("Location"))
	}

	const pw = "Qz7#mWp2vLx9kR"
	form := url.Values{
		"centre_name": {"柳塘街道便民服务中心"}, "centre_name_en": {"Liutang Street Service Centre"},
		"region_code": {"440305010000"}, "username": {"chief"}, "display_name": {"张主任"}, "password": {pw},
	}
	before := counts(t, a.DB)
	for _, bad := range []string{"", "WRONGTOKEN", strings.ToLower(token), token + "A"} {
		f := maps.Clone(form)
		f.Set("token", bad)
		resp, body := postForm(t, a.URL()+"/setup", f)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("setup with token %q: %d, want 403", bad, resp.StatusCode)
		}
		if strings.Contains(body, token) {
			t.Errorf("the setup page shows the real token to a caller with token %q", bad)
		}
	}
	if after := counts(t, a.DB); !maps.Equal(before, after) {
		t.Fatalf("a refused setup wrote: before %v, after %v", before, after)
	}
	ctx := context.Background()
	if need, err := a.Service.NeedsSetup(ctx); err != nil || !need {
		t.Fatalf("NeedsSetup after refused attempts = %v, %v", need, err)
	}

	form.Set("token", token)
	resp, body := postForm(t, a.URL()+"/setup", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?setup=1" {
		t.Fatalf("setup with the token: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if _, _, err := a.Service.Login(ctx, "chief", pw, "127.0.0.1", "app-test"); err != nil {
		t.Fatalf("the administrator made by /setup cannot log in: %v", err)
	}
	all, err := a.Service.AllUsers(ctx)
	if err != nil || len(all) != 1 || all[0].Username != "chief" || all[0].MustChangePassword {
		t.Errorf("users after setup: %v %v", all, err)
	}

	form.Set("username", "second")
	if resp, _ := postForm(t, a.URL()+"/setup", form); resp.StatusCode == http.StatusSeeOther {
		t.Error("the setup token worked a second time")
	}
	if all, _ := a.Service.AllUsers(ctx); len(all) != 1 {
		t.Errorf("a second setup added an account: %d users", len(all))
	}
}

// TestNoSetupTokenOnceSetUp: a database with an account prints no token and
// /setup refuses every token.
func TestNoSetupTokenOnceSetUp(t *testing.T) {
	path := dbPath(t)
	first := &syncBuffer{}
	a := start(t, app.Config{DB: path, Out: first, Demo: true}, nil)
	if strings.Contains(first.String(), "setup token") {
		t.Errorf("token printed although the demo created accounts:\n%s", first.String())
	}
	form := url.Values{"token": {""}, "centre_name": {"X"}, "region_code": {"110105000000"}, "username": {"evil"},
		"display_name": {"E"}, "password": {"Qz7#mWp2vLx9kR"}}
	if resp, _ := postForm(t, a.URL()+"/setup", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("setup with an empty token on a set-up server: %d, want 403", resp.StatusCode)
	}
	if _, _, err := a.Service.Login(context.Background(), "evil", "Qz7#mWp2vLx9kR", "127.0.0.1", "t"); err == nil {
		t.Error("setup created an account on a set-up server")
	}
}
