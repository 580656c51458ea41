package catalogio

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// docs/CATALOGUE_FORMAT.md documents the layout: its column tables must
// match the columns written, and its JSON example must read without error.
func TestFormatDocumentMatchesTheCode(t *testing.T) {
	raw, err := os.ReadFile("../../docs/CATALOGUE_FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, table := range []struct {
		sheet string
		cols  []column
	}{{SheetItems, itemColumns}, {SheetMaterials, materialColumns}} {
		if !strings.Contains(doc, "`"+table.sheet+"`") {
			t.Errorf("sheet %s not documented", table.sheet)
		}
		for i, c := range table.cols {
			letter, _ := excelize.ColumnNumberToName(i + 1)
			if row := fmt.Sprintf("| %s | %s |", letter, c.heading()); !strings.Contains(doc, row) {
				t.Errorf("%s: no table row %q", table.sheet, row)
			}
		}
	}
	_, example, _ := strings.Cut(doc, "```json\n")
	example, _, _ = strings.Cut(example, "```")
	items, errs, err := ReadJSON(strings.NewReader(example), testByName)
	if err != nil || len(errs) > 0 || len(items) != 1 || len(items[0].Materials) != 1 {
		t.Errorf("the documented JSON example does not read: %v %v", err, errs)
	}
}
