package store_test

import (
	"context"
	"slices"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestStaffBoardRows (ORG-3): one row per active post holder, by window
// number (2 before 10) and post; profiles round-trip.
func TestStaffBoardRows(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		p := store.StaffProfile{StaffNo: "007", DepartmentID: f.social, Phone: "13900000000"}
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := store.UpdateStaffProfile(ctx, tx, f.clerk2, p); err != nil {
				return err
			}
			for _, w := range []*bianmin.Window{
				{CentreID: f.centre, Number: "10", Name: "十号", Kind: bianmin.WindowGeneral, DepartmentIDs: []int64{f.civil}, AUserID: f.clerk1, BUserID: f.clerk2},
				{CentreID: f.centre, Number: "2", Name: "二号", Kind: bianmin.WindowGeneral, DepartmentIDs: []int64{f.civil}, AUserID: f.clerk2},
			} {
				if err := store.CreateWindow(ctx, tx, w, bianmin.SystemActor("test")); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var centre int64
		var got store.StaffProfile
		var board []store.BoardEntry
		err = db.Read(ctx, func(tx *store.Tx) (err error) {
			if centre, got, err = store.StaffProfileOf(ctx, tx, f.clerk2); err != nil {
				return err
			}
			board, err = store.StaffBoard(ctx, tx, f.centre)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if centre != f.centre || got != p {
			t.Fatalf("profile %d %+v, want %+v", centre, got, p)
		}
		want := []store.BoardEntry{
			{Name: "orgclerk2", StaffNo: "007", WindowNumber: "2", WindowName: "二号", Post: "A", Department: "社会保障所"},
			{Name: "orgclerk1", WindowNumber: "10", WindowName: "十号", Post: "A"},
			{Name: "orgclerk2", StaffNo: "007", WindowNumber: "10", WindowName: "十号", Post: "B", Department: "社会保障所"},
		}
		if !slices.Equal(board, want) {
			t.Fatalf("board %+v\nwant  %+v", board, want)
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.SetDisabled(ctx, tx, f.clerk2, true) }); err != nil {
			t.Fatal(err)
		}
		err = db.Read(ctx, func(tx *store.Tx) (err error) { board, err = store.StaffBoard(ctx, tx, f.centre); return err })
		if err != nil || len(board) != 1 || board[0].Name != "orgclerk1" {
			t.Fatalf("board without the disabled account: %+v, %v", board, err)
		}
	})
}
