package web

import (
	"net/http"
	"strings"

	"bianmin/internal/service"
)

// progressPage is what progress.html shows: the query form, and after a
// query its answer or the one message for a number and code that do not
// match (SECURITY.md item 32).
type progressPage struct {
	CaseNo string
	P      *service.Progress
	Lang   string
	Errors []string
}

// StatusName is the case's status in the page's language.
func (p *progressPage) StatusName() string { return pick(p.Lang, p.P.StatusZH, p.P.StatusEN) }

func (s *Server) pageProgress(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "progress", &progressPage{Lang: req(r).Lang})
	return nil
}

// doProgress answers the form. The case number and code come by POST only,
// so neither is in an address or a log (ASVS 14.2.1); the code is never
// written back into the page.
func (s *Server) doProgress(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	lang := req(r).Lang
	caseNo := pubClip(strings.TrimSpace(r.PostFormValue("case_no")), 50)
	p := &progressPage{CaseNo: caseNo, Lang: lang}
	res, err := s.svc.QueryProgress(actorContext(r), caseNo, pubClip(r.PostFormValue("query_code"), 20), req(r).Source)
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			if d, ok := service.RetryAfter(err); ok {
				retryAfter(w, d)
			}
			p.Errors = errs
			s.render(w, r, status, "progress", p)
			return nil
		})
	}
	p.P = res
	s.render(w, r, http.StatusOK, "progress", p)
	return nil
}

// resultsPage is the public results board 办结公告 (C-8).
type resultsPage struct {
	CentreName string
	CentreID   int64
	Centres    []guideLink
	Results    []service.PublicResult
}

func (s *Server) pageResults(w http.ResponseWriter, r *http.Request) error {
	c, cs, err := s.guideCentre(r)
	if err != nil {
		return err
	}
	lang := req(r).Lang
	rs, err := s.svc.PublicResults(r.Context(), c.ID)
	if err != nil {
		return err
	}
	p := &resultsPage{CentreName: pubName(lang, c.Name, c.NameEN), CentreID: c.ID, Results: rs}
	if len(cs) > 1 {
		for _, x := range cs {
			p.Centres = append(p.Centres, guideLink{ID: x.ID, Name: pubName(lang, x.Name, x.NameEN)})
		}
	}
	s.render(w, r, http.StatusOK, "results", p)
	return nil
}
