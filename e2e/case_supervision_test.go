package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/testutil"
)

// moveClockAndSweep sets the server's test clock to a Shanghai wall-clock
// time and runs the supervision sweep, the job the server runs every
// minute (SUP-2), so the test need not wait for the minute to pass.
func (h *caseHall) moveClockAndSweep(t *testing.T, date string, hour int) {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02", date, bianmin.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Clock.(*bianmin.TestClock).Set(at.Add(time.Duration(hour)*time.Hour), false)
	if err := h.srv.svc.SweepSupervision(context.Background()); err != nil {
		t.Fatalf("sweep at %s: %v", date, err)
	}
}

// supCounts reads the board's three colour counts.
func supCounts(t *testing.T, ctx context.Context) string {
	t.Helper()
	return text(t, ctx, "#sup-green") + "/" + text(t, ctx, "#sup-yellow") + "/" + text(t, ctx, "#sup-red")
}

// The duty leader's supervision page shows an accepted 5-working-day
// licence green on Monday, yellow on Saturday (one working day left, R5.3)
// and red after the deadline of Monday 9 March (SUP-2), with the counts,
// the numbered warnings and the month's overdue count of the clerk; the
// clerk answers the red warning on the case page (R5.6) and the board
// shows the answer.
func TestSupervisionPageInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			if _, err := h.srv.svc.SavePolicyDocument(context.Background(), bianmin.SystemActor("e2e"), h.centre, "2026-03-02",
				[]byte("masking:\n  reveal_remask_seconds: 5\n"), "e2e: short reveal"); err != nil {
				t.Fatal(err)
			}
			id := h.acceptCase(t, h.licence)
			row := `#sup-cases tr[data-case="` + strconv.FormatInt(id, 10) + `"]`

			lead := browser(t)
			loginChanged(t, lead, h.srv.base, "dutylead")
			open(t, lead, h.srv.base+"/supervision")
			if got := supCounts(t, lead); got != "1/0/0" {
				t.Fatalf("Monday: counts green/yellow/red %s, want 1/0/0", got)
			}
			wantText(t, lead, row, "2026-03-09（C-0）")
			wantText(t, lead, row, "王芳")
			wantText(t, lead, "#sup-warnings", "没有预警")

			// Saturday 7 March: one working day is left (R5.3). The jump
			// ends the session (idle timeout), so the leader logs in again.
			h.moveClockAndSweep(t, "2026-03-07", 8)
			login(t, lead, h.srv.base, "dutylead", newPw)
			open(t, lead, h.srv.base+"/supervision")
			if got := supCounts(t, lead); got != "0/1/0" {
				t.Fatalf("Saturday: counts %s, want 0/1/0", got)
			}
			if c := js[string](t, lead, `document.querySelector(`+jsString(row)+`).dataset.colour`); c != "yellow" {
				t.Fatalf("Saturday: the case is %s, want yellow", c)
			}
			wantText(t, lead, `#sup-warnings tr[data-level="yellow"]`, "R5.3")
			wantText(t, lead, `#sup-warnings tr[data-level="yellow"]`, "JC2026")

			// Tuesday 10 March: overdue (SUP-2).
			h.moveClockAndSweep(t, "2026-03-10", 9)
			login(t, lead, h.srv.base, "dutylead", newPw)
			open(t, lead, h.srv.base+"/supervision")
			if got := supCounts(t, lead); got != "0/0/1" {
				t.Fatalf("Tuesday: counts %s, want 0/0/1", got)
			}
			wantText(t, lead, row, "红灯")
			wantText(t, lead, `#sup-warnings tr[data-level="red"]`, "已超过办结时限")
			wantText(t, lead, `#sup-overdue tr[data-clerk="`+strconv.FormatInt(h.ids["w1a"], 10)+`"]`, "1")

			// The clerk answers the red warning on the case page.
			w1a := otherBrowser(t, lead)
			loginChanged(t, w1a, h.srv.base, "w1a")
			open(t, w1a, h.casePage(id))
			red := `#case-warnings tr[data-level="red"]`
			wid := js[string](t, w1a, `document.querySelector(`+jsString(red)+`).dataset.warning`)
			setValue(t, w1a, "#answer-"+wid, "申请人补交材料延误，已电话联系，明日办结。")
			submit(t, w1a, "#answer-submit-"+wid)
			wantText(t, w1a, "#notice", "预警答复已记录")
			wantText(t, w1a, red, "申请人补交材料延误")
			if present(t, w1a, "#answer-"+wid) {
				t.Fatal("the answered warning still offers the answer form")
			}

			// The receiving clerk reveals the applicant's ID number for a
			// reason; the page masks it again after the policy's 5 seconds.
			setValue(t, w1a, "#reveal-reason", "核对身份后电话告知申请人")
			submit(t, w1a, "#reveal-submit")
			wantText(t, w1a, "#reveal-id", bianmin.WithIDCheck("44030519850302001"))
			wantText(t, w1a, "#reveal-phone", "13712345678")
			waitJS(t, w1a, `document.querySelector("#reveal-values").dataset.state === "masked"`, 10*time.Second, "masked again")
			wantText(t, w1a, "#reveal-id", "440***********")

			// The clerk's case list, and the exact search by ID number.
			caseNo := text(t, w1a, "#case-no")
			open(t, w1a, h.srv.base+"/cases")
			wantText(t, w1a, `#cases tr[data-case="`+strconv.FormatInt(id, 10)+`"]`, caseNo)
			wantText(t, w1a, "#my-warnings", "R5.3") // the yellow warning is still unanswered
			setValue(t, w1a, "#cases-id", bianmin.WithIDCheck("44030519850302001"))
			submit(t, w1a, "#cases-search-go")
			wantText(t, w1a, "#cases-h", "证件号码查找结果")
			if n := text(t, w1a, "#cases-count"); n != "1" {
				t.Fatalf("the search found %s cases, want 1", n)
			}
			if loc := js[string](t, w1a, "location.pathname + location.search"); loc != "/cases/search" {
				t.Fatalf("the search's address is %q: the ID number may not go in the URL", loc)
			}

			open(t, lead, h.srv.base+"/supervision")
			if a := js[string](t, lead, `document.querySelector('#sup-warnings tr[data-level="red"]').dataset.answered`); a != "1" {
				t.Fatal("the board does not show the red warning answered")
			}
			wantText(t, lead, `#sup-warnings tr[data-level="red"]`, "王芳")
			run(t, lead, chromedp.Navigate(h.srv.base+"/supervision?month=2026-02"), chromedp.WaitReady(chromedp.CSS("#sup-overdue")))
			wantText(t, lead, "#sup-overdue", "本月没有超期件")
		})
	}
}
