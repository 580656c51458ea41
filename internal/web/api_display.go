package web

import "net/http"

// apiState answers the display's state as JSON: what the page reads when
// it cannot keep an event stream open.
func (d *hallScreens) apiState(w http.ResponseWriter, r *http.Request) error {
	st, err := d.s.svc.Display(r.Context(), req(r).Device.CentreID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
