package service

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// SecurityRules are the security section of the centre's policy: the
// numbers accounts need (SECURITY.md items 2-4, 7).
type SecurityRules = policy.Security

// DefaultSecurityRules are the dengbao-l3 defaults of the built-in policy.
func DefaultSecurityRules() SecurityRules { return policy.Default().Security }

func password(r SecurityRules) auth.Rules {
	return auth.Rules{MinLength: r.PasswordMinLength, MinClasses: r.PasswordMinClasses,
		MaxAgeDays: r.PasswordMaxAgeDays, History: r.PasswordHistory}
}

// Rule IDs written to audit rows and errors: the SECURITY.md item behind
// each automatic decision.
const (
	rulePassword   = "SECURITY-2"
	ruleLockout    = "SECURITY-3"
	ruleSession    = "SECURITY-4"
	ruleLifecycle  = "SECURITY-7"
	ruleSeparation = "SECURITY-8"
	ruleScope      = "SECURITY-9"
	ruleRateLimit  = "SECURITY-33"
)

// NewUser is what an administrator (or first-run setup) gives to create an account.
type NewUser struct {
	CentreID     int64           `json:"centre_id"`
	DepartmentID int64           `json:"department_id,omitempty"`
	Username     string          `json:"username"`
	DisplayName  string          `json:"display_name"`
	StaffNo      string          `json:"staff_no,omitempty"`
	Phone        string          `json:"phone,omitempty"`
	Password     string          `json:"password"`
	Grants       []bianmin.Grant `json:"grants"`
}

// SessionState describes a live session to the web layer.
type SessionState struct {
	// MustChangePassword: the password was issued by an administrator or is
	// older than PasswordMaxAgeDays; only the change-password page may be used
	// (SECURITY.md item 2).
	MustChangePassword bool
	CreatedAt          time.Time
	LastSeenAt         time.Time
}

// errBadLogin is the one answer to an unknown name, a wrong password or a
// disabled account, so that the login form reveals nothing (SECURITY.md item 3).
var errBadLogin = bianmin.Errorf(bianmin.EUNAUTHORIZED, "用户名或密码错误。", "Wrong username or password.")

// lockedError tells the user how long the account stays locked.
func lockedError(until, now time.Time) error {
	m := int(math.Ceil(until.Sub(now).Minutes()))
	m = max(m, 1)
	return bianmin.Errorf(bianmin.EUNAUTHORIZED,
		fmt.Sprintf("登录失败次数过多，账户已锁定，请 %d 分钟后再试或联系安全管理员解锁。", m),
		fmt.Sprintf("Too many failed logins: the account is locked. Try again in %d minutes or ask the security administrator to unlock it.", m)).
		WithRule(ruleLockout)
}

// RetryAfterError is the internal cause of an ETOOMANY error: how long until
// the limit's window ends, for the HTTP Retry-After header (SECURITY.md item 33).
type RetryAfterError struct{ After time.Duration }

func (e *RetryAfterError) Error() string { return "retry after " + e.After.String() }

// RetryAfter returns the wait carried by an ETOOMANY error.
func RetryAfter(err error) (time.Duration, bool) {
	var r *RetryAfterError
	if errors.As(err, &r) {
		return r.After, true
	}
	return 0, false
}

func tooManyError(wait time.Duration) error {
	sec := max(int(math.Ceil(wait.Seconds())), 1)
	return retryErr(bianmin.Errorf(bianmin.ETOOMANY,
		fmt.Sprintf("登录尝试过于频繁，请 %d 秒后再试。", sec),
		fmt.Sprintf("Too many login attempts. Try again in %d seconds.", sec)), wait)
}

// retryErr marks a rate-limit refusal with its rule and the wait that
// becomes the Retry-After header (SECURITY.md item 33).
func retryErr(e *bianmin.Error, wait time.Duration) error {
	sec := max(int(math.Ceil(wait.Seconds())), 1)
	return e.WithRule(ruleRateLimit).Wrap(&RetryAfterError{After: time.Duration(sec) * time.Second})
}

// refusal marks an error whose audit row must be committed although the
// request fails: denied and failed attempts are audited too (SECURITY.md
// item 11).
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// refuse appends the audit row of a refused action and returns err marked
// so that write commits the row.
func refuse(ctx context.Context, tx *store.Tx, a *bianmin.Actor, e bianmin.AuditEntry, err error) error {
	if e.Result == "" {
		e.Result = bianmin.ResultDenied
	}
	if aerr := store.Audit(ctx, tx, a, e); aerr != nil {
		return aerr
	}
	return &refusal{err: err}
}

// write runs fn in a write transaction. A refusal from fn commits (keeping
// its audit row) and its error is returned; any other error rolls back.
func (s *Service) write(ctx context.Context, fn func(tx *store.Tx) error) error {
	var refused *refusal
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		err := fn(tx)
		if errors.As(err, &refused) {
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	if refused != nil {
		return refused.err
	}
	return nil
}

// isSystem reports the actor of the CLI, jobs and start-up, which may
// administer every centre.
func isSystem(a *bianmin.Actor) bool { return a != nil && a.UserID == 0 && a.Username == "system" }

// roleScope returns the centres where the actor acts in role r: the centres
// of its grants of r, with their subtrees when r sees subtrees. It is
// narrower than Actor.Scope, which unites all roles (SECURITY.md items 8-9).
func roleScope(ctx context.Context, tx *store.Tx, a *bianmin.Actor, r bianmin.Role) ([]int64, error) {
	var grants []bianmin.Grant
	for _, g := range a.Grants {
		if g.Role == r {
			grants = append(grants, g)
		}
	}
	return scopeOf(ctx, tx, grants)
}

// scopeOf unites the centres of the grants, adding subtrees for roles that see them.
func scopeOf(ctx context.Context, tx *store.Tx, grants []bianmin.Grant) ([]int64, error) {
	var ids []int64
	for _, g := range grants {
		if !g.Role.SeesSubtree() {
			ids = append(ids, g.CentreID)
			continue
		}
		sub, err := store.CentreSubtree(ctx, tx, g.CentreID)
		if err != nil {
			return nil, err
		}
		ids = append(ids, sub...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// mayAct reports whether the actor may act in role r on the centres: the
// system may always; a person needs every centre inside its scope for r.
func mayAct(ctx context.Context, tx *store.Tx, a *bianmin.Actor, r bianmin.Role, centres ...int64) (bool, error) {
	if isSystem(a) {
		return true, nil
	}
	if a == nil || a.UserID == 0 {
		return false, nil
	}
	scope, err := roleScope(ctx, tx, a, r)
	if err != nil {
		return false, err
	}
	for _, c := range centres {
		if !slices.Contains(scope, c) {
			return false, nil
		}
	}
	return true, nil
}

// userAudit is the audit form of an account: no hash, phone masked
// (SECURITY.md item 26).
func userAudit(u *bianmin.User, grants []bianmin.Grant) string {
	return bianmin.JSONOf(map[string]any{
		"username": u.Username, "display_name": u.DisplayName, "centre_id": u.CentreID,
		"department_id": u.DepartmentID, "staff_no": u.StaffNo, "phone": bianmin.MaskPhone(u.Phone),
		"disabled": u.Disabled, "must_change_password": u.MustChangePassword, "grants": grants,
	})
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// withRequest copies the request details (request ID, language, and the
// source unless a has one) of the context's actor onto a, for operations
// called with a token or credentials rather than an actor.
func withRequest(ctx context.Context, a *bianmin.Actor) *bianmin.Actor {
	if r := bianmin.ActorFrom(ctx); r != nil {
		a.RequestID, a.Lang = r.RequestID, r.Lang
		if a.Source == "" {
			a.Source = r.Source
		}
	}
	return a
}

// publicUser returns a copy of u safe to hand out: without the password hash.
func publicUser(u *bianmin.User) *bianmin.User {
	c := *u
	c.PasswordHash = ""
	return &c
}
