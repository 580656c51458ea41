package web

import (
	"net/http"

	"bianmin/internal/service"
)

var (
	padViewExample = service.PadView{WindowNumber: "1", WindowName: "1号窗口", StaffName: "张三", StaffNo: "NH001",
		HasPhoto: true, TicketID: 42, TicketCode: "A023", RatingMinutes: 10, BadCodes: []int{4, 5}}
	padRateExample = service.RateRequest{TicketID: 42, Attitude: 2, Efficiency: 5, Reasons: []string{"slow"}}
)

func (s *Server) apiPad(w http.ResponseWriter, r *http.Request) error {
	v, err := s.svc.Pad(r.Context(), req(r).Device)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiPadRate(w http.ResponseWriter, r *http.Request) error {
	var body service.RateRequest
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	rating, err := s.svc.Rate(r.Context(), req(r).Device, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rating)
	return nil
}
