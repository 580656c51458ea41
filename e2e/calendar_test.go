package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// holiday2027 is a small file in the holiday-cn format (R2.6).
const holiday2027 = `{"year": 2027, "papers": ["国办发明电〔2026〕测试"], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
 {"name": "春节", "date": "2027-02-06", "isOffDay": true},
 {"name": "春节", "date": "2027-02-20", "isOffDay": false}]}`

// badHoliday2027 has an impossible date in its first entry.
const badHoliday2027 = `{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-02-30", "isOffDay": true}]}`

// TestCalendarPage: the system administrator keeps the legal calendar (add
// and delete a make-up working day, refused bad input, the R1.17 deadline
// calculator, holiday-cn import good and bad); a director keeps only the
// hall's opening calendar and is refused the legal one.
func TestCalendarPage(t *testing.T) {
	srv := startServer(t, false)
	centre := srv.mustCentre(t)
	srv.mustUser(t, centre, "sysadmin", initialPw, bianmin.RoleSysAdmin)
	srv.mustUser(t, centre, "director", initialPw, bianmin.RoleDirector)
	ctx := browser(t)
	loginChanged(t, ctx, srv.base, "sysadmin")
	open(t, ctx, srv.base+"/admin/calendar")

	// A make-up working day appears in its year's table, and goes again.
	setValue(t, ctx, "#day-date", "2027-10-09")
	setValue(t, ctx, "#day-kind", "work")
	setValue(t, ctx, "#day-name", "国庆节调休")
	submit(t, ctx, "#day-save")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已保存") {
		t.Errorf("add day: page says %q", got)
	}
	day := `#days tr[data-date="2027-10-09"]`
	if got := text(t, ctx, day); !strings.Contains(got, "调休上班") || !strings.Contains(got, "国庆节调休") || !strings.Contains(got, "周六") {
		t.Errorf("the added day's row = %q", got)
	}
	submit(t, ctx, day+" button")
	if present(t, ctx, day) || srv.calendarHas(t, "2027-10-09") {
		t.Error("the deleted day is still there")
	}

	// An impossible date sent past the browser's own check: refused by field.
	postForm(t, ctx, "/admin/calendar/days", map[string]string{"date": "2027-02-30", "kind": "work", "name": "x"})
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "日期") {
		t.Errorf("impossible date: message %q does not name 日期", got)
	}

	// STANDARDS.md §2.3: 5 working days after Friday 2024-09-27 skip the
	// National Day week and its make-up days, ending on 2024-10-10.
	setValue(t, ctx, "#dl-start", "2024-09-27")
	setValue(t, ctx, "#dl-n", "5")
	submit(t, ctx, "#deadline-submit")
	if got := text(t, ctx, "#deadline"); !strings.Contains(got, "2024-10-10") {
		t.Errorf("deadline 2024-09-27 + 5 = %q, want 2024-10-10", got)
	}

	// Import a year in the holiday-cn format.
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "2027.json"), filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(holiday2027), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(badHoliday2027), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{good}))
	submit(t, ctx, "#import-submit")
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "已导入 3 天") {
		t.Errorf("import: page says %q", got)
	}
	if got := text(t, ctx, `#days tr[data-date="2027-02-20"]`); !strings.Contains(got, "调休上班") {
		t.Errorf("imported make-up day row = %q", got)
	}
	before := srv.calendarDays(t)

	// A bad file: the message names the entry's field, nothing is written.
	run(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}))
	submit(t, ctx, "#import-submit")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "days[0].date") {
		t.Errorf("bad import: message %q does not name days[0].date", got)
	}
	if after := srv.calendarDays(t); after != before {
		t.Errorf("a refused import changed the calendar: %d days, then %d", before, after)
	}

	// The director: the hall calendar only.
	submit(t, ctx, "#logout")
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS("#notice")))
	loginChanged(t, ctx, srv.base, "director")
	open(t, ctx, srv.base+"/admin/calendar")
	for _, sel := range []string{"#day-form", "#import-form", `#days form`} {
		if present(t, ctx, sel) {
			t.Errorf("a director sees the legal calendar's %s", sel)
		}
	}
	hallDate := calendar.DateOf(time.Now()).AddDays(10).String()
	setValue(t, ctx, "#hall-date", hallDate)
	setValue(t, ctx, "#hall-open", "1")
	setValue(t, ctx, "#hall-hours", "9-12")
	submit(t, ctx, "#hall-save")
	if got := text(t, ctx, "#form-errors"); !strings.Contains(got, "时段") {
		t.Errorf("bad hours: message %q does not name 时段", got)
	}
	setValue(t, ctx, "#hall-date", hallDate)
	setValue(t, ctx, "#hall-hours", "09:00-12:00")
	setValue(t, ctx, "#hall-note", "延时服务")
	submit(t, ctx, "#hall-save")
	if got := text(t, ctx, `#hall-days tr[data-date="`+hallDate+`"]`); !strings.Contains(got, "09:00-12:00") || !strings.Contains(got, "延时服务") {
		t.Errorf("hall day row = %q", got)
	}

	// The legal calendar refuses the director even past the hidden form.
	postForm(t, ctx, "/admin/calendar/days", map[string]string{"date": "2027-10-09", "kind": "work", "name": "x"})
	if got := text(t, ctx, "#error-message"); !strings.Contains(got, "无权") {
		t.Errorf("director's legal-calendar POST: page says %q", got)
	}
	if srv.calendarHas(t, "2027-10-09") {
		t.Error("the director's refused day was stored")
	}
}

func (s *server) calendarDays(t *testing.T) int {
	t.Helper()
	cal, err := s.svc.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(cal.Days())
}

func (s *server) calendarHas(t *testing.T, date string) bool {
	t.Helper()
	cal, err := s.svc.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range cal.Days() {
		if d.Date.String() == date {
			return true
		}
	}
	return false
}
