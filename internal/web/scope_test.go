package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/service"
)

// The IDOR suite of the foundation (SECURITY.md item 9): centres A and B are
// siblings under a county centre. Someone granted at A reaches nothing of B
// by naming B's ids, through the API or the pages; a county-level grant
// sees both; a second, narrower grant does not widen a role's reach.

// refused fails unless the response is a 403 or 404.
func refused(t *testing.T, what string, r *http.Response) {
	t.Helper()
	if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
		t.Errorf("%s: status %d, want 403 or 404 (%s)", what, r.StatusCode, readBody(t, r))
	}
}

func ok200(t *testing.T, what string, r *http.Response) string {
	t.Helper()
	body := readBody(t, r)
	if r.StatusCode != http.StatusOK {
		t.Errorf("%s: status %d, want 200 (%s)", what, r.StatusCode, body)
	}
	return body
}

// account reads an account as the system sees it (grants included).
func (e *testEnv) account(name string) *bianmin.User {
	e.t.Helper()
	users, err := e.svc.ListUsers(context.Background(), bianmin.SystemActor("test"))
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == name {
			return u
		}
	}
	return nil
}

// userWith creates an account with several grants and returns a token of a
// session past the forced password change.
func (e *testEnv) userWith(name string, grants ...bianmin.Grant) string {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.svc.CreateUser(ctx, bianmin.SystemActor("test"), service.NewUser{
		CentreID: grants[0].CentreID, Username: name, DisplayName: name, Password: testPw, Grants: grants,
	}); err != nil {
		e.t.Fatalf("create %s: %v", name, err)
	}
	_, actor, err := e.svc.Login(ctx, name, testPw, "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.ChangePassword(ctx, actor, testPw, testPw+"x"); err != nil {
		e.t.Fatal(err)
	}
	token, _, err := e.svc.Login(ctx, name, testPw+"x", "127.0.0.1", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return token
}

// auditCentres searches the audit log with the token and counts the rows
// per centre; it also reports whether any row names the object.
func (e *testEnv) auditCentres(token, object string) (map[int64]int, bool) {
	e.t.Helper()
	r := e.do("GET", "/api/v1/audit?limit=1000", token, "")
	body := ok200(e.t, "GET /api/v1/audit", r)
	var out auditListResponse
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		e.t.Fatal(err)
	}
	seen, named := map[int64]int{}, false
	for _, a := range out.Entries {
		seen[a.CentreID]++
		if a.ObjectType+":"+a.ObjectID == object {
			named = true
		}
	}
	return seen, named
}

func TestSecAdminCannotReachAnotherCentresAccounts(t *testing.T) {
	e := newTestEnv(t, Config{})
	secA := e.user("sec_a", bianmin.RoleSecAdmin, e.centreA)
	e.user("clerk_a", bianmin.RoleClerk, e.centreA)
	e.user("clerk_b", bianmin.RoleClerk, e.centreB)
	before := e.account("clerk_b")
	b := fmt.Sprint(before.ID)

	var list struct{ Users []bianmin.User }
	if err := json.Unmarshal([]byte(ok200(t, "list users", e.do("GET", "/api/v1/users", secA, ""))), &list); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, u := range list.Users {
		names[u.Username] = true
		if u.CentreID != e.centreA {
			t.Errorf("A's security administrator lists %s of centre %d", u.Username, u.CentreID)
		}
	}
	if !names["clerk_a"] || names["clerk_b"] {
		t.Errorf("A's security administrator lists %v; want clerk_a and not clerk_b", names)
	}

	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v1/users/" + b + "/disable", ""},
		{"POST", "/api/v1/users/" + b + "/unlock", ""},
		{"POST", "/api/v1/users/" + b + "/enable", ""},
		{"PUT", "/api/v1/users/" + b + "/password", `{"password":"Taken#Over2026x"}`},
		{"PUT", "/api/v1/users/" + b + "/grants", fmt.Sprintf(`{"grants":[{"role":"director","centre_id":%d}]}`, e.centreB)},
		// The API takes the snake_case fields of service.NewUser.
		{"POST", "/api/v1/users", fmt.Sprintf(`{"centre_id":%d,"username":"intruder","display_name":"x","password":"Taken#Over2026x","grants":[{"role":"clerk","centre_id":%d}]}`, e.centreB, e.centreB)},
		{"POST", "/admin/users/" + b + "/disable", "x=1"},
		{"POST", "/admin/users/" + b + "/password", "password=Taken%23Over2026x"},
		{"POST", "/admin/users", fmt.Sprintf("centre_id=%d&role=clerk&username=intruder&display_name=x&password=Taken%%23Over2026x", e.centreB)},
	} {
		refused(t, c.method+" "+c.path, e.do(c.method, c.path, secA, c.body))
	}

	// The same request for A's own centre is accepted: the refusals above are about scope.
	own := fmt.Sprintf(`{"centre_id":%d,"username":"clerk_a2","display_name":"x","password":"Taken#Over2026x","grants":[{"role":"clerk","centre_id":%d}]}`, e.centreA, e.centreA)
	if r := e.do("POST", "/api/v1/users", secA, own); r.StatusCode != http.StatusCreated {
		t.Errorf("creating an account in A: status %d (%s)", r.StatusCode, readBody(t, r))
	}

	after := e.account("clerk_b")
	if !reflect.DeepEqual(before, after) {
		t.Errorf("B's account changed:\n before %+v\n after  %+v", before, after)
	}
	if _, _, err := e.svc.Login(context.Background(), "clerk_b", testPw+"x", "127.0.0.1", "test"); err != nil {
		t.Errorf("B's clerk can no longer log in with the own password: %v", err)
	}
	if e.account("intruder") != nil {
		t.Error("A's security administrator created an account in B")
	}
}

func TestDirectorCannotReachAnotherCentresPolicyOrHall(t *testing.T) {
	e := newTestEnv(t, Config{})
	dirA := e.user("dir_a", bianmin.RoleDirector, e.centreA)
	a, b := fmt.Sprint(e.centreA), fmt.Sprint(e.centreB)
	day := "2030-06-01"
	doc := `{"effective_from":"2030-06-03","note":"x","document":"security:\n  idle_timeout_minutes: 20\n"}`

	ok200(t, "own policy", e.do("GET", "/api/v1/centres/"+a+"/policy", dirA, ""))
	ok200(t, "own hall days", e.do("GET", "/api/v1/centres/"+a+"/hall-days", dirA, ""))
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/centres/" + b + "/policy", ""},
		{"GET", "/api/v1/centres/" + b + "/policy/versions", ""},
		{"POST", "/api/v1/centres/" + b + "/policy", doc},
		{"GET", "/api/v1/centres/" + b + "/hall-days", ""},
		{"GET", "/api/v1/centres/" + b + "/open", ""},
		{"PUT", "/api/v1/centres/" + b + "/hall-days/" + day, `{"open":false,"hours":"","note":"x"}`},
		{"DELETE", "/api/v1/centres/" + b + "/hall-days/" + day, ""},
		{"GET", "/api/v1/centres/" + fmt.Sprint(e.county) + "/policy", ""},
		{"GET", "/admin/policy?centre_id=" + b, ""},
		{"POST", "/admin/policy", "centre_id=" + b + "&effective_from=2030-06-03&document=security%3A%0A++idle_timeout_minutes%3A+20%0A"},
		{"POST", "/admin/calendar/hall", "centre_id=" + b + "&date=" + day + "&open=0&hours=&note=x"},
	} {
		refused(t, c.method+" "+c.path, e.do(c.method, c.path, dirA, c.body))
	}

	ctx := context.Background()
	if vs, err := e.svc.PolicyVersions(ctx, bianmin.SystemActor("test"), e.centreB); err != nil || len(vs) != 0 {
		t.Errorf("B's policy versions after refused saves: %d, %v", len(vs), err)
	}
	sys := &bianmin.Actor{Username: "test", Scope: bianmin.Scope{Centres: []int64{e.centreB}}}
	if hd, err := e.svc.HallDays(ctx, sys, e.centreB, calendarDate(t, "2030-01-01"), calendarDate(t, "2030-12-31")); err != nil || len(hd) != 0 {
		t.Errorf("B's hall days after refused writes: %v, %v", hd, err)
	}

	// The county director works across the township centres under it.
	dirC := e.user("dir_county", bianmin.RoleDirector, e.county)
	ok200(t, "county director: B's policy", e.do("GET", "/api/v1/centres/"+b+"/policy", dirC, ""))
	ok200(t, "county director: B's hall days", e.do("GET", "/api/v1/centres/"+b+"/hall-days", dirC, ""))
	ok200(t, "county director: A's hall days", e.do("GET", "/api/v1/centres/"+a+"/hall-days", dirC, ""))
	ok200(t, "county director: B's hall day", e.do("PUT", "/api/v1/centres/"+b+"/hall-days/"+day, dirC, `{"open":false,"hours":"","note":"x"}`))
	if r := e.do("POST", "/api/v1/centres/"+b+"/policy", dirC, doc); r.StatusCode != http.StatusCreated {
		t.Errorf("county director: B's policy save: status %d (%s)", r.StatusCode, readBody(t, r))
	}
}

func TestAuditSearchStaysInScope(t *testing.T) {
	e := newTestEnv(t, Config{})
	// Audit rows in both centres: each account's creation, login and password change.
	e.user("clerk_a", bianmin.RoleClerk, e.centreA)
	e.user("clerk_b", bianmin.RoleClerk, e.centreB)
	objB := "user:" + fmt.Sprint(e.account("clerk_b").ID)

	audA := e.user("aud_a", bianmin.RoleAuditAdmin, e.centreA)
	seen, named := e.auditCentres(audA, objB)
	if seen[e.centreA] == 0 || seen[e.centreB] != 0 || named {
		t.Errorf("A's audit administrator sees rows per centre %v (B's clerk named: %v); want A's and none of B's", seen, named)
	}
	csv := e.do("GET", "/api/v1/audit/export?format=csv", audA, "")
	if body := ok200(t, "CSV export", csv); strings.Contains(body, "clerk_b") {
		t.Error("A's audit export contains B's clerk")
	}
	inspA := e.user("insp_a", bianmin.RoleInspector, e.centreA)
	if seen, named := e.auditCentres(inspA, objB); seen[e.centreB] != 0 || named {
		t.Errorf("A's inspector sees B's audit rows: %v", seen)
	}

	// A business grant at B does not carry the audit role there.
	mixed := e.userWith("aud_a_clerk_b",
		bianmin.Grant{Role: bianmin.RoleAuditAdmin, CentreID: e.centreA},
		bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.centreB})
	if seen, named := e.auditCentres(mixed, objB); seen[e.centreB] != 0 || named {
		t.Errorf("an audit administrator of A who is also a clerk at B sees B's audit rows: %v", seen)
	}

	// County-level grants see both centres.
	audC := e.user("aud_county", bianmin.RoleAuditAdmin, e.county)
	if seen, _ := e.auditCentres(audC, objB); seen[e.centreA] == 0 || seen[e.centreB] == 0 {
		t.Errorf("the county audit administrator sees rows per centre %v; want A's and B's", seen)
	}
}

func calendarDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
