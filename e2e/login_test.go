package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
)

const (
	initialPw = "Initial#Pass2026"
	newPw     = "Changed#Pass2026x"
)

// TestLoginRoleNavigationLanguageLogout walks a security administrator
// through the first login (forced password change, SECURITY.md item 2), the
// role's navigation, the English switch and logout.
func TestLoginRoleNavigationLanguageLogout(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "secadmin", initialPw, bianmin.RoleSecAdmin)
	ctx := browser(t)

	login(t, ctx, srv.base, "secadmin", initialPw)
	if got := text(t, ctx, "#must-change"); !strings.Contains(got, "修改密码") {
		t.Fatalf("first login should force a password change, page says %q", got)
	}
	changePassword(t, ctx, initialPw, newPw)
	run(t, ctx, chromedp.Navigate(srv.base+"/staff"), chromedp.WaitVisible(chromedp.CSS("#roles")))
	nav := text(t, ctx, "#nav")
	if !strings.Contains(nav, "账户管理") || strings.Contains(nav, "审计日志") {
		t.Errorf("secadmin navigation = %q, want 账户管理 and no 审计日志", nav)
	}

	// Create an account through the form; it shows up in the list.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`#nav a[href="/admin/users"]`)),
		chromedp.WaitVisible(chromedp.CSS("#new-user")),
		chromedp.SendKeys(chromedp.CSS("#nu-username"), "auditor1"),
		chromedp.SendKeys(chromedp.CSS("#nu-display"), "审计员甲"),
		chromedp.SetValue(chromedp.CSS("#nu-role"), "auditadmin"),
		chromedp.SendKeys(chromedp.CSS("#nu-password"), initialPw),
		chromedp.Click(chromedp.CSS("#create-user")),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-user="auditor1"]`)),
	)

	// English switch covers the layout and the page.
	submit(t, ctx, "#lang-switch")
	if got := text(t, ctx, "h1"); got != "Accounts" {
		t.Errorf("English heading = %q, want Accounts", got)
	}
	if got := text(t, ctx, "#nav"); !strings.Contains(got, "Workbench") {
		t.Errorf("English navigation = %q", got)
	}

	// Logout ends the session: the workbench asks for a login again.
	submit(t, ctx, "#logout")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "logged out") {
		t.Errorf("after logout: %q", got)
	}
	run(t, ctx, chromedp.Navigate(srv.base+"/staff"), chromedp.WaitVisible(chromedp.CSS("#login-submit")))
}

// TestRoleNavigationAndForbiddenPage: an audit administrator sees the audit
// log and not account management, and gets the 403 page there (SECURITY.md item 8).
func TestRoleNavigationAndForbiddenPage(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "auditadm", initialPw, bianmin.RoleAuditAdmin)
	ctx := browser(t)
	login(t, ctx, srv.base, "auditadm", initialPw)
	changePassword(t, ctx, initialPw, newPw)
	run(t, ctx, chromedp.Navigate(srv.base+"/staff"), chromedp.WaitVisible(chromedp.CSS("#roles")))
	nav := text(t, ctx, "#nav")
	if !strings.Contains(nav, "审计日志") || strings.Contains(nav, "账户管理") {
		t.Errorf("auditadmin navigation = %q", nav)
	}
	run(t, ctx, chromedp.Navigate(srv.base+"/admin/users"), chromedp.WaitVisible(chromedp.CSS("#error-message")))
	if got := text(t, ctx, "#error-message"); !strings.Contains(got, "无权") {
		t.Errorf("forbidden page says %q", got)
	}
}

// TestLockoutMessage: five wrong passwords lock the account and the page
// says so; the right password is then refused too (SECURITY.md item 3).
func TestLockoutMessage(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "clerk1", initialPw, bianmin.RoleClerk)
	ctx := browser(t)
	for i := 0; i < 5; i++ {
		login(t, ctx, srv.base, "clerk1", "Wrong#Pass0000")
	}
	login(t, ctx, srv.base, "clerk1", initialPw)
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "锁定") {
		t.Errorf("after 5 failures the correct password gave %q, want the lockout message", got)
	}
}
