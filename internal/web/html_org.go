package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// orgPage is what org.html shows: the centre's departments (ORG-1, ORG-4,
// R7.2), windows with their A and B posts (ORG-1, ORG-2), staff profiles
// (ORG-3) and the flag of windows missing a post.
type orgPage struct {
	CentreID    int64
	Centres     []*bianmin.Centre
	Edit        bool // director or office: the forms are shown
	Departments []*bianmin.Department
	Windows     []*bianmin.Window
	Missing     []*bianmin.Window
	Items       []*bianmin.ServiceItem // versions a window may handle
	Staff       []*staffView
	Clerks      []*staffView // candidates for the A and B posts
	ChiefReps   []*staffView // candidates for chief representative
	NewDept     *bianmin.Department
	NewWindow   *bianmin.Window
	Confirm     map[int64]bool // departments (0: the new one) whose code fails its check: show the R7.2b box
	DeptNames   map[int64]string
	ItemNames   map[int64]string
	UserNames   map[int64]string
	Errors      []string
	Notice      string
}

func (s *Server) pageOrg(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	notice := ""
	if r.URL.Query().Get("saved") == "1" {
		notice = T(req(r).Lang, "org.saved")
	}
	return s.renderOrg(w, r, centreID, http.StatusOK, nil, notice, nil)
}

// renderOrg loads the centre's organisation; again, when set, puts the
// values of a refused form back into the page.
func (s *Server) renderOrg(w http.ResponseWriter, r *http.Request, centreID int64, status int, errs []string, notice string, again func(*orgPage)) error {
	ctx, a := r.Context(), req(r).Actor
	p := &orgPage{CentreID: centreID, Edit: a.HasAnyRole(catalogEditors...), Errors: errs, Notice: notice,
		NewDept: &bianmin.Department{}, NewWindow: &bianmin.Window{Kind: bianmin.WindowGeneral}, Confirm: map[int64]bool{}}
	var err error
	if p.Centres, err = s.svc.ListCentres(ctx, a); err != nil {
		return err
	}
	if p.Departments, err = s.svc.ListDepartments(ctx, a, centreID); err != nil {
		return err
	}
	if p.Windows, err = s.svc.ListWindows(ctx, a, centreID); err != nil {
		return err
	}
	if p.Missing, err = s.svc.WindowsMissingPosts(ctx, a, centreID); err != nil {
		return err
	}
	if p.Items, err = s.windowItemChoices(r, centreID); err != nil {
		return err
	}
	if p.Staff, err = s.centreStaff(r, centreID); err != nil {
		return err
	}
	p.index(req(r).Lang)
	if again != nil {
		again(p)
	}
	s.render(w, r, status, "org", p)
	return nil
}

// windowItemChoices are the items a window may handle: every published
// version (windows follow an item to its next published version, R9.2) and
// the newest version of every item not yet published.
func (s *Server) windowItemChoices(r *http.Request, centreID int64) ([]*bianmin.ServiceItem, error) {
	ctx, a := r.Context(), req(r).Actor
	published, err := s.svc.ListItems(ctx, a, centreID, service.ItemQuery{Status: bianmin.ItemPublished})
	if err != nil {
		return nil, err
	}
	newest, err := s.svc.ListItems(ctx, a, centreID, service.ItemQuery{})
	if err != nil {
		return nil, err
	}
	out := slices.Clone(published)
	for _, it := range newest {
		if !slices.ContainsFunc(published, func(p *bianmin.ServiceItem) bool { return p.ImplCode == it.ImplCode }) {
			out = append(out, it)
		}
	}
	return out, nil
}

// index fills the name maps and the candidate lists of the selects.
func (p *orgPage) index(lang string) {
	p.DeptNames, p.ItemNames, p.UserNames = map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, d := range p.Departments {
		p.DeptNames[d.ID] = pick(lang, d.Name, cmpOr(d.NameEN, d.Name))
	}
	for _, it := range p.Items {
		p.ItemNames[it.ID] = pick(lang, it.Name, cmpOr(it.NameEN, it.Name)) + " v" + strconv.Itoa(it.Version)
	}
	for _, u := range p.Staff {
		p.UserNames[u.ID] = u.DisplayName
		if u.Disabled {
			continue
		}
		if holdsAt(u, bianmin.RoleClerk, p.CentreID) {
			p.Clerks = append(p.Clerks, u)
		}
		if holdsAt(u, bianmin.RoleChiefRep, p.CentreID) {
			p.ChiefReps = append(p.ChiefReps, u)
		}
	}
}

// holdsAt reports whether the account holds the role at the centre itself:
// posts and chief representatives are people of that centre (ORG-2, ORG-4).
func holdsAt(u *staffView, role bianmin.Role, centreID int64) bool {
	return slices.ContainsFunc(u.Grants, func(g bianmin.Grant) bool { return g.Role == role && g.CentreID == centreID })
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// orgDone answers a successful change with a redirect to the page, so a
// reload does not send the form again.
func orgDone(w http.ResponseWriter, r *http.Request, centreID int64, anchor string) error {
	q := url.Values{"centre_id": {strconv.FormatInt(centreID, 10)}, "saved": {"1"}}
	http.Redirect(w, r, "/admin/org?"+q.Encode()+"#"+anchor, http.StatusSeeOther)
	return nil
}

// optionalPathID is the {id} of an update route, or 0 on a create route.
func optionalPathID(r *http.Request) (int64, error) {
	if r.PathValue("id") == "" {
		return 0, nil
	}
	return pathID(r)
}

// centreAndOptionalID reads the page's centre and the {id} of an edit (0 for a new record).
func centreAndOptionalID(r *http.Request) (int64, int64, error) {
	centreID, err := pageCentre(r)
	if err != nil {
		return 0, 0, err
	}
	id, err := optionalPathID(r)
	return centreID, id, err
}

func (s *Server) doSaveDepartment(w http.ResponseWriter, r *http.Request) error {
	centreID, id, err := centreAndOptionalID(r)
	if err != nil {
		return err
	}
	d := &bianmin.Department{ID: id, CentreID: centreID, Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
		CreditCode: r.PostFormValue("credit_code"), CreditCodeOverride: r.PostFormValue("credit_code_override") == "1",
		ChiefRepUserID: idValue(r.PostFormValue("chief_rep_user_id"))}
	if err := s.svc.SaveDepartment(r.Context(), req(r).Actor, d); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderOrg(w, r, centreID, status, errs, "", func(p *orgPage) {
				p.Confirm[id] = hasRule(err, "credit_code", "R7.2b")
				if id == 0 {
					p.NewDept = d
					return
				}
				replaceByID(p.Departments, d, func(x *bianmin.Department) int64 { return x.ID })
			})
		})
	}
	return orgDone(w, r, centreID, "dept-"+strconv.FormatInt(d.ID, 10))
}

// hasRule reports whether a refusal names the field under the rule: the
// R7.2b check-character warning shows the confirm box.
func hasRule(err error, field, rule string) bool {
	e := bianmin.AsError(err)
	for _, d := range append([]*bianmin.Error{e}, e.Details...) {
		if d.Field == field && d.Rule == rule {
			return true
		}
	}
	return false
}

// replaceByID puts v in place of the element with the same ID.
func replaceByID[T any](xs []*T, v *T, id func(*T) int64) {
	for i, x := range xs {
		if id(x) == id(v) {
			xs[i] = v
		}
	}
}

func (s *Server) doSaveWindow(w http.ResponseWriter, r *http.Request) error {
	centreID, id, err := centreAndOptionalID(r)
	if err != nil {
		return err
	}
	win := &bianmin.Window{ID: id, CentreID: centreID, Number: r.PostFormValue("number"), Name: r.PostFormValue("name"),
		NameEN: r.PostFormValue("name_en"), Zone: r.PostFormValue("zone"), Kind: bianmin.WindowKind(r.PostFormValue("kind")),
		DepartmentIDs: idValues(r.PostForm["department_ids"]), ItemIDs: idValues(r.PostForm["item_ids"])}
	if id == 0 {
		win.AUserID, win.BUserID = idValue(r.PostFormValue("a_user_id")), idValue(r.PostFormValue("b_user_id"))
	}
	if err := s.svc.SaveWindow(r.Context(), req(r).Actor, win); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderOrg(w, r, centreID, status, errs, "", func(p *orgPage) {
				if id == 0 {
					p.NewWindow = win
					return
				}
				for _, cur := range p.Windows {
					if cur.ID == id {
						win.AUserID, win.BUserID = cur.AUserID, cur.BUserID
					}
				}
				replaceByID(p.Windows, win, func(x *bianmin.Window) int64 { return x.ID })
			})
		})
	}
	return orgDone(w, r, centreID, "win-"+strconv.FormatInt(win.ID, 10))
}

func (s *Server) doSetPosts(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aID, bID := idValue(r.PostFormValue("a_user_id")), idValue(r.PostFormValue("b_user_id"))
	if err := s.svc.SetWindowPosts(r.Context(), req(r).Actor, id, aID, bID); err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderOrg(w, r, centreID, status, errs, "", func(p *orgPage) {
				for i, cur := range p.Windows {
					if cur.ID == id {
						c := *cur
						c.AUserID, c.BUserID = aID, bID
						p.Windows[i] = &c
					}
				}
			})
		})
	}
	return orgDone(w, r, centreID, "posts-"+strconv.FormatInt(id, 10))
}

// doSaveStaff saves a staff profile (ORG-3); a chosen photo is stored first
// (SaveFile: JPEG or PNG, re-encoded, SECURITY.md item 37). An empty phone
// keeps the current one, which the page never shows unmasked.
func (s *Server) doSaveStaff(w http.ResponseWriter, r *http.Request) error {
	done, err := parseUpload(r)
	defer done()
	if err != nil {
		return err
	}
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), req(r).Actor
	staff, err := s.centreStaff(r, centreID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(staff, func(u *staffView) bool { return u.ID == id })
	if i < 0 {
		return bianmin.ErrNotFound
	}
	p := service.StaffProfile{StaffNo: r.PostFormValue("staff_no"), DepartmentID: idValue(r.PostFormValue("department_id")),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), PhotoFileID: idValue(r.PostFormValue("photo_file_id"))}
	if p.Phone == "" {
		p.Phone = staff[i].Phone
	}
	photo, err := s.saveUpload(r, centreID, "photo")
	if err == nil {
		if photo != 0 {
			p.PhotoFileID = photo
		}
		err = s.svc.SaveStaffProfile(ctx, a, id, p)
	}
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderOrg(w, r, centreID, status, errs, "", func(pg *orgPage) {
				for i, u := range pg.Staff {
					if u.ID == id {
						c := *u
						c.StaffNo, c.DepartmentID = p.StaffNo, p.DepartmentID
						pg.Staff[i] = &c
					}
				}
			})
		})
	}
	return orgDone(w, r, centreID, "staff-"+strconv.FormatInt(id, 10))
}

// missingPostsFlag is the director's flag on the workbench: the numbers of
// the home centre's windows without both an A and a B holder (ORG-2). A
// failure to read it leaves the flag out rather than the workbench: the
// organisation page shows the same list and reports its errors.
func (s *Server) missingPostsFlag(r *http.Request) string {
	a := req(r).Actor
	if !a.HasRole(bianmin.RoleDirector) {
		return ""
	}
	ws, err := s.svc.WindowsMissingPosts(r.Context(), a, homeCentre(a))
	if err != nil || len(ws) == 0 {
		return ""
	}
	var names []string
	for _, w := range ws {
		names = append(names, w.Number+" "+pick(req(r).Lang, w.Name, cmpOr(w.NameEN, w.Name)))
	}
	return T(req(r).Lang, "staff.flag_missing", strings.Join(names, pick(req(r).Lang, "、", ", ")))
}

// winForm is what the window sub-forms of org.html need: the window, the
// page's choices and a prefix that keeps the element IDs unique.
type winForm struct {
	W      *bianmin.Window
	Page   *orgPage
	L      string
	Prefix string
}

// WinForm is called by org.html for each window form (ID 0: the new window).
func (p *orgPage) WinForm(w *bianmin.Window, lang string) winForm {
	prefix := "nw"
	if w.ID != 0 {
		prefix = "w" + strconv.FormatInt(w.ID, 10)
	}
	return winForm{W: w, Page: p, L: lang, Prefix: prefix}
}

func init() {
	funcs["hasID"] = func(ids []int64, id int64) bool { return slices.Contains(ids, id) }
}

// staffView is a staff account as the organisation page and API use it.
type staffView = service.StaffMember

// centreStaff lists the centre's accounts with roles and profiles: the
// choices of the post and chief-representative selects and the profile rows.
func (s *Server) centreStaff(r *http.Request, centreID int64) ([]*staffView, error) {
	staff, err := s.svc.StaffOfCentre(r.Context(), req(r).Actor, centreID)
	if err != nil {
		return nil, err
	}
	out := make([]*staffView, len(staff))
	for i := range staff {
		out[i] = &staff[i]
	}
	return out, nil
}
