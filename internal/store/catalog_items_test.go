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

// draft returns a valid draft of the fixture's centre with one material.
func draft(f orgFixture, dept int64, code string, version int, name string) *bianmin.ServiceItem {
	it := item(f, dept, code, bianmin.CasePromised, wd5, wd20)
	it.Name, it.Version, it.Status = name, version, bianmin.ItemDraft
	it.Materials = []bianmin.Material{{Name: "身份证", Originals: 1, Required: true}}
	return it
}

func mustItem(t *testing.T, ctx context.Context, db *store.DB, it *bianmin.ServiceItem, key string) {
	t.Helper()
	err := db.Write(ctx, func(tx *store.Tx) error { return store.CreateItemVersion(ctx, tx, it, key) })
	if err != nil {
		t.Fatalf("create %s v%d: %v", it.ImplCode, it.Version, err)
	}
}

func names(items []*bianmin.ServiceItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Name)
	}
	return out
}

// TestItemsFilters: every filter is a bound parameter and they combine;
// LatestOnly keeps the highest version of each code; PublishedItems never
// returns a draft or a superseded version.
func TestItemsFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		a1 := draft(f, f.civil, "A", 1, "低保申请")
		a1.Status = bianmin.ItemSuperseded
		mustItem(t, ctx, db, a1, "低保申请||dbsq|dibaoshenqing")
		a2 := draft(f, f.civil, "A", 2, "低保申请v2")
		a2.Status, a2.LifeEvents = bianmin.ItemPublished, []string{"救助"}
		mustItem(t, ctx, db, a2, "低保申请v2||dbsqv2|dibaoshenqingv2")
		a3 := draft(f, f.civil, "A", 3, "低保申请v3")
		mustItem(t, ctx, db, a3, "低保申请v3||dbsqv3|dibaoshenqingv3")
		b := draft(f, f.social, "B", 1, "失业登记")
		b.Status, b.CaseKind, b.CoDepartmentIDs = bianmin.ItemPublished, bianmin.CaseJoint, []int64{f.civil}
		mustItem(t, ctx, db, b, "失业登记|unemployment|sydj|shiyedengji")

		run := func(fl store.ItemFilter, published bool) []string {
			t.Helper()
			var out []*bianmin.ServiceItem
			err := db.Read(ctx, func(tx *store.Tx) (err error) {
				if published {
					out, err = store.PublishedItems(ctx, tx, f.centre, fl)
				} else {
					out, err = store.Items(ctx, tx, f.centre, fl)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return names(out)
		}
		tests := []struct {
			name      string
			f         store.ItemFilter
			published bool
			want      []string
		}{
			{"all versions", store.ItemFilter{}, false, []string{"低保申请", "低保申请v2", "低保申请v3", "失业登记"}},
			{"latest only", store.ItemFilter{LatestOnly: true}, false, []string{"低保申请v3", "失业登记"}},
			{"status", store.ItemFilter{Status: bianmin.ItemSuperseded}, false, []string{"低保申请"}},
			{"published", store.ItemFilter{Status: bianmin.ItemDraft, LatestOnly: true}, true, []string{"低保申请v2", "失业登记"}},
			{"text upper case", store.ItemFilter{Text: "DBSQ"}, true, []string{"低保申请v2"}},
			{"co-department", store.ItemFilter{DepartmentID: f.civil}, true, []string{"低保申请v2", "失业登记"}},
			{"every filter", store.ItemFilter{Text: "v2", DepartmentID: f.civil, LifeEvent: "救助", Status: bianmin.ItemPublished}, false, []string{"低保申请v2"}},
			{"wildcard text", store.ItemFilter{Text: "%"}, false, nil},
			{"other centre", store.ItemFilter{DepartmentID: f.foreign}, false, nil},
		}
		for _, tt := range tests {
			if got := run(tt.f, tt.published); !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// TestUpdateItemDraftOnly: UpdateItem replaces fields, materials and
// co-departments of a draft, and refuses a published version (R9.2).
func TestUpdateItemDraftOnly(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		d := draft(f, f.civil, "U", 1, "临时救助")
		mustItem(t, ctx, db, d, "k1")
		d.Name, d.CaseKind, d.CoDepartmentIDs = "临时救助（联办）", bianmin.CaseJoint, []int64{f.social}
		d.Materials = []bianmin.Material{{Name: "申请书", Originals: 1, Required: true}, {Name: "病历", Copies: 1, Condition: "因病申请时"}}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.UpdateItem(ctx, tx, d, "k2") }); err != nil {
			t.Fatal(err)
		}
		var got *bianmin.ServiceItem
		read := func() {
			err := db.Read(ctx, func(tx *store.Tx) (err error) { got, err = store.ItemByID(ctx, tx, d.ID); return err })
			if err != nil {
				t.Fatal(err)
			}
		}
		read()
		if got.Name != "临时救助（联办）" || !slices.Equal(got.CoDepartmentIDs, []int64{f.social}) || len(got.Materials) != 2 ||
			got.Materials[1].Condition != "因病申请时" || got.Materials[1].Position != 2 || got.Status != bianmin.ItemDraft {
			t.Fatalf("after update: %+v", got)
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			return store.SetItemStatus(ctx, tx, d.ID, bianmin.ItemDraft, bianmin.ItemPublished)
		})
		if err != nil {
			t.Fatal(err)
		}
		d.Name, d.Materials = "再改", nil
		err = db.Write(ctx, func(tx *store.Tx) error { return store.UpdateItem(ctx, tx, d, "k3") })
		if !errors.Is(err, store.ErrItemNotDraft) {
			t.Fatalf("update of a published version: got %v, want ErrItemNotDraft", err)
		}
		read()
		if got.Name != "临时救助（联办）" || len(got.Materials) != 2 || got.PublishedAt == nil || got.CreatedAt.IsZero() {
			t.Fatalf("published version changed or not stamped: %+v", got)
		}
	})
}

// TestSetItemStatus: a transition from the wrong status is ErrConflict, and
// the index keeps one published version per code (R9.2).
func TestSetItemStatus(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		v1, v2 := draft(f, f.civil, "P", 1, "v1"), draft(f, f.civil, "P", 2, "v2")
		v1.Status = bianmin.ItemPublished
		mustItem(t, ctx, db, v1, "")
		mustItem(t, ctx, db, v2, "")
		set := func(id int64, from, to bianmin.ItemStatus) error {
			return db.Write(ctx, func(tx *store.Tx) error { return store.SetItemStatus(ctx, tx, id, from, to) })
		}
		if err := set(v2.ID, bianmin.ItemPublished, bianmin.ItemSuperseded); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("wrong from status: got %v, want ErrConflict", err)
		}
		if err := set(v2.ID, bianmin.ItemDraft, bianmin.ItemPublished); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("two published versions: got %v, want ErrConflict", err)
		}
		if err := set(v1.ID, bianmin.ItemPublished, bianmin.ItemSuperseded); err != nil {
			t.Fatal(err)
		}
		if err := set(v2.ID, bianmin.ItemDraft, bianmin.ItemPublished); err != nil {
			t.Fatal(err)
		}
		var vs []*bianmin.ServiceItem
		err := db.Read(ctx, func(tx *store.Tx) (err error) { vs, err = store.ItemVersions(ctx, tx, f.centre, "P"); return err })
		if err != nil || len(vs) != 2 || vs[0].Status != bianmin.ItemSuperseded || vs[1].Status != bianmin.ItemPublished {
			t.Fatalf("versions: %v, %v", vs, err)
		}
	})
}

// TestCheckItemRefs: departments and forms of another centre are refused by field.
func TestCheckItemRefs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		foreignFile := &store.File{CentreID: f.other, Name: "x.pdf", ContentType: "application/pdf", Data: []byte("%PDF-")}
		if err := db.Write(ctx, func(tx *store.Tx) error { return store.InsertFile(ctx, tx, foreignFile) }); err != nil {
			t.Fatal(err)
		}
		it := draft(f, f.foreign, "R", 1, "跨中心")
		it.CoDepartmentIDs = []int64{f.foreign, 99999}
		it.Materials[0].SampleID = foreignFile.ID
		err := db.Write(ctx, func(tx *store.Tx) error { return store.CreateItemVersion(ctx, tx, it, "") })
		got := map[string]bool{}
		for _, d := range bianmin.AsError(err).Details {
			got[d.Field] = true
		}
		for _, want := range []string{"department_id", "co_department_ids", "materials[0].sample_id"} {
			if !got[want] {
				t.Errorf("no error on %s: %v", want, err)
			}
		}
	})
}
