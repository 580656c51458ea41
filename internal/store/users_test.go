package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// mustCentreTree creates a county centre with two township centres and a
// village station under the first township; it returns their IDs.
func mustCentreTree(t *testing.T, db *store.DB) (county, townA, townB, village int64) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *store.Tx) error {
		add := func(parent int64, code, name string, level int) int64 {
			c := &bianmin.Centre{ParentID: parent, RegionCode: code, Name: name, Level: level}
			if err := store.CreateCentre(ctx, tx, c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		county = add(0, "511602000000", "广安区政务服务中心", 4)
		townA = add(county, "511602100000", "浓洄街道便民服务中心", 5)
		townB = add(county, "511602101000", "北辰街道便民服务中心", 5)
		village = add(townA, "511602100001", "某村便民服务站", 6)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

func mustUser(t *testing.T, db *store.DB, centreID int64, username string) *bianmin.User {
	t.Helper()
	u := &bianmin.User{CentreID: centreID, Username: username, DisplayName: "测试", PasswordHash: "$argon2id$x", MustChangePassword: true}
	if err := db.Write(context.Background(), func(tx *store.Tx) error { return store.CreateUser(context.Background(), tx, u) }); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCentresAndSubtree_Item9(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, townA, townB, village := mustCentreTree(t, db)
		err := db.Read(ctx, func(tx *store.Tx) error {
			got, err := store.CentreSubtree(ctx, tx, county)
			if err != nil || !slices.Equal(got, []int64{county, townA, townB, village}) {
				t.Errorf("county subtree = %v, %v", got, err)
			}
			got, _ = store.CentreSubtree(ctx, tx, townA)
			if !slices.Equal(got, []int64{townA, village}) {
				t.Errorf("township subtree = %v", got)
			}
			if _, err := store.CentreSubtree(ctx, tx, 9999); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("unknown centre subtree: %v", err)
			}
			c, err := store.CentreByID(ctx, tx, village)
			if err != nil || c.ParentID != townA || c.Level != 6 || c.CreatedAt.Location() != time.UTC {
				t.Errorf("village = %+v, %v", c, err)
			}
			if _, err := store.CentreByID(ctx, tx, 9999); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("unknown centre: %v", err)
			}
			all, err := store.Centres(ctx, tx)
			if err != nil || len(all) != 4 {
				t.Errorf("centres = %d, %v", len(all), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestDepartments(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, _, _, _ := mustCentreTree(t, db)
		add := func(nameEN string) error {
			return db.Write(ctx, func(tx *store.Tx) error {
				_, err := store.CreateDepartment(ctx, tx, county, "民政局", nameEN)
				return err
			})
		}
		if err := add("Civil Affairs"); err != nil {
			t.Fatal(err)
		}
		if err := add(""); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("duplicate department: %v", err)
		}
		db.Read(ctx, func(tx *store.Tx) error {
			ds, err := store.CentreDepartments(ctx, tx, county)
			if err != nil || len(ds) != 1 || ds[0].NameEN != "Civil Affairs" {
				t.Errorf("departments = %+v, %v", ds, err)
			}
			return nil
		})
	})
}

func TestUsernameUniqueIgnoringCaseAndSpace_Item1(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, _, _, _ := mustCentreTree(t, db)
		u := mustUser(t, db, county, " ZhangSan ")
		if u.Username != "zhangsan" {
			t.Errorf("username stored as %q", u.Username)
		}
		for _, name := range []string{"zhangsan", "ZHANGSAN", "\tZhangsan "} {
			err := db.Write(ctx, func(tx *store.Tx) error {
				return store.CreateUser(ctx, tx, &bianmin.User{CentreID: county, Username: name, DisplayName: "x", PasswordHash: "h"})
			})
			if !errors.Is(err, bianmin.ErrConflict) {
				t.Errorf("CreateUser(%q) = %v, want ErrConflict", name, err)
			}
		}
		db.Read(ctx, func(tx *store.Tx) error {
			got, err := store.UserByUsername(ctx, tx, "  ZHANGSAN")
			if err != nil || got.ID != u.ID {
				t.Errorf("UserByUsername = %v, %v", got, err)
			}
			return nil
		})
	})
}

func TestNoEmptyPasswordHash_Item1(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, _, _, _ := mustCentreTree(t, db)
		err := db.Write(ctx, func(tx *store.Tx) error {
			return store.CreateUser(ctx, tx, &bianmin.User{CentreID: county, Username: "empty", DisplayName: "x"})
		})
		if bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("user with empty hash: %v, want a constraint error", err)
		}
		u := mustUser(t, db, county, "wang")
		err = db.Write(ctx, func(tx *store.Tx) error { return store.UpdatePassword(ctx, tx, u.ID, "", false) })
		if bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("empty hash update: %v, want a constraint error", err)
		}
		var n int
		db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE password_hash = ''").Scan(&n)
		})
		if n != 0 {
			t.Errorf("%d users with an empty hash", n)
		}
	})
}

func TestUserLifecycleColumns(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, townA, _, _ := mustCentreTree(t, db)
		u := mustUser(t, db, county, "li")
		mustUser(t, db, townA, "zhao")
		until := db.Now().Add(30 * time.Minute)
		err := db.Write(ctx, func(tx *store.Tx) error {
			if n, err := store.RecordLoginFailure(ctx, tx, u.ID, nil); err != nil || n != 1 {
				t.Errorf("first failure = %d, %v", n, err)
			}
			if n, err := store.RecordLoginFailure(ctx, tx, u.ID, &until); err != nil || n != 2 {
				t.Errorf("second failure = %d, %v", n, err)
			}
			if err := store.SetDisabled(ctx, tx, u.ID, true); err != nil {
				return err
			}
			if err := store.SetDisabled(ctx, tx, 9999, true); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("disable unknown user: %v", err)
			}
			for i := 2; i <= 7; i++ {
				if err := store.UpdatePassword(ctx, tx, u.ID, "hash"+string(rune('0'+i)), false); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Read(ctx, func(tx *store.Tx) error {
			got, _ := store.UserByID(ctx, tx, u.ID)
			if got.FailedLogins != 2 || got.LockedUntil == nil || !got.LockedUntil.Equal(until) || !got.Disabled || got.MustChangePassword {
				t.Errorf("after failures, lock, disable, change: %+v", got)
			}
			hs, _ := store.RecentPasswordHashes(ctx, tx, u.ID, 5)
			if !slices.Equal(hs, []string{"hash7", "hash6", "hash5", "hash4", "hash3"}) {
				t.Errorf("recent hashes = %v", hs)
			}
			scoped, _ := store.Users(ctx, tx, []int64{townA})
			if len(scoped) != 1 || scoped[0].Username != "zhao" {
				t.Errorf("users in township scope = %v", scoped)
			}
			if none, _ := store.Users(ctx, tx, nil); len(none) != 0 {
				t.Errorf("empty scope lists %d users", len(none))
			}
			if _, err := store.UserByID(ctx, tx, 9999); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("unknown user: %v", err)
			}
			return nil
		})
		db.Write(ctx, func(tx *store.Tx) error {
			if err := store.Unlock(ctx, tx, u.ID); err != nil {
				return err
			}
			return store.RecordLoginSuccess(ctx, tx, u.ID)
		})
		db.Read(ctx, func(tx *store.Tx) error {
			got, _ := store.UserByID(ctx, tx, u.ID)
			if got.FailedLogins != 0 || got.LockedUntil != nil || got.LastLoginAt == nil || !got.LastLoginAt.Equal(db.Now()) && got.LastLoginAt.After(db.Now()) {
				t.Errorf("after unlock and login: %+v", got)
			}
			return nil
		})
	})
}

func TestTwoAdminRolesRefusedByDatabase_Item8(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, townA, _, _ := mustCentreTree(t, db)
		u := mustUser(t, db, county, "admin1")
		add := func(g bianmin.Grant) error {
			return db.Write(ctx, func(tx *store.Tx) error { return store.AddGrant(ctx, tx, u.ID, g) })
		}
		if err := add(bianmin.Grant{Role: bianmin.RoleSecAdmin, CentreID: county}); err != nil {
			t.Fatal(err)
		}
		if err := add(bianmin.Grant{Role: bianmin.RoleClerk, CentreID: townA}); err != nil {
			t.Fatalf("business role beside an admin role: %v", err)
		}
		for _, r := range []bianmin.Role{bianmin.RoleSysAdmin, bianmin.RoleAuditAdmin} {
			err := add(bianmin.Grant{Role: r, CentreID: townA})
			if !errors.Is(err, store.ErrTwoAdminRoles) {
				t.Errorf("second admin role %s: %v", r, err)
			}
		}
		// Raw SQL, as a careless migration or tool would write it, is refused too.
		err := db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO user_grants (user_id, role, centre_id, created_at) VALUES ($1, 'auditadmin', $2, $3)`, u.ID, county, tx.Now)
			return err
		})
		if !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("raw insert of a second admin role: %v", err)
		}
		// AddGrant recognises a concurrent violation by this driver text.
		if msg := err.Error(); !strings.Contains(msg, "user_grants_one_admin") && !strings.Contains(msg, "UNIQUE constraint failed: user_grants.user_id") {
			t.Errorf("driver message %q no longer names the one-admin index", msg)
		}
		if err := add(bianmin.Grant{Role: bianmin.RoleClerk, CentreID: townA}); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("duplicate grant: %v", err)
		}
		db.Write(ctx, func(tx *store.Tx) error {
			if err := store.RemoveGrant(ctx, tx, u.ID, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: townA}); err != nil {
				t.Error(err)
			}
			if err := store.RemoveGrant(ctx, tx, u.ID, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: townA}); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("remove missing grant: %v", err)
			}
			gs, _ := store.Grants(ctx, tx, u.ID)
			if len(gs) != 1 || gs[0].Role != bianmin.RoleSecAdmin {
				t.Errorf("grants = %v", gs)
			}
			return nil
		})
	})
}

func TestSessionsStoreOnlyHash_Item36(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, _, _, _ := mustCentreTree(t, db)
		u := mustUser(t, db, county, "sun")
		db.Write(ctx, func(tx *store.Tx) error {
			for _, h := range []string{"h1", "h2", "h3"} {
				if err := store.CreateSession(ctx, tx, h, u.ID, "10.0.0.1", "Mozilla"); err != nil {
					t.Fatal(err)
				}
			}
			return nil
		})
		db.Write(ctx, func(tx *store.Tx) error {
			s, err := store.SessionByHash(ctx, tx, "h1")
			if err != nil || s.UserID != u.ID || s.Source != "10.0.0.1" || !s.CreatedAt.Equal(tx.Now) && s.CreatedAt.After(tx.Now) {
				t.Errorf("session = %+v, %v", s, err)
			}
			if err := store.TouchSession(ctx, tx, "h1"); err != nil {
				t.Error(err)
			}
			if n, err := store.DeleteUserSessionsExcept(ctx, tx, u.ID, "h1"); n != 2 || err != nil {
				t.Errorf("delete others = %d, %v", n, err)
			}
			if err := store.DeleteSession(ctx, tx, "h1"); err != nil {
				t.Error(err)
			}
			if _, err := store.SessionByHash(ctx, tx, "h1"); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("deleted session: %v", err)
			}
			return nil
		})
	})
}

func TestDeleteExpiredSessions_Item4(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		county, _, _, _ := mustCentreTree(t, db)
		u := mustUser(t, db, county, "qian")
		db.Write(ctx, func(tx *store.Tx) error { return store.CreateSession(ctx, tx, "old", u.ID, "", "") })
		db.Write(ctx, func(tx *store.Tx) error {
			n, err := store.DeleteExpiredSessions(ctx, tx, tx.Now.Add(-time.Minute), tx.Now.Add(-time.Hour))
			if n != 0 || err != nil {
				t.Errorf("fresh session expired: %d, %v", n, err)
			}
			n, err = store.DeleteExpiredSessions(ctx, tx, tx.Now.Add(time.Second), tx.Now.Add(-time.Hour))
			if n != 1 || err != nil {
				t.Errorf("idle session kept: %d, %v", n, err)
			}
			return nil
		})
	})
}

func TestRateCountersFixedWindow_Item33(t *testing.T) {
	for _, e := range testutil.Engines(t) {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			clock := bianmin.NewTestClock()
			clock.Set(time.Date(2026, 3, 2, 1, 0, 10, 0, time.UTC), true)
			db := testutil.MustOpenDB(t, e, clock)
			hit := func() (int, time.Time) {
				var n int
				var end time.Time
				if err := db.Write(ctx, func(tx *store.Tx) (err error) {
					n, end, err = store.HitRate(ctx, tx, "login.ip:10.0.0.9", time.Minute)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				return n, end
			}
			for want := 1; want <= 3; want++ {
				if n, end := hit(); n != want || !end.Equal(time.Date(2026, 3, 2, 1, 1, 0, 0, time.UTC)) {
					t.Errorf("hit %d: count %d, window end %v", want, n, end)
				}
			}
			db.Read(ctx, func(tx *store.Tx) error {
				n, _, err := store.RateCount(ctx, tx, "login.ip:10.0.0.9", time.Minute)
				if n != 3 || err != nil {
					t.Errorf("RateCount = %d, %v", n, err)
				}
				if n, _, _ := store.RateCount(ctx, tx, "other", time.Minute); n != 0 {
					t.Errorf("unused bucket counts %d", n)
				}
				return nil
			})
			clock.Advance(time.Minute)
			if n, _ := hit(); n != 1 {
				t.Errorf("next window starts at %d", n)
			}
			db.Write(ctx, func(tx *store.Tx) error {
				until := tx.Now.Add(30 * time.Minute)
				if err := store.RateMark(ctx, tx, "lock:x", until); err != nil {
					t.Fatal(err)
				}
				if got, err := store.RateMarkedUntil(ctx, tx, "lock:x"); err != nil || !got.Equal(until) {
					t.Errorf("RateMarkedUntil = %v, %v", got, err)
				}
				if got, _ := store.RateMarkedUntil(ctx, tx, "lock:y"); !got.IsZero() {
					t.Errorf("unmarked bucket until %v", got)
				}
				n, err := store.PruneRateCounters(ctx, tx, tx.Now.Truncate(time.Minute))
				if n != 1 || err != nil {
					t.Errorf("pruned %d, %v; want the first window only", n, err)
				}
				return nil
			})
		})
	}
}
