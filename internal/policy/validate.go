package policy

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// maxDetails bounds the problems reported for one document.
const maxDetails = 100

// checker collects the range, format and consistency problems of a decoded
// policy.
type checker struct {
	lines map[string]int // path -> line, from the decoder
	probs []problem
}

// Validate checks a policy built in Go (Default with changes) by the same
// rules as Parse; problems carry field paths but no line numbers.
func Validate(p *Policy) error {
	if probs := check(p, nil); len(probs) > 0 {
		return invalid(probs)
	}
	return nil
}

func check(p *Policy, lines map[string]int) []problem {
	c := &checker{lines: lines}
	walk(reflect.ValueOf(p).Elem(), "", meta{}, c.leaf)
	p.ServiceHours.check(c)
	p.Queue.check(c, p)
	p.Cases.check(c)
	p.Supervision.check(c)
	p.Ratings.check(c)
	p.Attendance.check(c)
	p.Leave.check(c)
	p.Accountability.check(c)
	p.Appointments.check(c)
	p.Security.check(c)
	p.Masking.check(c)
	return c.probs
}

// add records a problem at path; its line is that of the path or of the
// nearest enclosing key present in the document.
func (c *checker) add(path, zh, en string) {
	c.probs = append(c.probs, problem{line: c.lineOf(path), path: path, zh: zh, en: en})
}

func (c *checker) lineOf(path string) int {
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := c.lines[p]; ok {
			return l
		}
	}
	return 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// leaf applies the checks the tags and types describe: ranges, allowed
// values, and the formats of times, dates and leave lengths.
func (c *checker) leaf(path string, v reflect.Value, m meta) {
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			c.scalar(indexPath(path, i), v.Index(i), m)
		}
		return
	}
	c.scalar(path, v, m)
}

func (c *checker) scalar(path string, v reflect.Value, m meta) {
	switch x := v.Interface().(type) {
	case int:
		c.intRange(path, x, m.Min, m.Max)
	case TimeOfDay:
		if _, ok := x.Minute(); !ok {
			c.add(path, "不是有效的时间 "+quoteValue(string(x))+"（应为 HH:MM，00:00 至 23:59）",
				"is not a valid time "+quoteValue(string(x))+" (use HH:MM, 00:00 to 23:59)")
		}
	case MonthDay:
		if _, _, ok := x.Parts(); !ok {
			c.add(path, "不是有效的日期 "+quoteValue(string(x))+"（应为 MM-DD）",
				"is not a valid date "+quoteValue(string(x))+" (use MM-DD)")
		}
	case Length:
		if _, err := x.parse(); err != nil {
			c.add(path, "不是有效的时长 "+quoteValue(string(x))+"（如 2h、0.5d、3d）",
				"is not a valid length "+quoteValue(string(x))+" (e.g. 2h, 0.5d, 3d)")
		}
	case string:
		if vals := m.enumValues(); vals != nil && !slices.Contains(vals, x) {
			c.add(path, "必须是以下之一："+strings.Join(vals, "、")+"；实际为 "+quoteValue(x),
				"must be one of: "+strings.Join(vals, ", ")+"; got "+quoteValue(x))
		}
	}
}

func (c *checker) intRange(path string, x int, lo, hi *int) {
	switch {
	case lo != nil && hi != nil && (x < *lo || x > *hi):
		c.add(path, fmt.Sprintf("必须在 %d 到 %d 之间（实际为 %d）", *lo, *hi, x),
			fmt.Sprintf("must be between %d and %d (got %d)", *lo, *hi, x))
	case lo != nil && hi == nil && x < *lo:
		c.add(path, fmt.Sprintf("不能小于 %d（实际为 %d）", *lo, x), fmt.Sprintf("must be at least %d (got %d)", *lo, x))
	case hi != nil && lo == nil && x > *hi:
		c.add(path, fmt.Sprintf("不能大于 %d（实际为 %d）", *hi, x), fmt.Sprintf("must be at most %d (got %d)", *hi, x))
	}
}

// invalid builds the one error of a rejected document: its message names the
// first problem and the count; Details hold every problem, in line order.
func invalid(probs []problem) error {
	slices.SortStableFunc(probs, func(a, b problem) int {
		if a.line != b.line {
			if a.line == 0 {
				return 1
			}
			if b.line == 0 {
				return -1
			}
			return a.line - b.line
		}
		return strings.Compare(a.path, b.path)
	})
	probs = slices.CompactFunc(probs, func(a, b problem) bool { return a.path == b.path && a.en == b.en })
	n := len(probs)
	if len(probs) > maxDetails {
		probs = probs[:maxDetails]
	}
	details := make([]*bianmin.Error, len(probs))
	for i, pr := range probs {
		details[i] = &bianmin.Error{Code: bianmin.EINVALID, Field: pr.path, Rule: ruleOf(pr.path), ZH: pr.textZH(), EN: pr.textEN()}
	}
	first := details[0]
	return &bianmin.Error{
		Code:    bianmin.EINVALID,
		Field:   first.Field,
		Rule:    first.Rule,
		ZH:      fmt.Sprintf("策略文件有 %d 处错误，第一处：%s", n, first.ZH),
		EN:      fmt.Sprintf("The policy document has %d error(s); the first: %s", n, first.EN),
		Details: details,
	}
}

// textZH is e.g. "第 12 行 security.idle_timeout_minutes：必须在 10 到 30 之间".
func (pr problem) textZH() string {
	var b strings.Builder
	if pr.line > 0 {
		b.WriteString("第 " + strconv.Itoa(pr.line) + " 行")
		if pr.path != "" {
			b.WriteString(" ")
		}
	}
	b.WriteString(pr.path)
	if b.Len() > 0 {
		b.WriteString("：")
	}
	return b.String() + pr.zh
}

// textEN is e.g. "line 12, security.idle_timeout_minutes: must be between 10 and 30".
func (pr problem) textEN() string {
	var b strings.Builder
	if pr.line > 0 {
		b.WriteString("line " + strconv.Itoa(pr.line))
		if pr.path != "" {
			b.WriteString(", ")
		}
	}
	b.WriteString(pr.path)
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	return b.String() + pr.en
}
