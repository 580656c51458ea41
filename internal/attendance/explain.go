package attendance

import (
	"fmt"
	"strings"

	"bianmin/internal/policy"
)

// explanation collects the sentences that say why a half day has its status.
type explanation struct{ zh, en []string }

func (x *explanation) add(zh, en string) {
	x.zh = append(x.zh, zh)
	x.en = append(x.en, en)
}

func kindName(k Kind, lang string) string {
	switch {
	case k == In && lang == "en":
		return "check-in"
	case k == In:
		return "签到"
	case lang == "en":
		return "check-out"
	}
	return "签退"
}

// explain says why r has its status, naming the rule of every decision.
func explain(r *Result, a policy.Attendance) (zh, en string) {
	var x explanation
	switch r.Status {
	case StatusRest:
		x.add("非工作日，无须考勤（AT-6）", "not a working day, no attendance (AT-6)")
	case StatusProxy:
		explainProxy(&x, r, a)
	case StatusExcused:
		for _, e := range r.Excuses {
			x.add(fmt.Sprintf("%s %s-%s", e.Kind.Name("zh"), stamp(e.Start), stamp(e.End)),
				fmt.Sprintf("%s %s-%s", e.Kind.Name("en"), stamp(e.Start), stamp(e.End)))
		}
		x.add(fmt.Sprintf("整个时段免考勤（%s）", r.Rule), fmt.Sprintf("the whole session is excused (%s)", r.Rule))
	case StatusAbsent:
		explainAbsent(&x, r, a)
	default:
		explainPunches(&x, r, a)
	}
	if r.Status != StatusExcused {
		for _, e := range r.Excuses {
			x.add(fmt.Sprintf("已计入的事由（%s）：%s %s-%s", e.Kind.Rule(), e.Kind.Name("zh"), stamp(e.Start), stamp(e.End)),
				fmt.Sprintf("excuse counted (%s): %s %s-%s", e.Kind.Rule(), e.Kind.Name("en"), stamp(e.Start), stamp(e.End)))
		}
	}
	for _, f := range r.Refused {
		x.add(fmt.Sprintf("未计入的事由（%s）：%s", f.Err.Rule, f.Err.ZH), fmt.Sprintf("excuse not counted (%s): %s", f.Err.Rule, f.Err.EN))
	}
	return strings.Join(x.zh, "；"), strings.Join(x.en, "; ")
}

func explainProxy(x *explanation, r *Result, a policy.Attendance) {
	for _, p := range r.PunchedByOthers {
		x.add(fmt.Sprintf("%s 的%s由工号 %s 代签", clock(p.At), kindName(p.Kind, "zh"), p.ProxyBy),
			fmt.Sprintf("the %s at %s was made by staff %s", kindName(p.Kind, "en"), clock(p.At), p.ProxyBy))
	}
	for _, p := range r.PunchedForOthers {
		x.add(fmt.Sprintf("%s 为工号 %s 代签%s", clock(p.At), p.StaffNo, kindName(p.Kind, "zh")),
			fmt.Sprintf("made the %s of staff %s at %s", kindName(p.Kind, "en"), p.StaffNo, clock(p.At)))
	}
	x.add(fmt.Sprintf("发现代签，双方各记旷工 %d 次（AT-3）", a.ProxyCheckInAbsences),
		fmt.Sprintf("a proxy punch was found: %d absence(s) for each of the two people (AT-3)", a.ProxyCheckInAbsences))
}

func explainAbsent(x *explanation, r *Result, a policy.Attendance) {
	for _, w := range r.Away {
		if w.Unexcused > a.AwayMinutes {
			x.add(fmt.Sprintf("%s-%s 外出，未经许可 %d 分钟，超过 %d 分钟记旷工（AT-2）", clock(w.Away.Start), clock(w.Away.End), w.Unexcused, a.AwayMinutes),
				fmt.Sprintf("away %s-%s, %d minutes without leave, more than %d: absent (AT-2)", clock(w.Away.Start), clock(w.Away.End), w.Unexcused, a.AwayMinutes))
			return
		}
	}
	x.add("既无签到又无签退，记旷工（AT-2）", "neither check-in nor check-out: absent (AT-2)")
}

// explainPunches explains on time, late and early.
func explainPunches(x *explanation, r *Result, a policy.Attendance) {
	switch {
	case r.CheckIn == nil && r.MissingIn:
		x.add("无签到，记迟到（AT-2）", "no check-in: late (AT-2)")
	case r.CheckIn == nil:
		x.add(fmt.Sprintf("签到因免考勤事由至 %s 免除", clock(r.DueIn)), fmt.Sprintf("check-in excused until %s", clock(r.DueIn)))
	case r.Late:
		x.add(fmt.Sprintf("签到 %s，晚于应到时间 %s %d 分钟，超过 %d 分钟记迟到（AT-2）", clock(r.CheckIn.At), clock(r.DueIn), r.LateBy, a.LateMinutes),
			fmt.Sprintf("check-in %s, %d minutes after %s, more than %d: late (AT-2)", clock(r.CheckIn.At), r.LateBy, clock(r.DueIn), a.LateMinutes))
	default:
		x.add(fmt.Sprintf("签到 %s（应到 %s）", clock(r.CheckIn.At), clock(r.DueIn)), fmt.Sprintf("check-in %s (due %s)", clock(r.CheckIn.At), clock(r.DueIn)))
	}
	switch {
	case r.CheckOut == nil && r.MissingOut:
		x.add("无签退，记早退（AT-2）", "no check-out: early (AT-2)")
	case r.CheckOut == nil:
		x.add(fmt.Sprintf("签退因免考勤事由自 %s 免除", clock(r.DueOut)), fmt.Sprintf("check-out excused from %s", clock(r.DueOut)))
	case r.Early:
		x.add(fmt.Sprintf("签退 %s，早于应退时间 %s %d 分钟，超过 %d 分钟记早退（AT-2）", clock(r.CheckOut.At), clock(r.DueOut), r.EarlyBy, a.EarlyMinutes),
			fmt.Sprintf("check-out %s, %d minutes before %s, more than %d: early (AT-2)", clock(r.CheckOut.At), r.EarlyBy, clock(r.DueOut), a.EarlyMinutes))
	default:
		x.add(fmt.Sprintf("签退 %s（应退 %s）", clock(r.CheckOut.At), clock(r.DueOut)), fmt.Sprintf("check-out %s (due %s)", clock(r.CheckOut.At), clock(r.DueOut)))
	}
	if r.Status == StatusOnTime {
		x.add(fmt.Sprintf("正常（AT-2，阈值 %d/%d 分钟）", a.LateMinutes, a.EarlyMinutes),
			fmt.Sprintf("on time (AT-2, thresholds %d/%d minutes)", a.LateMinutes, a.EarlyMinutes))
	}
}
