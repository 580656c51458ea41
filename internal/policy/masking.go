package policy

// Masking sets how personal information is shown (SECURITY.md item 25,
// STANDARDS.md R8.3): how many characters stay visible at each end. Keeping
// 0 and 0 hides the value entirely.
type Masking struct {
	PublicName          Mask `yaml:"public_name" rule:"SECURITY-25" src:"SECURITY.md 25; STANDARDS.md R8.3; SEC-2" zh:"公开屏和进度查询中的姓名（张* / 张*明；两字名只留姓）" en:"names on public screens and progress queries (张* / 张*明; two-character names keep the surname only)"`
	PublicPhone         Mask `yaml:"public_phone" rule:"SECURITY-25" src:"SECURITY.md 25; SEC-2" zh:"公开页面中的手机号（138****5678）" en:"phone numbers on public pages (138****5678)"`
	PublicID            Mask `yaml:"public_id" rule:"SECURITY-25" src:"SECURITY.md 25; STANDARDS.md R8.3; SEC-2" zh:"公开页面中的身份证号（默认不显示）" en:"ID numbers on public pages (not shown by default)"`
	StaffID             Mask `yaml:"staff_id" rule:"SECURITY-25" src:"SECURITY.md 25; SEC-2" zh:"工作人员界面中的身份证号（110***********123X）" en:"ID numbers in staff views (110***********123X)"`
	StaffPhone          Mask `yaml:"staff_phone" rule:"SECURITY-25" src:"SECURITY.md 25; SEC-2" zh:"工作人员界面中的手机号" en:"phone numbers in staff views"`
	RevealRemaskSeconds int  `yaml:"reveal_remask_seconds" rule:"SECURITY-25" src:"SECURITY.md 25; SEC-2" min:"5" max:"300" zh:"经授权查看完整信息后自动重新脱敏的秒数" en:"seconds after an authorised reveal before the value is masked again"`
	ExportsMasked       bool `yaml:"exports_masked" rule:"SECURITY-25" src:"SECURITY.md 25; SEC-2" zh:"打印和导出默认脱敏" en:"prints and exports are masked by default"`
}

// Mask keeps KeepFirst characters at the start and KeepLast at the end.
type Mask struct {
	KeepFirst int `yaml:"keep_first" min:"0" max:"18" zh:"保留开头字符数" en:"characters kept at the start"`
	KeepLast  int `yaml:"keep_last" min:"0" max:"18" zh:"保留末尾字符数" en:"characters kept at the end"`
}

func defaultMasking() Masking {
	return Masking{
		PublicName:          Mask{1, 1},
		PublicPhone:         Mask{3, 4},
		PublicID:            Mask{0, 0},
		StaffID:             Mask{3, 4},
		StaffPhone:          Mask{3, 4},
		RevealRemaskSeconds: 30,
		ExportsMasked:       true,
	}
}

// check: enough stays hidden to make the value useless: an ID's birth date
// (digits 7-14) and at least 4 digits of a phone number.
func (m *Masking) check(c *checker) {
	for _, f := range []struct {
		path string
		mask Mask
	}{{"masking.public_id", m.PublicID}, {"masking.staff_id", m.StaffID}} {
		if f.mask.KeepFirst > 6 || f.mask.KeepLast > 4 {
			c.add(f.path, "身份证号须隐藏出生日期：开头最多保留 6 位、末尾最多 4 位",
				"an ID number must hide the birth date: keep at most 6 at the start and 4 at the end")
		}
	}
	for _, f := range []struct {
		path string
		mask Mask
	}{{"masking.public_phone", m.PublicPhone}, {"masking.staff_phone", m.StaffPhone}} {
		if f.mask.KeepFirst+f.mask.KeepLast > 7 {
			c.add(f.path, "手机号至少隐藏 4 位（keep_first + keep_last ≤ 7）", "a phone number must hide at least 4 digits (keep_first + keep_last ≤ 7)")
		}
	}
	if m.PublicName.KeepFirst > 1 || m.PublicName.KeepLast > 1 {
		c.add("masking.public_name", "公开姓名开头、末尾各最多保留 1 个字", "a public name keeps at most 1 character at each end")
	}
}
