package policy

// Security profiles (SECURITY.md item 2): 等保 2.0 level 3 is legally
// required and the default; "asvs" drops composition rules and forced
// rotation where 等保 does not apply (a documented ASVS deviation).
const (
	ProfileDengbaoL3 = "dengbao-l3"
	ProfileASVS      = "asvs"
)

// Security holds the figures of SECURITY.md that a centre may set. The auth
// code reads these fields by name.
type Security struct {
	Profile                           string `yaml:"profile" rule:"SECURITY-2" src:"SECURITY.md 2; L3-CES1-01" enum:"dengbao-l3|asvs" zh:"安全配置：dengbao-l3 等保三级（默认），asvs 不强制复杂度和定期更换" en:"profile: dengbao-l3 (default) or asvs (no composition rules, no forced rotation)"`
	PasswordMinLength                 int    `yaml:"password_min_length" rule:"SECURITY-2" src:"SECURITY.md 2; L3-CES1-01" min:"8" max:"128" zh:"口令最短长度（不少于 8）" en:"minimum password length (at least 8)"`
	PasswordMinClasses                int    `yaml:"password_min_classes" rule:"SECURITY-2" src:"SECURITY.md 2; L3-CES1-01" min:"1" max:"4" zh:"口令至少包含的字符类别数（大写、小写、数字、符号；等保 ≥ 3）" en:"character classes required (upper, lower, digit, symbol; 3 or more under dengbao-l3)"`
	PasswordMaxAgeDays                int    `yaml:"password_max_age_days" rule:"SECURITY-2" src:"SECURITY.md 2; L3-CES1-01" min:"0" max:"365" zh:"口令最长使用天数（0 = 不强制更换，仅 asvs；等保 ≤ 90）" en:"days before a forced password change (0 = none, asvs only; at most 90 under dengbao-l3)"`
	PasswordHistory                   int    `yaml:"password_history" rule:"SECURITY-2" src:"SECURITY.md 2; L3-CES1-01" min:"0" max:"24" zh:"不得重复使用的最近口令个数" en:"recent passwords that may not be reused"`
	LockoutFailures                   int    `yaml:"lockout_failures" rule:"SECURITY-3" src:"SECURITY.md 3; L3-CES1-02" min:"3" max:"10" zh:"连续登录失败多少次锁定账户" en:"consecutive failed logins that lock the account"`
	LockoutMinutes                    int    `yaml:"lockout_minutes" rule:"SECURITY-3" src:"SECURITY.md 3; L3-CES1-02" min:"5" max:"1440" zh:"锁定时长（分钟；安全管理员可提前解锁）" en:"lock duration (minutes; a security administrator may unlock earlier)"`
	FailuresPerAccountHour            int    `yaml:"failures_per_account_hour" rule:"SECURITY-3" src:"SECURITY.md 3; ASVS 4.0.3 2.2.1; L3-CES1-02" min:"1" max:"100" zh:"每个账户每小时失败登录上限（无论来源）" en:"failed logins per account per hour at most, however spread"`
	LoginFailuresPerIPMinute          int    `yaml:"login_failures_per_ip_minute" rule:"SECURITY-3" src:"SECURITY.md 3, 33; L3-CES1-02" min:"1" max:"1000" zh:"每个 IP 每分钟失败登录上限（超出返回 429）" en:"failed logins per IP address per minute at most (then HTTP 429)"`
	IdleTimeoutMinutes                int    `yaml:"idle_timeout_minutes" rule:"SECURITY-4" src:"SECURITY.md 4; L3-CES1-02" min:"10" max:"30" zh:"工作人员会话空闲超时（分钟）" en:"staff session idle timeout (minutes)"`
	AbsoluteTimeoutHours              int    `yaml:"absolute_timeout_hours" rule:"SECURITY-4" src:"SECURITY.md 4; ASVS 4.0.3 3.3.2; L3-CES1-02" min:"1" max:"12" zh:"会话最长有效时间（小时）" en:"absolute session lifetime (hours)"`
	StaffTwoFactor                    bool   `yaml:"staff_two_factor" rule:"SECURITY-6" src:"SECURITY.md 6; L3-CES1-04" zh:"普通工作人员也须双因素认证（管理员始终须双因素）" en:"ordinary staff also need two-factor authentication (administrators always do)"`
	InactiveDisableDays               int    `yaml:"inactive_disable_days" rule:"SECURITY-7" src:"SECURITY.md 7; L3-CES1-05" min:"7" max:"365" zh:"多少天未登录自动停用账户" en:"days without login after which an account is disabled"`
	AuditRetentionDays                int    `yaml:"audit_retention_days" rule:"SECURITY-12" src:"SECURITY.md 12; 网络安全法 第二十一条; L3-CES1-14" min:"180" max:"3650" zh:"审计记录保存天数（法定不少于六个月，低于 180 拒绝）" en:"days audit records are kept (the law requires six months; below 180 is refused)"`
	PIAccessAuditRetentionDays        int    `yaml:"pi_access_audit_retention_days" rule:"SECURITY-27" src:"SECURITY.md 27; PIPL 56" min:"1095" max:"3650" zh:"个人信息访问审计记录保存天数（不少于 3 年）" en:"days records of access to personal information are kept (3 years or more)"`
	PIRetentionDays                   int    `yaml:"pi_retention_days" rule:"SECURITY-27" src:"SECURITY.md 27; PIPL 19" min:"1" max:"3650" zh:"取号、预约中的手机号等个人信息保存天数，期满删除或匿名化" en:"days phone numbers on tickets and bookings are kept before deletion or anonymisation"`
	ProgressQueryPerIPMinute          int    `yaml:"progress_query_per_ip_minute" rule:"SECURITY-32" src:"SECURITY.md 32, 33; ASVS 2.4.1" min:"1" max:"600" zh:"办件进度查询每个 IP 每分钟上限" en:"progress queries per IP address per minute at most"`
	ProgressCodeFailuresPerReceiptDay int    `yaml:"progress_code_failures_per_receipt_day" rule:"SECURITY-32" src:"SECURITY.md 32; ASVS 6.6.3" min:"1" max:"20" zh:"每个受理回执每天查询码错误上限（超出锁定至次日）" en:"wrong query codes per receipt per day before it locks until the next day"`
	ComplaintsPerIPHour               int    `yaml:"complaints_per_ip_hour" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"1000" zh:"每个 IP 每小时投诉提交上限" en:"complaints per IP address per hour at most"`
	ComplaintsPerPhoneDay             int    `yaml:"complaints_per_phone_day" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"1000" zh:"每个手机号每天投诉提交上限" en:"complaints per phone number per day at most"`
	ExportApprovalAbove               int    `yaml:"export_approval_above_records" rule:"SECURITY-26" src:"SECURITY.md 26; PIPL 51" min:"1" max:"100000" zh:"导出超过多少条含个人信息的记录须领导审批" en:"exports of more records with personal information than this need a leader's approval"`
}

func defaultSecurity() Security {
	return Security{
		Profile:                           ProfileDengbaoL3,
		PasswordMinLength:                 12,
		PasswordMinClasses:                3,
		PasswordMaxAgeDays:                90,
		PasswordHistory:                   5,
		LockoutFailures:                   5,
		LockoutMinutes:                    30,
		FailuresPerAccountHour:            100,
		LoginFailuresPerIPMinute:          20,
		IdleTimeoutMinutes:                15,
		AbsoluteTimeoutHours:              12,
		InactiveDisableDays:               90,
		AuditRetentionDays:                365,
		PIAccessAuditRetentionDays:        1095,
		PIRetentionDays:                   90,
		ProgressQueryPerIPMinute:          30,
		ProgressCodeFailuresPerReceiptDay: 5,
		ComplaintsPerIPHour:               5,
		ComplaintsPerPhoneDay:             20,
		ExportApprovalAbove:               100,
	}
}

// check: the 等保 profile needs composition and periodic change
// (L3-CES1-01); a lock must come before the hourly cap.
func (s *Security) check(c *checker) {
	if s.Profile == ProfileDengbaoL3 {
		if s.PasswordMinClasses < 3 {
			c.add("security.password_min_classes", "等保三级（dengbao-l3）要求至少 3 类字符（L3-CES1-01）",
				"the dengbao-l3 profile needs at least 3 character classes (L3-CES1-01)")
		}
		if s.PasswordMaxAgeDays == 0 || s.PasswordMaxAgeDays > 90 {
			c.add("security.password_max_age_days", "等保三级（dengbao-l3）要求定期更换口令，须在 1 到 90 天之间（L3-CES1-01）",
				"the dengbao-l3 profile needs periodic change: between 1 and 90 days (L3-CES1-01)")
		}
	}
	if s.LockoutFailures > s.FailuresPerAccountHour {
		c.add("security.lockout_failures", "不能大于每小时失败上限 security.failures_per_account_hour",
			"cannot exceed the hourly cap security.failures_per_account_hour")
	}
	if s.AuditRetentionDays > s.PIAccessAuditRetentionDays {
		c.add("security.pi_access_audit_retention_days", "个人信息访问审计的保存期不能短于一般审计记录 security.audit_retention_days",
			"cannot be shorter than the retention of other audit records, security.audit_retention_days")
	}
}
