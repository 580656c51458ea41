package service

import (
	"context"
	"fmt"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var errOldPassword = bianmin.FieldError("old_password", "当前密码不正确。", "The current password is wrong.")

// ChangePassword lets the actor replace its own password. The current
// password must be right (a wrong one counts as a failed login and can lock
// the account); the new one must meet the rules and not be one of the last
// PasswordHistory passwords (SECURITY.md item 2). The user's other sessions
// end; the request's own session (WithSessionToken) stays.
func (s *Service) ChangePassword(ctx context.Context, actor *bianmin.Actor, old, new string) error {
	if actor == nil || actor.UserID == 0 {
		return bianmin.ErrUnauthorized
	}
	var u *bianmin.User
	var history []string
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		u, err = store.UserByID(ctx, tx, actor.UserID)
		return err
	})
	if err != nil {
		return err
	}
	rules, err := s.securityRules(ctx, u.CentreID)
	if err != nil {
		return err
	}
	if !auth.VerifyPassword(u.PasswordHash, old) {
		return s.write(ctx, func(tx *store.Tx) error { return s.wrongOldPassword(ctx, tx, actor, u, rules) })
	}
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		history, err = store.RecentPasswordHashes(ctx, tx, u.ID, max(rules.PasswordHistory, 1))
		return err
	})
	if err != nil {
		return err
	}
	if err := checkNewPassword(new, u, rules, append(history, u.PasswordHash)); err != nil {
		return err
	}
	hash, err := auth.HashPassword(new)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error { return s.storeOwnPassword(ctx, tx, actor, u, hash) })
}

func (s *Service) storeOwnPassword(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, u *bianmin.User, hash string) error {
	cur, err := store.UserByID(ctx, tx, u.ID)
	if err != nil {
		return err
	}
	if cur.PasswordHash != u.PasswordHash { // changed by another request since it was verified
		return bianmin.ErrConflict
	}
	if err := store.UpdatePassword(ctx, tx, u.ID, hash, false); err != nil {
		return err
	}
	var ended int
	if keep := sessionHashFrom(ctx); keep != "" {
		ended, err = store.DeleteUserSessionsExcept(ctx, tx, u.ID, keep)
	} else {
		ended, err = store.DeleteUserSessions(ctx, tx, u.ID)
	}
	if err != nil {
		return err
	}
	return store.Audit(ctx, tx, actor, bianmin.AuditEntry{Action: "auth.password.change", ObjectType: "user",
		ObjectID: idStr(u.ID), CentreID: u.CentreID, RuleID: rulePassword,
		Before: bianmin.JSONOf(map[string]any{"must_change_password": cur.MustChangePassword}),
		After:  bianmin.JSONOf(map[string]any{"must_change_password": false, "sessions_ended": ended})})
}

// wrongOldPassword treats a wrong current password as a failed login, so
// that a stolen session cannot be used to guess the password without limit
// (SECURITY.md item 3). Reaching the lockout locks the account and ends its
// sessions.
func (s *Service) wrongOldPassword(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, u *bianmin.User, r SecurityRules) error {
	n, err := store.RecordLoginFailure(ctx, tx, u.ID, nil)
	if err != nil {
		return err
	}
	entry := bianmin.AuditEntry{Action: "auth.password.change", ObjectType: "user", ObjectID: idStr(u.ID),
		CentreID: u.CentreID, Result: bianmin.ResultFailed, RuleID: ruleLockout, After: `{"reason":"wrong current password"}`}
	if r.LockoutFailures <= 0 || n < r.LockoutFailures {
		return refuse(ctx, tx, actor, entry, errOldPassword)
	}
	until := tx.Now.Add(time.Duration(r.LockoutMinutes) * time.Minute)
	if err := store.LockUser(ctx, tx, u.ID, until); err != nil {
		return err
	}
	if _, err := store.DeleteUserSessions(ctx, tx, u.ID); err != nil {
		return err
	}
	err = store.Audit(ctx, tx, bianmin.SystemActor(actor.Source), bianmin.AuditEntry{
		Action: "auth.lock", ObjectType: "user", ObjectID: idStr(u.ID), CentreID: u.CentreID, RuleID: ruleLockout,
		After: bianmin.JSONOf(map[string]any{"locked_until": until, "failures": n})})
	if err != nil {
		return err
	}
	return refuse(ctx, tx, actor, entry, lockedError(until, tx.Now))
}

// checkNewPassword applies the rules with the user's personal data and
// refuses a password among the given recent hashes (SECURITY.md item 2).
func checkNewPassword(pw string, u *bianmin.User, r SecurityRules, recent []string) error {
	if err := auth.CheckPasswordRules(pw, password(r), u.Username, u.Phone, u.StaffNo); err != nil {
		return err.WithRule(rulePassword)
	}
	for _, h := range recent {
		if auth.VerifyPassword(h, pw) {
			n := max(r.PasswordHistory, 1)
			return bianmin.FieldError("password",
				fmt.Sprintf("新密码不能与最近 %d 次使用过的密码相同。", n),
				fmt.Sprintf("The new password must differ from the last %d passwords.", n)).WithRule(rulePassword)
		}
	}
	return nil
}

// SetUserPassword is a security administrator's password reset: the user
// must change it at the next login (ASVS 5.0 6.4.1, SECURITY.md item 2) and
// every session of the user ends. Administrators change their own password
// with ChangePassword, which asks for the current one.
func (s *Service) SetUserPassword(ctx context.Context, actor *bianmin.Actor, userID int64, password string) error {
	u, err := s.adminTarget(ctx, actor, userID, "user.password.reset", true)
	if err != nil {
		return err
	}
	rules, err := s.securityRules(ctx, u.CentreID)
	if err != nil {
		return err
	}
	if err := checkNewPassword(password, u, rules, nil); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.adminWrite(ctx, actor, u, "user.password.reset", func(tx *store.Tx) (string, error) {
		if err := store.UpdatePassword(ctx, tx, u.ID, hash, true); err != nil {
			return "", err
		}
		n, err := store.DeleteUserSessions(ctx, tx, u.ID)
		return bianmin.JSONOf(map[string]any{"must_change_password": true, "sessions_ended": n}), err
	})
}
