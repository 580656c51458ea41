package web

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// itemsPage is what items.html shows: the centre's catalogue with search,
// export and import.
type itemsPage struct {
	CentreID  int64
	Centres   []*bianmin.Centre
	Edit      bool
	Items     []*bianmin.ServiceItem
	DeptNames map[int64]string
	Depts     []*bianmin.Department
	Query     map[string]string
	Errors    []string
	Notice    string
}

func (s *Server) pageItems(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	return s.renderItems(w, r, centreID, http.StatusOK, nil, "")
}

func (s *Server) renderItems(w http.ResponseWriter, r *http.Request, centreID int64, status int, errs []string, notice string) error {
	ctx, a, q := r.Context(), req(r).Actor, r.URL.Query()
	p := &itemsPage{CentreID: centreID, Edit: a.HasAnyRole(catalogEditors...), Errors: errs, Notice: notice,
		Query: map[string]string{"q": q.Get("q"), "status": q.Get("status"), "department_id": q.Get("department_id")}}
	var err error
	if p.Centres, err = s.svc.ListCentres(ctx, a); err != nil {
		return err
	}
	if p.Depts, err = s.svc.ListDepartments(ctx, a, centreID); err != nil {
		return err
	}
	iq := service.ItemQuery{Text: strings.TrimSpace(q.Get("q")), DepartmentID: idValue(q.Get("department_id")),
		Status: bianmin.ItemStatus(q.Get("status"))}
	switch iq.Status {
	case "", bianmin.ItemDraft, bianmin.ItemPublished, bianmin.ItemSuperseded:
	default:
		iq.Status = ""
	}
	if p.Items, err = s.svc.ListItems(ctx, a, centreID, iq); err != nil {
		return err
	}
	p.DeptNames = map[int64]string{}
	for _, d := range p.Depts {
		p.DeptNames[d.ID] = pick(req(r).Lang, d.Name, cmpOr(d.NameEN, d.Name))
	}
	s.render(w, r, status, "items", p)
	return nil
}

// itemPage is what item_edit.html shows: the CAT-1 form of a new item or
// of a stored version (read-only unless it is a draft the actor may edit).
type itemPage struct {
	Form          *itemForm
	Item          *bianmin.ServiceItem // nil for a new item
	Depts         []*bianmin.Department
	Choices       map[string][]option
	Editable      bool
	CanNewVersion bool
	Errors        []string
	Notice        string
}

func (s *Server) pageNewItem(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	return s.renderItemForm(w, r, http.StatusOK, nil, newItemForm(centreID), nil, "")
}

func (s *Server) pageEditItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	it, err := s.svc.Item(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	notice := ""
	if done := r.URL.Query().Get("done"); done == "draft" || done == "published" || done == "version" {
		notice = T(req(r).Lang, "item.saved_"+done)
	}
	return s.renderItemForm(w, r, http.StatusOK, it, formFromItem(it, req(r).Lang), nil, notice)
}

func (s *Server) renderItemForm(w http.ResponseWriter, r *http.Request, status int, it *bianmin.ServiceItem, f *itemForm, errs []string, notice string) error {
	a := req(r).Actor
	depts, err := s.svc.ListDepartments(r.Context(), a, f.CentreID)
	if err != nil {
		return err
	}
	edit := a.HasAnyRole(catalogEditors...)
	f.pad(0)
	s.render(w, r, status, "item_edit", &itemPage{Form: f, Item: it, Depts: depts, Choices: itemChoices(req(r).Lang),
		Editable:      edit && (it == nil || it.Status == bianmin.ItemDraft),
		CanNewVersion: edit && it != nil && it.Status == bianmin.ItemPublished, Errors: errs, Notice: notice})
	return nil
}

// doSaveItem handles every button of the item form: add a materials row
// (re-render, nothing saved), save the draft, or save and publish it
// (R9.2: publishing supersedes the previous published version).
func (s *Server) doSaveItem(w http.ResponseWriter, r *http.Request) error {
	done, err := parseUpload(r)
	defer done()
	if err != nil {
		return err
	}
	id, err := optionalPathID(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), req(r).Actor
	var cur *bianmin.ServiceItem
	var centreID int64
	if id != 0 {
		if cur, err = s.svc.Item(ctx, a, id); err != nil {
			return err
		}
		centreID = cur.CentreID
	} else if centreID, err = pageCentre(r); err != nil {
		return err
	}
	f := formFromRequest(r, id, centreID)
	action := r.PostFormValue("action")
	if action != "add_row" {
		f.compact(func(raw int) bool { return hasFile(r, rowField(raw, "blank")) || hasFile(r, rowField(raw, "sample")) })
	}
	var v bianmin.Validation
	if err := s.materialUploads(r, f, &v); err != nil {
		return err
	}
	if action == "add_row" {
		f.pad(1)
		return s.renderItemForm(w, r, http.StatusOK, cur, f, errorList(v.Err(), req(r).Lang), "")
	}
	it, parseErrs := f.item()
	for _, e := range parseErrs {
		v.AddErr(e)
	}
	if err := v.Err(); err != nil {
		return s.itemFormError(w, r, cur, f, withDomainErrors(err, it))
	}
	if err := s.saveItem(r, id, it, action == "publish"); err != nil {
		f.ID = it.ID // a new item saved before publishing failed is now a draft
		return s.itemFormError(w, r, cur, f, err)
	}
	state := "draft"
	if action == "publish" {
		state = "published"
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/items/%d/edit?done=%s", it.ID, state), http.StatusSeeOther)
	return nil
}

// saveItem creates the draft or replaces it, then publishes it if asked.
func (s *Server) saveItem(r *http.Request, id int64, it *bianmin.ServiceItem, publish bool) error {
	ctx, a := r.Context(), req(r).Actor
	var err error
	if id == 0 {
		err = s.svc.CreateItem(ctx, a, it)
	} else {
		err = s.svc.UpdateDraft(ctx, a, id, it)
	}
	if err != nil || !publish {
		return err
	}
	return s.svc.PublishItem(ctx, a, it.ID)
}

func (s *Server) itemFormError(w http.ResponseWriter, r *http.Request, cur *bianmin.ServiceItem, f *itemForm, err error) error {
	return s.formError(w, r, err, func(status int, errs []string) error {
		return s.renderItemForm(w, r, status, cur, f, errs, "")
	})
}

// withDomainErrors adds the item rules' messages (R1.13, R1.20, C-6, CAT-3,
// materials) to the form's own, so one answer lists every field at fault;
// a field the form already refused is not named twice.
func withDomainErrors(formErr error, it *bianmin.ServiceItem) error {
	var v bianmin.Validation
	seen := map[string]bool{}
	for _, e := range bianmin.AsError(formErr).Details {
		v.AddErr(e)
		seen[e.Field] = true
	}
	if err := it.Validate(); err != nil {
		for _, e := range bianmin.AsError(err).Details {
			if !seen[e.Field] {
				v.AddErr(e)
			}
		}
	}
	return v.Err()
}

func errorList(err error, lang string) []string {
	if err == nil {
		return nil
	}
	return errorMessages(bianmin.AsError(err), lang)
}

func rowField(raw int, kind string) string { return "m" + strconv.Itoa(raw) + "_" + kind }

func hasFile(r *http.Request, field string) bool {
	return r.MultipartForm != nil && len(r.MultipartForm.File[field]) > 0 && r.MultipartForm.File[field][0].Filename != ""
}

// materialUploads stores the blank forms and samples chosen in the rows
// (SECURITY.md item 37). A refused file is a field error naming the row
// ("第 2 项材料：空白表格：…"); any other failure ends the request.
func (s *Server) materialUploads(r *http.Request, f *itemForm, v *bianmin.Validation) error {
	for i := range f.Rows {
		m := &f.Rows[i]
		for _, up := range []struct {
			kind, field, zh, en string
			id                  *int64
		}{{"blank", "blank_form_id", "空白表格", "blank form", &m.BlankFormID}, {"sample", "sample_id", "示范文本", "sample", &m.SampleID}} {
			id, err := s.saveUpload(r, f.CentreID, rowField(m.Raw, up.kind))
			if err == nil && id != 0 {
				*up.id = id
			}
			if err == nil {
				continue
			}
			e := bianmin.AsError(err)
			if e.Code != bianmin.EINVALID {
				return err
			}
			v.AddErr(bianmin.FieldError(fmt.Sprintf("materials[%d].%s", i, up.field),
				fmt.Sprintf("第 %d 项材料：%s：%s", i+1, up.zh, e.ZH),
				fmt.Sprintf("material %d: %s: %s", i+1, up.en, e.EN)).WithRule(e.Rule))
		}
	}
	return nil
}

// doNewVersion opens a new draft version of a published item (R9.2) and
// shows it for editing.
func (s *Server) doNewVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), req(r).Actor
	nv, err := s.svc.NewVersion(ctx, a, id)
	if err != nil {
		cur, ierr := s.svc.Item(ctx, a, id)
		if ierr != nil {
			return err
		}
		return s.itemFormError(w, r, cur, formFromItem(cur, req(r).Lang), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/items/%d/edit?done=version", nv.ID), http.StatusSeeOther)
	return nil
}

// catalogueTypes are the content types of the catalogue files.
var catalogueTypes = map[string]string{
	service.FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	service.FormatJSON: "application/json; charset=utf-8",
}

// exportCatalogue sends the centre's catalogue as a workbook or JSON file
// (format=xlsx|json), built in full before the first byte is sent.
func (s *Server) exportCatalogue(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	return s.sendCatalogue(w, r, centreID, r.URL.Query().Get("format"))
}

func (s *Server) sendCatalogue(w http.ResponseWriter, r *http.Request, centreID int64, format string) error {
	if format == "" {
		format = service.FormatXLSX
	}
	var buf bytes.Buffer
	if err := s.svc.ExportCatalogue(r.Context(), req(r).Actor, centreID, format, &buf); err != nil {
		return err
	}
	name := fmt.Sprintf("catalogue-%d-%s.%s", centreID, bianmin.LocalDate(s.svc.Clock.Now()), format)
	w.Header().Set("Content-Type", catalogueTypes[format])
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	buf.WriteTo(w)
	return nil
}

// doImportCatalogue imports a workbook or JSON file (by its name) all or
// nothing; a refused file lists every bad row.
func (s *Server) doImportCatalogue(w http.ResponseWriter, r *http.Request) error {
	done, err := parseUpload(r)
	defer done()
	if err != nil {
		return err
	}
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	refused := func(err error) error {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderItems(w, r, centreID, status, append([]string{T(req(r).Lang, "items.import_refused")}, errs...), "")
		})
	}
	name, data, ok, err := formFile(r, "file")
	if err != nil {
		return err
	}
	if !ok {
		return refused(bianmin.FieldError("file", "请选择要导入的 Excel 或 JSON 文件。", "Choose an Excel or JSON file to import."))
	}
	format := service.FormatXLSX
	if strings.EqualFold(path.Ext(name), ".json") {
		format = service.FormatJSON
	}
	rep, err := s.svc.ImportCatalogue(r.Context(), req(r).Actor, centreID, format, bytes.NewReader(data))
	if err != nil {
		return refused(err)
	}
	return s.renderItems(w, r, centreID, http.StatusOK, nil,
		T(req(r).Lang, "items.imported", rep.Created, rep.NewVersions, rep.Drafts, rep.Unchanged))
}
