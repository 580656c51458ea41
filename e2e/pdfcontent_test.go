package e2e

import (
	"bytes"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf16"
)

// The content-stream side of the PDF text reader: a lexer for the operators
// and operands of a page, and the few text operators that put glyphs on it.

type pdfTokKind int

const (
	pdfNum pdfTokKind = iota
	pdfName
	pdfStr
	pdfOp
	pdfArray
	pdfDict
)

type pdfTok struct {
	kind  pdfTokKind
	s     string   // a name or operator; the raw bytes of a string
	items []pdfTok // the elements of an array or the keys and values of a dictionary
}

type pdfLexer struct {
	b []byte
	i int
}

const pdfDelims = "()<>[]{}/%"

func isPDFSpace(c byte) bool { return strings.IndexByte("\x00\t\n\f\r ", c) >= 0 }

// value reads the next operand or operator, arrays and dictionaries whole.
func (lx *pdfLexer) value() (pdfTok, bool) {
	for lx.i < len(lx.b) {
		c := lx.b[lx.i]
		switch {
		case isPDFSpace(c):
			lx.i++
		case c == '%':
			for lx.i < len(lx.b) && lx.b[lx.i] != '\n' && lx.b[lx.i] != '\r' {
				lx.i++
			}
		case c == '/':
			lx.i++
			return pdfTok{kind: pdfName, s: lx.word()}, true
		case c == '(':
			return pdfTok{kind: pdfStr, s: lx.literal()}, true
		case bytes.HasPrefix(lx.b[lx.i:], []byte("<<")):
			lx.i += 2
			return pdfTok{kind: pdfDict, items: lx.until(">>")}, true
		case c == '<':
			return pdfTok{kind: pdfStr, s: lx.hexString()}, true
		case c == '[':
			lx.i++
			return pdfTok{kind: pdfArray, items: lx.until("]")}, true
		case strings.IndexByte(pdfDelims, c) >= 0: // a stray closing delimiter or brace
			lx.i++
		default:
			w := lx.word()
			if _, err := strconv.ParseFloat(w, 64); err == nil {
				return pdfTok{kind: pdfNum, s: w}, true
			}
			return pdfTok{kind: pdfOp, s: w}, true
		}
	}
	return pdfTok{}, false
}

// until reads values up to the closing delimiter.
func (lx *pdfLexer) until(end string) []pdfTok {
	var out []pdfTok
	for {
		for lx.i < len(lx.b) && isPDFSpace(lx.b[lx.i]) {
			lx.i++
		}
		if lx.i >= len(lx.b) || bytes.HasPrefix(lx.b[lx.i:], []byte(end)) {
			lx.i = min(len(lx.b), lx.i+len(end))
			return out
		}
		t, ok := lx.value()
		if !ok {
			return out
		}
		out = append(out, t)
	}
}

func (lx *pdfLexer) word() string {
	start := lx.i
	for lx.i < len(lx.b) && !isPDFSpace(lx.b[lx.i]) && strings.IndexByte(pdfDelims, lx.b[lx.i]) < 0 {
		lx.i++
	}
	return string(lx.b[start:lx.i])
}

func (lx *pdfLexer) hexString() string {
	end := bytes.IndexByte(lx.b[lx.i:], '>')
	if end < 0 {
		end = len(lx.b) - lx.i
	}
	digits := strings.Map(func(r rune) rune {
		if isPDFSpace(byte(r)) {
			return -1
		}
		return r
	}, string(lx.b[lx.i+1:lx.i+end]))
	lx.i += end + 1
	if len(digits)%2 == 1 {
		digits += "0"
	}
	b, _ := hex.DecodeString(digits)
	return string(b)
}

// literal reads a (string) with its escapes.
func (lx *pdfLexer) literal() string {
	end := literalEnd(lx.b, lx.i)
	raw := lx.b[lx.i+1 : max(lx.i+1, end-1)]
	lx.i = end
	var b []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 == len(raw) {
			b = append(b, raw[i])
			continue
		}
		i++
		switch c := raw[i]; {
		case c >= '0' && c <= '7':
			j := i
			for j < len(raw) && j < i+3 && raw[j] >= '0' && raw[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(string(raw[i:j]), 8, 8)
			b = append(b, byte(n))
			i = j - 1
		case c == '\n' || c == '\r':
		default:
			if e, ok := pdfEscapes[c]; ok {
				c = e
			}
			b = append(b, c)
		}
	}
	return string(b)
}

var pdfEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}

// showText runs a page's text operators: Tf chooses the font; Tj, TJ, '
// and " show strings. A marked span with ActualText (how Skia marks a glyph
// whose font maps it to a look-alike code point) gives its text instead of
// its glyphs.
func showText(content []byte, fonts map[string]*pdfFont) string {
	var out strings.Builder
	var font *pdfFont
	var ops []pdfTok
	var spans []bool // open marked-content sequences: true when it carries ActualText
	replaced := 0
	show := func(t pdfTok) {
		if t.kind == pdfStr && font != nil && replaced == 0 {
			out.WriteString(font.decode([]byte(t.s)))
		}
	}
	lx := &pdfLexer{b: content}
	for {
		t, ok := lx.value()
		if !ok {
			break
		}
		if t.kind != pdfOp {
			ops = append(ops, t)
			continue
		}
		switch t.s {
		case "Tf":
			if len(ops) >= 2 && ops[len(ops)-2].kind == pdfName {
				font = fonts[ops[len(ops)-2].s]
			}
		case "Tj", "'", `"`:
			if len(ops) > 0 {
				show(ops[len(ops)-1])
			}
		case "TJ":
			if len(ops) > 0 {
				for _, it := range ops[len(ops)-1].items {
					show(it)
				}
			}
		case "BDC":
			actual := actualText(ops)
			spans = append(spans, actual != "")
			if actual != "" {
				if replaced == 0 {
					out.WriteString(actual)
				}
				replaced++
			}
		case "BMC":
			spans = append(spans, false)
		case "EMC":
			if n := len(spans); n > 0 {
				if spans[n-1] {
					replaced--
				}
				spans = spans[:n-1]
			}
		case "ET":
			out.WriteByte(' ')
		}
		ops = ops[:0]
	}
	return out.String()
}

// actualText is the ActualText of a BDC's property dictionary, or "".
func actualText(ops []pdfTok) string {
	for _, op := range ops {
		for i := 0; op.kind == pdfDict && i+1 < len(op.items); i++ {
			if op.items[i].kind == pdfName && op.items[i].s == "ActualText" && op.items[i+1].kind == pdfStr {
				return textString(op.items[i+1].s)
			}
		}
	}
	return ""
}

// textString decodes a PDF text string: UTF-16BE after a byte-order mark,
// otherwise one byte per character.
func textString(s string) string {
	if !strings.HasPrefix(s, "\xFE\xFF") {
		return s
	}
	b := []byte(s[2:])
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
