package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// TestSessionCookieAttributes: under TLS the session cookie is __Host-
// prefixed, Secure, HttpOnly and SameSite; a new login gets a new token
// (SECURITY.md item 36).
func TestSessionCookieAttributes(t *testing.T) {
	e := newTestEnv(t, Config{})
	_, err := e.svc.CreateUser(context.Background(), bianmin.SystemActor("test"), service.NewUser{
		CentreID: e.centreA, Username: "clerk", DisplayName: "clerk", Password: testPw,
		Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: e.centreA}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.cfg.TLS = true
	ts := httptest.NewTLSServer(e.srv.Handler())
	defer ts.Close()
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	login := func() *http.Cookie {
		resp, err := client.PostForm(ts.URL+"/login", url.Values{"username": {"clerk"}, "password": {testPw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login status %d", resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if c.Name == "__Host-bianmin_session" {
				return c
			}
		}
		t.Fatalf("no __Host- session cookie in %v", resp.Header["Set-Cookie"])
		return nil
	}
	c1 := login()
	if !c1.Secure || !c1.HttpOnly || c1.SameSite != http.SameSiteLaxMode || c1.Domain != "" {
		t.Errorf("cookie attributes: secure=%v httponly=%v samesite=%v domain=%q", c1.Secure, c1.HttpOnly, c1.SameSite, c1.Domain)
	}
	if c2 := login(); c2.Value == c1.Value || len(c2.Value) < 40 {
		t.Errorf("a second login reused or shortened the token (%d chars)", len(c2.Value))
	}
}
