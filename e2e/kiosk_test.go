package e2e

import (
	"context"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	goqr "github.com/piglig/go-qr"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// TestKioskTicketAndGuideDesk walks the issuing half of issue 4's day: the
// director sets up a queue and registers a kiosk on /admin/queues; the
// kiosk's browser opens the one-time pairing address and becomes the
// kiosk; a citizen takes ticket A001 in three taps (queue, item, 取号) and
// gets the 80 mm receipt with people ahead, the QR code and the address of
// the status page, which shows the ticket waiting on a phone; a guide
// issues a green-channel ticket at the guide desk (Q-1, Q-2, Q-6;
// SECURITY.md items 44, 45).
func TestKioskTicketAndGuideDesk(t *testing.T) {
	srv := startServer(t, true)
	srv.Service.Clock.(*bianmin.TestClock).Set(time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai), true) // a Monday in the morning session
	centre := srv.mustCentre(t)
	srv.seedGuide(t, centre) // 社会保障所 with the published item SB-0001 职工参保登记
	srv.mustUser(t, centre, "director", initialPw, bianmin.RoleDirector)
	srv.mustUser(t, centre, "guide", initialPw, bianmin.RoleGuide)
	ctx := browser(t)

	loginChanged(t, ctx, srv.base, "director")
	open(t, ctx, srv.base+"/admin/queues")
	setValue(t, ctx, "#qn-prefix", "A")
	setValue(t, ctx, "#qn-name", "社保")
	setValue(t, ctx, "#qn-name-en", "Social insurance")
	run(t, ctx, chromedp.SetValue(chromedp.CSS("#qn-icon"), "shebao"))
	js[bool](t, ctx, `(() => { document.querySelector("#queue-new input[name=department_ids]").checked = true; return true; })()`)
	submit(t, ctx, "#queue-create")
	if got := text(t, ctx, "#queue-table tr[data-prefix=A]"); !strings.Contains(got, "社会保障所") {
		t.Fatalf("queue row: %q", got)
	}
	setValue(t, ctx, "#dn-name", "一楼取号机")
	submit(t, ctx, "#device-create")
	pairURL := js[string](t, ctx, `document.querySelector("#pairing-url").href`)
	code := text(t, ctx, "#pairing-code")
	if !strings.Contains(pairURL, "/device/pair?code="+code) {
		t.Fatalf("pairing address %q for code %q", pairURL, code)
	}

	kiosk := otherBrowser(t, ctx)
	open(t, kiosk, srv.base+"/kiosk")
	if got := text(t, kiosk, "main"); !strings.Contains(got, "已登记的大厅设备") {
		t.Fatalf("an unpaired browser opened the kiosk: %q", got)
	}
	open(t, kiosk, pairURL)
	if got := js[string](t, kiosk, `document.querySelector("#pair-code").value`); got != code {
		t.Fatalf("pairing form prefilled with %q", got)
	}
	submit(t, kiosk, "#pair-submit")
	if path := js[string](t, kiosk, "location.pathname"); path != "/kiosk" {
		t.Fatalf("pairing opened %s", path)
	}
	open(t, ctx, srv.base+"/admin/queues")
	if got := text(t, ctx, `#device-table tr[data-device="一楼取号机"] .paired`); got != "已配对" {
		t.Fatalf("the kiosk's row says %q", got)
	}
	if present(t, ctx, "#pairing-code") {
		t.Fatal("the pairing code is shown again")
	}

	submit(t, kiosk, "#lang-switch")
	if got := text(t, kiosk, "h1"); got != "Choose your service" {
		t.Fatalf("English kiosk heading %q", got)
	}
	submit(t, kiosk, "#lang-switch")

	// Three taps: the queue, the item, 取号.
	submit(t, kiosk, "a.kiosk-tile[data-prefix=A]")
	submit(t, kiosk, "a.kiosk-tile[data-code=SB-0001]")
	if got := text(t, kiosk, "#confirm-item"); got != guideItemName {
		t.Fatalf("confirmation shows %q", got)
	}
	submit(t, kiosk, "#kiosk-issue")
	if got := text(t, kiosk, "#r-code"); got != "A001" {
		t.Fatalf("receipt code %q", got)
	}
	if got := js[string](t, kiosk, `document.querySelector("#r-ahead").dataset.ahead`); got != "0" {
		t.Fatalf("people ahead %q", got)
	}
	if _, err := chromedp.Run(kiosk, chromedp.Poll[bool](`document.querySelector("#r-qr").complete && document.querySelector("#r-qr").naturalWidth > 100`)); err != nil {
		t.Fatalf("QR code image: %v", err)
	}
	statusURL := text(t, kiosk, "#r-url")
	if !strings.HasPrefix(statusURL, srv.base+"/t/") {
		t.Fatalf("receipt address %q", statusURL)
	}
	if got := decodeQR(t, srv.base+js[string](t, kiosk, `document.querySelector("#r-qr").getAttribute("src")`)); got != statusURL {
		t.Fatalf("the QR code says %q, the receipt %q", got, statusURL)
	}
	if got := js[string](t, kiosk, `getComputedStyle(document.querySelector(".receipt-actions")).display`); got == "none" {
		t.Fatal("the receipt actions are hidden on screen")
	}

	phone := otherBrowser(t, ctx)
	open(t, phone, statusURL)
	if got := text(t, phone, "#ts-code"); got != "A001" {
		t.Fatalf("status page code %q", got)
	}
	if got := js[string](t, phone, `document.querySelector("#ts-status [data-status=waiting]:not([hidden])")?.textContent || ""`); got != "等候中" {
		t.Fatalf("status page does not show waiting: %q", got)
	}
	if got := text(t, phone, "#ts-ahead"); got != "0" {
		t.Fatalf("status page ahead %q", got)
	}

	desk := otherBrowser(t, ctx)
	loginChanged(t, desk, srv.base, "guide")
	open(t, desk, srv.base+"/guide-desk")
	choice := js[string](t, desk, `[...document.querySelectorAll("#gd-choice option")].find(o => o.textContent === "`+guideItemName+`").value`)
	run(t, desk, chromedp.SetValue(chromedp.CSS("#gd-choice"), choice), chromedp.SetValue(chromedp.CSS("#gd-green"), "disabled"))
	submit(t, desk, "#gd-issue")
	if got := text(t, desk, "#gd-issued"); !strings.Contains(got, "A002") || !strings.Contains(got, "绿色通道") {
		t.Fatalf("guide desk shows %q", got)
	}
	submit(t, desk, "#gd-print")
	if got := text(t, desk, "#r-code"); got != "A002" || !present(t, desk, "#r-green") {
		t.Fatalf("guide desk receipt %q", got)
	}

	// The green ticket goes first: A001 now has one person ahead.
	open(t, phone, statusURL)
	if got := text(t, phone, "#ts-ahead"); got != "1" {
		t.Fatalf("after the green ticket A001 has %q ahead", got)
	}
	checkNoPersonalData(t, phone)

	// The status API allows 30 requests a minute per address, then 429
	// with Retry-After (SECURITY.md item 33).
	api := "/api/v1/public/tickets/" + strings.TrimPrefix(statusURL, srv.base+"/t/")
	limited := js[struct {
		N     int    `json:"n"`
		Retry string `json:"retry"`
	}](t, phone, `(async () => { for (let i = 1; i <= 40; i++) { const r = await fetch(`+jsString(api)+`);
		if (r.status === 429) return {n: i, retry: r.headers.get("Retry-After") || ""}; } return {n: 0, retry: ""}; })()`)
	if limited.N == 0 || limited.N > 30 || limited.Retry == "" {
		t.Fatalf("status API limit: %+v", limited)
	}

	// The kiosk's API: a retry with the same Idempotency-Key gets the same
	// ticket, 201 first and 200 replayed (SECURITY.md item 45).
	type issued struct {
		Status   int    `json:"status"`
		Code     string `json:"code"`
		Replayed bool   `json:"replayed"`
	}
	issue := `fetch("/api/v1/kiosk/menu").then(r => r.json()).then(m => fetch("/api/v1/kiosk/tickets", {method: "POST",
		headers: {"Content-Type": "application/json", "Idempotency-Key": "e2e-retry-1"}, body: JSON.stringify({queue_id: m.queues[0].queue.id})}))
		.then(async r => { const v = await r.json(); return {status: r.status, code: v.ticket.code, replayed: v.replayed}; })`
	first, again := js[issued](t, kiosk, issue), js[issued](t, kiosk, issue)
	if first.Status != 201 || first.Code != "A003" || again.Status != 200 || again.Code != "A003" || !again.Replayed {
		t.Fatalf("idempotent API issue: %+v then %+v", first, again)
	}

	// A001 missed its calls (the console's part, done here in the
	// database); the guide reactivates it from the desk's no-show list.
	err := srv.Service.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), "UPDATE tickets SET status = 'no_show', call_count = 3 WHERE prefix = 'A' AND number = 1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	open(t, desk, srv.base+"/guide-desk")
	submit(t, desk, "#no-show-table tr[data-code=A001] button.reactivate")
	if got := text(t, desk, "#notice"); !strings.Contains(got, "重新激活") || present(t, desk, "#no-show-table tr[data-code=A001]") {
		t.Fatalf("reactivation: %q", got)
	}
}

// decodeQR fetches a QR code image and reads it back.
func decodeQR(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatalf("QR code %s: %v", url, err)
	}
	text, err := goqr.Decode(img)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	return text
}

// checkNoPersonalData fails if a page shows an unmasked ID or mobile number
// (SECURITY.md item 25).
func checkNoPersonalData(t *testing.T, ctx context.Context) {
	t.Helper()
	if js[bool](t, ctx, `/\d{17}[\dXx]|1[3-9]\d{9}/.test(document.body.innerText)`) {
		t.Fatal("the page shows personal data")
	}
}
