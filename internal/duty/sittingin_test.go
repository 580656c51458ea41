package duty_test

import (
	"reflect"
	"testing"

	"bianmin/internal/calendar"
	"bianmin/internal/duty"
	"bianmin/internal/policy"
)

// TestDuty_DU4_CheckFiling: a sitting-in day is filed on time until 24:00
// of the day sitting_in_notice_days (7) calendar days before it; a day the
// hall is closed cannot be filed.
func TestDuty_DU4_CheckFiling(t *testing.T) {
	cal := calendar.Default()
	notice := policy.Default().Duty.SittingInNoticeDays
	for _, c := range []struct {
		day, filed, deadline string
		onTime               bool
	}{
		{"2026-03-11", "2026-03-04 23:59", "2026-03-05 00:00", true},
		{"2026-03-11", "2026-03-05 00:00", "2026-03-05 00:00", false},
		{"2026-03-11", "2026-03-10 09:00", "2026-03-05 00:00", false},
		{"2026-10-10", "2026-10-03 10:00", "2026-10-04 00:00", true}, // make-up Saturday; filed during the holiday
		{"2026-02-24", "2026-02-17 10:00", "2026-02-18 00:00", true}, // a week of calendar days, holidays included
		{"2026-02-24", "2026-02-18 08:00", "2026-02-18 00:00", false},
	} {
		got, err := duty.CheckFiling(cal, notice, day(t, c.day), at(t, c.filed))
		want := duty.Filing{Deadline: at(t, c.deadline), OnTime: c.onTime, Rule: "DU-4"}
		if err != nil || !got.Deadline.Equal(want.Deadline) || got.OnTime != want.OnTime || got.Rule != "DU-4" {
			t.Errorf("sitting %s filed %s: %+v, %v; want %+v", c.day, c.filed, got, err, want)
		}
	}
	for _, d := range []string{"2026-10-01", "2026-03-07"} {
		_, err := duty.CheckFiling(cal, notice, day(t, d), at(t, "2026-01-01 00:00"))
		if got := refusals(t, err); !reflect.DeepEqual(got, []refusal{{"date", "DU-4"}}) {
			t.Errorf("sitting on %s: %v", d, got)
		}
	}
}

// TestDuty_DU4_Skipped: departments whose leaders sat in on fewer working
// days of the week than required are listed; a week with fewer working days
// requires fewer, the Spring Festival week none; sittings on days off and
// in other weeks do not count; a day counts once.
func TestDuty_DU4_Skipped(t *testing.T) {
	cal := calendar.Default()
	sittings := []duty.Sitting{
		{7, day(t, "2026-03-03")}, {7, day(t, "2026-03-03")}, // twice the same day
		{9, day(t, "2026-03-07")},                                                       // an ordinary Saturday
		{8, day(t, "2026-03-09")},                                                       // the next week
		{7, day(t, "2026-10-08")}, {7, day(t, "2026-10-09")}, {7, day(t, "2026-10-10")}, // the only working days of the week
		{8, day(t, "2026-10-09")},
		{9, day(t, "2026-10-05")}, // National Day
	}
	depts := []int64{7, 8, 9, 8}
	short := func(dept int64, week string, attended, required int) duty.Shortfall {
		return duty.Shortfall{Department: dept, Week: day(t, week), Attended: attended, Required: required, Rule: "DU-4"}
	}
	for _, c := range []struct {
		name    string
		week    string
		perWeek int
		want    []duty.Shortfall
	}{
		{"one day a week (policy default)", "2026-03-04", policy.Default().Duty.SittingInDaysPerWeek,
			[]duty.Shortfall{short(8, "2026-03-02", 0, 1), short(9, "2026-03-02", 0, 1)}},
		{"two days a week", "2026-03-08", 2,
			[]duty.Shortfall{short(7, "2026-03-02", 1, 2), short(8, "2026-03-02", 0, 2), short(9, "2026-03-02", 0, 2)}},
		{"Spring Festival week: the hall is closed", "2026-02-18", 1, nil},
		{"National Day week: three working days at most", "2026-10-05", 5,
			[]duty.Shortfall{short(8, "2026-10-05", 1, 3), short(9, "2026-10-05", 0, 3)}},
	} {
		if got := duty.Skipped(cal, c.perWeek, day(t, c.week), depts, sittings); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n %+v\nwant\n %+v", c.name, got, c.want)
		}
	}
}

// TestDuty_DU5_ReceptionDays: the director's weekday (Wednesday by default)
// on working days only; a holiday Wednesday is not moved, and a make-up day
// of another weekday is not one.
func TestDuty_DU5_ReceptionDays(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		weekday  int
		from, to string
		want     []calendar.Date
	}{
		{policy.Default().Duty.DirectorReceptionWeekday, "2026-09-14", "2026-10-18",
			days(t, "2026-09-16", "2026-09-23", "2026-09-30", "2026-10-14")}, // 10-07 is National Day
		{3, "2026-02-09", "2026-02-28", days(t, "2026-02-11", "2026-02-25")}, // 02-18 Spring Festival
		{7, "2026-09-14", "2026-09-27", days(t, "2026-09-20")},               // make-up Sunday
		{6, "2026-02-01", "2026-02-28", days(t, "2026-02-14", "2026-02-28")},
		{1, "2026-03-02", "2026-03-02", days(t, "2026-03-02")},
		{0, "2026-03-01", "2026-03-31", nil},
		{8, "2026-03-01", "2026-03-31", nil},
		{3, "2026-03-31", "2026-03-01", nil},
	} {
		if got := duty.ReceptionDays(cal, c.weekday, day(t, c.from), day(t, c.to)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("weekday %d %s-%s: %v, want %v", c.weekday, c.from, c.to, got, c.want)
		}
	}
}
