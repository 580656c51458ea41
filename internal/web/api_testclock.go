package web

import (
	"net/http"
	"time"

	"bianmin/internal/bianmin"
)

type clockRequest struct {
	Set     string `json:"set,omitempty"`     // RFC 3339 instant to move to
	Advance string `json:"advance,omitempty"` // Go duration, e.g. "36h"
	Freeze  bool   `json:"freeze,omitempty"`
}

type clockResponse struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
}

var errNoTestClock = bianmin.Errorf(bianmin.EFORBIDDEN,
	"测试时钟未开启（需以 serve --test-clock 启动）。",
	"The test clock is off (start with serve --test-clock).")

// apiTestClock reads or moves the server's clock for acceptance tests; it is
// refused unless the server runs with --test-clock.
func (s *Server) apiTestClock(w http.ResponseWriter, r *http.Request) error {
	c := s.cfg.TestClock
	if c == nil {
		return errNoTestClock
	}
	if r.Method == http.MethodPost {
		var in clockRequest
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if in.Set != "" {
			t, err := time.Parse(time.RFC3339, in.Set)
			if err != nil {
				return bianmin.FieldError("set", "时间格式应为 RFC 3339，如 2026-01-05T09:00:00+08:00。", "Use RFC 3339, e.g. 2026-01-05T09:00:00+08:00.")
			}
			c.Set(t, in.Freeze)
		}
		if in.Advance != "" {
			d, err := time.ParseDuration(in.Advance)
			if err != nil {
				return bianmin.FieldError("advance", "时长格式无效，如 36h、15m。", "Not a duration, e.g. 36h or 15m.")
			}
			c.Advance(d)
		}
		s.log.Warn("test clock moved", "now", c.Now().Format(time.RFC3339), "request_id", req(r).ID)
	}
	writeJSON(w, http.StatusOK, clockResponse{Now: c.Now(), Frozen: c.Frozen()})
	return nil
}
