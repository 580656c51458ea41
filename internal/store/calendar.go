package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// The legal working-day calendar (STANDARDS.md R2.1: updatable at run time,
// every change audited) and each hall's opening exceptions (R6.12). Dates are
// stored as YYYY-MM-DD text on both engines (DEPENDENCIES.md), so text order
// is date order.

const upsertCalendarDaySQL = `INSERT INTO calendar_days (date, off, name, source, updated_at)
	VALUES ($1, $2, $3, $4, $5)
	ON CONFLICT (date) DO UPDATE SET off = excluded.off, name = excluded.name,
		source = excluded.source, updated_at = excluded.updated_at`

// SeedCalendar inserts the built-in calendar (calendar.Default, 2024-2026)
// when calendar_days is empty, so a new installation counts deadlines right
// from the start (C-0). It never touches a calendar that has days.
func SeedCalendar(ctx context.Context, tx *Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM calendar_days").Scan(&n); err != nil {
		return wrapf(err, "calendar: count days")
	}
	if n > 0 {
		return nil
	}
	def := calendar.Default()
	days := def.Days()
	for _, d := range days {
		if err := upsertCalendarDay(ctx, tx, d); err != nil {
			return err
		}
	}
	return Audit(ctx, tx, bianmin.SystemActor("startup"), bianmin.AuditEntry{
		Action: "calendar.seed", ObjectType: "calendar", ObjectID: calendar.DefaultSource,
		After:  bianmin.JSONOf(map[string]any{"days": len(days), "years": def.Years()}),
		RuleID: "R2.1",
	})
}

// CalendarDays returns the listed days of the legal calendar in date order.
func CalendarDays(ctx context.Context, tx *Tx) ([]calendar.Day, error) {
	rows, err := tx.QueryContext(ctx, "SELECT date, off, name, source FROM calendar_days ORDER BY date")
	if err != nil {
		return nil, wrapf(err, "calendar: list days")
	}
	defer rows.Close()
	var days []calendar.Day
	for rows.Next() {
		var d calendar.Day
		var date string
		if err := rows.Scan(&date, &d.Off, &d.Name, &d.Source); err != nil {
			return nil, wrapf(err, "calendar: scan day")
		}
		if d.Date, err = calendar.ParseDate(date); err != nil {
			return nil, fmt.Errorf("calendar: stored date %q: %w", date, err)
		}
		days = append(days, d)
	}
	return days, wrapf(rows.Err(), "calendar: list days")
}

// LoadCalendar reads the legal calendar into its fast in-memory form.
func LoadCalendar(ctx context.Context, db *DB) (*calendar.Calendar, error) {
	var days []calendar.Day
	err := db.Read(ctx, func(tx *Tx) error {
		var err error
		days, err = CalendarDays(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return calendar.New(days)
}

// PutCalendarDay adds or changes one listed day, with an audit row (R2.1).
// An empty Source is recorded as "manual".
func PutCalendarDay(ctx context.Context, tx *Tx, day calendar.Day, actor *bianmin.Actor) error {
	day = cleanDay(day, "manual")
	if err := day.Validate(); err != nil {
		return err
	}
	before, err := calendarDay(ctx, tx, day.Date)
	if err != nil {
		return err
	}
	if err := upsertCalendarDay(ctx, tx, day); err != nil {
		return err
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{
		Action: "calendar.day.put", ObjectType: "calendar_day", ObjectID: day.Date.String(),
		Before: auditJSON(before), After: bianmin.JSONOf(day), RuleID: "R2.1",
	})
}

// DeleteCalendarDay removes a listed day, so the date follows Monday-Friday
// again; it returns bianmin.ErrNotFound when the date is not listed.
func DeleteCalendarDay(ctx context.Context, tx *Tx, date calendar.Date, actor *bianmin.Actor) error {
	before, err := calendarDay(ctx, tx, date)
	if err != nil {
		return err
	}
	if before == nil {
		return bianmin.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_days WHERE date = $1", date.String()); err != nil {
		return wrapf(err, "calendar: delete day")
	}
	return Audit(ctx, tx, actor, bianmin.AuditEntry{
		Action: "calendar.day.delete", ObjectType: "calendar_day", ObjectID: date.String(),
		Before: bianmin.JSONOf(before), RuleID: "R2.1",
	})
}

// ImportHolidayCN upserts the days of an imported year file (calendar.
// ParseHolidayCN) in one transaction with one audit row naming the source
// (R2.1, R2.10). It returns the sanity warnings of the years touched, checked
// on the merged calendar (R2.5): they do not stop the import.
func ImportHolidayCN(ctx context.Context, tx *Tx, days []calendar.Day, source string, actor *bianmin.Actor) ([]calendar.Warning, error) {
	source = strings.TrimSpace(source)
	if source == "" {
		source = "holiday-cn"
	}
	if err := checkImport(days); err != nil {
		return nil, err
	}
	existing, err := CalendarDays(ctx, tx)
	if err != nil {
		return nil, err
	}
	changed := changedDays(existing, days)
	imported := make([]calendar.Day, len(days))
	for i, d := range days {
		imported[i] = cleanDay(d, "")
		imported[i].Source = source // the import names where every day came from
		if err := upsertCalendarDay(ctx, tx, imported[i]); err != nil {
			return nil, err
		}
	}
	err = Audit(ctx, tx, actor, bianmin.AuditEntry{
		Action: "calendar.import", ObjectType: "calendar", ObjectID: source,
		Before: auditJSON(changed), After: bianmin.JSONOf(imported), RuleID: "R2.1",
	})
	if err != nil {
		return nil, err
	}
	return importWarnings(existing, imported)
}

// checkImport validates every day, naming its index.
func checkImport(days []calendar.Day) error {
	if len(days) == 0 {
		return bianmin.FieldError("days", "文件中没有可导入的日期（该年安排可能尚未发布）。",
			"The file has no days to import (that year may not be published yet).")
	}
	var v bianmin.Validation
	for i, d := range days {
		if err := cleanDay(d, "").Validate(); err != nil {
			e := *bianmin.AsError(err)
			e.Field = fmt.Sprintf("days[%d].%s", i, e.Field)
			v.AddErr(&e)
		}
	}
	return v.Err()
}

// changedDays returns the stored days an import overwrites with other values,
// for the audit row's before image.
func changedDays(existing, days []calendar.Day) []calendar.Day {
	byDate := make(map[calendar.Date]calendar.Day, len(existing))
	for _, d := range existing {
		byDate[d.Date] = d
	}
	var out []calendar.Day
	for _, d := range days {
		if old, ok := byDate[d.Date]; ok && (old.Off != d.Off || old.Name != strings.TrimSpace(d.Name)) {
			out = append(out, old)
		}
	}
	return out
}

// importWarnings checks each year an import touched on the merged calendar
// (stored days overlaid by the imported ones).
func importWarnings(existing, imported []calendar.Day) ([]calendar.Warning, error) {
	byDate := make(map[calendar.Date]calendar.Day, len(existing)+len(imported))
	for _, d := range slices.Concat(existing, imported) {
		byDate[d.Date] = d // an imported day replaces the stored one
	}
	cal, err := calendar.New(slices.Collect(maps.Values(byDate)))
	if err != nil {
		return nil, err
	}
	var years []int
	for _, d := range imported {
		years = append(years, d.Date.Y)
	}
	slices.Sort(years)
	var out []calendar.Warning
	for _, y := range slices.Compact(years) {
		out = append(out, cal.Warnings(y)...)
	}
	return out, nil
}

func cleanDay(d calendar.Day, defaultSource string) calendar.Day {
	d.Name = strings.TrimSpace(d.Name)
	d.Source = strings.TrimSpace(d.Source)
	if d.Source == "" {
		d.Source = defaultSource
	}
	return d
}

func upsertCalendarDay(ctx context.Context, tx *Tx, d calendar.Day) error {
	_, err := tx.ExecContext(ctx, upsertCalendarDaySQL, d.Date.String(), d.Off, d.Name, d.Source, tx.Now)
	return wrapf(err, "calendar: put day %s", d.Date)
}

// calendarDay returns the listed day of date, or nil.
func calendarDay(ctx context.Context, tx *Tx, date calendar.Date) (*calendar.Day, error) {
	d := calendar.Day{Date: date}
	err := tx.QueryRowContext(ctx, "SELECT off, name, source FROM calendar_days WHERE date = $1",
		date.String()).Scan(&d.Off, &d.Name, &d.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrapf(err, "calendar: read day %s", date)
	}
	return &d, nil
}

// auditJSON gives "" when there is nothing to record (a nil pointer or an
// empty slice), so an audit row without a before image says so plainly.
func auditJSON(v any) string {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return ""
		}
	case reflect.Slice:
		if rv.Len() == 0 {
			return ""
		}
	}
	return bianmin.JSONOf(v)
}

// PutHallDay adds or changes one opening exception of a hall (R6.12): open on
// a holiday or weekend ("5+X"), or closed on a working day, optionally with
// its own sessions stored as text such as "09:00-12:00,14:00-17:00".
func PutHallDay(ctx context.Context, tx *Tx, centreID int64, day calendar.HallDay, actor *bianmin.Actor) error {
	day.Note = strings.TrimSpace(day.Note)
	if err := day.Validate(); err != nil {
		return err
	}
	before, err := hallDay(ctx, tx, centreID, day.Date)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO hall_days (centre_id, date, open, hours, note, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (centre_id, date) DO UPDATE SET open = excluded.open, hours = excluded.hours,
			note = excluded.note, updated_at = excluded.updated_at`,
		centreID, day.Date.String(), day.Open, calendar.FormatSpans(day.Sessions), day.Note, tx.Now)
	if err != nil {
		return wrapf(err, "hall day: put %d/%s", centreID, day.Date)
	}
	return auditHallDay(ctx, tx, "hall.day.put", centreID, day.Date, before, &day, actor)
}

// HallDays returns a hall's opening exceptions from from to to, inclusive.
func HallDays(ctx context.Context, tx *Tx, centreID int64, from, to calendar.Date) ([]calendar.HallDay, error) {
	rows, err := tx.QueryContext(ctx, `SELECT date, open, hours, note FROM hall_days
		WHERE centre_id = $1 AND date >= $2 AND date <= $3 ORDER BY date`,
		centreID, from.String(), to.String())
	if err != nil {
		return nil, wrapf(err, "hall day: list")
	}
	defer rows.Close()
	var out []calendar.HallDay
	for rows.Next() {
		d, err := scanHallDay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, wrapf(rows.Err(), "hall day: list")
}

// DeleteHallDay removes an exception, so the hall follows the legal calendar
// that day again; it returns bianmin.ErrNotFound when there is none.
func DeleteHallDay(ctx context.Context, tx *Tx, centreID int64, date calendar.Date, actor *bianmin.Actor) error {
	before, err := hallDay(ctx, tx, centreID, date)
	if err != nil {
		return err
	}
	if before == nil {
		return bianmin.ErrNotFound
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM hall_days WHERE centre_id = $1 AND date = $2", centreID, date.String())
	if err != nil {
		return wrapf(err, "hall day: delete %d/%s", centreID, date)
	}
	return auditHallDay(ctx, tx, "hall.day.delete", centreID, date, before, nil, actor)
}

func auditHallDay(ctx context.Context, tx *Tx, action string, centreID int64, date calendar.Date,
	before, after *calendar.HallDay, actor *bianmin.Actor) error {
	return Audit(ctx, tx, actor, bianmin.AuditEntry{
		CentreID: centreID, Action: action, ObjectType: "hall_day",
		ObjectID: fmt.Sprintf("%d/%s", centreID, date),
		Before:   auditJSON(before), After: auditJSON(after), RuleID: "R6.12",
	})
}

// hallDay returns the exception of a hall on date, or nil.
func hallDay(ctx context.Context, tx *Tx, centreID int64, date calendar.Date) (*calendar.HallDay, error) {
	row := tx.QueryRowContext(ctx, "SELECT date, open, hours, note FROM hall_days WHERE centre_id = $1 AND date = $2",
		centreID, date.String())
	d, err := scanHallDay(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func scanHallDay(row interface{ Scan(...any) error }) (calendar.HallDay, error) {
	var d calendar.HallDay
	var date, hours string
	if err := row.Scan(&date, &d.Open, &hours, &d.Note); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return d, err
		}
		return d, wrapf(err, "hall day: scan")
	}
	var err error
	if d.Date, err = calendar.ParseDate(date); err != nil {
		return d, fmt.Errorf("hall day: stored date %q: %w", date, err)
	}
	if d.Sessions, err = calendar.ParseSpans(hours); err != nil {
		return d, fmt.Errorf("hall day %s: stored hours %q: %w", date, hours, err)
	}
	return d, nil
}
