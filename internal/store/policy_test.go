package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

func policyCentre(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "INSERT INTO centres (region_code, name, created_at) VALUES ($1, $2, $3) RETURNING id",
			code, "便民服务中心 "+code, tx.Now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func savePolicy(t *testing.T, db *store.DB, centreID int64, from, doc string) *policy.Version {
	t.Helper()
	ctx := context.Background()
	v := &policy.Version{CentreID: centreID, EffectiveFrom: from, Document: doc, Note: "test " + from}
	actor := &bianmin.Actor{UserID: 0, Username: "director1", Role: bianmin.RoleDirector, Source: "127.0.0.1"}
	if err := db.Write(ctx, func(tx *store.Tx) error { return store.SavePolicy(ctx, tx, v, actor) }); err != nil {
		t.Fatalf("save %s: %v", from, err)
	}
	return v
}

func TestSavePolicyNumbersVersionsPerCentre(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := policyCentre(t, db, "110105001000"), policyCentre(t, db, "110105002000")
		for i, want := range []int{1, 2, 3} {
			doc := "security:\n  idle_timeout_minutes: " + []string{"10", "20", "30"}[i] + "\n"
			v := savePolicy(t, db, a, "2026-01-0"+string(rune('1'+i)), doc)
			sum := sha256.Sum256([]byte(doc))
			if v.Version != want || v.ID == 0 || v.SHA256 != hex.EncodeToString(sum[:]) || v.CreatedBy != "director1" || v.CreatedAt.IsZero() {
				t.Errorf("save %d: %+v", i, v)
			}
		}
		if v := savePolicy(t, db, b, "2026-01-01", "queue: {}\n"); v.Version != 1 {
			t.Errorf("other centre starts at version %d", v.Version)
		}
		err := db.Read(ctx, func(tx *store.Tx) error {
			vs, err := store.PolicyVersions(ctx, tx, a)
			if err != nil {
				return err
			}
			if len(vs) != 3 || vs[0].Version != 1 || vs[2].Version != 3 || vs[2].Note != "test 2026-01-03" {
				t.Errorf("versions = %+v", vs)
			}
			v2, err := store.PolicyVersion(ctx, tx, a, 2)
			if err != nil {
				return err
			}
			if v2.Document != "security:\n  idle_timeout_minutes: 20\n" || v2.EffectiveFrom != "2026-01-02" || !v2.CreatedAt.Equal(vs[1].CreatedAt) {
				t.Errorf("version 2 = %+v", v2)
			}
			if _, err := store.PolicyVersion(ctx, tx, b, 2); !errors.Is(err, bianmin.ErrNotFound) {
				t.Errorf("missing version: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestEffectivePolicyAcrossDates(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := policyCentre(t, db, "110105003000")
		savePolicy(t, db, c, "2026-01-01", "# v1\n")
		savePolicy(t, db, c, "2026-03-01", "# v2 scheduled\n")
		savePolicy(t, db, c, "2026-02-01", "# v3 correction saved later with an earlier date\n")
		savePolicy(t, db, c, "2026-04-01", "# v4\n")
		savePolicy(t, db, c, "2026-04-01", "# v5 same date, newer\n")
		for _, tc := range []struct {
			date string
			want int
		}{
			{"2025-12-31", 0}, {"2026-01-01", 1}, {"2026-01-31", 1}, {"2026-02-01", 3}, {"2026-02-28", 3},
			{"2026-03-01", 2}, {"2026-03-31", 2}, {"2026-04-01", 5}, {"2030-01-01", 5},
		} {
			err := db.Read(ctx, func(tx *store.Tx) error {
				v, err := store.EffectivePolicy(ctx, tx, c, tc.date)
				switch {
				case tc.want == 0 && !errors.Is(err, bianmin.ErrNotFound):
					t.Errorf("%s: got %v, want ErrNotFound", tc.date, err)
				case tc.want != 0 && err != nil:
					t.Errorf("%s: %v", tc.date, err)
				case tc.want != 0 && v.Version != tc.want:
					t.Errorf("%s: version %d, want %d", tc.date, v.Version, tc.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestSavePolicyWritesAuditRow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := policyCentre(t, db, "110105004000")
		v := savePolicy(t, db, c, "2026-05-01", "queue: {}\n")
		var centre int64
		var actor, object, after, result string
		var version int
		err := db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT centre_id, actor, object_id, after_json, result, policy_version
				FROM audit_log WHERE action = 'policy.save' AND object_type = 'policy'`).Scan(&centre, &actor, &object, &after, &result, &version)
		})
		if err != nil {
			t.Fatal(err)
		}
		if centre != c || actor != "director1" || object != fmt.Sprintf("%d/1", c) || version != v.Version || result != bianmin.ResultOK {
			t.Errorf("audit row: centre %d actor %q object %q version %d result %q", centre, actor, object, version, result)
		}
		if want := bianmin.JSONOf(map[string]any{"version": 1, "effective_from": "2026-05-01", "sha256": v.SHA256, "bytes": 10, "note": v.Note}); after != want {
			t.Errorf("after = %s, want %s", after, want)
		}
	})
}

func TestSavePolicyRejectsBadInput(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := policyCentre(t, db, "110105005000")
		for _, v := range []*policy.Version{
			{CentreID: c, EffectiveFrom: "2026-2-1", Document: "queue: {}\n"},
			{CentreID: c, EffectiveFrom: "2026-02-30", Document: "queue: {}\n"},
			{CentreID: c, EffectiveFrom: "", Document: "queue: {}\n"},
			{CentreID: c, EffectiveFrom: "2026-02-01", Document: ""},
		} {
			err := db.Write(ctx, func(tx *store.Tx) error { return store.SavePolicy(ctx, tx, v, nil) })
			if bianmin.ErrorCode(err) != bianmin.EINVALID {
				t.Errorf("%+v: got %v, want EINVALID", v, err)
			}
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			return store.SavePolicy(ctx, tx, &policy.Version{CentreID: 99999, EffectiveFrom: "2026-02-01", Document: "x: 1\n"}, nil)
		})
		if !errors.Is(err, bianmin.ErrInvalidReference) {
			t.Errorf("unknown centre: %v", err)
		}
		var n, audits int
		err = db.Read(ctx, func(tx *store.Tx) error {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM policies").Scan(&n); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.save'").Scan(&audits)
		})
		if err != nil || n != 0 || audits != 0 {
			t.Errorf("rejected saves wrote %d policies and %d audit rows (%v)", n, audits, err)
		}
		err = db.Read(ctx, func(tx *store.Tx) error {
			_, err := store.EffectivePolicy(ctx, tx, c, "01/02/2026")
			return err
		})
		if bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("bad query date: %v", err)
		}
	})
}
