package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
)

// TestRoleRouteMatrix checks every cell of role × route against the route
// table's access rule (SECURITY.md item 8): allowed cells are never refused by
// the access check, and every other cell is. Anonymous requests are a row too.
func TestRoleRouteMatrix(t *testing.T) {
	e := newTestEnv(t, Config{})
	// Routes with {id} are called with 1: make that a bystander account, so
	// that replacing its grants or disabling it leaves the role accounts intact.
	e.user("bystander", bianmin.RoleGuide, e.centreA)
	tokens := map[bianmin.Role]string{}
	for _, r := range bianmin.Roles {
		tokens[r] = e.user("u_"+string(r), r, e.centreA)
	}
	cells := 0
	for _, rt := range e.srv.routes {
		path := pathParam.ReplaceAllString(rt.pattern, "1")
		path = strings.TrimSuffix(path, "{$}")
		for _, role := range append([]bianmin.Role{""}, bianmin.Roles...) {
			var actor *bianmin.Actor
			if role != "" {
				actor = &bianmin.Actor{Grants: []bianmin.Grant{{Role: role, CentreID: e.centreA}}}
			}
			want := rt.access.allows(actor)
			body := ""
			if rt.method == http.MethodPost || rt.method == http.MethodPut {
				body = "{}"
				if !rt.api {
					body = "x=1"
				}
			}
			resp := e.do(rt.method, path, tokens[role], body)
			denied := resp.Header.Get(deniedHeader) != ""
			if denied == want {
				t.Errorf("%s %s as %q: allowed=%v but denied=%v (status %d)", rt.method, rt.pattern, role, want, denied, resp.StatusCode)
			}
			if denied && role != "" && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s as %q: denied with status %d, want 403", rt.method, rt.pattern, role, resp.StatusCode)
			}
			if resp.StatusCode >= 500 {
				t.Errorf("%s %s as %q: status %d", rt.method, rt.pattern, role, resp.StatusCode)
			}
			cells++
			// Logging out ends the session; log in again for the next cells.
			if rt.pattern == "/logout" || (rt.pattern == "/api/v1/session" && rt.method == "DELETE") {
				if role != "" && want {
					tokens[role] = e.relogin("u_" + string(role))
				}
			}
		}
	}
	if cells != len(e.srv.routes)*(len(bianmin.Roles)+1) {
		t.Fatalf("checked %d cells", cells)
	}
}

func (e *testEnv) relogin(name string) string {
	e.t.Helper()
	// The matrix posts empty logins, which count against the address's
	// failure limit (SECURITY.md item 3); let that minute pass.
	e.clock.Advance(61 * time.Second)
	token, _, err := e.svc.Login(context.Background(), name, testPw+"x", "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return token
}

func TestRouteWithoutAccessRulePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a route without an access rule did not stop start-up")
		}
	}()
	mustHaveAccessRules([]route{{method: "GET", pattern: "/x"}})
}

func TestUnknownPathIs404(t *testing.T) {
	e := newTestEnv(t, Config{})
	if r := e.do("GET", "/no/such/page", "", ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("status %d", r.StatusCode)
	}
	r := e.do("GET", "/api/v1/nothing", "", "")
	if r.StatusCode != http.StatusNotFound || !strings.Contains(readBody(t, r), `"not_found"`) {
		t.Errorf("api 404: status %d", r.StatusCode)
	}
}
