package service_test

import (
	"errors"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

func (e *catEnv) mustWindow(number string) *bianmin.Window {
	e.t.Helper()
	w := &bianmin.Window{CentreID: e.townA, Number: number, Name: "综合受理窗口", Kind: bianmin.WindowGeneral,
		DepartmentIDs: []int64{e.deptA1, e.deptA2}}
	if err := e.svc.SaveWindow(e.ctx, e.director, w); err != nil {
		e.t.Fatalf("window %s: %v", number, err)
	}
	return w
}

func (e *catEnv) missingPosts() []int64 {
	e.t.Helper()
	ws, err := e.svc.WindowsMissingPosts(e.ctx, e.director, e.townA)
	if err != nil {
		e.t.Fatal(err)
	}
	var ids []int64
	for _, w := range ws {
		ids = append(ids, w.ID)
	}
	return ids
}

// TestWindowPosts: A and B are two different active clerks of the centre
// (ORG-2); a window without both, or with a disabled holder, is flagged;
// every change is audited.
func TestWindowPosts(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		w := e.mustWindow("1")
		if got := e.missingPosts(); len(got) != 1 || got[0] != w.ID {
			t.Fatalf("missing posts before any holder: %v, want [%d]", got, w.ID)
		}
		if err := e.svc.SetWindowPosts(e.ctx, e.director, w.ID, e.clerk1.ID, e.clerk1.ID); !errors.Is(err, bianmin.ErrSamePostHolder) {
			t.Fatalf("A = B: got %v, want ErrSamePostHolder", err)
		}
		if err := e.svc.SetWindowPosts(e.ctx, e.director, w.ID, e.clerk1.ID, e.chief.ID); !errors.Is(err, store.ErrPostHolder) {
			t.Fatalf("B not a clerk: got %v, want ErrPostHolder", err)
		}
		wantForbidden(t, e.svc.SetWindowPosts(e.ctx, e.officeB, w.ID, e.clerk1.ID, e.clerk2.ID), "office of another centre")
		if e.auditRows("window.posts", "ORG-2", bianmin.ResultOK) != 0 || e.count("SELECT count(*) FROM windows WHERE a_user_id IS NOT NULL") != 0 {
			t.Fatal("a refused post change was written")
		}
		if err := e.svc.SetWindowPosts(e.ctx, e.office, w.ID, e.clerk1.ID, e.clerk2.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.missingPosts(); len(got) != 0 {
			t.Fatalf("missing posts with both filled: %v", got)
		}
		if e.auditRows("window.posts", "ORG-2", bianmin.ResultOK) != 1 {
			t.Error("post change not audited under ORG-2")
		}
		err := e.db.Write(e.ctx, func(tx *store.Tx) error { return store.SetDisabled(e.ctx, tx, e.clerk2.ID, true) })
		if err != nil {
			t.Fatal(err)
		}
		if got := e.missingPosts(); len(got) != 1 {
			t.Fatalf("a disabled B holder is not flagged: %v", got)
		}
	})
}

// TestSaveWindowUpdate: an update changes number, names, zone, kind,
// departments and items but keeps the posts; a taken number names the
// field; refusals write nothing (ORG-1).
func TestSaveWindowUpdate(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		w := e.mustWindow("1")
		e.mustWindow("2")
		if err := e.svc.SetWindowPosts(e.ctx, e.director, w.ID, e.clerk1.ID, e.clerk2.ID); err != nil {
			t.Fatal(err)
		}
		it := e.mustCreate(e.item("IMPL-1", "失业登记", ""))
		upd := &bianmin.Window{ID: w.ID, Number: "3", Name: "社保窗口", Zone: "一楼东区", Kind: bianmin.WindowSpecialised,
			DepartmentIDs: []int64{e.deptA1}, ItemIDs: []int64{it.ID}}
		if err := e.svc.SaveWindow(e.ctx, e.office, upd); err != nil {
			t.Fatal(err)
		}
		list, err := e.svc.ListWindows(e.ctx, e.clerk, e.townA)
		if err != nil {
			t.Fatal(err)
		}
		got := list[len(list)-1]
		if got.ID != w.ID || got.Number != "3" || got.Zone != "一楼东区" || got.Kind != bianmin.WindowSpecialised ||
			len(got.DepartmentIDs) != 1 || len(got.ItemIDs) != 1 || got.AUserID != e.clerk1.ID || got.BUserID != e.clerk2.ID {
			t.Fatalf("updated window %+v", got)
		}
		if e.auditRows("window.update", "ORG-1", bianmin.ResultOK) != 1 || e.auditRows("window.create", "ORG-1", bianmin.ResultOK) != 2 {
			t.Error("window changes not audited under ORG-1")
		}
		upd.Number = "2"
		if err := e.svc.SaveWindow(e.ctx, e.office, upd); bianmin.AsError(err).Field != "number" {
			t.Fatalf("taken number: got %v, want an error on number", err)
		}
		upd.Number, upd.DepartmentIDs = "3", []int64{e.deptA1, e.deptA2}
		if err := e.svc.SaveWindow(e.ctx, e.office, upd); !errors.Is(err, store.ErrWindowDepartments) {
			t.Fatalf("specialised window with two departments: got %v", err)
		}
		upd.Kind, upd.DepartmentIDs = bianmin.WindowGeneral, []int64{e.deptB}
		if err := e.svc.SaveWindow(e.ctx, e.office, upd); !errors.Is(err, store.ErrOtherCentre) {
			t.Fatalf("another centre's department: got %v", err)
		}
		wantForbidden(t, e.svc.SaveWindow(e.ctx, e.officeB, upd), "office of another centre")
		if e.auditRows("window.update", "ORG-1", bianmin.ResultOK) != 1 ||
			e.count("SELECT count(*) FROM window_departments WHERE window_id = $1", w.ID) != 1 {
			t.Error("a refused window change was written")
		}
	})
}
