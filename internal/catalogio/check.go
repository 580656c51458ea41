package catalogio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
)

// loc is where a value came from: the sheet and row of its errors, the
// prefix of field names (JSON materials: "materials[2]."), and the set of
// fields already reported there, so that a bad cell is reported once and
// not again by the item's own validation.
type loc struct {
	sheet  string
	row    int
	prefix string
	bad    map[string]bool
}

// record is one item version being read, with where its parts came from.
type record struct {
	it   *bianmin.ServiceItem
	at   loc
	mats []matRec
}

// matRec is one material being read: its position and origin.
type matRec struct {
	pos int
	m   bianmin.Material
	at  loc
}

type itemKey struct {
	code    string
	version int
}

// parser collects items and every error of one input.
type parser struct {
	depts map[string]int64
	errs  []RowError
	recs  []*record
	byKey map[itemKey]*record
}

func newParser(depts map[string]int64) *parser {
	return &parser{depts: depts, byKey: map[itemKey]*record{}}
}

func newLoc(sheet string, row int, prefix string) loc {
	return loc{sheet: sheet, row: row, prefix: prefix, bad: map[string]bool{}}
}

// report records an error at l for field and marks the field as reported.
func (p *parser) report(l loc, field, zh, en string) {
	l.bad[field] = true
	p.errs = append(p.errs, RowError{Sheet: l.sheet, Row: l.row, Field: l.prefix + field, ZH: zh, EN: en})
}

func (p *parser) required(l loc, field, what string) {
	p.report(l, field, what+"不能为空。", field+" is required.")
}

// unit reads a time-limit unit code or its Chinese label (R1.18-R1.20).
func (p *parser) unit(l loc, field, s string) bianmin.LimitUnit {
	if s == "" {
		p.required(l, field, "时限单位")
		return ""
	}
	u, ok := lookup(unitLabels, s)
	if !ok {
		p.report(l, field, fmt.Sprintf("时限单位“%s”无效：须为 working_days（工作日）、calendar_days（自然日）、hours（小时）或 on_the_spot（当场办结）。", s),
			fmt.Sprintf("unknown time-limit unit %q: use working_days, calendar_days, hours or on_the_spot.", s))
	}
	return u
}

// kind reads a case kind code or its Chinese label (DOMAIN.md §5).
func (p *parser) kind(l loc, field, s string) bianmin.CaseKind {
	if s == "" {
		p.required(l, field, "办件类型")
		return ""
	}
	k, ok := lookup(kindLabels, s)
	if !ok {
		p.report(l, field, fmt.Sprintf("办件类型“%s”无效：须为 immediate、promised、reported、joint、petition 或 consultation（即办件、承诺件、上报件、联办件、信访件、咨询件）。", s),
			fmt.Sprintf("unknown case kind %q: use immediate, promised, reported, joint, petition or consultation.", s))
	}
	return k
}

// status reads published or draft; superseded versions are not exchanged,
// they stay with the cases accepted under them (R9.2). Empty means the
// importer's default (published).
func (p *parser) status(l loc, field, s string) bianmin.ItemStatus {
	if s == "" {
		return ""
	}
	st, ok := lookup(statusLabels, s)
	if !ok {
		p.report(l, field, fmt.Sprintf("状态“%s”无效：须为 published（已发布）或 draft（草稿）；已停用的旧版本不导入。", s),
			fmt.Sprintf("unknown status %q: use published or draft; superseded versions are not imported.", s))
	}
	return st
}

// dept resolves a department name of the importing centre.
func (p *parser) dept(l loc, field, name string) int64 {
	if name == "" {
		p.required(l, field, "主办部门")
		return 0
	}
	id, ok := p.depts[name]
	if !ok {
		p.report(l, field, fmt.Sprintf("部门“%s”在本中心不存在，请先建立同名部门或改正名称。", name),
			fmt.Sprintf("department %q does not exist at this centre: create it or correct the name.", name))
	}
	return id
}

// coDepts resolves co-approving department names; unknown ones are reported
// together and left out.
func (p *parser) coDepts(l loc, field string, names []string) []int64 {
	var ids []int64
	var unknown []string
	for _, n := range names {
		id, ok := p.depts[n]
		switch {
		case !ok:
			unknown = append(unknown, n)
		case slices.Contains(ids, id):
			p.report(l, field, fmt.Sprintf("共同实施部门“%s”重复。", n), fmt.Sprintf("co-approving department %q is listed twice.", n))
		default:
			ids = append(ids, id)
		}
	}
	if len(unknown) > 0 {
		list := strings.Join(unknown, "、")
		p.report(l, field, fmt.Sprintf("共同实施部门“%s”在本中心不存在。", list),
			fmt.Sprintf("co-approving department(s) %q do not exist at this centre.", list))
	}
	return ids
}

// add registers an item version; a repeated (implementation code, version)
// is reported on the later row, whose materials could not be told apart.
func (p *parser) add(rec *record) {
	k := itemKey{rec.it.ImplCode, rec.it.Version}
	if first, dup := p.byKey[k]; dup && rec.it.ImplCode != "" {
		p.report(rec.at, "version", fmt.Sprintf("实施编码 %s 的第 %d 版重复（第一次出现在第 %d 行）。", k.code, k.version, first.at.row),
			fmt.Sprintf("implementation code %s version %d appears twice (first at row %d).", k.code, k.version, first.at.row))
	} else {
		p.byKey[k] = rec
	}
	p.recs = append(p.recs, rec)
}

// Check is a further rule of the importer, run on every item after the
// format's own checks. It must not change the item; its field errors are
// reported at the item's rows like those of ServiceItem.Validate.
type Check func(it *bianmin.ServiceItem) error

// finish orders each item's materials by position, checks the versions of
// each implementation code, validates every item, and returns the items,
// or nil when any error was found.
func (p *parser) finish(checks []Check) []*bianmin.ServiceItem {
	published, drafts := map[string]*record{}, map[string]*record{}
	for _, rec := range p.recs {
		p.placeMaterials(rec)
		if rec.it.ImplCode != "" && !rec.at.bad["status"] && !rec.at.bad["version"] {
			p.checkVersions(rec, published, drafts)
		}
		p.validate(rec, checks)
	}
	if len(p.errs) > 0 {
		return nil
	}
	items := make([]*bianmin.ServiceItem, len(p.recs))
	for i, rec := range p.recs {
		items[i] = rec.it
	}
	return items
}

// checkVersions allows per implementation code one published version and
// one draft, the draft newer than the published one: the catalogue's own
// rule (R9.2), which an export always meets.
func (p *parser) checkVersions(rec *record, published, drafts map[string]*record) {
	code := rec.it.ImplCode
	seen, what := published, "已发布版本"
	if rec.it.Status == bianmin.ItemDraft {
		seen, what = drafts, "草稿"
	}
	if first := seen[code]; first != nil {
		p.report(rec.at, "status", fmt.Sprintf("实施编码 %s 只能有一个%s（另一个在第 %d 行）（R9.2）。", code, what, first.at.row),
			fmt.Sprintf("implementation code %s can have only one %s version (another at row %d) (R9.2).", code, rec.it.Status, first.at.row))
		return
	}
	seen[code] = rec
	if pub, draft := published[code], drafts[code]; pub != nil && draft != nil && draft.it.Version <= pub.it.Version {
		p.report(draft.at, "version", fmt.Sprintf("草稿的版本号须大于已发布版本（第 %d 版）（R9.2）。", pub.it.Version),
			fmt.Sprintf("the draft's version must be above the published version %d (R9.2).", pub.it.Version))
	}
}

// placeMaterials sorts materials by position, reports repeated positions and
// numbers them 1..n: the position only orders the checklist.
func (p *parser) placeMaterials(rec *record) {
	slices.SortStableFunc(rec.mats, func(a, b matRec) int { return cmp.Compare(a.pos, b.pos) })
	rec.it.Materials = nil
	for i, mr := range rec.mats {
		if i > 0 && mr.pos == rec.mats[i-1].pos && !mr.at.bad["position"] {
			p.report(mr.at, "position", fmt.Sprintf("序号 %d 在同一事项版本中重复。", mr.pos),
				fmt.Sprintf("position %d appears twice in the same item version.", mr.pos))
		}
		mr.m.Position = i + 1
		rec.it.Materials = append(rec.it.Materials, mr.m)
	}
}

// validate runs the domain's own checks (R1.13, R1.20, C-6, CAT-3, R9.1,
// R9.2 …) and the importer's, and reports each at its row, unless a cell it
// depends on was already reported. The centre is the importer's, so a
// stand-in is used.
func (p *parser) validate(rec *record, checks []Check) {
	it := *rec.it
	if it.CentreID == 0 {
		it.CentreID = -1
	}
	for _, check := range append([]Check{(*bianmin.ServiceItem).Validate}, checks...) {
		err := check(&it)
		if err == nil {
			continue
		}
		e := bianmin.AsError(err)
		details := e.Details
		if len(details) == 0 {
			details = []*bianmin.Error{e}
		}
		for _, d := range details {
			p.reportDomain(rec, d)
		}
	}
}

// reportDomain reports one error of the domain's or the importer's checks
// at the row and column it concerns, once.
func (p *parser) reportDomain(rec *record, e *bianmin.Error) {
	at, field, deps := rec.at, e.Field, []string{e.Field}
	if i, sub, ok := materialField(e.Field); ok && i < len(rec.mats) {
		at, field = rec.mats[i].at, sub
		deps = map[string][]string{"originals": {"originals", "copies"}, "condition": {"condition", "required"}}[sub]
		if deps == nil {
			deps = []string{sub}
		}
	} else if m, ok := itemFields[e.Field]; ok {
		field, deps = m[0], m
	} else if strings.HasPrefix(e.Field, "faq[") {
		field, deps = "faq", []string{"faq"}
	}
	if slices.ContainsFunc(deps, func(d string) bool { return at.bad[d] }) {
		return
	}
	zh, en := e.ZH, e.EN
	if e.Rule != "" {
		zh, en = zh+"（"+e.Rule+"）", en+" ("+e.Rule+")"
	}
	re := RowError{Sheet: at.sheet, Row: at.row, Field: at.prefix + field, ZH: zh, EN: en}
	if !slices.Contains(p.errs, re) {
		p.errs = append(p.errs, re)
	}
}

// itemFields maps a field of ServiceItem.Validate to the column reported
// (first) and the columns whose own errors already explain it.
var itemFields = map[string][]string{
	"department_id":     {"department"},
	"co_department_ids": {"co_departments", "department", "case_kind"},
	"promised":          {"promised_value", "promised_unit", "statutory_value", "statutory_unit", "case_kind"},
	"statutory":         {"statutory_value", "statutory_unit"},
}

// materialField splits "materials[3].name" into 3 and "name".
func materialField(f string) (int, string, bool) {
	var i int
	rest, ok := strings.CutPrefix(f, "materials[")
	if !ok {
		return 0, "", false
	}
	idx, sub, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	if _, err := fmt.Sscanf(idx, "%d", &i); err != nil || i < 0 {
		return 0, "", false
	}
	return i, sub, true
}
