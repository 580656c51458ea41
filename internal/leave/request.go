package leave

import (
	"fmt"
	"slices"
	"time"

	"bianmin/internal/bianmin"
)

// State is where a request stands.
type State string

// States of a request. A request moves draft → submitted → (department
// opinion) → each approver in turn → approved, or refused or withdrawn on the
// way; an approved request starts at its first instant and ends cancelled
// 销假 when the person reports back (LV-5), or overdue when the end passes
// without that.
const (
	Draft     State = "draft"
	Submitted State = "submitted" // waiting for the department's opinion or an approver
	Approved  State = "approved"
	Refused   State = "refused"
	Withdrawn State = "withdrawn"
	Started   State = "started"   // the person is on leave
	Cancelled State = "cancelled" // 已销假: the person came back (LV-5)
	Overdue   State = "overdue"   // the end passed without 销假 (LV-5)
)

// States lists every state in the order a request passes them.
var States = []State{Draft, Submitted, Approved, Refused, Withdrawn, Started, Cancelled, Overdue}

var stateNames = map[State][2]string{
	Draft:     {"草稿", "draft"},
	Submitted: {"待审批", "awaiting approval"},
	Approved:  {"已批准", "approved"},
	Refused:   {"未批准", "refused"},
	Withdrawn: {"已撤回", "withdrawn"},
	Started:   {"休假中", "on leave"},
	Cancelled: {"已销假", "returned (leave cancelled)"},
	Overdue:   {"逾期未销假", "overdue: return not recorded"},
}

// StateName names a state in a language ("zh" or "en").
func StateName(s State, lang string) string {
	n, ok := stateNames[s]
	switch {
	case !ok:
		return string(s)
	case lang == "en":
		return n[1]
	}
	return n[0]
}

// Action is something a person or the scheduler does to a request.
type Action string

// Actions on a request.
const (
	ActSubmit   Action = "submit"   // the applicant hands it in
	ActOpinion  Action = "opinion"  // the department head gives the department's opinion and stamp (LV-1)
	ActApprove  Action = "approve"  // the awaited approver approves (LV-1, LV-7)
	ActRefuse   Action = "refuse"   // the department or the awaited approver refuses
	ActWithdraw Action = "withdraw" // the applicant takes it back before it starts
	ActStart    Action = "start"    // scheduler: the leave's first instant has come
	ActCancel   Action = "cancel"   // 销假: the person reports back (LV-5)
	ActOverdue  Action = "overdue"  // scheduler: the end passed without 销假 (LV-5)
)

// Actions lists every action.
var Actions = []Action{ActSubmit, ActOpinion, ActApprove, ActRefuse, ActWithdraw, ActStart, ActCancel, ActOverdue}

var actionNames = map[Action][2]string{
	ActSubmit:   {"提交", "submit"},
	ActOpinion:  {"签署单位意见", "give the department's opinion"},
	ActApprove:  {"批准", "approve"},
	ActRefuse:   {"不批准", "refuse"},
	ActWithdraw: {"撤回", "withdraw"},
	ActStart:    {"开始休假", "start"},
	ActCancel:   {"销假", "cancel (report back)"},
	ActOverdue:  {"标记逾期未销假", "mark overdue"},
}

// Grant is a role a person holds, in one department or, with Department 0,
// centre-wide. The service maps its grants to these.
type Grant struct {
	Role       bianmin.Role
	Department int64
}

// Actor is who acts on a request; ID 0 is the scheduler.
type Actor struct {
	ID     int64
	Grants []Grant
}

// Holds reports whether the actor may act as role for a request of dept:
// a grant of the role in that department or centre-wide (SECURITY.md item 9:
// no approver sees another department's requests).
func (a Actor) Holds(role bianmin.Role, dept int64) bool {
	for _, g := range a.Grants {
		if g.Role == role && (g.Department == 0 || g.Department == dept) {
			return true
		}
	}
	return false
}

// Decision is one signature on a request.
type Decision struct {
	Role bianmin.Role
	By   int64
	At   time.Time
	Note string
}

// Request is a leave request or short absence as the rules see it.
type Request struct {
	ID         int64
	Applicant  int64
	Department int64
	Window     int64 // the window the applicant holds a post at; 0 for none
	Type       Type
	From, To   time.Time
	Reason     string
	// Certificate is the hospital certificate of sick leave (LV-3).
	Certificate *Certificate
	// Substitute is the person the department sends (LV-4); 0 for none yet.
	Substitute int64
	// ForceMajeure: a duty leader's leave on a day they were scheduled for,
	// swapped away because of force majeure (DU-2).
	ForceMajeure bool
	Length       Length
	Route        Route

	State     State
	Rule      string // the rule that produced State
	Opinion   *Decision
	Approvals []Decision
	Refusal   *Decision
	// SubmittedAt, StartedAt and ReturnedAt are set by Next.
	SubmittedAt, StartedAt, ReturnedAt time.Time
	// Late: the return was recorded after the end (LV-5).
	Late bool
}

// Event is one action at an instant by an actor; Note is the reason of a
// refusal or the text of an opinion.
type Event struct {
	Action Action
	By     Actor
	At     time.Time
	Note   string
}

// Awaiting returns what a submitted request waits for: the department's
// opinion (opinion true, role dept_head) or the next approver's role.
func Awaiting(r Request) (role bianmin.Role, opinion, ok bool) {
	switch {
	case r.State != Submitted:
		return "", false, false
	case r.Route.DepartmentOpinion && r.Opinion == nil:
		return bianmin.RoleDeptHead, true, true
	case len(r.Approvals) < len(r.Route.Approvers):
		return r.Route.Approvers[len(r.Approvals)], false, true
	}
	return "", false, false
}

// CanDecide reports whether by may give the decision the request waits for,
// for lists of "requests for me to approve".
func CanDecide(r Request, by Actor) bool { return decider(r, by) == nil }

// decider checks that by may give the awaited opinion or approval: the
// awaited role in the applicant's department (the opinion only there, as it
// is the department's own stamp) or centre-wide, not the applicant, and not
// someone who already signed, so that every signature is another person's.
func decider(r Request, by Actor) *bianmin.Error {
	role, opinion, ok := Awaiting(r)
	if !ok {
		return wrongState(r, ActApprove)
	}
	if by.ID == r.Applicant {
		return forbidden(r, "不能审批本人的请假。", "You cannot decide on your own leave.")
	}
	if opinion {
		for _, g := range by.Grants {
			if g.Role == bianmin.RoleDeptHead && g.Department == r.Department {
				return nil
			}
		}
		return forbidden(r, "单位意见须由申请人所在单位的负责人签署。",
			"The department's opinion is given by the head of the applicant's own department.")
	}
	if !by.Holds(role, r.Department) {
		return forbidden(r,
			fmt.Sprintf("此步须由%s审批（申请人所在单位或中心）。", role.Name("zh")),
			fmt.Sprintf("This step is approved by the %s of the applicant's department or the centre.", role.Name("en")))
	}
	if r.Opinion != nil && r.Opinion.By == by.ID || slices.ContainsFunc(r.Approvals, func(d Decision) bool { return d.By == by.ID }) {
		return forbidden(r, "每一级须由不同的人签批，您已签过此申请。",
			"Each step is signed by a different person, and you have already signed this request.")
	}
	return nil
}

// Next applies an event to a request and returns the new request; the
// argument is not changed. A refusal is an error with the rule behind it:
// a conflict when the state does not allow the action, forbidden when the
// actor may not take it.
func Next(r Request, e Event) (Request, error) {
	out := r
	out.Approvals = slices.Clone(r.Approvals)
	route := r.Route.Rule
	if route == "" {
		route = "LV-1"
	}
	switch e.Action {
	case ActSubmit:
		if r.State != Draft {
			return r, wrongState(r, e.Action)
		}
		if e.By.ID != r.Applicant {
			return r, forbidden(r, "只有申请人本人可以提交。", "Only the applicant can submit the request.")
		}
		if len(r.Route.Approvers) == 0 {
			return r, bianmin.FieldError("route", "请假申请尚无审批路线，请先计算时长（LV-1）。",
				"The request has no approval route yet; measure its length first (LV-1).").WithRule("LV-1")
		}
		out.State, out.Rule, out.SubmittedAt = Submitted, route, e.At
	case ActOpinion, ActApprove, ActRefuse:
		_, opinion, ok := Awaiting(r)
		if !ok {
			return r, wrongState(r, e.Action)
		}
		if opinion && e.Action == ActApprove {
			return r, conflict(r, "此申请须先由所在单位签署意见，尚不能审批。",
				"The request needs the department's opinion before it can be approved.")
		}
		if !opinion && e.Action == ActOpinion {
			return r, conflict(r, "此申请现在不需要单位意见，正在等待审批人审批。",
				"The request needs no department opinion now; it is waiting for an approver.")
		}
		if err := decider(r, e.By); err != nil {
			return r, err
		}
		role, _, _ := Awaiting(r)
		d := Decision{Role: role, By: e.By.ID, At: e.At, Note: e.Note}
		switch {
		case e.Action == ActRefuse:
			out.State, out.Rule, out.Refusal = Refused, route, &d
		case opinion:
			out.Opinion = &d
			out.Rule = route
		default:
			out.Approvals = append(out.Approvals, d)
			out.Rule = route
			if len(out.Approvals) == len(r.Route.Approvers) {
				out.State = Approved
			}
		}
	case ActWithdraw:
		if r.State != Draft && r.State != Submitted && r.State != Approved {
			return r, wrongState(r, e.Action)
		}
		if e.By.ID != r.Applicant {
			return r, forbidden(r, "只有申请人本人可以撤回。", "Only the applicant can withdraw the request.")
		}
		out.State, out.Rule = Withdrawn, route
	case ActStart:
		if r.State != Approved {
			return r, wrongState(r, e.Action)
		}
		if e.At.Before(r.From) {
			return r, conflict(r, "请假尚未开始。", "The leave has not begun yet.")
		}
		if r.Route.Substitute && r.Substitute == 0 {
			// 004 §考勤制度 5(3): without a substitute, leaving is absence.
			return r, bianmin.FieldError("substitute",
				"请假半天以上（含半天）须由单位派出代岗人员后方可离岗，否则按旷工论处（LV-4）。",
				"Leave of half a day or more needs a substitute from the department before the person leaves; otherwise it counts as absence (LV-4).").
				WithRule("LV-4")
		}
		out.State, out.Rule, out.StartedAt = Started, route, e.At
	case ActCancel:
		if r.State != Started && r.State != Overdue {
			return r, wrongState(r, e.Action)
		}
		if e.By.ID != r.Applicant && !e.By.Holds(bianmin.RoleOffice, r.Department) {
			return r, forbidden(r, "销假由本人或办公室办理。", "Only the person or the office records the return.")
		}
		out.State, out.Rule, out.ReturnedAt = Cancelled, "LV-5", e.At
		out.Late = e.At.After(r.To)
	case ActOverdue:
		if r.State != Started {
			return r, wrongState(r, e.Action)
		}
		if e.At.Before(r.To) {
			return r, conflict(r, "假期尚未结束。", "The leave has not ended yet.")
		}
		out.State, out.Rule = Overdue, "LV-5"
	default:
		return r, bianmin.Errorf(bianmin.EINVALID, "未知的请假操作。", "Unknown leave action.").WithRule("LV-1")
	}
	return out, nil
}

// Due returns the action the scheduler owes a request at instant at: start
// an approved leave whose first instant has come, mark overdue a started one
// whose end has passed (LV-5). A start refused for want of a substitute is
// the service's cue to count the absence (LV-4).
func Due(r Request, at time.Time) (Action, bool) {
	switch {
	case r.State == Approved && !at.Before(r.From):
		return ActStart, true
	case r.State == Started && !at.Before(r.To):
		return ActOverdue, true
	}
	return "", false
}

func wrongState(r Request, act Action) *bianmin.Error {
	n := actionNames[act] // Next reaches here only with a known action
	return conflict(r,
		fmt.Sprintf("请假申请当前为“%s”，不能%s。", StateName(r.State, "zh"), n[0]),
		fmt.Sprintf("The request is %s; it cannot %s now.", StateName(r.State, "en"), n[1]))
}

func conflict(r Request, zh, en string) *bianmin.Error {
	return bianmin.Errorf(bianmin.ECONFLICT, zh, en).WithRule(ruleOf(r))
}

func forbidden(r Request, zh, en string) *bianmin.Error {
	return bianmin.Errorf(bianmin.EFORBIDDEN, zh, en).WithRule(ruleOf(r))
}

// ruleOf names the rule of a refusal about the request's route: LV-7 for
// short absences, LV-5 for returns, LV-1 otherwise.
func ruleOf(r Request) string {
	switch {
	case r.State == Started || r.State == Overdue || r.State == Cancelled:
		return "LV-5"
	case r.Route.Rule != "":
		return r.Route.Rule
	}
	return "LV-1"
}
