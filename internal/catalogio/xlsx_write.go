package catalogio

import (
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"bianmin/internal/bianmin"
	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the items as a workbook: one row per item version on the
// items sheet, one row per material on the materials sheet, and the format
// version on the about sheet. depts names every department the items
// reference. It refuses (EINVALID) what a workbook could not carry exactly:
// an unknown department, a superseded version, text with control characters
// or longer than a cell holds (Excel's 32,767 characters).
func WriteXLSX(w io.Writer, items []*bianmin.ServiceItem, depts map[int64]string) error {
	if err := checkWritable(items, depts, true); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SheetItems); err != nil {
		return err
	}
	for _, name := range []string{SheetMaterials, SheetAbout} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	rows := make([][]any, len(items))
	var mats [][]any
	for i, it := range items {
		rows[i] = itemRow(it, depts)
		for j, m := range it.Materials {
			mats = append(mats, materialRow(it, j+1, m))
		}
	}
	if err := writeSheet(f, SheetItems, itemColumns, rows); err != nil {
		return err
	}
	if err := writeSheet(f, SheetMaterials, materialColumns, mats); err != nil {
		return err
	}
	if err := writeAbout(f); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// itemRow gives the cells of an item in itemColumns order.
func itemRow(it *bianmin.ServiceItem, depts map[int64]string) []any {
	co := make([]string, len(it.CoDepartmentIDs))
	for i, id := range it.CoDepartmentIDs {
		co[i] = depts[id]
	}
	return []any{it.ImplCode, it.Version, string(it.Status), it.Name, it.NameEN, it.BasicCode,
		depts[it.DepartmentID], joinList(co, listSep), it.ItemType, string(it.CaseKind),
		it.Promised.Value, string(it.Promised.Unit), it.Statutory.Value, string(it.Statutory.Unit),
		it.Fee, it.FeeBasis, it.LegalBasis, it.Conditions, joinList(it.Steps, "\n"), yesNo(it.UpperApproval),
		it.ServiceObject, it.ResultName, yesNo(it.Appointment), yesNo(it.Online), it.Place, it.Hours,
		it.ConsultPhone, it.SupervisePhone, joinList(it.LifeEvents, listSep), joinFAQ(it.FAQ)}
}

// materialRow gives the cells of a material in materialColumns order; the
// position written is the material's place in the checklist.
func materialRow(it *bianmin.ServiceItem, pos int, m bianmin.Material) []any {
	return []any{it.ImplCode, it.Version, pos, m.Name, m.NameEN, m.Issuer, m.Originals, m.Copies,
		yesNo(m.Required), m.Condition}
}

// writeSheet streams a sheet: bold frozen heading row, then the rows with
// wrapped text so multi-line cells stay readable. Strings go into string
// cells (never evaluated as formulas, leading zeros kept); empty strings
// leave the cell empty.
func writeSheet(f *excelize.File, sheet string, cols []column, rows [][]any) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.heading()
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{StyleID: bold}); err != nil {
		return err
	}
	for n, row := range rows {
		for i, v := range row {
			if v == "" {
				row[i] = nil
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2) // both coordinates are valid
		if err := sw.SetRow(cell, row, excelize.RowOpts{StyleID: wrap}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// aboutRows is the about sheet: the format and its version (read back),
// then notes for people filling a workbook by hand.
var aboutRows = [][2]string{
	{"格式 format", FormatName},
	{"格式版本 format_version", strconv.Itoa(FormatVersion)},
	{"说明 notes", "详见 docs/CATALOGUE_FORMAT.md. See docs/CATALOGUE_FORMAT.md."},
	{"时限单位 units", "working_days 工作日；calendar_days 自然日；hours 小时；on_the_spot 当场办结（时限填 0）"},
	{"办件类型 case_kind", "immediate 即办件；promised 承诺件；reported 上报件；joint 联办件；petition 信访件；consultation 咨询件"},
	{"状态 status", "published 已发布；draft 草稿"},
	{"是/否 yes/no", "是；否"},
	{"列表 lists", "办理流程每行一步；部门、主题用“；”分隔；也可填 JSON 数组。Steps one per line; departments and life events separated by “；”; or a JSON array."},
	{"常见问题 faq", "问：…（换行）答：…；也可填 JSON [{\"q\":\"…\",\"a\":\"…\"}]"},
	{"不含 not carried", "空白表格、示范文本等上传文件不随文件导出导入。Uploaded blank forms and samples are not carried."},
}

func writeAbout(f *excelize.File) error {
	for i, r := range aboutRows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1) // both coordinates are valid
		if err := f.SetSheetRow(SheetAbout, cell, &[]any{r[0], r[1]}); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(SheetAbout, "A", "A", 26); err != nil {
		return err
	}
	return f.SetColWidth(SheetAbout, "B", "B", 100)
}

// maxCellUnits is the most UTF-16 code units an Excel cell holds.
const maxCellUnits = 32767

// checkWritable refuses items the format cannot carry; forCells adds the
// limits of spreadsheet cells.
func checkWritable(items []*bianmin.ServiceItem, depts map[int64]string, forCells bool) error {
	for _, it := range items {
		name := it.ImplCode + " v" + strconv.Itoa(it.Version)
		if it.Status != "" && it.Status != bianmin.ItemPublished && it.Status != bianmin.ItemDraft {
			return bianmin.Errorf(bianmin.EINVALID, "事项 "+name+" 是已停用版本，不导出（R9.2）。",
				"item "+name+" is a superseded version and is not exported (R9.2).")
		}
		for _, id := range append([]int64{it.DepartmentID}, it.CoDepartmentIDs...) {
			if _, ok := depts[id]; !ok {
				return bianmin.Errorf(bianmin.EINVALID, fmt.Sprintf("事项 %s 引用的部门 %d 不存在。", name, id),
					fmt.Sprintf("item %s references department %d, which does not exist.", name, id))
			}
		}
		if !forCells {
			continue
		}
		row := itemRow(it, depts)
		for i, m := range it.Materials {
			row = append(row, materialRow(it, i+1, m)...)
		}
		for _, v := range row {
			if s, ok := v.(string); ok && !cellText(s) {
				return bianmin.Errorf(bianmin.EINVALID, "事项 "+name+" 有文字含控制字符或超过 32767 个字符，工作簿无法保存，请改用 JSON 导出。",
					"item "+name+" has text with control characters or over 32,767 characters, which a workbook cannot hold: export as JSON.")
			}
		}
	}
	return nil
}

// cellText reports whether a workbook cell holds s exactly: valid UTF-8,
// no control characters but tab and line breaks, and within the cell size.
func cellText(s string) bool {
	if len(s) > maxCellUnits && len(utf16.Encode([]rune(s))) > maxCellUnits || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}
