package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// pairPage is the device pairing form.
type pairPage struct {
	Code   string
	Errors []string
}

func (s *Server) pagePair(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	s.renderBare(w, r, http.StatusOK, "device_pair", &pairPage{Code: r.URL.Query().Get("code")})
	return nil
}

// doPair consumes the code, keeps the device's token in this browser and
// opens the device's own page.
func (s *Server) doPair(w http.ResponseWriter, r *http.Request) error {
	token, d, err := s.svc.PairDevice(r.Context(), r.PostFormValue("code"), req(r).Source)
	if err != nil {
		if d, ok := service.RetryAfter(err); ok {
			retryAfter(w, d)
		}
		return s.formError(w, r, err, func(status int, errs []string) error {
			s.renderBare(w, r, status, "device_pair", &pairPage{Errors: errs})
			return nil
		})
	}
	s.setDeviceCookie(w, token)
	http.Redirect(w, r, "/"+string(d.Kind), http.StatusSeeOther)
	return nil
}

// kioskPage is one of the kiosk's three screens: queues, the items of a
// queue, and the confirmation with the optional ID number and phone.
type kioskPage struct {
	Menu    *service.KioskMenu
	Tiles   []kioskTile // step 1: queues; step 2: items
	Queue   *kioskTile  // steps 2 and 3
	Item    *kioskTile  // step 3; nil for other business
	Step    int
	IdemKey string
	Errors  []string
	Here    string
}

// kioskTile is one big button.
type kioskTile struct {
	Href, Label, Sub, Icon, Prefix, Code string
	ID                                   int64
	Waiting                              int
}

func (s *Server) pageKiosk(w http.ResponseWriter, r *http.Request) error {
	return s.renderKiosk(w, r, http.StatusOK, nil)
}

// renderKiosk picks the screen from the query: ?queue=ID shows its items,
// &item=CODE (or &other=1) the confirmation. An unknown queue or item
// falls back to the screen before it.
func (s *Server) renderKiosk(w http.ResponseWriter, r *http.Request, status int, errs []string) error {
	m, err := s.svc.Menu(r.Context(), req(r).Device)
	if err != nil {
		return err
	}
	lang, q := req(r).Lang, r.Form
	if q == nil {
		q = r.URL.Query()
	}
	p := &kioskPage{Menu: m, Step: 1, Errors: errs, Here: "/kiosk"}
	if r.Method == http.MethodGet {
		p.Here = r.URL.RequestURI()
	}
	kq := m.Queue(idValue(q.Get("queue")))
	if !m.Issuing || kq == nil {
		for _, x := range m.Queues {
			p.Tiles = append(p.Tiles, queueTile(lang, &x))
		}
		return s.kioskScreen(w, r, status, p)
	}
	qt := queueTile(lang, kq)
	p.Queue, p.Step = &qt, 2
	if r.Method != http.MethodGet {
		p.Here = qt.Href
	}
	item := kq.Item(q.Get("item"))
	if item == nil && q.Get("other") != "1" {
		for _, it := range kq.Items {
			p.Tiles = append(p.Tiles, kioskTile{Href: qt.Href + "&" + url.Values{"item": {it.Code}}.Encode(),
				Label: pick(lang, it.Name, cmpOr(it.NameEN, it.Name)), Code: it.Code})
		}
		return s.kioskScreen(w, r, status, p)
	}
	p.Step, p.IdemKey = 3, newIdemKey()
	if item != nil {
		p.Item = &kioskTile{Label: pick(lang, item.Name, cmpOr(item.NameEN, item.Name)), Code: item.Code}
	}
	return s.kioskScreen(w, r, status, p)
}

// Keys are the digits of the on-screen keypad, in keypad order.
func (p *kioskPage) Keys() []string {
	return []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}
}

func queueTile(lang string, q *service.KioskQueue) kioskTile {
	return kioskTile{Href: "/kiosk?" + url.Values{"queue": {idText(q.Queue.ID)}}.Encode(), ID: q.Queue.ID,
		Label: pick(lang, q.Queue.Name, cmpOr(q.Queue.NameEN, q.Queue.Name)), Icon: iconOf(q.Queue.Icon),
		Prefix: q.Queue.Prefix, Waiting: q.Waiting}
}

func (s *Server) kioskScreen(w http.ResponseWriter, r *http.Request, status int, p *kioskPage) error {
	w.Header().Set("Cache-Control", "no-store") // an entered ID must not stay in a cache
	s.renderBare(w, r, status, "kiosk", p)
	return nil
}

// newIdemKey is the idempotency key of one confirmation screen: a retry of
// the same form after a timeout finds the ticket it already got
// (SECURITY.md item 45). 128 random bits, as a UUID's.
func newIdemKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// doKioskIssue issues the ticket and opens its receipt; a refusal shows
// the confirmation again with the reason (and Retry-After for a limit).
func (s *Server) doKioskIssue(w http.ResponseWriter, r *http.Request) error {
	ir := service.IssueRequest{QueueID: idValue(r.PostFormValue("queue_id")), ItemCode: r.PostFormValue("item_code"),
		IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"), Green: r.PostFormValue("green") == "1",
		IdemKey: r.PostFormValue("idem_key")}
	it, err := s.svc.IssueAtKiosk(actorContext(r), req(r).Device, ir)
	if err != nil {
		if d, ok := service.RetryAfter(err); ok {
			retryAfter(w, d)
		}
		return s.formError(w, r, err, func(status int, errs []string) error {
			r.Form = url.Values{"queue": {idText(ir.QueueID)}, "item": {ir.ItemCode}}
			if ir.ItemCode == "" {
				r.Form.Set("other", "1")
			}
			return s.renderKiosk(w, r, status, errs)
		})
	}
	http.Redirect(w, r, "/kiosk/tickets/"+strconv.FormatInt(it.Ticket.ID, 10), http.StatusSeeOther)
	return nil
}

// receiptPage is the 80 mm receipt: the kiosk prints it once and returns
// to its start; the guide desk prints it on demand.
type receiptPage struct {
	It          *service.IssuedTicket
	Queue, Item string
	Centre      string
	Issued      string
	StatusURL   string
	QRPath      string
	AutoPrint   bool
	IdleSeconds int
	Back        string
}

func (s *Server) pageKioskTicket(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d := req(r).Device
	it, err := s.svc.TicketForDevice(r.Context(), d, id)
	if err != nil {
		return err
	}
	p, _, err := s.svc.EffectivePolicy(r.Context(), d.CentreID)
	if err != nil {
		return err
	}
	return s.renderReceipt(w, r, it, true, p.Queue.KioskIdleResetSeconds, "/kiosk")
}

func (s *Server) renderReceipt(w http.ResponseWriter, r *http.Request, it *service.IssuedTicket, auto bool, idle int, back string) error {
	lang := req(r).Lang
	p := &receiptPage{It: it, Queue: pick(lang, it.QueueName, cmpOr(it.QueueNameEN, it.QueueName)),
		Item: cmpOr(it.Ticket.ItemName, T(lang, "ticket.other_item")), Centre: pick(lang, it.CentreName, cmpOr(it.CentreNameEN, it.CentreName)),
		Issued:    it.Ticket.IssuedAt.In(bianmin.Shanghai).Format("2006-01-02 15:04"),
		StatusURL: baseURL(r, s.cfg.TLS) + it.StatusPath, QRPath: it.StatusPath + "/qr.png",
		AutoPrint: auto, IdleSeconds: idle, Back: back}
	w.Header().Set("Cache-Control", "no-store")
	s.renderBare(w, r, http.StatusOK, "kiosk_ticket", p)
	return nil
}
