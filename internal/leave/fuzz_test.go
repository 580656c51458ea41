package leave_test

import (
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/leave"
)

// FuzzParseType: any text is a known type that reads back from its code and
// both its names, or a refusal naming the field and LV-1.
func FuzzParseType(f *testing.F) {
	for _, t := range leave.Types {
		f.Add(string(t))
		f.Add(t.Name("zh"))
		f.Add(t.Name("en"))
	}
	for _, s := range []string{"", " ", " SICK ", "病假 ", "\x00", "sick\x00", "ＳＩＣＫ", "事假事假"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := leave.ParseType(s)
		if err != nil {
			e := bianmin.AsError(err)
			if got != "" || e.Field != "type" || e.Rule != "LV-1" || e.Code != bianmin.EINVALID {
				t.Fatalf("ParseType(%q) = %q, %+v", s, got, e)
			}
			return
		}
		if !got.Valid() {
			t.Fatalf("ParseType(%q) = unknown %q", s, got)
		}
		for _, back := range []string{string(got), got.Name("zh"), got.Name("en")} {
			if again, err := leave.ParseType(back); err != nil || again != got {
				t.Fatalf("ParseType(%q) = %q, but %q reads as %q, %v", s, got, back, again, err)
			}
		}
	})
}
