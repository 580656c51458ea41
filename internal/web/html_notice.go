package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// noticePrintPage is what notice_print.html shows: one notice on A4 in the
// page's language (R1.4, ON-5), a preview when it is not being printed.
type noticePrintPage struct {
	L       string
	V       *service.NoticePrint
	Preview bool
	Back    string
}

// pageNoticePrint shows a notice's print view. GET is a preview: nothing
// is counted and the query code is not shown; POST prints, which counts
// and audits the print and, for an acceptance notice, shows the query code.
func (s *Server) pageNoticePrint(print bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		caseID, err := pathID(r)
		if err != nil {
			return err
		}
		nid, err := strconv.ParseInt(r.PathValue("nid"), 10, 64)
		if err != nil || nid <= 0 {
			return bianmin.ErrNotFound
		}
		read := s.svc.Notice
		if print {
			read = s.svc.PrintNotice
		}
		v, err := read(r.Context(), req(r).Actor, nid)
		if err != nil {
			return err
		}
		if v.Case.ID != caseID {
			return bianmin.ErrNotFound
		}
		w.Header().Set("Cache-Control", "no-store")
		return s.renderGuidePrint(w, "notice_print", noticePrintPage{L: req(r).Lang, V: v, Preview: !print,
			Back: "/cases/" + strconv.FormatInt(caseID, 10)})
	}
}

// Date formats a day as documents print it: 2026年3月2日, 2 March 2026.
func (p noticePrintPage) Date(t time.Time) string {
	t = t.In(bianmin.Shanghai)
	if p.L == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// Day formats a stored date (YYYY-MM-DD) like Date.
func (p noticePrintPage) Day(s string) string {
	t, err := time.ParseInLocation(bianmin.DateLayout, s, bianmin.Shanghai)
	if err != nil {
		return s
	}
	return p.Date(t)
}

// Minute formats an instant to the minute: the accepted time (R3.13).
func (p noticePrintPage) Minute(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(bianmin.Shanghai).Format("2006-01-02 15:04")
}

// Limit says a time limit in the page's language (C-0, R1.20).
func (p noticePrintPage) Limit(l bianmin.Limit) string {
	if p.L != "en" {
		return l.String()
	}
	if l.Unit == bianmin.UnitOnTheSpot {
		return T(p.L, "notice.limit_on_the_spot", 0)
	}
	return T(p.L, "notice.limit_"+string(l.Unit), l.Value)
}

// Procedure names a special procedure (R1.12).
func (p noticePrintPage) Procedure(code string) string { return service.ProcedureName(code, p.L) }

// Centre is the centre's name in the page's language.
func (p noticePrintPage) Centre() string {
	if p.L == "en" && p.V.CentreEN != "" {
		return p.V.CentreEN
	}
	return p.V.CentreName
}

// ItemName is the item's name in the page's language.
func (p noticePrintPage) ItemName() string {
	if p.L == "en" && p.V.Item != nil && p.V.Item.NameEN != "" {
		return p.V.Item.NameEN
	}
	return p.V.Case.ItemName
}

// Inc numbers list rows from 1.
func (p noticePrintPage) Inc(i int) int { return i + 1 }
