package catalogio

import (
	"slices"
	"time"

	"bianmin/internal/bianmin"
)

// Canonical returns a copy of it holding only what the format carries, so
// two versions can be compared with reflect.DeepEqual: the database's own
// fields (ID, centre, CreatedAt, PublishedAt, material IDs and uploaded file
// IDs) are cleared, empty lists are nil, materials are numbered 1..n in
// order, and co-approving departments, a set, are sorted.
func Canonical(it *bianmin.ServiceItem) *bianmin.ServiceItem {
	c := *it
	c.ID, c.CentreID, c.CreatedAt, c.PublishedAt = 0, 0, time.Time{}, nil
	c.Steps = nilIfEmpty(slices.Clone(it.Steps))
	c.LifeEvents = nilIfEmpty(slices.Clone(it.LifeEvents))
	c.FAQ = nilIfEmpty(slices.Clone(it.FAQ))
	c.CoDepartmentIDs = nilIfEmpty(slices.Sorted(slices.Values(it.CoDepartmentIDs)))
	c.Materials = nilIfEmpty(slices.Clone(it.Materials))
	for i := range c.Materials {
		m := &c.Materials[i]
		m.ID, m.BlankFormID, m.SampleID, m.Position = 0, 0, 0, i+1
	}
	return &c
}
