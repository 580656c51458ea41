package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// TestPolicyPage: a system administrator reads every parameter with its rule
// ID, submits a document with an out-of-range value and is told the line and
// the parameter with nothing stored, then stores a valid change effective
// the next working day as version 1.
func TestPolicyPage(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "sysadmin", initialPw, bianmin.RoleSysAdmin)
	ctx := browser(t)
	loginChanged(t, ctx, srv.base, "sysadmin")
	open(t, ctx, srv.base+"/admin/policy")

	if got := text(t, ctx, "#policy-version"); !strings.Contains(got, "第 0 版") {
		t.Errorf("fresh centre: %q, want version 0", got)
	}
	var idle policy.Param
	for _, p := range policy.Params(policy.Default()) {
		if p.Path == "security.idle_timeout_minutes" {
			idle = p
		}
	}
	if idle.Rule == "" {
		t.Fatal("policy has no security.idle_timeout_minutes rule")
	}
	row := `#params tr[data-path="security.idle_timeout_minutes"]`
	if got := text(t, ctx, row+" td:nth-child(3)"); got != idle.Rule {
		t.Errorf("idle timeout rule cell = %q, want %q", got, idle.Rule)
	}
	if got := text(t, ctx, row+" td:nth-child(2)"); got != "15" {
		t.Errorf("idle timeout value = %q, want 15", got)
	}
	if n := js[int](t, ctx, `[...document.querySelectorAll("#params tbody tr")].filter(r => r.cells[2].textContent.trim() === "").length`); n != 0 {
		t.Errorf("%d parameters have no rule ID", n)
	}

	doc := js[string](t, ctx, `document.querySelector("#document").value`)
	line := 0
	for i, l := range strings.Split(doc, "\n") {
		if strings.Contains(l, "idle_timeout_minutes: 15") {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatalf("the document has no line idle_timeout_minutes: 15:\n%s", doc)
	}

	// An out-of-range value: the message names the line and the parameter,
	// the edited text stays in the form, and no version is stored.
	setValue(t, ctx, "#document", strings.Replace(doc, "idle_timeout_minutes: 15", "idle_timeout_minutes: 99", 1))
	submit(t, ctx, "#policy-save")
	msg := text(t, ctx, "#form-errors")
	if !strings.Contains(msg, fmt.Sprintf("第 %d 行", line)) || !strings.Contains(msg, "security.idle_timeout_minutes") {
		t.Errorf("invalid document: message %q should name line %d and security.idle_timeout_minutes", msg, line)
	}
	if v := js[string](t, ctx, `document.querySelector("#document").value`); !strings.Contains(v, "idle_timeout_minutes: 99") {
		t.Error("the refused document was not kept in the form")
	}
	srv.wantPolicyVersions(t, centre, 0)
	if got := text(t, ctx, "#policy-version"); !strings.Contains(got, "第 0 版") {
		t.Errorf("after a refused save: %q", got)
	}

	// A back-dated version is refused by field.
	setValue(t, ctx, "#document", doc)
	setValue(t, ctx, "#effective_from", "2020-01-02")
	submit(t, ctx, "#policy-save")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "生效日期") {
		t.Errorf("back-dated version: message %q does not name 生效日期", got)
	}
	srv.wantPolicyVersions(t, centre, 0)

	// A valid change from the next working day is stored as version 1; the
	// version in force today is still 0.
	cal, err := srv.svc.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	next := cal.AddWorkingDays(calendar.DateOf(time.Now()), 1).String()
	setValue(t, ctx, "#document", strings.Replace(doc, "idle_timeout_minutes: 15", "idle_timeout_minutes: 20", 1))
	setValue(t, ctx, "#effective_from", next)
	setValue(t, ctx, "#note", "空闲超时改为 20 分钟")
	submit(t, ctx, "#policy-save")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已保存第 1 版") || !strings.Contains(got, next) {
		t.Errorf("valid save: page says %q", got)
	}
	if got := text(t, ctx, "#versions tbody tr:first-child"); !strings.HasPrefix(got, "1") || !strings.Contains(got, next) ||
		!strings.Contains(got, "空闲超时改为 20 分钟") || !strings.Contains(got, "sysadmin") {
		t.Errorf("versions table row = %q", got)
	}
	if got := text(t, ctx, "#policy-version"); !strings.Contains(got, "第 0 版") {
		t.Errorf("a version from %s is already in force: %q", next, got)
	}
	srv.wantPolicyVersions(t, centre, 1)
}

func (s *server) wantPolicyVersions(t *testing.T, centre int64, n int) {
	t.Helper()
	vs, err := s.svc.PolicyVersions(context.Background(), bianmin.SystemActor("e2e"), centre)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != n {
		t.Fatalf("stored policy versions = %d, want %d", len(vs), n)
	}
}
