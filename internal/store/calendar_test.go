package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// calAuditRow is what the calendar tests check of an audit_log row.
type calAuditRow struct {
	CentreID                             sql.NullInt64
	Actor, ObjectID, Rule, Before, After string
}

func calAuditRows(t *testing.T, db *store.DB, action string) []calAuditRow {
	t.Helper()
	ctx := context.Background()
	var out []calAuditRow
	err := db.Read(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT centre_id, actor, object_id, rule_id, before_json, after_json
			FROM audit_log WHERE action = $1 ORDER BY seq`, action)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r calAuditRow
			if err := rows.Scan(&r.CentreID, &r.Actor, &r.ObjectID, &r.Rule, &r.Before, &r.After); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func calDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// calAdmin is the administrator who edits calendars in these tests.
var calAdmin = &bianmin.Actor{Username: "admin1", Role: "admin", Source: "127.0.0.1"}

// TestCalendar_R2_1_SeedAndLoad: an empty database gets the built-in
// calendar once, with one audit row, and loads into the same answers.
func TestCalendar_R2_1_SeedAndLoad(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if err := db.Write(ctx, func(tx *store.Tx) error { return store.SeedCalendar(ctx, tx) }); err != nil {
				t.Fatal(err)
			}
		}
		cal, err := store.LoadCalendar(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cal.Days(), calendar.Default().Days()) {
			t.Errorf("loaded %d days, built-in %d; they differ", len(cal.Days()), len(calendar.Default().Days()))
		}
		if got := cal.AddWorkingDays(calDate(t, "2025-12-31"), 1); got.String() != "2026-01-04" { // R2.3 vector
			t.Errorf("loaded calendar: 2025-12-31 + 1 wd = %s, want 2026-01-04", got)
		}
		rows := calAuditRows(t, db, "calendar.seed")
		if len(rows) != 1 || rows[0].Rule != "R2.1" || rows[0].Actor != "system" || !strings.Contains(rows[0].After, "2026") {
			t.Errorf("seed audit rows %+v, want one by the system", rows)
		}
	})
}

// TestCalendar_R2_1_PutAndDeleteDayAudited: each change of the legal
// calendar writes an audit row with before and after images.
func TestCalendar_R2_1_PutAndDeleteDayAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		write := func(fn func(tx *store.Tx) error) error { return db.Write(ctx, fn) }
		day := calendar.Day{Date: calDate(t, "2027-01-01"), Off: true, Name: " 元旦 "}
		if err := write(func(tx *store.Tx) error { return store.PutCalendarDay(ctx, tx, day, calAdmin) }); err != nil {
			t.Fatal(err)
		}
		day.Name, day.Off = "元旦（更正）", false
		if err := write(func(tx *store.Tx) error { return store.PutCalendarDay(ctx, tx, day, calAdmin) }); err != nil {
			t.Fatal(err)
		}
		var days []calendar.Day
		db.Read(ctx, func(tx *store.Tx) (err error) { days, err = store.CalendarDays(ctx, tx); return err })
		want := []calendar.Day{{Date: day.Date, Off: false, Name: "元旦（更正）", Source: "manual"}}
		if !reflect.DeepEqual(days, want) {
			t.Errorf("days %+v, want %+v", days, want)
		}
		puts := calAuditRows(t, db, "calendar.day.put")
		if len(puts) != 2 || puts[0].Before != "" || !strings.Contains(puts[0].After, `"name":"元旦"`) ||
			!strings.Contains(puts[1].Before, `"off":true`) || puts[1].ObjectID != "2027-01-01" || puts[1].Rule != "R2.1" || puts[1].Actor != "admin1" {
			t.Errorf("put audit rows %+v", puts)
		}
		if err := write(func(tx *store.Tx) error { return store.DeleteCalendarDay(ctx, tx, day.Date, calAdmin) }); err != nil {
			t.Fatal(err)
		}
		err := write(func(tx *store.Tx) error { return store.DeleteCalendarDay(ctx, tx, day.Date, calAdmin) })
		if !errors.Is(err, bianmin.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		dels := calAuditRows(t, db, "calendar.day.delete")
		if len(dels) != 1 || !strings.Contains(dels[0].Before, "元旦（更正）") || dels[0].After != "" {
			t.Errorf("delete audit rows %+v", dels)
		}
	})
}

// TestCalendar_R2_1_PutDayRejectsBadInput: nothing is written, not even an audit row.
func TestCalendar_R2_1_PutDayRejectsBadInput(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, d := range []calendar.Day{
			{Date: calDate(t, "2027-01-01"), Off: true, Name: "  "},
			{Date: calendar.Date{Y: 2027, M: 2, D: 29}, Off: true, Name: "x"},
			{Date: calDate(t, "0224-01-01"), Off: true, Name: "元旦"}, // a typing error for 2024
		} {
			err := db.Write(ctx, func(tx *store.Tx) error { return store.PutCalendarDay(ctx, tx, d, calAdmin) })
			if be := bianmin.AsError(err); be.Code != bianmin.EINVALID || be.ZH == "" || be.EN == "" {
				t.Errorf("PutCalendarDay(%+v) = %v, want a bilingual EINVALID", d, err)
			}
		}
		if rows := calAuditRows(t, db, "calendar.day.put"); len(rows) != 0 {
			t.Errorf("audit rows for rejected input: %+v", rows)
		}
	})
}

// calImportFile is a 2023-like notice whose two weekend 补班 make 7 working days
// in a row (R2.5: a warning, not an error).
const calImportFile = `{"year":2023,"papers":[],"days":[
	{"name":"春节","date":"2023-01-21","isOffDay":true},
	{"name":"春节","date":"2023-01-22","isOffDay":true},
	{"name":"春节","date":"2023-01-23","isOffDay":true},
	{"name":"春节","date":"2023-01-24","isOffDay":true},
	{"name":"春节","date":"2023-01-25","isOffDay":true},
	{"name":"春节","date":"2023-01-26","isOffDay":true},
	{"name":"春节","date":"2023-01-27","isOffDay":true},
	{"name":"春节","date":"2023-01-28","isOffDay":false},
	{"name":"春节","date":"2023-01-29","isOffDay":false},
	{"name":"元旦","date":"2022-12-31","isOffDay":true}]}`

// TestCalendar_R2_6_ImportHolidayCN: one transaction, one audit row with the
// overwritten days as before image, and the sanity warning of R2.5.
func TestCalendar_R2_6_ImportHolidayCN(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, days, err := calendar.ParseHolidayCN(strings.NewReader(calImportFile))
		if err != nil {
			t.Fatal(err)
		}
		old := calendar.Day{Date: calDate(t, "2023-01-24"), Off: false, Name: "旧值"}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.PutCalendarDay(ctx, tx, old, calAdmin) }); err != nil {
			t.Fatal(err)
		}
		var warnings []calendar.Warning
		err = db.Write(ctx, func(tx *store.Tx) (err error) {
			warnings, err = store.ImportHolidayCN(ctx, tx, days, "holiday-cn 2023.json", calAdmin)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 1 || warnings[0].Rule != "R2.5" || !strings.Contains(warnings[0].EN, "2023-01-28 to 2023-02-03 is 7") {
			t.Errorf("warnings %+v, want one R2.5 warning about 2023-01-28..02-03", warnings)
		}
		cal, err := store.LoadCalendar(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := cal.Day(calDate(t, "2023-01-24")); !got.Off || got.Source != "holiday-cn 2023.json" || len(cal.Days()) != 10 {
			t.Errorf("after import: %+v, %d days", got, len(cal.Days()))
		}
		rows := calAuditRows(t, db, "calendar.import")
		if len(rows) != 1 || rows[0].ObjectID != "holiday-cn 2023.json" || !strings.Contains(rows[0].Before, "旧值") ||
			strings.Count(rows[0].After, `"date"`) != 10 || rows[0].Rule != "R2.1" {
			t.Errorf("import audit rows %+v", rows)
		}
	})
}

// TestCalendar_R2_6_ImportRejectsWholeFile: one bad day stops the import; the
// transaction leaves nothing behind.
func TestCalendar_R2_6_ImportRejectsWholeFile(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		days := []calendar.Day{
			{Date: calDate(t, "2027-01-01"), Off: true, Name: "元旦"},
			{Date: calDate(t, "2027-01-02"), Off: true, Name: ""},
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			_, err := store.ImportHolidayCN(ctx, tx, days, "", calAdmin)
			return err
		})
		if be := bianmin.AsError(err); be.Code != bianmin.EINVALID || be.Field != "days[1].name" {
			t.Fatalf("got %v, want EINVALID on days[1].name", err)
		}
		err = db.Write(ctx, func(tx *store.Tx) error {
			_, err := store.ImportHolidayCN(ctx, tx, nil, "2027.json", calAdmin)
			return err
		})
		if bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("empty import: %v, want EINVALID", err)
		}
		if cal, _ := store.LoadCalendar(ctx, db); len(cal.Days()) != 0 || len(calAuditRows(t, db, "calendar.import")) != 0 {
			t.Errorf("a rejected import left %d days", len(cal.Days()))
		}
	})
}

func calCentre(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "INSERT INTO centres (region_code, name, created_at) VALUES ($1, $2, $3) RETURNING id",
			"340705000000", "铜官区政务服务中心", tx.Now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCalendar_R6_12_HallDays: a hall's exceptions are stored with their own
// hours, listed by range, audited with the centre, and drive IsOpen.
func TestCalendar_R6_12_HallDays(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		centre := calCentre(t, db)
		sessions, _ := calendar.ParseSpans("09:00-12:00,14:00-17:00")
		saturday := calendar.HallDay{Date: calDate(t, "2024-10-19"), Open: true, Sessions: sessions, Note: "周六延时服务"}
		closed := calendar.HallDay{Date: calDate(t, "2024-10-16"), Open: false, Note: "系统升级"}
		outside := calendar.HallDay{Date: calDate(t, "2024-11-02"), Open: true}
		for _, d := range []calendar.HallDay{saturday, closed, outside} {
			if err := db.Write(ctx, func(tx *store.Tx) error { return store.PutHallDay(ctx, tx, centre, d, calAdmin) }); err != nil {
				t.Fatal(err)
			}
		}
		var got []calendar.HallDay
		db.Read(ctx, func(tx *store.Tx) (err error) {
			got, err = store.HallDays(ctx, tx, centre, calDate(t, "2024-10-01"), calDate(t, "2024-10-31"))
			return err
		})
		if !reflect.DeepEqual(got, []calendar.HallDay{closed, saturday}) {
			t.Fatalf("HallDays = %+v", got)
		}
		usual, _ := calendar.ParseSpans("08:00-12:00,14:30-17:30")
		h := calendar.Hours{Sessions: usual}
		cal := calendar.Default()
		if !cal.IsOpen(calDate(t, "2024-10-19").At(9*60+30), h, got) || cal.IsOpen(calDate(t, "2024-10-16").At(600), h, got) {
			t.Error("IsOpen ignores the stored exceptions")
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.DeleteHallDay(ctx, tx, centre, closed.Date, calAdmin) }); err != nil {
			t.Fatal(err)
		}
		puts, dels := calAuditRows(t, db, "hall.day.put"), calAuditRows(t, db, "hall.day.delete")
		if len(puts) != 3 || len(dels) != 1 || puts[0].CentreID.Int64 != centre || puts[0].Rule != "R6.12" ||
			!strings.Contains(puts[0].After, `"sessions":["09:00-12:00","14:00-17:00"]`) || !strings.Contains(dels[0].Before, "系统升级") {
			t.Errorf("audit rows: puts %+v, deletes %+v", puts, dels)
		}
		if want := fmt.Sprintf("%d/2024-10-16", centre); dels[0].ObjectID != want {
			t.Errorf("object id %q", dels[0].ObjectID)
		}
	})
}

func TestCalendar_R6_12_HallDayErrors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		centre := calCentre(t, db)
		put := func(centreID int64, d calendar.HallDay) error {
			return db.Write(ctx, func(tx *store.Tx) error { return store.PutHallDay(ctx, tx, centreID, d, calAdmin) })
		}
		sessions, _ := calendar.ParseSpans("09:00-12:00")
		if err := put(centre, calendar.HallDay{Date: calDate(t, "2024-10-16"), Sessions: sessions}); bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("closed day with hours: %v, want EINVALID", err)
		}
		if err := put(centre+99, calendar.HallDay{Date: calDate(t, "2024-10-16")}); !errors.Is(err, bianmin.ErrInvalidReference) {
			t.Errorf("unknown centre: %v, want ErrInvalidReference", err)
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			return store.DeleteHallDay(ctx, tx, centre, calDate(t, "2024-10-16"), calAdmin)
		})
		if !errors.Is(err, bianmin.ErrNotFound) {
			t.Errorf("delete missing: %v, want ErrNotFound", err)
		}
		if rows := calAuditRows(t, db, "hall.day.put"); len(rows) != 0 {
			t.Errorf("audit rows for rejected changes: %+v", rows)
		}
	})
}
