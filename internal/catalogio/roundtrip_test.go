package catalogio

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"bianmin/internal/bianmin"
)

// Departments of the test centre; "住建；规划所" holds the list separator, so
// a co-department list naming it must fall back to a JSON array.
var (
	testDepts  = map[int64]string{11: "民政办", 12: "社保所", 13: "自然资源所", 14: "住建；规划所"}
	testByName = func() map[string]int64 {
		m := map[string]int64{}
		for id, n := range testDepts {
			m[n] = id
		}
		return m
	}()
)

// richItems covers every case kind and unit, fees with a basis, draft and
// published versions, conditional materials, FAQ with line breaks, Chinese
// punctuation, rare characters (𠀀 U+20000, 䶮 U+4DAE), surrounding spaces,
// CRLF, formula-looking text and a literal "_x0041_" escape.
func richItems() []*bianmin.ServiceItem {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	base := func(code string, v int, kind bianmin.CaseKind, p, s bianmin.Limit) *bianmin.ServiceItem {
		return &bianmin.ServiceItem{ID: int64(100 + v), CentreID: 7, DepartmentID: 11, Name: "事项" + code,
			ImplCode: code, Version: v, ItemType: "07", CaseKind: kind, Promised: p, Statutory: s,
			Status: bianmin.ItemPublished, CreatedAt: now, PublishedAt: &now, ServiceObject: "1"}
	}
	spot := bianmin.Limit{Unit: bianmin.UnitOnTheSpot}
	wd := func(n int) bianmin.Limit { return bianmin.Limit{Value: n, Unit: bianmin.UnitWorkingDays} }
	cd := func(n int) bianmin.Limit { return bianmin.Limit{Value: n, Unit: bianmin.UnitCalendarDays} }

	a := base("11440300MB2C-001", 1, bianmin.CaseImmediate, spot, spot)
	a.Name, a.NameEN = "𠀀䶮姓氏户籍证明（“加急”）", "Household certificate, rare surnames"
	a.BasicCode, a.Steps = "0700012000", []string{"申请人提交身份证；户口簿（原件）"} // one step holding "；"
	a.LifeEvents = []string{"户籍", "证明"}
	a.Materials = []bianmin.Material{{ID: 5, Position: 1, Name: "居民身份证", NameEN: "ID card", Issuer: "公安机关",
		Originals: 1, Copies: 1, Required: true, BlankFormID: 9, SampleID: 10}}

	b := base("B-02", 2, bianmin.CasePromised, wd(5), wd(20))
	b.Status, b.PublishedAt = bianmin.ItemDraft, nil
	b.Fee, b.FeeBasis = "每件 10 元", "《行政事业性收费标准》第3条"
	b.LegalBasis = "《社会救助暂行办法》第九条：\r\n  “国家对共同生活的家庭成员人均收入低于当地最低生活保障标准……”"
	b.Conditions, b.Appointment, b.Online = "  前后有空格  ", true, true
	b.Steps = []string{"受理", "审核（5个工作日）", "公示；送达"}
	b.FAQ = []bianmin.FAQ{{Q: "需要本人到场吗？", A: "需要。\n行动不便的，可委托代理人。"}, {Q: "多久办结?", A: "5个工作日"}}
	b.Materials = []bianmin.Material{
		{Position: 1, Name: "申请书", Issuer: "申请人", Originals: 1, Required: true},
		{Position: 2, Name: "残疾证", Originals: 0, Copies: 2, Required: false, Condition: "家庭成员有残疾的"},
		{Position: 3, Name: "=HYPERLINK(\"x\")", Issuer: "_x0041_ 字面", Originals: 1, Copies: 0, Required: false, Condition: "多行\n条件\t制表"},
	}

	c := base("C-03", 1, bianmin.CaseJoint, cd(7), wd(10))
	c.CoDepartmentIDs, c.UpperApproval, c.ItemType = []int64{14, 12}, true, "01"
	c.FAQ = []bianmin.FAQ{{Q: "能否加急？", A: "问：这一行以“问：”开头"}} // forces the JSON form
	c.Place, c.Hours, c.ConsultPhone, c.SupervisePhone = "一楼 3 号窗口", "周一至周五 9:00—17:00", "0755-12345678", "12345"
	c.ResultName = "《建设工程规划许可证》"

	d := base("D-04", 3, bianmin.CaseReported, bianmin.Limit{Value: 48, Unit: bianmin.UnitHours}, wd(3))
	d.DepartmentID, d.CoDepartmentIDs = 13, []int64{12}
	e := base("E-05", 1, bianmin.CasePetition, cd(60), cd(60))
	e.Steps, e.LifeEvents = []string{" 缩进的步骤"}, []string{"信访", "维权；投诉"}
	f := base("F-06", 1, bianmin.CaseConsultation, spot, wd(1))
	f.ServiceObject, f.NameEN = "", ""
	return []*bianmin.ServiceItem{a, b, c, d, e, f}
}

// sameItems fails for every field where got differs from want, comparing
// what the format carries (Canonical) and the co-department order as written.
func sameItems(t *testing.T, got, want []*bianmin.ServiceItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := reflect.ValueOf(*Canonical(got[i])), reflect.ValueOf(*Canonical(want[i]))
		for f := 0; f < g.NumField(); f++ {
			if !reflect.DeepEqual(g.Field(f).Interface(), w.Field(f).Interface()) {
				t.Errorf("item %d (%s) field %s: got %#v, want %#v", i, want[i].ImplCode, g.Type().Field(f).Name,
					g.Field(f).Interface(), w.Field(f).Interface())
			}
		}
		if len(want[i].CoDepartmentIDs) > 0 && !reflect.DeepEqual(got[i].CoDepartmentIDs, want[i].CoDepartmentIDs) {
			t.Errorf("item %d co-departments in order: got %v, want %v", i, got[i].CoDepartmentIDs, want[i].CoDepartmentIDs)
		}
	}
}

func TestXLSXRoundTripIsExact(t *testing.T) {
	in := richItems()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, in, testDepts); err != nil {
		t.Fatal(err)
	}
	out, errs, err := ReadXLSX(&buf, testByName)
	if err != nil || len(errs) > 0 {
		t.Fatalf("read: %v %v", err, errs)
	}
	sameItems(t, out, in)
	for _, it := range out {
		if it.ID != 0 || it.CentreID != 0 || it.PublishedAt != nil || !it.CreatedAt.IsZero() {
			t.Errorf("%s: database fields must not travel: %+v", it.ImplCode, it)
		}
		for _, m := range it.Materials {
			if m.ID != 0 || m.BlankFormID != 0 || m.SampleID != 0 {
				t.Errorf("%s: uploaded files must not travel: %+v", it.ImplCode, m)
			}
		}
	}
}

func TestJSONRoundTripIsExact(t *testing.T) {
	in := richItems()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in, testDepts); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(`"department_id"`)) || !bytes.Contains(buf.Bytes(), []byte(`"department": "民政办"`)) {
		t.Fatalf("JSON must carry department names, not IDs:\n%s", buf.Bytes())
	}
	out, errs, err := ReadJSON(bytes.NewReader(buf.Bytes()), testByName)
	if err != nil || len(errs) > 0 {
		t.Fatalf("read: %v %v", err, errs)
	}
	sameItems(t, out, in)
	var again bytes.Buffer
	if err := WriteJSON(&again, out, testDepts); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("JSON written twice differs (err %v)", err)
	}
}

func TestWritersRefuseWhatTheyCannotCarry(t *testing.T) {
	cases := map[string]func(it *bianmin.ServiceItem){
		"superseded version (R9.2)": func(it *bianmin.ServiceItem) { it.Status = bianmin.ItemSuperseded },
		"unknown department":        func(it *bianmin.ServiceItem) { it.DepartmentID = 99 },
		"unknown co-department":     func(it *bianmin.ServiceItem) { it.CoDepartmentIDs = []int64{99} },
	}
	for name, mutate := range cases {
		it := richItems()[0]
		mutate(it)
		for format, write := range map[string]func() error{
			"xlsx": func() error { return WriteXLSX(&bytes.Buffer{}, []*bianmin.ServiceItem{it}, testDepts) },
			"json": func() error { return WriteJSON(&bytes.Buffer{}, []*bianmin.ServiceItem{it}, testDepts) },
		} {
			if err := write(); bianmin.ErrorCode(err) != bianmin.EINVALID {
				t.Errorf("%s %s: got %v, want EINVALID", format, name, err)
			}
		}
	}
	for name, text := range map[string]string{"control character": "a\x01b", "over a cell": string(bytes.Repeat([]byte("长"), maxCellUnits+1))} {
		it := richItems()[0]
		it.Conditions = text
		if err := WriteXLSX(&bytes.Buffer{}, []*bianmin.ServiceItem{it}, testDepts); bianmin.ErrorCode(err) != bianmin.EINVALID {
			t.Errorf("xlsx %s: got %v, want EINVALID (a cell would not hold it exactly)", name, err)
		}
		if err := WriteJSON(&bytes.Buffer{}, []*bianmin.ServiceItem{it}, testDepts); err != nil {
			t.Errorf("json %s: %v (JSON carries it exactly)", name, err)
		}
	}
}

func TestListAndFAQCellsReadBackExactly(t *testing.T) {
	lists := [][]string{{"a"}, {"a", "b"}, {"a；b"}, {"a；b", "c"}, {" a"}, {""}, {"[x]"}, {`["x"]`}, {"a\nb"}, {"a\rb", "c"}}
	for _, sep := range []string{"\n", listSep} {
		for _, xs := range lists {
			got, ok := splitList(joinList(xs, sep))
			if !ok || !reflect.DeepEqual(got, xs) {
				t.Errorf("sep %q list %q: read back %q (ok %v)", sep, xs, got, ok)
			}
		}
	}
	faqs := [][]bianmin.FAQ{{{Q: "q", A: "a"}}, {{Q: "多\n行", A: "答\n\n案"}}, {{Q: "q", A: "答：再答"}},
		{{Q: "q\n问：x", A: "a"}}, {{Q: "", A: "a"}}, {{Q: " q", A: "a "}}, {{Q: "[q]", A: "a"}}}
	for _, f := range faqs {
		got, ok := splitFAQ(joinFAQ(f))
		if !ok || !reflect.DeepEqual(got, f) {
			t.Errorf("faq %q: read back %q (ok %v)", f, got, ok)
		}
	}
	if got, _ := splitList("户籍；证明"); !reflect.DeepEqual(got, []string{"户籍", "证明"}) {
		t.Errorf("hand-typed ；-list: %q", got)
	}
	if got, ok := splitFAQ("问: 一\n答: 二\n问：三\n答：四"); !ok || len(got) != 2 || got[0].A != "二" || got[1].Q != "三" {
		t.Errorf("hand-typed FAQ: %q %v", got, ok)
	}
	for _, bad := range []string{"前言\n问：q\n答：a", "问：q", "问：q\n问：r\n答：a", `[{"q":1}]`} {
		if _, ok := splitFAQ(bad); ok {
			t.Errorf("FAQ %q accepted", bad)
		}
	}
}
