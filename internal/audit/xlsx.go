package audit

import (
	"io"

	"bianmin/internal/bianmin"
	"github.com/xuri/excelize/v2"
)

// SheetName returns the name of the extract's only sheet in the language.
func SheetName(lang string) string {
	if lang == "en" {
		return "Audit log"
	}
	return "审计日志"
}

// WriteXLSX writes entries as an Excel workbook with one sheet, a bold frozen
// header row in the language, and one row per entry. It streams rows, so
// large extracts do not build the sheet in memory. Text goes into string
// cells, which Excel never evaluates; overlong text is clipped and marked.
func WriteXLSX(w io.Writer, entries []*bianmin.AuditEntry, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := SheetName(lang)
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := writeSheetHead(f, sw, lang); err != nil {
		return err
	}
	row := make([]any, len(columns))
	for n, e := range entries {
		for i, c := range columns {
			row[i] = c.value(e, lang)
			if s, ok := row[i].(string); ok {
				row[i] = clip(s)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2) // both coordinates are valid
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// writeSheetHead sets widths and the frozen pane, which a stream writer
// accepts only before the first row, and writes the header row.
func writeSheetHead(f *excelize.File, sw *excelize.StreamWriter, lang string) error {
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	head := make([]any, len(columns))
	for i, h := range Header(lang) {
		head[i] = h
	}
	return sw.SetRow("A1", head, excelize.RowOpts{StyleID: bold})
}
