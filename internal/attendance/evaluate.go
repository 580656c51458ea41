package attendance

import (
	"slices"
	"time"

	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// Status is the attendance of one half day.
type Status string

// Statuses of a half day. Each Result names the rule that produced it.
const (
	StatusOnTime    Status = "on_time"    // 正常 (AT-2)
	StatusLate      Status = "late"       // 迟到, or no check-in (AT-2)
	StatusEarly     Status = "early"      // 早退, or no check-out (AT-2)
	StatusLateEarly Status = "late_early" // both (AT-2)
	StatusAbsent    Status = "absent"     // 旷工: no punch at all, or away too long without leave (AT-2)
	StatusExcused   Status = "excused"    // the whole session excused (LV-1, LV-7, AT-2)
	StatusProxy     Status = "proxy"      // 代签 found: both people absent (AT-3)
	StatusRest      Status = "rest"       // not a working day (AT-6)
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusOnTime, StatusLate, StatusEarly, StatusLateEarly, StatusAbsent, StatusExcused, StatusProxy, StatusRest}

var statusNames = map[Status][2]string{
	StatusOnTime: {"正常", "on time"}, StatusLate: {"迟到", "late"}, StatusEarly: {"早退", "early"},
	StatusLateEarly: {"迟到、早退", "late and early"}, StatusAbsent: {"旷工", "absent"},
	StatusExcused: {"免考勤", "excused"}, StatusProxy: {"代签", "proxy punch"}, StatusRest: {"休息日", "rest day"},
}

// Name names a status for the sheet ("zh" or "en").
func (s Status) Name(lang string) string {
	n, ok := statusNames[s]
	switch {
	case !ok:
		return string(s)
	case lang == "en":
		return n[1]
	}
	return n[0]
}

// Facts are what is known about one person's attendance.
type Facts struct {
	// Punches are those made under the person's staff number, including
	// any found to have been made by someone else (Punch.ProxyBy, AT-3).
	Punches []Punch
	// PunchedForOthers are punches under other staff numbers that this
	// person was found to have made (their ProxyBy is this person, AT-3).
	PunchedForOthers []Punch
	Excuses          []Excuse
	Away             []Away
}

// Result is the attendance of one half day, or of a rest day.
type Result struct {
	Date calendar.Date
	Half HalfDay // zero on a rest day
	// Status and the rule that produced it (issue 6 §8).
	Status Status
	Rule   string
	// Absences is how many absences 旷工 this half day counts: 1 when
	// absent (AT-2), attendance.proxy_check_in_absences for a proxy (AT-3).
	Absences int
	// Punches are all punches under the person's number that belong to
	// this half day, in time order; CheckIn and CheckOut point to the two
	// that count (AT-1): the first check-in, and the last check-out not
	// followed by a return.
	Punches           []Punch
	CheckIn, CheckOut *Punch
	// DueIn and DueOut are the session's start and end, moved by excuses
	// that cover them (a leave until 9:00 makes the check-in due at 9:00).
	DueIn, DueOut time.Time
	// LateBy and EarlyBy are the whole minutes after DueIn and before
	// DueOut of the counted punches, 0 when on time or missing; Late and
	// Early say whether they exceed the policy's thresholds or the punch is
	// missing (AT-2).
	LateBy, EarlyBy       int
	Late, Early           bool
	MissingIn, MissingOut bool
	Away                  []AwayCheck // away times that touch the session
	Excuses               []Excuse    // excuses that count and touch the session
	Refused               []Refusal   // excuses that touch the session but do not count
	PunchedByOthers       []Punch     // this person's punches made by someone else (AT-3)
	PunchedForOthers      []Punch     // punches this person made for others (AT-3)
	ZH, EN                string      // why, for the sheet
}

// Evaluate judges every date of a period for one person: one Result per
// half day of a working day and one per rest day (AT-1 to AT-3, AT-6).
// Punches dated outside the period are not read.
func Evaluate(cal *calendar.Calendar, p *policy.Policy, per Period, f Facts) []Result {
	e := newEvaluator(cal, p, f)
	var out []Result
	for _, d := range per.Dates() {
		out = append(out, e.day(d)...)
	}
	return out
}

// EvaluateDay judges one date for one person.
func EvaluateDay(cal *calendar.Calendar, p *policy.Policy, d calendar.Date, f Facts) []Result {
	return newEvaluator(cal, p, f).day(d)
}

type evaluator struct {
	cal       *calendar.Calendar
	hours     calendar.Hours
	rules     policy.Attendance
	own       map[calendar.Date][]Punch
	forOthers map[calendar.Date][]Punch
	excuses   []Excuse
	refused   []Refusal
	away      []Away
}

func newEvaluator(cal *calendar.Calendar, p *policy.Policy, f Facts) *evaluator {
	e := &evaluator{cal: cal, hours: p.Hours(), rules: p.Attendance, away: f.Away,
		own: byDate(f.Punches), forOthers: byDate(f.PunchedForOthers)}
	for _, x := range f.Excuses {
		if err := checkExcuse(cal, e.hours, &p.Leave, x); err != nil {
			e.refused = append(e.refused, Refusal{x, err})
		} else {
			e.excuses = append(e.excuses, x)
		}
	}
	slices.SortStableFunc(e.excuses, func(a, b Excuse) int { return a.Start.Compare(b.Start) })
	return e
}

// byDate groups punches by their Asia/Shanghai date, each day in time order.
func byDate(ps []Punch) map[calendar.Date][]Punch {
	m := map[calendar.Date][]Punch{}
	for _, p := range ps {
		d := calendar.DateOf(p.At)
		m[d] = append(m[d], p)
	}
	for _, day := range m {
		slices.SortStableFunc(day, func(a, b Punch) int { return a.At.Compare(b.At) })
	}
	return m
}

// day judges one date.
func (e *evaluator) day(d calendar.Date) []Result {
	hs := halfDays(e.cal, e.hours, d)
	if len(hs) == 0 {
		return []Result{e.rest(d)}
	}
	out := make([]Result, len(hs))
	for i, h := range hs {
		out[i] = Result{Date: d, Half: h}
	}
	for _, p := range e.own[d] {
		i := attribute(hs, p)
		out[i].Punches = append(out[i].Punches, p)
	}
	for _, p := range e.forOthers[d] {
		i := attribute(hs, p)
		out[i].PunchedForOthers = append(out[i].PunchedForOthers, p)
	}
	for i := range out {
		e.judge(&out[i])
	}
	return out
}

// attribute returns the half day a punch belongs to (HalfDay.Holds). A
// check-in after the last session goes to the last half day and a
// check-out before the first session to the first, where they count for
// nothing but stay on the sheet.
func attribute(hs []HalfDay, p Punch) int {
	for i, h := range hs {
		if h.Holds(p.Kind, p.At) {
			return i
		}
	}
	if p.Kind == In {
		return len(hs) - 1
	}
	return 0
}

// rest is the result of a date without sessions (AT-6). A punch found to
// be a proxy still counts against both people (AT-3), whatever the day.
func (e *evaluator) rest(d calendar.Date) Result {
	r := Result{Date: d, Status: StatusRest, Rule: "AT-6", Punches: e.own[d], PunchedForOthers: e.forOthers[d]}
	for _, p := range r.Punches {
		if p.ProxyBy != "" {
			r.PunchedByOthers = append(r.PunchedByOthers, p)
		}
	}
	if len(r.PunchedByOthers)+len(r.PunchedForOthers) > 0 {
		r.Status, r.Rule, r.Absences = StatusProxy, "AT-3", e.rules.ProxyCheckInAbsences
	}
	r.ZH, r.EN = explain(&r, e.rules)
	return r
}

// judge decides one half day. Priority: a proxy punch (AT-3) over a fully
// excused session over absence (AT-2) over late and early (AT-2).
func (e *evaluator) judge(r *Result) {
	h := r.Half
	var genuine []Punch
	for _, p := range r.Punches {
		switch {
		case p.ProxyBy != "":
			r.PunchedByOthers = append(r.PunchedByOthers, p)
		case h.Holds(p.Kind, p.At):
			genuine = append(genuine, p)
		}
	}
	cover := e.cover(r)
	r.DueIn, r.DueOut = dueTimes(h, cover)
	var returns []Away
	r.CheckIn, r.CheckOut, returns = readPunches(genuine)
	awayTooLong := e.judgeAway(r, cover, returns)
	inExcused, outExcused := r.DueIn.After(h.Start), r.DueOut.Before(h.End)
	if r.CheckIn != nil {
		r.LateBy = max(0, int(minute(r.CheckIn.At).Sub(r.DueIn)/time.Minute))
	}
	if r.CheckOut != nil {
		r.EarlyBy = max(0, int(r.DueOut.Sub(minute(r.CheckOut.At))/time.Minute))
	}
	r.MissingIn, r.MissingOut = r.CheckIn == nil && !inExcused, r.CheckOut == nil && !outExcused
	r.Late = r.MissingIn || r.LateBy > e.rules.LateMinutes
	r.Early = r.MissingOut || r.EarlyBy > e.rules.EarlyMinutes
	switch {
	case len(r.PunchedByOthers)+len(r.PunchedForOthers) > 0:
		r.Status, r.Rule, r.Absences = StatusProxy, "AT-3", e.rules.ProxyCheckInAbsences
	case !r.DueIn.Before(r.DueOut):
		r.Status, r.Rule = StatusExcused, r.Excuses[0].Kind.Rule()
	case awayTooLong || r.CheckIn == nil && r.CheckOut == nil:
		r.Status, r.Rule, r.Absences = StatusAbsent, "AT-2", 1
	case r.Late && r.Early:
		r.Status, r.Rule = StatusLateEarly, "AT-2"
	case r.Late:
		r.Status, r.Rule = StatusLate, "AT-2"
	case r.Early:
		r.Status, r.Rule = StatusEarly, "AT-2"
	default:
		r.Status, r.Rule = StatusOnTime, "AT-2"
	}
	r.ZH, r.EN = explain(r, e.rules)
}

// interval is [start, end) in whole minutes.
type interval struct{ start, end time.Time }

func (iv interval) minutes() int { return int(iv.end.Sub(iv.start) / time.Minute) }

// clip returns [a, b) ∩ [s, e) in whole minutes.
func clip(a, b, s, e time.Time) (interval, bool) {
	iv := interval{minute(a), minute(b)}
	if iv.start.Before(s) {
		iv.start = s
	}
	if iv.end.After(e) {
		iv.end = e
	}
	return iv, iv.end.After(iv.start)
}

// cover records on r the excuses that touch its session and returns the
// time they cover inside it, merged and in order.
func (e *evaluator) cover(r *Result) []interval {
	h := r.Half
	var ivs []interval
	for _, x := range e.excuses {
		if iv, ok := clip(x.Start, x.End, h.Start, h.End); ok {
			r.Excuses = append(r.Excuses, x)
			ivs = append(ivs, iv)
		}
	}
	for _, x := range e.refused {
		if _, ok := clip(x.Excuse.Start, x.Excuse.End, h.Start, h.End); ok {
			r.Refused = append(r.Refused, x)
		}
	}
	slices.SortFunc(ivs, func(a, b interval) int { return a.start.Compare(b.start) })
	var merged []interval
	for _, iv := range ivs {
		if n := len(merged); n > 0 && !iv.start.After(merged[n-1].end) {
			if iv.end.After(merged[n-1].end) {
				merged[n-1].end = iv.end
			}
			continue
		}
		merged = append(merged, iv)
	}
	return merged
}

// dueTimes moves the session's start past an excuse that covers it and its
// end before one that covers it: the check-in is then due when the excuse
// ends and the check-out when it begins.
func dueTimes(h HalfDay, cover []interval) (in, out time.Time) {
	in, out = h.Start, h.End
	if len(cover) > 0 && !cover[0].start.After(in) {
		in = cover[0].end
	}
	if n := len(cover); n > 0 && !cover[n-1].end.Before(out) {
		out = cover[n-1].start
	}
	return in, out
}

// readPunches reads a half day's genuine punches in time order (AT-1): the
// first check-in is the arrival; a check-out followed by a check-in is a
// time away (from the last check-out of a run to the return); the last
// check-out not followed by a return is the departure. A check-out before
// any arrival and repeated check-ins count for nothing.
func readPunches(ps []Punch) (in, out *Punch, away []Away) {
	var pending *Punch
	for i := range ps {
		p := &ps[i]
		switch {
		case p.Kind == Out:
			pending = p
		case p.Kind != In:
		case in == nil:
			in, pending = p, nil
		case pending != nil:
			away = append(away, Away{Start: pending.At, End: p.At, Source: AwaySourcePunches})
			pending = nil
		}
	}
	if pending != nil {
		c := *pending
		out = &c
	}
	if in != nil {
		c := *in
		in = &c
	}
	return in, out, away
}

// judgeAway records the away times that touch the session with their
// minutes outside every excuse, and reports whether one exceeds the
// policy's away_minutes (AT-2: "未经许可在上班时间外出超过一小时").
// Each time away is judged on its own, as one outing.
func (e *evaluator) judgeAway(r *Result, cover []interval, fromPunches []Away) bool {
	h, tooLong := r.Half, false
	for _, a := range append(slices.Clone(e.away), fromPunches...) {
		iv, ok := clip(a.Start, a.End, h.Start, h.End)
		if !ok {
			continue
		}
		n := iv.minutes()
		for _, c := range cover {
			if x, ok := clip(c.start, c.end, iv.start, iv.end); ok {
				n -= x.minutes()
			}
		}
		r.Away = append(r.Away, AwayCheck{Away: a, Unexcused: n})
		tooLong = tooLong || n > e.rules.AwayMinutes
	}
	return tooLong
}
