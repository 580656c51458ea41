package service

import (
	"context"
	"errors"
	"slices"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// touchEvery limits writes of last_seen_at: a page with many requests
// writes at most once a minute, at the cost of up to a minute of idle-timeout
// precision.
const touchEvery = time.Minute

// Authenticate returns the actor and state of the session with the token.
// It returns ErrUnauthorized for an unknown token, a session past its idle
// or absolute timeout (the row is deleted, SECURITY.md item 4) and a
// disabled account (all its sessions are deleted on this very request,
// item 7). The caller adds the request's Source, RequestID and Lang.
func (s *Service) Authenticate(ctx context.Context, token string) (*bianmin.Actor, *SessionState, error) {
	if token == "" {
		return nil, nil, bianmin.ErrUnauthorized
	}
	var sess *store.Session
	var u *bianmin.User
	var actor *bianmin.Actor
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		var err error
		if sess, err = store.SessionByHash(ctx, tx, auth.TokenHash(token)); err != nil {
			return err
		}
		if u, err = store.UserByID(ctx, tx, sess.UserID); err != nil {
			return err
		}
		actor, err = buildActor(ctx, tx, u)
		return err
	})
	if errors.Is(err, bianmin.ErrNotFound) {
		return nil, nil, bianmin.ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	rules, err := s.securityRules(ctx, u.CentreID)
	if err != nil {
		return nil, nil, err
	}
	return s.checkSession(ctx, sess, u, actor, rules)
}

func (s *Service) checkSession(ctx context.Context, sess *store.Session, u *bianmin.User, actor *bianmin.Actor, r SecurityRules) (*bianmin.Actor, *SessionState, error) {
	now := s.DB.Now()
	if reason := sessionEnd(sess, u, r, now); reason != "" {
		if err := s.endSession(ctx, sess, u, reason); err != nil {
			return nil, nil, err
		}
		return nil, nil, bianmin.ErrUnauthorized
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		err := s.DB.Write(ctx, func(tx *store.Tx) error { return store.TouchSession(ctx, tx, sess.TokenHash) })
		if errors.Is(err, bianmin.ErrNotFound) { // ended meanwhile (logout, disable)
			return nil, nil, bianmin.ErrUnauthorized
		}
		if err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt = now
	}
	return withRequest(ctx, actor), &SessionState{
		MustChangePassword: u.MustChangePassword || password(r).Expired(u.PasswordChangedAt, now),
		CreatedAt:          sess.CreatedAt,
		LastSeenAt:         sess.LastSeenAt,
	}, nil
}

// sessionEnd returns why the session may no longer be used, or "".
func sessionEnd(sess *store.Session, u *bianmin.User, r SecurityRules, now time.Time) string {
	switch {
	case u.Disabled:
		return "disabled"
	case !now.Before(sess.LastSeenAt.Add(time.Duration(r.IdleTimeoutMinutes) * time.Minute)):
		return "idle"
	case !now.Before(sess.CreatedAt.Add(time.Duration(r.AbsoluteTimeoutHours) * time.Hour)):
		return "absolute"
	}
	return ""
}

// endSession deletes an expired session, or every session of a disabled
// account, and audits it.
func (s *Service) endSession(ctx context.Context, sess *store.Session, u *bianmin.User, reason string) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		n := 1
		if reason == "disabled" {
			n, err = store.DeleteUserSessions(ctx, tx, u.ID)
		} else if err = store.DeleteSession(ctx, tx, sess.TokenHash); errors.Is(err, bianmin.ErrNotFound) {
			return nil // another request ended it first
		}
		if err != nil {
			return err
		}
		rule := ruleSession
		if reason == "disabled" {
			rule = ruleLifecycle
		}
		return store.Audit(ctx, tx, withRequest(ctx, bianmin.SystemActor("session")), bianmin.AuditEntry{
			Action: "auth.session.end", ObjectType: "user", ObjectID: idStr(u.ID), CentreID: u.CentreID,
			After: bianmin.JSONOf(map[string]any{"reason": reason, "sessions": n}), RuleID: rule})
	})
}

// Logout ends the session with the token and audits it. An unknown or
// already ended token is not an error: logging out twice is harmless.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		sess, err := store.SessionByHash(ctx, tx, auth.TokenHash(token))
		if errors.Is(err, bianmin.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		u, err := store.UserByID(ctx, tx, sess.UserID)
		if err != nil {
			return err
		}
		if err := store.DeleteSession(ctx, tx, sess.TokenHash); err != nil {
			return err
		}
		a := withRequest(ctx, &bianmin.Actor{UserID: u.ID, Username: u.Username})
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{Action: "auth.logout", ObjectType: "user",
			ObjectID: idStr(u.ID), CentreID: u.CentreID})
	})
}

type sessionKey struct{}

// WithSessionToken returns a context that names the request's own session,
// so that ChangePassword keeps it while ending the user's other sessions.
// Without it every session of the user ends.
func WithSessionToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, sessionKey{}, auth.TokenHash(token))
}

func sessionHashFrom(ctx context.Context) string {
	h, _ := ctx.Value(sessionKey{}).(string)
	return h
}

// buildActor loads the user's grants and computes the scope: the granted
// centres, with subtrees for roles that see them (SECURITY.md item 9). The
// actor's Role is its first grant's role in bianmin.Roles order.
func buildActor(ctx context.Context, tx *store.Tx, u *bianmin.User) (*bianmin.Actor, error) {
	grants, err := store.Grants(ctx, tx, u.ID)
	if err != nil {
		return nil, err
	}
	scope, err := scopeOf(ctx, tx, grants)
	if err != nil {
		return nil, err
	}
	a := &bianmin.Actor{UserID: u.ID, Username: u.Username, Grants: grants, Scope: bianmin.Scope{Centres: scope}}
	for _, r := range bianmin.Roles {
		if slices.ContainsFunc(grants, func(g bianmin.Grant) bool { return g.Role == r }) {
			a.Role = r
			break
		}
	}
	return a, nil
}
