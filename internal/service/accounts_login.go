package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// unknownNameWindow is how long failures of an unknown login name are
// counted. Real accounts count consecutive failures until a success; an
// unknown name never succeeds, so a day of failures stands in for
// "consecutive" (PruneRateCounters must keep a day).
const unknownNameWindow = 24 * time.Hour

// Rate-limit buckets shared by all instances (SECURITY.md items 3, 33).
func ipBucket(source string) string        { return "login.ip:" + source }
func accountBucket(name string) string     { return "login.account:" + name }
func unknownBucket(name string) string     { return "login.unknown:" + name }
func unknownLockBucket(name string) string { return "login.unknown.lock:" + name }

// loginAttempt is what Login knows about one attempt between its phases.
type loginAttempt struct {
	name, source, userAgent string
	rules                   SecurityRules // of the user's centre, or of centre 0 for unknown names
	ipRules                 SecurityRules // the per-address limit is not tied to a centre
	user                    *bianmin.User // nil: no such name
	ipFails, accountFails   int
	ipEnd, accountEnd       time.Time
	unknownLock             time.Time
}

// Login checks a username and password and opens a session. It returns the
// session token (for the cookie; only its hash is stored) and the actor.
//
// Errors: ETOOMANY when the address or the account exceeds its failure
// limit; EUNAUTHORIZED with the generic message for an unknown name, a wrong
// password or a disabled account, and with the lock message while the
// account is locked (SECURITY.md items 3, 7, 33, 36). Every attempt is audited.
// The password is checked outside any transaction, so the ~65 ms of argon2
// never holds the database writer.
func (s *Service) Login(ctx context.Context, username, password, source, userAgent string) (string, *bianmin.Actor, error) {
	at := &loginAttempt{name: store.NormalizeUsername(username), source: source, userAgent: userAgent}
	if err := s.loginPrecheck(ctx, at); err != nil {
		return "", nil, err
	}
	if err := s.loginRefusedEarly(ctx, at); err != nil {
		return "", nil, err
	}
	ok := false
	if at.user != nil {
		ok = auth.VerifyPassword(at.user.PasswordHash, password)
	} else {
		auth.DummyVerify()
	}
	var token string
	var actor *bianmin.Actor
	err := s.write(ctx, func(tx *store.Tx) (err error) {
		token, actor, err = s.loginApply(ctx, tx, at, ok)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return token, actor, nil
}

// loginPrecheck reads the counters, the user and the rules.
func (s *Service) loginPrecheck(ctx context.Context, at *loginAttempt) error {
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		var err error
		if at.ipFails, at.ipEnd, err = store.RateCount(ctx, tx, ipBucket(at.source), time.Minute); err != nil {
			return err
		}
		if at.accountFails, at.accountEnd, err = store.RateCount(ctx, tx, accountBucket(at.name), time.Hour); err != nil {
			return err
		}
		if at.unknownLock, err = store.RateMarkedUntil(ctx, tx, unknownLockBucket(at.name)); err != nil {
			return err
		}
		at.user, err = store.UserByUsername(ctx, tx, at.name)
		if errors.Is(err, bianmin.ErrNotFound) {
			at.user, err = nil, nil
		}
		return err
	})
	if err != nil {
		return err
	}
	centre := int64(0)
	if at.user != nil {
		centre = at.user.CentreID
	}
	if at.ipRules, err = s.securityRules(ctx, 0); err != nil {
		return err
	}
	at.rules, err = s.securityRules(ctx, centre)
	return err
}

// loginRefusedEarly refuses, without checking the password, an attempt from
// a throttled address, on an account over its hourly cap, or on a locked
// account or name. The refusal is audited.
func (s *Service) loginRefusedEarly(ctx context.Context, at *loginAttempt) error {
	now := s.DB.Now()
	var refusal error
	rule, reason := ruleLockout, "locked"
	ipLimit, accountLimit := at.ipRules.LoginFailuresPerIPMinute, at.rules.FailuresPerAccountHour
	switch {
	case ipLimit > 0 && at.ipFails >= ipLimit:
		refusal, rule, reason = tooManyError(at.ipEnd.Sub(now)), ruleRateLimit, "address limit"
	case accountLimit > 0 && at.accountFails >= accountLimit:
		refusal, reason = tooManyError(at.accountEnd.Sub(now)), "account hourly limit"
	case at.user != nil && at.user.LockedUntil != nil && now.Before(*at.user.LockedUntil):
		refusal = lockedError(*at.user.LockedUntil, now)
	case at.user == nil && now.Before(at.unknownLock):
		refusal = lockedError(at.unknownLock, now)
	default:
		return nil
	}
	return s.write(ctx, func(tx *store.Tx) error {
		if rule != ruleRateLimit {
			// A refused attempt still counts against its address; one refused
			// by the address limit does not extend that limit.
			if _, _, err := store.HitRate(ctx, tx, ipBucket(at.source), time.Minute); err != nil {
				return err
			}
		}
		return refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultDenied, rule, reason), refusal)
	})
}

// loginApply records the outcome of a checked password in one transaction,
// re-reading the account in case another instance changed it meanwhile.
func (s *Service) loginApply(ctx context.Context, tx *store.Tx, at *loginAttempt, ok bool) (string, *bianmin.Actor, error) {
	u, err := store.UserByUsername(ctx, tx, at.name)
	if errors.Is(err, bianmin.ErrNotFound) {
		return "", nil, s.loginUnknown(ctx, tx, at)
	}
	if err != nil {
		return "", nil, err
	}
	if u.LockedUntil != nil {
		if tx.Now.Before(*u.LockedUntil) {
			return "", nil, refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultDenied, ruleLockout, "locked"), lockedError(*u.LockedUntil, tx.Now))
		}
		if err := s.expireLock(ctx, tx, u); err != nil {
			return "", nil, err
		}
	}
	if err := s.disableIfInactive(ctx, tx, u, at.rules, "login"); err != nil {
		return "", nil, err
	}
	// A wrong password counts and locks even on a disabled account, so that
	// without the password a disabled account behaves like any other.
	if !ok || at.user == nil || u.PasswordHash != at.user.PasswordHash {
		return "", nil, s.loginWrongPassword(ctx, tx, at, u)
	}
	if u.Disabled {
		return "", nil, refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultDenied, ruleLifecycle, "disabled"), errBadLogin)
	}
	return s.loginSucceed(ctx, tx, at, u)
}

// expireLock clears a lock whose time is over, so the failure count starts
// again from zero as after an administrator's unlock (SECURITY.md item 3).
func (s *Service) expireLock(ctx context.Context, tx *store.Tx, u *bianmin.User) error {
	if err := store.Unlock(ctx, tx, u.ID); err != nil {
		return err
	}
	u.FailedLogins, u.LockedUntil = 0, nil
	return store.Audit(ctx, tx, bianmin.SystemActor("login"), bianmin.AuditEntry{
		Action: "auth.unlock", ObjectType: "user", ObjectID: idStr(u.ID), CentreID: u.CentreID,
		After: `{"reason":"lock expired"}`, RuleID: ruleLockout})
}

// disableIfInactive disables, at this attempt, an account unused for
// InactiveDisableDays (SECURITY.md item 7). The attempt then fails with the
// generic message: the login form never says that a name exists.
func (s *Service) disableIfInactive(ctx context.Context, tx *store.Tx, u *bianmin.User, r SecurityRules, by string) error {
	if u.Disabled {
		return nil
	}
	inactive, err := s.inactive(ctx, tx, u, r)
	if err != nil || !inactive {
		return err
	}
	if err := store.SetDisabled(ctx, tx, u.ID, true); err != nil {
		return err
	}
	u.Disabled = true
	return store.Audit(ctx, tx, bianmin.SystemActor(by), bianmin.AuditEntry{
		Action: "user.disable", ObjectType: "user", ObjectID: idStr(u.ID), CentreID: u.CentreID,
		Before: `{"disabled":false}`, After: `{"disabled":true,"reason":"inactive"}`, RuleID: ruleLifecycle})
}

// inactive reports an account not used for InactiveDisableDays, counting
// from its last login, its creation or its last re-enabling.
func (s *Service) inactive(ctx context.Context, tx *store.Tx, u *bianmin.User, r SecurityRules) (bool, error) {
	if r.InactiveDisableDays <= 0 {
		return false, nil
	}
	limit := time.Duration(r.InactiveDisableDays) * 24 * time.Hour
	since := u.CreatedAt
	if u.LastLoginAt != nil && u.LastLoginAt.After(since) {
		since = *u.LastLoginAt
	}
	if tx.Now.Sub(since) < limit {
		return false, nil
	}
	enabled, err := store.LastUserAudit(ctx, tx, u.ID, "user.enable")
	if err != nil {
		return false, err
	}
	return enabled == nil || tx.Now.Sub(*enabled) >= limit, nil
}

// loginWrongPassword counts a failure and locks the account at
// LockoutFailures consecutive failures for LockoutMinutes (SECURITY.md item 3).
func (s *Service) loginWrongPassword(ctx context.Context, tx *store.Tx, at *loginAttempt, u *bianmin.User) error {
	n, err := store.RecordLoginFailure(ctx, tx, u.ID, nil)
	if err != nil {
		return err
	}
	if err := countFailure(ctx, tx, at); err != nil {
		return err
	}
	if at.rules.LockoutFailures <= 0 || n < at.rules.LockoutFailures {
		return refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultFailed, ruleLockout, "wrong password"), errBadLogin)
	}
	until := tx.Now.Add(time.Duration(at.rules.LockoutMinutes) * time.Minute)
	if err := store.LockUser(ctx, tx, u.ID, until); err != nil {
		return err
	}
	if err := auditLock(ctx, tx, at, idStr(u.ID), u.CentreID, until, n); err != nil {
		return err
	}
	return refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultFailed, ruleLockout, "wrong password"), lockedError(until, tx.Now))
}

// loginUnknown treats a failure on an unknown name like one on a real
// account, counted in rate_counters: every LockoutFailures-th failure locks
// the name for LockoutMinutes, so the lock message appears for names that
// do not exist too (no user enumeration, SECURITY.md item 3).
func (s *Service) loginUnknown(ctx context.Context, tx *store.Tx, at *loginAttempt) error {
	n, _, err := store.HitRate(ctx, tx, unknownBucket(at.name), unknownNameWindow)
	if err != nil {
		return err
	}
	if err := countFailure(ctx, tx, at); err != nil {
		return err
	}
	if at.rules.LockoutFailures <= 0 || n%at.rules.LockoutFailures != 0 {
		return refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultFailed, ruleLockout, "unknown name"), errBadLogin)
	}
	until := tx.Now.Add(time.Duration(at.rules.LockoutMinutes) * time.Minute)
	if err := store.RateMark(ctx, tx, unknownLockBucket(at.name), until); err != nil {
		return err
	}
	if err := auditLock(ctx, tx, at, at.actor(ctx).Username, 0, until, at.rules.LockoutFailures); err != nil {
		return err
	}
	return refuse(ctx, tx, at.actor(ctx), at.entry(bianmin.ResultFailed, ruleLockout, "unknown name"), lockedError(until, tx.Now))
}

// countFailure counts a failed password against the address and against the
// name's hourly cap (SECURITY.md item 3: at most FailuresPerAccountHour).
func countFailure(ctx context.Context, tx *store.Tx, at *loginAttempt) error {
	if _, _, err := store.HitRate(ctx, tx, ipBucket(at.source), time.Minute); err != nil {
		return err
	}
	_, _, err := store.HitRate(ctx, tx, accountBucket(at.name), time.Hour)
	return err
}

func auditLock(ctx context.Context, tx *store.Tx, at *loginAttempt, objectID string, centreID int64, until time.Time, failures int) error {
	return store.Audit(ctx, tx, bianmin.SystemActor(at.source), bianmin.AuditEntry{
		Action: "auth.lock", ObjectType: "user", ObjectID: objectID, CentreID: centreID, RuleID: ruleLockout,
		After: bianmin.JSONOf(map[string]any{"locked_until": until, "failures": failures})})
}

// loginSucceed resets the failure count, records the login and opens a new
// session with a fresh token: every login rotates the token (SECURITY.md item 36).
func (s *Service) loginSucceed(ctx context.Context, tx *store.Tx, at *loginAttempt, u *bianmin.User) (string, *bianmin.Actor, error) {
	if err := store.RecordLoginSuccess(ctx, tx, u.ID); err != nil {
		return "", nil, err
	}
	token, hash := auth.NewToken()
	if err := store.CreateSession(ctx, tx, hash, u.ID, at.source, at.userAgent); err != nil {
		return "", nil, err
	}
	actor, err := buildActor(ctx, tx, u)
	if err != nil {
		return "", nil, err
	}
	actor.Source = at.source
	withRequest(ctx, actor)
	err = store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "auth.login", ObjectType: "user",
		ObjectID: idStr(u.ID), CentreID: u.CentreID})
	return token, actor, err
}

// actor is who an attempt is audited as. An unknown name is recorded only
// as a short hash: people type passwords into the name field, and a
// password must never reach the audit log (SECURITY.md item 38).
func (at *loginAttempt) actor(ctx context.Context) *bianmin.Actor {
	a := withRequest(ctx, &bianmin.Actor{Username: at.name, Source: at.source})
	if at.user != nil {
		a.UserID = at.user.ID
		return a
	}
	sum := sha256.Sum256([]byte(at.name))
	a.Username = "unknown:" + hex.EncodeToString(sum[:6])
	return a
}

func (at *loginAttempt) entry(result, rule, reason string) bianmin.AuditEntry {
	e := bianmin.AuditEntry{Action: "auth.login", ObjectType: "user", Result: result, RuleID: rule}
	if at.user != nil {
		e.ObjectID, e.CentreID = idStr(at.user.ID), at.user.CentreID
	}
	if reason != "" {
		e.After = bianmin.JSONOf(map[string]string{"reason": reason})
	}
	return e
}
