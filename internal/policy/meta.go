package policy

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// meta is what the struct tags say about one field.
type meta struct {
	Key, Rule, Src, ZH, EN, Enum string
	Min, Max                     *int
}

func metaOf(f reflect.StructField) meta {
	m := meta{
		Key:  f.Tag.Get("yaml"),
		Rule: f.Tag.Get("rule"),
		Src:  f.Tag.Get("src"),
		ZH:   f.Tag.Get("zh"),
		EN:   f.Tag.Get("en"),
		Enum: f.Tag.Get("enum"),
	}
	if s, ok := f.Tag.Lookup("min"); ok {
		n, _ := strconv.Atoi(s)
		m.Min = &n
	}
	if s, ok := f.Tag.Lookup("max"); ok {
		n, _ := strconv.Atoi(s)
		m.Max = &n
	}
	return m
}

// under completes the metadata of a part of a parameter (a list element's
// field, a mask's count) from the parameter: a session's start cites the
// rule of the sessions it is in. Fields with their own rule keep theirs.
func (m meta) under(parent meta) meta {
	if m.Rule != "" || parent.Rule == "" {
		return m
	}
	m.Rule, m.Src = parent.Rule, parent.Src
	m.ZH = parent.ZH + " · " + m.ZH
	m.EN = parent.EN + " · " + m.EN
	return m
}

// enumValues returns the allowed values of an enum tag: "a|b|c" or the name
// of a shared set ("@roles", "@sanctions").
func (m meta) enumValues() []string {
	switch m.Enum {
	case "":
		return nil
	case "@roles":
		return approverRoles
	case "@sanctions":
		return sanctionCodes
	}
	return strings.Split(m.Enum, "|")
}

// Param is one leaf of a policy: its path, its value as YAML text, the rule
// ID and seed source it implements, and what it means.
type Param struct {
	Path   string `json:"path"`   // e.g. "security.idle_timeout_minutes", "leave.approval_ladder[1].written"
	Value  string `json:"value"`  // YAML text: 15, true, 08:00, [4, 5], "" for empty text
	Rule   string `json:"rule"`   // DOMAIN.md / STANDARDS.md rule ID or the SECURITY.md indicator
	Source string `json:"source"` // seed file and section, or the standard
	DescZH string `json:"desc_zh"`
	DescEN string `json:"desc_en"`
}

// Params lists every leaf of p in document order. An empty list is one leaf
// with the value [], so that every parameter shows even when unused.
func Params(p *Policy) []Param {
	var out []Param
	walk(reflect.ValueOf(p).Elem(), "", meta{}, func(path string, v reflect.Value, m meta) {
		out = append(out, Param{Path: path, Value: valueText(v), Rule: m.Rule, Source: m.Src, DescZH: m.ZH, DescEN: m.EN})
	})
	return out
}

// walk calls leaf for every leaf under v (a struct), with its path and
// metadata.
func walk(v reflect.Value, path string, parent meta, leaf func(string, reflect.Value, meta)) {
	t := v.Type()
	for i := range t.NumField() {
		m := metaOf(t.Field(i)).under(parent)
		fv := v.Field(i)
		p := joinPath(path, m.Key)
		switch {
		case fv.Kind() == reflect.Struct:
			walk(fv, p, m, leaf)
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			if fv.Len() == 0 {
				leaf(p, fv, m)
			}
			for j := range fv.Len() {
				walk(fv.Index(j), indexPath(p, j), m, leaf)
			}
		default:
			leaf(p, fv, m)
		}
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// valueText renders a leaf as YAML text, the way Marshal writes it.
func valueText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range v.Len() {
			parts[i] = valueText(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.String:
		if v.String() == "" {
			return `""`
		}
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return strconv.FormatInt(v.Int(), 10)
}

// staticMetas maps every field path of the Policy type, list indexes written
// as "[]", to its metadata (inherited inside lists), for the rule ID of a
// problem found while decoding.
var staticMetas = func() map[string]meta {
	out := map[string]meta{}
	var walkType func(t reflect.Type, path string, parent meta)
	walkType = func(t reflect.Type, path string, parent meta) {
		for i := range t.NumField() {
			f := t.Field(i)
			m := metaOf(f).under(parent)
			p := joinPath(path, m.Key)
			out[p] = m
			switch {
			case f.Type.Kind() == reflect.Struct:
				walkType(f.Type, p, m)
			case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
				walkType(f.Type.Elem(), p+"[]", m)
			}
		}
	}
	walkType(reflect.TypeFor[Policy](), "", meta{})
	return out
}()

var indexRE = regexp.MustCompile(`\[\d+\]`)

// ruleOf returns the rule ID of a field path, or of its nearest enclosing
// field that has one.
func ruleOf(path string) string {
	for p := indexRE.ReplaceAllString(path, "[]"); p != ""; p = parentPath(p) {
		if m, ok := staticMetas[strings.TrimSuffix(p, "[]")]; ok && m.Rule != "" {
			return m.Rule
		}
	}
	return ""
}
