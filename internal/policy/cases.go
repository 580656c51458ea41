package policy

// Cases are the time limits of cases (DOMAIN.md §5, STANDARDS.md R1). The
// centre's own limits come from the seeds; the statutory ones of 行政许可法
// are ceilings a centre may only shorten (R1.13), in working days (R1.1).
type Cases struct {
	ImmediateMinutes            int    `yaml:"immediate_minutes" rule:"R1.20" src:"000 篇六 限时办结 (三)" min:"5" max:"240" zh:"即办件现场办结时限（分钟）" en:"limit of an immediate case, done on the spot (minutes)"`
	DayUnit                     string `yaml:"day_unit" rule:"C-0" src:"STANDARDS.md R1.1; 行政许可法 第八十二条" enum:"working|calendar" zh:"本中心自定时限（书面答复、调查办结、上报件）的天数单位：working 工作日，calendar 自然日" en:"unit of the centre's own day limits (written reply, investigation, reported cases): working or calendar days"`
	WrittenReplyDays            int    `yaml:"written_reply_days" rule:"C-2" src:"002 §(三)3" min:"1" max:"20" zh:"不能当场答复的，自受理之日起书面答复时限" en:"written reply after acceptance when no answer can be given on the spot"`
	InvestigationDays           int    `yaml:"investigation_days" rule:"C-2" src:"002 §(三)4" min:"1" max:"20" zh:"需调查取证的较复杂事项办结时限" en:"limit of a complex case that needs investigation"`
	ExtensionCapWorkingDays     int    `yaml:"extension_cap_working_days" rule:"C-2" src:"002 §(三)4" min:"1" max:"60" zh:"复杂事项延期上限（工作日，须告知申请人理由）" en:"cap of an extension for complex cases (working days; the reason is told to the applicant)"`
	ReportedCapDays             int    `yaml:"reported_cap_days" rule:"C-2" src:"002 §(三)4" min:"1" max:"180" zh:"需报上级审批的上报件办结上限" en:"cap of a case reported to the upper level for approval"`
	SupplementNoticeWorkingDays int    `yaml:"supplement_notice_working_days" rule:"R1.2" src:"行政许可法 第三十二条; STANDARDS.md R1.2, R1.3" min:"0" max:"5" zh:"一次性补正告知时限（工作日；逾期视为自收到材料之日起受理）" en:"one-time supplement notice within (working days; if late, the case counts as accepted on receipt)"`
	DecisionWorkingDays         int    `yaml:"decision_working_days" rule:"R1.7" src:"行政许可法 第四十二条" min:"1" max:"20" zh:"行政许可决定法定时限（工作日）" en:"statutory decision limit of a licence (working days)"`
	ExtensionWorkingDays        int    `yaml:"extension_working_days" rule:"R1.8" src:"行政许可法 第四十二条" min:"0" max:"10" zh:"经负责人批准可延长一次的工作日数" en:"one extension approved by the head of the organ (working days)"`
	JointWorkingDays            int    `yaml:"joint_working_days" rule:"R1.9" src:"行政许可法 第四十二条第二款" min:"1" max:"45" zh:"统一、联合、集中办理时限（工作日）" en:"limit of unified, joint or centralised handling (working days)"`
	JointExtensionWorkingDays   int    `yaml:"joint_extension_working_days" rule:"R1.9" src:"行政许可法 第四十二条第二款" min:"0" max:"15" zh:"联合办理经本级政府负责人批准可延长的工作日数" en:"extension of joint handling approved by the government head (working days)"`
	LowerReviewWorkingDays      int    `yaml:"lower_review_working_days" rule:"R1.10" src:"行政许可法 第四十三条" min:"1" max:"20" zh:"下级机关初步审查时限（工作日）" en:"preliminary review by the lower organ (working days)"`
	CertificateWorkingDays      int    `yaml:"certificate_working_days" rule:"R1.11" src:"行政许可法 第四十四条" min:"1" max:"10" zh:"作出准予决定后颁发、送达证件时限（工作日）" en:"issue and deliver the certificate after approval (working days)"`
	SilentConsent               bool   `yaml:"silent_consent" rule:"C-4" src:"004 §超时默许制" zh:"承诺件超过承诺时限未决定即视为同意（超时默许；替代：false 关闭）" en:"a promised case past its limit without a decision is deemed approved (alternative: false, off)"`
}

func defaultCases() Cases {
	return Cases{
		ImmediateMinutes:            30,
		DayUnit:                     "working",
		WrittenReplyDays:            10,
		InvestigationDays:           10,
		ExtensionCapWorkingDays:     30,
		ReportedCapDays:             60,
		SupplementNoticeWorkingDays: 5,
		DecisionWorkingDays:         20,
		ExtensionWorkingDays:        10,
		JointWorkingDays:            45,
		JointExtensionWorkingDays:   15,
		LowerReviewWorkingDays:      20,
		CertificateWorkingDays:      10,
		SilentConsent:               true,
	}
}

// check: a promised limit may not exceed the statutory one (R1.13). A
// calendar-day limit is never longer than the same number of working days,
// so comparing the numbers is safe in either unit.
func (cs *Cases) check(c *checker) {
	for _, l := range []struct {
		path string
		days int
	}{
		{"cases.written_reply_days", cs.WrittenReplyDays},
		{"cases.investigation_days", cs.InvestigationDays},
	} {
		if l.days > cs.DecisionWorkingDays {
			c.add(l.path,
				"承诺时限 "+itoa(l.days)+" 天超过法定决定时限 cases.decision_working_days（"+itoa(cs.DecisionWorkingDays)+" 个工作日，R1.13）",
				"the promised limit of "+itoa(l.days)+" days exceeds the statutory decision limit cases.decision_working_days ("+itoa(cs.DecisionWorkingDays)+" working days, R1.13)")
		}
	}
}
