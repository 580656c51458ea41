package e2e

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// A small reader of the text of the PDFs Chromium prints, so a test can
// check what is on paper. Chromium (Skia) embeds CJK glyphs in subset fonts
// whose codes mean nothing by themselves; the text comes back through each
// font's ToUnicode map and the ActualText of marked spans, as a PDF viewer's
// copy-and-paste would. It reads the classic layout Skia writes (objects
// with direct stream lengths, FlateDecode, a page tree), not every PDF.

type pdfDoc struct{ Pages []pdfPage }

type pdfPage struct {
	Width, Height float64 // points, from the MediaBox
	Text          string
}

// Text is the text of every page, a page per line.
func (d *pdfDoc) Text() string {
	var parts []string
	for _, p := range d.Pages {
		parts = append(parts, p.Text)
	}
	return strings.Join(parts, "\n")
}

type pdfObj struct {
	dict   []byte // the dictionary (or the whole body of a non-dictionary object)
	stream []byte // the decoded stream, nil when there is none
}

var (
	pdfObjStart = regexp.MustCompile(`(\d+) 0 obj\s*`)
	pdfStream   = regexp.MustCompile(`^\s*stream\r?\n`)
	pdfLength   = regexp.MustCompile(`/Length (\d+)[\s/>]`)
	pdfRef      = regexp.MustCompile(`(\d+) 0 R`)
)

// parsePDF reads the objects in file order, skipping each stream by its
// length, then walks the page tree from the catalogue.
func parsePDF(data []byte) (*pdfDoc, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")) {
		return nil, errors.New("not a complete PDF file")
	}
	objs := map[int]*pdfObj{}
	for pos := 0; ; {
		m := pdfObjStart.FindSubmatchIndex(data[pos:])
		if m == nil {
			break
		}
		num, _ := strconv.Atoi(string(data[pos+m[2] : pos+m[3]]))
		o, n, err := readObj(data[pos+m[1]:])
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", num, err)
		}
		objs[num] = o
		pos += m[1] + n
	}
	var root *pdfObj
	for _, o := range objs {
		if bytes.Contains(o.dict, []byte("/Type /Catalog")) {
			root = o
		}
	}
	if root == nil {
		return nil, errors.New("no catalogue")
	}
	doc := &pdfDoc{}
	if err := doc.walk(objs, refAfter(root.dict, "/Pages"), 0); err != nil {
		return nil, err
	}
	return doc, nil
}

// readObj reads one object's body and returns how many bytes it took.
func readObj(b []byte) (*pdfObj, int, error) {
	end := bytes.Index(b, []byte("endobj"))
	if !bytes.HasPrefix(b, []byte("<<")) {
		if end < 0 {
			return nil, 0, errors.New("no endobj")
		}
		return &pdfObj{dict: b[:end]}, end + 6, nil
	}
	o := &pdfObj{dict: b[:dictEnd(b)]}
	rest := b[len(o.dict):]
	sm := pdfStream.FindIndex(rest)
	if sm == nil {
		return o, len(o.dict), nil
	}
	lm := pdfLength.FindSubmatch(o.dict)
	if lm == nil {
		return nil, 0, errors.New("stream without a direct length")
	}
	n, _ := strconv.Atoi(string(lm[1]))
	start := len(o.dict) + sm[1]
	if start+n > len(b) {
		return nil, 0, errors.New("stream runs past the end of the file")
	}
	raw := b[start : start+n]
	o.stream = raw
	if bytes.Contains(o.dict, []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, 0, err
		}
		if o.stream, err = io.ReadAll(zr); err != nil {
			return nil, 0, err
		}
	}
	return o, start + n, nil
}

// dictEnd is the length of the dictionary b starts with, nested ones and
// strings included.
func dictEnd(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '(':
			i = literalEnd(b, i) - 1
		case bytes.HasPrefix(b[i:], []byte("<<")):
			depth++
			i++
		case bytes.HasPrefix(b[i:], []byte(">>")):
			depth--
			i++
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(b)
}

// literalEnd is the index after the literal string that starts at b[i].
func literalEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(b)
}

// refAfter is the object number of the reference that follows key, or -1.
func refAfter(dict []byte, key string) int {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s+(\d+) 0 R`).FindSubmatch(dict)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// refsAfter lists the references of key: one, or an array of them.
func refsAfter(dict []byte, key string) []int {
	if n := refAfter(dict, key); n >= 0 {
		return []int{n}
	}
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s*\[([^\]]*)\]`).FindSubmatch(dict)
	if m == nil {
		return nil
	}
	var out []int
	for _, r := range pdfRef.FindAllSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		out = append(out, n)
	}
	return out
}

func (d *pdfDoc) walk(objs map[int]*pdfObj, num, depth int) error {
	o := objs[num]
	if o == nil || depth > 32 {
		return fmt.Errorf("page tree: object %d missing", num)
	}
	if bytes.Contains(o.dict, []byte("/Type /Pages")) {
		for _, kid := range refsAfter(o.dict, "/Kids") {
			if err := d.walk(objs, kid, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	p, err := readPage(objs, o)
	if err != nil {
		return err
	}
	d.Pages = append(d.Pages, p)
	return nil
}

var pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)

func readPage(objs map[int]*pdfObj, o *pdfObj) (pdfPage, error) {
	var p pdfPage
	if m := pdfMediaBox.FindSubmatch(o.dict); m != nil {
		f := func(i int) float64 { v, _ := strconv.ParseFloat(string(m[i]), 64); return v }
		p.Width, p.Height = f(3)-f(1), f(4)-f(2)
	}
	fonts, err := pageFonts(objs, o.dict)
	if err != nil {
		return p, err
	}
	var content []byte
	for _, c := range refsAfter(o.dict, "/Contents") {
		if objs[c] == nil {
			return p, fmt.Errorf("content stream %d missing", c)
		}
		content = append(append(content, objs[c].stream...), '\n')
	}
	p.Text = showText(content, fonts)
	return p, nil
}

// pdfFont turns a shown string into text: codes of one byte (simple and
// Type3 fonts) or two (Type0), through the font's ToUnicode map.
type pdfFont struct {
	width int
	uni   map[int]string
}

var pdfFontEntry = regexp.MustCompile(`/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R`)

// pageFonts maps the page's font resource names to their fonts.
func pageFonts(objs map[int]*pdfObj, page []byte) (map[string]*pdfFont, error) {
	res := page
	if n := refAfter(page, "/Resources"); n >= 0 && objs[n] != nil {
		res = objs[n].dict
	}
	var fontDict []byte
	if n := refAfter(res, "/Font"); n >= 0 && objs[n] != nil {
		fontDict = objs[n].dict
	} else if i := bytes.Index(res, []byte("/Font")); i >= 0 {
		rest := bytes.TrimLeft(res[i+5:], " \r\n")
		fontDict = rest[:dictEnd(rest)]
	}
	fonts := map[string]*pdfFont{}
	for _, m := range pdfFontEntry.FindAllSubmatch(fontDict, -1) {
		n, _ := strconv.Atoi(string(m[2]))
		fo := objs[n]
		if fo == nil {
			return nil, fmt.Errorf("font %d missing", n)
		}
		f := &pdfFont{width: 1, uni: map[int]string{}}
		if bytes.Contains(fo.dict, []byte("/Subtype /Type0")) {
			f.width = 2
		}
		if tu := refAfter(fo.dict, "/ToUnicode"); tu >= 0 && objs[tu] != nil {
			readCMap(objs[tu].stream, f.uni)
		}
		fonts[string(m[1])] = f
	}
	return fonts, nil
}

var (
	pdfBfChar  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	pdfBfRange = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	pdfHexPair = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pdfRange   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])`)
	pdfHex     = regexp.MustCompile(`<([0-9A-Fa-f]+)>`)
)

// readCMap reads the bfchar and bfrange sections of a ToUnicode CMap.
func readCMap(cmap []byte, uni map[int]string) {
	for _, block := range pdfBfChar.FindAllSubmatch(cmap, -1) {
		for _, m := range pdfHexPair.FindAllSubmatch(block[1], -1) {
			uni[hexInt(m[1])] = utf16Hex(m[2])
		}
	}
	for _, block := range pdfBfRange.FindAllSubmatch(cmap, -1) {
		for _, m := range pdfRange.FindAllSubmatch(block[1], -1) {
			lo, hi := hexInt(m[1]), hexInt(m[2])
			if m[3][0] == '[' {
				for i, d := range pdfHex.FindAllSubmatch(m[3], -1) {
					uni[lo+i] = utf16Hex(d[1])
				}
				continue
			}
			units := utf16Units(bytes.Trim(m[3], "<>"))
			for c := lo; c <= hi && len(units) > 0; c++ {
				uni[c] = string(utf16.Decode(units))
				units[len(units)-1]++
			}
		}
	}
}

func hexInt(h []byte) int {
	n, _ := strconv.ParseUint(string(h), 16, 32)
	return int(n)
}

func utf16Units(h []byte) []uint16 {
	b, _ := hex.DecodeString(string(h))
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, binary.BigEndian.Uint16(b[i:]))
	}
	return u
}

func utf16Hex(h []byte) string { return string(utf16.Decode(utf16Units(h))) }

// decode maps the codes of a shown string to text.
func (f *pdfFont) decode(s []byte) string {
	var b strings.Builder
	for i := 0; i+f.width <= len(s); i += f.width {
		code := int(s[i])
		if f.width == 2 {
			code = int(binary.BigEndian.Uint16(s[i:]))
		}
		if t, ok := f.uni[code]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}
