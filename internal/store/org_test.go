package store_test

import (
	"context"
	"errors"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// orgFixture is a centre with two departments and three staff: two clerks
// and one director (not a clerk).
type orgFixture struct {
	centre, other          int64
	civil, social, foreign int64 // departments; foreign belongs to the other centre
	clerk1, clerk2, boss   int64
}

func newOrgFixture(t *testing.T, ctx context.Context, db *store.DB) orgFixture {
	t.Helper()
	var f orgFixture
	err := db.Write(ctx, func(tx *store.Tx) error {
		c := &bianmin.Centre{RegionCode: "440305010000", Name: "柳塘街道便民服务中心", Level: 5}
		o := &bianmin.Centre{RegionCode: "440305011000", Name: "荷湾街道便民服务中心", Level: 5}
		for _, x := range []*bianmin.Centre{c, o} {
			if err := store.CreateCentre(ctx, tx, x); err != nil {
				return err
			}
		}
		f.centre, f.other = c.ID, o.ID
		var err error
		if f.civil, err = store.CreateDepartment(ctx, tx, c.ID, "民政办", "Civil Affairs"); err != nil {
			return err
		}
		if f.social, err = store.CreateDepartment(ctx, tx, c.ID, "社会保障所", "Social Security"); err != nil {
			return err
		}
		if f.foreign, err = store.CreateDepartment(ctx, tx, o.ID, "民政办", "Civil Affairs"); err != nil {
			return err
		}
		users := []struct {
			id   *int64
			name string
			role bianmin.Role
		}{{&f.clerk1, "orgclerk1", bianmin.RoleClerk}, {&f.clerk2, "orgclerk2", bianmin.RoleClerk}, {&f.boss, "orgboss", bianmin.RoleDirector}}
		for _, x := range users {
			u := &bianmin.User{CentreID: c.ID, Username: x.name, DisplayName: x.name, PasswordHash: "$argon2id$test", MustChangePassword: true}
			if err := store.CreateUser(ctx, tx, u); err != nil {
				return err
			}
			if err := store.AddGrant(ctx, tx, u.ID, bianmin.Grant{Role: x.role, CentreID: c.ID}); err != nil {
				return err
			}
			*x.id = u.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func auditCount(t *testing.T, ctx context.Context, db *store.DB, action, rule string) int {
	t.Helper()
	var n int
	err := db.Read(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = $1 AND rule_id = $2", action, rule).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func item(f orgFixture, dept int64, code string, kind bianmin.CaseKind, p, s bianmin.Limit) *bianmin.ServiceItem {
	return &bianmin.ServiceItem{CentreID: f.centre, DepartmentID: dept, Name: "事项" + code, ImplCode: code,
		ItemType: bianmin.ItemPublicService, CaseKind: kind, Promised: p, Statutory: s}
}

var (
	onSpot = bianmin.Limit{Unit: bianmin.UnitOnTheSpot}
	wd5    = bianmin.Limit{Value: 5, Unit: bianmin.UnitWorkingDays}
	wd20   = bianmin.Limit{Value: 20, Unit: bianmin.UnitWorkingDays}
)

func TestServiceItemsCreateListAudit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		actor := bianmin.SystemActor("test")
		create := func(it *bianmin.ServiceItem) error {
			return db.Write(ctx, func(tx *store.Tx) error { return store.CreateServiceItem(ctx, tx, it, actor) })
		}
		a := item(f, f.civil, "I-001", bianmin.CaseImmediate, onSpot, wd5)
		a.Fee, a.FeeBasis, a.Appointment, a.BasicCode = "工本费10元", "示例收费文件（CAT-3）", true, "0700001000"
		if err := create(a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Version != 1 {
			t.Fatalf("created item %+v", a)
		}
		if err := create(item(f, f.civil, "I-002", bianmin.CasePromised, wd5, wd20)); err != nil {
			t.Fatal(err)
		}
		if err := create(item(f, f.civil, "I-001", bianmin.CaseImmediate, onSpot, wd5)); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("same code and version: got %v, want ErrConflict", err)
		}
		v2 := item(f, f.civil, "I-001", bianmin.CaseImmediate, onSpot, wd5)
		v2.Version = 2
		if err := create(v2); !errors.Is(err, bianmin.ErrConflict) {
			t.Errorf("a second published version: got %v, want ErrConflict (one published version at a time, R9.2)", err)
		}
		v2.Status = bianmin.ItemDraft
		if err := create(v2); err != nil {
			t.Errorf("new draft version: %v", err)
		}
		bad := map[string]*bianmin.ServiceItem{
			"promised over statutory":  item(f, f.civil, "B-1", bianmin.CasePromised, wd20, wd5),
			"immediate with a limit":   item(f, f.civil, "B-2", bianmin.CaseImmediate, wd5, wd20),
			"promised on the spot":     item(f, f.civil, "B-3", bianmin.CasePromised, onSpot, wd5),
			"department of other hall": item(f, f.foreign, "B-4", bianmin.CasePromised, wd5, wd20),
			"long basic code":          item(f, f.civil, "B-5", bianmin.CasePromised, wd5, wd20),
			"three-digit item type":    item(f, f.civil, "B-6", bianmin.CasePromised, wd5, wd20),
		}
		bad["long basic code"].BasicCode = "1234567890123"
		bad["three-digit item type"].ItemType = "201"
		for name, it := range bad {
			if err := create(it); bianmin.ErrorCode(err) != bianmin.EINVALID {
				t.Errorf("%s: got %v, want EINVALID", name, err)
			}
		}
		var items []*bianmin.ServiceItem
		err := db.Read(ctx, func(tx *store.Tx) (err error) {
			items, err = store.ServiceItems(ctx, tx, f.centre)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 {
			t.Fatalf("got %d items, want 3", len(items))
		}
		got := items[0]
		if got.ImplCode != "I-001" || got.Version != 1 || got.Fee != a.Fee || !got.Appointment ||
			got.BasicCode != a.BasicCode || got.Promised != onSpot || got.Statutory != wd5 || !got.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("round trip: got %+v, want %+v", got, a)
		}
		if n := auditCount(t, ctx, db, "item.create", "CAT-1"); n != 3 {
			t.Errorf("%d item.create audit rows, want 3", n)
		}
	})
}

func TestWindowsAndPosts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newOrgFixture(t, ctx, db)
		actor := bianmin.SystemActor("test")
		write := func(fn func(tx *store.Tx) error) error { return db.Write(ctx, fn) }
		civilItem := item(f, f.civil, "W-001", bianmin.CaseImmediate, onSpot, wd5)
		socialItem := item(f, f.social, "W-002", bianmin.CasePromised, wd5, wd20)
		if err := write(func(tx *store.Tx) error {
			if err := store.CreateServiceItem(ctx, tx, civilItem, actor); err != nil {
				return err
			}
			return store.CreateServiceItem(ctx, tx, socialItem, actor)
		}); err != nil {
			t.Fatal(err)
		}
		w := &bianmin.Window{CentreID: f.centre, Number: "1", Name: "民政救助", Kind: bianmin.WindowSpecialised,
			DepartmentIDs: []int64{f.civil}, ItemIDs: []int64{civilItem.ID}}
		if err := write(func(tx *store.Tx) error { return store.CreateWindow(ctx, tx, w, actor) }); err != nil {
			t.Fatal(err)
		}
		g := &bianmin.Window{CentreID: f.centre, Number: "10", Name: "综合受理", Kind: bianmin.WindowGeneral,
			DepartmentIDs: []int64{f.social, f.civil}, ItemIDs: []int64{socialItem.ID, civilItem.ID},
			AUserID: f.clerk2, BUserID: f.clerk1}
		if err := write(func(tx *store.Tx) error { return store.CreateWindow(ctx, tx, g, actor) }); err != nil {
			t.Fatal(err)
		}

		rejected := map[string]struct {
			w    bianmin.Window
			code string
		}{
			"duplicate number":           {bianmin.Window{Number: "1", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil}}, bianmin.ECONFLICT},
			"specialised, two depts":     {bianmin.Window{Number: "2", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil, f.social}}, bianmin.EINVALID},
			"no department":              {bianmin.Window{Number: "3", Kind: bianmin.WindowGeneral}, bianmin.EINVALID},
			"other centre's department":  {bianmin.Window{Number: "4", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.foreign}}, bianmin.EINVALID},
			"item of unserved dept":      {bianmin.Window{Number: "5", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil}, ItemIDs: []int64{socialItem.ID}}, bianmin.EINVALID},
			"same person A and B":        {bianmin.Window{Number: "6", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil}, AUserID: f.clerk1, BUserID: f.clerk1}, bianmin.EINVALID},
			"post for a non-clerk":       {bianmin.Window{Number: "7", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil}, AUserID: f.boss}, bianmin.EINVALID},
			"unknown kind":               {bianmin.Window{Number: "8", Kind: "kiosk", DepartmentIDs: []int64{f.civil}}, bianmin.EINVALID},
			"unknown department id":      {bianmin.Window{Number: "9", Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{999999}}, bianmin.EINVALID},
			"empty number (not created)": {bianmin.Window{Kind: bianmin.WindowSpecialised, DepartmentIDs: []int64{f.civil}}, bianmin.EINVALID},
		}
		for name, c := range rejected {
			x := c.w
			x.CentreID, x.Name = f.centre, "测试窗口"
			err := write(func(tx *store.Tx) error { return store.CreateWindow(ctx, tx, &x, actor) })
			if bianmin.ErrorCode(err) != c.code {
				t.Errorf("%s: got %v, want %s", name, err, c.code)
			}
		}

		setPosts := func(a, b int64) error {
			return write(func(tx *store.Tx) error { return store.SetWindowPosts(ctx, tx, w.ID, a, b, actor) })
		}
		if err := setPosts(f.clerk1, f.clerk1); !errors.Is(err, bianmin.ErrSamePostHolder) || bianmin.AsError(err).Rule != "ORG-2" {
			t.Errorf("A = B: got %v, want ErrSamePostHolder (ORG-2)", err)
		}
		if err := setPosts(f.clerk1, 0); bianmin.AsError(err).Rule != "ORG-2" {
			t.Errorf("empty B post: got %v, want an ORG-2 error", err)
		}
		if err := setPosts(f.clerk1, f.boss); !errors.Is(err, store.ErrPostHolder) {
			t.Errorf("director as B: got %v, want ErrPostHolder", err)
		}
		if err := setPosts(f.clerk1, 999999); !errors.Is(err, store.ErrPostHolder) {
			t.Errorf("unknown user as B: got %v, want ErrPostHolder", err)
		}
		if err := write(func(tx *store.Tx) error { return store.SetWindowPosts(ctx, tx, 999999, f.clerk1, f.clerk2, actor) }); !errors.Is(err, bianmin.ErrNotFound) {
			t.Errorf("unknown window: got %v, want ErrNotFound", err)
		}
		if err := setPosts(f.clerk1, f.clerk2); err != nil {
			t.Fatal(err)
		}
		// The table itself refuses one person on both posts, whatever the code path.
		err := write(func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE windows SET b_user_id = a_user_id WHERE id = $1", w.ID)
			return err
		})
		if bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("raw update A = B: got %v, want a CHECK violation", err)
		}

		var ws []*bianmin.Window
		if err := db.Read(ctx, func(tx *store.Tx) (err error) { ws, err = store.Windows(ctx, tx, f.centre); return err }); err != nil {
			t.Fatal(err)
		}
		if len(ws) != 2 || ws[0].Number != "1" || ws[1].Number != "10" {
			t.Fatalf("windows %+v, want numbers 1 and 10", ws)
		}
		one, ten := ws[0], ws[1]
		if one.AUserID != f.clerk1 || one.BUserID != f.clerk2 || one.Kind != bianmin.WindowSpecialised ||
			len(one.DepartmentIDs) != 1 || one.DepartmentIDs[0] != f.civil || len(one.ItemIDs) != 1 || one.ItemIDs[0] != civilItem.ID {
			t.Errorf("window 1: %+v", one)
		}
		if ten.AUserID != f.clerk2 || ten.BUserID != f.clerk1 || ten.Kind != bianmin.WindowGeneral ||
			len(ten.DepartmentIDs) != 2 || len(ten.ItemIDs) != 2 {
			t.Errorf("window 10: %+v", ten)
		}
		if n := auditCount(t, ctx, db, "window.create", "ORG-1"); n != 2 {
			t.Errorf("%d window.create audit rows, want 2", n)
		}
		if n := auditCount(t, ctx, db, "window.posts", "ORG-2"); n != 1 {
			t.Errorf("%d window.posts audit rows, want 1 (failed changes roll back with their audit)", n)
		}
		var before, after string
		err = db.Read(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, "SELECT before_json, after_json FROM audit_log WHERE action = 'window.posts'").Scan(&before, &after)
		})
		if err != nil {
			t.Fatal(err)
		}
		wantAfter := bianmin.JSONOf(map[string]int64{"a_user_id": f.clerk1, "b_user_id": f.clerk2})
		if before != `{"a_user_id":0,"b_user_id":0}` || after != wantAfter {
			t.Errorf("posts audit before %s after %s, want after %s", before, after, wantAfter)
		}
	})
}

func TestLimitWithin(t *testing.T) {
	l := func(v int, u bianmin.LimitUnit) bianmin.Limit { return bianmin.Limit{Value: v, Unit: u} }
	cd, h := bianmin.UnitCalendarDays, bianmin.UnitHours
	cases := []struct {
		p, s bianmin.Limit
		want bool
	}{
		{onSpot, wd5, true},
		{onSpot, onSpot, true},
		{wd5, onSpot, false},
		{wd5, wd5, true},
		{wd20, wd5, false},
		{l(5, cd), wd5, true},  // calendar days end no later than as many working days
		{l(6, cd), wd5, false}, // six calendar days outlast a Monday-to-Friday week
		{wd5, l(7, cd), true},  // a working week fits in seven calendar days
		{wd5, l(6, cd), false}, // but not in six
		{l(30, bianmin.UnitWorkingDays), l(60, cd), true},
		{l(48, h), l(2, cd), true},
		{l(49, h), l(2, cd), false},
		{wd5, l(200, h), false},
	}
	for _, c := range cases {
		if got := c.p.Within(c.s); got != c.want {
			t.Errorf("%v within %v = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}
