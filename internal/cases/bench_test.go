package cases_test

import (
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
)

// BenchmarkDue is one working-day deadline with a closed and an open pause
// and an extension: every change to a case's clock and every case the
// supervision sweeper looks at computes one, so it must stay in the
// microseconds.
func BenchmarkDue(b *testing.B) {
	cal, p := calendar.Default(), policy.Default()
	terms := cases.Terms{Kind: bianmin.CasePromised, ItemType: bianmin.ItemLicence,
		Promised: bianmin.Limit{Value: 15, Unit: bianmin.UnitWorkingDays}, Statutory: bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays}}
	starts := make([]cases.Clock, 256)
	for i := range starts {
		acc := calendar.Date{Y: 2024, M: 1, D: 1}.AddDays(3 * i).Time().Add(10 * time.Hour)
		end := acc.Add(50 * time.Hour)
		starts[i] = cases.Clock{AcceptedAt: acc, ExtensionDays: 10, Pauses: []cases.Span{
			{Start: acc.Add(26 * time.Hour), End: &end}, {Start: acc.Add(100 * time.Hour)}}}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c := starts[i&255]
		cases.Due(cal, p, terms, c, c.AcceptedAt.Add(200*time.Hour))
		i++
	}
}
