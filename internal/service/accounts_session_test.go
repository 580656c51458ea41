package service_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

func TestItem4_IdleTimeoutDeletesSession(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("wu", e.townA)
		tok, _ := e.mustLogin("wu", acctPW)
		// Activity keeps the session alive: each request restarts the idle time.
		for range 3 {
			e.clock.Advance(14 * time.Minute)
			if _, _, err := e.svc.Authenticate(e.ctx, tok); err != nil {
				t.Fatalf("active session refused: %v", err)
			}
		}
		e.clock.Advance(15*time.Minute + time.Second)
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("idle 15 min + 1 s: %v, want ErrUnauthorized", err)
		}
		if n := e.count("SELECT count(*) FROM sessions WHERE token_hash = $1", auth.TokenHash(tok)); n != 0 {
			t.Errorf("expired session row still there")
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("replayed cookie: %v, want ErrUnauthorized", err)
		}
		if n := e.audits("auth.session.end", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d session-end audit rows, want 1", n)
		}
	})
}

func TestItem4_AbsoluteTimeout(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("xu", e.townA)
		tok, _ := e.mustLogin("xu", acctPW)
		for elapsed := 10 * time.Minute; elapsed < 12*time.Hour; elapsed += 10 * time.Minute {
			e.clock.Advance(10 * time.Minute)
			if _, _, err := e.svc.Authenticate(e.ctx, tok); err != nil {
				t.Fatalf("after %v of activity: %v", elapsed, err)
			}
		}
		e.clock.Advance(10 * time.Minute) // 12 h after login
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("12 h after login: %v, want ErrUnauthorized", err)
		}
		if n := e.count("SELECT count(*) FROM sessions"); n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
}

func TestItem4_TouchAtMostOncePerMinute(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("he", e.townA)
		tok, _ := e.mustLogin("he", acctPW)
		_, st0, _ := e.svc.Authenticate(e.ctx, tok)
		e.clock.Advance(30 * time.Second)
		_, st1, _ := e.svc.Authenticate(e.ctx, tok)
		if !st1.LastSeenAt.Equal(st0.LastSeenAt) {
			t.Errorf("touched after 30 s")
		}
		e.clock.Advance(31 * time.Second)
		_, st2, _ := e.svc.Authenticate(e.ctx, tok)
		if !st2.LastSeenAt.Equal(e.db.Now()) || !st2.CreatedAt.Equal(st0.CreatedAt) {
			t.Errorf("not touched after 61 s: %+v", st2)
		}
	})
}

func TestItem7_DisabledUsersLiveSessionRefusedOnNextRequest(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("ma", e.townA)
		tok, _ := e.mustLogin("ma", acctPW)
		admin := e.mustAdmin("sec.a", e.townA)
		if err := e.svc.DisableUser(e.ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("disabled user's session: %v", err)
		}
		// Disabled behind the service's back (e.g. by a job on another
		// instance): the session row is still there but refused and removed.
		v := e.mustUser("zhu", e.townA)
		tok2, _ := e.mustLogin("zhu", acctPW)
		e.db.Write(e.ctx, func(tx *store.Tx) error { return store.SetDisabled(e.ctx, tx, v.ID, true) })
		if _, _, err := e.svc.Authenticate(e.ctx, tok2); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("session of a user disabled in the database: %v", err)
		}
		if n := e.count("SELECT count(*) FROM sessions WHERE user_id = $1", v.ID); n != 0 {
			t.Errorf("%d sessions of the disabled user left", n)
		}
	})
}

func TestItem7_AdministratorEndsUserSessions(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("guo", e.townA)
		tok1, _ := e.mustLogin("guo", acctPW)
		tok2, _ := e.mustLogin("guo", acctPW)
		admin := e.mustAdmin("sec.county", e.county)
		n, err := e.svc.EndUserSessions(e.ctx, admin, u.ID)
		if err != nil || n != 2 {
			t.Fatalf("EndUserSessions = %d, %v", n, err)
		}
		for _, tok := range []string{tok1, tok2} {
			if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
				t.Errorf("ended session: %v", err)
			}
		}
	})
}

func TestLogoutEndsSession_Item20(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		u := e.mustUser("lin", e.townA)
		tok, _ := e.mustLogin("lin", acctPW)
		if err := e.svc.Logout(e.ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, tok); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("after logout: %v", err)
		}
		if err := e.svc.Logout(e.ctx, tok); err != nil {
			t.Errorf("second logout: %v", err)
		}
		if n := e.audits("auth.logout", bianmin.ResultOK, u.ID); n != 1 {
			t.Errorf("%d logout audit rows, want 1", n)
		}
		if _, _, err := e.svc.Authenticate(e.ctx, ""); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("empty token: %v", err)
		}
	})
}

func TestItem2_MustChangeAtFirstLoginAndAfterMaxAge(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("luo", e.townA)
		tok, a := e.mustLogin("luo", acctPW)
		_, st, err := e.svc.Authenticate(e.ctx, tok)
		if err != nil || !st.MustChangePassword {
			t.Fatalf("first login: %+v, %v; want MustChangePassword", st, err)
		}
		if err := e.svc.ChangePassword(service.WithSessionToken(e.ctx, tok), a, acctPW, acctPW2); err != nil {
			t.Fatal(err)
		}
		if _, st, _ = e.svc.Authenticate(e.ctx, tok); st == nil || st.MustChangePassword {
			t.Fatalf("after the change: %+v", st)
		}
		e.clock.Advance(89 * 24 * time.Hour)
		tok, _ = e.mustLogin("luo", acctPW2)
		if _, st, _ = e.svc.Authenticate(e.ctx, tok); st.MustChangePassword {
			t.Error("password of 89 days must not expire")
		}
		e.clock.Advance(24 * time.Hour)
		tok, _ = e.mustLogin("luo", acctPW2)
		if _, st, _ = e.svc.Authenticate(e.ctx, tok); !st.MustChangePassword {
			t.Error("password of 90 days must be changed")
		}
	})
}

func TestItem9_ActorScopeAndRole(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		e.mustUser("dir", e.county,
			bianmin.Grant{Role: bianmin.RoleDirector, CentreID: e.county},
			bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		e.mustUser("clerk.b", e.townB, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townB})
		_, dir := e.mustLogin("dir", acctPW)
		if !slices.Equal(dir.Scope.Centres, []int64{e.county, e.townA, e.townB}) {
			t.Errorf("county director scope = %v", dir.Scope.Centres)
		}
		if dir.Role != bianmin.RoleClerk || len(dir.Grants) != 2 {
			t.Errorf("role %s, grants %v: want the first role in bianmin.Roles order", dir.Role, dir.Grants)
		}
		tok, clerk := e.mustLogin("clerk.b", acctPW)
		if !slices.Equal(clerk.Scope.Centres, []int64{e.townB}) || clerk.Source != "10.0.0.1" {
			t.Errorf("clerk actor = %+v", clerk)
		}
		a, _, err := e.svc.Authenticate(e.ctx, tok)
		if err != nil || !slices.Equal(a.Scope.Centres, clerk.Scope.Centres) || a.Role != bianmin.RoleClerk {
			t.Errorf("authenticated actor = %+v, %v", a, err)
		}
	})
}
