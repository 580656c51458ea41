package calendar

import "fmt"

// MaxConsecutiveWorkingDays is the national principle since 2025: except in
// special cases, no more than 6 working days in a row next to a holiday
// (STANDARDS.md R2.2 Art. 7, R2.5).
const MaxConsecutiveWorkingDays = 6

// Warning is a finding that does not stop an import: the administrator reads
// it and decides. Rule names the rule behind it.
type Warning struct {
	Rule string `json:"rule"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Run is a stretch of consecutive working days, From to To inclusive.
type Run struct {
	From, To Date
	Days     int
}

// LongRuns returns the stretches of more than limit consecutive working days
// that touch year. A stretch is followed into the neighbouring years, so one
// that crosses New Year is reported whole.
func (c *Calendar) LongRuns(year, limit int) []Run {
	first := Date{year, 1, 1}.dayNumber()
	last := Date{year, 12, 31}.dayNumber()
	for first > last-400 && c.working(first-1) { // extend back, bounded
		first--
	}
	var runs []Run
	for n := first; n <= last; n++ {
		if !c.working(n) {
			continue
		}
		end := n
		for end-n < 400 && c.working(end+1) {
			end++
		}
		if end-n+1 > limit {
			runs = append(runs, Run{fromDayNumber(n), fromDayNumber(end), end - n + 1})
		}
		n = end
	}
	return runs
}

// Warnings checks a year after an import (R2.5): stretches of more than 6
// consecutive working days are legal in special cases (2023 had 7) but worth
// a second look for a typing error.
func (c *Calendar) Warnings(year int) []Warning {
	var out []Warning
	for _, r := range c.LongRuns(year, MaxConsecutiveWorkingDays) {
		out = append(out, Warning{
			Rule: "R2.5",
			ZH: fmt.Sprintf("%s 至 %s 连续工作 %d 天，超过一般不超过 %d 天的原则，请核对是否录入有误。",
				r.From, r.To, r.Days, MaxConsecutiveWorkingDays),
			EN: fmt.Sprintf("%s to %s is %d working days in a row, more than the usual maximum of %d; check the data for a typing error.",
				r.From, r.To, r.Days, MaxConsecutiveWorkingDays),
		})
	}
	return out
}
