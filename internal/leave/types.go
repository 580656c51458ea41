// Package leave holds the rules of leave and window cover as pure functions:
// how long a request is in working time and which approvers it goes to
// (LV-1), the request's states and who may move it, the refusals of LV-2,
// LV-3, LV-4 and DU-2, short absences signed by the hall duty chief (LV-7),
// who is on post at a window (AB-1, AB-3) and when A hands over to B (AB-2),
// and the weekly leave report (LV-6). No SQL, no HTTP: the service loads the
// facts, asks these functions and stores the answer with the rule ID they
// give.
package leave

import (
	"fmt"
	"strings"

	"bianmin/internal/bianmin"
)

// Type is the kind of a leave request. 004 §考勤制度 5 and 002 §(五) speak
// of "各类请假"; the list is the usual one of a Chinese public body plus the
// official absences 因公 that attendance excuses too.
type Type string

// Leave types.
const (
	Personal     Type = "personal"      // 事假
	Sick         Type = "sick"          // 病假: needs a hospital certificate (LV-3)
	Annual       Type = "annual"        // 年休假
	Marriage     Type = "marriage"      // 婚假
	Maternity    Type = "maternity"     // 产假
	Paternity    Type = "paternity"     // 陪产假
	Bereavement  Type = "bereavement"   // 丧假
	Compensatory Type = "compensatory"  // 调休
	BusinessTrip Type = "business_trip" // 因公外出 / 出差
	Meeting      Type = "meeting"       // 参加会议
	Training     Type = "training"      // 学习培训
)

// Types lists every leave type in display order.
var Types = []Type{Personal, Sick, Annual, Marriage, Maternity, Paternity, Bereavement, Compensatory,
	BusinessTrip, Meeting, Training}

var typeNames = map[Type][2]string{
	Personal:     {"事假", "Personal leave"},
	Sick:         {"病假", "Sick leave"},
	Annual:       {"年休假", "Annual leave"},
	Marriage:     {"婚假", "Marriage leave"},
	Maternity:    {"产假", "Maternity leave"},
	Paternity:    {"陪产假", "Paternity leave"},
	Bereavement:  {"丧假", "Bereavement leave"},
	Compensatory: {"调休", "Time off in lieu"},
	BusinessTrip: {"因公外出", "Business trip"},
	Meeting:      {"参加会议", "Official meeting"},
	Training:     {"学习培训", "Training"},
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool {
	_, ok := typeNames[t]
	return ok
}

// Official reports whether the absence is on duty 因公 (trip, meeting,
// training) rather than personal: appraisal and the weekly report tell them
// apart, the approval route does not (002 §(五)1 says every kind is approved).
func (t Type) Official() bool { return t == BusinessTrip || t == Meeting || t == Training }

// Name returns the type's name in the given language ("zh" or "en").
func (t Type) Name(lang string) string {
	n, ok := typeNames[t]
	switch {
	case !ok:
		return string(t)
	case lang == "en":
		return n[1]
	}
	return n[0]
}

// ParseType reads a type from its code ("sick"), its Chinese name ("病假")
// or its English name ("Sick leave"), as typed on a form or in an imported
// slip register; surrounding spaces and the case of Latin letters are
// ignored.
func ParseType(s string) (Type, error) {
	k := strings.TrimSpace(s)
	for _, t := range Types {
		n := typeNames[t]
		if strings.EqualFold(k, string(t)) || k == n[0] || strings.EqualFold(k, n[1]) {
			return t, nil
		}
	}
	return "", bianmin.FieldError("type",
		fmt.Sprintf("请假类型“%s”无效，应为事假、病假、年休假等。", s),
		fmt.Sprintf("Leave type %q is not known: use personal, sick, annual and so on.", s)).WithRule("LV-1")
}
