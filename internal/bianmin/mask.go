package bianmin

import "unicode/utf8"

// MaskPhone keeps the first 3 and last 4 digits: 138****5678 (SECURITY.md item 25, R8.2).
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 11 {
		return maskAll(p)
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

// MaskID keeps the first 3 and last 4 characters of an ID number for staff
// views: 110***********123X (SECURITY.md item 25).
func MaskID(id string) string {
	r := []rune(id)
	if len(r) < 8 {
		return maskAll(id)
	}
	return string(r[:3]) + repeatStar(len(r)-7) + string(r[len(r)-4:])
}

// MaskName keeps the first character of a name for public views: 张* / 张*明 (R8.3).
func MaskName(name string) string {
	n := utf8.RuneCountInString(name)
	if n <= 1 {
		return name
	}
	r := []rune(name)
	if n == 2 {
		return string(r[0]) + "*"
	}
	return string(r[0]) + repeatStar(n-2) + string(r[n-1])
}

func maskAll(s string) string { return repeatStar(utf8.RuneCountInString(s)) }

func repeatStar(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '*'
	}
	return string(b)
}

// MaskKeep keeps the first and last characters of a value as a centre's
// policy sets them (masking.*) and stars the rest; keeping 0 and 0 stars
// everything, and a value too short to hide anything is starred entirely.
func MaskKeep(s string, first, last int) string {
	r := []rune(s)
	if first < 0 || last < 0 || first+last >= len(r) {
		return maskAll(s)
	}
	return string(r[:first]) + repeatStar(len(r)-first-last) + string(r[len(r)-last:])
}
