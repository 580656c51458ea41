package demo_test

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/demo"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// loadedDemo is the demo centre as read back from the database.
type loadedDemo struct {
	svc     *service.Service
	centre  *bianmin.Centre
	depts   []*bianmin.Department
	windows []*bianmin.Window
	items   []*bianmin.ServiceItem
}

func (l *loadedDemo) deptID(t *testing.T, name string) int64 {
	t.Helper()
	for _, d := range l.depts {
		if d.Name == name {
			return d.ID
		}
	}
	t.Fatalf("no department %s", name)
	return 0
}

func loadDemo(t *testing.T, db *store.DB) *loadedDemo {
	t.Helper()
	ctx := context.Background()
	l := &loadedDemo{svc: service.New(db, bianmin.SystemClock{}, nil)}
	if _, err := demo.Load(ctx, l.svc); err != nil {
		t.Fatal(err)
	}
	if l.centre = demoCentre(t, ctx, l.svc); l.centre == nil {
		t.Fatal("no demo centre")
	}
	err := db.Read(ctx, func(tx *store.Tx) (err error) {
		if l.depts, err = store.CentreDepartments(ctx, tx, l.centre.ID); err != nil {
			return err
		}
		if l.windows, err = store.Windows(ctx, tx, l.centre.ID); err != nil {
			return err
		}
		l.items, err = store.ServiceItems(ctx, tx, l.centre.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestDemoCatalogue loads the demo once per engine and checks the catalogue
// a real street centre would publish (issue 3 point 6; CAT-1, R3.11).
func TestDemoCatalogue(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		l := loadDemo(t, db)
		t.Run("ItemsAreCompleteAndValid", func(t *testing.T) { checkItems(t, l.items) })
		t.Run("MaterialsChecklists", func(t *testing.T) { checkMaterials(t, l.items) })
		t.Run("FeesNameTheirBasis", func(t *testing.T) { checkFees(t, l.items) })
		t.Run("SeedDepartmentsHaveItems", func(t *testing.T) { checkSeedDepartments(t, l) })
		t.Run("JointItemHasTwoDepartments", func(t *testing.T) { checkJoint(t, l.items) })
		t.Run("CreditCodesAndChiefReps", func(t *testing.T) { checkDepartments(t, l.depts) })
		t.Run("WindowsServeTheirItems", func(t *testing.T) { checkWindows(t, l) })
		t.Run("RoundTripsThroughTheStore", func(t *testing.T) { checkRoundTrip(t, l) })
		t.Run("GuideFindsItemsByPinyin", func(t *testing.T) { checkSearch(t, l) })
		t.Run("SecondLoadAddsNothing", func(t *testing.T) { checkIdempotent(t, db, l) })
	})
}

var phone = regexp.MustCompile(`^0755-2\d{7}$`)

// checkItems: at least 30 published version-1 items, each valid (R1.13,
// R1.20, C-6, CAT-3, R9.1, R9.2) with every CAT-1 field written.
func checkItems(t *testing.T, items []*bianmin.ServiceItem) {
	if len(items) < 30 {
		t.Fatalf("%d items, want at least 30", len(items))
	}
	kinds := map[bianmin.CaseKind]int{}
	var appoint, online int
	impl := map[string]bool{}
	for _, it := range items {
		kinds[it.CaseKind]++
		if it.Appointment {
			appoint++
		}
		if it.Online {
			online++
		}
		if err := it.Validate(); err != nil {
			t.Errorf("%s: %v", it.Name, err)
		}
		if it.Status != bianmin.ItemPublished || it.Version != 1 || it.PublishedAt == nil {
			t.Errorf("%s: status %s, version %d, published %v; want published version 1", it.Name, it.Status, it.Version, it.PublishedAt)
		}
		if impl[it.ImplCode] || len(it.BasicCode) != 10 || !strings.HasPrefix(it.ImplCode, it.BasicCode+"-"+demo.RegionCode+"-") {
			t.Errorf("%s: basic code %q, implementation code %q; want 10 characters (R9.1), unique and prefixed", it.Name, it.BasicCode, it.ImplCode)
		}
		impl[it.ImplCode] = true
		onSpot := it.CaseKind == bianmin.CaseImmediate || it.CaseKind == bianmin.CaseConsultation
		if onSpot != (it.Promised.Unit == bianmin.UnitOnTheSpot) || !it.Promised.Within(it.Statutory) {
			t.Errorf("%s (%s): promised %v, statutory %v", it.Name, it.CaseKind, it.Promised, it.Statutory)
		}
		checkGuideText(t, it)
	}
	for _, k := range []bianmin.CaseKind{bianmin.CaseImmediate, bianmin.CasePromised, bianmin.CaseReported,
		bianmin.CaseJoint, bianmin.CasePetition, bianmin.CaseConsultation} {
		if kinds[k] == 0 {
			t.Errorf("no %s item", k)
		}
	}
	if appoint == 0 || online == 0 || appoint == len(items) || online == len(items) {
		t.Errorf("%d items take appointments and %d online filing of %d; want some of each", appoint, online, len(items))
	}
}

// checkGuideText: the 办事指南 text of one item (CAT-1, R3.9, R3.11).
func checkGuideText(t *testing.T, it *bianmin.ServiceItem) {
	t.Helper()
	for field, v := range map[string]string{"name_en": it.NameEN, "conditions": it.Conditions, "result_name": it.ResultName,
		"place": it.Place, "hours": it.Hours} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: empty %s", it.Name, field)
		}
	}
	if !strings.HasPrefix(it.LegalBasis, "《") {
		t.Errorf("%s: legal basis %q does not name a law or regulation", it.Name, it.LegalBasis)
	}
	if !phone.MatchString(it.ConsultPhone) || !phone.MatchString(it.SupervisePhone) {
		t.Errorf("%s: phones %q, %q", it.Name, it.ConsultPhone, it.SupervisePhone)
	}
	if len(it.ServiceObject) != 1 || it.ServiceObject < "1" || it.ServiceObject > "6" {
		t.Errorf("%s: service object %q (R3.9)", it.Name, it.ServiceObject)
	}
	if len(it.Steps) < 3 || len(it.Steps) > 6 || len(it.FAQ) < 1 || len(it.FAQ) > 3 {
		t.Errorf("%s: %d steps, %d FAQ entries; want 3-6 and 1-3", it.Name, len(it.Steps), len(it.FAQ))
	}
	if len(it.LifeEvents) == 0 {
		t.Errorf("%s: no life event", it.Name)
	}
	for _, e := range it.LifeEvents {
		if !slices.Contains(demo.LifeEvents, e) {
			t.Errorf("%s: life event %q is not one of demo.LifeEvents", it.Name, e)
		}
	}
}

// checkMaterials: 2 to 8 materials each, numbered in order; a conditional
// one says when it is needed, a required one carries no condition.
func checkMaterials(t *testing.T, items []*bianmin.ServiceItem) {
	for _, it := range items {
		if len(it.Materials) < 2 || len(it.Materials) > 8 {
			t.Errorf("%s: %d materials, want 2-8", it.Name, len(it.Materials))
		}
		for i, m := range it.Materials {
			if m.Position != i+1 || m.Name == "" || m.NameEN == "" || m.Issuer == "" || m.Originals+m.Copies == 0 {
				t.Errorf("%s material %d: %+v", it.Name, i+1, m)
			}
			if m.Required == (m.Condition != "") {
				t.Errorf("%s material %s: required %v with condition %q", it.Name, m.Name, m.Required, m.Condition)
			}
		}
	}
}

// checkFees: most items are free; every fee names its standard's basis (CAT-3).
func checkFees(t *testing.T, items []*bianmin.ServiceItem) {
	var fees int
	for _, it := range items {
		if it.Fee == "" {
			continue
		}
		fees++
		if !strings.Contains(it.FeeBasis, "《") || !strings.Contains(it.Fee, "元") {
			t.Errorf("%s: fee %q with basis %q; want a standard in yuan and a named basis", it.Name, it.Fee, it.FeeBasis)
		}
	}
	if fees == 0 || 2*fees >= len(items) {
		t.Errorf("%d of %d items charge a fee; want a few, most free", fees, len(items))
	}
}

// The departments of seeds 001 and 002 and the demo departments that stand for them.
var seedDepartments = map[string][]string{
	"民政":      {"民政办"},
	"计生/卫健":   {"卫生健康办（人口计生）"},
	"劳动保障/社保": {"劳动保障所"},
	"医保":      {"医疗保障所"},
	"财政":      {"财政所"},
	"农林水":     {"农业综合服务中心", "水利站"},
	"国土规划建设":  {"国土规划建设所"},
	"党员服务":    {"党群服务中心"},
	"信访":      {"信访办"},
}

// checkSeedDepartments: every seed department, and every department of the
// centre, leads at least one item (ORG-1).
func checkSeedDepartments(t *testing.T, l *loadedDemo) {
	lead := map[int64]int{}
	for _, it := range l.items {
		lead[it.DepartmentID]++
	}
	for seed, names := range seedDepartments {
		for _, n := range names {
			if lead[l.deptID(t, n)] == 0 {
				t.Errorf("seed department %s (%s) has no item", seed, n)
			}
		}
	}
	for _, d := range l.depts {
		if lead[d.ID] == 0 {
			t.Errorf("department %s has no item", d.Name)
		}
	}
}

// checkJoint: joint items exist, and each has co-approving departments
// other than its lead, two or more in all (C-6).
func checkJoint(t *testing.T, items []*bianmin.ServiceItem) {
	var joint int
	for _, it := range items {
		if it.CaseKind != bianmin.CaseJoint {
			if len(it.CoDepartmentIDs) != 0 {
				t.Errorf("%s is %s but names co-approving departments %v", it.Name, it.CaseKind, it.CoDepartmentIDs)
			}
			continue
		}
		joint++
		if len(it.CoDepartmentIDs) == 0 || slices.Contains(it.CoDepartmentIDs, it.DepartmentID) {
			t.Errorf("joint item %s: lead %d, co-approving %v", it.Name, it.DepartmentID, it.CoDepartmentIDs)
		}
	}
	if joint == 0 {
		t.Error("no joint item")
	}
}

// checkDepartments: well-formed, distinct credit codes with a correct check
// character and no override (R7.2, R7.2b), and a chief representative (ORG-4).
func checkDepartments(t *testing.T, depts []*bianmin.Department) {
	seen := map[string]bool{}
	for _, d := range depts {
		wf, ok := bianmin.CheckCreditCode(d.CreditCode)
		if !wf || !ok || d.CreditCodeOverride || seen[d.CreditCode] {
			t.Errorf("%s: credit code %q well-formed %v, checksum %v, override %v", d.Name, d.CreditCode, wf, ok, d.CreditCodeOverride)
		}
		seen[d.CreditCode] = true
		if d.ChiefRepUserID == 0 {
			t.Errorf("%s has no chief representative", d.Name)
		}
	}
}

// checkWindows: every window serves items, every item is served by the
// window of its lead department, and the item's place names that window.
func checkWindows(t *testing.T, l *loadedDemo) {
	servedBy := map[int64][]*bianmin.Window{}
	for _, w := range l.windows {
		if len(w.ItemIDs) == 0 {
			t.Errorf("window %s serves no item", w.Number)
		}
		for _, id := range w.ItemIDs {
			servedBy[id] = append(servedBy[id], w)
		}
	}
	for _, it := range l.items {
		ws := servedBy[it.ID]
		if len(ws) != 1 || !slices.Contains(ws[0].DepartmentIDs, it.DepartmentID) {
			t.Errorf("%s is served by %d windows", it.Name, len(ws))
			continue
		}
		if !strings.Contains(it.Place, ws[0].Number+"号窗口（"+ws[0].Name+"）") {
			t.Errorf("%s: place %q does not name window %s %s", it.Name, it.Place, ws[0].Number, ws[0].Name)
		}
	}
}

// checkRoundTrip: what store.ServiceItems reads back is exactly
// demo.Catalogue, field by field, materials in order.
func checkRoundTrip(t *testing.T, l *loadedDemo) {
	byName := map[string]int64{}
	for _, d := range l.depts {
		byName[d.Name] = d.ID
	}
	want := demo.Catalogue(l.centre.ID, byName)
	if len(want) != len(l.items) {
		t.Fatalf("read %d items, catalogue has %d", len(l.items), len(want))
	}
	got := map[string]*bianmin.ServiceItem{}
	for _, it := range l.items {
		got[it.ImplCode] = it
	}
	for _, w := range want {
		g := got[w.ImplCode]
		if g == nil {
			t.Errorf("%s (%s) not read back", w.Name, w.ImplCode)
			continue
		}
		for i := range min(len(g.Materials), len(w.Materials)) {
			if g.Materials[i].Name != w.Materials[i].Name {
				t.Errorf("%s material %d is %q, want %q", w.Name, i+1, g.Materials[i].Name, w.Materials[i].Name)
			}
		}
		if a, b := withoutStoreFields(g), withoutStoreFields(w); !reflect.DeepEqual(a, b) {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			t.Errorf("%s read back as\n%s\nwant\n%s", w.Name, ja, jb)
		}
	}
}

// withoutStoreFields clears what the store assigns: IDs and times.
func withoutStoreFields(it *bianmin.ServiceItem) bianmin.ServiceItem {
	c := *it
	c.ID, c.CreatedAt, c.PublishedAt = 0, time.Time{}, nil
	c.Materials = slices.Clone(it.Materials)
	for i := range c.Materials {
		c.Materials[i].ID = 0
	}
	return c
}

// checkSearch: the public guide finds demo items by pinyin initials and by
// English name, so the demo items carry their search key.
func checkSearch(t *testing.T, l *loadedDemo) {
	ctx := context.Background()
	for q, want := range map[string]string{"zdshbz": "最低生活保障申请受理", "felling permit": "农村居民林木采伐许可（自留山和个人承包林地）"} {
		found, err := l.svc.PublishedItems(ctx, l.centre.ID, service.ItemQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(found, func(it *bianmin.ServiceItem) bool { return it.Name == want }) {
			t.Errorf("search %q found %d items without %s", q, len(found), want)
		}
	}
}

// checkIdempotent: a second load leaves the catalogue as it was.
func checkIdempotent(t *testing.T, db *store.DB, l *loadedDemo) {
	ctx := context.Background()
	if again, err := demo.Load(ctx, l.svc); err != nil || again != nil {
		t.Fatalf("second load: %v, %v", again, err)
	}
	var n int
	err := db.Read(ctx, func(tx *store.Tx) error {
		items, err := store.ServiceItems(ctx, tx, l.centre.ID)
		n = len(items)
		return err
	})
	if err != nil || n != len(l.items) {
		t.Errorf("after a second load %d items (%v), want %d", n, err, len(l.items))
	}
}
