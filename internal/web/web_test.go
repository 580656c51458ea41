package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

const testPw = "Qz7!mVx2#Lp9Wd"

// testEnv is a real server over a real SQLite database with two sibling
// centres under a county centre.
type testEnv struct {
	t       *testing.T
	svc     *service.Service
	srv     *Server
	ts      *httptest.Server
	county  int64
	centreA int64
	centreB int64
	clock   *bianmin.TestClock
}

func newTestEnv(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	clock := bianmin.NewTestClock()
	db := testutil.MustOpenDB(t, store.SQLite, clock)
	svc := service.New(db, clock, nil)
	if err := svc.Prepare(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if cfg.MetricsAllow == nil {
		cfg.MetricsAllow = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	}
	srv, err := New(svc, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &testEnv{t: t, svc: svc, srv: srv, ts: ts, clock: clock}
	sys := bianmin.SystemActor("test")
	ctx := context.Background()
	mk := func(region, name string, parent int64, level int) int64 {
		c, err := svc.CreateCentre(ctx, sys, bianmin.Centre{RegionCode: region, Name: name, ParentID: parent, Level: level})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	e.county = mk("440305000000", "南山区政务服务中心", 0, 4)
	e.centreA = mk("440305010000", "南湖街道便民服务中心", e.county, 5)
	e.centreB = mk("440305020000", "北岭街道便民服务中心", e.county, 5)
	return e
}

// user creates an account with one role at a centre and returns a bearer
// token of a session whose password no longer needs changing.
func (e *testEnv) user(name string, role bianmin.Role, centre int64) string {
	e.t.Helper()
	ctx := context.Background()
	_, err := e.svc.CreateUser(ctx, bianmin.SystemActor("test"), service.NewUser{
		CentreID: centre, Username: name, DisplayName: name, Password: testPw,
		Grants: []bianmin.Grant{{Role: role, CentreID: centre}},
	})
	if err != nil {
		e.t.Fatalf("create %s: %v", name, err)
	}
	token, actor, err := e.svc.Login(ctx, name, testPw, "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.ChangePassword(ctx, actor, testPw, testPw+"x"); err != nil {
		e.t.Fatal(err)
	}
	token, _, err = e.svc.Login(ctx, name, testPw+"x", "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return token
}

func (e *testEnv) do(method, path, token, body string, hdr ...string) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Content-Type", "application/json")
	} else if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readBody(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
