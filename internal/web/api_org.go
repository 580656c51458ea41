package web

import (
	"net/http"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// orgAPIRoutes: departments (ORG-1, ORG-4, R7.2/R7.2b), windows and their
// A and B posts (ORG-1, ORG-2), staff profiles (ORG-3) and uploads
// (SECURITY.md item 37) under /api/v1.
func (s *Server) orgAPIRoutes() []route {
	edit := rolesOnly(catalogEditors...)
	rs := []route{
		{method: "GET", pattern: "/api/v1/centres/{id}/departments", access: anyStaff, h: s.apiDepartments,
			doc: apiDoc{Summary: "A centre's departments with credit code and chief representative (ORG-1, ORG-4)", Tag: "organisation", Response: departmentsResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/departments", access: edit, h: s.apiCreateDepartment,
			doc: apiDoc{Summary: "Create a department; a credit code failing its check character needs credit_code_override (R7.2b)", Tag: "organisation", Body: bianmin.Department{}, Response: bianmin.Department{}}},
		{method: "PUT", pattern: "/api/v1/departments/{id}", access: edit, h: s.apiUpdateDepartment,
			doc: apiDoc{Summary: "Change a department's names, credit code and chief representative (ORG-4)", Tag: "organisation", Body: bianmin.Department{}, Response: bianmin.Department{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/windows", access: anyStaff, h: s.apiWindows,
			doc: apiDoc{Summary: "A centre's windows with departments, items and A/B post holders (ORG-1, ORG-2)", Tag: "organisation", Response: windowsResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/windows/missing-posts", access: anyStaff, h: s.apiMissingPosts,
			doc: apiDoc{Summary: "Windows without both an active A and B post holder: the director's flag (ORG-2)", Tag: "organisation", Response: windowsResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/windows", access: edit, h: s.apiCreateWindow,
			doc: apiDoc{Summary: "Create a window (posts optional; A and B are two different clerks, ORG-2)", Tag: "organisation", Body: bianmin.Window{}, Response: bianmin.Window{}}},
		{method: "PUT", pattern: "/api/v1/windows/{id}", access: edit, h: s.apiUpdateWindow,
			doc: apiDoc{Summary: "Change a window's number, names, zone, kind, departments and items; posts are kept", Tag: "organisation", Body: bianmin.Window{}, Response: bianmin.Window{}}},
		{method: "PUT", pattern: "/api/v1/windows/{id}/posts", access: edit, h: s.apiSetPosts,
			doc: apiDoc{Summary: "Name the A and B post holders: two different active clerks of the centre (ORG-2)", Tag: "organisation", Body: postsRequest{}, Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/staff", access: anyStaff, h: s.apiStaff,
			doc: apiDoc{Summary: "A centre's staff with roles, staff number, department and photo; phone masked (ORG-3)", Tag: "organisation", Response: staffResponse{}}},
		{method: "PUT", pattern: "/api/v1/staff/{id}/profile", access: edit, h: s.apiSaveProfile,
			doc: apiDoc{Summary: "Replace a staff member's staff number, department, phone and photo (ORG-3); not login or roles", Tag: "organisation", Body: service.StaffProfile{}, Response: okResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/files", access: edit, h: withUploadLimit(s.apiUpload),
			doc: apiDoc{Summary: "Upload a blank form, sample or photo as multipart field \"file\": PDF, JPEG or PNG, at most 10 MB (SECURITY.md item 37)", Tag: "files", Response: fileResponse{}}},
		{method: "GET", pattern: "/api/v1/files/{id}", access: anyStaff, h: s.staffFile,
			doc: apiDoc{Summary: "Download any uploaded file of a centre in scope (attachment, sandboxed)", Tag: "files"}},
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}

type departmentsResponse struct {
	Departments []*bianmin.Department `json:"departments"`
}

type windowsResponse struct {
	Windows []*bianmin.Window `json:"windows"`
}

type postsRequest struct {
	AUserID int64 `json:"a_user_id"`
	BUserID int64 `json:"b_user_id"`
}

// staffEntry is a staff member as the API shows it: the phone masked
// (SECURITY.md item 26), no login data beyond the username.
type staffEntry struct {
	ID           int64           `json:"id"`
	Username     string          `json:"username"`
	DisplayName  string          `json:"display_name"`
	StaffNo      string          `json:"staff_no"`
	DepartmentID int64           `json:"department_id,omitempty"`
	Phone        string          `json:"phone_masked,omitempty"`
	PhotoFileID  int64           `json:"photo_file_id,omitempty"`
	Disabled     bool            `json:"disabled"`
	Grants       []bianmin.Grant `json:"grants"`
}

type staffResponse struct {
	Staff []staffEntry `json:"staff"`
}

type fileResponse struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// apiCentre is the {id} of a centre path.
func apiCentre(r *http.Request) (int64, error) { return pathID(r) }

func (s *Server) apiDepartments(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	ds, err := s.svc.ListDepartments(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, departmentsResponse{Departments: append([]*bianmin.Department{}, ds...)})
	return nil
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var d bianmin.Department
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	d.ID, d.CentreID = 0, id
	if err := s.svc.SaveDepartment(r.Context(), req(r).Actor, &d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiUpdateDepartment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d bianmin.Department
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	d.ID = id
	if err := s.svc.SaveDepartment(r.Context(), req(r).Actor, &d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiWindows(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	ws, err := s.svc.ListWindows(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, windowsResponse{Windows: append([]*bianmin.Window{}, ws...)})
	return nil
}

func (s *Server) apiMissingPosts(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	ws, err := s.svc.WindowsMissingPosts(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, windowsResponse{Windows: append([]*bianmin.Window{}, ws...)})
	return nil
}

func (s *Server) apiCreateWindow(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var win bianmin.Window
	if err := decodeJSON(r, &win); err != nil {
		return err
	}
	win.ID, win.CentreID = 0, id
	if err := s.svc.SaveWindow(r.Context(), req(r).Actor, &win); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, win)
	return nil
}

func (s *Server) apiUpdateWindow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var win bianmin.Window
	if err := decodeJSON(r, &win); err != nil {
		return err
	}
	win.ID = id
	if err := s.svc.SaveWindow(r.Context(), req(r).Actor, &win); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, win)
	return nil
}

func (s *Server) apiSetPosts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in postsRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.SetWindowPosts(r.Context(), req(r).Actor, id, in.AUserID, in.BUserID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	staff, err := s.centreStaff(r, id)
	if err != nil {
		return err
	}
	out := staffResponse{Staff: []staffEntry{}}
	for _, u := range staff {
		out.Staff = append(out.Staff, staffEntry{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
			StaffNo: u.StaffNo, DepartmentID: u.DepartmentID, Phone: bianmin.MaskPhone(u.Phone), PhotoFileID: u.PhotoFileID,
			Disabled: u.Disabled, Grants: append([]bianmin.Grant{}, u.Grants...)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSaveProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var p service.StaffProfile
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	if err := s.svc.SaveStaffProfile(r.Context(), req(r).Actor, id, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}

// apiUpload stores the multipart field "file" for the centre.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	done, err := parseUpload(r)
	defer done()
	if err != nil {
		return err
	}
	name, data, ok, err := formFile(r, "file")
	if err != nil {
		return err
	}
	if !ok {
		return bianmin.FieldError("file", "请以 multipart 字段 file 上传文件。", "Send the file as multipart field \"file\".")
	}
	f, err := s.svc.SaveFile(r.Context(), req(r).Actor, id, name, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, fileResponse{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256})
	return nil
}
