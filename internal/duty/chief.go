package duty

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// ChiefRotation is the hall duty chief's rota (DU-3): hall staff take the
// post in the centre's order (000 篇二十二 值班长制度 第二条) for a term of
// TermWeeks weeks each (第三条: two weeks), the first term starting on Start.
type ChiefRotation struct {
	Staff     []int64
	Start     calendar.Date
	TermWeeks int // policy duty.chief_term_weeks
}

// Validate checks the rota: staff named once each, a start date, a term.
func (c ChiefRotation) Validate() error {
	var v bianmin.Validation
	add := func(field, zh, en string) { v.AddErr(bianmin.FieldError(field, zh, en).WithRule("DU-3")) }
	if len(c.Staff) == 0 {
		add("staff", "值班长轮值名单至少需要一人。", "The rota needs at least one person.")
	}
	for i, id := range c.Staff {
		switch {
		case id <= 0:
			add(fmt.Sprintf("staff[%d]", i), "请选择工作人员。", "Choose a staff member.")
		case slices.Contains(c.Staff[:i], id):
			add(fmt.Sprintf("staff[%d]", i), "轮值名单中人员重复。", "The person is listed twice.")
		}
	}
	if !c.Start.Valid() {
		add("start", "请填写第一任值班长的开始日期。", "Give the day the first term starts.")
	}
	if c.TermWeeks < 1 {
		add("term_weeks", "轮值周期至少为一周。", "A term is at least one week.")
	}
	return v.Err()
}

// Term is one duty chief's term.
type Term struct {
	Index    int // 0 for the term that begins on Start
	Chief    int64
	From, To calendar.Date // first and last calendar day
	// HandoverDue is when the chief hands over (第四条 9: 任职期满按时办理交接):
	// the end of the last session of the term's last working day, or, for a
	// term without a working day, the start of the next working day.
	HandoverDue time.Time
	Rule        string // DU-3
}

// TermOn returns the term that contains date d; ok is false before the
// first term or for a rota that does not validate.
func (c ChiefRotation) TermOn(cal *calendar.Calendar, h calendar.Hours, d calendar.Date) (Term, bool) {
	if c.Validate() != nil || d.Before(c.Start) {
		return Term{}, false
	}
	days := 7 * c.TermWeeks
	k := d.Sub(c.Start) / days
	t := Term{Index: k, Chief: c.Staff[k%len(c.Staff)], Rule: "DU-3"}
	t.From = c.Start.AddDays(k * days)
	t.To = t.From.AddDays(days - 1)
	t.HandoverDue = handover(cal, h, t.From, t.To)
	return t, true
}

func handover(cal *calendar.Calendar, h calendar.Hours, from, to calendar.Date) time.Time {
	for d := to; !d.Before(from); d = d.AddDays(-1) {
		if cal.IsWorkingDay(d) {
			return endOfDay(cal, h, d)
		}
	}
	next := cal.NextWorkingDay(to)
	if s := cal.Sessions(next, h); len(s) > 0 {
		return next.At(s[0].Start)
	}
	return next.Time()
}

// endOfDay returns the end of the last session of a working day, or 24:00
// when the hours give it none.
func endOfDay(cal *calendar.Calendar, h calendar.Hours, d calendar.Date) time.Time {
	if s := cal.Sessions(d, h); len(s) > 0 {
		return d.At(s[len(s)-1].End)
	}
	return d.AddDays(1).Time()
}

// EarlyArrival returns when the duty chief is due on a working day: minutes
// (policy duty.chief_early_minutes) before the first session, to check the
// attendance machine and the touch screens (第四条 8); ok is false on a day
// without sessions.
func EarlyArrival(cal *calendar.Calendar, h calendar.Hours, minutes int, d calendar.Date) (time.Time, bool) {
	s := cal.Sessions(d, h)
	if len(s) == 0 {
		return time.Time{}, false
	}
	return d.At(s[0].Start).Add(-time.Duration(minutes) * time.Minute), true
}

// Inspections returns n random inspection instants inside the sessions of a
// working day (DU-3), in order; none on a day without sessions. 000 篇二十二
// has two a day, "上下午不定时": so the inspections are dealt to the sessions
// in turn (the first to the morning, the second to the afternoon, the third
// to the morning again …), and a session with several is cut into equal
// parts with one inspection at a random minute of each, so they never bunch.
// The same seed and date give the same instants, for tests and for a
// centre that keeps its seed secret from the chiefs.
func Inspections(cal *calendar.Calendar, h calendar.Hours, n int, seed uint64, d calendar.Date) []time.Time {
	spans := cal.Sessions(d, h)
	if len(spans) == 0 || n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, uint64(d.Sub(calendar.Date{Y: 1970, M: time.January, D: 1}))))
	count := make([]int, len(spans))
	for i := range n {
		count[i%len(spans)]++
	}
	var out []time.Time
	for i, s := range spans {
		length := int(s.End - s.Start)
		for j := range count[i] {
			lo, hi := length*j/count[i], length*(j+1)/count[i]
			m := lo
			if hi > lo {
				m += rng.IntN(hi - lo)
			}
			out = append(out, d.At(s.Start+calendar.Minute(m)))
		}
	}
	return out
}
