package service

import (
	"context"

	"bianmin/internal/bianmin"
)

// securityRules returns the account rules in force at a centre: the
// security section of its effective policy (SECURITY.md items 2-4, 7). For
// centre 0 (an unknown login name, first-run setup) the built-in defaults apply.
func (s *Service) securityRules(ctx context.Context, centreID int64) (SecurityRules, error) {
	if centreID == 0 {
		return DefaultSecurityRules(), nil
	}
	p, _, err := s.EffectivePolicy(ctx, centreID)
	if err != nil {
		return SecurityRules{}, err
	}
	return p.Security, nil
}

// SecurityRulesFor returns the rules of the actor's home centre, for pages
// that explain them; on any error the defaults are shown.
func (s *Service) SecurityRulesFor(ctx context.Context, a *bianmin.Actor) SecurityRules {
	var centre int64
	if a != nil && len(a.Grants) > 0 {
		centre = a.Grants[0].CentreID
	}
	r, err := s.securityRules(ctx, centre)
	if err != nil {
		return DefaultSecurityRules()
	}
	return r
}
