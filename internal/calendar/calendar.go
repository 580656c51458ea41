package calendar

import (
	"fmt"
	"math"
	"slices"
	"time"

	"bianmin/internal/bianmin"
)

// Day is a date that differs from the Monday-Friday week (STANDARDS.md R2.6):
// a public holiday day off, or a make-up working day (调休补班) that is a
// working day even on a Saturday or Sunday (R2.4).
type Day struct {
	Date   Date   `json:"date"`
	Off    bool   `json:"off"`              // true: holiday day off; false: make-up working day
	Name   string `json:"name"`             // the festival as the notice names it, e.g. "国庆节、中秋节" (R2.9)
	Source string `json:"source,omitempty"` // where the day came from, e.g. "builtin" or "holiday-cn 2025.json"
}

// Calendar is the legal working-day calendar used for statutory deadlines
// (DOMAIN.md C-0, STANDARDS.md R1.1). Dates it does not list follow the
// Monday-Friday week, inside and outside the years it covers: Covers tells a
// caller when a result rests on an unpublished year (R2.1).
//
// Every working day has an ordinal, its position in the sequence of all
// working days; deadline arithmetic is arithmetic on ordinals. Inside the
// listed years a precomputed table gives ordinals both ways in O(1); outside
// them the Monday-Friday closed form does. A Calendar is immutable and safe
// for concurrent use.
type Calendar struct {
	days  map[Date]Day
	years map[int]bool
	lo    int     // day number of the first day of the table (1 January)
	hi    int     // day number one past the table's last day
	count []int32 // count[i]: working days in [lo, lo+i)
	work  []int32 // work[k]: offset from lo of the table's k-th working day
	ordLo int     // ordinal of lo
	adj   int     // working days in the table minus its Monday-Friday days
}

// New builds a calendar from its listed days. A date listed twice with the
// same Off value is merged (the first name is kept); twice with different
// values is an error, as is an invalid date.
func New(days []Day) (*Calendar, error) {
	c := &Calendar{days: make(map[Date]Day, len(days)), years: map[int]bool{}}
	var v bianmin.Validation
	for i, d := range days {
		if err := c.add(d); err != nil {
			err.Field = fmt.Sprintf("days[%d].%s", i, err.Field)
			v.AddErr(err)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c.build()
	return c, nil
}

func (c *Calendar) add(d Day) *bianmin.Error {
	// Only the date is checked here: names are checked when a day is written
	// (Day.Validate), so that a stored odd name never stops the calendar loading.
	if !d.Date.Valid() {
		return errNoSuchDate(d.Date)
	}
	if prev, ok := c.days[d.Date]; ok {
		if prev.Off != d.Off {
			return bianmin.FieldError("date",
				fmt.Sprintf("日期 %s 重复出现，且一处为休息日、一处为工作日。", d.Date),
				fmt.Sprintf("Date %s is listed twice, once as a day off and once as a working day.", d.Date))
		}
		return nil
	}
	c.days[d.Date] = d
	// A notice lists days of the previous December (R2.7), so a December day
	// alone does not make its year published.
	if d.Date.M != time.December {
		c.years[d.Date.Y] = true
	}
	return nil
}

// build precomputes the working-day table over the whole years listed.
func (c *Calendar) build() {
	if len(c.days) > 0 {
		first, last := c.span()
		c.lo = Date{first, time.January, 1}.dayNumber()
		c.hi = Date{last + 1, time.January, 1}.dayNumber()
	}
	c.count = make([]int32, c.hi-c.lo+1)
	c.work = make([]int32, 0, (c.hi-c.lo)*5/7+16)
	for n := c.lo; n < c.hi; n++ {
		i := n - c.lo
		c.count[i+1] = c.count[i]
		if c.listedWorking(n) {
			c.count[i+1]++
			c.work = append(c.work, int32(i))
		}
	}
	c.ordLo = weekdaysBefore(c.lo)
	c.adj = len(c.work) - (weekdaysBefore(c.hi) - c.ordLo)
}

// span returns the first and last calendar year of the listed days.
func (c *Calendar) span() (first, last int) {
	first, last = math.MaxInt, math.MinInt
	for d := range c.days {
		first, last = min(first, d.Y), max(last, d.Y)
	}
	return first, last
}

// listedWorking decides a day from the listed days, else Monday-Friday.
func (c *Calendar) listedWorking(n int) bool {
	if d, ok := c.days[fromDayNumber(n)]; ok {
		return !d.Off
	}
	return isWeekday(n)
}

// IsWorkingDay reports whether d is a legal working day: Monday-Friday unless
// listed as a holiday, and every listed make-up day even at a weekend (R2.4).
func (c *Calendar) IsWorkingDay(d Date) bool { return c.working(d.dayNumber()) }

func (c *Calendar) working(n int) bool {
	if n >= c.lo && n < c.hi {
		i := n - c.lo
		return c.count[i+1] > c.count[i]
	}
	return isWeekday(n)
}

// AddWorkingDays returns the deadline of n working days from start (R1.17,
// C-0): start itself is not counted, and the n-th working day after it is the
// last day, even when start is not a working day. n = 0 returns start (an
// on-the-spot item, R1.20); n < 0 returns the |n|-th working day before start.
func (c *Calendar) AddWorkingDays(start Date, n int) Date {
	s := start.dayNumber()
	switch {
	case n > 0:
		return fromDayNumber(c.dayOfOrdinal(c.ordinal(s+1) + n - 1))
	case n < 0:
		return fromDayNumber(c.dayOfOrdinal(c.ordinal(s) + n))
	}
	return start
}

// NextWorkingDay returns the first working day after d.
func (c *Calendar) NextWorkingDay(d Date) Date { return c.AddWorkingDays(d, 1) }

// AddCalendarDays returns the deadline of n calendar days from start, for
// items whose limit is in natural days (R1.18, R1.19): start is not counted,
// and a last day that is not a working day moves to the next working day
// (R1.17).
func (c *Calendar) AddCalendarDays(start Date, n int) Date {
	end := start.AddDays(n)
	if c.IsWorkingDay(end) {
		return end
	}
	return c.NextWorkingDay(end)
}

// WorkingDaysBetween counts the working days in (a, b]: a is not counted,
// b is (R1.17). It is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	return c.ordinal(b.dayNumber()+1) - c.ordinal(a.dayNumber()+1)
}

// ordinal returns the number of working days before day n, counted from a
// fixed origin (it may be negative). It is the ordinal of n when n is a
// working day.
func (c *Calendar) ordinal(n int) int {
	switch {
	case n <= c.lo:
		return weekdaysBefore(n)
	case n >= c.hi:
		return weekdaysBefore(n) + c.adj
	}
	return c.ordLo + int(c.count[n-c.lo])
}

// dayOfOrdinal returns the working day whose ordinal is k.
func (c *Calendar) dayOfOrdinal(k int) int {
	switch {
	case k < c.ordLo:
		return nthWeekday(k)
	case k >= c.ordLo+len(c.work):
		return nthWeekday(k - c.adj)
	}
	return c.lo + int(c.work[k-c.ordLo])
}

// mondayOrigin is 1969-12-29, a Monday: weekday ordinals count from it.
const mondayOrigin = -3

func isWeekday(n int) bool { return floorMod(n-mondayOrigin, 7) < 5 }

// weekdaysBefore counts Monday-Friday days in [origin, n) (negative before it).
func weekdaysBefore(n int) int {
	e := n - mondayOrigin
	return floorDiv(e, 7)*5 + min(floorMod(e, 7), 5)
}

// nthWeekday inverts weekdaysBefore on weekdays.
func nthWeekday(k int) int { return mondayOrigin + floorDiv(k, 5)*7 + floorMod(k, 5) }

// Day returns the listed day of d, if d is listed.
func (c *Calendar) Day(d Date) (Day, bool) {
	day, ok := c.days[d]
	return day, ok
}

// Days returns the listed days in date order.
func (c *Calendar) Days() []Day {
	out := make([]Day, 0, len(c.days))
	for _, d := range c.days {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return out
}

// Covers reports whether the holiday arrangement of year is in the calendar
// (R2.1): some day of that year other than in December is listed. Outside
// covered years the calendar still answers, by the Monday-Friday week.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// CoversDates reports whether every year from a to b (in either order) is
// covered, so that a deadline computed across them is final, not provisional.
func (c *Calendar) CoversDates(a, b Date) bool {
	if b.Before(a) {
		a, b = b, a
	}
	for y := a.Y; y <= b.Y; y++ {
		if !c.years[y] {
			return false
		}
	}
	return true
}

// Years returns the covered years in order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// MissingNextYearWarning returns the administrator warning of R2.1 and
// DEPENDENCIES.md: the current year is not in the calendar at all, or it is
// November or December and next year's arrangement is not yet imported (the
// State Council publishes it in October-November).
func (c *Calendar) MissingNextYearWarning(today Date) (zh, en string, ok bool) {
	if !c.Covers(today.Y) {
		return fmt.Sprintf("工作日历缺少%d年（本年）的节假日安排，期限暂按周一至周五计算，请导入国务院办公厅通知。", today.Y),
			fmt.Sprintf("The working-day calendar lacks this year's (%d) holiday arrangement; deadlines count Monday-Friday until the State Council notice is imported.", today.Y),
			true
	}
	next := today.Y + 1
	if today.M >= time.November && !c.Covers(next) {
		return fmt.Sprintf("%d年节假日安排尚未发布或尚未导入，跨年期限暂按周一至周五计算，发布后请及时导入。", next),
			fmt.Sprintf("The %d holiday arrangement is not yet published or not yet imported; deadlines into %d count Monday-Friday until it is imported.", next, next),
			true
	}
	return "", "", false
}
