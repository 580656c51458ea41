package e2e

import (
	"context"
	"strings"
	"testing"

	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// caseNoAndCode returns a case's number and the query code printed on its
// acceptance notice (setup only). The "accepted" message to the applicant
// carries the code too, but staff and the database see only its mark.
func (h *caseHall) caseNoAndCode(t *testing.T, id int64) (string, string) {
	t.Helper()
	var no string
	err := h.srv.svc.DB.Read(context.Background(), func(tx *store.Tx) error {
		c, err := store.CaseByID(context.Background(), tx, id)
		if err == nil {
			no = c.CaseNo
		}
		return err
	})
	if err != nil || h.codes[id] == "" {
		t.Fatalf("case %d: %v, code %q", id, err, h.codes[id])
	}
	return no, h.codes[id]
}

// A citizen, not logged in, looks up a case with the case number and the
// query code (C-8): a wrong code and an unknown number get the same
// message; the right code shows the status, the masked name and the steps,
// and neither the page nor its address holds the code, the ID number or
// the phone (SECURITY.md items 25, 32).
func TestProgressQueryInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			caseNo, code := h.caseNoAndCode(t, h.acceptCase(t, h.licence))
			wrong := "ZZZZZZZZ"
			if code == wrong {
				wrong = "YYYYYYYY"
			}
			citizen := browser(t)
			ask := func(no, c string) {
				open(t, citizen, h.srv.base+"/progress")
				setValue(t, citizen, "#progress-case-no", no)
				setValue(t, citizen, "#progress-code", c)
				submit(t, citizen, "#progress-submit")
			}
			ask(caseNo, wrong)
			wrongMsg := text(t, citizen, "#form-errors")
			if !strings.Contains(wrongMsg, "没有找到与该办件编号和查询码相符的办件") || present(t, citizen, "#progress-result") {
				t.Fatalf("wrong code: %q", wrongMsg)
			}
			ask("44030520260302001999999", code)
			if unknown := text(t, citizen, "#form-errors"); unknown != wrongMsg {
				t.Fatalf("unknown number says %q, wrong code %q: want the same", unknown, wrongMsg)
			}

			ask(caseNo, strings.ToLower(code))
			wantText(t, citizen, "#progress-no", caseNo)
			wantText(t, citizen, "#progress-status", "已受理")
			wantText(t, citizen, "#progress-item", "食品经营许可")
			wantText(t, citizen, "#progress-due", "2026-03-09（C-0）")
			if got := text(t, citizen, "#progress-applicant"); got != "李*" {
				t.Fatalf("applicant shown as %q, want 李* (masking.public_name)", got)
			}
			wantText(t, citizen, `#progress-steps tr[data-step="受理"]`, "已办")
			wantText(t, citizen, `#progress-steps tr[data-step="审查"]`, "待办")
			page := js[string](t, citizen, "document.documentElement.outerHTML")
			for _, secret := range []string{code, "13712345678", "李四", "440305198503020"} {
				if strings.Contains(page, secret) {
					t.Fatalf("the progress page shows %q", secret)
				}
			}
			if loc := js[string](t, citizen, "location.pathname + location.search"); loc != "/progress" {
				t.Fatalf("the answer's address is %q: nothing may go in the URL", loc)
			}
			open(t, citizen, h.srv.base+"/results")
			wantText(t, citizen, "#results", "暂无办结公告")
		})
	}
}
