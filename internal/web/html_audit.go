package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/audit"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var auditFilterFields = []string{"from", "to", "actor", "action", "object", "rule", "result"}

// auditScope is where the actor reads the audit log: the centres of its
// audit-reader grants, with their subtrees for roles that see them. It is
// not Actor.Scope, which unites all its roles: an audit administrator of one
// centre who is also a clerk at another must not read the other's log
// (SECURITY.md items 8-9).
func (s *Server) auditScope(r *http.Request, a *bianmin.Actor) ([]int64, error) {
	centres, err := s.svc.ListCentres(r.Context(), a)
	if err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, c := range centres {
		parent[c.ID] = c.ParentID
	}
	reads := func(id int64, below bool) bool {
		return slices.ContainsFunc(a.Grants, func(g bianmin.Grant) bool {
			return g.CentreID == id && slices.Contains(auditReaders, g.Role) && (!below || g.Role.SeesSubtree())
		})
	}
	out := []int64{}
	for _, c := range centres {
		in := reads(c.ID, false)
		for up := c.ParentID; !in && up != 0; up = parent[up] {
			in = reads(up, true)
		}
		if in {
			out = append(out, c.ID)
		}
	}
	return out, nil
}

// auditFilter reads the search form; the caller's audit scope is always
// applied, so a search never crosses it (SECURITY.md item 9).
func auditFilter(r *http.Request, scope []int64) (store.AuditFilter, map[string]string, error) {
	q := r.URL.Query()
	form := map[string]string{}
	for _, k := range auditFilterFields {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	f := store.AuditFilter{Centres: scope, NoCentre: true, Actor: form["actor"],
		ActionPrefix: form["action"], RuleID: form["rule"], Result: form["result"]}
	if typ, id, ok := strings.Cut(form["object"], ":"); ok {
		f.ObjectType, f.ObjectID = typ, id
	} else {
		f.ObjectType = form["object"]
	}
	var v bianmin.Validation
	if form["from"] != "" {
		t, err := time.ParseInLocation(bianmin.DateLayout, form["from"], bianmin.Shanghai)
		if err != nil {
			v.Add("from", "起始日期格式应为 YYYY-MM-DD。", "From must be a date YYYY-MM-DD.")
		}
		f.From = t
	}
	if form["to"] != "" {
		t, err := time.ParseInLocation(bianmin.DateLayout, form["to"], bianmin.Shanghai)
		if err != nil {
			v.Add("to", "截止日期格式应为 YYYY-MM-DD。", "To must be a date YYYY-MM-DD.")
		}
		f.To = t.AddDate(0, 0, 1)
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	return f, form, v.Err()
}

func (s *Server) pageAudit(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudit(w, r, nil)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, report *store.AuditReport) error {
	a := req(r).Actor
	scope, err := s.auditScope(r, a)
	if err != nil {
		return err
	}
	f, form, err := auditFilter(r, scope)
	data := map[string]any{"F": form, "Results": []string{bianmin.ResultOK, bianmin.ResultDenied, bianmin.ResultFailed}}
	status := http.StatusOK
	if err != nil {
		data["Errors"] = errorMessages(bianmin.AsError(err), req(r).Lang)
		status = http.StatusBadRequest
	} else {
		entries, total, err := store.SearchAudit(r.Context(), s.svc.DB, f)
		if err != nil {
			return err
		}
		data["Entries"], data["Total"] = entries, total
		if err := s.svc.RecordAuditSearch(r.Context(), a, form, total); err != nil {
			return err
		}
	}
	vals := url.Values{}
	for k, v := range form {
		if v != "" {
			vals.Set(k, v)
		}
	}
	// Whole URLs: html/template would escape a query spliced into an
	// href after "?", and the exports would then ignore the filter.
	vals.Set("format", "xlsx")
	data["ExportXLSX"] = "/audit/export?" + vals.Encode()
	vals.Set("format", "csv")
	data["ExportCSV"] = "/audit/export?" + vals.Encode()
	if report != nil {
		data["Report"], data["ReportText"] = report, report.String(req(r).Lang)
	}
	s.render(w, r, status, "audit", data)
	return nil
}

func (s *Server) doAuditVerify(w http.ResponseWriter, r *http.Request) error {
	report, err := s.svc.VerifyAudit(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	return s.renderAudit(w, r, &report)
}

// exportAudit writes the filtered log as XLSX or CSV; the export itself is audited.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) error {
	a := req(r).Actor
	scope, err := s.auditScope(r, a)
	if err != nil {
		return err
	}
	f, form, err := auditFilter(r, scope)
	if err != nil {
		return err
	}
	f.Limit = store.MaxAuditLimit
	entries, _, err := store.SearchAudit(r.Context(), s.svc.DB, f)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if err := s.svc.RecordAuditExport(r.Context(), a, form, format, len(entries)); err != nil {
		return err
	}
	name := "audit-" + bianmin.LocalDate(s.svc.Clock.Now())
	lang := req(r).Lang
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		return audit.WriteCSV(w, entries, lang)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	return audit.WriteXLSX(w, entries, lang)
}

type auditListResponse struct {
	Total   int                   `json:"total"`
	Entries []*bianmin.AuditEntry `json:"entries"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	a := req(r).Actor
	scope, err := s.auditScope(r, a)
	if err != nil {
		return err
	}
	f, form, err := auditFilter(r, scope)
	if err != nil {
		return err
	}
	entries, total, err := store.SearchAudit(r.Context(), s.svc.DB, f)
	if err != nil {
		return err
	}
	if err := s.svc.RecordAuditSearch(r.Context(), a, form, total); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditListResponse{Total: total, Entries: entries})
	return nil
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) error {
	report, err := s.svc.VerifyAudit(r.Context(), req(r).Actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, report)
	return nil
}
