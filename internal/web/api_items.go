package web

import (
	"mime"
	"net/http"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// itemAPIRoutes: the service catalogue for staff (CAT-1, versions R9.2) and
// its export and import (xlsx or json, all or nothing) under /api/v1. The
// public guide's API is in public_routes.go.
func (s *Server) itemAPIRoutes() []route {
	edit := rolesOnly(catalogEditors...)
	rs := []route{
		{method: "GET", pattern: "/api/v1/centres/{id}/items", access: anyStaff, h: s.apiItems,
			doc: apiDoc{Summary: "A centre's items: newest version of each, or every version in status= (draft, published, superseded); q = name, English name or pinyin initials; department_id; life_event", Tag: "catalogue", Response: itemsResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/items", access: edit, h: s.apiCreateItem,
			doc: apiDoc{Summary: "Create an item as draft version 1 with every CAT-1 field and its materials (R1.13, R1.20, C-6, CAT-3)", Tag: "catalogue", Body: bianmin.ServiceItem{}, Response: bianmin.ServiceItem{}}},
		{method: "GET", pattern: "/api/v1/items/{id}", access: anyStaff, h: s.apiItem,
			doc: apiDoc{Summary: "Any version of an item, drafts and superseded versions included (R9.2)", Tag: "catalogue", Response: bianmin.ServiceItem{}}},
		{method: "PUT", pattern: "/api/v1/items/{id}", access: edit, h: s.apiUpdateDraft,
			doc: apiDoc{Summary: "Replace every field of a draft; a published version is refused (R9.2)", Tag: "catalogue", Body: bianmin.ServiceItem{}, Response: bianmin.ServiceItem{}}},
		{method: "POST", pattern: "/api/v1/items/{id}/versions", access: edit, h: s.apiNewVersion,
			doc: apiDoc{Summary: "Copy the published version into a new draft, version+1 (R9.2)", Tag: "catalogue", Response: bianmin.ServiceItem{}}},
		{method: "POST", pattern: "/api/v1/items/{id}/publish", access: edit, h: s.apiPublishItem,
			doc: apiDoc{Summary: "Publish a draft; the previous published version becomes superseded and stays for its cases (R9.2)", Tag: "catalogue", Response: bianmin.ServiceItem{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/catalogue", access: anyStaff, h: s.apiExportCatalogue,
			doc: apiDoc{Summary: "Export the catalogue (published and draft versions) as format=xlsx (default) or format=json", Tag: "catalogue"}},
		{method: "POST", pattern: "/api/v1/centres/{id}/catalogue", access: edit, h: withUploadLimit(s.apiImportCatalogue),
			doc: apiDoc{Summary: "Import a catalogue file sent as the body (format=xlsx|json, or by Content-Type): checked in full, all or nothing; errors list every bad row", Tag: "catalogue", Response: service.ImportReport{}}},
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}

type itemsResponse struct {
	Items []*bianmin.ServiceItem `json:"items"`
}

func (s *Server) apiItems(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	st := bianmin.ItemStatus(q.Get("status"))
	switch st {
	case "", bianmin.ItemDraft, bianmin.ItemPublished, bianmin.ItemSuperseded:
	default:
		return bianmin.FieldError("status", "status 须为 draft、published 或 superseded。", "status: draft, published or superseded.")
	}
	items, err := s.svc.ListItems(r.Context(), req(r).Actor, id, service.ItemQuery{Text: strings.TrimSpace(q.Get("q")),
		DepartmentID: idValue(q.Get("department_id")), LifeEvent: q.Get("life_event"), Status: st})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsResponse{Items: append([]*bianmin.ServiceItem{}, items...)})
	return nil
}

func (s *Server) apiItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.writeItem(w, r, http.StatusOK, id)
}

// writeItem answers with the stored version, as the database now holds it.
func (s *Server) writeItem(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	it, err := s.svc.Item(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, it)
	return nil
}

func (s *Server) apiCreateItem(w http.ResponseWriter, r *http.Request) error {
	centreID, err := apiCentre(r)
	if err != nil {
		return err
	}
	var it bianmin.ServiceItem
	if err := decodeJSON(r, &it); err != nil {
		return err
	}
	it.CentreID = centreID
	if err := s.svc.CreateItem(r.Context(), req(r).Actor, &it); err != nil {
		return err
	}
	return s.writeItem(w, r, http.StatusCreated, it.ID)
}

func (s *Server) apiUpdateDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var it bianmin.ServiceItem
	if err := decodeJSON(r, &it); err != nil {
		return err
	}
	if err := s.svc.UpdateDraft(r.Context(), req(r).Actor, id, &it); err != nil {
		return err
	}
	return s.writeItem(w, r, http.StatusOK, id)
}

func (s *Server) apiNewVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nv, err := s.svc.NewVersion(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	return s.writeItem(w, r, http.StatusCreated, nv.ID)
}

func (s *Server) apiPublishItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.PublishItem(r.Context(), req(r).Actor, id); err != nil {
		return err
	}
	return s.writeItem(w, r, http.StatusOK, id)
}

func (s *Server) apiExportCatalogue(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	return s.sendCatalogue(w, r, id, r.URL.Query().Get("format"))
}

// apiImportCatalogue reads the body as the catalogue file; the format is
// format= or, without it, JSON for a JSON Content-Type and a workbook
// otherwise.
func (s *Server) apiImportCatalogue(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = service.FormatXLSX
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/json" {
			format = service.FormatJSON
		}
	}
	rep, err := s.svc.ImportCatalogue(r.Context(), req(r).Actor, id, format, r.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
