package e2e

import (
	"testing"

	"bianmin/internal/testutil"
)

// TestCaseClockAndRefusalInBrowser walks the case page's forms that the
// processing walk does not: w1a pauses the clock for a site inspection with
// a written notice (R1.12) and resumes it; the director extends the case
// once by five working days with a reason (C-2, R1.8), and the form is gone
// afterwards; w1b reviews and chief1 refuses the licence with reasons and
// the legal basis, which issues the refusal decision (R1.16).
func TestCaseClockAndRefusalInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			id := h.acceptCase(t, h.licence)

			w1a := browser(t)
			loginChanged(t, w1a, h.srv.base, "w1a")
			open(t, w1a, h.casePage(id))
			wantText(t, w1a, "#case-due", "2026-03-09（C-0）")
			setValue(t, w1a, "#pause-kind", "special")
			setValue(t, w1a, "#pause-procedure", "inspection")
			setValue(t, w1a, "#pause-reason", "经营场所需现场核查")
			setValue(t, w1a, "#pause-days", "3")
			submit(t, w1a, "#pause-submit")
			wantText(t, w1a, "#case-pauses tr[data-kind=special]", "经营场所需现场核查")
			wantText(t, w1a, "#case-notices", "特别程序告知书")
			setValue(t, w1a, "#resume-result", "核查完毕")
			submit(t, w1a, "#resume-submit")
			wantText(t, w1a, "#case-pauses tr[data-kind=special]", "核查完毕")
			wantText(t, w1a, "#case-due", "2026-03-09") // paused and resumed the same day: nothing moves

			director := staffOn(t, w1a, h.srv.base, "director", h.casePage(id))
			setValue(t, director, "#extend-days", "5")
			setValue(t, director, "#extend-reason", "需征求相关部门意见")
			submit(t, director, "#extend-submit")
			wantText(t, director, "#case-due", "2026-03-16")
			wantText(t, director, "#case-extension", "需征求相关部门意见")
			wantText(t, director, "#case-notices", "延期办理告知书")
			if present(t, director, "#extend-form") {
				t.Fatal("the extension form is still offered after the one extension (R1.8)")
			}

			w1b := staffOn(t, w1a, h.srv.base, "w1b", h.casePage(id))
			passReview(t, w1b, "经营场所不符合要求")
			chief1 := staffOn(t, w1a, h.srv.base, "chief1", h.casePage(id))
			setValue(t, chief1, "#refuse-reason", "经营场所与食品安全要求不符")
			setValue(t, chief1, "#refuse-basis", "《食品经营许可管理办法》第十一条")
			submit(t, chief1, "#refuse-submit")
			wantText(t, chief1, "#case-status", "不予许可")
			wantText(t, chief1, "#case-notices", "不予许可决定书")
		})
	}
}
