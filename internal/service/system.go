package service

import (
	"context"
	"fmt"
	"os"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// Prepare runs at start-up: it seeds the working-day calendar on a new
// database, checks every centre's effective policy (the server refuses to
// start on an invalid one) and applies a policy file given on the command line.
func (s *Service) Prepare(ctx context.Context, policyFile string) error {
	if err := s.DB.Write(ctx, func(tx *store.Tx) error { return store.SeedCalendar(ctx, tx) }); err != nil {
		return fmt.Errorf("seed calendar: %w", err)
	}
	if policyFile != "" {
		if err := s.applyPolicyFile(ctx, policyFile); err != nil {
			return err
		}
	}
	centres, err := s.AllCentres(ctx)
	if err != nil {
		return err
	}
	for _, c := range centres {
		if _, _, err := s.EffectivePolicy(ctx, c.ID); err != nil {
			return fmt.Errorf("centre %d (%s): %w", c.ID, c.Name, err)
		}
	}
	return nil
}

// applyPolicyFile validates a policy file and stores it, effective today, for
// every top-level centre whose current document differs.
func (s *Service) applyPolicyFile(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return bianmin.Errorf(bianmin.EINVALID, "无法读取规章参数文件 "+path, "Cannot read the policy file "+path).Wrap(err)
	}
	if _, err := policy.Parse(data); err != nil {
		return err
	}
	centres, err := s.AllCentres(ctx)
	if err != nil {
		return err
	}
	today := bianmin.LocalDate(s.Clock.Now())
	for _, c := range centres {
		if c.ParentID != 0 {
			continue
		}
		var current string
		err := s.DB.Read(ctx, func(tx *store.Tx) error {
			v, err := store.EffectivePolicy(ctx, tx, c.ID, today)
			if err == nil {
				current = v.Document
			}
			return nil
		})
		if err != nil || current == string(data) {
			continue
		}
		err = s.DB.Write(ctx, func(tx *store.Tx) error {
			return store.SavePolicy(ctx, tx, &policy.Version{CentreID: c.ID, EffectiveFrom: today,
				Document: string(data), Note: "serve --policy " + path, CreatedBy: "system"}, bianmin.SystemActor("startup"))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// AllCentres lists every centre, for the command line and start-up checks.
func (s *Service) AllCentres(ctx context.Context) ([]*bianmin.Centre, error) {
	var cs []*bianmin.Centre
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		cs, err = store.Centres(ctx, tx)
		return err
	})
	return cs, err
}

// PublicCentres lists the centres for the public home page (names only are shown).
func (s *Service) PublicCentres(ctx context.Context) ([]*bianmin.Centre, error) {
	return s.AllCentres(ctx)
}

// AllUsers lists every account, for the command line.
func (s *Service) AllUsers(ctx context.Context) ([]*bianmin.User, error) {
	cs, err := s.AllCentres(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	var us []*bianmin.User
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		us, err = store.Users(ctx, tx, ids)
		return err
	})
	return us, err
}
