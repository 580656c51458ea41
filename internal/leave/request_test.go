package leave_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/leave"
	"bianmin/internal/policy"
)

// The people of the state machine tests. The applicant works in department
// 7; grants with Department 0 are centre-wide.
const applicantID, dept, otherDept = 100, 7, 8

var (
	applicant   = leave.Actor{ID: applicantID}
	system      = leave.Actor{}
	officeAll   = leave.Actor{ID: 1, Grants: []leave.Grant{{bianmin.RoleOffice, 0}}}
	officeOther = leave.Actor{ID: 2, Grants: []leave.Grant{{bianmin.RoleOffice, otherDept}}}
	officeOwn   = leave.Actor{ID: 3, Grants: []leave.Grant{{bianmin.RoleOffice, dept}}}
	headOwn     = leave.Actor{ID: 4, Grants: []leave.Grant{{bianmin.RoleDeptHead, dept}}}
	headOther   = leave.Actor{ID: 5, Grants: []leave.Grant{{bianmin.RoleDeptHead, otherDept}}}
	headAll     = leave.Actor{ID: 12, Grants: []leave.Grant{{bianmin.RoleDeptHead, 0}}}
	director    = leave.Actor{ID: 6, Grants: []leave.Grant{{bianmin.RoleDirector, 0}}}
	deputy      = leave.Actor{ID: 9, Grants: []leave.Grant{{bianmin.RoleDirector, 0}}}
	dutyLeader  = leave.Actor{ID: 10, Grants: []leave.Grant{{bianmin.RoleDutyLeader, 0}}}
	dutyChief   = leave.Actor{ID: 11, Grants: []leave.Grant{{bianmin.RoleDutyChief, 0}}}
	// dirDuty is a director who is also a duty leader: under the 002 route
	// they sign one of the two steps, not both.
	dirDuty = leave.Actor{ID: 13, Grants: []leave.Grant{{bianmin.RoleDirector, 0}, {bianmin.RoleDutyLeader, 0}}}
	// selfOffice is the applicant holding the office role themselves.
	selfOffice = leave.Actor{ID: applicantID, Grants: []leave.Grant{{bianmin.RoleOffice, 0}}}
)

var pool = []leave.Actor{applicant, officeAll, officeOther, officeOwn, headOwn, headOther, headAll,
	director, deputy, dutyLeader, dutyChief, dirDuty, selfOffice}

func name(a leave.Actor) string { return fmt.Sprintf("actor %d %v", a.ID, a.Grants) }

// draft returns a draft request of the applicant with the route of its
// length under policy p.
func draft(t *testing.T, p *policy.Policy, from, to string, short bool) leave.Request {
	t.Helper()
	l, err := leave.Measure(calendar.Default(), p.Hours(), at(t, from), at(t, to))
	if err != nil {
		t.Fatal(err)
	}
	r, err := leave.RouteFor(&p.Leave, l, short)
	if err != nil {
		t.Fatal(err)
	}
	return leave.Request{ID: 1, Applicant: applicantID, Department: dept, Window: 50, Type: leave.Personal,
		From: at(t, from), To: at(t, to), Length: l, Route: r, State: leave.Draft}
}

// step is one awaited decision of a route and who may give it, written out
// from LV-1 and LV-7 rather than read from the code.
type step struct {
	opinion bool
	role    bianmin.Role
	may     []leave.Actor // who may decide now
	by      leave.Actor   // who does
}

// TestLeave_LV1_EveryRoute walks every route of the default ladder, the 002
// alternative and a short absence (LV-7) from draft to approved: at each
// step Awaiting names what is awaited, exactly the listed people may decide
// (the role in the applicant's department or centre-wide; the opinion only
// from the head of the applicant's own department; never the applicant;
// never twice the same person), the others are refused with the rule.
func TestLeave_LV1_EveryRoute(t *testing.T) {
	p002, err := policy.Parse([]byte("leave:\n  approval_ladder:\n    - up_to: \"\"\n      approvers: [director, duty_leader]\n      written: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	office := []leave.Actor{officeAll, officeOwn}
	directors := []leave.Actor{director, deputy, dirDuty}
	opinion := step{opinion: true, role: bianmin.RoleDeptHead, may: []leave.Actor{headOwn}, by: headOwn}
	for _, c := range []struct {
		name     string
		p        *policy.Policy
		from, to string
		short    bool
		rule     string
		steps    []step
	}{
		{"≤ 1 h, office notes it", policy.Default(), "2026-03-02 08:00", "2026-03-02 09:00", false, "LV-1",
			[]step{{role: bianmin.RoleOffice, may: office, by: officeOwn}}},
		{"≤ 1 d, business office", policy.Default(), "2026-03-02 08:00", "2026-03-02 17:00", false, "LV-1",
			[]step{{role: bianmin.RoleOffice, may: office, by: officeAll}}},
		{"≤ 3 d over the Spring Festival, opinion then deputy director", policy.Default(), "2026-02-13 08:00", "2026-02-24 17:00", false, "LV-1",
			[]step{opinion, {role: bianmin.RoleDirector, may: directors, by: deputy}}},
		{"> 3 d, department head's opinion then director", policy.Default(), "2026-03-02 08:00", "2026-03-06 17:00", false, "LV-1",
			[]step{opinion, {role: bianmin.RoleDirector, may: directors, by: director}}},
		{"002: director then duty leader", p002, "2026-03-02 08:00", "2026-03-02 10:00", false, "LV-1",
			[]step{{role: bianmin.RoleDirector, may: directors, by: dirDuty},
				{role: bianmin.RoleDutyLeader, may: []leave.Actor{dutyLeader}, by: dutyLeader}}},
		{"002: the duty leader signs after another director", p002, "2026-09-30 08:00", "2026-10-09 17:00", false, "LV-1",
			[]step{{role: bianmin.RoleDirector, may: directors, by: director},
				{role: bianmin.RoleDutyLeader, may: []leave.Actor{dutyLeader, dirDuty}, by: dirDuty}}},
		{"short absence, hall duty chief", policy.Default(), "2026-03-02 10:00", "2026-03-02 11:00", true, "LV-7",
			[]step{{role: bianmin.RoleDutyChief, may: []leave.Actor{dutyChief}, by: dutyChief}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := draft(t, c.p, c.from, c.to, c.short)
			r, err := leave.Next(r, leave.Event{Action: leave.ActSubmit, By: applicant, At: at(t, "2026-02-01 09:00")})
			if err != nil || r.State != leave.Submitted || r.Rule != c.rule || !r.SubmittedAt.Equal(at(t, "2026-02-01 09:00")) {
				t.Fatalf("submit: %+v, %v", r, err)
			}
			for i, s := range c.steps {
				role, op, ok := leave.Awaiting(r)
				if !ok || role != s.role || op != s.opinion {
					t.Fatalf("step %d: Awaiting = %s, %v, %v; want %s, %v", i, role, op, ok, s.role, s.opinion)
				}
				act := leave.ActApprove
				if s.opinion {
					act = leave.ActOpinion
				}
				for _, a := range pool {
					want := slices.ContainsFunc(s.may, func(m leave.Actor) bool { return m.ID == a.ID })
					if got := leave.CanDecide(r, a); got != want {
						t.Errorf("step %d: CanDecide(%s) = %v, want %v", i, name(a), got, want)
					}
					if want {
						continue
					}
					for _, x := range []leave.Action{act, leave.ActRefuse} {
						got, err := leave.Next(r, leave.Event{Action: x, By: a, At: at(t, "2026-02-02 09:00")})
						if e := asError(t, err); e.Code != bianmin.EFORBIDDEN || e.Rule != c.rule || !reflect.DeepEqual(got, r) {
							t.Errorf("step %d: %s by %s: %v (rule %s), want forbidden under %s, request unchanged", i, x, name(a), err, e.Rule, c.rule)
						}
					}
				}
				// The other kind of decision is not the awaited one.
				other := leave.ActOpinion
				if s.opinion {
					other = leave.ActApprove
				}
				if _, err := leave.Next(r, leave.Event{Action: other, By: s.by, At: at(t, "2026-02-02 09:00")}); asError(t, err).Code != bianmin.ECONFLICT {
					t.Errorf("step %d: %s instead of %s: %v, want a conflict", i, other, act, err)
				}
				before := len(r.Approvals)
				next, err := leave.Next(r, leave.Event{Action: act, By: s.by, At: at(t, "2026-02-02 10:00"), Note: "同意"})
				if err != nil {
					t.Fatalf("step %d: %s by %s: %v", i, act, name(s.by), err)
				}
				if len(r.Approvals) != before {
					t.Fatalf("step %d: Next changed its argument's approvals", i)
				}
				r = next
				d := leave.Decision{Role: s.role, By: s.by.ID, At: at(t, "2026-02-02 10:00"), Note: "同意"}
				if s.opinion && !reflect.DeepEqual(r.Opinion, &d) || !s.opinion && !reflect.DeepEqual(r.Approvals[len(r.Approvals)-1], d) {
					t.Errorf("step %d: decision not recorded: %+v", i, r)
				}
			}
			if r.State != leave.Approved || r.Rule != c.rule {
				t.Errorf("after every step: %s (%s), want approved (%s)", r.State, r.Rule, c.rule)
			}
			if _, _, ok := leave.Awaiting(r); ok || leave.CanDecide(r, director) {
				t.Errorf("an approved request awaits nothing")
			}
		})
	}
}

// TestLeave_LV1_RefuseAtEachStep: the department (by its opinion) or any
// awaited approver may refuse; the refusal ends the request and is kept.
func TestLeave_LV1_RefuseAtEachStep(t *testing.T) {
	for _, c := range []struct {
		name  string
		steps []leave.Actor // approvals before the refusal
		by    leave.Actor
		role  bianmin.Role
	}{
		{"the department refuses its opinion", nil, headOwn, bianmin.RoleDeptHead},
		{"the deputy director refuses", []leave.Actor{headOwn}, deputy, bianmin.RoleDirector},
	} {
		r := draft(t, policy.Default(), "2026-03-02 08:00", "2026-03-04 17:00", false)
		r, _ = leave.Next(r, leave.Event{Action: leave.ActSubmit, By: applicant})
		for _, a := range c.steps {
			var err error
			if r, err = leave.Next(r, leave.Event{Action: leave.ActOpinion, By: a}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := leave.Next(r, leave.Event{Action: leave.ActRefuse, By: c.by, At: at(t, "2026-02-27 16:00"), Note: "窗口业务繁忙"})
		want := &leave.Decision{Role: c.role, By: c.by.ID, At: at(t, "2026-02-27 16:00"), Note: "窗口业务繁忙"}
		if err != nil || r.State != leave.Refused || r.Rule != "LV-1" || !reflect.DeepEqual(r.Refusal, want) {
			t.Errorf("%s: %+v, %v", c.name, r, err)
		}
	}
}

// TestLeave_LV1_OpinionGiverDoesNotApprove: a department head who is also
// a deputy director gives the opinion and may not then approve the same
// request: each signature is another person's.
func TestLeave_LV1_OpinionGiverDoesNotApprove(t *testing.T) {
	both := leave.Actor{ID: 14, Grants: []leave.Grant{{bianmin.RoleDeptHead, dept}, {bianmin.RoleDirector, 0}}}
	r := draft(t, policy.Default(), "2026-03-02 08:00", "2026-03-04 17:00", false)
	r, _ = leave.Next(r, leave.Event{Action: leave.ActSubmit, By: applicant})
	r, err := leave.Next(r, leave.Event{Action: leave.ActOpinion, By: both})
	if err != nil {
		t.Fatal(err)
	}
	if leave.CanDecide(r, both) || !leave.CanDecide(r, director) {
		t.Errorf("CanDecide after the opinion: the opinion giver %v, another director %v", leave.CanDecide(r, both), leave.CanDecide(r, director))
	}
	if _, err := leave.Next(r, leave.Event{Action: leave.ActApprove, By: both}); asError(t, err).Code != bianmin.EFORBIDDEN {
		t.Errorf("the opinion giver approves: %v", err)
	}
}

// TestLeave_NextEveryMove: every action from every state, by the actor
// entitled to it and at a time that allows it. The allowed moves are
// written out here; every other pair is a conflict that keeps the request
// and names a rule.
func TestLeave_NextEveryMove(t *testing.T) {
	base := draft(t, policy.Default(), "2026-03-02 08:00", "2026-03-02 10:00", false) // office, written, no opinion
	from, to := base.From, base.To
	allowed := map[leave.Action]struct {
		by   leave.Actor
		at   time.Time
		from []leave.State
		to   leave.State
		rule string
	}{
		leave.ActSubmit:   {applicant, from.Add(-time.Hour), []leave.State{leave.Draft}, leave.Submitted, "LV-1"},
		leave.ActOpinion:  {headOwn, from.Add(-time.Hour), nil, "", ""}, // this route needs no opinion
		leave.ActApprove:  {officeAll, from.Add(-time.Hour), []leave.State{leave.Submitted}, leave.Approved, "LV-1"},
		leave.ActRefuse:   {officeAll, from.Add(-time.Hour), []leave.State{leave.Submitted}, leave.Refused, "LV-1"},
		leave.ActWithdraw: {applicant, from.Add(-time.Hour), []leave.State{leave.Draft, leave.Submitted, leave.Approved}, leave.Withdrawn, "LV-1"},
		leave.ActStart:    {system, from, []leave.State{leave.Approved}, leave.Started, "LV-1"},
		leave.ActCancel:   {applicant, to.Add(-time.Minute), []leave.State{leave.Started, leave.Overdue}, leave.Cancelled, "LV-5"},
		leave.ActOverdue:  {system, to, []leave.State{leave.Started}, leave.Overdue, "LV-5"},
	}
	for _, act := range leave.Actions {
		want, ok := allowed[act]
		if !ok {
			t.Fatalf("action %q has no expectation", act)
		}
		for _, s := range leave.States {
			r := base
			r.State = s
			got, err := leave.Next(r, leave.Event{Action: act, By: want.by, At: want.at})
			if slices.Contains(want.from, s) {
				if err != nil || got.State != want.to || got.Rule != want.rule {
					t.Errorf("%s from %s: %s (%s), %v; want %s (%s)", act, s, got.State, got.Rule, err, want.to, want.rule)
				}
				continue
			}
			e := asError(t, err)
			if e.Code != bianmin.ECONFLICT || !reflect.DeepEqual(got, r) {
				t.Errorf("%s from %s: %v, request %+v; want a conflict keeping the request", act, s, err, got)
			}
		}
	}
	if _, err := leave.Next(base, leave.Event{Action: "approve_all", By: director}); asError(t, err).Code != bianmin.EINVALID {
		t.Errorf("unknown action: %v", err)
	}
}

// TestLeave_Next_WhoMay: only the applicant submits and withdraws; the
// applicant or the office of their department or the centre records the
// return 销假 (LV-5); nobody approves their own leave.
func TestLeave_Next_WhoMay(t *testing.T) {
	r := draft(t, policy.Default(), "2026-03-02 08:00", "2026-03-02 10:00", false)
	submitted, started := r, r
	submitted.State, started.State = leave.Submitted, leave.Started
	for _, c := range []struct {
		name string
		r    leave.Request
		act  leave.Action
		by   leave.Actor
		ok   bool
	}{
		{"office submits for the applicant", r, leave.ActSubmit, officeAll, false},
		{"director withdraws it", submitted, leave.ActWithdraw, director, false},
		{"applicant approves own leave with an office grant", submitted, leave.ActApprove, selfOffice, false},
		{"applicant reports back", started, leave.ActCancel, applicant, true},
		{"office of the department records the return", started, leave.ActCancel, officeOwn, true},
		{"centre office records the return", started, leave.ActCancel, officeAll, true},
		{"office of another department may not", started, leave.ActCancel, officeOther, false},
		{"the director does not record returns", started, leave.ActCancel, director, false},
	} {
		_, err := leave.Next(c.r, leave.Event{Action: c.act, By: c.by, At: at(t, "2026-03-02 09:00")})
		if c.ok != (err == nil) {
			t.Errorf("%s: %v", c.name, err)
		}
		if err != nil && asError(t, err).Code != bianmin.EFORBIDDEN {
			t.Errorf("%s: %v, want forbidden", c.name, err)
		}
	}
	// A request without a route cannot be submitted.
	r.Route = leave.Route{}
	if _, err := leave.Next(r, leave.Event{Action: leave.ActSubmit, By: applicant}); !reflect.DeepEqual(refusals(t, err), []refusal{{"route", "LV-1"}}) {
		t.Errorf("submit without a route: %v", err)
	}
}

// TestLeave_Next_RouteLess: a request without a route (not yet measured)
// is refused under LV-1, and one whose approvals are all in awaits nothing.
func TestLeave_Next_RouteLess(t *testing.T) {
	r := leave.Request{Applicant: applicantID, Department: dept, State: leave.Draft}
	if _, err := leave.Next(r, leave.Event{Action: leave.ActApprove, By: director}); asError(t, err).Rule != "LV-1" {
		t.Errorf("approve a draft without a route: %v", err)
	}
	r.State = leave.Submitted
	if _, _, ok := leave.Awaiting(r); ok || leave.CanDecide(r, director) {
		t.Error("a submitted request without approvers awaits someone")
	}
}

// TestLeave_LV5_StartReturnOverdue: a leave starts at its first instant,
// needs a named substitute then from half a day (LV-4), is overdue when
// its end passes without 销假, and a return after the end is late (LV-5).
func TestLeave_LV5_StartReturnOverdue(t *testing.T) {
	r := draft(t, policy.Default(), "2026-02-13 08:00", "2026-02-24 17:00", false) // 3 days: substitute needed
	r.State = leave.Approved
	if _, err := leave.Next(r, leave.Event{Action: leave.ActStart, By: system, At: at(t, "2026-02-13 07:59")}); asError(t, err).Code != bianmin.ECONFLICT {
		t.Errorf("start a minute early: %v", err)
	}
	if _, err := leave.Next(r, leave.Event{Action: leave.ActStart, By: system, At: r.From}); !reflect.DeepEqual(refusals(t, err), []refusal{{"substitute", "LV-4"}}) {
		t.Errorf("start without a substitute: %v", err)
	}
	r.Substitute = 200
	s, err := leave.Next(r, leave.Event{Action: leave.ActStart, By: system, At: r.From})
	if err != nil || s.State != leave.Started || !s.StartedAt.Equal(r.From) {
		t.Fatalf("start: %+v, %v", s, err)
	}
	for _, c := range []struct {
		name    string
		overdue bool
		at      string
		late    bool
	}{
		{"back early, after the Spring Festival", false, "2026-02-24 08:00", false},
		{"back at the end", false, "2026-02-24 17:00", false},
		{"back a minute after the end", false, "2026-02-24 17:01", true},
		{"back after being marked overdue", true, "2026-02-25 08:10", true},
	} {
		x := s
		if c.overdue {
			if _, err := leave.Next(x, leave.Event{Action: leave.ActOverdue, By: system, At: at(t, "2026-02-24 16:59")}); asError(t, err).Code != bianmin.ECONFLICT {
				t.Errorf("overdue before the end: %v", err)
			}
			if x, err = leave.Next(x, leave.Event{Action: leave.ActOverdue, By: system, At: r.To}); err != nil || x.State != leave.Overdue || x.Rule != "LV-5" {
				t.Fatalf("overdue: %+v, %v", x, err)
			}
		}
		got, err := leave.Next(x, leave.Event{Action: leave.ActCancel, By: applicant, At: at(t, c.at)})
		if err != nil || got.State != leave.Cancelled || got.Rule != "LV-5" || got.Late != c.late || !got.ReturnedAt.Equal(at(t, c.at)) {
			t.Errorf("%s: %+v, %v; want cancelled (LV-5), late %v", c.name, got, err, c.late)
		}
	}
	// A started leave cannot be withdrawn: the person reports back instead (LV-5).
	if _, err := leave.Next(s, leave.Event{Action: leave.ActWithdraw, By: applicant}); asError(t, err).Rule != "LV-5" {
		t.Errorf("withdraw a started leave: %v", err)
	}
}

// TestLeave_LV5_Due: what the scheduler owes a request at an instant.
func TestLeave_LV5_Due(t *testing.T) {
	r := draft(t, policy.Default(), "2026-03-02 08:00", "2026-03-02 10:00", false)
	for _, c := range []struct {
		state leave.State
		at    string
		want  leave.Action
	}{
		{leave.Draft, "2026-03-02 09:00", ""},
		{leave.Submitted, "2026-03-02 09:00", ""}, // not approved: leaving is absence, not leave
		{leave.Approved, "2026-03-02 07:59", ""},
		{leave.Approved, "2026-03-02 08:00", leave.ActStart},
		{leave.Approved, "2026-03-03 08:00", leave.ActStart}, // start first, overdue on the next call
		{leave.Started, "2026-03-02 09:59", ""},
		{leave.Started, "2026-03-02 10:00", leave.ActOverdue},
		{leave.Overdue, "2026-03-03 10:00", ""},
		{leave.Cancelled, "2026-03-03 10:00", ""},
		{leave.Refused, "2026-03-02 09:00", ""},
		{leave.Withdrawn, "2026-03-02 09:00", ""},
	} {
		r.State = c.state
		got, ok := leave.Due(r, at(t, c.at))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s at %s: %q, %v; want %q", c.state, c.at, got, ok, c.want)
		}
	}
}

// TestLeave_StateAndTypeNames: every state and type has a Chinese and an
// English name; unknown ones show their code.
func TestLeave_StateAndTypeNames(t *testing.T) {
	for _, s := range leave.States {
		if zh, en := leave.StateName(s, "zh"), leave.StateName(s, "en"); zh == string(s) || en == "" || zh == en {
			t.Errorf("state %s: %q / %q", s, zh, en)
		}
	}
	if leave.StateName("gone", "en") != "gone" {
		t.Error("unknown state")
	}
	seen := map[string]bool{}
	for _, ty := range leave.Types {
		zh, en := ty.Name("zh"), ty.Name("en")
		if !ty.Valid() || zh == string(ty) || en == "" || seen[zh] || seen[en] {
			t.Errorf("type %s: %q / %q", ty, zh, en)
		}
		seen[zh], seen[en] = true, true
		if want := ty == leave.BusinessTrip || ty == leave.Meeting || ty == leave.Training; ty.Official() != want {
			t.Errorf("%s: Official = %v", ty, ty.Official())
		}
	}
	if leave.Type("holiday").Valid() || leave.Type("holiday").Name("zh") != "holiday" {
		t.Error("unknown type")
	}
}

// TestLeave_ParseType: codes, Chinese and English names, spaces and case.
func TestLeave_ParseType(t *testing.T) {
	for _, c := range []struct {
		in   string
		want leave.Type
	}{
		{"sick", leave.Sick}, {" SICK ", leave.Sick}, {"病假", leave.Sick}, {"sick leave", leave.Sick},
		{"因公外出", leave.BusinessTrip}, {"business_trip", leave.BusinessTrip}, {"Time off in lieu", leave.Compensatory},
		{"事假", leave.Personal}, {"婚假", leave.Marriage}, {"产假", leave.Maternity}, {"丧假", leave.Bereavement},
	} {
		if got, err := leave.ParseType(c.in); err != nil || got != c.want {
			t.Errorf("ParseType(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "holiday", "病", "sick leave please", "\x00"} {
		_, err := leave.ParseType(in)
		if !reflect.DeepEqual(refusals(t, err), []refusal{{"type", "LV-1"}}) {
			t.Errorf("ParseType(%q): %v", in, err)
		}
	}
}
