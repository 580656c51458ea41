// Package queue holds the rules of ticketing and calling as pure functions
// (DOMAIN.md §3): which waiting ticket a window calls next, when the kiosk
// may issue, waiting-time estimates and the words the hall display speaks.
package queue

import (
	"time"

	"bianmin/internal/bianmin"
)

// Candidate is a waiting ticket as the ordering rule sees it.
type Candidate struct {
	ID      int64
	Kind    bianmin.TicketKind
	OrderAt time.Time  // arrival order (moved back when a no-show is reactivated)
	SlotAt  *time.Time // appointment slot, for appointment tickets
}

// Choice is the ticket picked and the rule that put it first.
type Choice struct {
	ID   int64
	Rule string // "Q-2" for an appointment or the green channel, "Q-1" for arrival order
}

// Pick chooses the ticket a window calls next:
//  1. a checked-in appointment whose slot has begun, earliest slot first;
//  2. the green channel in arrival order, except that after maxRun green
//     calls in a row (greenRun) one normal ticket goes first if any waits,
//     so that normal tickets are never starved (maxRun 0: no such limit);
//  3. everyone else in arrival order (an appointment whose slot has not
//     begun waits in arrival order too).
//
// Ties in arrival order fall to the lower ID. ok is false when nothing waits.
func Pick(cands []Candidate, now time.Time, greenRun, maxRun int) (Choice, bool) {
	var appt, green, normal *Candidate
	for i := range cands {
		c := &cands[i]
		switch {
		case c.Kind == bianmin.TicketAppointment && c.SlotAt != nil && !c.SlotAt.After(now):
			if appt == nil || c.SlotAt.Before(*appt.SlotAt) || c.SlotAt.Equal(*appt.SlotAt) && earlier(c, appt) {
				appt = c
			}
		case c.Kind == bianmin.TicketGreen:
			if green == nil || earlier(c, green) {
				green = c
			}
		default:
			if normal == nil || earlier(c, normal) {
				normal = c
			}
		}
	}
	switch {
	case appt != nil:
		return Choice{appt.ID, "Q-2"}, true
	case green != nil && (normal == nil || maxRun == 0 || greenRun < maxRun):
		return Choice{green.ID, "Q-2"}, true
	case normal != nil:
		return Choice{normal.ID, "Q-1"}, true
	}
	return Choice{}, false
}

func earlier(a, b *Candidate) bool {
	if a.OrderAt.Equal(b.OrderAt) {
		return a.ID < b.ID
	}
	return a.OrderAt.Before(b.OrderAt)
}

// GreenRun counts the green-channel tickets at the end of a list of called
// tickets' kinds, oldest first: the run Pick limits.
func GreenRun(calledKinds []bianmin.TicketKind) int {
	n := 0
	for i := len(calledKinds) - 1; i >= 0 && calledKinds[i] == bianmin.TicketGreen; i-- {
		n++
	}
	return n
}

// ReactivatedOrder places a reactivated no-show behind `after` waiting
// tickets (policy queue.reactivate_after): given the waiting tickets' order
// instants in order, it returns the new order instant, one microsecond
// after the after-th one, or now's place at the front when fewer wait.
func ReactivatedOrder(waiting []time.Time, after int, front time.Time) time.Time {
	if after <= 0 || len(waiting) == 0 {
		return front
	}
	if after > len(waiting) {
		after = len(waiting)
	}
	return waiting[after-1].Add(time.Microsecond)
}
