package web

import (
	"net/http"

	"bianmin/internal/service"
)

// displayPage is what display.html shows before its script takes over:
// the same state the stream sends, so the screen is right even without it.
type displayPage struct {
	State   *service.DisplayState
	Current *service.DisplayCall
	Recent  []service.DisplayCall
}

func (d *hallScreens) page(w http.ResponseWriter, r *http.Request) error {
	st, err := d.s.svc.Display(r.Context(), req(r).Device.CentreID)
	if err != nil {
		return err
	}
	p := &displayPage{State: st}
	if len(st.Calls) > 0 {
		p.Current, p.Recent = &st.Calls[0], st.Calls[1:]
	}
	d.s.renderBare(w, r, http.StatusOK, "display", p)
	return nil
}
