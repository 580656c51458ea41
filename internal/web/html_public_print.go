package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// The print views: one item on A4, and the whole guide as a booklet (CAT-2:
// the catalogue is "printable as a guide booklet"). They have no navigation
// or header, only print.css, so the paper shows the guide and nothing else.

// guidePrintPage is what a print template sees.
type guidePrintPage struct {
	L          string
	CentreName string
	Title      string
	Back       string
	Items      []guidePrintItem
}

// guidePrintItem is one item of a print view with its rendered CAT-1 block.
type guidePrintItem struct {
	ID     int64
	N      int // position in the booklet, from 1
	Name   string
	Detail template.HTML
}

// renderGuidePrint executes a print template's own document ("print"), not the
// layout's: the guide's print views and the notices of cases.
func (s *Server) renderGuidePrint(w http.ResponseWriter, name string, p any) error {
	tpl, ok := s.tpl.pages[name]
	if !ok {
		return bianmin.ErrInternal
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "print", p); err != nil {
		return bianmin.ErrInternal.Wrap(err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}

func (s *Server) pageGuideItemPrint(w http.ResponseWriter, r *http.Request) error {
	lang := req(r).Lang
	c, it, names, err := s.guidePublishedItem(r)
	if err != nil {
		return err
	}
	d := s.buildGuideDetail(lang, c.ID, it, names)
	html, err := s.renderGuideDetail(d)
	if err != nil {
		return bianmin.ErrInternal.Wrap(err)
	}
	return s.renderGuidePrint(w, "guide_print", guidePrintPage{L: lang, CentreName: pubName(lang, c.Name, c.NameEN),
		Title: d.Name, Back: "/guide/items/" + strconv.FormatInt(it.ID, 10) + "?centre=" + strconv.FormatInt(c.ID, 10),
		Items: []guidePrintItem{{ID: it.ID, Name: d.Name, Detail: html}}})
}

// pageGuideBooklet prints every published item of the centre: a cover with
// the centre's name, a contents list, then one item per page.
func (s *Server) pageGuideBooklet(w http.ResponseWriter, r *http.Request) error {
	lang := req(r).Lang
	c, _, err := s.guideCentre(r)
	if err != nil {
		return err
	}
	items, err := s.svc.PublishedItems(r.Context(), c.ID, service.ItemQuery{})
	if err != nil {
		return err
	}
	names, _, err := s.guideDeptNames(r.Context(), c.ID, lang)
	if err != nil {
		return err
	}
	p := guidePrintPage{L: lang, CentreName: pubName(lang, c.Name, c.NameEN), Title: T(lang, "guide.booklet"), Back: guideURL(c.ID)}
	for _, it := range items {
		d := s.buildGuideDetail(lang, c.ID, it, names)
		html, err := s.renderGuideDetail(d)
		if err != nil {
			return bianmin.ErrInternal.Wrap(err)
		}
		p.Items = append(p.Items, guidePrintItem{ID: it.ID, N: len(p.Items) + 1, Name: d.Name, Detail: html})
	}
	return s.renderGuidePrint(w, "guide_booklet", p)
}
