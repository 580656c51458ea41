package bianmin_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"19900001111", "199****1111"},
		{"", ""},
		{"1", "*"},
		{"1234567", "*******"},   // too short to keep anything
		{"12345678", "********"}, // under 11 characters showing 7 would reveal nearly all
		{"+8613812345678", "+86****5678"},
		{"010-12345678", "010****5678"},
	}
	for _, tt := range tests {
		if got := bianmin.MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"18 characters", "11010519491231002X", "110***********002X"},
		{"18 digits", "440524188001010014", "440***********0014"},
		{"lowercase x kept as given", "34052419800101001x", "340***********001x"},
		{"15 characters (GB 11643-1989)", "110105491231002", "110********1002"},
		{"8 characters", "12345678", "123*5678"},
		{"7 characters", "1234567", "*******"},
		{"one", "9", "*"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bianmin.MaskID(tt.in)
			if got != tt.want {
				t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(got) != len(tt.in) {
				t.Errorf("MaskID(%q) has %d characters, want %d", tt.in, len(got), len(tt.in))
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"one character", "张", "张"},
		{"two characters", "张三", "张*"},
		{"three characters", "张三丰", "张*丰"},
		{"four characters", "王小二明", "王**明"},
		{"compound surname, three", "欧阳修", "欧*修"},
		{"compound surname, four", "司马相如", "司**如"},
		{"compound surname, two", "诸葛", "诸*"},
		{"minority name with middle dot", "阿依古丽·买买提", "阿******提"},
		{"Latin", "Li", "L*"},
		{"Latin, longer", "Smith", "S***h"},
		{"supplementary-plane character", "𠀋一", "𠀋*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bianmin.MaskName(tt.in)
			if got != tt.want {
				t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if utf8.RuneCountInString(got) != utf8.RuneCountInString(tt.in) {
				t.Errorf("MaskName(%q) = %q changes the length", tt.in, got)
			}
		})
	}
}

// Masked output never matches the unmasked-PI scanners of SECURITY.md item 25.
var (
	idPattern     = regexp.MustCompile(`[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[\dXx]`)
	mobilePattern = regexp.MustCompile(`(^|\D)1[3-9]\d{9}($|\D)`)
)

func TestMaskedValuesAreNotPI(t *testing.T) {
	for _, id := range []string{"11010519491231002X", "440524188001010014", "320106199001010032", "110105491231002"} {
		if m := bianmin.MaskID(id); idPattern.MatchString(m) || strings.Contains(m, id[6:12]) {
			t.Errorf("MaskID(%q) = %q shows the ID or its birth date", id, m)
		}
	}
	for _, p := range []string{"13812345678", "19912345678"} {
		if !mobilePattern.MatchString(p) {
			t.Fatalf("scanner misses %q", p)
		}
		if m := bianmin.MaskPhone(p); mobilePattern.MatchString(m) {
			t.Errorf("MaskPhone(%q) = %q still matches the scanner", p, m)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func allStars(s string) bool { return strings.Trim(s, "*") == "" }

// FuzzMask checks the properties the masking functions keep for any input:
// they never panic; MaskName keeps the rune count and is valid UTF-8, keeping
// only the first and (from three runes) the last rune; MaskID keeps the
// character count and shows at most its first 3 and last 4 characters;
// MaskPhone shows the first 3 and last 4 characters of 11 or more; input too
// short to mask partially becomes all stars; output is valid UTF-8.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"", "张", "张三", "欧阳修", "司马相如", "13812345678", "11010519491231002X",
		"110105491231002", "1234567", "12345678", "\xff\xfe", "a\x00b", "张三\xff", "+8613812345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)

		name := bianmin.MaskName(s)
		if utf8.RuneCountInString(name) != n {
			t.Fatalf("MaskName(%q) = %q: %d runes, want %d", s, name, utf8.RuneCountInString(name), n)
		}
		if n >= 2 && !utf8.ValidString(name) {
			t.Fatalf("MaskName(%q) = %q is not valid UTF-8", s, name)
		}
		if n >= 2 {
			in, out := []rune(s), []rune(name)
			if out[0] != in[0] {
				t.Fatalf("MaskName(%q) = %q: first rune changed", s, name)
			}
			middle := string(out[1:])
			if n >= 3 {
				middle = string(out[1 : n-1])
				if out[n-1] != in[n-1] {
					t.Fatalf("MaskName(%q) = %q: last rune changed", s, name)
				}
			}
			if !allStars(middle) {
				t.Fatalf("MaskName(%q) = %q: middle not masked", s, name)
			}
		}

		// Masks work on characters, never on bytes, so the output stays valid UTF-8.
		r := []rune(s)
		id, phone := bianmin.MaskID(s), bianmin.MaskPhone(s)
		if n < 8 {
			if !allStars(id) || utf8.RuneCountInString(id) != n {
				t.Fatalf("MaskID(%q) = %q, want %d stars", s, id, n)
			}
		} else {
			ir := []rune(id)
			if len(ir) != n || string(ir[:3]) != string(r[:3]) || string(ir[n-4:]) != string(r[n-4:]) || !allStars(string(ir[3:n-4])) {
				t.Fatalf("MaskID(%q) = %q: want first 3, stars, last 4, same length", s, id)
			}
		}
		if n < 11 {
			if !allStars(phone) || utf8.RuneCountInString(phone) != n {
				t.Fatalf("MaskPhone(%q) = %q, want %d stars", s, phone, n)
			}
		} else if phone != string(r[:3])+"****"+string(r[n-4:]) {
			t.Fatalf("MaskPhone(%q) = %q: want first 3, four stars, last 4", s, phone)
		}
		if !utf8.ValidString(id) || !utf8.ValidString(phone) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
	})
}
