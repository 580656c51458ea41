package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// padHall sets up window 1 with a clerk (staff number and photo) on its A
// post and queue A, and returns the clerk's user, its actor and the window.
func padHall(t *testing.T, svc *service.Service, centre int64) (*bianmin.User, *bianmin.Actor, *bianmin.Window, *bianmin.Queue) {
	t.Helper()
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dept := &bianmin.Department{CentreID: centre, Name: "社会保障所", NameEN: "Social Security Office"}
	check(svc.SaveDepartment(ctx, sys, dept))
	u, err := svc.CreateUser(ctx, sys, service.NewUser{CentreID: centre, Username: "padclerk", DisplayName: "李秀英",
		Password: initialPw, Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: centre}}})
	check(err)
	photo, err := svc.SaveFile(ctx, sys, centre, "photo.png", padPhotoPNG(t))
	check(err)
	check(svc.SaveStaffProfile(ctx, sys, u.ID, service.StaffProfile{StaffNo: "NH007", DepartmentID: dept.ID, PhotoFileID: photo.ID}))
	w := &bianmin.Window{CentreID: centre, Number: "1", Name: "1号窗口", Kind: bianmin.WindowGeneral,
		DepartmentIDs: []int64{dept.ID}, AUserID: u.ID}
	check(svc.SaveWindow(ctx, sys, w))
	q := &bianmin.Queue{CentreID: centre, Prefix: "A", Name: "社保", NameEN: "Social insurance", Position: 1, Active: true,
		DepartmentIDs: []int64{dept.ID}, WindowIDs: []int64{w.ID}}
	check(svc.SaveQueue(ctx, sys, q))
	_, clerk, err := svc.Login(ctx, "padclerk", initialPw, "127.0.0.1", "e2e")
	check(err)
	check(svc.OpenWindow(ctx, clerk, w.ID))
	return u, clerk, w, q
}

func padPhotoPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 30, 40))
	for x := 0; x < 30; x++ {
		for y := 0; y < 40; y++ {
			img.Set(x, y, color.RGBA{R: 40, G: 90, B: byte(4 * y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPadRatingAndStatistics: a pad is paired for window 1; after a ticket
// is served there it shows the clerk's photo, name and staff number and the
// five levels for attitude and efficiency; the citizen chooses 满意 and
// 非常不满意 with a reason, sees the thank-you screen and the pad returns to
// idle. A staff session cannot rate (R4.8), and the director's statistics
// show one rating at the clerk, counted as bad (R4.1).
func TestPadRatingAndStatistics(t *testing.T) {
	srv := startServer(t, true)
	srv.Clock.(*bianmin.TestClock).Set(time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai), true)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "director", initialPw, bianmin.RoleDirector)
	u, clerk, w, q := padHall(t, srv.svc, centre)
	ctx, sys := context.Background(), bianmin.SystemActor("e2e")
	code, err := srv.svc.CreateDevice(ctx, sys, &bianmin.Device{CentreID: centre, Kind: bianmin.DevicePad, Name: "1号窗口评价器", WindowID: w.ID})
	if err != nil {
		t.Fatal(err)
	}
	pad := browser(t)
	open(t, pad, srv.base+"/device/pair?code="+code)
	submit(t, pad, "#pair-submit")
	if got := text(t, pad, "#pad-idle"); !strings.Contains(got, "办结后") {
		t.Fatalf("idle pad says %q", got)
	}

	if _, err := srv.svc.IssueByStaff(ctx, sys, centre, service.IssueRequest{QueueID: q.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.svc.CallNext(ctx, clerk, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := srv.svc.FinishService(ctx, clerk, w.ID, service.FinishRequest{Outcome: bianmin.OutcomeCompleted}); err != nil {
		t.Fatal(err)
	}
	// The pad's poll notices the occasion and shows the form by itself.
	run(t, pad, chromedp.WaitVisible(chromedp.CSS("#pad-form")))
	if name, no := text(t, pad, "#pad-name"), text(t, pad, "#pad-no"); name != "李秀英" || no != "NH007" {
		t.Fatalf("pad shows %q %q", name, no)
	}
	if !js[bool](t, pad, `(() => { const i = document.getElementById("pad-photo"); return i.complete && i.naturalWidth === 30; })()`) {
		t.Fatal("the clerk's photo is not shown")
	}
	if levels := js[[]string](t, pad, `[...document.querySelectorAll("#row-attitude .pad-level span")].map(s => s.textContent)`); strings.Join(levels, ",") != "非常满意,满意,基本满意,不满意,非常不满意" {
		t.Fatalf("levels: %v", levels)
	}
	if !js[bool](t, pad, `document.getElementById("pad-reasons").hidden`) {
		t.Fatal("reasons shown before a bad choice")
	}
	run(t, pad, chromedp.Click(chromedp.CSS("#row-attitude .level-2 span")), chromedp.Click(chromedp.CSS("#row-efficiency .level-5 span")),
		chromedp.WaitVisible(chromedp.CSS("#pad-reasons")), chromedp.Click(chromedp.CSS("#reason-slow")))
	submit(t, pad, "#pad-submit")
	if got := text(t, pad, "#pad-thanks"); !strings.Contains(got, "感谢您的评价") {
		t.Fatalf("after rating the pad says %q", got)
	}
	run(t, pad, chromedp.WaitVisible(chromedp.CSS("#pad-idle"))) // back to idle after the thank-you screen

	staff := otherBrowser(t, pad)
	loginChanged(t, staff, srv.base, "director")
	if r := padFetchPost(t, staff, "/api/v1/pad/ratings", `{"ticket_id":1,"attitude":1,"efficiency":1}`); r.Status != 403 {
		t.Fatalf("a staff session posting a rating: %d %s", r.Status, r.Body)
	}
	open(t, staff, srv.base+"/queue/stats")
	row := `#stats-clerks tr[data-user="` + strconv.FormatInt(u.ID, 10) + `"] `
	if text(t, staff, row+".name") != "李秀英" || text(t, staff, row+".total") != "1" || text(t, staff, row+".code-5") != "1" ||
		text(t, staff, row+".bad") != "1" || text(t, staff, row+".served") != "1" {
		t.Fatalf("clerk line: %q", text(t, staff, row))
	}
	if got := text(t, staff, `#stats-queues tr[data-queue="A"] .issued`); got != "1" {
		t.Fatalf("queue A issued %q", got)
	}
}

// padFetchPost makes a same-origin JSON POST from the page, with its cookies.
func padFetchPost(t *testing.T, ctx context.Context, path, body string) fetched {
	t.Helper()
	return js[fetched](t, ctx, `fetch(`+jsString(path)+`, {method: "POST", headers: {"Content-Type": "application/json"},
		body: `+jsString(body)+`}).then(async r => ({status: r.status, type: r.headers.get("content-type") || "", body: (await r.text()).slice(0, 4000)}))`)
}
