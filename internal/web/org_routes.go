package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// catalogEditors change the organisation and the catalogue: the director or
// the business office, within the scope of those grants (ORG-1..4, CAT-1).
// Staff accounts and role grants stay with the security administrator
// (SECURITY.md item 8). Reading is open to every logged-in account; the
// service keeps it to the account's scope (SECURITY.md item 9).
var catalogEditors = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleOffice}

// orgRoutes are the staff pages and API of the organisation (departments,
// windows, A/B posts, staff profiles, uploads) and the service catalogue.
func (s *Server) orgRoutes() []route {
	edit := rolesOnly(catalogEditors...)
	rs := []route{
		{method: "GET", pattern: "/admin/org", access: anyStaff, h: s.pageOrg},
		{method: "POST", pattern: "/admin/org/departments", access: edit, h: s.doSaveDepartment},
		{method: "POST", pattern: "/admin/org/departments/{id}", access: edit, h: s.doSaveDepartment},
		{method: "POST", pattern: "/admin/org/windows", access: edit, h: s.doSaveWindow},
		{method: "POST", pattern: "/admin/org/windows/{id}", access: edit, h: s.doSaveWindow},
		{method: "POST", pattern: "/admin/org/windows/{id}/posts", access: edit, h: s.doSetPosts},
		{method: "POST", pattern: "/admin/org/staff/{id}", access: edit, h: withUploadLimit(s.doSaveStaff)},
		{method: "GET", pattern: "/admin/files/{id}", access: anyStaff, h: s.staffFile},
		{method: "GET", pattern: "/admin/items", access: anyStaff, h: s.pageItems},
		{method: "GET", pattern: "/admin/items/export", access: anyStaff, h: s.exportCatalogue},
		{method: "POST", pattern: "/admin/items/import", access: edit, h: withUploadLimit(s.doImportCatalogue)},
		{method: "GET", pattern: "/admin/items/new", access: edit, h: s.pageNewItem},
		{method: "POST", pattern: "/admin/items", access: edit, h: withUploadLimit(s.doSaveItem)},
		{method: "GET", pattern: "/admin/items/{id}/edit", access: anyStaff, h: s.pageEditItem},
		{method: "POST", pattern: "/admin/items/{id}", access: edit, h: withUploadLimit(s.doSaveItem)},
		{method: "POST", pattern: "/admin/items/{id}/new-version", access: edit, h: s.doNewVersion},
	}
	rs = append(rs, s.orgAPIRoutes()...)
	return append(rs, s.itemAPIRoutes()...)
}

// uploadLimit bounds an upload request: one file of service.MaxFileSize
// (10 MB, SECURITY.md item 37) with the form around it. Every other route
// keeps maxBody.
const uploadLimit = 12 << 20

// withUploadLimit lets a route take an upload: it replaces the default
// 1 MiB limit of withBasics with uploadLimit on the raw body, so a larger
// body is still refused with 413 before it is read in full.
func withUploadLimit(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if raw := req(r).body; raw != nil {
			r.Body = http.MaxBytesReader(w, raw, uploadLimit)
		}
		return h(w, r)
	}
}

// parseUpload reads a multipart form (or a plain one: the forms also work
// when sent without files) and returns a function that removes its
// temporary files. A body over the limit stays a *http.MaxBytesError (413).
func parseUpload(r *http.Request) (func(), error) {
	err := r.ParseMultipartForm(4 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	done := func() {
		if r.MultipartForm != nil {
			r.MultipartForm.RemoveAll()
		}
	}
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return done, nil
	case errors.As(err, &mbe):
		return done, err
	}
	return done, bianmin.Errorf(bianmin.EINVALID, "提交的表单无法读取，请重新提交。",
		"The form could not be read; please send it again.").Wrap(err)
}

// formFile returns the named uploaded file's name and bytes, or ok=false
// when no file was chosen for it.
func formFile(r *http.Request, field string) (name string, data []byte, ok bool, err error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return "", nil, false, nil
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Size == 0 && fh.Filename == "" {
		return "", nil, false, nil
	}
	data, err = readPart(fh)
	return fh.Filename, data, true, err
}

// readPart reads at most one byte more than service.MaxFileSize, so the
// service can tell an oversized file by its length.
func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, service.MaxFileSize+1))
}

// saveUpload stores the named form file for the centre; id is 0 when none was chosen.
func (s *Server) saveUpload(r *http.Request, centreID int64, field string) (int64, error) {
	name, data, ok, err := formFile(r, field)
	if !ok || err != nil {
		return 0, err
	}
	f, err := s.svc.SaveFile(r.Context(), req(r).Actor, centreID, name, data)
	if err != nil {
		return 0, err
	}
	return f.ID, nil
}

// staffFile sends any file of a centre in the actor's scope (a draft's form,
// a photo not yet on the board) exactly as the public download does: an
// attachment, never sniffed, sandboxed (SECURITY.md item 37).
func (s *Server) staffFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.svc.FileForStaff(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	sendFile(w, f)
	return nil
}

// sendFile sends an upload as an attachment, never sniffed, and sandboxed if
// opened anyway (SECURITY.md item 37), so it cannot run as a page of this site.
func sendFile(w http.ResponseWriter, f *service.File) {
	ct := f.ContentType
	if !downloadTypes[ct] {
		ct = "application/octet-stream"
	}
	name := f.Name
	if name == "" {
		name = "file-" + strconv.FormatInt(f.ID, 10)
	}
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if disp == "" {
		disp = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", disp)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	w.WriteHeader(http.StatusOK)
	w.Write(f.Data)
}

// pageCentre is the centre a staff page works on: ?centre_id= or the
// actor's home centre, which must be in scope.
func pageCentre(r *http.Request) (int64, error) {
	return policyCentre(r, r.FormValue("centre_id"))
}

// idValue parses a form's ID field; empty or malformed is 0.
func idValue(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// idValues parses a multi-select of IDs, dropping malformed ones.
func idValues(vs []string) []int64 {
	out := []int64{}
	for _, v := range vs {
		if id := idValue(v); id != 0 {
			out = append(out, id)
		}
	}
	return out
}
