package policy

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

const header = `bianmin 策略文件 / policy document
每个值后的注释是其规则编号和出处（DOMAIN.md、STANDARDS.md、SECURITY.md、seeds/）。
The comment after each value names its rule ID and source (DOMAIN.md, STANDARDS.md, SECURITY.md, seeds/).
省略的键取默认值 / Keys left out take their defaults.`

// Marshal writes p as a complete policy document: every section and value,
// each value with a line comment naming its rule ID and source and a head
// comment describing it. Parse reads the output back unchanged.
func Marshal(p *Policy) ([]byte, error) {
	root := mappingNode(reflect.ValueOf(p).Elem(), meta{}, false)
	root.HeadComment = header
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("policy: marshal: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("policy: marshal: %w", err)
	}
	return buf.Bytes(), nil
}

// mappingNode renders a struct. Inside list elements (compact) fields get
// only a line comment, so that list items stay short.
func mappingNode(v reflect.Value, parent meta, compact bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	t := v.Type()
	for i := range t.NumField() {
		own := metaOf(t.Field(i))
		m := own.under(parent)
		fv := v.Field(i)
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.Key}
		if !compact {
			key.HeadComment = own.ZH + "\n" + own.EN
		}
		var val *yaml.Node
		switch {
		case fv.Kind() == reflect.Struct:
			val = mappingNode(fv, m, compact)
			if m.Rule != "" {
				key.LineComment = ruleComment(m)
			}
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			val = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			if !compact {
				key.HeadComment += elementHelp(fv.Type().Elem())
			}
			for j := range fv.Len() {
				val.Content = append(val.Content, mappingNode(fv.Index(j), m, true))
			}
			if fv.Len() == 0 {
				val.Style = yaml.FlowStyle
				val.LineComment = ruleComment(m)
			} else {
				key.LineComment = ruleComment(m)
			}
		default:
			val = scalarNode(fv)
			val.LineComment = ruleComment(m)
		}
		n.Content = append(n.Content, key, val)
	}
	return n
}

func ruleComment(m meta) string { return m.Rule + " · " + m.Src }

// elementHelp describes the fields of a list's elements once, above the
// list, instead of on every item.
func elementHelp(t reflect.Type) string {
	var b strings.Builder
	for i := range t.NumField() {
		m := metaOf(t.Field(i))
		b.WriteString("\n  " + m.Key + ": " + m.ZH + " / " + m.EN)
	}
	return b.String()
}

// scalarNode renders a leaf: a scalar, or a flow list of scalars.
func scalarNode(v reflect.Value) *yaml.Node {
	switch v.Kind() {
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for i := range v.Len() {
			n.Content = append(n.Content, scalarNode(v.Index(i)))
		}
		return n
	case reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}
	case reflect.String:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.String()}
		if v.Type() != reflect.TypeFor[string]() {
			n.Style = yaml.DoubleQuotedStyle // times, dates and lengths read better quoted
		}
		return n
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}
}
