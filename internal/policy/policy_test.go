package policy_test

import (
	"reflect"
	"strings"
	"testing"

	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// TestDefaultsMatchSeeds pins every default to the number in the seeds or
// the standard, with the rule that cites it.
func TestDefaultsMatchSeeds(t *testing.T) {
	want := []struct{ path, value, rule string }{
		{"service_hours.sessions[0].start", "08:00", "ORG-5"},
		{"service_hours.sessions[0].end", "12:00", "ORG-5"},
		{"service_hours.sessions[1].start", "13:30", "ORG-5"},
		{"service_hours.sessions[1].end", "17:00", "ORG-5"},
		{"service_hours.seasons", "[]", "ORG-5"},
		{"service_hours.change_notice_working_days", "1", "ORG-5"},
		{"queue.issue_stop_minutes_before_close", "0", "Q-6"},
		{"queue.green_channel_min_age", "60", "Q-2"},
		{"queue.kiosk_tickets_per_minute", "6", "SECURITY-33"},
		{"queue.kiosk_tickets_per_id_per_matter_day", "2", "SECURITY-33"},
		{"queue.kiosk_idle_reset_seconds", "60", "SECURITY-4"},
		{"cases.immediate_minutes", "30", "R1.20"},
		{"cases.day_unit", "working", "C-0"},
		{"cases.written_reply_days", "10", "C-2"},
		{"cases.investigation_days", "10", "C-2"},
		{"cases.extension_cap_working_days", "30", "C-2"},
		{"cases.reported_cap_days", "60", "C-2"},
		{"cases.supplement_notice_working_days", "5", "R1.2"},
		{"cases.decision_working_days", "20", "R1.7"},
		{"cases.extension_working_days", "10", "R1.8"},
		{"cases.joint_working_days", "45", "R1.9"},
		{"cases.joint_extension_working_days", "15", "R1.9"},
		{"cases.lower_review_working_days", "20", "R1.10"},
		{"cases.certificate_working_days", "10", "R1.11"},
		{"cases.silent_consent", "true", "C-4"},
		{"supervision.yellow_working_days_left", "1", "SUP-2"},
		{"supervision.yellow_percent_left", "20", "SUP-2"},
		{"supervision.red_grace_working_days", "0", "SUP-2"},
		{"supervision.step_working_days", "5", "SUP-2"},
		{"complaints.feedback_working_days", "5", "CO-3"},
		{"complaints.misconduct_reports_24h", "true", "CO-3"},
		{"ratings.levels", "5", "R4.1"},
		{"ratings.bad_codes", "[4, 5]", "R4.2"},
		{"ratings.rectification_working_days", "15", "R4.11"},
		{"attendance.late_minutes", "20", "AT-2"},
		{"attendance.early_minutes", "20", "AT-2"},
		{"attendance.away_minutes", "60", "AT-2"},
		{"attendance.proxy_check_in_absences", "1", "AT-3"},
		{"attendance.lates_per_absence", "5", "AT-4"},
		{"attendance.monthly_late_limit", "0", "AT-4"},
		{"attendance.objection_days", "2", "AT-5"},
		{"attendance.publish_period", "weekly", "AT-5"},
		{"leave.approval_ladder[0].up_to", "1h", "LV-1"},
		{"leave.approval_ladder[0].approvers", "[office]", "LV-1"},
		{"leave.approval_ladder[0].written", "false", "LV-1"},
		{"leave.approval_ladder[1].up_to", "1d", "LV-1"},
		{"leave.approval_ladder[1].written", "true", "LV-1"},
		{"leave.approval_ladder[2].up_to", "3d", "LV-1"},
		{"leave.approval_ladder[2].approvers", "[director]", "LV-1"},
		{"leave.approval_ladder[2].department_opinion", "true", "LV-1"},
		{"leave.approval_ladder[3].up_to", `""`, "LV-1"},
		{"leave.substitute_from", "0.5d", "LV-4"},
		{"leave.short_absence_under", "2h", "LV-7"},
		{"leave.short_absence_approver", "duty_chief", "LV-7"},
		{"leave.handover_days_before", "1", "AB-2"},
		{"duty.leader_assignment", "date_digit", "DU-1"},
		{"duty.chief_term_weeks", "2", "DU-3"},
		{"duty.sitting_in_days_per_week", "1", "DU-4"},
		{"duty.director_reception_weekday", "3", "DU-5"},
		{"routines.hygiene_people_per_day", "2", "HY-1"},
		{"routines.staff_meeting_every_weeks", "2", "TR-1"},
		{"accountability.notification_ladder[0].sanctions", "[verbal_warning]", "ON-4"},
		{"accountability.notification_ladder[1].sanctions", "[admonishment_talk]", "ON-4"},
		{"accountability.notification_ladder[2].sanctions", "[efficiency_warning, circulated_criticism]", "ON-4"},
		{"accountability.sanction_ladder[2].sanctions", "[removal_from_window]", "AC-2"},
		{"accountability.first_inquiry_ladder[0].sanctions", "[talk_warning]", "FI-4"},
		{"appointments.max_active_per_id", "3", "SECURITY-33"},
		{"appointments.bookings_per_ip_hour", "10", "SECURITY-33"},
		{"security.profile", "dengbao-l3", "SECURITY-2"},
		{"security.password_min_length", "12", "SECURITY-2"},
		{"security.password_min_classes", "3", "SECURITY-2"},
		{"security.password_max_age_days", "90", "SECURITY-2"},
		{"security.password_history", "5", "SECURITY-2"},
		{"security.lockout_failures", "5", "SECURITY-3"},
		{"security.lockout_minutes", "30", "SECURITY-3"},
		{"security.failures_per_account_hour", "100", "SECURITY-3"},
		{"security.login_failures_per_ip_minute", "20", "SECURITY-3"},
		{"security.idle_timeout_minutes", "15", "SECURITY-4"},
		{"security.absolute_timeout_hours", "12", "SECURITY-4"},
		{"security.inactive_disable_days", "90", "SECURITY-7"},
		{"security.audit_retention_days", "365", "SECURITY-12"},
		{"security.pi_retention_days", "90", "SECURITY-27"},
		{"security.pi_access_audit_retention_days", "1095", "SECURITY-27"},
		{"security.progress_query_per_ip_minute", "30", "SECURITY-32"},
		{"security.progress_code_failures_per_receipt_day", "5", "SECURITY-32"},
		{"security.complaints_per_ip_hour", "5", "SECURITY-33"},
		{"security.complaints_per_phone_day", "20", "SECURITY-33"},
		{"security.export_approval_above_records", "100", "SECURITY-26"},
		{"masking.public_phone.keep_first", "3", "SECURITY-25"},
		{"masking.public_phone.keep_last", "4", "SECURITY-25"},
		{"masking.public_id.keep_first", "0", "SECURITY-25"},
		{"masking.staff_id.keep_first", "3", "SECURITY-25"},
		{"masking.staff_id.keep_last", "4", "SECURITY-25"},
		{"masking.reveal_remask_seconds", "30", "SECURITY-25"},
		{"calendar.max_consecutive_working_days", "6", "R2.5"},
		{"calendar.next_year_warning_month", "11", "R2.1"},
	}
	got := map[string]policy.Param{}
	for _, p := range policy.Params(policy.Default()) {
		got[p.Path] = p
	}
	for _, w := range want {
		p, ok := got[w.path]
		if !ok {
			t.Errorf("%s: not a parameter", w.path)
			continue
		}
		if p.Value != w.value || p.Rule != w.rule {
			t.Errorf("%s = %s (%s), want %s (%s)", w.path, p.Value, p.Rule, w.value, w.rule)
		}
	}
}

// TestSecurityFieldsForAuth pins the field names and values the auth code reads.
func TestSecurityFieldsForAuth(t *testing.T) {
	s := policy.Default().Security
	got := []int{s.PasswordMinLength, s.PasswordMinClasses, s.PasswordMaxAgeDays, s.PasswordHistory,
		s.LockoutFailures, s.LockoutMinutes, s.FailuresPerAccountHour, s.LoginFailuresPerIPMinute,
		s.IdleTimeoutMinutes, s.AbsoluteTimeoutHours, s.InactiveDisableDays, s.AuditRetentionDays}
	want := []int{12, 3, 90, 5, 5, 30, 100, 20, 15, 12, 90, 365}
	if s.Profile != policy.ProfileDengbaoL3 || !reflect.DeepEqual(got, want) {
		t.Errorf("security = %q %v, want dengbao-l3 %v", s.Profile, got, want)
	}
}

// withEveryList fills the lists that are empty by default, so that their
// element fields show up in Params too.
func withEveryList() *policy.Policy {
	p := policy.Default()
	p.ServiceHours.Seasons = []policy.Season{{
		Name: "夏令时", From: "05-01", To: "09-30",
		Sessions: []policy.Session{{Start: "08:00", End: "12:00"}, {Start: "15:00", End: "18:00"}},
	}}
	return p
}

func TestEveryLeafHasRuleSourceAndDescription(t *testing.T) {
	params := policy.Params(withEveryList())
	if len(params) < 100 {
		t.Fatalf("only %d parameters", len(params))
	}
	seen := map[string]bool{}
	for _, p := range params {
		if p.Rule == "" || p.Source == "" || p.DescZH == "" || p.DescEN == "" {
			t.Errorf("%s: rule %q, source %q, zh %q, en %q", p.Path, p.Rule, p.Source, p.DescZH, p.DescEN)
		}
		if seen[p.Path] {
			t.Errorf("%s listed twice", p.Path)
		}
		seen[p.Path] = true
	}
	for _, path := range []string{"service_hours.seasons[0].name", "service_hours.seasons[0].sessions[1].start"} {
		if !seen[path] {
			t.Errorf("%s missing from Params", path)
		}
	}
}

func TestValidateAcceptsDefaultAndClone(t *testing.T) {
	if err := policy.Validate(policy.Default()); err != nil {
		t.Fatalf("default invalid: %v", err)
	}
	p := withEveryList()
	if err := policy.Validate(p); err != nil {
		t.Fatalf("summer season invalid: %v", err)
	}
	c := p.Clone()
	if !reflect.DeepEqual(c, p) {
		t.Fatal("clone differs")
	}
	c.ServiceHours.Seasons[0].Sessions[0].Start = "07:00"
	c.Ratings.BadCodes[0] = 3
	if p.ServiceHours.Seasons[0].Sessions[0].Start != "08:00" || p.Ratings.BadCodes[0] != 4 {
		t.Fatal("clone shares slices with the original")
	}
}

func TestHours(t *testing.T) {
	got := withEveryList().Hours()
	want := calendar.Hours{
		Sessions: []calendar.Span{{Start: 480, End: 720}, {Start: 810, End: 1020}},
		Seasons: []calendar.Season{{Name: "夏令时", From: "05-01", To: "09-30",
			Sessions: []calendar.Span{{Start: 480, End: 720}, {Start: 900, End: 1080}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Hours() = %+v, want %+v", got, want)
	}
}

func TestLeaveStepFor(t *testing.T) {
	l := policy.Default().Leave
	day := 7*60 + 30 // 8:00-12:00 and 13:30-17:00
	for _, c := range []struct {
		minutes, step int
	}{{30, 0}, {60, 0}, {61, 1}, {day, 1}, {day + 1, 2}, {3 * day, 2}, {3*day + 1, 3}, {20 * day, 3}} {
		if _, i := l.StepFor(c.minutes, day); i != c.step {
			t.Errorf("StepFor(%d) = step %d, want %d", c.minutes, i, c.step)
		}
	}
	if m, ok := l.SubstituteFrom.Minutes(day); !ok || m != day/2 {
		t.Errorf("substitute_from = %d minutes, want half a day %d", m, day/2)
	}
}

func TestSanctionName(t *testing.T) {
	if policy.SanctionName("admonishment_talk", "zh") != "诫勉谈话" || policy.SanctionName("admonishment_talk", "en") != "admonishment talk" {
		t.Error("sanction names")
	}
	for _, s := range policy.Default().Accountability.SanctionLadder {
		for _, code := range s.Sanctions {
			if policy.SanctionName(code, "zh") == code {
				t.Errorf("%s has no name", code)
			}
		}
	}
}

func TestMarshalCommentsEveryValue(t *testing.T) {
	out := string(mustMarshal(t, withEveryList()))
	for i, line := range strings.Split(out, "\n") {
		trim := strings.TrimSpace(line)
		if trim == "" || strings.HasPrefix(trim, "#") || strings.HasSuffix(trim, ":") {
			continue
		}
		if !strings.Contains(line, " # ") {
			t.Errorf("line %d has no comment: %s", i+1, line)
		}
	}
	if !strings.Contains(out, "idle_timeout_minutes: 15 # SECURITY-4 · SECURITY.md 4; L3-CES1-02") {
		t.Errorf("idle timeout line not found in:\n%s", out)
	}
}

func mustMarshal(t testing.TB, p *policy.Policy) []byte {
	t.Helper()
	out, err := policy.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
