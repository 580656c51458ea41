package web

import (
	"context"
	"net/http"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

type queuesResponse struct {
	Queues []*bianmin.Queue `json:"queues"`
}

type devicesResponse struct {
	Devices []*bianmin.Device `json:"devices"`
}

// deviceCreated carries the one-time pairing code: it is shown once and
// only its hash is stored.
type deviceCreated struct {
	Device      *bianmin.Device `json:"device"`
	PairingCode string          `json:"pairing_code"`
}

type pairingCodeResponse struct {
	PairingCode string `json:"pairing_code"`
}

type pairRequest struct {
	Code string `json:"code"`
}

type pairResponse struct {
	Token  string          `json:"token"`
	Device *bianmin.Device `json:"device"`
}

// idemHeader is the kiosk's retry key (SECURITY.md item 45).
const idemHeader = "Idempotency-Key"

func (s *Server) apiQueues(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	qs, err := s.svc.ListQueues(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, queuesResponse{Queues: qs})
	return nil
}

func (s *Server) apiCreateQueue(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var q bianmin.Queue
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	q.ID, q.CentreID = 0, id
	if err := s.svc.SaveQueue(r.Context(), req(r).Actor, &q); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, q)
	return nil
}

func (s *Server) apiUpdateQueue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var q bianmin.Queue
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	q.ID = id
	if err := s.svc.SaveQueue(r.Context(), req(r).Actor, &q); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiDevices(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	ds, err := s.svc.ListDevices(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, devicesResponse{Devices: ds})
	return nil
}

func (s *Server) apiCreateDevice(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var d bianmin.Device
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	d = bianmin.Device{CentreID: id, Kind: d.Kind, Name: d.Name, WindowID: d.WindowID}
	code, err := s.svc.CreateDevice(r.Context(), req(r).Actor, &d)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, deviceCreated{Device: &d, PairingCode: code})
	return nil
}

func (s *Server) apiPairingCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	code, err := s.svc.NewPairingCode(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, pairingCodeResponse{PairingCode: code})
	return nil
}

func (s *Server) apiRevokeDevice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.RevokeDevice(r.Context(), req(r).Actor, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{OK: true})
	return nil
}

func (s *Server) apiPair(w http.ResponseWriter, r *http.Request) error {
	var p pairRequest
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	token, d, err := s.svc.PairDevice(r.Context(), p.Code, req(r).Source)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, pairResponse{Token: token, Device: d})
	return nil
}

func (s *Server) apiKioskMenu(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.Menu(r.Context(), req(r).Device)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiKioskIssue(w http.ResponseWriter, r *http.Request) error {
	var ir service.IssueRequest
	if err := decodeJSON(r, &ir); err != nil {
		return err
	}
	ir.IdemKey, ir.AppointmentID, ir.SlotAt = r.Header.Get(idemHeader), 0, nil
	it, err := s.svc.IssueAtKiosk(actorContext(r), req(r).Device, ir)
	if err != nil {
		return err
	}
	writeIssued(w, it)
	return nil
}

func (s *Server) apiStaffIssue(w http.ResponseWriter, r *http.Request) error {
	id, err := apiCentre(r)
	if err != nil {
		return err
	}
	var ir service.IssueRequest
	if err := decodeJSON(r, &ir); err != nil {
		return err
	}
	ir.IdemKey, ir.AppointmentID, ir.SlotAt = r.Header.Get(idemHeader), 0, nil
	it, err := s.svc.IssueByStaff(r.Context(), req(r).Actor, id, ir)
	if err != nil {
		return err
	}
	writeIssued(w, it)
	return nil
}

// writeIssued answers 201 for a new ticket and 200 for a replayed retry.
func writeIssued(w http.ResponseWriter, it *service.IssuedTicket) {
	status := http.StatusCreated
	if it.Replayed {
		status = http.StatusOK
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, it)
}

func (s *Server) apiTicketStatus(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.LimitTicketStatus(actorContext(r), req(r).Source); err != nil {
		return err
	}
	it, err := s.svc.TicketStatus(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, it)
	return nil
}

// actorContext carries the request's actor (a device's, a person's or an
// anonymous citizen's) in the context, so that a service call made with a
// device or a token audits the request's source and ID.
func actorContext(r *http.Request) context.Context {
	return bianmin.WithActor(r.Context(), actorOrAnonymous(r))
}
