package catalogio

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"github.com/xuri/excelize/v2"
)

// maxUnzipped bounds the uncompressed size of a workbook (zip bombs).
const maxUnzipped = 4 * MaxInput

// ReadXLSX reads a workbook written by WriteXLSX or filled in by hand.
// deptByName gives the importing centre's departments; checks are the
// importer's further rules. Every cell of every row is checked and every
// problem is returned as a RowError; items is nil unless errs is empty.
// Items come in row order, materials numbered 1..n in position order. The error is for a file that is not a readable
// workbook at all (EINVALID) or a failed read.
func ReadXLSX(r io.Reader, deptByName map[string]int64, checks ...Check) (items []*bianmin.ServiceItem, errs []RowError, err error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, nil, fileError("文件不是有效的 Excel 工作簿（.xlsx）。", "The file is not a valid Excel workbook (.xlsx).", err)
	}
	defer f.Close()
	p := newParser(deptByName)
	p.readAbout(f)
	if rows, ok := p.sheetRows(f, SheetItems); ok {
		idx := p.header(SheetItems, rows, itemColumns)
		for i, row := range rows[1:] {
			if !blank(row) {
				p.add(p.itemRow(cells{rowLoc(SheetItems, i+2, idx, itemColumns), row, idx, p}))
			}
		}
	}
	if rows, ok := p.sheetRows(f, SheetMaterials); ok {
		idx := p.header(SheetMaterials, rows, materialColumns)
		for i, row := range rows[1:] {
			if !blank(row) {
				p.materialRow(cells{rowLoc(SheetMaterials, i+2, idx, materialColumns), row, idx, p})
			}
		}
	}
	items = p.finish(checks)
	return items, p.errs, nil
}

// readLimited reads at most MaxInput bytes and refuses more.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInput {
		return nil, bianmin.Errorf(bianmin.EINVALID, fmt.Sprintf("文件超过 %d MB。", MaxInput>>20),
			fmt.Sprintf("The file is larger than %d MB.", MaxInput>>20))
	}
	return data, nil
}

// readAbout checks the format version on the about sheet.
func (p *parser) readAbout(f *excelize.File) {
	rows, ok := p.sheetRows(f, SheetAbout)
	if !ok {
		return
	}
	for i, row := range rows {
		if len(row) > 0 && strings.Contains(row[0], "format_version") {
			if len(row) < 2 || strings.TrimSpace(row[1]) != strconv.Itoa(FormatVersion) {
				p.report(newLoc(SheetAbout, i+1, ""), "format_version",
					fmt.Sprintf("格式版本须为 %d。", FormatVersion), fmt.Sprintf("format_version must be %d.", FormatVersion))
			}
			return
		}
	}
	p.report(newLoc(SheetAbout, 0, ""), "format_version", "缺少格式版本（format_version）一行。", "the format_version row is missing.")
}

// sheetRows returns a sheet's rows with raw values (numbers unformatted).
func (p *parser) sheetRows(f *excelize.File, sheet string) ([][]string, bool) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		p.report(newLoc(sheet, 0, ""), "", "工作簿缺少此工作表，或工作表无法读取。", "the workbook lacks this sheet, or it cannot be read.")
		return nil, false
	}
	if len(rows) == 0 {
		p.report(newLoc(sheet, 1, ""), "", "工作表没有标题行。", "the sheet has no heading row.")
		return nil, false
	}
	return rows, true
}

// header maps column keys to indexes. A heading may be the full heading,
// its Chinese label or its key; unknown, repeated and missing columns are reported.
func (p *parser) header(sheet string, rows [][]string, cols []column) map[string]int {
	idx := map[string]int{}
	l := newLoc(sheet, 1, "")
	for i, h := range rows[0] {
		h = strings.Join(strings.Fields(h), " ")
		if h == "" {
			continue
		}
		key := ""
		for _, c := range cols {
			if h == c.heading() || h == c.zh || strings.EqualFold(h, c.key) {
				key = c.key
			}
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		switch _, dup := idx[key]; {
		case key == "":
			p.report(l, name, fmt.Sprintf("无法识别的列标题“%s”。", h), fmt.Sprintf("unknown column heading %q.", h))
		case dup:
			p.report(l, name, fmt.Sprintf("列“%s”重复。", h), fmt.Sprintf("column %q appears twice.", h))
		default:
			idx[key] = i
		}
	}
	for _, c := range cols {
		if _, ok := idx[c.key]; !ok {
			p.report(l, c.key, fmt.Sprintf("缺少列“%s”。", c.heading()), fmt.Sprintf("column %q is missing.", c.heading()))
		}
	}
	return idx
}

// rowLoc is a data row whose missing columns count as reported: the
// heading error explains them, and the item's own checks stay quiet on them.
func rowLoc(sheet string, row int, idx map[string]int, cols []column) loc {
	l := newLoc(sheet, row, "")
	for _, c := range cols {
		if _, ok := idx[c.key]; !ok {
			l.bad[c.key] = true
		}
	}
	return l
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cells reads one row by column key. Cells of a missing column read as
// empty and are not reported again: the heading error explains them.
type cells struct {
	at  loc
	row []string
	idx map[string]int
	p   *parser
}

func (c cells) has(key string) bool { _, ok := c.idx[key]; return ok }

// text is a cell exactly as written: free text keeps its spaces and lines.
func (c cells) text(key string) string {
	i, ok := c.idx[key]
	if !ok || i >= len(c.row) {
		return ""
	}
	return c.row[i]
}

// code is a trimmed cell: codes, names, numbers, yes/no.
func (c cells) code(key string) string { return strings.TrimSpace(c.text(key)) }

// required is a trimmed cell that must not be empty.
func (c cells) required(key, what string) string {
	s := c.code(key)
	if s == "" && c.has(key) {
		c.p.required(c.at, key, what)
	}
	return s
}

// int reads a whole number; empty reads as 0 unless required.
func (c cells) int(key, what string, required bool) int {
	s := c.code(key)
	if s == "" {
		if required && c.has(key) {
			c.p.required(c.at, key, what)
		}
		return 0
	}
	n, ok := parseInt(s)
	if !ok {
		c.p.report(c.at, key, fmt.Sprintf("%s须为整数，而不是“%s”。", what, s), fmt.Sprintf("%s must be a whole number, not %q.", key, s))
	}
	return n
}

// bool reads 是/否; empty reads as 否 unless required.
func (c cells) bool(key, what string, required bool) bool {
	s := c.code(key)
	if s == "" {
		if required && c.has(key) {
			c.p.required(c.at, key, what)
		}
		return false
	}
	b, ok := parseBool(s)
	if !ok {
		c.p.report(c.at, key, fmt.Sprintf("%s须填“是”或“否”，而不是“%s”。", what, s), fmt.Sprintf("%s must be 是 (yes) or 否 (no), not %q.", key, s))
	}
	return b
}

// list reads a list cell (lines, "；" or a JSON array).
func (c cells) list(key, what string) []string {
	xs, ok := splitList(c.text(key))
	if !ok {
		c.p.report(c.at, key, what+"以“[”开头却不是有效的 JSON 字符串数组。", key+" starts with “[” but is not a valid JSON array of strings.")
	}
	return xs
}

// limit reads a time limit's value and unit; on the spot may leave the value empty.
func (c cells) limit(prefix, what string) bianmin.Limit {
	var l bianmin.Limit
	if c.has(prefix + "_unit") {
		l.Unit = c.p.unit(c.at, prefix+"_unit", c.code(prefix+"_unit"))
	}
	l.Value = c.int(prefix+"_value", what, l.Unit != bianmin.UnitOnTheSpot && !c.at.bad[prefix+"_unit"])
	return l
}

// itemRow reads one row of the items sheet.
func (p *parser) itemRow(c cells) *record {
	it := &bianmin.ServiceItem{
		ImplCode: c.required("impl_code", "实施编码"), Version: c.int("version", "版本", true),
		Name: c.text("name"), NameEN: c.text("name_en"), BasicCode: c.code("basic_code"),
		ItemType: c.code("item_type"), Fee: c.text("fee"), FeeBasis: c.text("fee_basis"),
		LegalBasis: c.text("legal_basis"), Conditions: c.text("conditions"), Steps: c.list("steps", "办理流程"),
		UpperApproval: c.bool("upper_approval", "需上级审批", false), ServiceObject: c.code("service_object"),
		ResultName: c.text("result_name"), Appointment: c.bool("appointment", "可预约", false),
		Online: c.bool("online", "可网办", false), Place: c.text("place"), Hours: c.text("hours"),
		ConsultPhone: c.text("consult_phone"), SupervisePhone: c.text("supervise_phone"),
		LifeEvents: c.list("life_events", "主题"),
		Promised:   c.limit("promised", "承诺时限"), Statutory: c.limit("statutory", "法定时限"),
	}
	if len(it.ItemType) == 1 {
		it.ItemType = "0" + it.ItemType // a spreadsheet turned "01" into the number 1 (R3.6 codes have two digits)
	}
	it.Status = p.status(c.at, "status", c.code("status"))
	if c.has("case_kind") {
		it.CaseKind = p.kind(c.at, "case_kind", c.code("case_kind"))
	}
	if c.has("department") {
		it.DepartmentID = p.dept(c.at, "department", c.code("department"))
	}
	it.CoDepartmentIDs = p.coDepts(c.at, "co_departments", c.list("co_departments", "共同实施部门"))
	faq, ok := splitFAQ(c.text("faq"))
	if !ok {
		p.report(c.at, "faq", "常见问题须写成“问：…”换行“答：…”，每问一答；或填 JSON 数组。",
			"faq must be lines “问：…” then “答：…”, one answer per question, or a JSON array.")
	}
	it.FAQ = faq
	return &record{it: it, at: c.at}
}

// materialRow reads one row of the materials sheet and attaches it to its item version.
func (p *parser) materialRow(c cells) {
	code := c.required("impl_code", "实施编码")
	version := c.int("version", "版本", true)
	mr := matRec{at: c.at, pos: c.int("position", "序号", true)}
	if mr.pos < 1 && !c.at.bad["position"] && c.has("position") {
		p.report(c.at, "position", "序号须为正整数。", "position must be a positive whole number.")
	}
	mr.m = bianmin.Material{Name: c.text("name"), NameEN: c.text("name_en"), Issuer: c.text("issuer"),
		Originals: c.int("originals", "原件份数", false), Copies: c.int("copies", "复印件份数", false),
		Required: c.bool("required", "是否必备", true), Condition: c.text("condition")}
	rec := p.byKey[itemKey{code, version}]
	if rec != nil {
		rec.mats = append(rec.mats, mr)
		return
	}
	if code != "" && !c.at.bad["version"] {
		p.report(c.at, "impl_code", fmt.Sprintf("事项表中没有实施编码 %s 第 %d 版，此材料无所属事项。", code, version),
			fmt.Sprintf("no item row has implementation code %s version %d for this material.", code, version))
	}
	p.validateOrphan(mr)
}

// validateOrphan checks a material without an item, so that its own
// mistakes are reported in the same pass.
func (p *parser) validateOrphan(mr matRec) {
	for _, e := range mr.m.Validate(0) {
		_, sub, _ := materialField(e.Field)
		if !mr.at.bad[sub] {
			p.errs = append(p.errs, RowError{Sheet: mr.at.sheet, Row: mr.at.row, Field: mr.at.prefix + sub, ZH: e.ZH, EN: e.EN})
		}
	}
}
