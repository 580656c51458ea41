// Package attendance holds the attendance rules of DOMAIN.md §9 (AT-1 to
// AT-6) as pure functions: the half days a person must attend, which punch
// counts for which half day, what excuses a punch or an absence, the status
// of every half day with the rule that produced it, period summaries with
// the N-lates rule and the fines of 000 篇七, and the objection window of a
// published sheet. No SQL, no HTTP: the service loads punches, excuses and
// away records, asks these functions and stores or shows the answer with
// the rule ID it carries.
package attendance

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// HalfDay is one service session of a working day, the unit of attendance
// (AT-1: "考勤以半天为单位", 004 §考勤制度 2). With the usual two sessions it
// is a morning or an afternoon; a hall with one session a day (9:00-17:00,
// 000 篇十九) has one unit a day, and every session is its own unit.
//
// A punch belongs to a half day by its kind (AT-1): a check-in belongs to
// the session whose window [InFrom, End) holds it, a check-out to the one
// whose window (Start, OutTo] holds it. The windows split the gaps between
// sessions so that a check-in in the lunch break is the afternoon's and a
// check-out in it is the morning's; the first check-in window opens at
// 00:00 and the last check-out window closes at 24:00.
type HalfDay struct {
	Date  calendar.Date
	Index int // 0 for the first session of the day
	Count int // sessions that day
	Span  calendar.Span
	Start time.Time // Asia/Shanghai
	End   time.Time
	// InFrom is the end of the previous session, or 00:00 for the first.
	InFrom time.Time
	// OutTo is the start of the next session, or 24:00 for the last.
	OutTo time.Time
}

// HalfDays returns the half days a person must attend on date d: none on a
// day that is not a legal working day, the sessions of the season on a
// working day, make-up days included (AT-6, ORG-5, R2.4).
func HalfDays(cal *calendar.Calendar, p *policy.Policy, d calendar.Date) []HalfDay {
	return halfDays(cal, p.Hours(), d)
}

func halfDays(cal *calendar.Calendar, h calendar.Hours, d calendar.Date) []HalfDay {
	spans := cal.Sessions(d, h)
	out := make([]HalfDay, len(spans))
	for i, s := range spans {
		out[i] = HalfDay{Date: d, Index: i, Count: len(spans), Span: s,
			Start: d.At(s.Start), End: d.At(s.End), InFrom: d.Time(), OutTo: d.AddDays(1).Time()}
		if i > 0 {
			out[i].InFrom = d.At(spans[i-1].End)
		}
		if i+1 < len(spans) {
			out[i].OutTo = d.At(spans[i+1].Start)
		}
	}
	return out
}

// Holds reports whether a punch of kind k at instant t belongs to h. The
// instant is taken in whole minutes, as the sheet shows it.
func (h HalfDay) Holds(k Kind, t time.Time) bool {
	t = minute(t)
	switch k {
	case In:
		return !t.Before(h.InFrom) && t.Before(h.End)
	case Out:
		return t.After(h.Start) && !t.After(h.OutTo)
	}
	return false
}

// Minutes returns the length of the session in minutes.
func (h HalfDay) Minutes() int { return int(h.Span.End - h.Span.Start) }

// Name names the half day for the sheet: morning or afternoon when the day
// has two sessions, the whole day when it has one, else its number.
func (h HalfDay) Name(lang string) string {
	zh, en := fmt.Sprintf("第%d时段", h.Index+1), fmt.Sprintf("session %d", h.Index+1)
	switch {
	case h.Count == 1:
		zh, en = "全天", "whole day"
	case h.Count == 2 && h.Index == 0:
		zh, en = "上午", "morning"
	case h.Count == 2:
		zh, en = "下午", "afternoon"
	}
	if lang == "en" {
		return en
	}
	return zh
}

// String names the half day as "2026-02-14 上午 08:00-12:00".
func (h HalfDay) String() string { return h.Date.String() + " " + h.Name("zh") + " " + h.Span.String() }

// minute truncates an instant to its minute: thresholds are "more than N
// minutes" of the clock times the sheet shows (AT-2), so 08:20:59 is 08:20.
// Asia/Shanghai is a whole number of hours from UTC, so truncating the
// absolute time truncates the local clock.
func minute(t time.Time) time.Time { return t.Truncate(time.Minute).In(bianmin.Shanghai) }

// clock formats an instant as HH:MM in Asia/Shanghai.
func clock(t time.Time) string { return t.In(bianmin.Shanghai).Format("15:04") }
