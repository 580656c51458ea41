package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
)

// TestSecurityHeadersOnEveryResponse covers pages, API, errors, 404 and
// static files (SECURITY.md item 35).
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	e := newTestEnv(t, Config{})
	for _, p := range []string{"/", "/login", "/healthz", "/api/v1/openapi.json", "/static/app.css", "/nope", "/staff", "/api/v1/me"} {
		r := e.do("GET", p, "", "")
		h := r.Header
		if !strings.Contains(h.Get("Strict-Transport-Security"), "max-age=31536000; includeSubDomains") {
			t.Errorf("%s: HSTS %q", p, h.Get("Strict-Transport-Security"))
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Errorf("%s: nosniff/referrer headers missing", p)
		}
		if !strings.HasPrefix(p, "/static/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", p, h.Get("Cache-Control"))
		}
	}
}

// TestBadInputIs4xx: malformed JSON, unknown fields, trailing data and
// oversized bodies are refused with a message, never a 500.
func TestBadInputIs4xx(t *testing.T) {
	e := newTestEnv(t, Config{})
	cases := []struct {
		name, body string
		status     int
	}{
		{"malformed", `{"username":`, 400},
		{"unknown field", `{"username":"a","password":"b","admin":true}`, 400},
		{"trailing data", `{"username":"a","password":"b"} {}`, 400},
		{"wrong type", `{"username":1,"password":"b"}`, 400},
		{"oversized", `{"username":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
	}
	for _, c := range cases {
		r := e.do("POST", "/api/v1/session", "", c.body)
		body := readBody(t, r)
		if r.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, r.StatusCode, c.status, body)
			continue
		}
		var out struct{ Error apiErr }
		if err := json.Unmarshal([]byte(body), &out); err != nil || out.Error.Message == "" {
			t.Errorf("%s: no error message in %q", c.name, body)
		}
	}
}

// TestCrossOriginPostRefused: a state change from another site is refused
// (SECURITY.md item 31).
func TestCrossOriginPostRefused(t *testing.T) {
	e := newTestEnv(t, Config{})
	r := e.do("POST", "/login", "", "username=a&password=b", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", r.StatusCode)
	}
}

func TestOpenAPIListsEveryAPIRoute(t *testing.T) {
	e := newTestEnv(t, Config{})
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(readBody(t, e.do("GET", "/api/v1/openapi.json", "", ""))), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range e.srv.routes {
		if !rt.api {
			continue
		}
		n++
		op, ok := doc.Paths[rt.pattern][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("%s %s missing from openapi.json", rt.method, rt.pattern)
			continue
		}
		if op["summary"] == "" || op["summary"] == nil {
			t.Errorf("%s %s has no summary", rt.method, rt.pattern)
		}
	}
	if n < 10 || doc.OpenAPI != "3.1.0" {
		t.Errorf("%d api routes, openapi %q", n, doc.OpenAPI)
	}
}

func TestMetricsOnlyForAllowedAddresses(t *testing.T) {
	e := newTestEnv(t, Config{})
	e.do("GET", "/login", "", "")
	r := e.do("GET", "/metrics", "", "")
	if r.StatusCode != 200 || !strings.Contains(readBody(t, r), "bianmin_http_requests_total") {
		t.Errorf("loopback /metrics: status %d", r.StatusCode)
	}
	other := newTestEnv(t, Config{MetricsAllow: nil})
	other.srv.cfg.MetricsAllow = nil
	if r := other.do("GET", "/metrics", "", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics outside the allow list: status %d, want 404 (SECURITY.md item 16)", r.StatusCode)
	}
}

func TestHealthz(t *testing.T) {
	e := newTestEnv(t, Config{})
	r := e.do("GET", "/healthz", "", "")
	if r.StatusCode != 200 || !strings.Contains(readBody(t, r), `"ok"`) {
		t.Errorf("healthz status %d", r.StatusCode)
	}
}

func TestTestClockRefusedWithoutFlag(t *testing.T) {
	e := newTestEnv(t, Config{})
	if r := e.do("POST", "/api/v1/test/clock", "", `{"advance":"1h"}`); r.StatusCode != http.StatusForbidden {
		t.Errorf("without --test-clock: status %d, want 403", r.StatusCode)
	}
	on := newTestEnv(t, Config{})
	on.srv.cfg.TestClock = on.clock
	r := on.do("POST", "/api/v1/test/clock", "", `{"set":"2026-01-05T09:00:00+08:00","freeze":true}`)
	if body := readBody(t, r); r.StatusCode != 200 || !strings.Contains(body, "2026-01-05T09:00:00+08:00") {
		t.Fatalf("set clock: %d %s", r.StatusCode, body)
	}
	page := readBody(t, on.do("GET", "/login", "", ""))
	if !strings.Contains(page, `id="testclock"`) || !strings.Contains(page, "2026-01-05 09:00:00") {
		t.Error("test clock banner missing while the clock is on")
	}
	if strings.Contains(readBody(t, e.do("GET", "/login", "", "")), `id="testclock"`) {
		t.Error("banner shown without --test-clock")
	}
}

var templateKey = regexp.MustCompile(`\{\{t \$?\.L "([a-z_.]+)"`)

// TestEveryTemplateStringInBothLanguages: the English switch covers every
// string a template shows.
func TestEveryTemplateStringInBothLanguages(t *testing.T) {
	files, _ := fs.Glob(templateFS, "templates/*.html")
	used := map[string]bool{}
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, n := range navFor(&bianmin.Actor{Grants: allGrants()}) {
		used[n.Key] = true
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys: the pattern is wrong", len(used))
	}
	for k := range used {
		m, ok := messages[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("message %q missing in zh or en", k)
		}
	}
}

func allGrants() []bianmin.Grant {
	var gs []bianmin.Grant
	for _, r := range bianmin.Roles {
		gs = append(gs, bianmin.Grant{Role: r})
	}
	return gs
}
