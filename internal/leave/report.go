package leave

import (
	"cmp"
	"slices"
	"time"

	"bianmin/internal/calendar"
	"bianmin/internal/duty"
)

// WeekRow is one department's approved leave in one week (LV-6).
type WeekRow struct {
	Week       calendar.Date // Monday; weeks run Monday to Sunday
	Department int64
	Requests   int // requests with working time in the week
	People     int
	Minutes    int          // service minutes of leave in the week
	Days       float64      // working days of leave: each day by its share of its sessions
	ByType     map[Type]int // minutes by type
	Rule       string       // LV-6
}

// WeeklyReport groups approved leave by week and department with its
// working length, from the week of from to the week of to, inside [from,
// to] (LV-6, 002 §(五)4 "每周统计一次"). Approved, started, overdue and
// cancelled leave counts, a cancelled one up to the return; pending, refused
// and withdrawn requests do not. Short absences are not leave: the duty chief
// files their slips daily (LV-7). A leave across weeks is split by its
// working time in each.
func WeeklyReport(cal *calendar.Calendar, h calendar.Hours, requests []Request, from, to calendar.Date) []WeekRow {
	type key struct {
		week calendar.Date
		dept int64
	}
	rows := map[key]*WeekRow{}
	people := map[key]map[int64]bool{}
	lo, hi := from.Time(), to.AddDays(1).Time()
	for _, r := range requests {
		end, ok := reported(r)
		if !ok {
			continue
		}
		start, stop := later(r.From, lo), earlier(end, hi)
		if !stop.After(start) {
			continue
		}
		for mon := duty.Monday(calendar.DateOf(start)); mon.Time().Before(stop); mon = mon.AddDays(7) {
			l, err := Measure(cal, h, later(start, mon.Time()), earlier(stop, mon.AddDays(7).Time()))
			if err != nil {
				continue // no working time in this week
			}
			k := key{mon, r.Department}
			row := rows[k]
			if row == nil {
				row = &WeekRow{Week: mon, Department: r.Department, ByType: map[Type]int{}, Rule: "LV-6"}
				rows[k], people[k] = row, map[int64]bool{}
			}
			row.Requests++
			row.Minutes += l.Minutes
			row.Days += l.Days
			row.ByType[r.Type] += l.Minutes
			people[k][r.Applicant] = true
			row.People = len(people[k])
		}
	}
	out := make([]WeekRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b WeekRow) int {
		return cmp.Or(a.Week.Compare(b.Week), cmp.Compare(a.Department, b.Department))
	})
	return out
}

// reported returns the end of the leave time a request reports, if it counts.
func reported(r Request) (time.Time, bool) {
	if r.Route.ShortAbsence {
		return time.Time{}, false
	}
	switch r.State {
	case Approved, Started, Overdue:
		return r.To, true
	case Cancelled:
		if !r.ReturnedAt.IsZero() && r.ReturnedAt.Before(r.To) {
			return r.ReturnedAt, true
		}
		return r.To, true
	}
	return time.Time{}, false
}
