package policy

import (
	"reflect"
	"time"
)

// Policy is one centre's regulations. Each section is in its own file; the
// struct tags carry the YAML key, the rule ID (rule), the seed source (src),
// the allowed range (min, max), allowed values (enum) and a description in
// Chinese (zh) and English (en). Params and Marshal read them by reflection.
type Policy struct {
	ServiceHours   ServiceHours   `yaml:"service_hours" zh:"服务时间" en:"Service hours"`
	Queue          Queue          `yaml:"queue" zh:"排队叫号" en:"Queue and calling"`
	Cases          Cases          `yaml:"cases" zh:"办件时限" en:"Case time limits"`
	Supervision    Supervision    `yaml:"supervision" zh:"电子监察预警" en:"Supervision warnings"`
	Complaints     Complaints     `yaml:"complaints" zh:"投诉" en:"Complaints"`
	Ratings        Ratings        `yaml:"ratings" zh:"好差评" en:"Ratings"`
	Attendance     Attendance     `yaml:"attendance" zh:"考勤" en:"Attendance"`
	Leave          Leave          `yaml:"leave" zh:"请销假与AB岗" en:"Leave and A/B posts"`
	Duty           Duty           `yaml:"duty" zh:"值班、值班长与坐班" en:"Duty, duty chief and sitting-in"`
	Routines       Routines       `yaml:"routines" zh:"卫生与学习例会" en:"Hygiene and meetings"`
	Accountability Accountability `yaml:"accountability" zh:"责任追究" en:"Accountability"`
	Appointments   Appointments   `yaml:"appointments" zh:"预约" en:"Appointments"`
	Security       Security       `yaml:"security" zh:"安全（等保 2.0 三级 / ASVS）" en:"Security (Dengbao 2.0 level 3 / ASVS)"`
	Masking        Masking        `yaml:"masking" zh:"个人信息脱敏显示" en:"Masking of personal information"`
	Calendar       CalendarChecks `yaml:"calendar" zh:"工作日历检查" en:"Working-day calendar checks"`
}

// Default returns the policy of the seeds: the default column of DOMAIN.md
// §12 and the project figures of STANDARDS.md and SECURITY.md. Each call
// returns a new value that the caller may change.
func Default() *Policy {
	return &Policy{
		ServiceHours:   defaultServiceHours(),
		Queue:          defaultQueue(),
		Cases:          defaultCases(),
		Supervision:    defaultSupervision(),
		Complaints:     defaultComplaints(),
		Ratings:        defaultRatings(),
		Attendance:     defaultAttendance(),
		Leave:          defaultLeave(),
		Duty:           defaultDuty(),
		Routines:       defaultRoutines(),
		Accountability: defaultAccountability(),
		Appointments:   defaultAppointments(),
		Security:       defaultSecurity(),
		Masking:        defaultMasking(),
		Calendar:       defaultCalendarChecks(),
	}
}

// Clone returns a deep copy, so that a cached policy can be handed out
// without callers sharing its slices.
func (p *Policy) Clone() *Policy {
	if p == nil {
		return nil
	}
	c := new(Policy)
	deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(p).Elem())
	return c
}

// deepCopy copies src into dst; policies hold only structs, slices and
// scalars, so this is all a deep copy needs.
func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := range src.NumField() {
			deepCopy(dst.Field(i), src.Field(i))
		}
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			deepCopy(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	default:
		dst.Set(src)
	}
}

// Version is one stored version of a centre's policy document. Versions are
// append-only: a change is a new version with the date it takes effect.
type Version struct {
	ID            int64     `json:"id"`
	CentreID      int64     `json:"centre_id"`
	Version       int       `json:"version"`
	EffectiveFrom string    `json:"effective_from"` // YYYY-MM-DD, Asia/Shanghai
	Document      string    `json:"document"`       // the YAML as submitted, comments kept
	SHA256        string    `json:"sha256"`         // hex SHA-256 of Document
	Note          string    `json:"note"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
}
