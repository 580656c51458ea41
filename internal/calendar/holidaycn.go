package calendar

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

// maxHolidayCNBytes bounds an uploaded file; a real year is about 4 KB.
const maxHolidayCNBytes = 1 << 20

// ParseHolidayCN reads one year file of the holiday-cn format (STANDARDS.md
// R2.6): {"year": 2025, "papers": [...], "days": [{"name", "date",
// "isOffDay"}]}. Every problem is reported with its field, e.g.
// "days[3].date", in Chinese and English. A date must be in the file's year
// or in the December before it (R2.7). Days are returned in date order,
// merged by date. Unknown fields are ignored.
func ParseHolidayCN(r io.Reader) (year int, days []Day, err error) {
	body, err := io.ReadAll(io.LimitReader(r, maxHolidayCNBytes+1))
	if err != nil {
		return 0, nil, bianmin.Errorf(bianmin.EINVALID, "无法读取节假日文件。", "The holiday file cannot be read.").Wrap(err)
	}
	if len(body) > maxHolidayCNBytes {
		return 0, nil, bianmin.Errorf(bianmin.EINVALID, "节假日文件超过 1 MB。", "The holiday file is larger than 1 MB.")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return 0, nil, bianmin.Errorf(bianmin.EINVALID, "节假日文件不是有效的 JSON 对象。", "The holiday file is not a valid JSON object.").Wrap(err)
	}
	var v bianmin.Validation
	year = cnYear(top["year"], &v)
	var papers []string
	decodeField(top["papers"], "papers", "字符串数组", "an array of strings", &papers, &v)
	days = cnDays(top["days"], year, &v)
	if err := v.Err(); err != nil {
		return 0, nil, err
	}
	return year, days, nil
}

// decodeField decodes a required field into dst, reporting a missing field
// or one of the wrong type.
func decodeField(raw json.RawMessage, field, typeZH, typeEN string, dst any, v *bianmin.Validation) bool {
	if raw == nil {
		v.Add(field, fmt.Sprintf("缺少必填字段 %s。", field), fmt.Sprintf("Required field %s is missing.", field))
		return false
	}
	if string(raw) == "null" || json.Unmarshal(raw, dst) != nil {
		v.Add(field, fmt.Sprintf("字段 %s 应为%s。", field, typeZH), fmt.Sprintf("Field %s must be %s.", field, typeEN))
		return false
	}
	return true
}

// cnYear reads "year": a whole year within MinYear-MaxYear; 0 when invalid.
func cnYear(raw json.RawMessage, v *bianmin.Validation) int {
	var f float64
	if !decodeField(raw, "year", "数字", "a number", &f, v) {
		return 0
	}
	if f != math.Trunc(f) || f < MinYear || f > MaxYear {
		v.Add("year", fmt.Sprintf("字段 year 应为 %d 至 %d 之间的整数年份。", MinYear, MaxYear),
			fmt.Sprintf("Field year must be a whole year from %d to %d.", MinYear, MaxYear))
		return 0
	}
	return int(f)
}

// cnDays reads "days" and merges them by date.
func cnDays(raw json.RawMessage, year int, v *bianmin.Validation) []Day {
	var items []json.RawMessage
	if !decodeField(raw, "days", "对象数组", "an array of objects", &items, v) {
		return nil
	}
	type entry struct {
		index int
		off   bool
	}
	first := map[Date]entry{} // a date's first entry in items
	var days []Day
	for i, item := range items {
		d, ok := cnDay(item, fmt.Sprintf("days[%d]", i), year, v)
		if !ok {
			continue
		}
		if f, seen := first[d.Date]; seen {
			if f.off != d.Off {
				reportRepeat(d.Date, f.index, i, v)
			}
			continue // a date listed twice alike keeps its first entry
		}
		first[d.Date] = entry{i, d.Off}
		days = append(days, d)
	}
	slices.SortFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return days
}

// cnDay reads one entry of "days".
func cnDay(raw json.RawMessage, at string, year int, v *bianmin.Validation) (Day, bool) {
	var item map[string]json.RawMessage
	if !decodeField(raw, at, "对象", "an object", &item, v) {
		return Day{}, false
	}
	var d Day
	var okName, okDate bool
	d.Name, okName = cnName(item["name"], at+".name", v)
	var date string
	if decodeField(item["date"], at+".date", "字符串", "a string", &date, v) {
		d.Date, okDate = cnDate(date, at+".date", year, v)
	}
	okOff := decodeField(item["isOffDay"], at+".isOffDay", "布尔值 true 或 false", "a boolean", &d.Off, v)
	return d, okName && okDate && okOff
}

// cnName reads a festival name, trimmed.
func cnName(raw json.RawMessage, field string, v *bianmin.Validation) (string, bool) {
	var name string
	if !decodeField(raw, field, "字符串", "a string", &name, v) {
		return "", false
	}
	name = strings.TrimSpace(name)
	if zh, en, ok := checkName(name); !ok {
		v.Add(field, field+"："+zh, field+": "+en)
		return "", false
	}
	return name, true
}

// cnDate parses a date and checks it belongs to the notice's year (R2.7).
func cnDate(s, field string, year int, v *bianmin.Validation) (Date, bool) {
	d, err := ParseDate(s)
	if err != nil {
		v.Add(field, fmt.Sprintf("%s：日期“%s”无效，应为 YYYY-MM-DD。", field, s),
			fmt.Sprintf("%s: date %q is invalid; use YYYY-MM-DD.", field, s))
		return Date{}, false
	}
	if year != 0 && d.Y != year && !(d.Y == year-1 && d.M == time.December) {
		v.Add(field, fmt.Sprintf("%s：日期 %s 不属于 %d 年的通知（只能是该年或上一年 12 月的日期）。", field, s, year),
			fmt.Sprintf("%s: date %s is outside the %d notice (only that year or the December before).", field, s, year))
		return Date{}, false
	}
	return d, true
}

// reportRepeat reports a date listed as both a day off and a working day.
func reportRepeat(d Date, j, i int, v *bianmin.Validation) {
	field := fmt.Sprintf("days[%d].isOffDay", i)
	v.Add(field, fmt.Sprintf("%s：日期 %s 在 days[%d] 中已出现，且休息/上班标记相反。", field, d, j),
		fmt.Sprintf("%s: date %s already appears in days[%d] with the opposite isOffDay.", field, d, j))
}

// cnFile and cnEntry are the holiday-cn layout for WriteHolidayCN.
type cnFile struct {
	Year   int       `json:"year"`
	Papers []string  `json:"papers"`
	Days   []cnEntry `json:"days"`
}

type cnEntry struct {
	Name     string `json:"name"`
	Date     string `json:"date"`
	IsOffDay bool   `json:"isOffDay"`
}

// WriteHolidayCN writes days as a holiday-cn year file (R2.6), e.g. to export
// the administrator-edited calendar (R2.10). ParseHolidayCN reads it back.
func WriteHolidayCN(w io.Writer, year int, papers []string, days []Day) error {
	f := cnFile{Year: year, Papers: papers, Days: make([]cnEntry, len(days))}
	if f.Papers == nil {
		f.Papers = []string{}
	}
	for i, d := range days {
		f.Days[i] = cnEntry{Name: d.Name, Date: d.Date.String(), IsOffDay: d.Off}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	return enc.Encode(f)
}
