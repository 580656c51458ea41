package catalogio

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"github.com/xuri/excelize/v2"
)

// workbook writes richItems, lets edit change cells, and returns the file.
func workbook(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, richItems(), testDepts); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

// places lists errors as "sheet:row:field" for comparison.
func places(errs []RowError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s:%d:%s", e.Sheet, e.Row, e.Field))
	}
	slices.Sort(out)
	return out
}

func wantPlaces(t *testing.T, errs []RowError, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := places(errs); !slices.Equal(got, want) {
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.String("en"))
		}
		t.Errorf("errors at\n %q\nwant\n %q\nmessages:\n%s", got, want, strings.Join(msgs, "\n"))
	}
}

// Every bad cell of every row on both sheets is reported in one pass, each
// exactly once, and nothing is returned to import.
func TestReadXLSXReportsEveryBadRow(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		set(t, f, SheetItems, "I2", "ABC")     // item type not two digits (R3.6)
		set(t, f, SheetItems, "L3", "weeks")   // unknown unit
		set(t, f, SheetItems, "G4", "不存在的部门")  // unknown department
		set(t, f, SheetItems, "M5", 1)         // 48 hours promised > 1 working day statutory (R1.13)
		set(t, f, SheetItems, "B6", "一")       // version not a number
		set(t, f, SheetItems, "W7", "也许")      // not 是/否
		set(t, f, SheetItems, "AD7", "答：没有问题") // FAQ without a question
		if err := f.SetSheetRow(SheetItems, "A8", &[]any{"F-06", 1, "draft", "重复", "", "", "民政办", "", "07",
			"consultation", 0, "on_the_spot", 0, "on_the_spot"}); err != nil {
			t.Fatal(err)
		}
		set(t, f, SheetMaterials, "G2", "two")  // originals not a number
		set(t, f, SheetMaterials, "C4", 1)      // position 1 twice for B-02 v2
		set(t, f, SheetMaterials, "A5", "NOPE") // no such item
		set(t, f, SheetMaterials, "I5", "")     // required flag missing
	})
	items, errs, err := ReadXLSX(bytes.NewReader(data), testByName)
	if err != nil {
		t.Fatal(err)
	}
	if items != nil {
		t.Errorf("items returned despite errors: %d", len(items))
	}
	wantPlaces(t, errs,
		SheetItems+":2:item_type", SheetItems+":3:promised_unit", SheetItems+":4:department",
		SheetItems+":5:promised_value", SheetItems+":6:version", SheetItems+":7:appointment",
		SheetItems+":7:faq", SheetItems+":8:version",
		SheetMaterials+":2:originals", SheetMaterials+":4:position", SheetMaterials+":5:impl_code",
		SheetMaterials+":5:required")
	for _, e := range errs {
		if e.Row == 5 && e.Sheet == SheetItems && !strings.Contains(e.ZH, "R1.13") {
			t.Errorf("promised > statutory must cite R1.13: %s", e.ZH)
		}
	}
}

func TestReadXLSXChecksLayout(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		set(t, f, SheetItems, "A1", "乱写的标题")
		set(t, f, SheetItems, "AE1", "备注")
		set(t, f, SheetAbout, "B2", 2)
		if err := f.DeleteSheet(SheetMaterials); err != nil {
			t.Fatal(err)
		}
	})
	_, errs, err := ReadXLSX(bytes.NewReader(data), testByName)
	if err != nil {
		t.Fatal(err)
	}
	// The missing impl_code column is reported once, on the heading row, not on every item row.
	wantPlaces(t, errs, SheetItems+":1:A", SheetItems+":1:AE", SheetItems+":1:impl_code",
		SheetAbout+":2:format_version", SheetMaterials+":0:")
}

// A workbook filled in by hand: headings by label or key in another order,
// Chinese labels for codes, yes/no in English, an item type that a
// spreadsheet turned into the number 1, an on-the-spot limit left empty.
func TestReadXLSXAcceptsHandTypedCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetItems)
	f.NewSheet(SheetMaterials)
	f.NewSheet(SheetAbout)
	heads := []any{}
	for i := len(itemColumns) - 1; i >= 0; i-- {
		heads = append(heads, itemColumns[i].zh)
	}
	heads[0] = "FAQ"
	f.SetSheetRow(SheetItems, "A1", &heads)
	row := map[string]any{"impl_code": " X-1 ", "version": 1, "name": "临时救助", "department": "民政办",
		"item_type": 1, "case_kind": "即办件", "promised_unit": "当场办结", "statutory_unit": "工作日",
		"statutory_value": "3.0", "appointment": "yes", "online": "Y", "status": "已发布",
		"co_departments": "社保所；自然资源所", "life_events": "救助\n困难", "faq": "问: 要钱吗\n答: 不要"}
	vals := make([]any, len(itemColumns))
	for i := range itemColumns {
		vals[i] = row[itemColumns[len(itemColumns)-1-i].key]
	}
	f.SetSheetRow(SheetItems, "A2", &vals)
	mh := []any{"impl_code", "version", "position", "name", "name_en", "issuer", "originals", "copies", "required", "condition"}
	f.SetSheetRow(SheetMaterials, "A1", &mh)
	f.SetSheetRow(SheetMaterials, "A2", &[]any{"X-1", 1, 5, "身份证", "", "", 1, "", "是"})
	f.SetSheetRow(SheetMaterials, "A3", &[]any{"X-1", 1, 2, "户口簿", "", "", 1, 1, "否", "外地户籍的"})
	f.SetSheetRow(SheetAbout, "A1", &[]any{"format_version", 1})
	var buf bytes.Buffer
	f.WriteTo(&buf)
	items, errs, err := ReadXLSX(&buf, testByName)
	if err != nil || len(errs) > 0 {
		t.Fatalf("%v %v", err, errs)
	}
	it := items[0]
	want := &bianmin.ServiceItem{ImplCode: "X-1", Version: 1, Status: bianmin.ItemPublished, Name: "临时救助",
		DepartmentID: 11, CoDepartmentIDs: []int64{12, 13}, ItemType: "01", CaseKind: bianmin.CaseImmediate,
		Promised: bianmin.Limit{Unit: bianmin.UnitOnTheSpot}, Statutory: bianmin.Limit{Value: 3, Unit: bianmin.UnitWorkingDays},
		Appointment: true, Online: true, LifeEvents: []string{"救助", "困难"}, FAQ: []bianmin.FAQ{{Q: "要钱吗", A: "不要"}},
		Materials: []bianmin.Material{{Position: 1, Name: "户口簿", Originals: 1, Copies: 1, Condition: "外地户籍的"},
			{Position: 2, Name: "身份证", Originals: 1, Required: true}}}
	sameItems(t, []*bianmin.ServiceItem{it}, []*bianmin.ServiceItem{want})
}

func TestReadersRefuseWhatIsNotACatalogue(t *testing.T) {
	if _, _, err := ReadXLSX(strings.NewReader("not a zip"), testByName); bianmin.ErrorCode(err) != bianmin.EINVALID {
		t.Errorf("xlsx garbage: %v", err)
	}
	if _, _, err := ReadJSON(strings.NewReader(`{"format":`), testByName); bianmin.ErrorCode(err) != bianmin.EINVALID {
		t.Errorf("json garbage: %v", err)
	}
	if _, _, err := ReadJSON(strings.NewReader(`{} {}`), testByName); bianmin.ErrorCode(err) != bianmin.EINVALID {
		t.Errorf("two JSON documents: %v", err)
	}
	big := bytes.Repeat([]byte(" "), MaxInput+1)
	if _, _, err := ReadJSON(bytes.NewReader(big), testByName); bianmin.ErrorCode(err) != bianmin.EINVALID {
		t.Errorf("oversize: %v", err)
	}
}

func TestReadJSONReportsEveryBadItem(t *testing.T) {
	doc := `{"format":"bianmin-catalogue","format_version":1,"items":[
	 {"impl_code":"A","version":"x"},
	 {"impl_code":"B","version":1,"colour":"red"},
	 {"impl_code":"C","version":1,"name":"c","department":"无此部门","item_type":"07","case_kind":"promised",
	  "promised":{"value":30,"unit":"working_days"},"statutory":{"value":20,"unit":"working_days"},
	  "materials":[{"name":"","originals":1,"required":true}]},
	 {"impl_code":"D","version":1,"name":"d","department":"民政办","item_type":"07","case_kind":"promised",
	  "promised":{"value":3,"unit":"days"},"statutory":{"value":20,"unit":"working_days"}},
	 {"impl_code":"D","version":2,"name":"d","department":"民政办","item_type":"07","case_kind":"immediate",
	  "promised":{"value":0,"unit":"on_the_spot"},"statutory":{"value":0,"unit":"on_the_spot"}}]}`
	items, errs, err := ReadJSON(strings.NewReader(doc), testByName)
	if err != nil || items != nil {
		t.Fatalf("%v %v", err, items)
	}
	wantPlaces(t, errs, "JSON:1:version", "JSON:2:colour", "JSON:3:department", "JSON:3:promised_value",
		"JSON:3:materials[0].name", "JSON:4:promised_unit", "JSON:5:status")
	if s := errs[0].String("zh"); !strings.HasPrefix(s, "JSON 第 1 个事项，version：") {
		t.Errorf("zh place: %s", s)
	}
}

func TestRowErrorString(t *testing.T) {
	e := RowError{Sheet: SheetItems, Row: 5, Field: "promised_unit", ZH: "无效。", EN: "invalid."}
	if got := e.String("zh"); got != "工作表“事项 Items”第 5 行，promised_unit：无效。" {
		t.Errorf("zh: %s", got)
	}
	if got := e.String("en"); got != `sheet "事项 Items" row 5, promised_unit: invalid.` {
		t.Errorf("en: %s", got)
	}
	whole := RowError{Sheet: SheetMaterials, ZH: "缺少。", EN: "missing."}
	if got := whole.String("en"); got != `sheet "材料 Materials": missing.` {
		t.Errorf("sheet-level: %s", got)
	}
}

// Per implementation code: one published version, one draft newer than it
// (R9.2); and an importer's Check is reported at the item's and the
// material's rows, once even when it repeats the domain's own finding.
func TestReadXLSXChecksVersionsAndImporterRules(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		if err := f.SetSheetRow(SheetItems, "A8", &[]any{"B-02", 1, "draft", "旧草稿", "", "", "民政办", "", "07",
			"consultation", 0, "on_the_spot", 0, "on_the_spot"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(SheetItems, "A9", &[]any{"C-03", 0.5e1, "draft", "草稿", "", "", "民政办", "", "07",
			"consultation", 0, "on_the_spot", 0, "on_the_spot"}); err != nil {
			t.Fatal(err)
		}
		set(t, f, SheetItems, "A7", "C-03") // F-06 v1 becomes a second published C-03, v2
		set(t, f, SheetItems, "B7", 2)
	})
	noLongNames := func(it *bianmin.ServiceItem) error {
		var v bianmin.Validation
		if strings.HasPrefix(it.Name, "事项B") {
			v.Add("name", "名称太普通。", "The name is too plain.")
		}
		if len(it.Materials) > 2 {
			v.Add("materials[2].condition", "条件太长。", "The condition is too long.")
			v.Add("materials[2].condition", "条件太长。", "The condition is too long.")
		}
		return v.Err()
	}
	_, errs, err := ReadXLSX(bytes.NewReader(data), testByName, noLongNames)
	if err != nil {
		t.Fatal(err)
	}
	wantPlaces(t, errs, SheetItems+":8:status", SheetItems+":7:status", SheetItems+":3:name",
		SheetMaterials+":5:condition")
	_, errs, _ = ReadXLSX(bytes.NewReader(workbook(t, func(f *excelize.File) {
		set(t, f, SheetItems, "B3", 1) // B-02 draft v1 …
		if err := f.SetSheetRow(SheetItems, "A8", &[]any{"B-02", 2, "published", "已发布", "", "", "民政办", "", "07",
			"consultation", 0, "on_the_spot", 0, "on_the_spot"}); err != nil {
			t.Fatal(err)
		}
		set(t, f, SheetMaterials, "B3", 1)
		set(t, f, SheetMaterials, "B4", 1)
		set(t, f, SheetMaterials, "B5", 1)
	})), testByName)
	wantPlaces(t, errs, SheetItems+":3:version") // … below the published v2
}
