package catalogio

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
)

// listSep is the separator of list cells typed by hand (full-width semicolon).
const listSep = "；"

// joinList writes a list into one cell, separated by sep ("\n" or "；").
// When that form would not read back as the same list (an element holding
// the separator, a newline, surrounding spaces, or nothing at all), the cell
// holds the list as a JSON array instead, which reads back exactly.
func joinList(xs []string, sep string) string {
	if len(xs) == 0 {
		return ""
	}
	plain := strings.Join(xs, sep)
	if got, ok := splitList(plain); ok && slices.Equal(got, xs) {
		return plain
	}
	return jsonText(xs)
}

// splitList reads a list cell: a JSON array of strings, or elements on
// separate lines, or (on one line) separated by "；". Elements are trimmed
// and empty ones dropped. ok is false for a cell that starts like a JSON
// array but is not one.
func splitList(s string) ([]string, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, true
	}
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		var xs []string
		if err := json.Unmarshal([]byte(t), &xs); err != nil {
			return nil, false
		}
		if len(xs) == 0 {
			return nil, true
		}
		return xs, true
	}
	var parts []string
	if strings.ContainsAny(t, "\r\n") {
		parts = strings.FieldsFunc(t, func(r rune) bool { return r == '\n' || r == '\r' })
	} else {
		parts = strings.Split(t, listSep)
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, true
}

// FAQ cells hold "问：…" and "答：…" lines; a line without either prefix
// continues the question or answer above it.
const (
	faqQ = "问："
	faqA = "答："
)

// joinFAQ writes the questions and answers as 问/答 lines, or as a JSON array
// of {"q","a"} when the lines would not read back exactly.
func joinFAQ(faq []bianmin.FAQ) string {
	if len(faq) == 0 {
		return ""
	}
	var b strings.Builder
	for i, f := range faq {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(faqQ + f.Q + "\n" + faqA + f.A)
	}
	plain := b.String()
	if got, ok := splitFAQ(plain); ok && slices.Equal(got, faq) {
		return plain
	}
	return jsonText(faq)
}

// splitFAQ reads an FAQ cell written by joinFAQ or by hand (ASCII colons
// accepted). ok is false when text comes before the first question, a
// question has no answer, or a JSON array is malformed.
func splitFAQ(s string) ([]bianmin.FAQ, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, true
	}
	if strings.HasPrefix(t, "[") {
		var faq []bianmin.FAQ
		if err := json.Unmarshal([]byte(t), &faq); err != nil {
			return nil, false
		}
		if len(faq) == 0 {
			return nil, true
		}
		return faq, true
	}
	var out []bianmin.FAQ
	answered := false // the last question has its 答 line
	for _, line := range strings.Split(strings.ReplaceAll(t, "\r\n", "\n"), "\n") {
		n := len(out) - 1
		switch {
		case hasPrefix(line, "问"):
			if n >= 0 && !answered {
				return nil, false
			}
			out = append(out, bianmin.FAQ{Q: cutPrefix(line)})
			answered = false
		case n < 0:
			return nil, false
		case hasPrefix(line, "答") && !answered:
			out[n].A, answered = cutPrefix(line), true
		case answered:
			out[n].A += "\n" + line
		default:
			out[n].Q += "\n" + line
		}
	}
	if !answered {
		return nil, false
	}
	for i := range out {
		out[i].Q, out[i].A = strings.TrimSpace(out[i].Q), strings.TrimSpace(out[i].A)
	}
	return out, true
}

// hasPrefix reports whether line starts with word (问 or 答) and a colon.
func hasPrefix(line, word string) bool {
	return strings.HasPrefix(line, word+"：") || strings.HasPrefix(line, word+":")
}

// cutPrefix drops the leading 问 or 答 (one three-byte rune) and its colon.
func cutPrefix(line string) string {
	rest := line[len("问"):]
	if r, ok := strings.CutPrefix(rest, "："); ok {
		return r
	}
	return strings.TrimPrefix(rest, ":")
}

// jsonText marshals without HTML escaping, so Chinese and < > & stay readable.
func jsonText(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}
