package web

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	goqr "github.com/piglig/go-qr"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// statusPage is the citizen's status page (/t/{token}) on a phone.
type statusPage struct {
	It       *service.IssuedTicket
	Queue    string
	Item     string
	Centre   string
	APIPath  string
	GoWindow string // "请到 {n} 号窗口办理": ticket.js puts the number in
	Wait     string // "约 {n} 分钟"
	Statuses []choice
	Unknown  bool
}

// tokenPattern is the shape of a status token (base64url of 256 bits);
// anything else is answered 404 without touching the database.
var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{20,100}$`)

func (s *Server) pageTicketStatus(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.LimitTicketStatus(actorContext(r), req(r).Source); err != nil {
		return err
	}
	token := r.PathValue("token")
	var it *service.IssuedTicket
	var err error = bianmin.ErrNotFound
	if tokenPattern.MatchString(token) {
		it, err = s.svc.TicketStatus(r.Context(), token)
	}
	if errors.Is(err, bianmin.ErrNotFound) {
		s.renderBare(w, r, http.StatusNotFound, "ticket_status", &statusPage{Unknown: true})
		return nil
	}
	if err != nil {
		return err
	}
	lang := req(r).Lang
	p := &statusPage{It: it, Queue: pick(lang, it.QueueName, cmpOr(it.QueueNameEN, it.QueueName)),
		Item:     cmpOr(it.Ticket.ItemName, T(lang, "ticket.other_item")),
		Centre:   pick(lang, it.CentreName, cmpOr(it.CentreNameEN, it.CentreName)),
		APIPath:  "/api/v1/public/tickets/" + token,
		GoWindow: T(lang, "ticket.go_window", "{n}"),
		Wait:     strings.Replace(T(lang, "ticket.wait_n", 987654), "987654", "{n}", 1)}
	for _, st := range []bianmin.TicketStatus{bianmin.TicketWaiting, bianmin.TicketCalled, bianmin.TicketServing,
		bianmin.TicketDone, bianmin.TicketNoShow, bianmin.TicketCancelled} {
		p.Statuses = append(p.Statuses, choice{string(st), T(lang, "ticket.s_"+string(st)), st == it.Ticket.Status})
	}
	s.renderBare(w, r, http.StatusOK, "ticket_status", p)
	return nil
}

// ticketQR draws the QR code of a status page's absolute address for the
// receipt. It needs no database: the token is only put into the picture.
func (s *Server) ticketQR(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !tokenPattern.MatchString(token) {
		return bianmin.ErrNotFound
	}
	qr, err := goqr.EncodeText(baseURL(r, s.cfg.TLS)+"/t/"+token, goqr.Medium)
	if err != nil {
		return err
	}
	png, err := qr.ToPNGBytes(goqr.NewQrCodeImgConfig(6, 4))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Write(png)
	return nil
}
