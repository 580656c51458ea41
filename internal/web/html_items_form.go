package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// The item form keeps what the person typed as text, so a refused form
// comes back exactly as sent; itemForm.item turns it into a ServiceItem.

// materialRow is one row of the materials table as typed.
type materialRow struct {
	I, N                                               int // index of the row's fields and its number on the page
	Raw                                                int // index of the row in the request (its upload fields)
	Name, NameEN, Issuer, Originals, Copies, Condition string
	Required                                           bool
	BlankFormID, SampleID                              int64
}

// blank reports whether nobody filled the row: such rows are not saved.
func (m materialRow) blank() bool {
	return strings.TrimSpace(m.Name+m.NameEN+m.Issuer+m.Condition) == "" && m.BlankFormID == 0 && m.SampleID == 0
}

// itemForm is the CAT-1 form: every field of bianmin.ServiceItem.
type itemForm struct {
	ID, CentreID int64
	F            map[string]string // scalar fields by form name
	CoDepts      []int64
	Rows         []materialRow
}

// itemFields are the form's scalar fields; itemFlags its checkboxes.
var (
	itemFields = []string{"name", "name_en", "department_id", "basic_code", "impl_code", "item_type", "service_object",
		"case_kind", "promised_value", "promised_unit", "statutory_value", "statutory_unit", "fee", "fee_basis",
		"legal_basis", "conditions", "steps", "result_name", "place", "hours", "consult_phone", "supervise_phone",
		"life_events", "faq"}
	itemFlags = []string{"upper_approval", "appointment", "online"}
)

// Bounds of the materials table: a few rows to start with, always two
// empty ones to fill, and never more rows than the service accepts.
const (
	minRows   = 3
	blankRows = 2
	maxRows   = 100
)

// newItemForm is the form of a new item at the centre, with the usual choices preset.
func newItemForm(centreID int64) *itemForm {
	f := &itemForm{CentreID: centreID, F: map[string]string{"item_type": bianmin.ItemLicence, "service_object": "1",
		"case_kind": string(bianmin.CasePromised), "promised_unit": string(bianmin.UnitWorkingDays),
		"statutory_unit": string(bianmin.UnitWorkingDays)}}
	for _, k := range slices.Concat(itemFields, itemFlags) {
		if _, ok := f.F[k]; !ok {
			f.F[k] = "" // the template passes every field to functions, which refuse a missing one
		}
	}
	return f
}

// formFromItem fills the form with a stored version.
func formFromItem(it *bianmin.ServiceItem, lang string) *itemForm {
	f := &itemForm{ID: it.ID, CentreID: it.CentreID, CoDepts: it.CoDepartmentIDs, F: map[string]string{
		"name": it.Name, "name_en": it.NameEN, "department_id": strconv.FormatInt(it.DepartmentID, 10),
		"basic_code": it.BasicCode, "impl_code": it.ImplCode, "item_type": it.ItemType, "service_object": it.ServiceObject,
		"case_kind": string(it.CaseKind), "promised_value": limitValue(it.Promised), "promised_unit": string(it.Promised.Unit),
		"statutory_value": limitValue(it.Statutory), "statutory_unit": string(it.Statutory.Unit), "fee": it.Fee,
		"fee_basis": it.FeeBasis, "legal_basis": it.LegalBasis, "conditions": it.Conditions,
		"steps": strings.Join(it.Steps, "\n"), "result_name": it.ResultName, "place": it.Place, "hours": it.Hours,
		"consult_phone": it.ConsultPhone, "supervise_phone": it.SupervisePhone,
		"life_events": strings.Join(it.LifeEvents, pick(lang, "、", ", ")), "faq": formatFAQ(it.FAQ, lang),
		"upper_approval": flag(it.UpperApproval), "appointment": flag(it.Appointment), "online": flag(it.Online),
	}}
	for i, m := range it.Materials {
		f.Rows = append(f.Rows, materialRow{Raw: i, Name: m.Name, NameEN: m.NameEN, Issuer: m.Issuer,
			Originals: strconv.Itoa(m.Originals), Copies: strconv.Itoa(m.Copies), Condition: m.Condition,
			Required: m.Required, BlankFormID: m.BlankFormID, SampleID: m.SampleID})
	}
	return f
}

func limitValue(l bianmin.Limit) string {
	if l.Unit == bianmin.UnitOnTheSpot {
		return ""
	}
	return strconv.Itoa(l.Value)
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// formFromRequest reads the posted form (already parsed).
func formFromRequest(r *http.Request, id, centreID int64) *itemForm {
	f := &itemForm{ID: id, CentreID: centreID, F: map[string]string{}, CoDepts: idValues(r.PostForm["co_department_ids"])}
	for _, k := range itemFields {
		f.F[k] = r.PostFormValue(k)
	}
	for _, k := range itemFlags {
		f.F[k] = flag(r.PostFormValue(k) == "1")
	}
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	for i := range min(max(n, 0), maxRows) {
		v := func(k string) string { return r.PostFormValue(fmt.Sprintf("m%d_%s", i, k)) }
		row := materialRow{Raw: i, Name: v("name"), NameEN: v("name_en"), Issuer: v("issuer"), Originals: v("originals"),
			Copies: v("copies"), Condition: v("condition"), Required: v("required") != "0"}
		if v("blank_remove") != "1" {
			row.BlankFormID = idValue(v("blank_id"))
		}
		if v("sample_remove") != "1" {
			row.SampleID = idValue(v("sample_id"))
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// compact drops the rows nobody filled, except those given a file now, so
// that "第 n 项材料" in a message is the n-th row the page shows again.
func (f *itemForm) compact(hasUpload func(raw int) bool) {
	var kept []materialRow
	for _, m := range f.Rows {
		if !m.blank() || hasUpload(m.Raw) {
			kept = append(kept, m)
		}
	}
	f.Rows = kept
}

// pad numbers the rows and adds empty ones: at least minRows in all and
// blankRows at the end, plus extra more (the "add a row" button).
func (f *itemForm) pad(extra int) {
	trailing := 0
	for i := len(f.Rows) - 1; i >= 0 && f.Rows[i].blank(); i-- {
		trailing++
	}
	for need := max(blankRows-trailing, 0) + extra; need > 0 || len(f.Rows) < minRows; need-- {
		f.Rows = append(f.Rows, materialRow{Required: true, Originals: "1", Copies: "0"})
	}
	f.Rows = f.Rows[:min(len(f.Rows), maxRows)]
	for i := range f.Rows {
		f.Rows[i].I, f.Rows[i].N = i, i+1
	}
}

// item builds the ServiceItem; the errors are those of text that is not a
// number or a limit, each naming its field (materials name their row).
func (f *itemForm) item() (*bianmin.ServiceItem, []*bianmin.Error) {
	g := func(k string) string { return f.F[k] }
	it := &bianmin.ServiceItem{ID: f.ID, CentreID: f.CentreID, DepartmentID: idValue(g("department_id")), Version: 1,
		Name: g("name"), NameEN: g("name_en"), BasicCode: g("basic_code"), ImplCode: g("impl_code"),
		ItemType: g("item_type"), ServiceObject: g("service_object"), CaseKind: bianmin.CaseKind(g("case_kind")),
		Fee: g("fee"), FeeBasis: g("fee_basis"), LegalBasis: g("legal_basis"), Conditions: g("conditions"),
		Steps: splitLines(g("steps")), ResultName: g("result_name"), Place: g("place"), Hours: g("hours"),
		ConsultPhone: g("consult_phone"), SupervisePhone: g("supervise_phone"), LifeEvents: splitEvents(g("life_events")),
		FAQ: parseFAQ(g("faq")), CoDepartmentIDs: f.CoDepts, UpperApproval: g("upper_approval") == "1",
		Appointment: g("appointment") == "1", Online: g("online") == "1", Materials: []bianmin.Material{}}
	var errs []*bianmin.Error
	var err *bianmin.Error
	if it.Promised, err = parseLimit("promised", "承诺办结时限", "Promised time limit", g("promised_value"), g("promised_unit")); err != nil {
		errs = append(errs, err)
	}
	if it.Statutory, err = parseLimit("statutory", "法定办结时限", "Statutory time limit", g("statutory_value"), g("statutory_unit")); err != nil {
		errs = append(errs, err)
	}
	for i, row := range f.Rows {
		m := bianmin.Material{Name: row.Name, NameEN: row.NameEN, Issuer: row.Issuer, Required: row.Required,
			Condition: row.Condition, BlankFormID: row.BlankFormID, SampleID: row.SampleID}
		var okO, okC bool
		m.Originals, okO = count(row.Originals)
		m.Copies, okC = count(row.Copies)
		if !okO || !okC {
			errs = append(errs, bianmin.FieldError(fmt.Sprintf("materials[%d].originals", i),
				fmt.Sprintf("第 %d 项材料：原件和复印件份数须为 0 至 99 的整数。", i+1),
				fmt.Sprintf("material %d: originals and copies must be whole numbers from 0 to 99.", i+1)))
		}
		it.Materials = append(it.Materials, m)
	}
	return it, errs
}

// parseLimit reads a time limit: on the spot needs no value, every other
// unit a whole number (R1.18-R1.20).
func parseLimit(field, zh, en, value, unit string) (bianmin.Limit, *bianmin.Error) {
	l := bianmin.Limit{Unit: bianmin.LimitUnit(unit)}
	if l.Unit == bianmin.UnitOnTheSpot {
		return l, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		return l, bianmin.FieldError(field, zh+"：请填写天数或小时数（整数），或选择“当场办结”。",
			en+": give a whole number of days or hours, or choose on the spot.").WithRule("R1.20")
	}
	l.Value = n
	return l, nil
}

// count reads a number of originals or copies; empty is 0.
func count(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 99
}

func splitLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitEvents splits life events at the separators people type.
func splitEvents(s string) []string {
	out := []string{}
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；\n", r) }) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// FAQ lines start with 问：/Q: or 答：/A:; other lines continue the part above.
var (
	faqQ = []string{"问：", "问:", "Q:", "Q：", "q:"}
	faqA = []string{"答：", "答:", "A:", "A：", "a:"}
)

func parseFAQ(s string) []bianmin.FAQ {
	out := []bianmin.FAQ{}
	inAnswer := false
	for _, l := range splitLines(s) {
		if rest, ok := cutAny(l, faqQ); ok {
			out, inAnswer = append(out, bianmin.FAQ{Q: rest}), false
			continue
		}
		if rest, ok := cutAny(l, faqA); ok {
			if len(out) == 0 || inAnswer {
				out = append(out, bianmin.FAQ{})
			}
			out[len(out)-1].A, inAnswer = rest, true
			continue
		}
		switch {
		case len(out) == 0:
			out = append(out, bianmin.FAQ{Q: l})
		case inAnswer:
			out[len(out)-1].A += "\n" + l
		default:
			out[len(out)-1].Q += "\n" + l
		}
	}
	return out
}

func cutAny(s string, prefixes []string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

func formatFAQ(faq []bianmin.FAQ, lang string) string {
	var b strings.Builder
	for _, q := range faq {
		fmt.Fprintf(&b, "%s%s\n%s%s\n", pick(lang, "问：", "Q: "), q.Q, pick(lang, "答：", "A: "), q.A)
	}
	return b.String()
}

// option is one choice of a select.
type option struct{ Value, Label string }

// itemChoices are the selects of the item form, labelled in lang.
func itemChoices(lang string) map[string][]option {
	opts := func(prefix string, values ...string) []option {
		out := make([]option, len(values))
		for i, v := range values {
			out[i] = option{v, T(lang, prefix+v)}
		}
		return out
	}
	kinds := make([]string, len(bianmin.CaseKinds))
	for i, k := range bianmin.CaseKinds {
		kinds[i] = string(k)
	}
	return map[string][]option{
		"units":   opts("cat.unit.", "working_days", "calendar_days", "hours", "on_the_spot"),
		"kinds":   opts("cat.kind.", kinds...),
		"types":   opts("cat.type.", "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "20"),
		"objects": opts("cat.object.", "1", "2", "3", "4", "5", "6"),
	}
}

// limitInput and uploadInput are the arguments of item_edit.html's
// "limit" and "upload" sub-templates.
type limitInput struct {
	L, Field, Value, Unit string
	Units                 []option
}

type uploadInput struct {
	L    string
	I, N int
	Kind string
	ID   int64
}

func init() {
	funcs["limitField"] = func(lang, field, value, unit string, units []option) limitInput {
		return limitInput{lang, field, value, unit, units}
	}
	funcs["uploadField"] = func(lang string, i, n int, kind string, id int64) uploadInput {
		return uploadInput{lang, i, n, kind, id}
	}
}
