package attendance

import (
	"fmt"

	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// Summary counts one person's half days over a period (AT-4, AT-5). A half
// day both late and early counts once in Lates and once in Earlies, since
// each is an event of AT-2.
type Summary struct {
	Period      Period
	HalfDays    int // half days of working days judged (AT-1, AT-6)
	OnTime      int // AT-2
	Lates       int // late or late-and-early half days, missing check-ins included (AT-2)
	Earlies     int // early or late-and-early half days, missing check-outs included (AT-2)
	MissingIns  int // of Lates, without a check-in (AT-2)
	MissingOuts int // of Earlies, without a check-out (AT-2)
	Absent      int // half days absent (AT-2)
	Proxies     int // half days or rest days with a proxy punch (AT-3)
	Excused     int // half days wholly excused
	// Absences is the absences the half days count: one per absent half
	// day (AT-2), attendance.proxy_check_in_absences per proxy (AT-3).
	Absences int
	// Converted is the absences that lates and earlies add: one for every
	// attendance.lates_per_absence of them within the period; none when
	// that is 0 (AT-4, 004 §考勤制度 6).
	Converted     int
	TotalAbsences int // Absences + Converted
	// Fines are the 000 篇七 penalties the policy sets (AT-4), each with
	// its count, amount and rule; FineYuan is their sum in yuan and
	// DayPayDays the days' pay forfeited, which payroll prices.
	Fines      []Fine
	FineYuan   int
	DayPayDays int
}

// FineKind is what a fine is for.
type FineKind string

// Fine kinds of 000 篇七 四 3-5.
const (
	FineLate        FineKind = "late"            // each late or early (000 篇七 四 3)
	FineMonthlyLate FineKind = "monthly_late"    // the month's lates reach the limit (000 篇七 四 5)
	FineAbsence     FineKind = "absence"         // each absence, on top of the day's pay (000 篇七 四 4)
	FineDayPay      FineKind = "absence_day_pay" // the day's pay of each absence (000 篇七 四 4)
)

// Fine is one penalty as an amount with its rule and source, never as
// free text. For FineDayPay, Yuan is 0 and DayPay is the days forfeited.
type Fine struct {
	Kind     FineKind
	Rule     string // AT-4
	Source   string // seed clause
	Count    int    // events fined
	UnitYuan int
	Yuan     int // Count × UnitYuan
	DayPay   int // days' pay forfeited (FineDayPay only)
	ZH, EN   string
}

// Summarize counts the results that fall in the period and applies AT-4:
// the conversion of lates and earlies into absences and the fines of
// 000 篇七. The monthly-limit fine applies to monthly periods only, since
// the seed counts "每月" (per month); the other fines apply to any period.
func Summarize(p *policy.Policy, per Period, results []Result) Summary {
	a := p.Attendance
	s := Summary{Period: per}
	absentDays := map[calendar.Date]bool{}
	for _, r := range results {
		if !per.Contains(r.Date) {
			continue
		}
		s.count(r)
		if r.Absences > 0 {
			absentDays[r.Date] = true
		}
	}
	if a.LatesPerAbsence > 0 {
		s.Converted = (s.Lates + s.Earlies) / a.LatesPerAbsence
	}
	s.TotalAbsences = s.Absences + s.Converted
	s.fines(a, len(absentDays))
	return s
}

// count adds one result to the counts.
func (s *Summary) count(r Result) {
	if !r.Half.Date.IsZero() {
		s.HalfDays++
	}
	switch r.Status {
	case StatusOnTime:
		s.OnTime++
	case StatusLate, StatusEarly, StatusLateEarly:
		if r.Status != StatusEarly {
			s.Lates++
		}
		if r.Status != StatusLate {
			s.Earlies++
		}
		if r.MissingIn {
			s.MissingIns++
		}
		if r.MissingOut {
			s.MissingOuts++
		}
	case StatusAbsent:
		s.Absent++
	case StatusProxy:
		s.Proxies++
	case StatusExcused:
		s.Excused++
	}
	s.Absences += r.Absences
}

// fines applies the 000 篇七 fines the policy sets (AT-4). The day's pay is
// forfeited once per date with an absent or proxy half day, and once per
// converted absence, which 004 §考勤制度 6 counts as a day.
func (s *Summary) fines(a policy.Attendance, absentDays int) {
	lateEvents := s.Lates + s.Earlies
	if a.LateFineYuan > 0 && lateEvents > 0 {
		s.add(Fine{Kind: FineLate, Source: "000 篇七 四 3", Count: lateEvents, UnitYuan: a.LateFineYuan,
			ZH: fmt.Sprintf("迟到、早退 %d 次，每次扣款 %d 元（AT-4，000 篇七 四 3）", lateEvents, a.LateFineYuan),
			EN: fmt.Sprintf("%d lates or earlies at %d yuan each (AT-4, 000 篇七 四 3)", lateEvents, a.LateFineYuan)})
	}
	if s.Period.Kind == Monthly && a.MonthlyLateLimit > 0 && a.MonthlyLateFineYuan > 0 && s.Lates >= a.MonthlyLateLimit {
		s.add(Fine{Kind: FineMonthlyLate, Source: "000 篇七 四 5", Count: 1, UnitYuan: a.MonthlyLateFineYuan,
			ZH: fmt.Sprintf("本月迟到或漏签 %d 次，达到 %d 次，扣款 %d 元（AT-4，000 篇七 四 5）", s.Lates, a.MonthlyLateLimit, a.MonthlyLateFineYuan),
			EN: fmt.Sprintf("%d lates or missed check-ins this month reach the limit of %d: %d yuan (AT-4, 000 篇七 四 5)", s.Lates, a.MonthlyLateLimit, a.MonthlyLateFineYuan)})
	}
	if a.AbsenceFineYuan > 0 && s.TotalAbsences > 0 {
		s.add(Fine{Kind: FineAbsence, Source: "000 篇七 四 4", Count: s.TotalAbsences, UnitYuan: a.AbsenceFineYuan,
			ZH: fmt.Sprintf("旷工 %d 次，每次另扣 %d 元（AT-4，000 篇七 四 4）", s.TotalAbsences, a.AbsenceFineYuan),
			EN: fmt.Sprintf("%d absences at a further %d yuan each (AT-4, 000 篇七 四 4)", s.TotalAbsences, a.AbsenceFineYuan)})
	}
	if days := absentDays + s.Converted; a.AbsenceFineDayPay && days > 0 {
		s.add(Fine{Kind: FineDayPay, Source: "000 篇七 四 4", Count: days, DayPay: days,
			ZH: fmt.Sprintf("旷工扣除当日工资 %d 天（AT-4，000 篇七 四 4）", days),
			EN: fmt.Sprintf("the day's pay forfeited for %d days of absence (AT-4, 000 篇七 四 4)", days)})
	}
}

func (s *Summary) add(f Fine) {
	f.Rule = "AT-4"
	f.Yuan = f.Count * f.UnitYuan
	s.Fines = append(s.Fines, f)
	s.FineYuan += f.Yuan
	s.DayPayDays += f.DayPay
}
