package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// polEnv is one engine's database with two centres, a frozen clock on
// Monday 2026-03-02 09:00 in Shanghai, and a director of centre a.
type polEnv struct {
	t        *testing.T
	ctx      context.Context
	db       *store.DB
	svc      *service.Service
	clock    *bianmin.TestClock
	a, b     int64
	director *bianmin.Actor
}

func forEachPolicyEngine(t *testing.T, fn func(t *testing.T, e *polEnv)) {
	t.Helper()
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			clock := bianmin.NewTestClock()
			clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, bianmin.Shanghai), true)
			db := testutil.MustOpenDB(t, engine, clock)
			e := &polEnv{t: t, ctx: context.Background(), db: db, svc: service.New(db, clock, nil), clock: clock}
			e.a, e.b = e.centre("440105001000"), e.centre("440105002000")
			e.director = e.actor(41, bianmin.RoleDirector, e.a)
			fn(t, e)
		})
	}
}

func (e *polEnv) centre(code string) int64 {
	e.t.Helper()
	var id int64
	err := e.db.Write(e.ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(e.ctx, "INSERT INTO centres (region_code, name, level, created_at) VALUES ($1, $2, 5, $3) RETURNING id",
			code, "街道便民服务中心", tx.Now).Scan(&id)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// actor is a logged-in person holding role r at one centre.
func (e *polEnv) actor(id int64, r bianmin.Role, centre int64) *bianmin.Actor {
	return &bianmin.Actor{UserID: id, Username: string(r) + "1", Role: r, Source: "10.0.0.9",
		Grants: []bianmin.Grant{{Role: r, CentreID: centre}}, Scope: bianmin.Scope{Centres: []int64{centre}}}
}

// counts returns the stored policy versions and policy.save audit rows by result.
func (e *polEnv) counts() (versions, saved, denied int) {
	e.t.Helper()
	err := e.db.Read(e.ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(e.ctx, "SELECT COUNT(*) FROM policies").Scan(&versions); err != nil {
			return err
		}
		if err := tx.QueryRowContext(e.ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.save' AND result = 'ok'").Scan(&saved); err != nil {
			return err
		}
		return tx.QueryRowContext(e.ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.save' AND result = 'denied'").Scan(&denied)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return
}

const idle20 = "security:\n  idle_timeout_minutes: 20\n"

const summerHours = `service_hours:
  sessions:
    - {start: "08:00", end: "12:00"}
    - {start: "14:30", end: "17:30"}
`

func TestEffectivePolicyFallsBackToDefaults(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		p, version, err := e.svc.EffectivePolicy(e.ctx, e.a)
		if err != nil || version != 0 || p.Security.IdleTimeoutMinutes != 15 {
			t.Fatalf("got %v, version %d, %v; want the defaults as version 0", p, version, err)
		}
	})
}

func TestSavePolicyDocumentThenEffective(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		v, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-02", []byte(idle20), "空闲超时改为 20 分钟")
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != 1 || v.CreatedBy != "director1" || v.SHA256 == "" {
			t.Errorf("saved %+v", v)
		}
		p, version, err := e.svc.EffectivePolicy(e.ctx, e.a)
		if err != nil || version != 1 || p.Security.IdleTimeoutMinutes != 20 || p.Security.LockoutFailures != 5 {
			t.Fatalf("effective: %v, version %d, %v", p, version, err)
		}
		p.Security.IdleTimeoutMinutes = 30 // the caller's copy, not the cache
		p.Ratings.BadCodes[0] = 3
		again, _, _ := e.svc.EffectivePolicy(e.ctx, e.a)
		if again.Security.IdleTimeoutMinutes != 20 || again.Ratings.BadCodes[0] != 4 {
			t.Error("EffectivePolicy hands out the cached policy itself")
		}
		if _, version, _ := e.svc.EffectivePolicy(e.ctx, e.b); version != 0 {
			t.Errorf("other centre has version %d", version)
		}

		// A version for tomorrow does not apply today, and does tomorrow.
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-03", []byte("security:\n  idle_timeout_minutes: 25\n"), ""); err != nil {
			t.Fatal(err)
		}
		if _, version, _ := e.svc.EffectivePolicy(e.ctx, e.a); version != 1 {
			t.Errorf("today: version %d, want 1", version)
		}
		e.clock.Advance(24 * time.Hour)
		if p, version, _ := e.svc.EffectivePolicy(e.ctx, e.a); version != 2 || p.Security.IdleTimeoutMinutes != 25 {
			t.Errorf("tomorrow: version %d, idle %d", version, p.Security.IdleTimeoutMinutes)
		}
		vs, err := e.svc.PolicyVersions(e.ctx, e.director, e.a)
		if err != nil || len(vs) != 2 || vs[1].EffectiveFrom != "2026-03-03" {
			t.Errorf("versions %+v, %v", vs, err)
		}
	})
}

func TestSavePolicyDocumentForbidden(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		for name, actor := range map[string]*bianmin.Actor{
			"clerk":                 e.actor(42, bianmin.RoleClerk, e.a),
			"inspector":             e.actor(43, bianmin.RoleInspector, e.a),
			"director of b":         e.actor(44, bianmin.RoleDirector, e.b),
			"secadmin":              e.actor(45, bianmin.RoleSecAdmin, e.a),
			"director out of scope": {UserID: 46, Username: "d", Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: e.a}}},
		} {
			_, err := e.svc.SavePolicyDocument(e.ctx, actor, e.a, "2026-03-02", []byte(idle20), "")
			if !errors.Is(err, bianmin.ErrForbidden) {
				t.Errorf("%s: got %v, want ErrForbidden", name, err)
			}
		}
		if _, err := e.svc.SavePolicyDocument(e.ctx, nil, e.a, "2026-03-02", []byte(idle20), ""); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Errorf("no actor: %v", err)
		}
		if _, err := e.svc.PolicyVersions(e.ctx, e.actor(42, bianmin.RoleClerk, e.a), e.a); !errors.Is(err, bianmin.ErrForbidden) {
			t.Errorf("clerk lists versions: %v", err)
		}
		if versions, saved, denied := e.counts(); versions != 0 || saved != 0 || denied != 5 {
			t.Errorf("%d versions, %d saves, %d denials audited; want 0, 0, 5", versions, saved, denied)
		}
		sysadmin := e.actor(47, bianmin.RoleSysAdmin, e.a)
		if _, err := e.svc.SavePolicyDocument(e.ctx, sysadmin, e.a, "2026-03-02", []byte(idle20), ""); err != nil {
			t.Errorf("sysadmin: %v", err)
		}
	})
}

func TestSavePolicyDocumentInvalidWritesNothing(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		for name, c := range map[string]struct {
			from, doc, field string
		}{
			"bad document": {"2026-03-02", "security:\n  idle_timeout_minutes: 45\n", "security.idle_timeout_minutes"},
			"bad date":     {"2026-3-2", idle20, "effective_from"},
			"past date":    {"2026-03-01", idle20, "effective_from"},
			"unknown key":  {"2026-03-02", "queue:\n  tickets: 3\n", "queue.tickets"},
		} {
			_, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, c.from, []byte(c.doc), "")
			var be *bianmin.Error
			if !errors.As(err, &be) || be.Code != bianmin.EINVALID {
				t.Errorf("%s: got %v, want EINVALID", name, err)
				continue
			}
			found := false
			for _, d := range be.Details {
				found = found || d.Field == c.field
			}
			if !found {
				t.Errorf("%s: no detail for %s in %v", name, c.field, err)
			}
		}
		if versions, saved, _ := e.counts(); versions != 0 || saved != 0 {
			t.Errorf("invalid saves wrote %d versions and %d audit rows", versions, saved)
		}
	})
}

func TestSavePolicyDocumentHoursNotice(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		// Monday: a change of hours effective today is refused, tomorrow is fine.
		_, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-02", []byte(summerHours), "")
		var be *bianmin.Error
		if !errors.As(err, &be) || be.Rule != "ORG-5" || be.Field != "effective_from" || !strings.Contains(be.ZH, "2026-03-03") || !strings.Contains(be.EN, "2026-03-03") {
			t.Fatalf("same-day hours change: %v", err)
		}
		// Other parameters may change the same day.
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-02", []byte(idle20), ""); err != nil {
			t.Fatalf("same-day non-hours change: %v", err)
		}
		// Writing the default hours differently is no change.
		same := "service_hours:\n  sessions: [{start: \"8:00\", end: \"12:00\"}, {start: \"13:30\", end: \"17:00\"}]\n  change_notice_working_days: 2\n"
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-02", []byte(same), ""); err != nil {
			t.Fatalf("same hours rewritten: %v", err)
		}
		// The notice now in force is 2 working days: Monday and Tuesday.
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-03", []byte(summerHours), ""); err == nil {
			t.Fatal("one day of notice accepted where the policy asks for two")
		}
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-04", []byte(summerHours), ""); err != nil {
			t.Fatalf("two working days of notice: %v", err)
		}
		if versions, _, _ := e.counts(); versions != 3 {
			t.Errorf("%d versions, want 3", versions)
		}
	})
}

func TestSavePolicyDocumentNoticeCountsWorkingDays(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		// Saturday 2026-03-07, Mon-Fri: the first working day of notice is
		// Monday, so Tuesday is the earliest date.
		e.clock.Set(time.Date(2026, 3, 7, 10, 0, 0, 0, bianmin.Shanghai), true)
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-09", []byte(summerHours), ""); err == nil {
			t.Fatal("Saturday notice for Monday accepted")
		}
		// With Monday a public holiday, Tuesday is the notice day.
		holiday := func(d string) bool { return d != "2026-03-09" && d != "2026-03-07" && d != "2026-03-08" }
		if _, err := e.svc.SavePolicyDocumentWith(e.ctx, e.director, e.a, "2026-03-10", []byte(summerHours), "", holiday); err == nil {
			t.Fatal("notice over a holiday Monday accepted")
		}
		// With Sunday a make-up working day (调休), Monday is already fine.
		makeUp := func(d string) bool { return d != "2026-03-07" }
		v, err := e.svc.SavePolicyDocumentWith(e.ctx, e.director, e.a, "2026-03-09", []byte(summerHours), "", makeUp)
		if err != nil || v.Version != 1 {
			t.Fatalf("notice on a make-up Sunday: %v", err)
		}
	})
}

func TestEffectivePolicyRefusesTamperedDocument(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		if _, err := e.svc.SavePolicyDocument(e.ctx, e.director, e.a, "2026-03-02", []byte(idle20), ""); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.EffectivePolicy(e.ctx, e.a); err != nil { // now cached
			t.Fatal(err)
		}
		if _, err := e.db.RawWriter().ExecContext(e.ctx, "UPDATE policies SET document = $1", "security:\n  idle_timeout_minutes: 30\n"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.EffectivePolicy(e.ctx, e.a); bianmin.ErrorCode(err) != bianmin.EINTERNAL || !strings.Contains(err.Error(), "hash") {
			t.Errorf("tampered document: %v", err)
		}
	})
}

func TestEffectivePolicyReportsUnparsableVersion(t *testing.T) {
	forEachPolicyEngine(t, func(t *testing.T, e *polEnv) {
		// A version written by an older release whose key this one no longer knows.
		v := &policy.Version{CentreID: e.a, EffectiveFrom: "2026-03-01", Document: "legacy_key: 1\n"}
		if err := e.db.Write(e.ctx, func(tx *store.Tx) error { return store.SavePolicy(e.ctx, tx, v, nil) }); err != nil {
			t.Fatal(err)
		}
		_, _, err := e.svc.EffectivePolicy(e.ctx, e.a)
		var be *bianmin.Error
		if !errors.As(err, &be) || be.Code != bianmin.EINTERNAL || len(be.Details) != 1 || !strings.Contains(be.EN, "line 1, legacy_key") {
			t.Errorf("unparsable version: %v", err)
		}
	})
}
