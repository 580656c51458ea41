package service

import (
	"context"
	"time"

	"bianmin/internal/store"
)

// jobInterval is how often housekeeping runs. Each job is idempotent, so two
// PostgreSQL instances running it at once do no harm.
const jobInterval = time.Minute

// RunJobs runs the housekeeping jobs until ctx ends.
func (s *Service) RunJobs(ctx context.Context) {
	t := time.NewTicker(jobInterval)
	defer t.Stop()
	for {
		s.RunJobsOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunJobsOnce runs every housekeeping job once; errors are logged, and the
// next run tries again.
func (s *Service) RunJobsOnce(ctx context.Context) {
	for name, job := range map[string]func(context.Context) error{
		"sessions":      s.expireSessions,
		"rate_counters": s.pruneRateCounters,
		"inactive":      s.disableInactiveAccounts,
		"day_end":       s.closeYesterday,
		"cases":         s.runCaseJobs, // R1.3, C-4 and the supervision sweep (SUP-2), every run
	} {
		if err := job(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("job failed", "job", name, "err", err.Error())
		}
	}
}

// expireSessions deletes sessions past the widest timeouts a policy may set
// (idle 30 min, absolute 24 h); each request still applies its centre's exact
// limits (SECURITY.md item 4), so this only clears rows nobody will use.
func (s *Service) expireSessions(ctx context.Context) error {
	now := s.Clock.Now().UTC()
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		n, err := store.DeleteExpiredSessions(ctx, tx, now.Add(-30*time.Minute), now.Add(-24*time.Hour))
		if n > 0 {
			s.Log.Info("sessions expired", "count", n)
		}
		return err
	})
}

// pruneRateCounters keeps a day of counters: failures of unknown login names
// are counted over 24 hours.
func (s *Service) pruneRateCounters(ctx context.Context) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := store.PruneRateCounters(ctx, tx, s.Clock.Now().UTC().Add(-25*time.Hour))
		return err
	})
}

// disableInactiveAccounts disables accounts unused for their centre's
// InactiveDisableDays (SECURITY.md item 7), each with its audit row.
func (s *Service) disableInactiveAccounts(ctx context.Context) error {
	users, err := s.AllUsers(ctx)
	if err != nil {
		return err
	}
	rulesOf := map[int64]SecurityRules{} // one policy read per centre, not per account
	for _, u := range users {
		if u.Disabled {
			continue
		}
		rules, ok := rulesOf[u.CentreID]
		if !ok {
			if rules, err = s.securityRules(ctx, u.CentreID); err != nil {
				return err
			}
			rulesOf[u.CentreID] = rules
		}
		if err := s.DB.Write(ctx, func(tx *store.Tx) error { return s.disableIfInactive(ctx, tx, u, rules, "job") }); err != nil {
			return err
		}
	}
	return nil
}
