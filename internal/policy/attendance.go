package policy

// Attendance is the check-in discipline of DOMAIN.md AT-1 to AT-5. The
// default is 004 §考勤制度; the alternative of 000 篇七 (fines instead of
// converting lates into absences) is expressed with lates_per_absence: 0 and
// the fine fields.
type Attendance struct {
	LateMinutes          int    `yaml:"late_minutes" rule:"AT-2" src:"004 §考勤制度 2" min:"0" max:"60" zh:"签到晚于上班时间超过多少分钟记迟到（替代：000 篇七 为 0，任何迟到）" en:"minutes after the start beyond which a check-in is late (alternative: 0, any lateness, 000 篇七)"`
	EarlyMinutes         int    `yaml:"early_minutes" rule:"AT-2" src:"004 §考勤制度 2" min:"0" max:"60" zh:"签退早于下班时间超过多少分钟记早退" en:"minutes before the end beyond which a check-out is early"`
	AwayMinutes          int    `yaml:"away_minutes" rule:"AT-2" src:"004 §考勤制度 2" min:"10" max:"240" zh:"未经许可外出超过多少分钟记旷工" en:"minutes out without leave beyond which it counts as absence"`
	ProxyCheckInAbsences int    `yaml:"proxy_check_in_absences" rule:"AT-3" src:"004 §考勤制度 3" min:"1" max:"5" zh:"代签考勤时双方各记旷工次数" en:"absences recorded for each of the two people when one checks in for another"`
	LatesPerAbsence      int    `yaml:"lates_per_absence" rule:"AT-4" src:"004 §考勤制度 6" min:"0" max:"20" zh:"累计迟到或早退多少次记旷工 1 天（0 = 不折算；000 篇七 改为罚款）" en:"lates or earlies that count as one day's absence (0 = none; 000 篇七 fines instead)"`
	MonthlyLateLimit     int    `yaml:"monthly_late_limit" rule:"AT-4" src:"000 篇七 四 5" min:"0" max:"31" zh:"每月迟到或漏签累计达到多少次另行罚款（0 = 不适用；000 篇七 为 6）" en:"lates or missed check-ins in a month that trigger a further fine (0 = not used; 000 篇七: 6)"`
	MonthlyLateFineYuan  int    `yaml:"monthly_late_fine_yuan" rule:"AT-4" src:"000 篇七 四 5" min:"0" max:"10000" zh:"达到每月次数时的罚款（元；000 篇七 为 500）" en:"fine when the monthly count is reached (yuan; 000 篇七: 500)"`
	LateFineYuan         int    `yaml:"late_fine_yuan" rule:"AT-4" src:"000 篇七 四 3" min:"0" max:"1000" zh:"每次迟到或早退罚款（元；000 篇七 为 10）" en:"fine per late or early (yuan; 000 篇七: 10)"`
	AbsenceFineDayPay    bool   `yaml:"absence_fine_day_pay" rule:"AT-4" src:"000 篇七 四 4" zh:"旷工一次扣除当日工资（000 篇七 为 true）" en:"an absence forfeits the day's pay (000 篇七: true)"`
	AbsenceFineYuan      int    `yaml:"absence_fine_yuan" rule:"AT-4" src:"000 篇七 四 4" min:"0" max:"10000" zh:"旷工一次另扣（元；000 篇七 为 50）" en:"further fine per absence (yuan; 000 篇七: 50)"`
	ObjectionDays        int    `yaml:"objection_days" rule:"AT-5" src:"004 §考勤制度 8" min:"1" max:"10" zh:"对公示的考勤结果提出异议的期限（日；逾期无效）" en:"days to object to published attendance (later objections are void)"`
	PublishPeriod        string `yaml:"publish_period" rule:"AT-5" src:"004 §考勤制度 7" enum:"weekly|monthly" zh:"考勤公示周期" en:"how often attendance is published"`
}

func defaultAttendance() Attendance {
	return Attendance{
		LateMinutes:          20,
		EarlyMinutes:         20,
		AwayMinutes:          60,
		ProxyCheckInAbsences: 1,
		LatesPerAbsence:      5,
		ObjectionDays:        2,
		PublishPeriod:        "weekly",
	}
}

// check: a monthly fine needs the monthly count that triggers it.
func (a *Attendance) check(c *checker) {
	if a.MonthlyLateFineYuan > 0 && a.MonthlyLateLimit == 0 {
		c.add("attendance.monthly_late_fine_yuan",
			"设置了每月罚款，但 attendance.monthly_late_limit 为 0（AT-4）",
			"a monthly fine is set but attendance.monthly_late_limit is 0 (AT-4)")
	}
}
