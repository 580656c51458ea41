package service

import (
	"cmp"
	"context"
	"slices"

	"bianmin/internal/store"
)

// statBuilder turns the grouped rows of the store into the lines of
// QueueStats: every queue and window of the centre (with zeros where
// nothing happened) and every clerk who served or was rated.
type statBuilder struct {
	tx    *store.Tx
	rg    store.StatRange
	out   *QueueStats
	isBad func(code int) bool
	// alwaysClerk gets a line even without services: a clerk reading their own.
	alwaysClerk int64
}

func (b *statBuilder) build(ctx context.Context) error {
	services, err := store.ServiceStats(ctx, b.tx, b.rg)
	if err != nil {
		return err
	}
	ratings, err := store.RatingStats(ctx, b.tx, b.rg)
	if err != nil {
		return err
	}
	if err := b.queues(ctx, services); err != nil {
		return err
	}
	if err := b.windows(ctx, services, ratings); err != nil {
		return err
	}
	return b.clerks(ctx, services, ratings)
}

func (b *statBuilder) queues(ctx context.Context, services []store.ServiceStat) error {
	qs, err := store.Queues(ctx, b.tx, b.rg.CentreID)
	if err != nil {
		return err
	}
	events, err := store.QueueEventStats(ctx, b.tx, b.rg)
	if err != nil {
		return err
	}
	waits, err := store.QueueWaitStats(ctx, b.tx, b.rg)
	if err != nil {
		return err
	}
	lines := make([]QueueStatsLine, len(qs))
	sums := make([]serviceSum, len(qs))
	at := map[int64]int{}
	for i, q := range qs {
		lines[i] = QueueStatsLine{QueueID: q.ID, Prefix: q.Prefix, Name: q.Name, NameEN: q.NameEN}
		at[q.ID] = i
	}
	for _, e := range events {
		if i, ok := at[e.QueueID]; ok {
			lines[i].Issued, lines[i].Called, lines[i].NoShows, lines[i].Transfers = e.Issued, e.Called, e.NoShows, e.Transfers
		}
	}
	for _, w := range waits {
		if i, ok := at[w.QueueID]; ok {
			lines[i].AvgWaitMin, lines[i].MaxWaitMin = minutes(w.AvgWaitSec), minutes(w.MaxWaitSec)
		}
	}
	for _, s := range services {
		if i, ok := at[s.QueueID]; ok {
			sums[i].add(s)
		}
	}
	for i := range lines {
		lines[i].Served, lines[i].AvgServiceMin = sums[i].served, sums[i].avgMinutes()
	}
	b.out.Queues = lines
	return nil
}

// serviceSum adds up served tickets and their timed seconds.
type serviceSum struct {
	served, timed int
	sec           float64
}

func (s *serviceSum) add(st store.ServiceStat) {
	s.served += st.Served
	s.timed += st.Timed
	s.sec += st.ServiceSec
}

func (s *serviceSum) avgMinutes() float64 {
	if s.timed == 0 {
		return 0
	}
	return minutes(s.sec / float64(s.timed))
}

func (b *statBuilder) windows(ctx context.Context, services []store.ServiceStat, ratings []store.RatingStat) error {
	ws, err := store.Windows(ctx, b.tx, b.rg.CentreID)
	if err != nil {
		return err
	}
	pauses, err := store.PauseStats(ctx, b.tx, b.rg, b.tx.Now)
	if err != nil {
		return err
	}
	lines := make([]WindowStatsLine, len(ws))
	sums := make([]serviceSum, len(ws))
	pauseSec := make([]float64, len(ws))
	at := map[int64]int{}
	for i, w := range ws {
		lines[i] = WindowStatsLine{WindowID: w.ID, Number: w.Number, Name: w.Name, NameEN: w.NameEN, PauseReasons: []PauseReasonLine{}}
		at[w.ID] = i
	}
	for _, s := range services {
		if i, ok := at[s.WindowID]; ok {
			sums[i].add(s)
		}
	}
	for _, p := range pauses {
		if i, ok := at[p.WindowID]; ok {
			lines[i].Pauses += p.Count
			pauseSec[i] += p.Seconds
			lines[i].PauseReasons = append(lines[i].PauseReasons, PauseReasonLine{Reason: p.Reason, Count: p.Count, Minutes: minutes(p.Seconds)})
		}
	}
	for _, r := range ratings {
		if i, ok := at[r.WindowID]; ok {
			b.count(&lines[i].Ratings, r)
		}
	}
	for i := range lines {
		lines[i].Served, lines[i].AvgServiceMin, lines[i].PauseMin = sums[i].served, sums[i].avgMinutes(), minutes(pauseSec[i])
	}
	b.out.Windows = lines
	return nil
}

func (b *statBuilder) clerks(ctx context.Context, services []store.ServiceStat, ratings []store.RatingStat) error {
	lines := map[int64]*ClerkStatsLine{}
	sums := map[int64]*serviceSum{}
	get := func(id int64) *ClerkStatsLine {
		if lines[id] == nil {
			lines[id], sums[id] = &ClerkStatsLine{UserID: id}, &serviceSum{}
		}
		return lines[id]
	}
	for _, s := range services {
		if s.UserID != 0 {
			get(s.UserID)
			sums[s.UserID].add(s)
		}
	}
	for _, r := range ratings {
		if r.UserID != 0 {
			b.count(&get(r.UserID).Ratings, r)
		}
	}
	if b.alwaysClerk != 0 {
		get(b.alwaysClerk)
	}
	ids := make([]int64, 0, len(lines))
	for id := range lines {
		ids = append(ids, id)
	}
	cards, err := store.StaffCards(ctx, b.tx, ids)
	if err != nil {
		return err
	}
	out := make([]ClerkStatsLine, 0, len(lines))
	for id, l := range lines {
		if c := cards[id]; c != nil {
			l.Name, l.StaffNo = c.Name, c.StaffNo
		}
		l.Served, l.AvgServiceMin = sums[id].served, sums[id].avgMinutes()
		out = append(out, *l)
	}
	slices.SortFunc(out, func(x, y ClerkStatsLine) int {
		return cmp.Or(cmp.Compare(x.StaffNo, y.StaffNo), cmp.Compare(x.Name, y.Name), cmp.Compare(x.UserID, y.UserID))
	})
	b.out.Clerks = out
	return nil
}

// count adds a group of ratings to the counts per level (R4.2) and the bad count (R4.1).
func (b *statBuilder) count(c *RatingCounts, r store.RatingStat) {
	if r.Code < 1 || r.Code > 5 {
		return
	}
	c.ByCode[r.Code-1] += r.Count
	c.Total += r.Count
	if b.isBad(r.Code) {
		c.Bad += r.Count
	}
}
