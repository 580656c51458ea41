package service_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// TestItemVersionLifecycle walks R9.2: a new item is a draft that the
// public cannot see; publishing makes it public; a new version is a draft
// while the old one stays public; publishing it supersedes the old one,
// which staff can still read for the cases accepted under it.
func TestItemVersionLifecycle(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		v1 := e.mustCreate(e.item("11440300MB2C9201XW", "社会保险登记", "Social insurance registration"))
		if v1.ID == 0 || v1.Version != 1 || v1.Status != bianmin.ItemDraft {
			t.Fatalf("created %d v%d %s, want a draft version 1", v1.ID, v1.Version, v1.Status)
		}
		if got := e.publicNames(service.ItemQuery{}); len(got) != 0 {
			t.Fatalf("public guide shows a draft: %v", got)
		}
		if _, err := e.svc.PublishedItem(e.ctx, e.townA, v1.ID); !errors.Is(err, bianmin.ErrNotFound) {
			t.Fatalf("public item page of a draft: got %v, want ErrNotFound", err)
		}
		e.mustPublish(v1.ID)
		pub, err := e.svc.PublishedItem(e.ctx, e.townA, v1.ID)
		if err != nil || pub.Status != bianmin.ItemPublished || pub.PublishedAt == nil || len(pub.Materials) != 2 {
			t.Fatalf("published item: %+v, %v", pub, err)
		}

		v2, err := e.svc.NewVersion(e.ctx, e.office, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.Status != bianmin.ItemDraft || v2.ImplCode != v1.ImplCode || len(v2.Materials) != 2 {
			t.Fatalf("new version: v%d %s %s with %d materials", v2.Version, v2.Status, v2.ImplCode, len(v2.Materials))
		}
		if _, err := e.svc.NewVersion(e.ctx, e.office, v1.ID); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("a second open draft: got %v, want a conflict", err)
		}
		edit := *v2
		edit.Name = "社会保险登记（单位）"
		edit.Materials = edit.Materials[:1]
		if err := e.svc.UpdateDraft(e.ctx, e.office, v2.ID, &edit); err != nil {
			t.Fatal(err)
		}
		if got := e.publicNames(service.ItemQuery{}); !slices.Equal(got, []string{"社会保险登记"}) {
			t.Fatalf("while v2 is a draft the public sees %v, want v1 only", got)
		}
		for _, id := range []int64{v1.ID} {
			if err := e.svc.UpdateDraft(e.ctx, e.director, id, e.item(v1.ImplCode, "改名", "")); !errors.Is(err, service.ErrPublishedReadOnly) {
				t.Fatalf("editing published v1: got %v, want ErrPublishedReadOnly", err)
			}
		}

		e.mustPublish(v2.ID)
		old, err := e.svc.Item(e.ctx, e.clerk, v1.ID)
		if err != nil || old.Status != bianmin.ItemSuperseded || old.Name != "社会保险登记" || len(old.Materials) != 2 {
			t.Fatalf("v1 after v2 was published: %+v, %v (want superseded, unchanged, readable by staff)", old, err)
		}
		if _, err := e.svc.PublishedItem(e.ctx, e.townA, v1.ID); !errors.Is(err, bianmin.ErrNotFound) {
			t.Fatalf("public page of superseded v1: got %v, want ErrNotFound", err)
		}
		cur, err := e.svc.PublishedItem(e.ctx, e.townA, v2.ID)
		if err != nil || cur.Name != "社会保险登记（单位）" || len(cur.Materials) != 1 {
			t.Fatalf("public v2: %+v, %v", cur, err)
		}
		if err := e.svc.UpdateDraft(e.ctx, e.director, v1.ID, e.item(v1.ImplCode, "改名", "")); !errors.Is(err, service.ErrPublishedReadOnly) {
			t.Fatalf("editing superseded v1: got %v, want ErrPublishedReadOnly", err)
		}
		list, err := e.svc.ListItems(e.ctx, e.clerk, e.townA, service.ItemQuery{})
		if err != nil || len(list) != 1 || list[0].ID != v2.ID {
			t.Fatalf("staff list (newest version per code): %v, %v", list, err)
		}
		for action, want := range map[string]int{"item.create|CAT-1": 1, "item.update|CAT-1": 1,
			"item.new_version|R9.2": 1, "item.publish|R9.2": 2, "item.supersede|R9.2": 1} {
			a, r, _ := strings.Cut(action, "|")
			if got := e.auditRows(a, r, bianmin.ResultOK); got != want {
				t.Errorf("audit rows %s: %d, want %d", action, got, want)
			}
		}
	})
}

// TestVersionRules: a new version comes only from the published version
// and keeps the implementation code; only a draft is published; a taken
// code names its field; windows follow the item to its new version (R9.2).
func TestVersionRules(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		v1 := e.mustCreate(e.item("VR-1", "结婚登记预约", ""))
		if _, err := e.svc.NewVersion(e.ctx, e.director, v1.ID); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("new version of a draft: got %v, want a conflict", err)
		}
		if err := e.svc.CreateItem(e.ctx, e.director, e.item("VR-1", "重复", "")); bianmin.AsError(err).Field != "impl_code" ||
			bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("taken implementation code: got %v", err)
		}
		e.mustPublish(v1.ID)
		if err := e.svc.PublishItem(e.ctx, e.director, v1.ID); bianmin.ErrorCode(err) != bianmin.ECONFLICT {
			t.Fatalf("publishing a published version: got %v, want a conflict", err)
		}
		w := &bianmin.Window{CentreID: e.townA, Number: "8", Name: "婚姻登记", Kind: bianmin.WindowSpecialised,
			DepartmentIDs: []int64{e.deptA1}, ItemIDs: []int64{v1.ID}}
		if err := e.svc.SaveWindow(e.ctx, e.director, w); err != nil {
			t.Fatal(err)
		}
		v2, err := e.svc.NewVersion(e.ctx, e.director, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		moved := e.item("VR-2", "结婚登记预约", "")
		if err := e.svc.UpdateDraft(e.ctx, e.director, v2.ID, moved); bianmin.AsError(err).Field != "impl_code" {
			t.Fatalf("changing the code of version 2: got %v, want an error on impl_code", err)
		}
		moved.ImplCode = ""
		if err := e.svc.UpdateDraft(e.ctx, e.director, v2.ID, moved); err != nil || moved.ImplCode != "VR-1" {
			t.Fatalf("an empty code keeps the item's: %v, code %q", err, moved.ImplCode)
		}
		e.mustPublish(v2.ID)
		ws, err := e.svc.ListWindows(e.ctx, e.director, e.townA)
		if err != nil || len(ws) != 1 || !slices.Equal(ws[0].ItemIDs, []int64{v2.ID}) {
			t.Fatalf("window items after publishing v2: %+v, %v", ws, err)
		}
	})
}
