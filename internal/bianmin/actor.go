package bianmin

import (
	"context"
	"slices"
)

// Grant gives a user a role at a centre, optionally limited to one department.
type Grant struct {
	Role         Role  `json:"role"`
	CentreID     int64 `json:"centre_id"`
	DepartmentID int64 `json:"department_id,omitempty"` // 0: the whole centre
}

// Scope is the set of centres a request may read or change. A query never
// crosses it (SECURITY.md item 9).
type Scope struct {
	Centres []int64 `json:"centres"`
}

// Has reports whether the centre is inside the scope.
func (s Scope) Has(centreID int64) bool { return slices.Contains(s.Centres, centreID) }

// Actor is who performs an action: a person, a device or the system itself.
// Every audit row names one.
type Actor struct {
	UserID    int64   // 0 for the system or an anonymous citizen
	Username  string  // login name, or "system", "kiosk:3", "citizen"
	Role      Role    // the role the action is taken under
	Grants    []Grant // all of the user's grants
	Scope     Scope   // centres the actor may touch
	Source    string  // client IP address or device ID
	RequestID string
	Lang      string // "zh" or "en"
}

// HasRole reports whether the actor holds role r at any centre.
func (a *Actor) HasRole(r Role) bool {
	for _, g := range a.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// HasAnyRole reports whether the actor holds one of the roles.
func (a *Actor) HasAnyRole(rs ...Role) bool {
	for _, r := range rs {
		if a.HasRole(r) {
			return true
		}
	}
	return false
}

// SystemActor is the actor of automatic decisions (jobs, start-up, CLI).
func SystemActor(source string) *Actor {
	return &Actor{Username: "system", Source: source, Lang: "zh"}
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of the context, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
