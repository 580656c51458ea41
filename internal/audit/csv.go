package audit

import (
	"encoding/csv"
	"io"
	"strconv"

	"bianmin/internal/bianmin"
)

// bom marks the file as UTF-8: without it Excel reads Chinese as mojibake.
const bom = "\ufeff"

// WriteCSV writes entries as CSV (UTF-8 with BOM) with a header row in the
// language. Text is written in full, defused against formula injection. Rows
// end in LF, which Excel reads: csv.Writer's CRLF mode would drop a lone CR
// inside a value, and an extract must not alter what it reports.
func WriteCSV(w io.Writer, entries []*bianmin.AuditEntry, lang string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header(lang)); err != nil {
		return err
	}
	record := make([]string, len(columns))
	for _, e := range entries {
		for i, c := range columns {
			switch v := c.value(e, lang).(type) {
			case int64:
				record[i] = strconv.FormatInt(v, 10)
			case string:
				record[i] = defuse(v)
			}
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
