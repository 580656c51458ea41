package leave

import (
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// Window is a window's A and B post-holders (002 §(四)5; 0 = post empty).
type Window struct {
	ID         int64
	Department int64
	A, B       int64
}

// Presence is what attendance says of a person at an instant.
type Presence struct {
	CheckedIn bool // checked in for the current half day (AT-1)
	Away      bool // left the window without a signed absence
}

// Off says why a post-holder is not on post.
type Off string

// Reasons a post-holder is off post; "" is present.
const (
	OffLeave        Off = "leave"          // approved leave covers the instant
	OffShortAbsence Off = "short_absence"  // a signed short absence covers it (LV-7)
	OffNotCheckedIn Off = "not_checked_in" // no check-in for the half day (AT-1)
	OffAway         Off = "away"           // checked in but away from the window
	OffNoHolder     Off = "no_holder"      // nobody holds the post
)

// Holder is one post-holder at the instant.
type Holder struct {
	Person  int64
	Present bool
	Off     Off
	Request int64 // the leave or absence that covers the instant
}

// CoverStatus is who holds a window at an instant.
type CoverStatus string

// Cover statuses.
const (
	CoverClosed    CoverStatus = "closed"    // outside service sessions: nobody is due (ORG-5)
	CoverA         CoverStatus = "a"         // A is on post (AB-1)
	CoverBActing   CoverStatus = "b_acting"  // A is away, B holds the post with A's rights (AB-1)
	CoverUncovered CoverStatus = "uncovered" // both away (AB-3)
)

// Cover is who is on post at a window at an instant, and the rule that says so.
type Cover struct {
	Window int64
	At     time.Time
	Status CoverStatus
	Rule   string // ORG-5, AB-1 or AB-3
	// OnPost is the person at the window, 0 when closed or uncovered.
	OnPost int64
	// ActingFor is A while B acts with A's rights and duties for the window
	// and answers for the results (AB-1).
	ActingFor int64
	A, B      Holder
	// Alert are the roles told at once when both are away: the director, the
	// duty leader and the department's head (AB-3).
	Alert []bianmin.Role
	// Charged are the post-holders the empty post is held against in
	// appraisal: both A and B (AB-3, 002 §(四)3(5)).
	Charged []int64
}

// OnPost derives who is on post at window w at instant at (AB-1, AB-3) from
// the leave and short absences of its post-holders and their presence. A
// holder is off post when an approved leave or signed absence covers the
// instant, or when attendance has no check-in or has them away; otherwise
// they are present. A present A holds the post; else a present B holds it
// with A's rights (AB-1); else the post is empty, the director, the duty
// leader and the department are alerted and both are charged (AB-3).
// Outside the hall's sessions the window is closed and nobody is due.
func OnPost(cal *calendar.Calendar, h calendar.Hours, w Window, at time.Time, requests []Request, presence map[int64]Presence) Cover {
	c := Cover{Window: w.ID, At: at}
	if !inSession(cal, h, at) {
		c.Status, c.Rule = CoverClosed, "ORG-5"
		return c
	}
	c.A = holder(w.A, at, requests, presence)
	c.B = holder(w.B, at, requests, presence)
	switch {
	case c.A.Present:
		c.Status, c.Rule, c.OnPost = CoverA, "AB-1", w.A
	case c.B.Present:
		c.Status, c.Rule, c.OnPost, c.ActingFor = CoverBActing, "AB-1", w.B, w.A
	default:
		c.Status, c.Rule = CoverUncovered, "AB-3"
		c.Alert = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDutyLeader, bianmin.RoleDeptHead}
		for _, p := range []int64{w.A, w.B} {
			if p != 0 {
				c.Charged = append(c.Charged, p)
			}
		}
	}
	return c
}

func inSession(cal *calendar.Calendar, h calendar.Hours, at time.Time) bool {
	t := at.In(bianmin.Shanghai)
	m := calendar.Minute(t.Hour()*60 + t.Minute())
	for _, s := range cal.Sessions(calendar.DateOf(t), h) {
		if s.Contains(m) {
			return true
		}
	}
	return false
}

// holder decides one post-holder. Only approved time excuses: a pending
// request does not (leaving without approval is absence, LV-5 / 002 §(五)1).
// An overdue leave excuses up to its end; after that attendance decides, as
// the person may be back without having reported it.
func holder(person int64, at time.Time, requests []Request, presence map[int64]Presence) Holder {
	h := Holder{Person: person}
	if person == 0 {
		h.Off = OffNoHolder
		return h
	}
	for _, r := range requests {
		if r.Applicant != person || !excuses(r, at) {
			continue
		}
		h.Off, h.Request = OffLeave, r.ID
		if r.Route.ShortAbsence {
			h.Off = OffShortAbsence
		}
		return h
	}
	p := presence[person]
	switch {
	case !p.CheckedIn:
		h.Off = OffNotCheckedIn
	case p.Away:
		h.Off = OffAway
	default:
		h.Present = true
	}
	return h
}

// excuses reports whether an approved request covers the instant.
func excuses(r Request, at time.Time) bool {
	end := r.To
	switch r.State {
	case Approved, Started, Overdue:
	case Cancelled:
		if !r.ReturnedAt.IsZero() && r.ReturnedAt.Before(end) {
			end = r.ReturnedAt
		}
	default:
		return false
	}
	return !at.Before(r.From) && at.Before(end)
}

// HandoverDue returns when A hands over to B before a leave starting at
// from (AB-2): by the end of the last session of the working day days
// (policy leave.handover_days_before) working days before the leave's
// first day, as the handover is done at the window. Where that is no longer
// possible at now (the request came late, e.g. sudden illness) or days is 0,
// it is due when the leave starts, and ahead is false.
func HandoverDue(cal *calendar.Calendar, h calendar.Hours, days int, from, now time.Time) (due time.Time, ahead bool) {
	if days <= 0 {
		return from, false
	}
	d := cal.AddWorkingDays(calendar.DateOf(from), -days)
	due = d.AddDays(1).Time()
	if s := cal.Sessions(d, h); len(s) > 0 {
		due = d.At(s[len(s)-1].End)
	}
	if now.After(due) {
		return from, false
	}
	return due, true
}
