package bianmin_test

import (
	"testing"

	"bianmin/internal/bianmin"
)

// Vectors of STANDARDS.md R7.2a (valid) and R7.2b (legal pilot codes that
// fail the checksum: warn, do not reject).
func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		code              string
		wellFormed, sumOK bool
	}{
		{"91350100M000100Y43", true, true},
		{"11100000000013338W", true, true},
		{"12100000400000624D", true, true},
		{"91110000600037341L", true, true},
		{"52100000500021112P", true, true},
		{"91350100M0001TGQXM", true, false},
		{"91350211M0000XUF46", true, false},
		{"91350203M0001FUE2P", true, false},
		{"91350100m000100y43", true, true}, // lower case accepted
		{"91350100M000100Y4", false, false},
		{"91350100M000100YI3", false, false}, // I is not in the charset
		{"9135A100M000100Y43", false, false}, // area code must be digits
		{"", false, false},
	}
	for _, tt := range tests {
		wf, ok := bianmin.CheckCreditCode(tt.code)
		if wf != tt.wellFormed || ok != tt.sumOK {
			t.Errorf("CheckCreditCode(%q) = %v, %v; want %v, %v", tt.code, wf, ok, tt.wellFormed, tt.sumOK)
		}
	}
}

// Vectors of STANDARDS.md R7.1a, plus the 15-digit conversion of R7.1.
func TestNormalizeIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"440524188001010014", "440524188001010014"},
		{"34052419800101001X", "34052419800101001X"},
		{"340524198001010013", ""}, // wrong check character
		{"11010119900307803X", "11010119900307803X"},
		{"320106199001010032", "320106199001010032"},
		{"110105491231002", "11010519491231002X"}, // 15 digits: insert 19, compute check
		{"110105199002301234", ""},                // 30 February
		{"010105194912310021", ""},                // no area code starts with 0
		{"1101051949123100", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := bianmin.NormalizeIDNumber(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("NormalizeIDNumber(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func FuzzNormalizeIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := bianmin.NormalizeIDNumber(s)
		if !ok {
			return
		}
		again, ok2 := bianmin.NormalizeIDNumber(got)
		if !ok2 || again != got || len(got) != 18 {
			t.Fatalf("NormalizeIDNumber(%q) = %q not stable (%q, %v)", s, got, again, ok2)
		}
	})
}
