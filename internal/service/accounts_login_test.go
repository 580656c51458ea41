package service_test

import (
	"strings"
	"testing"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

const wrongLoginZH = "用户名或密码错误。"

func TestItem3_LockAfterFiveFailures_CorrectPasswordRefusedUntilExpiry(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("wang", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		for i := 1; i <= 4; i++ {
			_, _, err := e.svc.Login(e.ctx, "wang", "Wrong-pass-"+idOf(int64(i)), "10.0.0.1", "")
			if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "wrong password"); be.ZH != wrongLoginZH {
				t.Fatalf("failure %d: %q, want the generic message", i, be.ZH)
			}
		}
		_, _, err := e.svc.Login(e.ctx, "wang", "Wrong-pass-5", "10.0.0.1", "")
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "5th failure"); !strings.Contains(be.ZH, "已锁定") || !strings.Contains(be.ZH, "30 分钟") {
			t.Fatalf("5th failure: %q, want the lock message with 30 minutes", be.ZH)
		}
		e.clock.Advance(10 * time.Minute)
		_, _, err = e.svc.Login(e.ctx, "wang", acctPW, "10.0.0.1", "")
		be := wantCode(t, err, bianmin.EUNAUTHORIZED, "6th attempt with the correct password")
		if !strings.Contains(be.ZH, "20 分钟") || !strings.Contains(be.EN, "20 minutes") || be.Rule != "SECURITY-3" {
			t.Errorf("6th attempt: %q / %q, want the lock message with the 20 minutes left", be.ZH, be.EN)
		}
		if n := e.audits("auth.lock", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d auth.lock audit rows, want 1", n)
		}
		if n := e.audits("auth.login", bianmin.ResultFailed, u.ID); n != 5 {
			t.Errorf("%d failed-login audit rows, want 5", n)
		}
		if n := e.audits("auth.login", bianmin.ResultDenied, u.ID); n != 1 {
			t.Errorf("%d denied-login audit rows, want 1", n)
		}
		e.clock.Advance(20 * time.Minute)
		tok, actor := e.mustLogin("wang", acctPW)
		if tok == "" || actor.UserID != u.ID {
			t.Fatalf("login after the lock expired: %q %+v", tok, actor)
		}
		if got := e.user(u.ID); got.FailedLogins != 0 || got.LockedUntil != nil {
			t.Errorf("after success: failures %d, locked %v", got.FailedLogins, got.LockedUntil)
		}
		if n := e.audits("auth.unlock", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d auth.unlock audit rows for the expired lock, want 1", n)
		}
	})
}

func TestItem3_UnlockBySecurityAdministrator(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("zhou", e.townA)
		for range 5 {
			e.svc.Login(e.ctx, "zhou", "Wrong-pass-x1", "10.0.0.1", "")
		}
		if _, _, err := e.svc.Login(e.ctx, "zhou", acctPW, "10.0.0.1", ""); err == nil {
			t.Fatal("locked account logged in")
		}
		admin := e.mustAdmin("sec.county", e.county)
		if err := e.svc.UnlockUser(e.ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		e.mustLogin("zhou", acctPW)
		if n := e.audits("auth.unlock", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d unlock audit rows, want 1", n)
		}
	})
}

func TestItem3_UnknownNamesLockLikeRealAccounts(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("real", e.townA)
		var realMsgs, ghostMsgs []string
		for i := range 6 {
			pw := "Wrong-pass-" + idOf(int64(i))
			_, _, err := e.svc.Login(e.ctx, "real", pw, "10.0.0.2", "")
			realMsgs = append(realMsgs, bianmin.AsError(err).ZH)
			_, _, err = e.svc.Login(e.ctx, "ghost", pw, "10.0.0.3", "")
			ghostMsgs = append(ghostMsgs, bianmin.AsError(err).ZH)
		}
		for i := range realMsgs {
			if realMsgs[i] != ghostMsgs[i] {
				t.Errorf("attempt %d: real account %q, unknown name %q: the answer reveals which names exist", i+1, realMsgs[i], ghostMsgs[i])
			}
		}
		if !strings.Contains(ghostMsgs[5], "已锁定") {
			t.Errorf("unknown name after 6 failures: %q, want the lock message", ghostMsgs[5])
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'auth.lock' AND object_id LIKE 'unknown:%'"); n != 1 {
			t.Errorf("%d lock audit rows for the unknown name, want 1", n)
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE actor = 'ghost' OR object_id = 'ghost'"); n != 0 {
			t.Errorf("the typed unknown name is in %d audit rows; it may be a password", n)
		}
		e.clock.Advance(30 * time.Minute)
		_, _, err := e.svc.Login(e.ctx, "ghost", "Wrong-pass-x", "10.0.0.3", "")
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "after the lock"); be.ZH != wrongLoginZH {
			t.Errorf("unknown name after the lock expired: %q", be.ZH)
		}
	})
}

func TestItem3_Item33_PerAddressThrottle(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("sun", e.townA)
		for i := range 20 {
			_, _, err := e.svc.Login(e.ctx, "nobody"+idOf(int64(i)), "Wrong-pass-1", "10.9.9.9", "")
			wantCode(t, err, bianmin.EUNAUTHORIZED, "failure under the limit")
		}
		_, _, err := e.svc.Login(e.ctx, "sun", acctPW, "10.9.9.9", "")
		be := wantCode(t, err, bianmin.ETOOMANY, "21st attempt from one address")
		wait, ok := service.RetryAfter(err)
		if !ok || wait <= 0 || wait > time.Minute || !strings.Contains(be.ZH, "秒后再试") {
			t.Errorf("throttle: wait %v (%v), message %q", wait, ok, be.ZH)
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND result = 'denied' AND rule_id = 'SECURITY-33'"); n != 1 {
			t.Errorf("%d audited throttle refusals, want 1", n)
		}
		e.mustLogin("sun", acctPW) // another address is not throttled
		e.clock.Advance(time.Minute)
		if _, _, err := e.svc.Login(e.ctx, "sun", acctPW, "10.9.9.9", ""); err != nil {
			t.Errorf("next minute: %v", err)
		}
	})
}

func TestItem3_HourlyCapPerAccount(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("qian", e.townA)
		// 100 failures spread over many addresses, recorded the way Login counts them.
		err := e.db.Write(e.ctx, func(tx *store.Tx) error {
			for range 100 {
				if _, _, err := store.HitRate(e.ctx, tx, "login.account:qian", time.Hour); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = e.svc.Login(e.ctx, "qian", acctPW, "10.1.1.1", "")
		wantCode(t, err, bianmin.ETOOMANY, "101st attempt in the hour")
		e.clock.Advance(time.Hour)
		e.mustLogin("qian", acctPW)
	})
}

func TestItem7_DisabledAccountGetsGenericError(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("zhao", e.townA)
		if err := e.svc.DisableUser(e.ctx, e.sys, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err := e.svc.Login(e.ctx, "zhao", acctPW, "10.0.0.1", "")
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "disabled account"); be.ZH != wrongLoginZH {
			t.Errorf("disabled account: %q, want the generic message", be.ZH)
		}
		if n := e.audits("auth.login", bianmin.ResultDenied, u.ID); n != 1 {
			t.Errorf("%d denied-login audit rows, want 1", n)
		}
		// Without the password a disabled account answers like any other:
		// wrong passwords count and lock (no enumeration, item 3).
		for range 4 {
			e.svc.Login(e.ctx, "zhao", "Wrong-pass-1", "10.0.0.1", "")
		}
		_, _, err = e.svc.Login(e.ctx, "zhao", "Wrong-pass-1", "10.0.0.1", "")
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "5th failure on a disabled account"); be.Rule != "SECURITY-3" {
			t.Errorf("disabled account after 5 failures: %q, want the lock message", be.ZH)
		}
	})
}

func TestItem7_InactiveNinetyDaysDisabledAtLogin(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("li.na", e.townA)
		e.mustLogin("li.na", acctPW)
		e.clock.Advance(90 * 24 * time.Hour)
		_, _, err := e.svc.Login(e.ctx, "li.na", acctPW, "10.0.0.1", "")
		if be := wantCode(t, err, bianmin.EUNAUTHORIZED, "inactive account"); be.ZH != wrongLoginZH {
			t.Errorf("inactive account: %q", be.ZH)
		}
		if !e.user(u.ID).Disabled {
			t.Fatal("account inactive for 90 days was not disabled")
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'user.disable' AND object_id = $1 AND rule_id = 'SECURITY-7'", idOf(u.ID)); n != 1 {
			t.Errorf("%d inactivity disable audit rows, want 1", n)
		}
		// Re-enabled by an administrator, the account is usable again and its
		// old inactivity does not disable it a second time.
		if err := e.svc.EnableUser(e.ctx, e.sys, u.ID); err != nil {
			t.Fatal(err)
		}
		e.mustLogin("li.na", acctPW)
	})
}

func TestItem7_NeverUsedAccountCountsFromCreation(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("chen", e.townA)
		e.clock.Advance(89 * 24 * time.Hour)
		e.mustLogin("chen", acctPW)
		e.clock.Advance(89 * 24 * time.Hour)
		e.mustLogin("chen", acctPW)
		if e.user(u.ID).Disabled {
			t.Error("account used every 89 days was disabled")
		}
	})
}

func TestItem36_EveryLoginRotatesTokenAndOnlyHashIsStored(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("huang", e.townA)
		tok1, _ := e.mustLogin("huang", acctPW)
		tok2, _ := e.mustLogin("huang", acctPW)
		if tok1 == tok2 {
			t.Fatal("two logins returned the same token")
		}
		for _, tok := range []string{tok1, tok2} {
			if n := e.count("SELECT count(*) FROM sessions WHERE token_hash = $1 OR source = $1 OR user_agent = $1", tok); n != 0 {
				t.Errorf("raw token stored in %d session rows", n)
			}
			if n := e.count("SELECT count(*) FROM sessions WHERE token_hash = $1", auth.TokenHash(tok)); n != 1 {
				t.Errorf("token hash in %d rows, want 1", n)
			}
			if n := e.count("SELECT count(*) FROM audit_log WHERE after_json LIKE $1 OR before_json LIKE $1", "%"+tok+"%"); n != 0 {
				t.Errorf("raw token in %d audit rows", n)
			}
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND result = 'ok'"); n != 2 {
			t.Errorf("%d successful login audit rows, want 2", n)
		}
	})
}

func TestItem1_LoginNameIgnoresCaseAndSpace(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("zhang.san", e.townA)
		_, a := e.mustLogin("  Zhang.San ", acctPW)
		if a.UserID != u.ID || a.Username != "zhang.san" {
			t.Errorf("actor %+v", a)
		}
		_, _, err := e.svc.Login(e.ctx, "zhang.san", "", "10.0.0.1", "")
		wantCode(t, err, bianmin.EUNAUTHORIZED, "empty password")
	})
}
