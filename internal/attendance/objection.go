package attendance

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// ObjectionLastDay is the last day on which a person may object to a sheet
// published at publishedAt (AT-5: "对公示的考勤结果有异议的，应在2日内提出，
// 逾期视为无效异议", 004 §考勤制度 8). The seed counts days (日), not working
// days, so the window is attendance.objection_days calendar days after the
// publication day, which is not counted; a last day that is a rest day moves
// to the next working day (R1.17), so that a sheet published on a Friday
// can still be objected to on Monday.
func ObjectionLastDay(cal *calendar.Calendar, p *policy.Policy, publishedAt time.Time) calendar.Date {
	return cal.AddCalendarDays(calendar.DateOf(publishedAt), p.Attendance.ObjectionDays)
}

// ObjectionDeadline is the instant the objection window closes: 24:00 of
// ObjectionLastDay (R1.17).
func ObjectionDeadline(cal *calendar.Calendar, p *policy.Policy, publishedAt time.Time) time.Time {
	return ObjectionLastDay(cal, p, publishedAt).AddDays(1).Time()
}

// CheckObjection tells whether an objection made at instant at to a sheet
// published at publishedAt is in time (AT-5). It refuses an objection to a
// sheet not yet published and one made after the window closed, with a
// *bianmin.Error on field "objection" and rule AT-5.
func CheckObjection(cal *calendar.Calendar, p *policy.Policy, publishedAt, at time.Time) error {
	if publishedAt.IsZero() || at.Before(publishedAt) {
		return bianmin.FieldError("objection", "考勤表尚未公示，不能提出异议。",
			"The attendance sheet is not published yet, so it cannot be objected to.").WithRule("AT-5")
	}
	last := ObjectionLastDay(cal, p, publishedAt)
	if at.Before(last.AddDays(1).Time()) {
		return nil
	}
	n := p.Attendance.ObjectionDays
	return bianmin.FieldError("objection",
		fmt.Sprintf("考勤表于 %s 公示，异议须在 %d 日内（%s 24:00 前）提出，逾期视为无效异议（AT-5）。", stamp(publishedAt), n, last),
		fmt.Sprintf("The sheet was published %s; objections are due within %d days (by %s 24:00) and later ones are void (AT-5).", stamp(publishedAt), n, last)).WithRule("AT-5")
}
