package leave

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// Length is how long a leave is in working time (LV-1): only the service
// sessions of legal working days count, so a week that holds the Spring
// Festival is not five days of leave, and a make-up Saturday is a day.
type Length struct {
	// Minutes are the service minutes covered (calendar.BusinessTime); the
	// ladder's steps in hours ("1h") compare these.
	Minutes int
	// Days is the share of working days covered; the steps in days ("0.5d",
	// "3d") compare it. Each session of a day is an equal part of that day
	// and counts by the share of it covered.
	Days float64
	// WorkingDays are the working days the leave touches.
	WorkingDays int
}

// maxSpan bounds a request: the longest statutory leave (maternity with
// provincial extensions) is under a year.
const maxSpan = 366 * 24 * time.Hour

// Measure returns the working length of a leave from from to to (LV-1).
//
// A day of leave is measured against that day's own sessions, so a whole
// summer day is one day just as a whole winter day is, and a leave across the
// start of a season needs no common "day" in minutes. Inside a day, 004
// §考勤制度 2 counts attendance by half days 考勤以半天为单位: the morning
// and the afternoon are each half a day, although 8:00-12:00 is 240 minutes
// and 13:30-17:00 only 210. Measuring days as minutes over the day's total
// would make a whole afternoon less than "0.5d" and excuse it from the
// substitute of LV-4 ("请假半天以上（含半天）"). So each session is an equal
// part of its day (a half with two sessions, the whole with one, as in the
// 9:00-17:00 alternative of 000 篇十九), and a part of a session counts by its
// minutes.
func Measure(cal *calendar.Calendar, h calendar.Hours, from, to time.Time) (Length, error) {
	switch {
	case !to.After(from):
		return Length{}, bianmin.FieldError("to", "请假结束时间必须晚于开始时间。",
			"The end of the leave must be after its start.").WithRule("LV-1")
	case to.Sub(from) > maxSpan:
		return Length{}, bianmin.FieldError("to", "一次请假不能超过一年，请分段申请。",
			"One request cannot cover more than a year; split it.").WithRule("LV-1")
	}
	var l Length
	for d := calendar.DateOf(from); !d.After(calendar.DateOf(to)); d = d.AddDays(1) {
		spans := cal.Sessions(d, h)
		touched := false
		for _, s := range spans {
			got := ceilMinutes(cal.BusinessTime(later(from, d.At(s.Start)), earlier(to, d.At(s.End)), h))
			if got == 0 {
				continue
			}
			touched = true
			l.Minutes += got
			l.Days += float64(got) / float64(s.End-s.Start) / float64(len(spans))
		}
		if touched {
			l.WorkingDays++
		}
	}
	if l.Minutes == 0 {
		return Length{}, bianmin.FieldError("from",
			fmt.Sprintf("%s 至 %s 不含任何工作时间（节假日、周末或服务时间以外），无需请假。", stamp(from), stamp(to)),
			fmt.Sprintf("%s to %s holds no working time (holidays, weekends or outside service hours): no leave is needed.", stamp(from), stamp(to))).
			WithRule("LV-1")
	}
	return l, nil
}

// epsilon absorbs the rounding of summed day shares (thirds, sevenths).
const epsilon = 1e-9

// Within reports whether the leave is no longer than a policy length; the
// empty length has no limit.
func (l Length) Within(b policy.Length) bool {
	c, bounded := l.Compare(b)
	return !bounded || c <= 0
}

// Compare returns -1, 0 or +1 as the leave is shorter than, as long as or
// longer than a policy length: a length in hours compares service minutes,
// one in days compares the day share. bounded is false for the empty length
// (no limit), which every leave is shorter than.
//
// policy.Leave.StepFor compares one number with every step, a day being
// dayMinutes; with sessions of unequal length no dayMinutes makes both an
// hour and a whole afternoon come out right, so the two kinds of step are
// compared each in its own unit. The kinds are told apart through the
// policy's own Length.Minutes: at a day of 0 minutes only hours remain, and
// a day of 2 minutes adds one minute per half day.
func (l Length) Compare(b policy.Length) (c int, bounded bool) {
	minutes, halfDays, bounded := parts(b)
	switch {
	case !bounded:
		return -1, false
	case halfDays > 0:
		switch d := l.Days*2 - float64(halfDays); {
		case d < -epsilon:
			return -1, true
		case d > epsilon:
			return 1, true
		}
		return 0, true
	}
	switch {
	case l.Minutes < minutes:
		return -1, true
	case l.Minutes > minutes:
		return 1, true
	}
	return 0, true
}

// parts splits a policy length into its hours (as minutes) and half days.
func parts(b policy.Length) (minutes, halfDays int, bounded bool) {
	m0, bounded := b.Minutes(0)
	if !bounded {
		return 0, 0, false
	}
	m2, _ := b.Minutes(2)
	return m0, m2 - m0, true
}

// ceilMinutes rounds a duration up to whole minutes, so that a leave ending
// a few seconds into a minute is not a minute shorter than it is.
func ceilMinutes(d time.Duration) int { return int((d + time.Minute - 1) / time.Minute) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// stamp formats an instant for messages, in Asia/Shanghai.
func stamp(t time.Time) string { return t.In(bianmin.Shanghai).Format("2006-01-02 15:04") }
