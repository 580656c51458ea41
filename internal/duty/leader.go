// Package duty holds the rosters of the centre as pure functions: the duty
// leader of each working day (DU-1) with swaps (DU-2), the hall duty chief's
// terms, early check and random inspections (DU-3), department leaders'
// sitting-in (DU-4), the director's reception day (DU-5), the hygiene roster
// (HY-1) and the dates of staff meetings and study sessions (TR-1). No SQL,
// no HTTP: the service stores the inputs and the swaps, asks these functions
// and shows the answer with the rule ID they give.
package duty

import (
	"fmt"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

// Assignment modes, as policy duty.leader_assignment names them (DU-1).
const (
	ByDateDigit      = "date_digit"      // 002 §(三)5: the last digit of the date
	ByWeeklyRotation = "weekly_rotation" // one leader a week, in order
)

// Assignment is how duty leaders are assigned (DU-1).
type Assignment struct {
	Mode string // ByDateDigit or ByWeeklyRotation
	// Digits are the leaders for each last digit of the day of the month
	// (ByDateDigit). 002 names two leaders for the digits 1 and 0; several
	// leaders of one digit take its dates in turn by the tens digit (1st and
	// 21st the first, 11th and 31st the second), so every date still has one
	// duty leader (DU-1).
	Digits [10][]int64
	// Rotation are the leaders in order, one week each from StartWeek
	// (ByWeeklyRotation).
	Rotation []int64
	// StartWeek is any day of the week of Rotation[0]; weeks run Monday to
	// Sunday. Days before it have no generated leader.
	StartWeek calendar.Date
}

// Validate checks an assignment before it is stored: a known mode, every
// digit covered, no empty or repeated leader.
func (a Assignment) Validate() error {
	var v bianmin.Validation
	add := func(field, zh, en string) { v.AddErr(bianmin.FieldError(field, zh, en).WithRule("DU-1")) }
	people := func(field string, ids []int64) {
		for i, id := range ids {
			switch {
			case id <= 0:
				add(fmt.Sprintf("%s[%d]", field, i), "请选择值班领导。", "Choose a duty leader.")
			case slices.Contains(ids[:i], id):
				add(fmt.Sprintf("%s[%d]", field, i), "值班领导重复。", "The leader is listed twice.")
			}
		}
	}
	switch a.Mode {
	case ByDateDigit:
		for digit, ids := range a.Digits {
			field := fmt.Sprintf("digits[%d]", digit)
			if len(ids) == 0 {
				add(field, fmt.Sprintf("日期尾数为 %d 的日子没有值班领导。", digit),
					fmt.Sprintf("Dates ending in %d have no duty leader.", digit))
			}
			people(field, ids)
		}
	case ByWeeklyRotation:
		if len(a.Rotation) == 0 {
			add("rotation", "轮换名单至少需要一名值班领导。", "The rotation needs at least one leader.")
		}
		people("rotation", a.Rotation)
		if !a.StartWeek.Valid() {
			add("start_week", "请填写轮换开始的周。", "Give the week the rotation starts.")
		}
	default:
		add("mode", fmt.Sprintf("值班领导安排方式“%s”无效，应为 date_digit 或 weekly_rotation。", a.Mode),
			fmt.Sprintf("Assignment %q is not known: use date_digit or weekly_rotation.", a.Mode))
	}
	return v.Err()
}

// Scheduled returns the leader the assignment gives date d, before swaps;
// ok is false on a day that is not a legal working day (AT-6: holidays have
// no duty leader) or has no leader under the assignment.
func (a Assignment) Scheduled(cal *calendar.Calendar, d calendar.Date) (int64, bool) {
	if !cal.IsWorkingDay(d) {
		return 0, false
	}
	switch a.Mode {
	case ByDateDigit:
		ids := a.Digits[d.D%10]
		if len(ids) == 0 {
			return 0, false
		}
		return ids[(d.D/10)%len(ids)], true
	case ByWeeklyRotation:
		weeks := Monday(d).Sub(Monday(a.StartWeek)) / 7
		if len(a.Rotation) == 0 || !a.StartWeek.Valid() || weeks < 0 {
			return 0, false
		}
		return a.Rotation[weeks%len(a.Rotation)], true
	}
	return 0, false
}

// Monday returns the Monday of the week of d (weeks run Monday to Sunday).
func Monday(d calendar.Date) calendar.Date { return d.AddDays(-((int(d.Weekday()) + 6) % 7)) }

// Swap exchanges the duty leaders of two working days, with a reason (the
// issue's "swapped with a reason"; DU-2 when the leader must be away).
type Swap struct {
	A, B   calendar.Date
	Reason string
}

// Day is one working day of the duty roster.
type Day struct {
	Date      calendar.Date
	Leader    int64  // on duty, after swaps
	Scheduled int64  // as the assignment gave it
	Rule      string // DU-1 as assigned, DU-2 when a swap touched the day
	Reason    string // the last swap's reason
}

// Roster returns the duty leader of every working day from from to to,
// with the swaps applied in order over the assignment: each swap exchanges
// the leaders the two days have at that point, so swaps may chain. A swap
// may name a day outside the range; it still moves the leader of a day
// inside it.
func Roster(cal *calendar.Calendar, a Assignment, swaps []Swap, from, to calendar.Date) ([]Day, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	leader := map[calendar.Date]int64{}
	reason := map[calendar.Date]string{}
	current := func(d calendar.Date) (int64, bool) {
		if id, ok := leader[d]; ok {
			return id, true
		}
		return a.Scheduled(cal, d)
	}
	var v bianmin.Validation
	for i, s := range swaps {
		field := fmt.Sprintf("swaps[%d]", i)
		bad := func(f, zh, en string) { v.AddErr(bianmin.FieldError(field+"."+f, zh, en).WithRule("DU-2")) }
		la, okA := current(s.A)
		lb, okB := current(s.B)
		switch {
		case strings.TrimSpace(s.Reason) == "":
			bad("reason", "调班须写明原因。", "A swap needs a reason.")
		case s.A == s.B:
			bad("b", "调班的两个日期不能相同。", "The two dates of a swap must differ.")
		case !okA:
			bad("a", fmt.Sprintf("%s 不是工作日或没有值班领导，不能调班。", s.A),
				fmt.Sprintf("%s is not a working day or has no duty leader to swap.", s.A))
		case !okB:
			bad("b", fmt.Sprintf("%s 不是工作日或没有值班领导，不能调班。", s.B),
				fmt.Sprintf("%s is not a working day or has no duty leader to swap.", s.B))
		case la == lb:
			bad("b", fmt.Sprintf("%s 与 %s 是同一位值班领导，无需调班。", s.A, s.B),
				fmt.Sprintf("%s and %s have the same duty leader; there is nothing to swap.", s.A, s.B))
		default:
			leader[s.A], leader[s.B] = lb, la
			reason[s.A], reason[s.B] = s.Reason, s.Reason
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []Day
	for d := from; !d.After(to); d = d.AddDays(1) {
		sched, ok := a.Scheduled(cal, d)
		if !ok {
			continue
		}
		day := Day{Date: d, Leader: sched, Scheduled: sched, Rule: "DU-1"}
		if id, swapped := leader[d]; swapped {
			day.Leader, day.Rule, day.Reason = id, "DU-2", reason[d]
		}
		out = append(out, day)
	}
	return out, nil
}
