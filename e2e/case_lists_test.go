package e2e

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/testutil"
)

// TestInquiryHandedAndCaseListFilteredInBrowser walks the forms the other
// walks leave out: the guide records a desk inquiry and hands it to window
// 1, whose A post sees it as first-receipt owner and closes it as handed
// (FI-1, FI-2); and a clerk filters the staff case list by status, which
// shows the accepted case under "accepted" and not under "completed".
func TestInquiryHandedAndCaseListFilteredInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			id := strconv.FormatInt(h.acceptCase(t, h.licence), 10)

			guide := browser(t)
			loginChanged(t, guide, h.srv.base, "guide")
			open(t, guide, h.srv.base+"/inquiries")
			setValue(t, guide, "#inq-channel", "guide")
			run(t, guide,
				chromedp.SendKeys(chromedp.CSS("#inq-name"), "孙八"),
				chromedp.SendKeys(chromedp.CSS("#inq-question"), "办理食品经营许可要到哪个窗口？"),
			)
			submit(t, guide, "#inquiry-submit")
			qid := js[string](t, guide, `document.querySelector("#inquiries-mine tr[data-id]").dataset.id`)
			setValue(t, guide, "#hand-window-"+qid, strconv.FormatInt(h.windows[1], 10))
			submit(t, guide, "#hand-"+qid)
			wantText(t, guide, `#inquiries-mine tr[data-id="`+qid+`"]`, "1号窗口")

			w1a := staffOn(t, guide, h.srv.base, "w1a", h.srv.base+"/inquiries")
			wantText(t, w1a, `#inquiries-mine tr[data-id="`+qid+`"]`, "办理食品经营许可要到哪个窗口？")
			setValue(t, w1a, "#close-outcome-"+qid, "handed")
			setValue(t, w1a, "#close-explanation-"+qid, "已在 1 号窗口受理")
			submit(t, w1a, "#close-"+qid)
			if present(t, w1a, `#inquiries-mine tr[data-id="`+qid+`"]`) {
				t.Fatal("a closed inquiry is still listed as open work")
			}

			open(t, w1a, h.srv.base+"/cases")
			setValue(t, w1a, "#cases-status", "accepted")
			submit(t, w1a, "#cases-apply")
			wantText(t, w1a, `#cases tr[data-case="`+id+`"]`, "食品经营许可")
			setValue(t, w1a, "#cases-status", "completed")
			submit(t, w1a, "#cases-apply")
			if present(t, w1a, `#cases tr[data-case="`+id+`"]`) {
				t.Fatal("the accepted case is listed under completed")
			}
		})
	}
}
