package audit_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/internal/audit"
	"bianmin/internal/bianmin"
	"github.com/xuri/excelize/v2"
)

func sampleEntries() []*bianmin.AuditEntry {
	at := time.Date(2026, 3, 2, 1, 30, 5, 123456000, time.UTC)
	return []*bianmin.AuditEntry{
		{Seq: 1, At: at, CentreID: 3, ActorID: 7, Actor: "zhangsan", Role: "clerk", Source: "10.0.0.8",
			Action: "case.accept", ObjectType: "case", ObjectID: "C-2026-0001",
			Before: `{"状态":"待受理"}`, After: `{"状态":"已受理","姓名":"张*"}`,
			Result: bianmin.ResultOK, RuleID: "R1.1", PolicyVersion: 4, RequestID: "req-1", Hash: "ab12"},
		// An attacker-chosen username of a failed login, and a rare character (生僻字) outside the BMP.
		{Seq: 2, At: at.Add(time.Second), Actor: "=HYPERLINK(\"http://x\",\"点我\")", Action: "auth.login",
			ObjectType: "user", ObjectID: "𠮷-01", Result: bianmin.ResultDenied, PrevHash: "ab12", Hash: "cd34"},
		{Seq: 3, At: at.Add(2 * time.Second), Actor: "system", Action: "backup.run",
			After: strings.Repeat("备", 40000), Result: bianmin.ResultFailed, PrevHash: "cd34", Hash: "ef56"},
	}
}

func TestWriteCSVReadsBackWithBOM(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := audit.WriteCSV(&buf, sampleEntries(), lang); err != nil {
				t.Fatal(err)
			}
			body, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
			if !ok {
				t.Fatal("CSV does not start with a UTF-8 BOM")
			}
			recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, lang, recs)
		})
	}
}

func TestWriteXLSXReadsBack(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := audit.WriteXLSX(&buf, sampleEntries(), lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !slices.Equal(got, []string{audit.SheetName(lang)}) {
				t.Fatalf("sheets %v, want [%s]", got, audit.SheetName(lang))
			}
			rows, err := f.GetRows(audit.SheetName(lang))
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, lang, rows)
			// Numbers are number cells; attacker text is a plain string cell, never a formula.
			if typ, _ := f.GetCellType(audit.SheetName(lang), "A2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("seq cell type %v, want number", typ)
			}
			if formula, _ := f.GetCellFormula(audit.SheetName(lang), "E3"); formula != "" {
				t.Errorf("username became formula %q", formula)
			}
		})
	}
}

// checkRows checks an extract read back: header, values, and the defences.
func checkRows(t *testing.T, lang string, rows [][]string) {
	t.Helper()
	if len(rows) != 4 {
		t.Fatalf("%d rows, want header + 3", len(rows))
	}
	if !slices.Equal(rows[0], audit.Header(lang)) {
		t.Errorf("header %v, want %v", rows[0], audit.Header(lang))
	}
	wantHead := map[string]string{"zh": "事件类型", "en": "Event"}[lang]
	if rows[0][7] != wantHead {
		t.Errorf("header column 8 = %q, want %q", rows[0][7], wantHead)
	}
	r1 := rows[1]
	if r1[0] != "1" || r1[1] != "2026-03-02 09:30:05.123+08:00" || r1[2] != "3" || r1[4] != "zhangsan" {
		t.Errorf("row 1 = %q", r1)
	}
	if r1[15] != `{"状态":"已受理","姓名":"张*"}` || r1[12] != "4" || r1[17] != "ab12" {
		t.Errorf("row 1 text/number columns = %q", r1)
	}
	wantResult := map[string]string{"zh": "拒绝", "en": "denied"}[lang]
	r2 := rows[2]
	if r2[10] != wantResult || r2[9] != "𠮷-01" || r2[16] != "ab12" {
		t.Errorf("row 2 = %q", r2)
	}
	if !strings.HasSuffix(r2[4], `HYPERLINK("http://x","点我")`) {
		t.Errorf("row 2 username = %q", r2[4])
	}
}

func TestCSVDefusesFormulasAndKeepsLongText(t *testing.T) {
	var buf bytes.Buffer
	if err := audit.WriteCSV(&buf, sampleEntries(), "zh"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[2][4]; got != `'=HYPERLINK("http://x","点我")` {
		t.Errorf("username written as %q, want a leading quote", got)
	}
	for _, s := range []string{"+1", "-1", "@x", "\tx", "\rx"} {
		e := &bianmin.AuditEntry{Seq: 9, Actor: s, Result: bianmin.ResultOK}
		var b bytes.Buffer
		if err := audit.WriteCSV(&b, []*bianmin.AuditEntry{e}, "en"); err != nil {
			t.Fatal(err)
		}
		r, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if r[1][4] != "'"+s {
			t.Errorf("%q written as %q", s, r[1][4])
		}
	}
	if n := len([]rune(recs[3][15])); n != 40000 {
		t.Errorf("CSV cut a long value to %d characters", n)
	}
}

func TestXLSXClipsOverlongTextVisibly(t *testing.T) {
	var buf bytes.Buffer
	if err := audit.WriteXLSX(&buf, sampleEntries(), "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(audit.SheetName("en"), "P4")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(v, "…[已截断 truncated]") || !strings.HasPrefix(v, "备备") {
		t.Errorf("overlong cell ends %q", v[len(v)-40:])
	}
}

func TestXLSXLargeExtract(t *testing.T) {
	entries := make([]*bianmin.AuditEntry, 20000)
	for i := range entries {
		entries[i] = &bianmin.AuditEntry{Seq: int64(i + 1), At: time.Unix(int64(i), 0), Actor: "user" + strconv.Itoa(i),
			Action: "case.view", ObjectID: "案件-" + strconv.Itoa(i), Result: bianmin.ResultOK}
	}
	var buf bytes.Buffer
	if err := audit.WriteXLSX(&buf, entries, "zh"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(audit.SheetName("zh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20001 || rows[20000][9] != "案件-19999" {
		t.Fatalf("%d rows, last %q", len(rows), rows[len(rows)-1])
	}
}
