package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestFilesPublicOnlyWhenShown: bytes round-trip exactly; a file is public
// only as a form of a published item (CAT-2) or the photo of an active post
// holder (ORG-3).
func TestFilesPublicOnlyWhenShown(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		data := []byte("%PDF-1.4\x00\xff\x01binary")
		form := &store.File{CentreID: f.centre, Name: "表.pdf", ContentType: "application/pdf", Size: int64(len(data)), SHA256: "x", Data: data}
		photo := &store.File{CentreID: f.centre, Name: "p.png", ContentType: "image/png", Size: 1, SHA256: "y", Data: []byte{1}}
		err := db.Write(ctx, func(tx *store.Tx) error {
			for _, x := range []*store.File{form, photo} {
				if err := store.InsertFile(ctx, tx, x); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		public := func(id int64) bool {
			t.Helper()
			var ok bool
			if err := db.Read(ctx, func(tx *store.Tx) (err error) { ok, err = store.FileIsPublic(ctx, tx, id); return err }); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		var got *store.File
		if err := db.Read(ctx, func(tx *store.Tx) (err error) { got, err = store.FileByID(ctx, tx, form.ID); return err }); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Data, data) || got.Name != "表.pdf" || got.CreatedAt.IsZero() {
			t.Fatalf("read back %+v", got)
		}
		if public(form.ID) || public(photo.ID) {
			t.Fatal("unreferenced files are public")
		}
		it := draft(f, f.civil, "F", 1, "带表格")
		it.Materials[0].BlankFormID = form.ID
		mustItem(t, ctx, db, it, "")
		if public(form.ID) {
			t.Fatal("the form of a draft is public")
		}
		if err := db.Write(ctx, func(tx *store.Tx) error {
			return store.SetItemStatus(ctx, tx, it.ID, bianmin.ItemDraft, bianmin.ItemPublished)
		}); err != nil {
			t.Fatal(err)
		}
		if !public(form.ID) {
			t.Fatal("the form of a published item is not public")
		}
		err = db.Write(ctx, func(tx *store.Tx) error {
			if err := store.UpdateStaffProfile(ctx, tx, f.clerk1, store.StaffProfile{PhotoFileID: photo.ID}); err != nil {
				return err
			}
			if public(photo.ID) {
				t.Error("the photo of someone without a post is public")
			}
			w := &bianmin.Window{CentreID: f.centre, Number: "1", Name: "窗口", Kind: bianmin.WindowGeneral,
				DepartmentIDs: []int64{f.civil}, AUserID: f.clerk1, BUserID: f.clerk2}
			return store.CreateWindow(ctx, tx, w, bianmin.SystemActor("test"))
		})
		if err != nil {
			t.Fatal(err)
		}
		if !public(photo.ID) {
			t.Fatal("the photo of a post holder is not public")
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.SetDisabled(ctx, tx, f.clerk1, true) }); err != nil {
			t.Fatal(err)
		}
		if public(photo.ID) {
			t.Fatal("the photo of a disabled account is public")
		}
		if err := db.Read(ctx, func(tx *store.Tx) error { _, err := store.FileByID(ctx, tx, 9999); return err }); !errors.Is(err, bianmin.ErrNotFound) {
			t.Errorf("unknown file: got %v, want ErrNotFound", err)
		}
	})
}
