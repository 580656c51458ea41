package queue

import "strings"

var spokenDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Announcement is what the hall display shows and says for a call.
type Announcement struct {
	Text   string `json:"text"`    // shown: "请 A023 号到 5 号窗口办理"
	Speech string `json:"speech"`  // spoken, digits one by one: "请 A 零 二 三 号到 5 号窗口办理"
	TextEN string `json:"text_en"` // "Number A023, please go to window 5"
}

// Announce builds the call announcement of a ticket code at a window.
// Only the ticket number and the window appear: no personal data (R8.3).
func Announce(code, window string) Announcement {
	return Announcement{
		Text:   "请 " + code + " 号到 " + window + " 号窗口办理",
		Speech: "请 " + SpellCode(code) + " 号到 " + window + " 号窗口办理",
		TextEN: "Number " + code + ", please go to window " + window,
	}
}

// SpellCode spells a ticket code for speech: letters as they are and each
// digit as its Chinese numeral, so that 023 is read 零二三, not 二十三.
func SpellCode(code string) string {
	var parts []string
	for _, r := range code {
		if r >= '0' && r <= '9' {
			parts = append(parts, spokenDigits[r-'0'])
		} else {
			parts = append(parts, string(r))
		}
	}
	return strings.Join(parts, " ")
}
