package bianmin

import "strings"

// uscc is the charset of the unified social credit code (GB 32100-2015):
// digits and capitals without I, O, S, V, Z; a character's value is its index.
const uscc = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckCreditCode checks a unified social credit code (STANDARDS.md R7.2).
// wellFormed: 18 characters of the charset with a 6-digit area code in
// positions 3-8; checksumOK: the 18th character matches. Some early pilot
// codes are legal but fail the checksum (R7.2b), so callers warn on
// wellFormed && !checksumOK and let an administrator confirm.
func CheckCreditCode(code string) (wellFormed, checksumOK bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 18 {
		return false, false
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(uscc, code[i])
		if v < 0 || (i >= 2 && i < 8 && v > 9) {
			return false, false
		}
		if i < 17 {
			sum += v * usccWeights[i]
		}
	}
	check := (31 - sum%31) % 31
	return true, uscc[check] == code[17]
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// NormalizeIDNumber checks a resident ID number (GB 11643-1999, STANDARDS.md
// R7.1) and returns its 18-character form: lowercase x becomes X, and a
// 15-digit number of the 1989 standard is converted by inserting "19" and
// computing the check character. ok is false when the format, the birth date
// or the check character is wrong.
func NormalizeIDNumber(id string) (string, bool) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if len(id) == 15 {
		if !digits(id) {
			return "", false
		}
		body := id[:6] + "19" + id[6:]
		id = body + string(idCheck(body))
	}
	if len(id) != 18 || !digits(id[:17]) || id[0] == '0' {
		return "", false
	}
	if !validBirth(id[6:14]) || idCheck(id[:17]) != id[17] {
		return "", false
	}
	return id, true
}

// WithIDCheck completes the first 17 digits of a resident ID number with
// its GB 11643 check character (tests and sample data build numbers with it).
func WithIDCheck(body17 string) string { return body17 + string(idCheck(body17)) }

func idCheck(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

func validBirth(s string) bool {
	y := atoi(s[:4])
	m := atoi(s[4:6])
	d := atoi(s[6:8])
	if y < 1850 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
