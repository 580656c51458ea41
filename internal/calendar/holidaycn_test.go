package calendar_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

func readReference(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(holidayCNDir(tb), name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestCalendar_R2_6_ParseHolidayCNReferenceFiles reads every year file of the
// reference data, including the empty 2027 file (R2.1).
func TestCalendar_R2_6_ParseHolidayCNReferenceFiles(t *testing.T) {
	for _, v := range []struct {
		file  string
		year  int
		count int
	}{
		{"2023.json", 2023, 34}, {"2024.json", 2024, 36}, {"2025.json", 2025, 33},
		{"2026.json", 2026, 39}, {"2027.json", 2027, 0},
	} {
		year, days, err := calendar.ParseHolidayCN(bytes.NewReader(readReference(t, v.file)))
		if err != nil || year != v.year || len(days) != v.count {
			t.Errorf("%s: year %d, %d days, err %v; want %d, %d", v.file, year, len(days), err, v.year, v.count)
		}
	}
	_, days, _ := calendar.ParseHolidayCN(bytes.NewReader(readReference(t, "2025.json")))
	if len(days) == 0 || days[len(days)-1].Name != "国庆节、中秋节" { // R2.9: combined names kept
		t.Errorf("2025 last day = %+v, want the combined name 国庆节、中秋节", days[len(days)-1])
	}
}

// TestCalendar_R2_7_PreviousDecember: the 2023 notice holds 2022-12-31.
func TestCalendar_R2_7_PreviousDecember(t *testing.T) {
	year, days, err := calendar.ParseHolidayCN(bytes.NewReader(readReference(t, "2023.json")))
	if err != nil || year != 2023 {
		t.Fatalf("2023.json: %d, %v", year, err)
	}
	if days[0].Date.String() != "2022-12-31" || !days[0].Off {
		t.Errorf("first day = %+v, want 2022-12-31 off (sorted by date)", days[0])
	}
	_, _, err = calendar.ParseHolidayCN(strings.NewReader(`{"year":2023,"papers":[],"days":[{"name":"x","date":"2022-11-30","isOffDay":true}]}`))
	assertFields(t, err, "days[0].date")
}

// TestCalendar_R2_6_ParseHolidayCNErrors: each problem names its field and
// index, in Chinese and English.
func TestCalendar_R2_6_ParseHolidayCNErrors(t *testing.T) {
	for _, v := range []struct {
		name, in string
		fields   []string
	}{
		{"not json", `{"year":`, []string{""}},
		{"array", `[1,2]`, []string{""}},
		{"empty object", `{}`, []string{"year", "papers", "days"}},
		{"null fields", `{"year":null,"papers":null,"days":null}`, []string{"year", "papers", "days"}},
		{"year text", `{"year":"2024","papers":[],"days":[]}`, []string{"year"}},
		{"year fraction", `{"year":2024.5,"papers":[],"days":[]}`, []string{"year"}},
		{"papers numbers", `{"year":2024,"papers":[1],"days":[]}`, []string{"papers"}},
		{"day not object", `{"year":2024,"papers":[],"days":[{"name":"元旦","date":"2024-01-01","isOffDay":true},7]}`, []string{"days[1]"}},
		{"bad fields", `{"year":2024,"papers":[],"days":[
			{"name":"元旦","date":"2024-01-01","isOffDay":true},
			{"name":"春节","date":"2024-02-30","isOffDay":true},
			{"name":"","date":"2024-02-04","isOffDay":"false"},
			{"date":"20240404","isOffDay":true}]}`,
			[]string{"days[1].date", "days[2].name", "days[2].isOffDay", "days[3].name", "days[3].date"}},
		{"contradiction", `{"year":2024,"papers":[],"days":[
			{"name":"国庆节","date":"2024-10-01","isOffDay":true},
			{"name":"国庆节","date":"2024-10-01","isOffDay":false}]}`, []string{"days[1].isOffDay"}},
		{"other year", `{"year":2024,"papers":[],"days":[{"name":"元旦","date":"2025-01-01","isOffDay":true}]}`, []string{"days[0].date"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			_, _, err := calendar.ParseHolidayCN(strings.NewReader(v.in))
			assertFields(t, err, v.fields...)
		})
	}
}

// assertFields checks err is an EINVALID error listing exactly fields, each
// message in both languages and naming its field.
func assertFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var be *bianmin.Error
	if !errors.As(err, &be) || be.Code != bianmin.EINVALID {
		t.Fatalf("got %v, want an EINVALID *bianmin.Error", err)
	}
	all := be.Details
	if len(all) == 0 {
		all = []*bianmin.Error{be}
	}
	var got []string
	for _, e := range all {
		got = append(got, e.Field)
		if e.ZH == "" || e.EN == "" || !strings.Contains(e.ZH+e.EN, e.Field) {
			t.Errorf("%s: message %q / %q must be bilingual and name the field", e.Field, e.ZH, e.EN)
		}
	}
	if !reflect.DeepEqual(got, fields) {
		t.Errorf("fields %q, want %q", got, fields)
	}
}

func TestCalendar_R2_6_ParseHolidayCNMergesRepeats(t *testing.T) {
	_, days, err := calendar.ParseHolidayCN(strings.NewReader(`{"year":2024,"papers":["u"],"extra":1,"days":[
		{"name":"国庆节","date":"2024-10-02","isOffDay":true},
		{"name":" 国庆节 ","date":"2024-10-01","isOffDay":true,"note":"ignored"},
		{"name":"国庆","date":"2024-10-02","isOffDay":true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Day{
		{Date: calendar.Date{Y: 2024, M: 10, D: 1}, Off: true, Name: "国庆节"},
		{Date: calendar.Date{Y: 2024, M: 10, D: 2}, Off: true, Name: "国庆节"},
	}
	if !reflect.DeepEqual(days, want) {
		t.Errorf("got %+v, want %+v", days, want)
	}
}

func TestCalendar_R2_6_ParseHolidayCNTooLarge(t *testing.T) {
	big := `{"year":2024,"papers":["` + strings.Repeat("x", 1<<20) + `"],"days":[]}`
	if _, _, err := calendar.ParseHolidayCN(strings.NewReader(big)); bianmin.ErrorCode(err) != bianmin.EINVALID {
		t.Errorf("1 MB file: got %v, want EINVALID", err)
	}
}

// TestCalendar_R2_5_ConsecutiveWorkingDays: the longest stretches per year
// are 2023 = 7, 2024 = 6, 2025 = 5, 2026 = 6; only 2023 warns.
func TestCalendar_R2_5_ConsecutiveWorkingDays(t *testing.T) {
	ref := referenceDays(t)
	days := make([]calendar.Day, 0, len(ref))
	for _, d := range ref {
		days = append(days, d)
	}
	cal, err := calendar.New(days)
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]int{2023: 7, 2024: 6, 2025: 5, 2026: 6} {
		longest := 0
		for _, r := range cal.LongRuns(year, 0) {
			longest = max(longest, r.Days)
		}
		if longest != want {
			t.Errorf("%d: longest stretch %d, want %d", year, longest, want)
		}
		warnings := cal.Warnings(year)
		if (len(warnings) > 0) != (want > calendar.MaxConsecutiveWorkingDays) {
			t.Errorf("%d: warnings %v", year, warnings)
		}
		for _, w := range warnings {
			if w.Rule != "R2.5" || !strings.Contains(w.ZH, "7") || !strings.Contains(w.EN, "7") {
				t.Errorf("%d: warning %+v", year, w)
			}
		}
	}
}

// TestCalendar_R2_10_WriteHolidayCNRoundTrip: an exported year reads back the same.
func TestCalendar_R2_10_WriteHolidayCNRoundTrip(t *testing.T) {
	year, days, err := calendar.ParseHolidayCN(bytes.NewReader(readReference(t, "2026.json")))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := calendar.WriteHolidayCN(&buf, year, []string{"https://www.gov.cn/"}, days); err != nil {
		t.Fatal(err)
	}
	y2, d2, err := calendar.ParseHolidayCN(&buf)
	if err != nil || y2 != year || !reflect.DeepEqual(d2, days) {
		t.Errorf("round trip: %d, %v, equal %v", y2, err, reflect.DeepEqual(d2, days))
	}
}

func FuzzParseHolidayCN(f *testing.F) {
	for _, name := range []string{"2023.json", "2025.json", "2027.json"} {
		f.Add(readReference(f, name))
	}
	f.Add([]byte(`{"year":2024,"papers":[],"days":[{"name":"x","date":"2023-12-31","isOffDay":false}]}`))
	f.Add([]byte(`{"year":1e400,"papers":[null],"days":[{},[],"a",{"name":"\u0000"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		year, days, err := calendar.ParseHolidayCN(bytes.NewReader(in))
		if err != nil {
			if be := new(bianmin.Error); !errors.As(err, &be) || be.ZH == "" || be.EN == "" {
				t.Fatalf("error %v is not a bilingual *bianmin.Error", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := calendar.WriteHolidayCN(&buf, year, nil, days); err != nil {
			t.Fatal(err)
		}
		y2, d2, err := calendar.ParseHolidayCN(&buf)
		if err != nil || y2 != year || !reflect.DeepEqual(d2, days) {
			t.Fatalf("round trip of %q: year %d→%d, err %v, days %v→%v", in, year, y2, err, days, d2)
		}
		if _, err := calendar.New(days); err != nil {
			t.Fatalf("accepted days do not build a calendar: %v", err)
		}
	})
}
