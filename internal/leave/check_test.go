package leave_test

import (
	"reflect"
	"strings"
	"testing"

	"bianmin/internal/duty"
	"bianmin/internal/leave"
)

// A is the applicant (100) at window 50; B (200) holds the other post.
const bID, subID = 200, 300

// req returns a request of person in a state over [from, to).
func req(t *testing.T, id, person int64, state leave.State, from, to string) leave.Request {
	return leave.Request{ID: id, Applicant: person, Department: dept, Window: 50, Type: leave.Personal,
		From: at(t, from), To: at(t, to), State: state}
}

// TestLeave_Check: each refusal of a request — unknown type, LV-3, LV-2,
// LV-4 and DU-2 — with the field and rule it names, and the cases that pass.
// A asks for Tuesday 2026-03-10 08:00 to Wednesday 03-11 17:00.
func TestLeave_Check(t *testing.T) {
	a := req(t, 1, applicantID, leave.Submitted, "2026-03-10 08:00", "2026-03-11 17:00")
	with := func(f func(*leave.Request)) leave.Request { r := a; f(&r); return r }
	returned := func(r leave.Request, s string) leave.Request { r.ReturnedAt = at(t, s); return r }
	short := func(r leave.Request) leave.Request { r.Route.ShortAbsence = true; return r }
	sick := func(c *leave.Certificate) leave.Request {
		return with(func(r *leave.Request) { r.Type, r.Certificate = leave.Sick, c })
	}
	lv2 := []refusal{{"from", "LV-2"}}
	for _, c := range []struct {
		name string
		r    leave.Request
		f    leave.Facts
		want []refusal
	}{
		{"nothing in the way", a, leave.Facts{}, nil},

		// LV-2: the other post-holder's time, pending or approved.
		{"B has approved leave over it", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-11 08:00", "2026-03-12 17:00")}}, lv2},
		{"B has a pending request over it (first to apply holds the time)", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Submitted, "2026-03-09 08:00", "2026-03-10 08:01")}}, lv2},
		{"B is on leave now", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Started, "2026-03-06 08:00", "2026-03-10 12:00")}}, lv2},
		{"B is overdue: away until B reports back", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Overdue, "2026-03-02 08:00", "2026-03-05 17:00")}}, lv2},
		{"B reported back during A's time", a, leave.Facts{Partner: []leave.Request{returned(req(t, 2, bID, leave.Cancelled, "2026-03-09 08:00", "2026-03-12 17:00"), "2026-03-10 10:00")}}, lv2},
		{"B reported back before A's time", a, leave.Facts{Partner: []leave.Request{returned(req(t, 2, bID, leave.Cancelled, "2026-03-09 08:00", "2026-03-12 17:00"), "2026-03-09 17:00")}}, nil},
		{"B cancelled without a recorded return: the leave's own end", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Cancelled, "2026-03-09 08:00", "2026-03-10 09:00")}}, lv2},
		{"B has a signed short absence in it", a, leave.Facts{Partner: []leave.Request{short(req(t, 2, bID, leave.Approved, "2026-03-10 09:00", "2026-03-10 10:00"))}}, lv2},
		{"B's leave ends as A's begins", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-06 08:00", "2026-03-10 08:00")}}, nil},
		{"B's leave begins as A's ends", a, leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-11 17:00", "2026-03-13 17:00")}}, nil},
		{"B's draft, refusal and withdrawal claim nothing", a, leave.Facts{Partner: []leave.Request{
			req(t, 2, bID, leave.Draft, "2026-03-10 08:00", "2026-03-11 17:00"),
			req(t, 3, bID, leave.Refused, "2026-03-10 08:00", "2026-03-11 17:00"),
			req(t, 4, bID, leave.Withdrawn, "2026-03-10 08:00", "2026-03-11 17:00")}}, nil},
		{"A's own request passed among B's is skipped", a, leave.Facts{Partner: []leave.Request{req(t, 1, applicantID, leave.Submitted, "2026-03-10 08:00", "2026-03-11 17:00")}}, nil},

		// LV-3: sick leave and its certificate.
		{"sick leave without certificate", sick(nil), leave.Facts{}, []refusal{{"certificate", "LV-3"}}},
		{"sick leave with an empty file", sick(&leave.Certificate{CountyOrHigher: true}), leave.Facts{}, []refusal{{"certificate", "LV-3"}}},
		{"sick leave from a township clinic", sick(&leave.Certificate{File: "att/17"}), leave.Facts{}, []refusal{{"certificate.county_or_higher", "LV-3"}}},
		{"sick leave from the county hospital", sick(&leave.Certificate{File: "att/17", CountyOrHigher: true}), leave.Facts{}, nil},
		{"personal leave needs no certificate", a, leave.Facts{}, nil},

		// LV-4: the named substitute.
		{"the applicant as own substitute", with(func(r *leave.Request) { r.Substitute = applicantID }), leave.Facts{}, []refusal{{"substitute", "LV-4"}}},
		{"the substitute is on leave then", with(func(r *leave.Request) { r.Substitute = subID }),
			leave.Facts{Substitute: []leave.Request{req(t, 5, subID, leave.Approved, "2026-03-11 13:30", "2026-03-11 17:00")}}, []refusal{{"substitute", "LV-4"}}},
		{"the substitute is free then", with(func(r *leave.Request) { r.Substitute = subID }),
			leave.Facts{Substitute: []leave.Request{req(t, 5, subID, leave.Approved, "2026-03-12 08:00", "2026-03-12 17:00")}}, nil},
		{"B as substitute while B is away: both rules", with(func(r *leave.Request) { r.Substitute = bID }),
			leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-10 08:00", "2026-03-10 12:00")},
				Substitute: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-10 08:00", "2026-03-10 12:00")}},
			[]refusal{{"from", "LV-2"}, {"substitute", "LV-4"}}},

		// DU-2: the duty roster over the request.
		{"the applicant leads duty on 03-11", a, leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-11"), Leader: applicantID, Scheduled: applicantID, Rule: "DU-1"}}},
			[]refusal{{"from", "DU-2"}}},
		{"force majeure does not lift a day still on the applicant", with(func(r *leave.Request) { r.ForceMajeure = true }),
			leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-10"), Leader: applicantID, Scheduled: 7, Rule: "DU-2"}}}, []refusal{{"from", "DU-2"}}},
		{"swapped away without force majeure", a, leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-11"), Leader: 7, Scheduled: applicantID, Rule: "DU-2", Reason: "出差"}}},
			[]refusal{{"force_majeure", "DU-2"}}},
		{"swapped away for force majeure", with(func(r *leave.Request) { r.ForceMajeure = true }),
			leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-11"), Leader: 7, Scheduled: applicantID, Rule: "DU-2"}}}, nil},
		{"duty day after the leave", a, leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-12"), Leader: applicantID, Scheduled: applicantID}}}, nil},
		{"duty day before the leave", a, leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-09"), Leader: applicantID, Scheduled: applicantID}}}, nil},
		{"a leave ending at midnight does not touch the next day", with(func(r *leave.Request) { r.To = at(t, "2026-03-11 00:00") }),
			leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-11"), Leader: applicantID, Scheduled: applicantID}}}, nil},
		{"someone else's duty", a, leave.Facts{Duty: []duty.Day{{Date: day(t, "2026-03-10"), Leader: 7, Scheduled: 8}}}, nil},

		// Everything at once, in a fixed order.
		{"unknown type", with(func(r *leave.Request) { r.Type = "holiday" }), leave.Facts{}, []refusal{{"type", "LV-1"}}},
		{"all refusals together", with(func(r *leave.Request) { r.Type, r.Substitute = leave.Sick, applicantID }),
			leave.Facts{Partner: []leave.Request{req(t, 2, bID, leave.Approved, "2026-03-10 08:00", "2026-03-10 09:00")},
				Duty: []duty.Day{{Date: day(t, "2026-03-10"), Leader: applicantID, Scheduled: applicantID}}},
			[]refusal{{"certificate", "LV-3"}, {"from", "LV-2"}, {"substitute", "LV-4"}, {"from", "DU-2"}}},
	} {
		err := leave.Check(c.r, c.f)
		if got := refusals(t, err); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: refusals %v, want %v (%v)", c.name, got, c.want, err)
		}
	}
}

// TestLeave_LV2_MessageNamesTheOtherLeave: the refusal tells A when B is
// away, in both languages, so that A and B can settle cover (002 §(五)2).
func TestLeave_LV2_MessageNamesTheOtherLeave(t *testing.T) {
	a := req(t, 1, applicantID, leave.Submitted, "2026-03-10 08:00", "2026-03-11 17:00")
	for _, c := range []struct {
		b      leave.Request
		zh, en string
	}{
		{req(t, 2, bID, leave.Approved, "2026-03-09 08:00", "2026-03-10 17:00"),
			"2026-03-09 08:00 至 2026-03-10 17:00 的请假（已批准）", "leave from 2026-03-09 08:00 to 2026-03-10 17:00 (approved)"},
		{req(t, 2, bID, leave.Overdue, "2026-03-02 08:00", "2026-03-05 17:00"),
			"自 2026-03-02 08:00 起的请假，尚未销假", "leave from 2026-03-02 08:00, not yet reported back"},
		{func() leave.Request {
			r := req(t, 2, bID, leave.Submitted, "2026-03-10 10:00", "2026-03-10 11:00")
			r.Route.ShortAbsence = true
			return r
		}(), "的临时外出（待审批）", "a short absence from 2026-03-10 10:00 to 2026-03-10 11:00 (awaiting approval)"},
	} {
		e := asError(t, leave.Check(a, leave.Facts{Partner: []leave.Request{c.b}}))
		if !strings.Contains(e.ZH, c.zh) || !strings.Contains(e.EN, c.en) || !strings.Contains(e.ZH, "LV-2") {
			t.Errorf("message %q / %q, want %q / %q", e.ZH, e.EN, c.zh, c.en)
		}
	}
}
