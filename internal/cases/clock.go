// Package cases holds the rules of cases 办件 as pure functions: the
// statutory clock with its pauses and single extension, supervision
// colours, deemed acceptance, the one-time supplement notice, the moves a
// case may make and fees from the published standard. No SQL, no HTTP: the
// service package loads the facts, asks these functions and stores the
// answer with the rule ID they give.
package cases

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// Terms are what an item and the policy say about a case's time limit.
type Terms struct {
	Kind      bianmin.CaseKind
	ItemType  string        // R3.6 code; "01" is a licence 行政许可
	Promised  bianmin.Limit // 承诺办结时限
	Statutory bianmin.Limit // 法定办结时限
}

// TermsOf reads the terms from an item version.
func TermsOf(it *bianmin.ServiceItem) Terms {
	return Terms{Kind: it.CaseKind, ItemType: it.ItemType, Promised: it.Promised, Statutory: it.Statutory}
}

// Span is a pause of the clock; End is nil while it lasts.
type Span struct {
	Start time.Time
	End   *time.Time
}

// Clock is what happened to a case since acceptance.
type Clock struct {
	AcceptedAt    time.Time
	AcceptDate    calendar.Date // the legal acceptance day; differs from AcceptedAt's day for deemed acceptance (R1.3)
	Pauses        []Span
	ExtensionDays int // working days of the one approved extension (C-2, R1.8)
}

// Deadline is a computed time limit with the rule that produced it. Every
// deadline shown to a person carries Rule and the explanation.
type Deadline struct {
	At       time.Time     // the limit ends: 24:00 of Date for day limits (R1.17)
	Date     calendar.Date // last day; for minute and hour limits the day of At
	Rule     string        // rule of the binding limit (C-0, R1.13, R1.9, C-2, R1.20)
	Limit    bianmin.Limit // the binding limit before pauses and extension
	Minutes  int           // the binding limit in minutes, for immediate cases
	Paused   bool          // a pause is open: At assumes the clock resumes now
	PausedWD int           // working (or calendar) days the pauses moved the deadline
	YellowAt time.Time     // supervision turns yellow (SUP-2, R5.3, R5.5)
	RedAt    time.Time     // supervision turns red (after the policy's grace)
	ZH, EN   string        // how the deadline was computed, for the page
}

// limitCandidate is one limit that may bind a case.
type limitCandidate struct {
	limit bianmin.Limit
	rule  string
}

// candidates lists the limits that apply to the terms; the earliest deadline
// binds. The promised limit drives the clock and the statutory one caps it
// (R1.13); joint and reported cases also have the caps of R1.9 and 002.
func candidates(p *policy.Policy, t Terms) []limitCandidate {
	var out []limitCandidate
	if t.Promised.Valid() && t.Promised.Unit != bianmin.UnitOnTheSpot {
		out = append(out, limitCandidate{t.Promised, "C-0"})
	}
	if t.Statutory.Valid() && t.Statutory.Unit != bianmin.UnitOnTheSpot {
		out = append(out, limitCandidate{t.Statutory, "R1.13"})
	}
	dayUnit := bianmin.UnitWorkingDays
	if p.Cases.DayUnit == "calendar" {
		dayUnit = bianmin.UnitCalendarDays
	}
	switch t.Kind {
	case bianmin.CaseJoint:
		out = append(out, limitCandidate{bianmin.Limit{Value: p.Cases.JointWorkingDays, Unit: bianmin.UnitWorkingDays}, "R1.9"})
	case bianmin.CaseReported:
		out = append(out, limitCandidate{bianmin.Limit{Value: p.Cases.ReportedCapDays, Unit: dayUnit}, "C-2"})
	case bianmin.CasePromised, bianmin.CasePetition:
		if len(out) == 0 { // an item without limits still gets the centre's investigation limit (C-2)
			out = append(out, limitCandidate{bianmin.Limit{Value: p.Cases.InvestigationDays, Unit: dayUnit}, "C-2"})
		}
	}
	return out
}

// OnTheSpot reports whether a case of these terms is done within minutes:
// immediate and consultation cases (R1.20; DOMAIN.md §5 即办件).
func OnTheSpot(t Terms) bool {
	return t.Kind == bianmin.CaseImmediate || t.Kind == bianmin.CaseConsultation
}

// ExtensionCap returns how many working days one extension may add and the
// rule: 10 for licences (R1.8), 15 for joint handling (R1.9), the centre's
// cap for other complex cases (C-2); none for on-the-spot cases.
func ExtensionCap(p *policy.Policy, t Terms) (int, string) {
	switch {
	case OnTheSpot(t):
		return 0, "R1.20"
	case t.Kind == bianmin.CaseJoint:
		return p.Cases.JointExtensionWorkingDays, "R1.9"
	case t.ItemType == bianmin.ItemLicence:
		return p.Cases.ExtensionWorkingDays, "R1.8"
	}
	return p.Cases.ExtensionCapWorkingDays, "C-2"
}

// Due computes a case's deadline at instant now. Day limits count from the
// acceptance day, which is not counted (R1.17); the binding limit is the
// earliest of the candidates; paused days move the deadline by as many days
// of the limit's unit (C-3, R1.12); the extension adds working days once
// (R1.8); a calendar-day deadline that falls on a rest day moves to the next
// working day (R1.17). An open pause counts up to now.
func Due(cal *calendar.Calendar, p *policy.Policy, t Terms, c Clock, now time.Time) Deadline {
	if c.AcceptDate.IsZero() {
		c.AcceptDate = calendar.DateOf(c.AcceptedAt)
	}
	if OnTheSpot(t) {
		return dueMinutes(p, c, now)
	}
	var best Deadline
	for i, k := range candidates(p, t) {
		d := dueFor(cal, k, c, now)
		if i == 0 || d.At.Before(best.At) {
			best = d
		}
	}
	if best.At.IsZero() { // no limit at all: treat as immediate rather than never due
		return dueMinutes(p, c, now)
	}
	best.YellowAt = yellowAt(cal, p, best)
	best.RedAt = redAt(cal, p, best)
	best.ZH, best.EN = explain(best, c)
	return best
}

// dueFor computes the deadline under one limit.
func dueFor(cal *calendar.Calendar, k limitCandidate, c Clock, now time.Time) Deadline {
	d := Deadline{Rule: k.rule, Limit: k.limit}
	switch k.limit.Unit {
	case bianmin.UnitHours:
		paused, open := pausedDuration(c.Pauses, now)
		d.At = c.AcceptedAt.Add(time.Duration(k.limit.Value)*time.Hour + paused)
		d.Date, d.Paused = calendar.DateOf(d.At), open
		if c.ExtensionDays > 0 {
			// The extension is in working days whatever the limit's unit
			// (R1.8): it ends at 24:00 of the N-th working day after the day
			// the hours ran out, so a later hour deadline never extends to an
			// earlier one.
			d.Date = cal.AddWorkingDays(d.Date, c.ExtensionDays)
			d.At = d.Date.AddDays(1).Time()
		}
		return d
	case bianmin.UnitCalendarDays:
		n, open := pausedDays(cal, c.Pauses, now, false)
		// The extension counts from the deadline it extends, which is the
		// working day a rest-day end moved to (R1.17, R1.8).
		end := cal.AddCalendarDays(c.AcceptDate, k.limit.Value+n)
		if c.ExtensionDays > 0 {
			end = cal.AddWorkingDays(end, c.ExtensionDays)
		}
		d.Date, d.Paused, d.PausedWD = end, open, n
	default: // working days
		n, open := pausedDays(cal, c.Pauses, now, true)
		d.Date = cal.AddWorkingDays(c.AcceptDate, k.limit.Value+n+c.ExtensionDays)
		d.Paused, d.PausedWD = open, n
	}
	d.At = d.Date.AddDays(1).Time()
	return d
}

// dueMinutes is the deadline of an on-the-spot case: the policy's minutes
// from acceptance plus paused time (R1.20).
func dueMinutes(p *policy.Policy, c Clock, now time.Time) Deadline {
	paused, open := pausedDuration(c.Pauses, now)
	m := p.Cases.ImmediateMinutes
	at := c.AcceptedAt.Add(time.Duration(m)*time.Minute + paused)
	d := Deadline{At: at, Date: calendar.DateOf(at), Rule: "R1.20", Minutes: m, Paused: open,
		Limit: bianmin.Limit{Unit: bianmin.UnitOnTheSpot}}
	share := time.Duration(m) * time.Minute * time.Duration(p.Supervision.YellowPercentLeft) / 100
	d.YellowAt, d.RedAt = at.Add(-share), at
	d.ZH = fmt.Sprintf("即办件：受理后 %d 分钟内办结（R1.20，cases.immediate_minutes）", m)
	d.EN = fmt.Sprintf("immediate case: done within %d minutes of acceptance (R1.20, cases.immediate_minutes)", m)
	return d
}

// pausedDuration sums the pauses, an open one up to now.
func pausedDuration(ps []Span, now time.Time) (time.Duration, bool) {
	var sum time.Duration
	open := false
	for _, p := range ps {
		end := now
		if p.End != nil {
			end = *p.End
		} else {
			open = true
		}
		if end.After(p.Start) {
			sum += end.Sub(p.Start)
		}
	}
	return sum, open
}

// pausedDays counts the days the pauses cover: for a pause from day a to day
// b, the days in (a, b], so a pause that starts and ends on one day moves
// nothing and a pause over a weekend moves only the working days in it.
func pausedDays(cal *calendar.Calendar, ps []Span, now time.Time, working bool) (int, bool) {
	n, open := 0, false
	for _, p := range ps {
		end := now
		if p.End != nil {
			end = *p.End
		} else {
			open = true
		}
		a, b := calendar.DateOf(p.Start), calendar.DateOf(end)
		switch {
		case !b.Time().After(a.Time()):
		case working:
			n += cal.WorkingDaysBetween(a, b)
		default:
			n += int(b.Time().Sub(a.Time()).Hours()+12) / 24
		}
	}
	return n, open
}

// yellowAt is when supervision turns yellow (SUP-2; R5.3, R5.5): at the
// start of the day from which at most YellowWorkingDaysLeft working days
// remain, or from which at most YellowPercentLeft of the limit remains,
// whichever comes first.
func yellowAt(cal *calendar.Calendar, p *policy.Policy, d Deadline) time.Time {
	s := p.Supervision
	at := d.At
	if s.YellowWorkingDaysLeft > 0 {
		if t := cal.AddWorkingDays(d.Date, -s.YellowWorkingDaysLeft).AddDays(1).Time(); t.Before(at) {
			at = t
		}
	}
	if s.YellowPercentLeft > 0 {
		switch d.Limit.Unit {
		case bianmin.UnitHours:
			share := time.Duration(d.Limit.Value) * time.Hour * time.Duration(s.YellowPercentLeft) / 100
			if t := d.At.Add(-share); t.Before(at) {
				at = t
			}
		default:
			if k := d.Limit.Value * s.YellowPercentLeft / 100; k > 0 {
				if t := cal.AddWorkingDays(d.Date, -k).AddDays(1).Time(); t.Before(at) {
					at = t
				}
			}
		}
	}
	return at
}

// redAt is when supervision turns red: at the deadline, or after the
// policy's grace in working days (SUP-2).
func redAt(cal *calendar.Calendar, p *policy.Policy, d Deadline) time.Time {
	g := p.Supervision.RedGraceWorkingDays
	if g == 0 || d.Limit.Unit == bianmin.UnitHours {
		return d.At
	}
	return cal.AddWorkingDays(d.Date, g).AddDays(1).Time()
}

func explain(d Deadline, c Clock) (zh, en string) {
	zh = fmt.Sprintf("自受理日 %s 起算（当日不计，R1.17），时限 %s（%s）", c.AcceptDate, d.Limit, d.Rule)
	en = fmt.Sprintf("counted from the acceptance day %s (not counted, R1.17), limit %d %s (%s)", c.AcceptDate,
		d.Limit.Value, d.Limit.Unit, d.Rule)
	if d.PausedWD > 0 {
		zh += fmt.Sprintf("，暂停顺延 %d 天（C-3、R1.12）", d.PausedWD)
		en += fmt.Sprintf(", moved %d days by pauses (C-3, R1.12)", d.PausedWD)
	}
	if c.ExtensionDays > 0 {
		zh += fmt.Sprintf("，经批准延长 %d 个工作日（R1.8）", c.ExtensionDays)
		en += fmt.Sprintf(", extended by %d working days (R1.8)", c.ExtensionDays)
	}
	if d.Paused {
		zh += "；目前暂停计时，恢复后重新计算"
		en += "; the clock is paused and the date moves until it resumes"
	}
	return zh, en
}

// ColourAt is a case's supervision colour at now (SUP-2, R5.4). A paused
// clock never changes colour (R5.5): callers keep the colour it had.
func ColourAt(d Deadline, now time.Time) bianmin.Colour {
	switch {
	case !now.Before(d.RedAt):
		return bianmin.ColourRed
	case !now.Before(d.YellowAt):
		return bianmin.ColourYellow
	}
	return bianmin.ColourGreen
}

// DeemedAcceptanceAt is when a received application without a supplement
// notice counts as accepted (R1.3): the end of the policy's N-th working day
// after the day of receipt. The acceptance day is then the day of receipt.
func DeemedAcceptanceAt(cal *calendar.Calendar, p *policy.Policy, received calendar.Date) time.Time {
	return cal.AddWorkingDays(received, p.Cases.SupplementNoticeWorkingDays).AddDays(1).Time()
}

// StepLimitAt is when an open step counts as over its limit (R5.2 (3)).
func StepLimitAt(cal *calendar.Calendar, p *policy.Policy, started time.Time) time.Time {
	return cal.AddWorkingDays(calendar.DateOf(started), p.Supervision.StepWorkingDays).AddDays(1).Time()
}
