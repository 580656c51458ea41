package service_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// Passwords that meet the dengbao-l3 rules (SECURITY.md item 2).
const (
	acctPW  = "Kx7-fernTable"
	acctPW2 = "Mq4!riverStone"
	acctPW3 = "Tz9#cloudMaple"
)

// acctEnv is one engine's database with a county centre and two township
// centres under it, a frozen test clock and the service.
type acctEnv struct {
	t                    *testing.T
	ctx                  context.Context
	db                   *store.DB
	svc                  *service.Service
	clock                *bianmin.TestClock
	sys                  *bianmin.Actor
	county, townA, townB int64
}

// forEachAcctEngine runs fn on SQLite and, with BIANMIN_TEST_PG, PostgreSQL.
func forEachAcctEngine(t *testing.T, fn func(t *testing.T, e *acctEnv)) {
	t.Helper()
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			clock := bianmin.NewTestClock()
			clock.Set(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), true)
			db := testutil.MustOpenDB(t, engine, clock)
			e := &acctEnv{t: t, ctx: context.Background(), db: db, svc: service.New(db, clock, nil),
				clock: clock, sys: bianmin.SystemActor("cli")}
			e.county = e.mustCentre(0, "511602000000", 4)
			e.townA = e.mustCentre(e.county, "511602100000", 5)
			e.townB = e.mustCentre(e.county, "511602101000", 5)
			fn(t, e)
		})
	}
}

func (e *acctEnv) mustCentre(parent int64, code string, level int) int64 {
	e.t.Helper()
	c, err := e.svc.CreateCentre(e.ctx, e.sys, bianmin.Centre{ParentID: parent, RegionCode: code, Name: "中心" + code, Level: level})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// mustUser creates an account through the CLI's system actor.
func (e *acctEnv) mustUser(username string, centreID int64, grants ...bianmin.Grant) *bianmin.User {
	e.t.Helper()
	u, err := e.svc.CreateUser(e.ctx, e.sys, service.NewUser{CentreID: centreID, Username: username,
		DisplayName: "测试 " + username, Phone: "13812345678", Password: acctPW, Grants: grants})
	if err != nil {
		e.t.Fatalf("create %s: %v", username, err)
	}
	return u
}

func (e *acctEnv) mustLogin(username, password string) (string, *bianmin.Actor) {
	e.t.Helper()
	tok, a, err := e.svc.Login(e.ctx, username, password, "10.0.0.1", "test")
	if err != nil {
		e.t.Fatalf("login %s: %v", username, err)
	}
	return tok, a
}

// mustAdmin creates a security administrator at the centre and logs in.
func (e *acctEnv) mustAdmin(username string, centreID int64) *bianmin.Actor {
	e.t.Helper()
	e.mustUser(username, centreID, bianmin.Grant{Role: bianmin.RoleSecAdmin, CentreID: centreID})
	_, a := e.mustLogin(username, acctPW)
	return a
}

func (e *acctEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	err := e.db.Read(e.ctx, func(tx *store.Tx) error { return tx.QueryRowContext(e.ctx, query, args...).Scan(&n) })
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// audits counts audit rows of an action and result about one user.
func (e *acctEnv) audits(action, result string, userID int64) int {
	return e.count("SELECT count(*) FROM audit_log WHERE action = $1 AND result = $2 AND object_id = $3",
		action, result, idOf(userID))
}

func (e *acctEnv) user(id int64) *bianmin.User {
	e.t.Helper()
	var u *bianmin.User
	err := e.db.Read(e.ctx, func(tx *store.Tx) (err error) {
		u, err = store.UserByID(e.ctx, tx, id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func idOf(id int64) string { return strconv.FormatInt(id, 10) }

// wantCode fails unless err is a bianmin.Error with the code.
func wantCode(t *testing.T, err error, code, what string) *bianmin.Error {
	t.Helper()
	var be *bianmin.Error
	if !errors.As(err, &be) || be.Code != code {
		t.Fatalf("%s: got %v, want code %s", what, err, code)
	}
	return be
}

// fields lists the field names of an error and its details.
func fields(err error) map[string]bool {
	out := map[string]bool{}
	var be *bianmin.Error
	if errors.As(err, &be) {
		out[be.Field] = true
		for _, d := range be.Details {
			out[d.Field] = true
		}
	}
	return out
}
