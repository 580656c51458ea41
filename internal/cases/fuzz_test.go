package cases_test

import (
	"slices"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
)

// FuzzFeeUnits: any standard text gives positive amounts in fen, each of
// which reads back the same once formatted by Yuan (CAT-3).
func FuzzFeeUnits(f *testing.F) {
	for _, s := range []string{"每本10元", "工本费 5.5 元", "正本20元，副本每本5.5元", "每证１２．５元", "评审费1,500元",
		"10.555元", "0元", "免费", "99999999999999999999元", "1,2,3元", ".5元", "5.元"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, standard string) {
		for _, v := range cases.FeeUnits(standard) {
			if v <= 0 {
				t.Fatalf("FeeUnits(%q) has %d", standard, v)
			}
			if back := cases.FeeUnits(cases.Yuan(v) + "元"); !slices.Equal(back, []int64{v}) {
				t.Fatalf("FeeUnits(%q) has %d, but %q reads back as %v", standard, v, cases.Yuan(v)+"元", back)
			}
			if err := cases.CheckFee(standard, v, 1); err != nil {
				t.Fatalf("CheckFee(%q, %d) refuses its own amount: %v", standard, v, err)
			}
		}
	})
}

// FuzzNext: any status and action string gives either a known status or an
// error that keeps the status.
func FuzzNext(f *testing.F) {
	for _, s := range allStatuses {
		for _, a := range allActions {
			f.Add(string(s), string(a))
		}
	}
	f.Add("accepted\x00", "review")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, status, action string) {
		got, err := cases.Next(bianmin.CaseStatus(status), cases.Action(action))
		if err != nil {
			if got != bianmin.CaseStatus(status) || bianmin.AsError(err) == nil {
				t.Fatalf("Next(%q, %q) = %q, %v", status, action, got, err)
			}
			return
		}
		if !knownStatus[got] || !knownStatus[bianmin.CaseStatus(status)] {
			t.Fatalf("Next(%q, %q) = %q: an unknown status moved", status, action, got)
		}
		_ = cases.StatusName(got, "en")
	})
}

// FuzzDue: random limits, units, kinds, pauses, extensions and thresholds
// never panic, and the deadline is never before the acceptance day ends
// nor before the deadline without pauses.
func FuzzDue(f *testing.F) {
	f.Add(uint16(20), uint8(0), uint8(0), int64(0), int64(3*24*60), int64(600), true, uint8(10), int64(24*60), uint8(1), uint8(20), uint8(0))
	f.Add(uint16(48), uint8(2), uint8(1), int64(500), int64(-60), int64(0), false, uint8(0), int64(0), uint8(0), uint8(100), uint8(3))
	f.Add(uint16(3650), uint8(1), uint8(3), int64(900000), int64(1), int64(99999), true, uint8(60), int64(-5), uint8(10), uint8(0), uint8(1))
	f.Add(uint16(0), uint8(3), uint8(5), int64(-900000), int64(0), int64(0), false, uint8(255), int64(1<<40), uint8(255), uint8(255), uint8(255))
	f.Fuzz(func(t *testing.T, value uint16, unit, kind uint8, startMin, pauseMin, pauseLen int64, open bool, ext uint8,
		nowMin int64, yellowDays, yellowPct, grace uint8) {
		cal, p := calendar.Default(), policy.Default()
		p.Supervision.YellowWorkingDaysLeft = int(yellowDays % 11)
		p.Supervision.YellowPercentLeft = int(yellowPct % 101)
		p.Supervision.RedGraceWorkingDays = int(grace % 4)
		units := []bianmin.LimitUnit{bianmin.UnitWorkingDays, bianmin.UnitCalendarDays, bianmin.UnitHours, bianmin.UnitOnTheSpot}
		limit := bianmin.Limit{Value: int(value), Unit: units[int(unit)%len(units)]}
		terms := cases.Terms{Kind: bianmin.CaseKinds[int(kind)%len(bianmin.CaseKinds)], ItemType: bianmin.ItemLicence,
			Promised: limit, Statutory: bianmin.Limit{Value: int(value) * 2, Unit: limit.Unit}}
		// Instants within about ten years of 2025, in minutes.
		clamp := func(m int64) time.Duration { return time.Duration(m%(10*366*24*60)) * time.Minute }
		base := time.Date(2025, 6, 1, 9, 0, 0, 0, bianmin.Shanghai)
		c := cases.Clock{AcceptedAt: base.Add(clamp(startMin)), ExtensionDays: int(ext % 61)}
		ps := c.AcceptedAt.Add(clamp(pauseMin))
		s := cases.Span{Start: ps}
		if !open {
			e := ps.Add(clamp(pauseLen))
			s.End = &e
		}
		c.Pauses = []cases.Span{s}
		now := c.AcceptedAt.Add(clamp(nowMin))
		d := cases.Due(cal, p, terms, c, now)
		if d.At.Before(c.AcceptedAt) {
			t.Fatalf("due %s before acceptance %s (terms %+v, clock %+v)", d.At, c.AcceptedAt, terms, c)
		}
		if d.Rule == "" || d.ZH == "" || d.EN == "" || d.YellowAt.After(d.RedAt) {
			t.Fatalf("deadline %+v lacks its rule, explanation or order", d)
		}
		c.Pauses = nil
		if plain := cases.Due(cal, p, terms, c, now); d.At.Before(plain.At) {
			t.Fatalf("paused deadline %s before the unpaused %s", d.At, plain.At)
		}
		_ = cases.ColourAt(d, now)
	})
}
