package web

import (
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
)

// publicRoutes: the service guide 办事指南 (CAT-2: every CAT-1 field is
// public, on the web and as a printed booklet), the staff board (ORG-3) and
// the downloads they link to. No login; everything here reads published
// data only.
func (s *Server) publicRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/guide", access: public, h: s.pageGuide},
		{method: "GET", pattern: "/guide/print", access: public, h: s.pageGuideBooklet},
		{method: "GET", pattern: "/guide/items/{id}", access: public, h: s.pageGuideItem},
		{method: "GET", pattern: "/guide/items/{id}/print", access: public, h: s.pageGuideItemPrint},
		{method: "GET", pattern: "/board", access: public, h: s.pageBoard},
	}
	api := []route{
		{method: "GET", pattern: "/api/v1/public/centres/{id}/items", access: public, h: s.apiPublicItems,
			doc: apiDoc{Summary: "Published service items of a centre (q = name, English name or pinyin initials; department = ID; event = life event)", Tag: "public", Response: publicItemsResponse{}}},
		{method: "GET", pattern: "/api/v1/public/items/{id}", access: public, h: s.apiPublicItem,
			doc: apiDoc{Summary: "One published service item with every CAT-1 field and its materials checklist (centre = ID, default the first centre)", Tag: "public", Response: bianmin.ServiceItem{}}},
		{method: "GET", pattern: "/api/v1/public/centres/{id}/board", access: public, h: s.apiPublicBoard,
			doc: apiDoc{Summary: "The public staff board (ORG-3): name, staff number, photo, window and post; nothing else personal", Tag: "public", Response: publicBoardResponse{}}},
		{method: "GET", pattern: "/files/{id}", access: public, h: s.downloadFile,
			doc: apiDoc{Summary: "Download a blank form or sample of a published item, or a photo on the staff board (attachment, sandboxed)", Tag: "public"}},
	}
	for i := range api {
		api[i].api = true
	}
	return append(rs, api...)
}

type publicItemsResponse struct {
	Items []*bianmin.ServiceItem `json:"items"`
}

// publicBoardEntry lists exactly what the board shows (ORG-3); the web
// layer names each field so nothing personal slips in.
type publicBoardEntry struct {
	Name         string `json:"name"`
	StaffNo      string `json:"staff_no"`
	PhotoURL     string `json:"photo_url,omitempty"`
	WindowNumber string `json:"window_number"`
	WindowName   string `json:"window_name"`
	Post         string `json:"post"` // "A" or "B" (ORG-2)
	Department   string `json:"department"`
}

type publicBoardResponse struct {
	Entries []publicBoardEntry `json:"entries"`
}

// publicCentre is the centre named by the path; an unknown one is 404.
func (s *Server) publicCentre(r *http.Request) (*bianmin.Centre, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	cs, err := s.svc.PublicCentres(r.Context())
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, bianmin.ErrNotFound
}

func (s *Server) apiPublicItems(w http.ResponseWriter, r *http.Request) error {
	c, err := s.publicCentre(r)
	if err != nil {
		return err
	}
	items, err := s.svc.PublishedItems(r.Context(), c.ID, guideQuery(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, publicItemsResponse{Items: append([]*bianmin.ServiceItem{}, items...)})
	return nil
}

func (s *Server) apiPublicItem(w http.ResponseWriter, r *http.Request) error {
	_, it, _, err := s.guidePublishedItem(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) apiPublicBoard(w http.ResponseWriter, r *http.Request) error {
	c, err := s.publicCentre(r)
	if err != nil {
		return err
	}
	entries, err := s.svc.StaffBoard(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := publicBoardResponse{Entries: []publicBoardEntry{}}
	for _, e := range entries {
		pe := publicBoardEntry{Name: e.Name, StaffNo: e.StaffNo, WindowNumber: e.WindowNumber,
			WindowName: e.WindowName, Post: e.Post, Department: e.Department}
		if e.PhotoFileID != 0 {
			pe.PhotoURL = "/files/" + strconv.FormatInt(e.PhotoFileID, 10)
		}
		out.Entries = append(out.Entries, pe)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// downloadTypes are the content types an upload may have (SECURITY.md item
// 37); anything else is sent as opaque bytes.
var downloadTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true}

// downloadFile sends a public file: a form or sample of a published item or
// a photo on the staff board; any other file is 404. It is always an
// attachment, never sniffed, and sandboxed if opened anyway (SECURITY.md
// item 37), so an uploaded file cannot run as a page of this site.
func (s *Server) downloadFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.svc.PublicFile(r.Context(), id)
	if err != nil {
		return err
	}
	sendFile(w, f)
	return nil
}
