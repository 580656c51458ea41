package policy

// CalendarChecks are the sanity warnings on the working-day calendar
// (STANDARDS.md R2.1, R2.5).
type CalendarChecks struct {
	MaxConsecutiveWorkingDays int `yaml:"max_consecutive_working_days" rule:"R2.5" src:"全国年节及纪念日放假办法 第七条; STANDARDS.md R2.2, R2.5" min:"1" max:"14" zh:"导入假期安排时连续工作日超过此数即警告" en:"warn when an imported holiday schedule has more consecutive working days than this"`
	NextYearWarningMonth      int `yaml:"next_year_warning_month" rule:"R2.1" src:"STANDARDS.md R2.1" min:"1" max:"12" zh:"从本年几月起提示下一年假期安排尚未导入" en:"month from which a missing next-year holiday schedule is flagged"`
}

func defaultCalendarChecks() CalendarChecks {
	return CalendarChecks{MaxConsecutiveWorkingDays: 6, NextYearWarningMonth: 11}
}
