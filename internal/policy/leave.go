package policy

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// Leave holds the leave rules (DOMAIN.md LV-1 to LV-7) and the A/B handover
// (AB-2). The approval ladder is data: the first step whose up_to covers the
// requested length applies.
type Leave struct {
	ApprovalLadder       []LeaveStep `yaml:"approval_ladder" rule:"LV-1" src:"004 §考勤制度 5(1)" zh:"请假审批阶梯（替代 002 §(五)：一律书面，由中心主任和值班领导审批）" en:"leave approval ladder (alternative 002 §(五): always written, approved by the director and the duty leader)"`
	SubstituteFrom       Length      `yaml:"substitute_from" rule:"LV-4" src:"004 §考勤制度 5(3)" zh:"请假达到此时长（含）须单位先派代岗人员，否则按旷工论处" en:"leave of this length or more needs a substitute sent first, else it counts as absence"`
	ShortAbsenceUnder    Length      `yaml:"short_absence_under" rule:"LV-7" src:"000 篇二十二 值班长制度 第四条 7" zh:"短于此时长的临时离岗由大厅值班长签批" en:"absences from the window shorter than this are signed by the hall duty chief"`
	ShortAbsenceApprover string      `yaml:"short_absence_approver" rule:"LV-7" src:"000 篇二十二 值班长制度 第四条 7" enum:"@roles" zh:"临时离岗签批人的角色" en:"role that signs short absences"`
	HandoverDaysBefore   int         `yaml:"handover_days_before" rule:"AB-2" src:"002 §(四)3(3); 000 篇十一" min:"0" max:"5" zh:"A 岗离岗前至少提前几天向 B 岗交接（可能时）" en:"days ahead that A hands over to B where possible"`
}

// LeaveStep is one rung of the approval ladder.
type LeaveStep struct {
	UpTo              Length   `yaml:"up_to" zh:"最长时长（含），空 = 不限（仅最后一级）" en:"longest length covered (inclusive); empty = no limit (last step only)"`
	Approvers         []string `yaml:"approvers" enum:"@roles" zh:"审批人角色（均须同意）" en:"approver roles (all must approve)"`
	Written           bool     `yaml:"written" zh:"须书面请假条" en:"needs a written slip"`
	DepartmentOpinion bool     `yaml:"department_opinion" zh:"须所在单位签署意见并盖章" en:"needs the department's opinion and stamp"`
}

// approverRoles are the roles that may approve leave or sign absences.
var approverRoles = []string{
	string(bianmin.RoleOffice), string(bianmin.RoleDutyChief), string(bianmin.RoleDutyLeader),
	string(bianmin.RoleDeptHead), string(bianmin.RoleDirector),
}

func defaultLeave() Leave {
	office, director := string(bianmin.RoleOffice), string(bianmin.RoleDirector)
	return Leave{
		ApprovalLadder: []LeaveStep{
			{UpTo: "1h", Approvers: []string{office}},                                           // tell the office verbally
			{UpTo: "1d", Approvers: []string{office}, Written: true},                            // 业务科 approves
			{UpTo: "3d", Approvers: []string{director}, Written: true, DepartmentOpinion: true}, // deputy director
			{UpTo: "", Approvers: []string{director}, Written: true, DepartmentOpinion: true},   // director
		},
		SubstituteFrom:       "0.5d",
		ShortAbsenceUnder:    "2h",
		ShortAbsenceApprover: string(bianmin.RoleDutyChief),
		HandoverDaysBefore:   1,
	}
}

// StepFor returns the ladder step for a leave of the given minutes, where a
// working day has dayMinutes, and its index; the last step has no limit.
func (l *Leave) StepFor(minutes, dayMinutes int) (LeaveStep, int) {
	for i, s := range l.ApprovalLadder {
		max, bounded := s.UpTo.Minutes(dayMinutes)
		if !bounded || minutes <= max {
			return s, i
		}
	}
	last := len(l.ApprovalLadder) - 1
	if last < 0 {
		return LeaveStep{}, -1
	}
	return l.ApprovalLadder[last], last
}

// nominalDay compares lengths given in hours with lengths in days when the
// ladder is checked; 8 hours is the working day of the seeds.
const nominalDay = 8 * 60

func (l *Leave) check(c *checker) {
	if len(l.ApprovalLadder) == 0 {
		c.add("leave.approval_ladder", "至少需要一级审批（LV-1）", "needs at least one step (LV-1)")
	}
	prev := -1
	for i, s := range l.ApprovalLadder {
		p := indexPath("leave.approval_ladder", i)
		last := i == len(l.ApprovalLadder)-1
		m, bounded := s.UpTo.Minutes(nominalDay)
		switch {
		case !bounded && !last:
			c.add(p+".up_to", "只有最后一级可以不限时长", "only the last step may have no limit")
		case bounded && last:
			c.add(p+".up_to", "最后一级必须不限时长（留空），使任何时长都有审批人", "the last step must have no limit (empty), so every length has an approver")
		case bounded && m <= prev:
			c.add(p+".up_to", "时长必须逐级增加", "lengths must increase step by step")
		}
		if bounded {
			prev = m
		}
		if len(s.Approvers) == 0 {
			c.add(p+".approvers", "至少需要一个审批人角色", "needs at least one approver role")
		}
		for j, r := range s.Approvers {
			if slices.Contains(s.Approvers[:j], r) {
				c.add(indexPath(p+".approvers", j), "审批人重复："+r, "duplicate approver: "+r)
			}
		}
	}
	for _, f := range []struct {
		path string
		l    Length
	}{{"leave.substitute_from", l.SubstituteFrom}, {"leave.short_absence_under", l.ShortAbsenceUnder}} {
		if f.l == "" {
			c.add(f.path, "必须填写时长", "needs a length")
		}
	}
}

// Length is a leave length: "2h" (hours), "3d" (working days) or "0.5d"
// (half days). The empty Length has no limit.
type Length string

type lengthValue struct {
	hours, halfDays int
}

var errLength = errors.New("invalid length")

func (l Length) parse() (lengthValue, error) {
	s := string(l)
	switch {
	case s == "":
		return lengthValue{}, nil
	case strings.HasSuffix(s, "h"):
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n < 1 || n > 72 || !digits(s[:len(s)-1]) {
			return lengthValue{}, errLength
		}
		return lengthValue{hours: n}, nil
	case strings.HasSuffix(s, "d"):
		num, half := s[:len(s)-1], 0
		if strings.HasSuffix(num, ".5") {
			num, half = num[:len(num)-2], 1
		}
		n, err := strconv.Atoi(num)
		if err != nil || !digits(num) || n > 365 || n*2+half < 1 {
			return lengthValue{}, errLength
		}
		return lengthValue{halfDays: n*2 + half}, nil
	}
	return lengthValue{}, errLength
}

// Minutes returns the length in minutes for a working day of dayMinutes;
// bounded is false for the empty Length (no limit) and for invalid text.
func (l Length) Minutes(dayMinutes int) (minutes int, bounded bool) {
	v, err := l.parse()
	if err != nil || l == "" {
		return 0, false
	}
	return v.hours*60 + v.halfDays*dayMinutes/2, true
}
