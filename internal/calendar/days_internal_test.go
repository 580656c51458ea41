package calendar

import (
	"strings"
	"testing"
)

// TestCalendar_DataFileFormat: the built-in file's reader names the line of
// a mistake, so an edit of data/cn.txt that breaks it fails here, not at start-up.
func TestCalendar_DataFileFormat(t *testing.T) {
	days, err := parseDayLines("# comment\n\n2026-01-04 work 元旦 # 补班\n2026-01-01 off 元旦\n", "test")
	if err != nil || len(days) != 2 || days[0].Off || !days[1].Off || days[0].Name != "元旦" || days[0].Source != "test" {
		t.Fatalf("parseDayLines = %+v, %v", days, err)
	}
	for _, bad := range []string{"2026-01-04 work", "2026-02-30 off 春节", "2026-01-04 holiday 元旦", "2026-1-4 off 元旦"} {
		if _, err := parseDayLines("# x\n"+bad+"\n", "test"); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("parseDayLines(%q) = %v, want an error naming line 2", bad, err)
		}
	}
	if _, err := parseDayLines(defaultData, DefaultSource); err != nil {
		t.Errorf("data/cn.txt: %v", err)
	}
}
