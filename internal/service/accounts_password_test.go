package service_test

import (
	"errors"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

func TestItem2_ChangePasswordRules(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("deng.lan", e.townA)
		_, a := e.mustLogin("deng.lan", acctPW)
		cases := []struct{ name, pw, wantEN string }{
			{"too short", "Kx7-fern", "at least 12 characters"},
			{"two classes", "riverstonemaple", "at least 3 of"},
			{"contains username", "Deng.Lan-2024x", "username"},
			{"contains phone", "Kx-13812345678z", "phone"},
			{"common password", "Woaini1314!!x", "too common"},
			{"keyboard walk", "1qaz2wsx3EDC!", "too common"},
			{"same as current", acctPW, "last 5 passwords"},
		}
		for _, c := range cases {
			err := e.svc.ChangePassword(e.ctx, a, acctPW, c.pw)
			be := wantCode(t, err, bianmin.EINVALID, c.name)
			if !fields(err)["password"] {
				t.Errorf("%s: fields %v, want password", c.name, fields(err))
			}
			var msgs []string
			for _, d := range append([]*bianmin.Error{be}, be.Details...) {
				msgs = append(msgs, d.EN)
			}
			if !strings.Contains(strings.Join(msgs, "|"), c.wantEN) {
				t.Errorf("%s: %q, want %q", c.name, msgs, c.wantEN)
			}
		}
	})
}

func TestItem2_LastFivePasswordsNotReusable(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("fang", e.townA)
		_, a := e.mustLogin("fang", acctPW)
		seq := []string{acctPW, acctPW2, acctPW3, "Ab3$lanternRoad", "Cd5%harborWind"}
		for i := 1; i < len(seq); i++ {
			if err := e.svc.ChangePassword(e.ctx, a, seq[i-1], seq[i]); err != nil {
				t.Fatalf("change %d: %v", i, err)
			}
		}
		for _, old := range seq {
			err := e.svc.ChangePassword(e.ctx, a, seq[len(seq)-1], old)
			wantCode(t, err, bianmin.EINVALID, "reuse of one of the last 5")
		}
		if err := e.svc.ChangePassword(e.ctx, a, seq[len(seq)-1], "Ef6^meadowGate"); err != nil {
			t.Fatal(err)
		}
		// The first password is now the sixth most recent and may return.
		if err := e.svc.ChangePassword(e.ctx, a, "Ef6^meadowGate", acctPW); err != nil {
			t.Errorf("password older than the last 5: %v", err)
		}
		if n := e.audits("auth.password.change", bianmin.ResultOK, a.UserID); n != 6 {
			t.Errorf("%d password-change audit rows, want 6", n)
		}
	})
}

func TestItem3_WrongCurrentPasswordCountsAsFailedLogin(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("tang", e.townA)
		tok, a := e.mustLogin("tang", acctPW)
		for i := 1; i <= 4; i++ {
			err := e.svc.ChangePassword(e.ctx, a, "Wrong-pass-1", acctPW2)
			if !fields(err)["old_password"] {
				t.Fatalf("wrong current password %d: %v", i, err)
			}
		}
		err := e.svc.ChangePassword(e.ctx, a, "Wrong-pass-1", acctPW2)
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "5th wrong current password"); be.Rule != "SECURITY-3" {
			t.Errorf("5th: %v, want the lock", err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("session after the lock: %v", err)
		}
		if n := e.audits("auth.password.change", bianmin.ResultFailed, u.ID); n != 5 {
			t.Errorf("%d failed change audit rows, want 5", n)
		}
	})
}

func TestChangePasswordKeepsOwnSessionEndsOthers(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("cao", e.townA)
		tok1, a := e.mustLogin("cao", acctPW)
		tok2, _ := e.mustLogin("cao", acctPW)
		if err := e.svc.ChangePassword(service.WithSessionToken(e.ctx, tok1), a, acctPW, acctPW2); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok1); err != nil {
			t.Errorf("own session ended: %v", err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok2); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("other session survived the password change: %v", err)
		}
		if _, _, err := e.svc.Login(e.ctx, "cao", acctPW, "10.0.0.1", ""); err == nil {
			t.Error("old password still works")
		}
		e.mustLogin("cao", acctPW2)
	})
}

func TestItem2_AdminResetMustBeChanged(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("peng", e.townA)
		tok, a := e.mustLogin("peng", acctPW)
		if err := e.svc.ChangePassword(service.WithSessionToken(e.ctx, tok), a, acctPW, acctPW2); err != nil {
			t.Fatal(err)
		}
		admin := e.mustAdmin("sec.a", e.townA)
		err := e.svc.SetUserPassword(e.ctx, admin, u.ID, "weak")
		wantCode(t, err, bianmin.EINVALID, "weak reset password")
		if err := e.svc.SetUserPassword(e.ctx, admin, u.ID, acctPW3); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("session after an admin reset: %v", err)
		}
		tok, _ = e.mustLogin("peng", acctPW3)
		if _, st, _ := e.svc.Authenticate(e.ctx, tok); !st.MustChangePassword {
			t.Error("admin-issued password need not be changed")
		}
		if n := e.audits("user.password.reset", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d reset audit rows, want 1", n)
		}
		// An administrator changes its own password with the current one only.
		err = e.svc.SetUserPassword(e.ctx, admin, admin.UserID, acctPW3)
		wantCode(t, err, bianmin.EFORBIDDEN, "own password reset")
	})
}
