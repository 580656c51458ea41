package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestDepartmentColumns: insert, read and update every department column;
// a duplicate name is ErrConflict; the chief representative holds chief_rep (ORG-4).
func TestDepartmentColumns(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		var rep int64
		d := &bianmin.Department{CentreID: f.centre, Name: "医保站", NameEN: "Medical Insurance", CreditCode: "91350100M0001TGQXM", CreditCodeOverride: true}
		err := db.Write(ctx, func(tx *store.Tx) error {
			u := &bianmin.User{CentreID: f.centre, Username: "chiefrep", DisplayName: "首席", PasswordHash: "$argon2id$test"}
			if err := store.CreateUser(ctx, tx, u); err != nil {
				return err
			}
			rep = u.ID
			if err := store.AddGrant(ctx, tx, u.ID, bianmin.Grant{Role: bianmin.RoleChiefRep, CentreID: f.centre}); err != nil {
				return err
			}
			if err := store.CheckChiefRep(ctx, tx, f.centre, f.clerk1); !errors.Is(err, store.ErrChiefRep) {
				t.Errorf("a clerk as chief rep: got %v, want ErrChiefRep", err)
			}
			if err := store.CheckChiefRep(ctx, tx, f.other, rep); !errors.Is(err, store.ErrChiefRep) {
				t.Errorf("chief rep of another centre: got %v, want ErrChiefRep", err)
			}
			if err := store.CheckChiefRep(ctx, tx, f.centre, 424242); !errors.Is(err, store.ErrChiefRep) {
				t.Errorf("unknown chief rep: got %v, want ErrChiefRep", err)
			}
			if err := store.CheckChiefRep(ctx, tx, f.centre, rep); err != nil {
				return err
			}
			return store.InsertDepartment(ctx, tx, d)
		})
		if err != nil {
			t.Fatal(err)
		}
		d.ChiefRepUserID, d.Name = rep, "医疗保障站"
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.UpdateDepartment(ctx, tx, d) }); err != nil {
			t.Fatal(err)
		}
		var got *bianmin.Department
		var all []*bianmin.Department
		err = db.Read(ctx, func(tx *store.Tx) (err error) {
			if got, err = store.DepartmentByID(ctx, tx, d.ID); err != nil {
				return err
			}
			all, err = store.CentreDepartments(ctx, tx, f.centre)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if *got != *d || len(all) != 3 || *all[2] != *d {
			t.Fatalf("read back %+v (of %d), want %+v", got, len(all), d)
		}
		d.Name = "民政办"
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.UpdateDepartment(ctx, tx, d) }); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("duplicate name: got %v, want ErrConflict", err)
		}
	})
}

// TestUpdateWindowAndCarry: UpdateWindow replaces fields and links but
// keeps the posts; WindowsMissingPosts flags empty and disabled posts;
// CarryWindowItems moves links to a new version only where the window
// serves its department (ORG-1, ORG-2, R9.2).
func TestUpdateWindowAndCarry(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		actor := bianmin.SystemActor("test")
		v1 := draft(f, f.civil, "W", 1, "v1")
		v1.Status = bianmin.ItemPublished
		mustItem(t, ctx, db, v1, "")
		full := &bianmin.Window{CentreID: f.centre, Number: "10", Name: "综合", Kind: bianmin.WindowGeneral,
			DepartmentIDs: []int64{f.civil, f.social}, ItemIDs: []int64{v1.ID}, AUserID: f.clerk1, BUserID: f.clerk2}
		social := &bianmin.Window{CentreID: f.centre, Number: "2", Name: "社保", Kind: bianmin.WindowSpecialised,
			DepartmentIDs: []int64{f.social}}
		err := db.Write(ctx, func(tx *store.Tx) error {
			for _, w := range []*bianmin.Window{full, social} {
				if err := store.CreateWindow(ctx, tx, w, actor); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		missing := func() []int64 {
			var ids []int64
			if err := db.Read(ctx, func(tx *store.Tx) (err error) { ids, err = store.WindowsMissingPosts(ctx, tx, f.centre); return err }); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := missing(); !slices.Equal(got, []int64{social.ID}) {
			t.Fatalf("missing posts %v, want [%d]", got, social.ID)
		}
		social.Number, social.DepartmentIDs, social.ItemIDs = "3", []int64{f.civil}, []int64{v1.ID}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.UpdateWindow(ctx, tx, social, actor) }); err != nil {
			t.Fatal(err)
		}
		full.Number = "3"
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.UpdateWindow(ctx, tx, full, actor) }); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("taken number: got %v, want ErrConflict", err)
		}
		if auditCount(t, ctx, db, "window.update", "ORG-1") != 1 {
			t.Error("window update not audited once")
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.SetDisabled(ctx, tx, f.clerk2, true) }); err != nil {
			t.Fatal(err)
		}
		if got := missing(); !slices.Equal(got, []int64{social.ID, full.ID}) {
			t.Fatalf("missing posts with a disabled B: %v", got)
		}

		v2 := draft(f, f.social, "W", 2, "v2") // moved to the social department
		mustItem(t, ctx, db, v2, "")
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.CarryWindowItems(ctx, tx, v1.ID, v2.ID) }); err != nil {
			t.Fatal(err)
		}
		var ws []*bianmin.Window
		if err := db.Read(ctx, func(tx *store.Tx) (err error) { ws, err = store.Windows(ctx, tx, f.centre); return err }); err != nil {
			t.Fatal(err)
		}
		want := map[int64][]int64{social.ID: {}, full.ID: {v2.ID}} // window 3 no longer serves the item's department
		for _, w := range ws {
			if !slices.Equal(w.ItemIDs, want[w.ID]) {
				t.Errorf("window %s after carry: items %v, want %v", w.Number, w.ItemIDs, want[w.ID])
			}
		}
		if ws[1].ID != full.ID || ws[1].AUserID != f.clerk1 || ws[1].BUserID != f.clerk2 {
			t.Errorf("posts of window 10 changed: %+v", ws[1])
		}
	})
}
