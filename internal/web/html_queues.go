package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
)

// queueIcons are the kiosk's own icons (static/icons/<key>.svg); a queue
// with any other key shows the general one.
var queueIcons = []string{"queue", "shebao", "yibao", "minzheng", "jiankang", "guotu", "nongye", "zonghe"}

// iconOf returns a queue's icon key if the kiosk has it, else "queue", so
// that a stored key never becomes a path of its own.
func iconOf(key string) string {
	if slices.Contains(queueIcons, key) {
		return key
	}
	return "queue"
}

// queuesPage is what queues_admin.html shows: the centre's queues with
// forms to change them, and its hall devices with their pairing.
type queuesPage struct {
	CentreID  int64
	Centres   []*bianmin.Centre
	Edit      bool
	Queues    []*queueForm
	NewQueue  *queueForm
	Devices   []*deviceRow
	Windows   []*bianmin.Window
	NewDevice *bianmin.Device
	Pairing   *pairingShown
	Kinds     []choice
	Errors    []string
	Notice    string
}

// queueForm is one queue with the checkboxes of its departments and windows.
type queueForm struct {
	L, Key  string // the page's language; the prefix of the form's element IDs
	Q       *bianmin.Queue
	Depts   []choice
	Windows []choice
	Icons   []choice
}

// choice is one option of a select or one checkbox.
type choice struct {
	Value, Label string
	Selected     bool
}

type deviceRow struct {
	D        *bianmin.Device
	KindName string
	Window   string
}

// pairingShown is a pairing code shown once, right after it was made.
type pairingShown struct {
	Name, Code, URL string
}

func (s *Server) pageQueues(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	notice := ""
	switch {
	case r.URL.Query().Get("saved") == "1":
		notice = T(req(r).Lang, "queues.saved")
	case r.URL.Query().Get("revoked") == "1":
		notice = T(req(r).Lang, "queues.revoked")
	}
	return s.renderQueues(w, r, centreID, http.StatusOK, nil, notice, nil)
}

// renderQueues loads the centre's queues, departments, windows and devices;
// again, when set, puts a refused form or a new pairing code into the page.
func (s *Server) renderQueues(w http.ResponseWriter, r *http.Request, centreID int64, status int, errs []string, notice string, again func(*queuesPage)) error {
	ctx, a, lang := r.Context(), req(r).Actor, req(r).Lang
	p := &queuesPage{CentreID: centreID, Edit: a.HasAnyRole(queueAdmins...), Errors: errs, Notice: notice,
		NewDevice: &bianmin.Device{Kind: bianmin.DeviceKiosk}}
	var err error
	if p.Centres, err = s.svc.ListCentres(ctx, a); err != nil {
		return err
	}
	queues, err := s.svc.ListQueues(ctx, a, centreID)
	if err != nil {
		return err
	}
	depts, err := s.svc.ListDepartments(ctx, a, centreID)
	if err != nil {
		return err
	}
	if p.Windows, err = s.svc.ListWindows(ctx, a, centreID); err != nil {
		return err
	}
	devices, err := s.svc.ListDevices(ctx, a, centreID)
	if err != nil {
		return err
	}
	form := func(q *bianmin.Queue) *queueForm {
		f := &queueForm{L: lang, Key: "qn", Q: q}
		if q.ID != 0 {
			f.Key = "q" + idText(q.ID)
		}
		for _, d := range depts {
			f.Depts = append(f.Depts, choice{idText(d.ID), pick(lang, d.Name, cmpOr(d.NameEN, d.Name)), slices.Contains(q.DepartmentIDs, d.ID)})
		}
		for _, win := range p.Windows {
			f.Windows = append(f.Windows, choice{idText(win.ID), win.Number + " " + pick(lang, win.Name, cmpOr(win.NameEN, win.Name)), slices.Contains(q.WindowIDs, win.ID)})
		}
		for _, k := range queueIcons {
			f.Icons = append(f.Icons, choice{k, T(lang, "icon."+k), k == iconOf(q.Icon)})
		}
		return f
	}
	for _, q := range queues {
		p.Queues = append(p.Queues, form(q))
	}
	p.NewQueue = form(&bianmin.Queue{Active: true, Position: len(queues) + 1})
	for _, d := range devices {
		row := &deviceRow{D: d, KindName: T(lang, "kind."+string(d.Kind))}
		if i := slices.IndexFunc(p.Windows, func(x *bianmin.Window) bool { return x.ID == d.WindowID }); i >= 0 {
			row.Window = p.Windows[i].Number
		}
		p.Devices = append(p.Devices, row)
	}
	if again != nil {
		again(p)
	}
	for _, k := range []bianmin.DeviceKind{bianmin.DeviceKiosk, bianmin.DeviceDisplay, bianmin.DevicePad} {
		p.Kinds = append(p.Kinds, choice{string(k), T(lang, "kind."+string(k)), k == p.NewDevice.Kind})
	}
	w.Header().Set("Cache-Control", "no-store") // a pairing code must not stay in a cache
	s.render(w, r, status, "queues_admin", p)
	return nil
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// queuesDone answers a change with a redirect to the page (PRG).
func queuesDone(w http.ResponseWriter, r *http.Request, centreID int64, flag, anchor string) error {
	q := url.Values{"centre_id": {idText(centreID)}, flag: {"1"}}
	http.Redirect(w, r, "/admin/queues?"+q.Encode()+"#"+anchor, http.StatusSeeOther)
	return nil
}

func (s *Server) doSaveQueue(w http.ResponseWriter, r *http.Request) error {
	centreID, id, err := centreAndOptionalID(r)
	if err != nil {
		return err
	}
	q := &bianmin.Queue{ID: id, CentreID: centreID, Prefix: r.PostFormValue("prefix"), Name: r.PostFormValue("name"),
		NameEN: r.PostFormValue("name_en"), Icon: r.PostFormValue("icon"), Active: r.PostFormValue("active") == "1",
		DepartmentIDs: idValues(r.PostForm["department_ids"]), WindowIDs: idValues(r.PostForm["window_ids"])}
	var v bianmin.Validation
	q.Position = formInt(r, "position", &v, "queues.position")
	q.DailyLimit = formInt(r, "daily_limit", &v, "queues.daily_limit")
	err = v.Err()
	if err == nil {
		err = s.svc.SaveQueue(r.Context(), req(r).Actor, q)
	}
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderQueues(w, r, centreID, status, errs, "", func(p *queuesPage) {
				if id == 0 {
					p.NewQueue = formFor(p.NewQueue, q)
					return
				}
				for i, f := range p.Queues {
					if f.Q.ID == id {
						p.Queues[i] = formFor(f, q)
					}
				}
			})
		})
	}
	return queuesDone(w, r, centreID, "saved", "queue-"+idText(q.ID))
}

// formFor puts the refused values of q into a form, keeping its choices.
func formFor(f *queueForm, q *bianmin.Queue) *queueForm {
	out := &queueForm{L: f.L, Key: f.Key, Q: q}
	for _, c := range f.Depts {
		c.Selected = slices.Contains(q.DepartmentIDs, idValue(c.Value))
		out.Depts = append(out.Depts, c)
	}
	for _, c := range f.Windows {
		c.Selected = slices.Contains(q.WindowIDs, idValue(c.Value))
		out.Windows = append(out.Windows, c)
	}
	for _, c := range f.Icons {
		c.Selected = c.Value == iconOf(q.Icon)
		out.Icons = append(out.Icons, c)
	}
	return out
}

// formInt reads a whole number of a form; anything else is a field error.
func formInt(r *http.Request, field string, v *bianmin.Validation, labelKey string) int {
	raw := strings.TrimSpace(r.PostFormValue(field))
	if raw == "" {
		return 0
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		v.Add(field, T("zh", labelKey)+"须为整数。", T("en", labelKey)+" must be a whole number.")
	}
	return n
}

func (s *Server) doCreateDevice(w http.ResponseWriter, r *http.Request) error {
	centreID, err := pageCentre(r)
	if err != nil {
		return err
	}
	d := &bianmin.Device{CentreID: centreID, Kind: bianmin.DeviceKind(r.PostFormValue("kind")),
		Name: r.PostFormValue("name"), WindowID: idValue(r.PostFormValue("window_id"))}
	code, err := s.svc.CreateDevice(r.Context(), req(r).Actor, d)
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderQueues(w, r, centreID, status, errs, "", func(p *queuesPage) { p.NewDevice = d })
		})
	}
	return s.showPairing(w, r, centreID, d.ID, code)
}

// showPairing answers with the page itself, not a redirect: the one-time
// code must not travel in a URL or the browser history.
func (s *Server) showPairing(w http.ResponseWriter, r *http.Request, centreID, deviceID int64, code string) error {
	return s.renderQueues(w, r, centreID, http.StatusOK, nil, "", func(p *queuesPage) {
		shown := &pairingShown{Code: code, URL: baseURL(r, s.cfg.TLS) + "/device/pair?" + url.Values{"code": {code}}.Encode()}
		for _, d := range p.Devices {
			if d.D.ID == deviceID {
				shown.Name = d.D.Name
			}
		}
		p.Pairing = shown
	})
}

func (s *Server) doPairingCode(w http.ResponseWriter, r *http.Request) error {
	centreID, id, err := centreAndOptionalID(r)
	if err != nil {
		return err
	}
	code, err := s.svc.NewPairingCode(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	return s.showPairing(w, r, centreID, id, code)
}

func (s *Server) doRevokeDevice(w http.ResponseWriter, r *http.Request) error {
	centreID, id, err := centreAndOptionalID(r)
	if err != nil {
		return err
	}
	if err := s.svc.RevokeDevice(r.Context(), req(r).Actor, id); err != nil {
		return err
	}
	return queuesDone(w, r, centreID, "revoked", "devices")
}

// baseURL is the address the request came in on, for links that leave the
// screen: a pairing link, the QR code on a ticket.
func baseURL(r *http.Request, tls bool) string {
	scheme := "http"
	if tls || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
