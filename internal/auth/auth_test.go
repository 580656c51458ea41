package auth_test

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/auth"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPasswordPHCFormat_Item2(t *testing.T) {
	h, err := auth.HashPassword("Kx7-fernTable")
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h) {
		t.Fatalf("hash %q is not an argon2id PHC string with t=2, m=19 MiB, p=1", h)
	}
	h2, _ := auth.HashPassword("Kx7-fernTable")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt is not random")
	}
}

func TestVerifyPassword(t *testing.T) {
	h, err := auth.HashPassword("Kx7-fernTable")
	if err != nil {
		t.Fatal(err)
	}
	if !auth.VerifyPassword(h, "Kx7-fernTable") {
		t.Error("correct password rejected")
	}
	for _, wrong := range []string{"kx7-fernTable", "Kx7-fernTable ", ""} {
		if auth.VerifyPassword(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	// A tampered or foreign hash never matches, and huge parameters are refused
	// before any work is done.
	for _, bad := range []string{"", "plain", strings.Replace(h, "argon2id", "argon2i", 1),
		strings.Replace(h, "m=19456", "m=99999999", 1), h[:len(h)-4]} {
		if auth.VerifyPassword(bad, "Kx7-fernTable") {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestHashesAreBoundedAndConcurrentSafe(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			if _, err := auth.HashPassword("Kx7-fernTable"); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDummyVerifyTakesAboutAsLongAsVerify_Item3(t *testing.T) {
	h, _ := auth.HashPassword("Kx7-fernTable")
	auth.DummyVerify() // first call computes the dummy hash
	start := time.Now()
	auth.VerifyPassword(h, "wrong")
	real := time.Since(start)
	start = time.Now()
	auth.DummyVerify()
	d := time.Since(start)
	if d < real/3 {
		t.Errorf("DummyVerify took %v, VerifyPassword %v: unknown users would be told apart by timing", d, real)
	}
}

func TestNewToken_Item36(t *testing.T) {
	tok, hash := auth.NewToken()
	if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
		t.Errorf("token %q is not 32 bytes of unpadded base64url", tok)
	}
	if len(hash) != 64 || hash != auth.TokenHash(tok) || strings.Contains(hash, tok) {
		t.Errorf("hash %q is not the hex SHA-256 of the token", hash)
	}
	tok2, _ := auth.NewToken()
	if tok == tok2 {
		t.Error("two tokens are equal")
	}
}

func TestCheckPasswordRules_Item2(t *testing.T) {
	r := auth.Rules{MinLength: 12, MinClasses: 3}
	cases := []struct {
		name, pw string
		personal []string
		wantEN   string // part of the expected message; "" = accepted
	}{
		{"ok three classes", "Kx7-fernTable", nil, ""},
		{"ok lower upper digit", "Fern7Table9Kx", nil, ""},
		{"ok chinese counts as other", "fern7桌子Table", nil, ""},
		{"too short", "Kx7-fern", nil, "at least 12 characters"},
		{"too long", strings.Repeat("Kx7-", 33), nil, "at most 128"},
		{"two classes", "fernTableKxyz", nil, "at least 3 of"},
		{"contains username", "Zhangsan-Kx7!", []string{"zhangsan"}, "username"},
		{"contains username any case", "kx7!ZHANGSAN", []string{"ZhangSan"}, "username"},
		{"contains phone", "Kx-13812345678", []string{"", "13812345678"}, "phone"},
		{"short username ignored", "Li-fern7Table", []string{"li"}, ""},
		{"common with suffix", "Password2024!", nil, "too common"},
		{"pinyin love phrase", "Woaini1314!!", nil, "too common"},
		{"pinyin name", "Zhangwei@2024", nil, "too common"},
		{"keyboard walk", "1qaz2wsx3EDC!", nil, "too common"},
		{"keyboard walk inside", "Kx!qwertyFern7", nil, "too common"},
		{"number run", "Fern-7-123456Kx", nil, "too common"},
		{"repeated run", "Fern-aaaaaa-7K", nil, "too common"},
		{"default admin", "Admin@123", nil, "too common"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := auth.CheckPasswordRules(c.pw, r, c.personal...)
			if c.wantEN == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted, want %q", c.wantEN)
			}
			if err.Field != "password" {
				t.Errorf("field %q, want password", err.Field)
			}
			var all []string
			for _, d := range err.Details {
				all = append(all, d.EN+" / "+d.ZH)
			}
			if !strings.Contains(strings.Join(all, "\n"), c.wantEN) {
				t.Errorf("messages %q do not mention %q", all, c.wantEN)
			}
		})
	}
}

func TestRulesExpired_Item2(t *testing.T) {
	r := auth.Rules{MaxAgeDays: 90}
	set := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.Expired(set, set.Add(90*24*time.Hour-time.Second)) {
		t.Error("expired a day early")
	}
	if !r.Expired(set, set.Add(90*24*time.Hour)) {
		t.Error("not expired after 90 days")
	}
	if (auth.Rules{}).Expired(set, set.AddDate(10, 0, 0)) {
		t.Error("MaxAgeDays 0 must mean no expiry")
	}
}
