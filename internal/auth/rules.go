package auth

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

// Rules mirrors the password numbers of the security policy (SECURITY.md
// item 2). The service fills it from the centre's effective policy.
type Rules struct {
	MinLength  int // characters (runes); 等保 profile default 12
	MinClasses int // of 4: lower, upper, digit, other; default 3
	MaxAgeDays int // forced change after this many days; 0 = never
	History    int // the last N passwords may not be reused
}

// MaxLength bounds a password so that one request cannot feed megabytes to
// argon2; 128 is far above any passphrase people type.
const MaxLength = 128

// minPersonalLen is the shortest personal string looked for inside a
// password: a two-letter username such as "li" would otherwise forbid most
// English words.
const minPersonalLen = 3

// CheckPasswordRules checks pw against the complexity rules of SECURITY.md
// item 2: length, character classes, no personal data (username, phone, ID
// number, compared case-insensitively) and not a common password. It returns
// nil or an EINVALID error on field "password" whose Details list every
// broken rule.
func CheckPasswordRules(pw string, r Rules, personal ...string) *bianmin.Error {
	var v bianmin.Validation
	n := utf8.RuneCountInString(pw)
	if n < r.MinLength {
		v.Add("password", fmt.Sprintf("密码至少需要 %d 个字符。", r.MinLength),
			fmt.Sprintf("The password needs at least %d characters.", r.MinLength))
	}
	if n > MaxLength {
		v.Add("password", fmt.Sprintf("密码不能超过 %d 个字符。", MaxLength),
			fmt.Sprintf("The password may have at most %d characters.", MaxLength))
	}
	if classes(pw) < r.MinClasses {
		v.Add("password", fmt.Sprintf("密码须包含大写字母、小写字母、数字、符号中的至少 %d 类。", r.MinClasses),
			fmt.Sprintf("The password needs at least %d of: upper-case letters, lower-case letters, digits, symbols.", r.MinClasses))
	}
	if containsPersonal(pw, personal) {
		v.Add("password", "密码不能包含用户名、手机号码或证件号码。",
			"The password must not contain the username, phone number or ID number.")
	}
	if IsCommonPassword(pw) {
		v.Add("password", "该密码过于常见，容易被猜中，请换一个。",
			"This password is too common and easy to guess; choose another.")
	}
	return bianmin.AsError(v.Err())
}

// Expired reports whether a password set at changedAt must be changed at now
// (SECURITY.md item 2: forced change after MaxAgeDays).
func (r Rules) Expired(changedAt, now time.Time) bool {
	if r.MaxAgeDays <= 0 {
		return false
	}
	return !now.Before(changedAt.Add(time.Duration(r.MaxAgeDays) * 24 * time.Hour))
}

// classes counts the character classes present: lower, upper, digit and
// other (symbols, spaces, Chinese characters).
func classes(pw string) int {
	var lower, upper, digit, other int
	for _, c := range pw {
		switch {
		case c >= 'a' && c <= 'z':
			lower = 1
		case c >= 'A' && c <= 'Z':
			upper = 1
		case c >= '0' && c <= '9':
			digit = 1
		case unicode.IsLetter(c) && unicode.IsLower(c):
			lower = 1
		case unicode.IsLetter(c) && unicode.IsUpper(c):
			upper = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}

func containsPersonal(pw string, personal []string) bool {
	l := strings.ToLower(pw)
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if utf8.RuneCountInString(p) >= minPersonalLen && strings.Contains(l, p) {
			return true
		}
	}
	return false
}
