package policy

import (
	"slices"
	"strconv"
)

// Supervision are the warning thresholds of electronic supervision
// (DOMAIN.md SUP-2, STANDARDS.md R5.3-R5.5).
type Supervision struct {
	YellowWorkingDaysLeft int  `yaml:"yellow_working_days_left" rule:"SUP-2" src:"DOMAIN.md SUP-2; STANDARDS.md R5.3" min:"0" max:"10" zh:"剩余不超过多少个工作日亮黄灯（0 = 不按天数）" en:"yellow when at most this many working days are left (0 = not by days)"`
	YellowPercentLeft     int  `yaml:"yellow_percent_left" rule:"SUP-2" src:"DOMAIN.md SUP-2; STANDARDS.md R5.5" min:"0" max:"100" zh:"剩余时限不超过百分之多少亮黄灯（0 = 不按比例）" en:"yellow when at most this percentage of the limit is left (0 = not by share)"`
	RedGraceWorkingDays   int  `yaml:"red_grace_working_days" rule:"SUP-2" src:"DOMAIN.md SUP-2" min:"0" max:"3" zh:"逾期后多少个工作日亮红灯（0 = 一逾期即亮红灯）" en:"working days after the deadline before red (0 = red as soon as overdue)"`
	StepWorkingDays       int  `yaml:"step_working_days" rule:"SUP-2" src:"STANDARDS.md R5.2 (3), R5.5" min:"1" max:"30" zh:"单个办理环节超过多少个工作日亮黄灯（总时限未超也预警）" en:"a single step open longer than this many working days turns yellow (even within the overall limit)"`
	EscalateRedToDirector bool `yaml:"escalate_red_to_director" rule:"SUP-2" src:"STANDARDS.md R5.5" zh:"红灯同时报中心主任（黄灯、红灯均报经办人、首席代表和值班领导）" en:"red warnings also go to the centre director (yellow and red always go to the clerk, chief representative and duty leader)"`
}

func defaultSupervision() Supervision {
	return Supervision{YellowWorkingDaysLeft: 1, YellowPercentLeft: 20, RedGraceWorkingDays: 0, StepWorkingDays: 5, EscalateRedToDirector: true}
}

func (s *Supervision) check(c *checker) {
	if s.YellowWorkingDaysLeft == 0 && s.YellowPercentLeft == 0 {
		c.add("supervision.yellow_working_days_left",
			"黄灯阈值（天数和百分比）不能都为 0，否则到期前没有预警（SUP-2）",
			"the yellow thresholds (days and percentage) cannot both be 0, or nothing warns before a deadline (SUP-2)")
	}
}

// Complaints are the feedback promises of DOMAIN.md CO-3.
type Complaints struct {
	FeedbackWorkingDays int  `yaml:"feedback_working_days" rule:"CO-3" src:"002 §服务承诺制度 5" min:"1" max:"15" zh:"向投诉人反馈处理意见的时限（工作日；不能按时的须作解释）" en:"feedback to the complainant within (working days; otherwise an explanation)"`
	Misconduct24h       bool `yaml:"misconduct_reports_24h" rule:"CO-3" src:"000 篇六 (六)" zh:"对工作人员不正之风的举报 24 小时受理，结果正式告知举报人" en:"reports of staff misconduct are accepted 24 hours a day and the result is formally told to the reporter"`
}

func defaultComplaints() Complaints {
	return Complaints{FeedbackWorkingDays: 5, Misconduct24h: true}
}

// Ratings are the 好差评 scheme (DOMAIN.md RT-1, STANDARDS.md R4).
type Ratings struct {
	Levels                   int   `yaml:"levels" rule:"R4.1" src:"国办发〔2019〕51号; STANDARDS.md R4.1" min:"3" max:"5" zh:"评价等级数（全国好差评为 5 级：非常满意…非常不满意）" en:"rating levels (the national scheme has 5: very satisfied … very dissatisfied)"`
	BadCodes                 []int `yaml:"bad_codes" rule:"R4.2" src:"GB/T 39046 A.8; STANDARDS.md R4.2" min:"1" max:"5" zh:"差评对应的满意度代码（1 = 非常满意 … 5 = 非常不满意）" en:"satisfaction codes that count as bad (1 = very satisfied … 5 = very dissatisfied)"`
	RectificationWorkingDays int   `yaml:"rectification_working_days" rule:"R4.11" src:"STANDARDS.md R4.11" min:"1" max:"30" zh:"差评整改时限（工作日；其他地方 5 或 7 天）" en:"rectification of a bad rating within (working days; elsewhere 5 or 7 days)"`
}

func defaultRatings() Ratings {
	return Ratings{Levels: 5, BadCodes: []int{4, 5}, RectificationWorkingDays: 15}
}

// check: bad codes are distinct, ascending, within the levels, and never
// the best level.
func (r *Ratings) check(c *checker) {
	if len(r.BadCodes) == 0 {
		c.add("ratings.bad_codes", "至少需要一个差评代码（R4.2）", "needs at least one bad code (R4.2)")
		return
	}
	for i, code := range r.BadCodes {
		p := indexPath("ratings.bad_codes", i)
		switch {
		case code > r.Levels:
			c.add(p, "代码 "+itoa(code)+" 超出评价等级数 "+itoa(r.Levels), "code "+itoa(code)+" exceeds the "+itoa(r.Levels)+" levels")
		case code == 1:
			c.add(p, "代码 1（非常满意）不能算差评", "code 1 (very satisfied) cannot count as bad")
		case i > 0 && code <= r.BadCodes[i-1]:
			c.add(p, "代码必须递增且不重复", "codes must be ascending without repeats")
		}
	}
}

// IsBad reports whether a satisfaction code counts as a bad rating (R4.2).
func (r *Ratings) IsBad(code int) bool { return slices.Contains(r.BadCodes, code) }

func itoa(n int) string { return strconv.Itoa(n) }
