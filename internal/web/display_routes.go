package web

import (
	"context"
	"encoding/json"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
)

// hallScreens serves the hall displays (叫号屏): the page, its event
// stream and its state API. All displays of a centre share one fan-out,
// so a call costs one state read however many screens are connected.
type hallScreens struct {
	s   *Server
	fan *live.Fanout
}

// displayRoutes: the hall display of DOMAIN.md Q-3, for paired display
// devices only; it shows codes, window numbers, states and counts, never
// personal data (R8.3).
func (s *Server) displayRoutes() []route {
	d := &hallScreens{s: s}
	d.fan = live.NewFanout(s.svc.Live, d.loadState, encodeCall)
	d.fan.OnError = func(centreID int64, err error) {
		s.log.Warn("hall display state read failed", "centre", centreID, "err", err.Error())
	}
	display := deviceOnly(bianmin.DeviceDisplay)
	return []route{
		{method: "GET", pattern: "/display", access: display, h: d.page},
		{method: "GET", pattern: "/display/events", access: display, h: d.events},
		{method: "GET", pattern: "/api/v1/display/state", access: display, api: true, h: d.apiState,
			doc: apiDoc{Summary: "The hall display's state for its paired display device (X-Device-Token): latest calls and recalls with announcement, windows with state and code, waiting per queue; no personal data (Q-3, R8.3)",
				Tag: "display", Response: service.DisplayState{Calls: []service.DisplayCall{}, Windows: []service.DisplayWindow{}, Queues: []service.DisplayQueue{}}}},
	}
}

// loadState is the fan-out's one read of a centre's state for all its screens.
func (d *hallScreens) loadState(ctx context.Context, centreID int64) ([]byte, error) {
	st, err := d.s.svc.Display(ctx, centreID)
	if err != nil {
		return nil, err
	}
	return json.Marshal(st)
}

// encodeCall is a call or recall as the display receives it.
func encodeCall(ev live.Event) ([]byte, error) { return json.Marshal(service.DisplayCallOf(ev)) }
