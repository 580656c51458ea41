package e2e

import (
	"context"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
)

// TestAuditPage: an audit administrator searches the log by action and sees
// who, in which role, from where and with what result (SECURITY.md item 11),
// verifies the hash chain, downloads both exports, and is told by field
// when a date in the filter is malformed.
func TestAuditPage(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "auditadm", initialPw, bianmin.RoleAuditAdmin)
	srv.mustUser(t, centre, "clerk1", initialPw, bianmin.RoleClerk)
	if _, _, err := srv.svc.Login(context.Background(), "clerk1", "Wrong#Pass0000", "192.0.2.7", "e2e"); err == nil {
		t.Fatal("a wrong password logged in")
	}
	ctx := browser(t)
	loginChanged(t, ctx, srv.base, "auditadm")
	open(t, ctx, srv.base+"/audit")

	setValue(t, ctx, "#f-action", "auth.login")
	submit(t, ctx, "#audit-search")
	type row struct{ Actor, Role, Source, Action, Object, Result string }
	rows := js[[]row](t, ctx, `[...document.querySelectorAll("#audit-rows tbody tr[data-seq]")].map(r => {
		const c = [...r.cells].map(td => td.textContent.trim());
		return {Actor: c[2], Role: c[3], Source: c[4], Action: c[5], Object: c[6], Result: c[7]};
	})`)
	if len(rows) < 2 {
		t.Fatalf("auth.login search found %d rows, want the clerk's failure and the auditor's login", len(rows))
	}
	var ownLogin, failure bool
	for _, r := range rows {
		if !strings.HasPrefix(r.Action, "auth.login") {
			t.Errorf("search by auth.login shows %+v", r)
		}
		if r.Actor == "auditadm" && r.Role == "auditadmin" && r.Source == "127.0.0.1" && r.Result == "ok" {
			ownLogin = true
		}
		if r.Source == "192.0.2.7" && r.Result != "ok" && strings.HasPrefix(r.Object, "user ") {
			failure = true
		}
	}
	if !ownLogin || !failure {
		t.Errorf("rows lack the auditor's own login (%v) or the clerk's failed one (%v): %+v", ownLogin, failure, rows)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "共 ") {
		t.Errorf("the page does not say how many rows matched: %q", got)
	}

	// Verify the chain: the report says it is intact.
	submit(t, ctx, "#audit-verify")
	if got := text(t, ctx, "#verify-report"); !strings.Contains(got, "审计日志完整") {
		t.Errorf("verify report = %q", got)
	}
	if cls := js[string](t, ctx, `document.querySelector("#verify-report").className`); cls != "notice" {
		t.Errorf("an intact chain is shown as %q", cls)
	}

	// The export links answer with the file types they promise, filtered as shown.
	open(t, ctx, srv.base+"/audit?action=auth.login")
	for _, c := range []struct{ link, ctype, sig string }{
		{"#export-csv", "text/csv", "auth.login"},
		{"#export-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
	} {
		href := js[string](t, ctx, `document.querySelector("`+c.link+`").getAttribute("href")`)
		if !strings.Contains(href, "action=auth.login") {
			t.Errorf("%s does not carry the filter: %s", c.link, href)
		}
		got := fetchGet(t, ctx, href)
		if got.Status != 200 || !strings.HasPrefix(got.Type, c.ctype) || !strings.Contains(got.Body, c.sig) {
			t.Errorf("%s (%s): status %d, type %q, body starts %.40q", c.link, href, got.Status, got.Type, got.Body)
		}
		if c.link == "#export-csv" && strings.Contains(got.Body, "audit.search") {
			t.Errorf("the CSV export ignored the action filter")
		}
	}

	// A malformed date: the message names the field, in the page's language.
	open(t, ctx, srv.base+"/audit?from=2026-13-01")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "起始日期") {
		t.Errorf("bad from date: message %q does not name 起始日期", got)
	}
}
