package leave

import (
	"fmt"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/duty"
)

// Certificate is the hospital certificate attached to sick leave (LV-3).
type Certificate struct {
	File string // reference of the stored scan or photo
	// CountyOrHigher: issued by a county-level or higher hospital, as the
	// clerk checking the certificate confirms (004 §考勤制度 5(2)).
	CountyOrHigher bool
}

// Facts are what the service loads to check a request.
type Facts struct {
	// Partner are the requests of the other post-holder of the applicant's
	// window (LV-2).
	Partner []Request
	// Substitute are the requests of the named substitute (LV-4).
	Substitute []Request
	// Duty is the duty roster, after swaps, over the days of the request
	// (DU-2).
	Duty []duty.Day
}

// Check returns the refusals of a request, all at once: an unknown type;
// sick leave without a certificate of a county-level or higher hospital
// (LV-3); the window's other post-holder claiming overlapping time (LV-2); a
// substitute who is the applicant or is away then (LV-4); the duty leader's
// own duty day, or a day they were scheduled for and swapped away from
// without force majeure (DU-2). The service checks at submission and again
// at each approval, as the facts change. Whether a substitute is named at
// all is decided when the leave starts (Next, ActStart), as LV-4 only asks
// for one before the person leaves.
func Check(r Request, f Facts) error {
	var v bianmin.Validation
	if !r.Type.Valid() {
		v.AddErr(bianmin.FieldError("type",
			fmt.Sprintf("请假类型“%s”无效。", r.Type), fmt.Sprintf("Leave type %q is not known.", r.Type)).WithRule("LV-1"))
	}
	if r.Type == Sick {
		switch {
		case r.Certificate == nil || r.Certificate.File == "":
			v.AddErr(bianmin.FieldError("certificate", "请病假须附县级以上医院出具的证明（LV-3）。",
				"Sick leave needs a certificate from a county-level or higher hospital (LV-3).").WithRule("LV-3"))
		case !r.Certificate.CountyOrHigher:
			v.AddErr(bianmin.FieldError("certificate.county_or_higher", "病假证明须由县级以上医院出具（LV-3）。",
				"The certificate must come from a county-level or higher hospital (LV-3).").WithRule("LV-3"))
		}
	}
	if q, ok := firstOverlap(r, f.Partner); ok {
		v.AddErr(bianmin.FieldError("from",
			fmt.Sprintf("同一窗口的另一岗位人员已有%s（%s），A、B 岗不得同时离岗，请先协调顶岗后再申请（LV-2）。", claimText(q, "zh"), StateName(q.State, "zh")),
			fmt.Sprintf("The other post-holder of this window has %s (%s); A and B may not be away at the same time, so settle cover first (LV-2).", claimText(q, "en"), StateName(q.State, "en"))).
			WithRule("LV-2"))
	}
	if r.Substitute != 0 {
		if r.Substitute == r.Applicant {
			v.AddErr(bianmin.FieldError("substitute", "代岗人员不能是申请人本人（LV-4）。",
				"The substitute cannot be the applicant (LV-4).").WithRule("LV-4"))
		} else if q, ok := firstOverlap(r, f.Substitute); ok {
			v.AddErr(bianmin.FieldError("substitute",
				fmt.Sprintf("代岗人员本人有%s（%s），请另派代岗人员（LV-4）。", claimText(q, "zh"), StateName(q.State, "zh")),
				fmt.Sprintf("The substitute has %s (%s); name another substitute (LV-4).", claimText(q, "en"), StateName(q.State, "en"))).
				WithRule("LV-4"))
		}
	}
	if err := checkDuty(r, f.Duty); err != nil {
		v.AddErr(err)
	}
	return v.Err()
}

// checkDuty applies DU-2 (002 §(三)4): the duty leader may not take leave on
// the duty day; only force majeure allows it, after swapping with another
// leader. A day still on the applicant is refused whatever the reason, since
// the swap comes first; a day swapped away is allowed only for force majeure.
func checkDuty(r Request, days []duty.Day) *bianmin.Error {
	for _, d := range days {
		if !overlaps(r.From, r.To, d.Date.Time(), d.Date.AddDays(1).Time(), false) {
			continue
		}
		switch {
		case d.Leader == r.Applicant:
			return bianmin.FieldError("from",
				fmt.Sprintf("%s 您是值班领导，当天原则上不得请假；确因不可抗力须离开的，须先与其他领导调班、报告主要领导并做好交接（DU-2）。", d.Date),
				fmt.Sprintf("You are the duty leader on %s and may not take leave that day; for force majeure, first swap with another leader, report to the director and hand over (DU-2).", d.Date)).
				WithRule("DU-2")
		case d.Scheduled == r.Applicant && !r.ForceMajeure:
			return bianmin.FieldError("force_majeure",
				fmt.Sprintf("%s 原为您的值班日，已调班；值班日请假仅限不可抗力，请注明（DU-2）。", d.Date),
				fmt.Sprintf("%s was your duty day and has been swapped; leave on a duty day is only for force majeure, which the request must state (DU-2).", d.Date)).
				WithRule("DU-2")
		}
	}
	return nil
}

// claim returns the time a request keeps its holder away, for LV-2 and
// LV-4. A pending request counts as well as an approved one: 002 §(五)1-2
// has A and B settle cover before either applies, so the first to apply
// holds the time and the second must settle with them, rather than both
// being approved side by side. An overdue leave lasts until the return is
// recorded (open), a cancelled one until the person came back.
func claim(q Request) (from, to time.Time, open, ok bool) {
	switch q.State {
	case Submitted, Approved, Started:
		return q.From, q.To, false, true
	case Overdue:
		return q.From, time.Time{}, true, true
	case Cancelled:
		if q.ReturnedAt.IsZero() {
			return q.From, q.To, false, true
		}
		return q.From, q.ReturnedAt, false, true
	}
	return time.Time{}, time.Time{}, false, false
}

// firstOverlap returns the first request of others whose claim overlaps r.
func firstOverlap(r Request, others []Request) (Request, bool) {
	for _, q := range others {
		if r.ID != 0 && q.ID == r.ID {
			continue
		}
		from, to, open, ok := claim(q)
		if ok && overlaps(r.From, r.To, from, to, open) {
			return q, true
		}
	}
	return Request{}, false
}

// overlaps reports whether [a1, a2) and [b1, b2) meet; open: b has no end.
func overlaps(a1, a2, b1, b2 time.Time, open bool) bool {
	return b1.Before(a2) && (open || a1.Before(b2))
}

// claimText describes another request's time for a refusal.
func claimText(q Request, lang string) string {
	if lang == "en" {
		what := "leave"
		if q.Route.ShortAbsence {
			what = "a short absence"
		}
		if q.State == Overdue {
			return fmt.Sprintf("%s from %s, not yet reported back", what, stamp(q.From))
		}
		return fmt.Sprintf("%s from %s to %s", what, stamp(q.From), stamp(q.To))
	}
	what := "请假"
	if q.Route.ShortAbsence {
		what = "临时外出"
	}
	if q.State == Overdue {
		return fmt.Sprintf("自 %s 起的%s，尚未销假", stamp(q.From), what)
	}
	return fmt.Sprintf(" %s 至 %s 的%s", stamp(q.From), stamp(q.To), what)
}
