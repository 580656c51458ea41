package bianmin

import "unicode/utf8"

// MaskPhone keeps the first 3 and last 4 digits: 138****5678 (SECURITY.md item 25, R8.2).
func MaskPhone(p string) string {
	if len(p) < 8 {
		return maskAll(p)
	}
	return p[:3] + "****" + p[len(p)-4:]
}

// MaskID keeps the first 3 and last 4 characters of an ID number for staff
// views: 110***********123X (SECURITY.md item 25).
func MaskID(id string) string {
	if len(id) < 8 {
		return maskAll(id)
	}
	return id[:3] + repeatStar(len(id)-7) + id[len(id)-4:]
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
