package e2e

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bianmin/internal/service"
	"bianmin/internal/testutil"
)

// forbiddenPhrases are service taboos 服务忌语 that no notice may carry (ON-5).
var forbiddenPhrases = []string{"不知道", "不归我管", "不清楚", "找别人", "不关我的事", "下班了", "没空"}

// issueTicket gives a citizen the next ticket of queue A at the guide desk
// (setup only).
func (h *caseHall) issueTicket(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	_, guide, err := h.srv.svc.Login(ctx, "guide", initialPw, "127.0.0.1", "e2e")
	if err != nil {
		t.Fatal(err)
	}
	it, err := h.srv.svc.IssueByStaff(ctx, guide, h.centre, service.IssueRequest{QueueID: h.queueA})
	if err != nil {
		t.Fatal(err)
	}
	return it.Ticket.Code
}

// printNotice prints the case page's (first) notice of a kind (the print is
// counted, R1.4), checks the view, prints it to PDF through Chromium and
// returns the view's text and the PDF's text, both without spaces.
func printNotice(t *testing.T, ctx context.Context, kind string) (shown, printed string) {
	t.Helper()
	submit(t, ctx, `#case-notices button[data-kind="`+kind+`"]`)
	if present(t, ctx, "#nav") || present(t, ctx, "header") {
		t.Error("the print view shows the site's navigation")
	}
	shown = squeeze(js[string](t, ctx, "document.body.innerText"))
	var doc *pdfDoc
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err == nil {
		doc, err = parsePDF(pdf)
	}
	if err != nil {
		t.Fatalf("print the %s notice to PDF: %v", kind, err)
	}
	if len(doc.Pages) != 1 {
		t.Errorf("the %s notice takes %d pages, want 1", kind, len(doc.Pages))
	}
	if w, hh := doc.Pages[0].Width, doc.Pages[0].Height; !near(w, 595.3) || !near(hh, 841.9) {
		t.Errorf("page size %.1f × %.1f pt, want A4", w, hh)
	}
	printed = squeeze(doc.Text())
	for _, bad := range forbiddenPhrases {
		if strings.Contains(printed, bad) || strings.Contains(shown, bad) {
			t.Errorf("the %s notice says %q (ON-5)", kind, bad)
		}
	}
	return shown, printed
}

// wantPrinted fails unless every string is in the print view and the PDF.
func wantPrinted(t *testing.T, shown, printed string, want ...string) {
	t.Helper()
	for _, w := range want {
		if w = squeeze(w); !strings.Contains(printed, w) || !strings.Contains(shown, w) {
			t.Errorf("the notice lacks %q (view: %v, PDF: %v)", w, strings.Contains(shown, w), strings.Contains(printed, w))
		}
	}
}

var queryCodeText = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{8}$`)

// A clerk serving a ticket at window 1 starts a case from the console,
// ticks 申请表 received and leaves 身份证 and 场地证明 missing: the
// supplement notice lists both (ON-2) and prints on A4 with the centre,
// the numbers, the rule and the seal placeholder (R1.4); the applicant
// comes back, the materials are ticked and the case accepted (C-1): the
// acceptance notice shows the due date and the query code (R3.13,
// SECURITY.md item 32), and a reprint is numbered.
func TestCaseIntakeInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			code := h.issueTicket(t)
			ctx := browser(t)
			loginChanged(t, ctx, h.srv.base, "w1a")
			open(t, ctx, h.console(1))
			press(t, ctx, "o")
			wantText(t, ctx, "#window-state", "服务中")
			press(t, ctx, "n")
			wantText(t, ctx, "#current-code", code)
			submit(t, ctx, "#start-case")
			wantText(t, ctx, "#intake-ticket", code)
			setValue(t, ctx, "#intake-item", strconv.FormatInt(h.licence, 10))
			submit(t, ctx, "#intake-choose-item")
			wantText(t, ctx, "#intake-item-name", "食品经营许可")
			checkContrast(t, ctx, "intake")
			run(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#applicant-name"), "张三丰"),
				chromedp.SendKeys(chromedp.CSS("#id-number"), "11010519491231002X"),
				chromedp.SendKeys(chromedp.CSS("#phone"), "13800138000"),
			)
			setValue(t, ctx, "#intake-materials-state-1", "original")
			if got := js[string](t, ctx, `[2,3,4].map(n => document.querySelector("#intake-materials-state-" + n).value).join(",")`); got != "missing,missing,not_needed" {
				t.Fatalf("checklist defaults %q", got)
			}
			setValue(t, ctx, "#intake-outcome", "supplement")
			submit(t, ctx, "#intake-submit")
			wantText(t, ctx, "#notice", "补正通知书已生成")
			wantText(t, ctx, "#case-status", "待补正")
			caseNo := text(t, ctx, "#case-no")
			caseURL := js[string](t, ctx, "location.pathname")
			doc := js[string](t, ctx, `document.querySelector('#case-notices tr[data-kind="supplement"]').dataset.doc`)
			if body := js[string](t, ctx, "document.body.innerText"); strings.Contains(body, "11010519491231002X") || strings.Contains(body, "13800138000") {
				t.Fatal("the case page shows the ID number or phone in clear")
			}

			shown, printed := printNotice(t, ctx, "supplement")
			wantPrinted(t, shown, printed, "南湖街道便民服务中心", "申请材料补正通知书", caseNo, doc, "身份证", "场地证明",
				"ON-2", "〔印章〕", "2026年3月2日", "张*丰", "您好")
			if strings.Contains(printed, "申请表") {
				t.Error("the supplement notice asks for 申请表, which was handed in")
			}

			// The applicant returns with both (R1.6) and the case is accepted (C-1).
			open(t, ctx, h.srv.base+caseURL)
			setValue(t, ctx, "#case-lines-state-2", "original")
			setValue(t, ctx, "#case-lines-state-3", "copy")
			submit(t, ctx, "#materials-submit")
			wantText(t, ctx, "#notice", "材料情况已保存")
			wantText(t, ctx, `#case-materials tr[data-name="场地证明"]`, "已收复印件")
			setValue(t, ctx, "#decide-outcome", "accept")
			submit(t, ctx, "#decide-submit")
			wantText(t, ctx, "#notice", "已受理")
			wantText(t, ctx, "#case-status", "已受理")
			if present(t, ctx, "#decide-form") || present(t, ctx, "#materials-form") {
				t.Error("intake forms still offered after acceptance")
			}
			accDoc := js[string](t, ctx, `document.querySelector('#case-notices tr[data-kind="acceptance"]').dataset.doc`)

			shown, printed = printNotice(t, ctx, "acceptance")
			wantPrinted(t, shown, printed, "受理通知书", caseNo, accDoc, "2026-03-09", "C-0", "王芳", "查询码", "〔印章〕", "C-1")
			qc := text(t, ctx, "#notice-query-code")
			if !queryCodeText.MatchString(qc) || !strings.Contains(printed, qc) {
				t.Fatalf("query code %q on the notice", qc)
			}
			if present(t, ctx, "#notice-reprint") {
				t.Error("the first print says reprint")
			}
			// A reprint is numbered and shows the same code.
			open(t, ctx, h.srv.base+caseURL)
			_, printed = printNotice(t, ctx, "acceptance")
			wantText(t, ctx, "#notice-reprint", "第 2 次打印（补打）")
			if !strings.Contains(printed, qc) || !strings.Contains(printed, "第2次打印（补打）") {
				t.Error("the reprint lacks the query code or its number")
			}

			// The English rendering: the preview shows no query code and counts nothing.
			open(t, ctx, h.srv.base+caseURL)
			submit(t, ctx, "#lang-switch")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#case-notices tr[data-kind="acceptance"] a`)), chromedp.WaitVisible(chromedp.CSS("#notice-title")))
			wantText(t, ctx, "#notice-title", "Notice of acceptance")
			wantText(t, ctx, "#notice-centre", "Nanhu Street Service Centre")
			wantText(t, ctx, "#notice-query-code", "shown when printed")
			wantText(t, ctx, "#notice-rule", "Rule applied: C-1")
			open(t, ctx, h.srv.base+caseURL)
			wantText(t, ctx, `#case-notices tr[data-kind="acceptance"]`, "Reprint")
			if n := text(t, ctx, `#case-notices tr[data-kind="acceptance"] td:nth-child(5)`); n != "2" {
				t.Errorf("prints after a preview: %q, want 2", n)
			}
		})
	}
}

// A phone call recorded at the guide desk waits for the duty leader (FI-3),
// who routes it to 市场监管所; its clerk sees and answers it, while a clerk
// of 民政办 never sees it.
func TestPhoneInquiryRoutedInBrowser(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			guide := browser(t)
			loginChanged(t, guide, h.srv.base, "guide")
			open(t, guide, h.srv.base+"/inquiries")
			setValue(t, guide, "#inq-channel", "phone")
			run(t, guide,
				chromedp.SendKeys(chromedp.CSS("#inq-name"), "钱七"),
				chromedp.SendKeys(chromedp.CSS("#inq-phone"), "13912345678"),
				chromedp.SendKeys(chromedp.CSS("#inq-question"), "食品经营许可需要带哪些材料？"),
			)
			submit(t, guide, "#inquiry-submit")
			wantText(t, guide, "#notice", "已登记")
			wantText(t, guide, "#inquiries-mine", "待值班领导分派")
			wantText(t, guide, "#inquiries-mine", "139****5678")
			wantText(t, guide, "#inquiries-mine", "钱*")
			if strings.Contains(js[string](t, guide, "document.body.innerText"), "13912345678") {
				t.Fatal("the caller's phone is shown in clear")
			}

			lead := otherBrowser(t, guide)
			loginChanged(t, lead, h.srv.base, "dutylead")
			open(t, lead, h.srv.base+"/inquiries")
			wantText(t, lead, "#inquiries-routing", "食品经营许可需要带哪些材料？")
			id := js[string](t, lead, `document.querySelector("#inquiries-routing tr[data-id]").dataset.id`)
			setValue(t, lead, "#route-dept-"+id, strconv.FormatInt(h.dept1, 10))
			submit(t, lead, "#route-"+id)
			wantText(t, lead, "#notice", "已分派")
			wantText(t, lead, "#inquiries-routing", "暂无待分派事项")

			w2a := otherBrowser(t, guide)
			loginChanged(t, w2a, h.srv.base, "w2a")
			open(t, w2a, h.srv.base+"/inquiries")
			if present(t, w2a, `#inquiries-mine tr[data-id="`+id+`"]`) {
				t.Fatal("a clerk of 民政办 sees a call routed to 市场监管所")
			}

			w1a := otherBrowser(t, guide)
			loginChanged(t, w1a, h.srv.base, "w1a")
			open(t, w1a, h.srv.base+"/inquiries")
			wantText(t, w1a, `#inquiries-mine tr[data-id="`+id+`"]`, "市场监管所")
			setValue(t, w1a, "#answer-"+id, "已回电告知：申请表、身份证、场地证明。")
			submit(t, w1a, "#answer-submit-"+id)
			wantText(t, w1a, "#notice", "已答复")
			if present(t, w1a, `#inquiries-mine tr[data-id="`+id+`"]`) {
				t.Fatal("the answered record is still open")
			}
			open(t, guide, h.srv.base+"/inquiries")
			if present(t, guide, `#inquiries-mine tr[data-id="`+id+`"]`) {
				t.Fatal("the owner still sees the closed record")
			}
		})
	}
}
