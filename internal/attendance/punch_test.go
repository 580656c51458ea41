package attendance_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/attendance"
)

// TestParseRecord_AT1: the record lines terminals post, with their
// variants, and every refusal naming field "record" and rule AT-1.
func TestParseRecord_AT1(t *testing.T) {
	for _, v := range []struct {
		line, staff, when string
		kind              attendance.Kind
		method            attendance.Method
		terminal          string
	}{
		{"1001\t2026-02-09 07:58:12\tin\tfingerprint", "1001", "2026-02-09 07:58:12", attendance.In, attendance.MethodFingerprint, ""},
		{"1001\t2026-02-09 12:01\tout\tpassword\t大厅1号机", "1001", "2026-02-09 12:01", attendance.Out, attendance.MethodPassword, "大厅1号机"},
		{"A-7,2026-02-14 08:00:00,签到,指纹", "A-7", "2026-02-14 08:00", attendance.In, attendance.MethodFingerprint, ""},
		{"A_7, 2026-02-14 17:00 , 签退 , 密码 , T2\r\n", "A_7", "2026-02-14 17:00", attendance.Out, attendance.MethodPassword, "T2"},
		{"42\t2026-09-20 15:00:00\t0\tpin", "42", "2026-09-20 15:00", attendance.In, attendance.MethodPIN, ""},
		{"42\t2026-09-20 18:00:00\t1\tPIN", "42", "2026-09-20 18:00", attendance.Out, attendance.MethodPIN, ""},
		{"42\t2026-09-20 18:00:00\tOUT\tFingerPrint\tgate east", "42", "2026-09-20 18:00", attendance.Out, attendance.MethodFingerprint, "gate east"},
	} {
		p, err := attendance.ParseRecord(v.line)
		if err != nil {
			t.Errorf("ParseRecord(%q): %v", v.line, err)
			continue
		}
		if p.StaffNo != v.staff || !p.At.Equal(at(t, v.when)) || p.Kind != v.kind || p.Method != v.method || p.Terminal != v.terminal || p.ProxyBy != "" {
			t.Errorf("ParseRecord(%q) = %+v", v.line, p)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("parsed punch %+v does not validate: %v", p, err)
		}
		back, err := attendance.ParseRecord(attendance.FormatRecord(p))
		if err != nil || !back.At.Equal(p.At) || back.StaffNo != p.StaffNo || back.Kind != p.Kind || back.Method != p.Method || back.Terminal != p.Terminal {
			t.Errorf("round trip of %+v through %q: %+v, %v", p, attendance.FormatRecord(p), back, err)
		}
	}
	for _, line := range []string{
		"",
		"1001",
		"1001\t2026-02-09 07:58\tin", // 3 fields
		"1001\t2026-02-09 07:58\tin\tpin\tT1\textra",                  // 6 fields
		"\t2026-02-09 07:58\tin\tpin",                                 // no staff number
		"10 01\t2026-02-09 07:58\tin\tpin",                            // space in it
		"123456789012345678901\t2026-02-09 07:58\tin\tpin",            // 21 characters
		"工号1\t2026-02-09 07:58\tin\tpin",                              // not ASCII
		"1001\t2026-02-30 07:58\tin\tpin",                             // no such date
		"1001\t2026-02-09 24:00\tin\tpin",                             // no such time
		"1001\t2026-02-09T07:58:00\tin\tpin",                          // ISO layout
		"1001\t2026-02-09 07:58:00+08:00\tin\tpin",                    // zone
		"1001\t0224-02-09 07:58\tin\tpin",                             // typing error in the year
		"1001\t2026-02-09 07:58\tenter\tpin",                          // unknown kind
		"1001\t2026-02-09 07:58\t2\tpin",                              // break-out code is not a check-out
		"1001\t2026-02-09 07:58\tin\tmanual",                          // manual entries do not come from a terminal
		"1001\t2026-02-09 07:58\tin\tface",                            // unknown method
		"1001\t2026-02-09 07:58\tin\tpin\t",                           // empty terminal
		"1001\t2026-02-09 07:58\tin\tpin\t" + strings.Repeat("x", 41), // terminal too long
		"1001\t2026-02-09 07:58\tin\tpin\tT\x01",                      // control character
		"1001\t2026-02-09 07:58\tin\tpin\tgate, east",                 // comma in the terminal name
	} {
		_, err := attendance.ParseRecord(line)
		if err == nil {
			t.Errorf("ParseRecord(%q) accepted", line)
			continue
		}
		if rule, field := ruleOf(t, err); rule != "AT-1" || field != "record" {
			t.Errorf("ParseRecord(%q): rule %q field %q, want AT-1 and record", line, rule, field)
		}
	}
}

// TestParseRecord_LongLineIsShortened: the refusal quotes at most 80
// characters of a long or broken line.
func TestParseRecord_LongLineIsShortened(t *testing.T) {
	_, err := attendance.ParseRecord(strings.Repeat("签", 200) + "\xff")
	if err == nil {
		t.Fatal("accepted")
	}
	if msg := err.Error(); strings.Count(msg, "签") != 80 || !strings.Contains(msg, "…") {
		t.Errorf("message %q does not quote the first 80 characters", msg)
	}
}

// TestPunch_Validate: what the service checks before storing a punch,
// naming the field and the rule (AT-1, AT-3).
func TestPunch_Validate(t *testing.T) {
	good := attendance.Punch{StaffNo: "1001", Kind: attendance.In, At: at(t, "2026-02-09 07:58"), Method: attendance.MethodPIN, Terminal: "T1"}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid punch refused: %v", err)
	}
	for _, v := range []struct {
		name  string
		edit  func(*attendance.Punch)
		field string
		rule  string
	}{
		{"no staff number", func(p *attendance.Punch) { p.StaffNo = "" }, "staff_no", "AT-1"},
		{"bad staff number", func(p *attendance.Punch) { p.StaffNo = "1/1" }, "staff_no", "AT-1"},
		{"bad kind", func(p *attendance.Punch) { p.Kind = "break" }, "kind", "AT-1"},
		{"bad method", func(p *attendance.Punch) { p.Method = "face" }, "method", "AT-1"},
		{"no instant", func(p *attendance.Punch) { p.At = time.Time{} }, "at", "AT-1"},
		{"bad terminal", func(p *attendance.Punch) { p.Terminal = " T1" }, "terminal", "AT-1"},
		{"bad proxy number", func(p *attendance.Punch) { p.ProxyBy = "x y" }, "proxy_by", "AT-3"},
		{"proxy is the person", func(p *attendance.Punch) { p.ProxyBy = "1001" }, "proxy_by", "AT-3"},
	} {
		p := good
		v.edit(&p)
		err := p.Validate()
		if err == nil {
			t.Errorf("%s: accepted", v.name)
			continue
		}
		if rule, field := ruleOf(t, err); rule != v.rule || field != v.field {
			t.Errorf("%s: rule %q field %q, want %s and %s", v.name, rule, field, v.rule, v.field)
		}
	}
	manual := good
	manual.Method, manual.Terminal, manual.ProxyBy = attendance.MethodManual, "", "1002"
	if err := manual.Validate(); err != nil {
		t.Errorf("manual punch with a proxy flag refused: %v", err)
	}
}
