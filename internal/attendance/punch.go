package attendance

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// Kind is what a punch records: arriving or leaving (AT-1, 签到 / 签退).
type Kind string

// Punch kinds.
const (
	In  Kind = "in"  // 签到
	Out Kind = "out" // 签退
)

// Method is how the terminal identified the person (AT-1: "指纹签到、签退",
// 004 §考勤制度 1; or a password, AT-3).
type Method string

// Punch methods. Only password and PIN punches can be made for someone else
// without a forged finger, which is why 004 §考勤制度 3 names them; a proxy
// flag is still accepted on any method, since it records what was found.
const (
	MethodFingerprint Method = "fingerprint" // 指纹
	MethodPassword    Method = "password"    // staff number plus password, at the terminal page
	MethodPIN         Method = "pin"         // staff number plus PIN, at the terminal page
	MethodManual      Method = "manual"      // entered by the office, e.g. after an upheld objection (AT-5)
)

// Punch is one check-in or check-out of a person.
type Punch struct {
	ID       int64
	StaffNo  string // whose number the punch was made with
	Kind     Kind
	At       time.Time
	Method   Method
	Terminal string // terminal or device name; "" when not known
	// ProxyBy is the staff number of the person found to have made this
	// punch for StaffNo (AT-3, 代签); "" while nothing is found.
	ProxyBy string
}

// Validate checks a punch before it is stored: a known kind and method, an
// instant, staff numbers of the terminal's form, and a proxy who is someone
// else (AT-1, AT-3).
func (p Punch) Validate() error {
	var v bianmin.Validation
	if !validStaffNo(p.StaffNo) {
		v.AddErr(errStaffNo("staff_no", p.StaffNo).WithRule("AT-1"))
	}
	if p.Kind != In && p.Kind != Out {
		v.AddErr(bianmin.FieldError("kind", "打卡类型应为签到（in）或签退（out）。",
			"The punch kind must be in or out.").WithRule("AT-1"))
	}
	switch p.Method {
	case MethodFingerprint, MethodPassword, MethodPIN, MethodManual:
	default:
		v.AddErr(bianmin.FieldError("method", "打卡方式应为指纹、密码、PIN 或人工录入。",
			"The punch method must be fingerprint, password, pin or manual.").WithRule("AT-1"))
	}
	if p.At.IsZero() {
		v.AddErr(bianmin.FieldError("at", "缺少打卡时间。", "The punch needs its instant.").WithRule("AT-1"))
	}
	if p.Terminal != "" && !validTerminal(p.Terminal) {
		v.AddErr(errTerminal())
	}
	switch {
	case p.ProxyBy == "":
	case !validStaffNo(p.ProxyBy):
		v.AddErr(errStaffNo("proxy_by", p.ProxyBy).WithRule("AT-3"))
	case p.ProxyBy == p.StaffNo:
		v.AddErr(bianmin.FieldError("proxy_by", "代签人不能是本人。",
			"The person who punched for someone else cannot be that person.").WithRule("AT-3"))
	}
	return v.Err()
}

// maxStaffNo bounds a staff number; terminals store at most a few digits.
const maxStaffNo = 20

func validStaffNo(s string) bool {
	if s == "" || len(s) > maxStaffNo {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// validTerminal: a short printable name without the record's separators.
func validTerminal(s string) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 40 || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r == ',' || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func errStaffNo(field, s string) *bianmin.Error {
	return bianmin.FieldError(field,
		fmt.Sprintf("工号“%s”无效：应为 1 至 %d 位字母、数字、- 或 _。", s, maxStaffNo),
		fmt.Sprintf("Staff number %q is invalid: use 1 to %d letters, digits, - or _.", s, maxStaffNo))
}

func errTerminal() *bianmin.Error {
	return bianmin.FieldError("terminal", "终端名称最多 40 个可见字符，不含逗号和首尾空格。",
		"The terminal name must be at most 40 printable characters, without commas or surrounding spaces.").WithRule("AT-1")
}

// recordLayout is the instant of a record line, Asia/Shanghai wall time.
const recordLayout = "2006-01-02 15:04:05"

// ParseRecord reads one line of a terminal's punch record (AT-1), as the
// fingerprint terminals post them and as the office imports a device's
// export:
//
//	staff_no <TAB> YYYY-MM-DD HH:MM[:SS] <TAB> kind <TAB> method [<TAB> terminal]
//
// Fields are separated by tabs, or by commas when the line has no tab, and
// spaces around fields are ignored. The time is the terminal's wall clock in
// Asia/Shanghai. Kind is in, out, 签到, 签退, or the devices' status codes 0
// (in) and 1 (out); method is fingerprint, password, pin, 指纹 or 密码. Every
// refusal names the field "record" and rule AT-1.
func ParseRecord(line string) (Punch, error) {
	line = strings.TrimRight(line, "\r\n")
	sep := "\t"
	if !strings.Contains(line, sep) {
		sep = ","
	}
	f := strings.Split(line, sep)
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	if len(f) < 4 || len(f) > 5 {
		return Punch{}, errRecord("应有 4 或 5 个字段：工号、时间、签到/签退、方式[、终端]",
			"want 4 or 5 fields: staff number, time, kind, method[, terminal]", line)
	}
	p := Punch{StaffNo: f[0]}
	if !validStaffNo(p.StaffNo) {
		return Punch{}, errRecord("工号无效", "invalid staff number", line)
	}
	at, ok := parseRecordTime(f[1])
	if !ok {
		return Punch{}, errRecord("时间应为 YYYY-MM-DD HH:MM[:SS]", "the time must be YYYY-MM-DD HH:MM[:SS]", line)
	}
	p.At = at
	if p.Kind, ok = recordKinds[strings.ToLower(f[2])]; !ok {
		return Punch{}, errRecord("签到/签退应为 in、out、签到、签退、0 或 1", "the kind must be in, out, 签到, 签退, 0 or 1", line)
	}
	if p.Method, ok = recordMethods[strings.ToLower(f[3])]; !ok {
		return Punch{}, errRecord("方式应为 fingerprint、password、pin、指纹或密码", "the method must be fingerprint, password, pin, 指纹 or 密码", line)
	}
	if len(f) == 5 {
		if p.Terminal = f[4]; !validTerminal(p.Terminal) || p.Terminal == "" {
			return Punch{}, errRecord("终端名称无效", "invalid terminal name", line)
		}
	}
	return p, nil
}

var recordKinds = map[string]Kind{"in": In, "out": Out, "签到": In, "签退": Out, "0": In, "1": Out}

var recordMethods = map[string]Method{
	"fingerprint": MethodFingerprint, "password": MethodPassword, "pin": MethodPIN,
	"指纹": MethodFingerprint, "密码": MethodPassword,
}

func parseRecordTime(s string) (time.Time, bool) {
	layout := recordLayout
	if len(s) == len("2006-01-02 15:04") {
		layout = "2006-01-02 15:04"
	}
	t, err := time.ParseInLocation(layout, s, bianmin.Shanghai)
	if err != nil || t.Year() < calendar.MinYear || t.Year() > calendar.MaxYear {
		return time.Time{}, false
	}
	return t, true
}

func errRecord(zh, en, line string) *bianmin.Error {
	r := []rune(strings.ToValidUTF8(line, "?"))
	if line = string(r); len(r) > 80 {
		line = string(r[:80]) + "…"
	}
	return bianmin.FieldError("record",
		fmt.Sprintf("打卡记录“%s”无效：%s。", line, zh),
		fmt.Sprintf("Punch record %q is invalid: %s.", line, en)).WithRule("AT-1")
}

// FormatRecord writes a punch as a record line that ParseRecord reads back.
func FormatRecord(p Punch) string {
	s := p.StaffNo + "\t" + p.At.In(bianmin.Shanghai).Format(recordLayout) + "\t" + string(p.Kind) + "\t" + string(p.Method)
	if p.Terminal != "" {
		s += "\t" + p.Terminal
	}
	return s
}
