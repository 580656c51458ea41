// Package catalogio converts a centre's service catalogue (DOMAIN.md CAT-1;
// STANDARDS.md R3.11) to and from an Excel workbook and a JSON document:
// items in, bytes out, and back. It knows no SQL and no centre: departments
// travel by name, so a file moves between installations, and everything a
// database assigns (IDs, timestamps, uploaded files) stays behind. The
// layout is documented in docs/CATALOGUE_FORMAT.md.
//
// Reading checks every cell of every row and returns every problem found,
// each with its sheet and row, so an import can be refused as a whole with a
// complete list of what to fix.
package catalogio

import (
	"fmt"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// Format names and the version this package writes and reads.
const (
	FormatName    = "bianmin-catalogue"
	FormatVersion = 1
)

// Sheet names of the workbook; JSONSheet stands for a JSON document in row errors.
const (
	SheetItems     = "事项 Items"
	SheetMaterials = "材料 Materials"
	SheetAbout     = "说明 About"
	JSONSheet      = "JSON"
)

// MaxInput bounds what a reader accepts (bytes of the file, and the
// uncompressed size of a workbook), so a crafted file cannot exhaust memory.
const MaxInput = 32 << 20

// column is one column of a sheet: its key (also the JSON field name and the
// Field of row errors) and its Chinese label; the heading is "label key".
type column struct {
	key, zh string
	width   float64
}

func (c column) heading() string { return c.zh + " " + c.key }

// itemColumns are the columns of the items sheet, in order.
var itemColumns = []column{
	{"impl_code", "实施编码", 24}, {"version", "版本", 8}, {"status", "状态", 11},
	{"name", "事项名称", 30}, {"name_en", "英文名称", 30}, {"basic_code", "基本编码", 14},
	{"department", "主办部门", 16}, {"co_departments", "共同实施部门", 20}, {"item_type", "事项类型", 10},
	{"case_kind", "办件类型", 13}, {"promised_value", "承诺时限", 10}, {"promised_unit", "承诺时限单位", 15},
	{"statutory_value", "法定时限", 10}, {"statutory_unit", "法定时限单位", 15}, {"fee", "收费标准", 20},
	{"fee_basis", "收费依据", 24}, {"legal_basis", "设定依据", 30}, {"conditions", "受理条件", 30},
	{"steps", "办理流程", 30}, {"upper_approval", "需上级审批", 10}, {"service_object", "服务对象", 10},
	{"result_name", "结果名称", 20}, {"appointment", "可预约", 8}, {"online", "可网办", 8},
	{"place", "办理地点", 20}, {"hours", "办理时间", 20}, {"consult_phone", "咨询电话", 16},
	{"supervise_phone", "监督电话", 16}, {"life_events", "主题", 16}, {"faq", "常见问题", 40},
}

// materialColumns are the columns of the materials sheet, in order.
var materialColumns = []column{
	{"impl_code", "实施编码", 24}, {"version", "版本", 8}, {"position", "序号", 8},
	{"name", "材料名称", 30}, {"name_en", "英文名称", 30}, {"issuer", "出具机构", 20},
	{"originals", "原件份数", 10}, {"copies", "复印件份数", 10}, {"required", "是否必备", 10},
	{"condition", "需要条件", 30},
}

// label gives a column's Chinese label for messages, "" for an unknown key.
func label(cols []column, key string) string {
	for _, c := range cols {
		if c.key == key {
			return c.zh
		}
	}
	return ""
}

// RowError is one problem of an input file: the sheet and row (1-based as
// the spreadsheet shows it; 0 for the sheet or file as a whole; for JSON the
// item's 1-based position), the column key, and the message in both languages.
type RowError struct {
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	Field string `json:"field"`
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

// String gives the error with its place in the language ("zh" or "en"):
// 工作表“事项 Items”第 5 行，promised_unit：… / sheet "事项 Items" row 5, promised_unit: ….
func (e RowError) String(lang string) string {
	var place string
	switch {
	case lang == "en" && e.Sheet == JSONSheet && e.Row > 0:
		place = fmt.Sprintf("JSON item %d", e.Row)
	case lang == "en" && e.Row > 0:
		place = fmt.Sprintf("sheet %q row %d", e.Sheet, e.Row)
	case lang == "en":
		place = fmt.Sprintf("sheet %q", e.Sheet)
	case e.Sheet == JSONSheet && e.Row > 0:
		place = fmt.Sprintf("JSON 第 %d 个事项", e.Row)
	case e.Row > 0:
		place = fmt.Sprintf("工作表“%s”第 %d 行", e.Sheet, e.Row)
	default:
		place = fmt.Sprintf("工作表“%s”", e.Sheet)
	}
	msg, sep, colon := e.ZH, "，", "："
	if lang == "en" {
		msg, sep, colon = e.EN, ", ", ": "
	}
	if e.Field != "" {
		return place + sep + e.Field + colon + msg
	}
	return place + colon + msg
}

// fileError is the error of a reader: the input is not a
// workbook or JSON document of this format at all.
func fileError(zh, en string, cause error) error {
	return bianmin.Errorf(bianmin.EINVALID, zh, en).Wrap(cause)
}

// Code tables: the writer writes the code, the reader also accepts the label.
var (
	unitLabels = map[bianmin.LimitUnit]string{
		bianmin.UnitWorkingDays: "工作日", bianmin.UnitCalendarDays: "自然日",
		bianmin.UnitHours: "小时", bianmin.UnitOnTheSpot: "当场办结",
	}
	kindLabels = map[bianmin.CaseKind]string{
		bianmin.CaseImmediate: "即办件", bianmin.CasePromised: "承诺件", bianmin.CaseReported: "上报件",
		bianmin.CaseJoint: "联办件", bianmin.CasePetition: "信访件", bianmin.CaseConsultation: "咨询件",
	}
	statusLabels = map[bianmin.ItemStatus]string{bianmin.ItemPublished: "已发布", bianmin.ItemDraft: "草稿"}
)

// lookup finds s among the codes or labels of a table.
func lookup[K ~string](table map[K]string, s string) (K, bool) {
	for code, zh := range table {
		if strings.EqualFold(s, string(code)) || s == zh {
			return code, true
		}
	}
	return "", false
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// parseBool reads 是/否 (and yes/no, true/false, 1/0 typed by hand).
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "是", "yes", "y", "true", "1":
		return true, true
	case "否", "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

// parseInt reads a whole number as text or as a spreadsheet number ("5", "5.0").
func parseInt(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) || f > 1e9 || f < -1e9 {
		return 0, false
	}
	return int(f), true
}
