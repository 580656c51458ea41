package policy

import (
	"bytes"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits on a document, so that a hostile upload cannot exhaust memory.
const (
	maxDocumentBytes = 1 << 20
	maxListLen       = 200
)

// Parse reads a policy document. Keys the document omits keep the values of
// Default, so a centre's file may hold only what differs. Every problem is
// reported, each with its line and field path, in one bianmin.Error of code
// EINVALID whose Details hold one error per problem.
func Parse(data []byte) (*Policy, error) {
	if len(data) > maxDocumentBytes {
		return nil, invalid([]problem{{zh: "文件过大（上限 1 MiB）", en: "the document is too large (limit 1 MiB)"}})
	}
	var doc, extra yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, invalid([]problem{syntaxProblem(err)})
	}
	if err := dec.Decode(&extra); err != io.EOF {
		// A second document would be silently ignored; say so instead.
		pr := problem{line: extra.Line, zh: "文件只能包含一个 YAML 文档（不能有第二个 ---）", en: "the file must hold one YAML document (no second ---)"}
		if err != nil {
			pr = syntaxProblem(err)
		}
		return nil, invalid([]problem{pr})
	}
	p := Default()
	d := &decoder{lines: map[string]int{}}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root := doc.Content[0]
		if isNull(root) {
			return p, nil // a file of comments only: all defaults
		}
		d.value(root, reflect.ValueOf(p).Elem(), "")
	}
	// Checks run even after decoding errors, so one round reports every
	// problem; a value that failed to decode keeps its valid default.
	if probs := append(d.probs, check(p, d.lines)...); len(probs) > 0 {
		return nil, invalid(probs)
	}
	return p, nil
}

// problem is one thing wrong with a document.
type problem struct {
	line   int
	path   string
	zh, en string
}

type decoder struct {
	lines map[string]int // field path -> line of its key or list item
	probs []problem
}

func (d *decoder) fail(line int, path, zh, en string) {
	d.probs = append(d.probs, problem{line: line, path: path, zh: zh, en: en})
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// value decodes node n into v (addressable) at path.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		// Aliases would let a small file expand into a huge one; a policy
		// never needs them.
		d.fail(n.Line, path, "不支持锚点和别名（& 和 *）", "anchors and aliases (& and *) are not supported")
		return
	}
	if isNull(n) {
		switch v.Kind() {
		case reflect.Struct:
			return // an empty section keeps its defaults
		case reflect.Slice:
			v.SetZero()
			return
		}
		d.fail(n.Line, path, "缺少值", "the value is missing")
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(n, v, path)
	case reflect.Slice:
		d.sequence(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n.Line, path, "应为映射（键: 值）", "must be a mapping (key: value)")
		return
	}
	fields := fieldIndex(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k.Line, path, "键必须是简单文字", "keys must be plain text")
			continue
		}
		p := joinPath(path, k.Value)
		idx, ok := fields[k.Value]
		switch {
		case !ok:
			zh, en := "未知的键", "unknown key"
			if s := suggest(k.Value, fields); s != "" {
				zh += "（是否应为 " + s + "？）"
				en += " (did you mean " + s + "?)"
			}
			d.fail(k.Line, p, zh, en)
			continue
		case seen[k.Value]:
			d.fail(k.Line, p, "键重复", "duplicate key")
			continue
		}
		seen[k.Value] = true
		d.lines[p] = k.Line
		d.value(val, v.Field(idx), p)
	}
}

func (d *decoder) sequence(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n.Line, path, "应为列表", "must be a list")
		return
	}
	if len(n.Content) > maxListLen {
		d.fail(n.Line, path, "列表过长（上限 "+strconv.Itoa(maxListLen)+" 项）", "the list is too long (limit "+strconv.Itoa(maxListLen)+" items)")
		return
	}
	if len(n.Content) == 0 {
		v.SetZero() // empty and absent lists are the same: nil
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		p := indexPath(path, i)
		d.lines[p] = item.Line
		d.value(item, s.Index(i), p)
	}
	v.Set(s)
}

func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, path, "应为单个值，不能是映射或列表", "must be a single value, not a mapping or a list")
		return
	}
	tag := n.ShortTag()
	switch v.Kind() {
	case reflect.Int:
		var x int64
		if tag != "!!int" || n.Decode(&x) != nil || v.OverflowInt(x) {
			d.fail(n.Line, path, "应为整数，实际为 "+quoteValue(n.Value), "must be an integer, got "+quoteValue(n.Value))
			return
		}
		v.SetInt(x)
	case reflect.Bool:
		var b bool
		if tag != "!!bool" || n.Decode(&b) != nil {
			d.fail(n.Line, path, "应为 true 或 false，实际为 "+quoteValue(n.Value), "must be true or false, got "+quoteValue(n.Value))
			return
		}
		v.SetBool(b)
	case reflect.String:
		if tag != "!!str" {
			d.fail(n.Line, path, "应为文字（数字或布尔值请加引号），实际为 "+quoteValue(n.Value),
				"must be text (quote numbers and booleans), got "+quoteValue(n.Value))
			return
		}
		v.SetString(n.Value)
	}
}

// fieldIndex maps the YAML keys of a struct type to field indexes.
func fieldIndex(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		m[t.Field(i).Tag.Get("yaml")] = i
	}
	return m
}

// suggest returns the known key closest to a mistyped one, if close enough.
func suggest(key string, fields map[string]int) string {
	if utf8.RuneCountInString(key) > 64 {
		return ""
	}
	best, bestD := "", 4
	for k := range fields {
		if d := editDistance(key, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if bestD > 3 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// quoteValue shows an offending value in a message, shortened.
func quoteValue(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strconv.Quote(s)
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// syntaxProblem turns a YAML syntax error into a problem with its line.
func syntaxProblem(err error) problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pr := problem{zh: "YAML 语法错误：" + msg, en: "YAML syntax error: " + msg}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pr.line, _ = strconv.Atoi(m[1])
		pr.zh, pr.en = "YAML 语法错误："+m[2], "YAML syntax error: "+m[2]
	}
	return pr
}
