package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// The public pages read published data only and take no actor: the guide
// and the board are what the hall's notice boards show (CAT-2, ORG-3).

// guideCentre is the centre a public page shows: ?centre=ID, or the first
// centre, so a single-centre installation needs no parameter. An unknown
// centre is 404.
func (s *Server) guideCentre(r *http.Request) (*bianmin.Centre, []*bianmin.Centre, error) {
	cs, err := s.svc.PublicCentres(r.Context())
	if err != nil {
		return nil, nil, err
	}
	raw := r.URL.Query().Get("centre")
	for _, c := range cs {
		if raw == "" || raw == strconv.FormatInt(c.ID, 10) {
			return c, cs, nil
		}
	}
	return nil, nil, bianmin.ErrNotFound
}

// pubName is the English name in English where there is one.
func pubName(lang, zh, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return zh
}

// guideDeptNames maps a centre's department IDs to their names in lang.
// Department names are public: CAT-1 names each item's department.
func (s *Server) guideDeptNames(ctx context.Context, centreID int64, lang string) (map[int64]string, []guideLink, error) {
	ds, err := s.svc.PublicDepartments(ctx, centreID)
	names := map[int64]string{}
	var links []guideLink
	for _, d := range ds {
		names[d.ID] = pubName(lang, d.Name, d.NameEN)
		links = append(links, guideLink{ID: d.ID, Name: names[d.ID]})
	}
	return names, links, err
}

// guideLink is a department or centre to browse by.
type guideLink struct {
	ID   int64
	Name string
}

// guideRow is one line of the guide's result list.
type guideRow struct {
	ID                                   int64
	Name, Department, CaseKind, Promised string
}

type guideData struct {
	Centre       *bianmin.Centre
	CentreName   string
	Centres      []guideLink // every centre, to choose from, when there are several
	Q, Event     string
	DepartmentID int64
	Departments  []guideLink
	Events       []string
	Results      []guideRow
	Filtered     bool
}

// guideQuery reads the search form: free text (name, English name or pinyin
// initials), a department and a life event, each bounded.
func guideQuery(r *http.Request) service.ItemQuery {
	q := r.URL.Query()
	dept, _ := strconv.ParseInt(q.Get("department"), 10, 64)
	return service.ItemQuery{Text: pubClip(strings.TrimSpace(q.Get("q")), 100), DepartmentID: max(dept, 0),
		LifeEvent: pubClip(strings.TrimSpace(q.Get("event")), 50)}
}

func pubClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func (s *Server) pageGuide(w http.ResponseWriter, r *http.Request) error {
	lang := req(r).Lang
	c, cs, err := s.guideCentre(r)
	if err != nil {
		return err
	}
	q := guideQuery(r)
	all, err := s.svc.PublishedItems(r.Context(), c.ID, service.ItemQuery{})
	if err != nil {
		return err
	}
	hits, err := s.svc.PublishedItems(r.Context(), c.ID, q)
	if err != nil {
		return err
	}
	names, links, err := s.guideDeptNames(r.Context(), c.ID, lang)
	if err != nil {
		return err
	}
	d := guideData{Centre: c, CentreName: pubName(lang, c.Name, c.NameEN), Q: q.Text, Event: q.LifeEvent,
		DepartmentID: q.DepartmentID, Departments: links, Events: guideLifeEvents(all),
		Filtered: q.Text != "" || q.DepartmentID != 0 || q.LifeEvent != ""}
	if len(cs) > 1 {
		for _, o := range cs {
			d.Centres = append(d.Centres, guideLink{ID: o.ID, Name: pubName(lang, o.Name, o.NameEN)})
		}
	}
	for _, it := range hits {
		d.Results = append(d.Results, guideRow{ID: it.ID, Name: pubName(lang, it.Name, it.NameEN),
			Department: names[it.DepartmentID], CaseKind: guideKind(lang, it.CaseKind), Promised: guideLimit(lang, it.Promised)})
	}
	s.render(w, r, http.StatusOK, "guide", d)
	return nil
}

// guideLifeEvents lists the life events (主题) of the items, first seen first.
func guideLifeEvents(items []*bianmin.ServiceItem) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range items {
		for _, e := range it.LifeEvents {
			if e != "" && !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// guideDetail is what the item block of the guide shows: every CAT-1 field
// (六公开) in the reader's language, shared by the item page, its print view
// and the booklet.
type guideDetail struct {
	L                                string
	Centre                           int64
	Item                             *bianmin.ServiceItem
	Name, Department, ItemType, Kind string
	Statutory, Promised, Limits      string
	Fee, ServiceObject               string
	CoDepartments                    []string
	Materials                        []guideMaterial
}

// guideMaterial is one line of the complete materials checklist (CAT-1, R3.11).
type guideMaterial struct {
	N                     int
	Name, Issuer, Count   string
	Need                  string
	Required              bool
	BlankFormID, SampleID int64
}

func (s *Server) buildGuideDetail(lang string, centre int64, it *bianmin.ServiceItem, depts map[int64]string) guideDetail {
	d := guideDetail{L: lang, Centre: centre, Item: it, Name: pubName(lang, it.Name, it.NameEN),
		Department: depts[it.DepartmentID], ItemType: guideCode(lang, "guide.type.", it.ItemType),
		Kind: guideKind(lang, it.CaseKind), Statutory: guideLimit(lang, it.Statutory), Promised: guideLimit(lang, it.Promised),
		Fee: T(lang, "guide.free"), ServiceObject: guideCode(lang, "guide.object.", it.ServiceObject)}
	d.Limits = T(lang, "guide.limits", d.Statutory, d.Promised)
	if !it.Free() {
		d.Fee = it.Fee
	}
	for _, id := range it.CoDepartmentIDs {
		d.CoDepartments = append(d.CoDepartments, depts[id])
	}
	for i, m := range it.Materials {
		d.Materials = append(d.Materials, guideMaterial{N: i + 1, Name: pubName(lang, m.Name, m.NameEN), Issuer: m.Issuer,
			Count: guideCount(lang, m), Need: guideNeed(lang, m), Required: m.Required,
			BlankFormID: m.BlankFormID, SampleID: m.SampleID})
	}
	return d
}

// guideCount: "原件 1 份 / 复印件 2 份"; a count of zero is left out.
func guideCount(lang string, m bianmin.Material) string {
	var parts []string
	if m.Originals > 0 {
		parts = append(parts, T(lang, "guide.originals", m.Originals))
	}
	if m.Copies > 0 {
		parts = append(parts, T(lang, "guide.copies", m.Copies))
	}
	return strings.Join(parts, " / ")
}

// guideNeed: 必备, or 视情况 with the condition in words.
func guideNeed(lang string, m bianmin.Material) string {
	if m.Required {
		return T(lang, "guide.required")
	}
	return T(lang, "guide.conditional", m.Condition)
}

// guideLimit gives a time limit with its unit: "20 个工作日", "当场办结".
func guideLimit(lang string, l bianmin.Limit) string {
	key := "guide.unit." + string(l.Unit)
	if _, ok := messages[key]; !ok {
		return l.String()
	}
	if l.Unit == bianmin.UnitOnTheSpot {
		return T(lang, key)
	}
	return T(lang, key, l.Value)
}

func guideKind(lang string, k bianmin.CaseKind) string {
	return guideCode(lang, "guide.kind.", string(k))
}

// guideCode names a code (item type R3.6, service object R3.9, case kind);
// an unknown code shows as it is.
func guideCode(lang, prefix, code string) string {
	if _, ok := messages[prefix+code]; !ok {
		return code
	}
	return T(lang, prefix+code)
}

// renderGuideDetail renders the item block once, for the print view and the
// booklet; the item page includes the same template directly.
func (s *Server) renderGuideDetail(d guideDetail) (template.HTML, error) {
	var buf bytes.Buffer
	if err := s.tpl.pages["guide_item"].ExecuteTemplate(&buf, "item_detail", d); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // escaped by html/template above
}

// guidePublishedItem loads a published item of the page's centre; a draft, a
// superseded version or another centre's item is 404 (R9.2, CAT-2).
func (s *Server) guidePublishedItem(r *http.Request) (*bianmin.Centre, *bianmin.ServiceItem, map[int64]string, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	c, _, err := s.guideCentre(r)
	if err != nil {
		return nil, nil, nil, err
	}
	it, err := s.svc.PublishedItem(r.Context(), c.ID, id)
	if err != nil {
		return nil, nil, nil, err
	}
	names, _, err := s.guideDeptNames(r.Context(), c.ID, req(r).Lang)
	return c, it, names, err
}

func (s *Server) pageGuideItem(w http.ResponseWriter, r *http.Request) error {
	c, it, names, err := s.guidePublishedItem(r)
	if err != nil {
		return err
	}
	d := s.buildGuideDetail(req(r).Lang, c.ID, it, names)
	s.render(w, r, http.StatusOK, "guide_item", map[string]any{"Detail": d, "Back": guideURL(c.ID)})
	return nil
}

func guideURL(centre int64) string {
	return "/guide?" + url.Values{"centre": {strconv.FormatInt(centre, 10)}}.Encode()
}

// boardRow is one person on the staff board (ORG-3): photo, name, staff
// number, window and post, and nothing else personal.
type boardRow struct {
	Name, StaffNo, Window, Post, Department string
	PhotoFileID                             int64
}

func (s *Server) pageBoard(w http.ResponseWriter, r *http.Request) error {
	lang := req(r).Lang
	c, _, err := s.guideCentre(r)
	if err != nil {
		return err
	}
	entries, err := s.svc.StaffBoard(r.Context(), c.ID)
	if err != nil {
		return err
	}
	var rows []boardRow
	for _, e := range entries {
		rows = append(rows, boardRow{Name: e.Name, StaffNo: e.StaffNo, Window: strings.TrimSpace(e.WindowNumber + " " + e.WindowName),
			Post: guideCode(lang, "board.post.", e.Post), Department: e.Department, PhotoFileID: e.PhotoFileID})
	}
	s.render(w, r, http.StatusOK, "board", map[string]any{
		"CentreName": pubName(lang, c.Name, c.NameEN), "Rows": rows, "Guide": guideURL(c.ID)})
	return nil
}
