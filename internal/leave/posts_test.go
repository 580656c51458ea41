package leave_test

import (
	"reflect"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/leave"
)

// TestLeave_AB_OnPost: who holds window 50 (A = 100, B = 200) at an
// instant, from leave, short absences and attendance: A if present, else B
// acting with A's rights (AB-1), else nobody, with the alert and the charge
// to both (AB-3); outside sessions nobody is due (ORG-5).
func TestLeave_AB_OnPost(t *testing.T) {
	cal := calendar.Default()
	w := leave.Window{ID: 50, Department: dept, A: applicantID, B: bID}
	here := leave.Presence{CheckedIn: true}
	both := map[int64]leave.Presence{applicantID: here, bID: here}
	onlyB := map[int64]leave.Presence{bID: here}
	cancelled := req(t, 7, applicantID, leave.Cancelled, "2026-03-10 08:00", "2026-03-10 17:00")
	cancelled.ReturnedAt = at(t, "2026-03-10 09:30")
	shortA := req(t, 8, applicantID, leave.Approved, "2026-03-10 09:45", "2026-03-10 10:30")
	shortA.Route.ShortAbsence = true
	alert := []bianmin.Role{bianmin.RoleDirector, bianmin.RoleDutyLeader, bianmin.RoleDeptHead}

	aOn := func(off leave.Off) leave.Cover { // expected cover with A on post; B as given
		return leave.Cover{Status: leave.CoverA, Rule: "AB-1", OnPost: applicantID,
			A: leave.Holder{Person: applicantID, Present: true}, B: leave.Holder{Person: bID, Present: off == "", Off: off}}
	}
	bActs := func(a leave.Holder) leave.Cover {
		a.Person = applicantID
		return leave.Cover{Status: leave.CoverBActing, Rule: "AB-1", OnPost: bID, ActingFor: applicantID,
			A: a, B: leave.Holder{Person: bID, Present: true}}
	}
	uncovered := func(a, b leave.Holder) leave.Cover {
		a.Person, b.Person = applicantID, bID
		return leave.Cover{Status: leave.CoverUncovered, Rule: "AB-3", A: a, B: b, Alert: alert, Charged: []int64{applicantID, bID}}
	}
	closed := leave.Cover{Status: leave.CoverClosed, Rule: "ORG-5"}

	for _, c := range []struct {
		name     string
		w        leave.Window
		at       string
		summer   bool
		requests []leave.Request
		presence map[int64]leave.Presence
		want     leave.Cover
	}{
		{"both present: A", w, "2026-03-10 10:00", false, nil, both, aOn("")},
		{"A present, B not checked in: A", w, "2026-03-10 10:00", false, nil, map[int64]leave.Presence{applicantID: here}, aOn(leave.OffNotCheckedIn)},
		{"A not checked in: B acts", w, "2026-03-10 10:00", false, nil, onlyB, bActs(leave.Holder{Off: leave.OffNotCheckedIn})},
		{"A checked in but away: B acts", w, "2026-03-10 10:00", false, nil,
			map[int64]leave.Presence{applicantID: {CheckedIn: true, Away: true}, bID: here}, bActs(leave.Holder{Off: leave.OffAway})},
		{"A on approved leave: B acts", w, "2026-03-10 10:00", false,
			[]leave.Request{req(t, 5, applicantID, leave.Approved, "2026-03-10 08:00", "2026-03-11 17:00")}, onlyB,
			bActs(leave.Holder{Off: leave.OffLeave, Request: 5})},
		{"A's leave decides until A reports back, even if A punched in", w, "2026-03-10 10:00", false,
			[]leave.Request{req(t, 5, applicantID, leave.Started, "2026-03-10 08:00", "2026-03-11 17:00")}, both,
			bActs(leave.Holder{Off: leave.OffLeave, Request: 5})},
		{"A's overdue leave excuses up to its end", w, "2026-03-11 16:59", false,
			[]leave.Request{req(t, 5, applicantID, leave.Overdue, "2026-03-10 08:00", "2026-03-11 17:00")}, onlyB,
			bActs(leave.Holder{Off: leave.OffLeave, Request: 5})},
		{"after the end, attendance decides: A is back", w, "2026-03-12 08:30", false,
			[]leave.Request{req(t, 5, applicantID, leave.Overdue, "2026-03-10 08:00", "2026-03-11 17:00")}, both, aOn("")},
		{"A's pending request does not excuse", w, "2026-03-10 10:00", false,
			[]leave.Request{req(t, 5, applicantID, leave.Submitted, "2026-03-10 08:00", "2026-03-11 17:00")}, onlyB,
			bActs(leave.Holder{Off: leave.OffNotCheckedIn})},
		{"A reported back at 09:30", w, "2026-03-10 10:00", false, []leave.Request{cancelled}, both, aOn("")},
		{"before A reported back", w, "2026-03-10 09:29", false, []leave.Request{cancelled}, both,
			bActs(leave.Holder{Off: leave.OffLeave, Request: 7})},
		{"A's short absence signed by the chief (LV-7)", w, "2026-03-10 10:00", false, []leave.Request{shortA}, both,
			bActs(leave.Holder{Off: leave.OffShortAbsence, Request: 8})},
		{"someone else's leave is no excuse for A", w, "2026-03-10 10:00", false,
			[]leave.Request{req(t, 5, 999, leave.Approved, "2026-03-10 08:00", "2026-03-11 17:00")}, onlyB,
			bActs(leave.Holder{Off: leave.OffNotCheckedIn})},
		{"both away: uncovered", w, "2026-03-10 10:00", false,
			[]leave.Request{req(t, 5, applicantID, leave.Approved, "2026-03-10 08:00", "2026-03-11 17:00")},
			map[int64]leave.Presence{bID: {CheckedIn: true, Away: true}},
			uncovered(leave.Holder{Off: leave.OffLeave, Request: 5}, leave.Holder{Off: leave.OffAway})},
		{"nobody checked in on make-up Sunday 2026-01-04", w, "2026-01-04 08:00", false, nil, nil,
			uncovered(leave.Holder{Off: leave.OffNotCheckedIn}, leave.Holder{Off: leave.OffNotCheckedIn})},
		{"no B post, A away: charged to A", leave.Window{ID: 50, A: applicantID}, "2026-03-10 10:00", false, nil, nil,
			leave.Cover{Status: leave.CoverUncovered, Rule: "AB-3", A: leave.Holder{Person: applicantID, Off: leave.OffNotCheckedIn},
				B: leave.Holder{Off: leave.OffNoHolder}, Alert: alert, Charged: []int64{applicantID}}},
		{"lunch break: closed", w, "2026-03-10 12:30", false, nil, nil, closed},
		{"National Day: closed", w, "2026-10-02 10:00", false, nil, nil, closed},
		{"ordinary Saturday: closed", w, "2026-03-07 10:00", false, nil, nil, closed},
		{"summer 14:00 is before the afternoon session", w, "2026-06-01 14:00", true, nil, nil, closed},
		{"the default afternoon is open at 14:00", w, "2026-06-01 14:00", false, nil, both, aOn("")},
		{"summer 17:30 is open", w, "2026-06-01 17:30", true, nil, onlyB, bActs(leave.Holder{Off: leave.OffNotCheckedIn})},
	} {
		t.Run(c.name, func(t *testing.T) {
			instant := at(t, c.at)
			got := leave.OnPost(cal, hoursOf(c.summer), c.w, instant, c.requests, c.presence)
			want := c.want
			want.Window, want.At = c.w.ID, instant
			if !reflect.DeepEqual(got, want) {
				t.Errorf("OnPost =\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}

// TestLeave_AB2_HandoverDue: A hands over by the end of the working day
// handover_days_before working days before the leave; when that has passed
// or the policy says 0, at the start of the leave.
func TestLeave_AB2_HandoverDue(t *testing.T) {
	cal := calendar.Default()
	for _, c := range []struct {
		name      string
		days      int
		from, now string
		summer    bool
		due       string
		ahead     bool
	}{
		{"the day before", 1, "2026-03-10 08:00", "2026-03-05 09:00", false, "2026-03-09 17:00", true},
		{"an afternoon leave: still the day before", 1, "2026-03-10 13:30", "2026-03-05 09:00", false, "2026-03-09 17:00", true},
		{"Monday leave: Friday", 1, "2026-03-09 08:00", "2026-03-05 09:00", false, "2026-03-06 17:00", true},
		{"after the Spring Festival: make-up Saturday 02-14", 1, "2026-02-24 08:00", "2026-02-10 09:00", false, "2026-02-14 17:00", true},
		{"after New Year: make-up Sunday 01-04", 1, "2026-01-05 08:00", "2025-12-30 09:00", false, "2026-01-04 17:00", true},
		{"two days before 10-09: 10-08 and summer 09-30", 2, "2026-10-09 08:00", "2026-09-28 09:00", true, "2026-09-30 18:00", true},
		{"… with the default hours", 2, "2026-10-09 08:00", "2026-09-28 09:00", false, "2026-09-30 17:00", true},
		{"asked exactly at the due instant", 1, "2026-03-10 08:00", "2026-03-09 17:00", false, "2026-03-09 17:00", true},
		{"asked too late: at the start of the leave", 1, "2026-03-10 08:00", "2026-03-09 17:01", false, "2026-03-10 08:00", false},
		{"no notice in the policy", 0, "2026-03-10 08:00", "2026-03-05 09:00", false, "2026-03-10 08:00", false},
	} {
		due, ahead := leave.HandoverDue(cal, hoursOf(c.summer), c.days, at(t, c.from), at(t, c.now))
		if !due.Equal(at(t, c.due)) || ahead != c.ahead {
			t.Errorf("%s: %s, %v; want %s, %v", c.name, due.In(bianmin.Shanghai), ahead, c.due, c.ahead)
		}
	}
	// Hours without sessions leave the whole day: due at its 24:00.
	due, ok := leave.HandoverDue(cal, calendar.Hours{}, 1, at(t, "2026-03-10 08:00"), at(t, "2026-03-01 08:00"))
	if !due.Equal(day(t, "2026-03-10").Time()) || !ok {
		t.Errorf("no sessions: %s, %v", due, ok)
	}
}
