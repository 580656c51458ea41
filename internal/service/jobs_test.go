package service_test

import (
	"testing"
	"time"

	"bianmin/internal/bianmin"
)

// TestJobsDisableInactiveAndExpireSessions: the housekeeping run disables an
// account unused for 90 days, audited as the job (SECURITY.md item 7), and
// deletes sessions nobody can use any more (item 4).
func TestJobsDisableInactiveAndExpireSessions(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		active := e.mustUser("active1", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		idle := e.mustUser("idle1", e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
		e.mustLogin("idle1", acctPW)
		e.clock.Advance(89 * 24 * time.Hour)
		e.mustLogin("active1", acctPW)
		e.svc.RunJobsOnce(e.ctx)
		if n := e.count("SELECT count(*) FROM sessions WHERE user_id = $1", idle.ID); n != 0 {
			t.Errorf("%d stale sessions of idle1 left after 89 days", n)
		}
		if e.user(idle.ID).Disabled {
			t.Fatal("disabled before 90 days")
		}
		e.clock.Advance(2 * 24 * time.Hour)
		e.svc.RunJobsOnce(e.ctx)
		if !e.user(idle.ID).Disabled {
			t.Error("an account unused for 91 days is still enabled")
		}
		if e.user(active.ID).Disabled {
			t.Error("an account used 2 days ago was disabled")
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'user.disable' AND actor = 'system' AND source = 'job' AND object_id = $1",
			idOf(idle.ID)); n != 1 {
			t.Errorf("%d job audit rows for the disabling", n)
		}
	})
}
