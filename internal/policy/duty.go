package policy

// Duty holds the duty leader, hall duty chief and sitting-in rules
// (DOMAIN.md DU-1 to DU-5).
type Duty struct {
	LeaderAssignment         string `yaml:"leader_assignment" rule:"DU-1" src:"002 §三(三)5" enum:"date_digit|weekly_rotation" zh:"值班领导安排方式：date_digit 按日期尾数（002），weekly_rotation 按周轮换" en:"how the duty leader is assigned: date_digit by the last digit of the date (002), weekly_rotation by week"`
	ChiefTermWeeks           int    `yaml:"chief_term_weeks" rule:"DU-3" src:"000 篇二十二 值班长制度 第三条" min:"1" max:"8" zh:"大厅值班长轮值周期（周）" en:"term of the hall duty chief (weeks)"`
	ChiefEarlyMinutes        int    `yaml:"chief_early_minutes" rule:"DU-3" src:"000 篇二十二 值班长制度 第四条 8" min:"0" max:"60" zh:"值班长提前到岗分钟数（另一处为 15）" en:"minutes the duty chief arrives early (elsewhere 15)"`
	ChiefInspectionsPerDay   int    `yaml:"chief_inspections_per_day" rule:"DU-3" src:"000 篇二十二 五" min:"1" max:"10" zh:"值班长每天不定时查岗次数" en:"random inspections of the hall per day by the duty chief"`
	SittingInDaysPerWeek     int    `yaml:"sitting_in_days_per_week" rule:"DU-4" src:"000 篇二十二 坐班制度 一" min:"1" max:"5" zh:"窗口单位领导每周到窗口坐班的最少天数" en:"days per week a department leader sits at the window, at least"`
	SittingInNoticeDays      int    `yaml:"sitting_in_notice_days" rule:"DU-4" src:"000 篇二十二 坐班制度 五" min:"1" max:"30" zh:"坐班安排须提前报备的天数" en:"days ahead the sitting-in schedule is filed"`
	DirectorReceptionWeekday int    `yaml:"director_reception_weekday" rule:"DU-5" src:"000 篇二十二" min:"0" max:"7" zh:"主任接待日（1 = 周一 … 7 = 周日，0 = 无固定接待日）" en:"director's reception day (1 = Monday … 7 = Sunday, 0 = none)"`
}

func defaultDuty() Duty {
	return Duty{
		LeaderAssignment:         "date_digit",
		ChiefTermWeeks:           2,
		ChiefEarlyMinutes:        10,
		ChiefInspectionsPerDay:   2,
		SittingInDaysPerWeek:     1,
		SittingInNoticeDays:      7,
		DirectorReceptionWeekday: 3,
	}
}

// Routines are the hygiene roster and the meetings (DOMAIN.md HY-1, TR-1).
type Routines struct {
	HygienePeoplePerDay    int `yaml:"hygiene_people_per_day" rule:"HY-1" src:"002 §(六)5" min:"1" max:"10" zh:"每天卫生值日人数" en:"people on hygiene duty per day"`
	StaffMeetingEveryWeeks int `yaml:"staff_meeting_every_weeks" rule:"TR-1" src:"002 §(七)1" min:"1" max:"8" zh:"窗口工作人员例会间隔（周）" en:"weeks between staff meetings"`
	StudySessionsPerMonth  int `yaml:"study_sessions_per_month" rule:"TR-1" src:"002 §(七)3" min:"0" max:"8" zh:"每月集中学习次数" en:"study sessions per month"`
}

func defaultRoutines() Routines {
	return Routines{HygienePeoplePerDay: 2, StaffMeetingEveryWeeks: 2, StudySessionsPerMonth: 1}
}
