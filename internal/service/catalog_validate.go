package service

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/bianmin"
)

// Bounds on the free-text fields of an item, which bianmin.ServiceItem's
// Validate does not limit.
const (
	maxLongText  = 4000 // legal basis, conditions
	maxShortText = 500  // English name, fee, fee basis, result, place, hours
	maxSteps     = 50
	maxMaterials = 100
	maxFAQ       = 50
	maxEvents    = 10
)

// normalizeItem trims every text field, drops empty steps and life
// events, and leaves each co-approving department once, without the lead.
func normalizeItem(it *bianmin.ServiceItem) {
	for _, p := range []*string{&it.Name, &it.NameEN, &it.BasicCode, &it.ImplCode, &it.ItemType, &it.Fee,
		&it.FeeBasis, &it.LegalBasis, &it.Conditions, &it.ServiceObject, &it.ResultName, &it.Place, &it.Hours,
		&it.ConsultPhone, &it.SupervisePhone} {
		*p = cleanText(*p)
	}
	it.Steps = trimList(it.Steps)
	it.LifeEvents = trimList(it.LifeEvents)
	seen := map[string]bool{}
	it.LifeEvents = slices.DeleteFunc(it.LifeEvents, func(e string) bool {
		dup := seen[e]
		seen[e] = true
		return dup
	})
	co := slices.DeleteFunc(slices.Clone(it.CoDepartmentIDs), func(id int64) bool { return id == 0 || id == it.DepartmentID })
	slices.Sort(co)
	it.CoDepartmentIDs = slices.Compact(co)
	for i := range it.Materials {
		m := &it.Materials[i]
		m.Name, m.NameEN = cleanText(m.Name), cleanText(m.NameEN)
		m.Issuer, m.Condition = cleanText(m.Issuer), cleanText(m.Condition)
		m.ID, m.Position = 0, 0
	}
	for i := range it.FAQ {
		it.FAQ[i].Q, it.FAQ[i].A = cleanText(it.FAQ[i].Q), cleanText(it.FAQ[i].A)
	}
}

// cleanText trims s and turns the CR LF line ends of HTML forms into LF.
func cleanText(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

func trimList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = cleanText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// validateItem runs bianmin.ServiceItem.Validate (R1.13, R1.20, C-6, CAT-3,
// R9.1, R9.2, conditional materials) and the length bounds of the free
// text, and returns every fault in one error.
func validateItem(it *bianmin.ServiceItem) error {
	var v bianmin.Validation
	if err := it.Validate(); err != nil {
		for _, e := range bianmin.AsError(err).Details {
			v.AddErr(e)
		}
	}
	texts := []struct {
		field, val string
		max        int
		multiline  bool
	}{
		{"name", it.Name, 200, false}, {"name_en", it.NameEN, maxShortText, false},
		{"fee", it.Fee, maxShortText, false}, {"fee_basis", it.FeeBasis, maxShortText, true},
		{"legal_basis", it.LegalBasis, maxLongText, true}, {"conditions", it.Conditions, maxLongText, true},
		{"result_name", it.ResultName, maxShortText, false}, {"place", it.Place, maxShortText, false},
		{"hours", it.Hours, maxShortText, false},
	}
	for _, t := range texts {
		if !freeTextOK(t.val, t.max, t.multiline) {
			v.Add(t.field, fmt.Sprintf("最多 %d 个字符，且不能含控制字符。", t.max),
				fmt.Sprintf("At most %d characters, without control characters.", t.max))
		}
	}
	validateItemLists(it, &v)
	return v.Err()
}

// validateItemLists bounds the steps, life events, materials and FAQ.
func validateItemLists(it *bianmin.ServiceItem, v *bianmin.Validation) {
	if len(it.Steps) > maxSteps || slices.ContainsFunc(it.Steps, func(s string) bool { return !freeTextOK(s, maxShortText, true) }) {
		v.Add("steps", fmt.Sprintf("办理流程最多 %d 步，每步最多 %d 个字符。", maxSteps, maxShortText),
			fmt.Sprintf("At most %d steps of at most %d characters each.", maxSteps, maxShortText))
	}
	if len(it.LifeEvents) > maxEvents || slices.ContainsFunc(it.LifeEvents, func(s string) bool { return !textOK(s, 1, 20) }) {
		v.Add("life_events", fmt.Sprintf("主题最多 %d 个，每个最多 20 个字符。", maxEvents),
			fmt.Sprintf("At most %d life events of at most 20 characters each.", maxEvents))
	}
	if len(it.Materials) > maxMaterials {
		v.Add("materials", fmt.Sprintf("材料最多 %d 项。", maxMaterials), fmt.Sprintf("At most %d materials.", maxMaterials))
	}
	for i, m := range it.Materials {
		if !freeTextOK(m.NameEN, maxShortText, false) || !freeTextOK(m.Issuer, 200, false) || !freeTextOK(m.Condition, maxShortText, true) {
			v.Add(fmt.Sprintf("materials[%d].condition", i), fmt.Sprintf("第 %d 项材料：文字过长或含控制字符。", i+1),
				fmt.Sprintf("material %d: text too long or with control characters.", i+1))
		}
	}
	if len(it.FAQ) > maxFAQ || slices.ContainsFunc(it.FAQ, func(q bianmin.FAQ) bool {
		return !freeTextOK(q.Q, maxShortText, true) || !freeTextOK(q.A, maxLongText, true)
	}) {
		v.Add("faq", fmt.Sprintf("常见问题最多 %d 条，文字过长或含控制字符。", maxFAQ),
			fmt.Sprintf("At most %d FAQ entries; text too long or with control characters.", maxFAQ))
	}
}

// freeTextOK bounds a text by runes and refuses control characters except,
// in multi-line fields, line feeds and tabs.
func freeTextOK(s string, max int, multiline bool) bool {
	if utf8.RuneCountInString(s) > max {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t'))
	})
}
