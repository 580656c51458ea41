package attendance

import (
	"fmt"
	"slices"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// ExcuseKind is why a person was allowed not to be at the window.
type ExcuseKind string

// Excuse kinds.
const (
	// ExcuseLeave is approved leave 请假 of any type; the leave rules (LV-1
	// to LV-5) decide whether it is approved, attendance only reads that.
	ExcuseLeave ExcuseKind = "leave"
	// ExcuseTrip is official business away 因公外出, excused by the
	// 考勤情况登记表 the office approves within TripFormDays (000 篇七 四 2).
	ExcuseTrip ExcuseKind = "trip"
	// ExcuseMeeting is an official meeting or study the person was sent to.
	ExcuseMeeting ExcuseKind = "meeting"
	// ExcuseShortAbsence is a short absence from the window signed by the
	// hall duty chief (LV-7).
	ExcuseShortAbsence ExcuseKind = "short_absence"
)

// ExcuseKinds lists the kinds in display order.
var ExcuseKinds = []ExcuseKind{ExcuseLeave, ExcuseTrip, ExcuseMeeting, ExcuseShortAbsence}

// TripFormDays is how many days after a business trip the office must have
// approved its attendance form for the trip to excuse the missed punches:
// "其“考勤情况登记表”必须在2天内报办公室核准" (000 篇七 四 2). Counted as
// calendar days after the trip's last day, ending 24:00, moved to the next
// working day when it ends on a rest day (R1.17), like the objection window
// of AT-5.
const TripFormDays = 2

// Excuse is an approved reason for a time without punches or away from the
// window. It covers [Start, End).
type Excuse struct {
	ID         int64
	Kind       ExcuseKind
	Start, End time.Time
	// ApprovedAt is when the excuse was approved, signed or (for a trip)
	// its form approved by the office; zero while it is not.
	ApprovedAt time.Time
	Note       string
}

// Rule returns the rule an excuse of this kind rests on: LV-1 for leave,
// LV-7 for a duty chief's slip, AT-2 ("未经许可", without permission) for
// trips and meetings.
func (k ExcuseKind) Rule() string {
	switch k {
	case ExcuseLeave:
		return "LV-1"
	case ExcuseShortAbsence:
		return "LV-7"
	}
	return "AT-2"
}

// Name names the kind for the sheet.
func (k ExcuseKind) Name(lang string) string {
	names := map[ExcuseKind][2]string{
		ExcuseLeave: {"请假", "leave"}, ExcuseTrip: {"因公外出", "business trip"},
		ExcuseMeeting: {"公务会议", "official meeting"}, ExcuseShortAbsence: {"值班长签批临时外出", "short absence signed by the duty chief"},
	}
	n, ok := names[k]
	if !ok {
		return string(k)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// lastDay is the date of the last instant of [start, end).
func lastDay(start, end time.Time) calendar.Date {
	if !end.After(start) {
		return calendar.DateOf(start)
	}
	return calendar.DateOf(end.Add(-time.Nanosecond))
}

// TripFormDeadline is when the office must have approved a trip's form:
// 24:00 of the TripFormDays-th calendar day after the trip's last day,
// moved to the next working day when that is a rest day (000 篇七 四 2, R1.17).
func TripFormDeadline(cal *calendar.Calendar, e Excuse) time.Time {
	return tripFormDay(cal, e).AddDays(1).Time()
}

func tripFormDay(cal *calendar.Calendar, e Excuse) calendar.Date {
	return cal.AddCalendarDays(lastDay(e.Start, e.End), TripFormDays)
}

// SlipDeadline is when a duty chief's slip must be signed: by 24:00 of the
// absence's day, since the chief files the day's slips with the centre
// every day ("值班长每天将假条报中心备案", 000 篇二十二 第四条 7, LV-7).
func SlipDeadline(e Excuse) time.Time { return lastDay(e.Start, e.End).AddDays(1).Time() }

// CheckExcuse tells whether an excuse counts, and why not: it must have a
// known kind, an end after its start, and an approval; a trip's form must
// be approved within TripFormDays (000 篇七 四 2); a duty chief's slip must
// be for less than leave.short_absence_under and signed the same day (LV-7).
// A refusal is a *bianmin.Error on field "excuse" naming the rule.
func CheckExcuse(cal *calendar.Calendar, p *policy.Policy, e Excuse) error {
	if err := checkExcuse(cal, p.Hours(), &p.Leave, e); err != nil {
		return err
	}
	return nil
}

func checkExcuse(cal *calendar.Calendar, h calendar.Hours, lv *policy.Leave, e Excuse) *bianmin.Error {
	switch {
	case !slices.Contains(ExcuseKinds, e.Kind):
		return bianmin.FieldError("excuse", "未知的免考勤事由类型。", "Unknown kind of excuse.").WithRule("AT-2")
	case e.Start.IsZero() || !e.End.After(e.Start):
		return bianmin.FieldError("excuse", "免考勤事由的结束时间必须晚于开始时间。",
			"An excuse must end after it starts.").WithRule(e.Kind.Rule())
	case e.ApprovedAt.IsZero():
		return bianmin.FieldError("excuse",
			fmt.Sprintf("%s尚未批准，不能免除考勤。", e.Kind.Name("zh")),
			fmt.Sprintf("The %s is not approved, so it excuses nothing.", e.Kind.Name("en"))).WithRule(e.Kind.Rule())
	}
	switch e.Kind {
	case ExcuseTrip:
		if last := tripFormDay(cal, e); !e.ApprovedAt.Before(last.AddDays(1).Time()) {
			return bianmin.FieldError("excuse",
				fmt.Sprintf("因公外出的考勤情况登记表须在 %d 天内（%s 24:00 前）报办公室核准，实际核准于 %s，逾期不能免除考勤（000 篇七 四 2）。",
					TripFormDays, last, stamp(e.ApprovedAt)),
				fmt.Sprintf("A business trip's attendance form must be approved by the office within %d days (by %s 24:00); it was approved %s, too late to excuse the trip (000 篇七 四 2).",
					TripFormDays, last, stamp(e.ApprovedAt))).WithRule("AT-2")
		}
	case ExcuseShortAbsence:
		return checkSlip(h, lv, e)
	}
	return nil
}

// checkSlip applies LV-7 to a duty chief's slip: shorter than the policy's
// limit, and signed by the end of the day.
func checkSlip(h calendar.Hours, lv *policy.Leave, e Excuse) *bianmin.Error {
	day := lastDay(e.Start, e.End)
	dayMinutes := 0
	for _, s := range h.On(day) {
		dayMinutes += int(s.End - s.Start)
	}
	limit, bounded := lv.ShortAbsenceUnder.Minutes(dayMinutes)
	if length := int(e.End.Sub(e.Start) / time.Minute); bounded && length >= limit {
		return bianmin.FieldError("excuse",
			fmt.Sprintf("值班长只能签批短于 %s 的临时外出，此次为 %d 分钟，须按请假审批（LV-7、LV-1）。", lv.ShortAbsenceUnder, length),
			fmt.Sprintf("The duty chief signs only absences shorter than %s; this one is %d minutes and needs leave (LV-7, LV-1).", lv.ShortAbsenceUnder, length)).WithRule("LV-7")
	}
	if calendar.DateOf(e.Start) != day {
		return bianmin.FieldError("excuse", "值班长签批的临时外出不能跨日。",
			"A short absence signed by the duty chief cannot run into the next day.").WithRule("LV-7")
	}
	if due := SlipDeadline(e); !e.ApprovedAt.Before(due) {
		return bianmin.FieldError("excuse",
			fmt.Sprintf("临时外出须由值班长在当天（%s）签批备案，实际签批于 %s（LV-7）。", day, stamp(e.ApprovedAt)),
			fmt.Sprintf("A short absence must be signed by the duty chief on its day (%s); it was signed %s (LV-7).", day, stamp(e.ApprovedAt))).WithRule("LV-7")
	}
	return nil
}

// stamp formats an instant as "YYYY-MM-DD HH:MM" in Asia/Shanghai.
func stamp(t time.Time) string { return t.In(bianmin.Shanghai).Format("2006-01-02 15:04") }

// Refusal is an excuse that did not count, with the reason.
type Refusal struct {
	Excuse Excuse
	Err    *bianmin.Error
}

// Away is a time the person was found away from the window: recorded by an
// inspection (004 §考勤制度 4, DU-3) or read from a check-out and the next
// check-in within a half day. Out over policy away_minutes without an excuse,
// the half day is absent (AT-2).
type Away struct {
	Start, End time.Time
	Source     string // "inspection", "punches", ...
	Note       string
}

// AwaySourcePunches marks an away time read from the punches.
const AwaySourcePunches = "punches"

// AwayCheck is an away time as judged for one half day: how many of its
// minutes fell in the session without an excuse.
type AwayCheck struct {
	Away      Away
	Unexcused int // minutes
}
