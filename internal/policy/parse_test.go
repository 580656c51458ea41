package policy_test

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

// detail returns the problem reported for path, failing when there is none.
func detail(t *testing.T, err error, path string) *bianmin.Error {
	t.Helper()
	var e *bianmin.Error
	if !errors.As(err, &e) || e.Code != bianmin.EINVALID {
		t.Fatalf("error %v is not an EINVALID bianmin.Error", err)
	}
	for _, d := range e.Details {
		if d.Field == path {
			return d
		}
	}
	var all []string
	for _, d := range e.Details {
		all = append(all, d.EN)
	}
	t.Fatalf("no problem at %s; got:\n%s", path, strings.Join(all, "\n"))
	return nil
}

func TestParseRejectsWithLineAndPath(t *testing.T) {
	cases := []struct {
		name, doc, path string
		line            int
		zh, en          string // substrings of the message after the line and path
	}{
		{"unknown key", "security:\n  idle_timeout_minutes: 15\n  bogus: 1\n",
			"security.bogus", 3, "未知的键", "unknown key"},
		{"misspelt key", "queue:\n  green_channel_min_ag: 65\n",
			"queue.green_channel_min_ag", 2, "green_channel_min_age", "did you mean green_channel_min_age?"},
		{"unknown section", "# c\nsecurty:\n  profile: asvs\n",
			"securty", 2, "未知的键", "unknown key"},
		{"wrong type", "cases:\n  decision_working_days: twenty\n",
			"cases.decision_working_days", 2, "应为整数", "must be an integer, got \"twenty\""},
		{"float for int", "cases:\n  decision_working_days: 12.5\n",
			"cases.decision_working_days", 2, "应为整数", "must be an integer"},
		{"string for bool", "cases:\n  silent_consent: \"yes\"\n",
			"cases.silent_consent", 2, "true 或 false", "must be true or false"},
		{"number for text", "security:\n  profile: 3\n",
			"security.profile", 2, "应为文字", "must be text"},
		{"section not a mapping", "queue: [1, 2]\n",
			"queue", 1, "应为映射", "must be a mapping"},
		{"list not a list", "ratings:\n  bad_codes: 4\n",
			"ratings.bad_codes", 2, "应为列表", "must be a list"},
		{"idle out of range", "\n\nsecurity:\n  idle_timeout_minutes: 45\n",
			"security.idle_timeout_minutes", 4, "必须在 10 到 30 之间", "must be between 10 and 30"},
		{"audit retention below 180", "security:\n  audit_retention_days: 90\n",
			"security.audit_retention_days", 2, "必须在 180 到 3650 之间", "must be between 180 and 3650"},
		{"enum", "duty:\n  leader_assignment: by_lot\n",
			"duty.leader_assignment", 2, "必须是以下之一：date_digit、weekly_rotation", "must be one of: date_digit, weekly_rotation"},
		{"bad time", "service_hours:\n  sessions:\n    - start: \"25:00\"\n      end: \"26:00\"\n",
			"service_hours.sessions[0].start", 3, "不是有效的时间 \"25:00\"", "is not a valid time \"25:00\""},
		{"end before start", "service_hours:\n  sessions:\n    - {start: \"12:00\", end: \"08:00\"}\n",
			"service_hours.sessions[0].end", 3, "结束时间必须晚于开始时间", "must be later than the start"},
		{"overlapping sessions", "service_hours:\n  sessions:\n    - {start: \"08:00\", end: \"12:00\"}\n    - {start: \"11:30\", end: \"17:00\"}\n",
			"service_hours.sessions[1].start", 4, "重叠", "overlaps the previous session"},
		{"no sessions", "service_hours:\n  sessions: []\n",
			"service_hours.sessions", 2, "至少需要一个服务时段", "needs at least one session"},
		{"overlapping seasons", "service_hours:\n  seasons:\n" +
			"    - {name: 夏, from: \"05-01\", to: \"09-30\", sessions: [{start: \"08:00\", end: \"12:00\"}]}\n" +
			"    - {name: 冬, from: \"09-15\", to: \"02-28\", sessions: [{start: \"09:00\", end: \"12:00\"}]}\n",
			"service_hours.seasons[1].from", 4, "日期重叠", "overlaps the dates of season 1"},
		{"bad season date", "service_hours:\n  seasons:\n    - {name: 夏, from: \"02-30\", to: \"09-30\", sessions: [{start: \"08:00\", end: \"12:00\"}]}\n",
			"service_hours.seasons[0].from", 3, "不是有效的日期", "is not a valid date"},
		{"promised above statutory", "cases:\n  decision_working_days: 15\n  written_reply_days: 18\n",
			"cases.written_reply_days", 3, "超过法定决定时限", "exceeds the statutory decision limit"},
		{"statutory ceiling", "cases:\n  decision_working_days: 25\n",
			"cases.decision_working_days", 2, "必须在 1 到 20 之间", "must be between 1 and 20"},
		{"dengbao needs rotation", "security:\n  password_max_age_days: 0\n",
			"security.password_max_age_days", 2, "定期更换", "periodic change"},
		{"dengbao needs classes", "security:\n  password_min_classes: 2\n",
			"security.password_min_classes", 2, "至少 3 类字符", "at least 3 character classes"},
		{"password too short", "security:\n  password_min_length: 6\n",
			"security.password_min_length", 2, "必须在 8 到 128 之间", "must be between 8 and 128"},
		{"issue stop longer than a session", "queue:\n  issue_stop_minutes_before_close: 120\nservice_hours:\n  sessions: [{start: \"08:00\", end: \"09:30\"}]\n",
			"queue.issue_stop_minutes_before_close", 2, "最短的服务时段（90 分钟）", "shortest session (90 minutes)"},
		{"bad code 1", "ratings:\n  bad_codes: [1, 5]\n",
			"ratings.bad_codes[0]", 2, "不能算差评", "cannot count as bad"},
		{"ladder not increasing", "leave:\n  approval_ladder:\n    - {up_to: 1d, approvers: [office]}\n    - {up_to: 2h, approvers: [office]}\n    - {up_to: \"\", approvers: [director]}\n",
			"leave.approval_ladder[1].up_to", 4, "逐级增加", "must increase"},
		{"ladder without open end", "leave:\n  approval_ladder:\n    - {up_to: 1d, approvers: [office]}\n",
			"leave.approval_ladder[0].up_to", 3, "最后一级必须不限时长", "the last step must have no limit"},
		{"bad length", "leave:\n  substitute_from: half\n",
			"leave.substitute_from", 2, "不是有效的时长", "is not a valid length"},
		{"unknown approver", "leave:\n  short_absence_approver: janitor\n",
			"leave.short_absence_approver", 2, "必须是以下之一", "must be one of"},
		{"unknown sanction", "accountability:\n  notification_ladder:\n    - sanctions: [flogging]\n",
			"accountability.notification_ladder[0].sanctions[0]", 3, "必须是以下之一", "must be one of"},
		{"severity order", "accountability:\n  sanction_ladder:\n    - {severity: serious, sanctions: [removal_from_window]}\n    - {severity: light, sanctions: [criticism]}\n",
			"accountability.sanction_ladder[1].severity", 4, "顺序", "must run light, heavier, serious"},
		{"monthly fine without count", "attendance:\n  monthly_late_fine_yuan: 500\n",
			"attendance.monthly_late_fine_yuan", 2, "monthly_late_limit 为 0", "monthly_late_limit is 0"},
		{"id mask shows birth date", "masking:\n  staff_id: {keep_first: 10, keep_last: 4}\n",
			"masking.staff_id", 2, "出生日期", "birth date"},
		{"duplicate key", "queue:\n  green_channel_min_age: 65\n  green_channel_min_age: 70\n",
			"queue.green_channel_min_age", 3, "键重复", "duplicate key"},
		{"alias", "queue:\n  green_channel_min_age: &a 65\n",
			"queue.green_channel_min_age", 2, "不支持锚点和别名", "anchors and aliases"},
		{"empty value", "queue:\n  green_channel_min_age:\n",
			"queue.green_channel_min_age", 2, "缺少值", "the value is missing"},
		{"both yellow thresholds off", "supervision:\n  yellow_working_days_left: 0\n  yellow_percent_left: 0\n",
			"supervision.yellow_working_days_left", 2, "不能都为 0", "cannot both be 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := policy.Parse([]byte(c.doc))
			if err == nil {
				t.Fatalf("accepted: %+v", p)
			}
			d := detail(t, err, c.path)
			zhPrefix := "第 " + strconv.Itoa(c.line) + " 行 " + c.path + "："
			enPrefix := "line " + strconv.Itoa(c.line) + ", " + c.path + ": "
			if !strings.HasPrefix(d.ZH, zhPrefix) || !strings.Contains(d.ZH, c.zh) {
				t.Errorf("zh = %q, want prefix %q containing %q", d.ZH, zhPrefix, c.zh)
			}
			if !strings.HasPrefix(d.EN, enPrefix) || !strings.Contains(d.EN, c.en) {
				t.Errorf("en = %q, want prefix %q containing %q", d.EN, enPrefix, c.en)
			}
		})
	}
}

func TestParseReportsEveryProblemWithRule(t *testing.T) {
	doc := "security:\n  idle_timeout_minutes: 45\n  bogus: 1\n  audit_retention_days: 90\nattendance:\n  late_minutes: x\n"
	_, err := policy.Parse([]byte(doc))
	var e *bianmin.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v", err)
	}
	if len(e.Details) != 4 {
		t.Fatalf("%d details, want 4: %v", len(e.Details), err)
	}
	for i, line := range []int{2, 3, 4, 6} { // sorted by line
		if !strings.HasPrefix(e.Details[i].EN, "line "+strconv.Itoa(line)+",") {
			t.Errorf("detail %d = %q, want line %d", i, e.Details[i].EN, line)
		}
	}
	if r := detail(t, err, "security.audit_retention_days").Rule; r != "SECURITY-12" {
		t.Errorf("audit retention rule %q", r)
	}
	if r := detail(t, err, "attendance.late_minutes").Rule; r != "AT-2" {
		t.Errorf("late rule %q", r)
	}
	if !strings.Contains(e.ZH, "4 处错误") || !strings.Contains(e.EN, "4 error(s)") {
		t.Errorf("summary %q / %q", e.ZH, e.EN)
	}
}

func TestParseRejectsDocumentShapes(t *testing.T) {
	for name, doc := range map[string]string{
		"syntax":          "security:\n  idle_timeout_minutes: [\n",
		"root list":       "- a\n- b\n",
		"root scalar":     "hello\n",
		"two documents":   "queue: {}\n---\nqueue: {}\n",
		"too large":       "# " + strings.Repeat("x", 1<<20) + "\n",
		"non-string key":  "? [a]\n: 1\n",
		"list too long":   "ratings:\n  bad_codes: [" + strings.Repeat("4, ", 300) + "5]\n",
		"mapping as leaf": "cases:\n  decision_working_days: {a: 1}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := policy.Parse([]byte(doc))
			var e *bianmin.Error
			if !errors.As(err, &e) || e.Code != bianmin.EINVALID || len(e.Details) == 0 || e.ZH == "" || e.EN == "" {
				t.Fatalf("got %v", err)
			}
		})
	}
	_, err := policy.Parse([]byte("a: 1\nb: [\n"))
	if d := detail(t, err, ""); !strings.HasPrefix(d.EN, "line 2") {
		t.Errorf("syntax error without its line: %q", d.EN)
	}
}

func TestParsePartialTakesDefaults(t *testing.T) {
	doc := `# 本中心只改这几项
security:
  idle_timeout_minutes: 20
attendance:
  late_minutes: 10
service_hours:
  sessions:
    - start: "9:00"
      end: "17:00"
`
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Default()
	want.Security.IdleTimeoutMinutes = 20
	want.Attendance.LateMinutes = 10
	want.ServiceHours.Sessions = []policy.Session{{Start: "9:00", End: "17:00"}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	for _, doc := range []string{"", "# only a comment\n", "---\n", "security:\n", "security: {}\n"} {
		p, err := policy.Parse([]byte(doc))
		if err != nil || !reflect.DeepEqual(p, policy.Default()) {
			t.Errorf("Parse(%q) = %v, %v; want the defaults", doc, p, err)
		}
	}
}

func TestMarshalParseRoundTrip(t *testing.T) {
	out := mustMarshal(t, policy.Default())
	p, err := policy.Parse(out)
	if err != nil {
		t.Fatalf("Parse(Marshal(Default())): %v\n%s", err, out)
	}
	if !reflect.DeepEqual(p, policy.Default()) {
		t.Fatal("round trip changed the defaults")
	}
	q := withEveryList()
	q.Security.Profile = policy.ProfileASVS
	q.Security.PasswordMaxAgeDays = 0
	q.Leave.ApprovalLadder = []policy.LeaveStep{{Approvers: []string{"director", "duty_leader"}, Written: true}}
	q.Cases.SilentConsent = false
	q.Cases.DayUnit = "calendar"
	again, err := policy.Parse(mustMarshal(t, q))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, q) {
		t.Errorf("round trip of a changed policy:\n got %+v\nwant %+v", again, q)
	}
	if string(mustMarshal(t, again)) != string(mustMarshal(t, q)) {
		t.Error("Marshal is not stable")
	}
}

// Test000Attendance expresses 000 篇七: no conversion of lates into
// absences, 10 yuan per late, 500 yuan at 6 a month, a day's pay + 50 per
// absence, and any lateness counts.
func Test000Attendance(t *testing.T) {
	doc := `attendance:
  late_minutes: 0
  early_minutes: 0
  lates_per_absence: 0
  monthly_late_limit: 6
  monthly_late_fine_yuan: 500
  late_fine_yuan: 10
  absence_fine_day_pay: true
  absence_fine_yuan: 50
  publish_period: monthly
`
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	a := p.Attendance
	if a.LatesPerAbsence != 0 || a.MonthlyLateLimit != 6 || a.LateFineYuan != 10 || !a.AbsenceFineDayPay || a.AbsenceFineYuan != 50 || a.MonthlyLateFineYuan != 500 {
		t.Errorf("attendance = %+v", a)
	}
}

// Test002Leave expresses 002 §(五): every leave written, to the director
// and the duty leader.
func Test002Leave(t *testing.T) {
	doc := `leave:
  approval_ladder:
    - up_to: ""
      approvers: [director, duty_leader]
      written: true
`
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	step, i := p.Leave.StepFor(30, 450)
	if i != 0 || !step.Written || !reflect.DeepEqual(step.Approvers, []string{"director", "duty_leader"}) {
		t.Errorf("step %d = %+v", i, step)
	}
}

func TestParseSeasonsAndASVS(t *testing.T) {
	doc := `service_hours:
  seasons:
    - name: 夏令时
      from: "05-01"
      to: "09-30"
      sessions:
        - {start: "08:00", end: "12:00"}
        - {start: "15:00", end: "18:00"}
    - name: 冬季
      from: "12-01"
      to: "02-28"
      sessions: [{start: "09:00", end: "17:00"}]
security:
  profile: asvs
  password_min_classes: 1
  password_max_age_days: 0
`
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if h := p.Hours(); len(h.Seasons) != 2 || h.Seasons[1].From != "12-01" || h.Seasons[0].Sessions[1].Start != 900 {
		t.Errorf("hours = %+v", h)
	}
}
