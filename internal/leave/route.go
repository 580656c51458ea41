package leave

import (
	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

// Route is the approval route of a request: who approves it, in order, and
// what paper it needs.
type Route struct {
	// Step is the index of the ladder step (LV-1); -1 for a short absence
	// signed under LV-7.
	Step int
	// Approvers are the roles that must approve, in order; all of them.
	Approvers []bianmin.Role
	// Written: a written slip is needed; without it the office is told
	// verbally and notes it (≤ 1 hour in 004 §考勤制度 5(1)).
	Written bool
	// DepartmentOpinion: the department head gives the department's opinion
	// and stamp before the first approver (LV-1, 1-3 days and over 3 days).
	DepartmentOpinion bool
	// Substitute: the department must name a substitute before the leave
	// starts (LV-4).
	Substitute bool
	// ShortAbsence: a short absence from the window, signed by the role of
	// leave.short_absence_approver (LV-7).
	ShortAbsence bool
	// Converted: asked as a short absence but of short_absence_under or more,
	// so it is leave and takes the ladder (LV-7).
	Converted bool
	// Rule is the rule that chose the route: LV-1 or LV-7.
	Rule string
}

// RouteFor returns the route of a request of length l; shortAbsence is a
// request for a temporary absence from the window 临时外出 rather than leave.
// The step is the first whose up_to the length is within (Length.Within),
// which expresses both the 004 ladder and the single step of 002 §(五)2
// (director and duty leader, always written). A short absence under
// short_absence_under is signed by short_absence_approver (LV-7); at or over
// it, it is leave and takes the ladder.
func RouteFor(p *policy.Leave, l Length, shortAbsence bool) (Route, error) {
	if len(p.ApprovalLadder) == 0 {
		return Route{}, bianmin.FieldError("leave.approval_ladder", "请假审批阶梯为空，无法确定审批人（LV-1）。",
			"The leave approval ladder is empty, so no approver can be found (LV-1).").WithRule("LV-1")
	}
	r := Route{Step: -1}
	if c, bounded := l.Compare(p.SubstituteFrom); bounded && c >= 0 {
		r.Substitute = true
	}
	if shortAbsence {
		if c, bounded := l.Compare(p.ShortAbsenceUnder); bounded && c < 0 {
			// 000 篇二十二 第四条 7: the chief signs the slip and files it daily.
			r.ShortAbsence, r.Written, r.Rule = true, true, "LV-7"
			r.Approvers = []bianmin.Role{bianmin.Role(p.ShortAbsenceApprover)}
			return r, nil
		}
		r.Converted = true
	}
	// A ladder that passed policy validation ends with an unbounded step;
	// should none match, the last step applies, as in StepFor.
	i := len(p.ApprovalLadder) - 1
	for j, s := range p.ApprovalLadder {
		if l.Within(s.UpTo) {
			i = j
			break
		}
	}
	step := p.ApprovalLadder[i]
	r.Step, r.Written, r.DepartmentOpinion, r.Rule = i, step.Written, step.DepartmentOpinion, "LV-1"
	for _, a := range step.Approvers {
		r.Approvers = append(r.Approvers, bianmin.Role(a))
	}
	return r, nil
}
