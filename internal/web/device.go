package web

import (
	"net/http"
	"time"

	"bianmin/internal/bianmin"
)

// deviceCookie holds a paired hall device's token. It lives for a year:
// kiosks and displays run unattended, and revoking the device ends it.
const deviceCookie = "bianmin_device"

// deviceHeader carries the token for API clients of a device.
const deviceHeader = "X-Device-Token"

func deviceOnly(k bianmin.DeviceKind) access { return access{device: k} }

// deviceToken returns the device token of a request: the header for API
// clients, else the cookie set at pairing.
func deviceToken(r *http.Request) string {
	if t := r.Header.Get(deviceHeader); t != "" {
		return t
	}
	if c, err := r.Cookie(deviceCookie); err == nil {
		return c.Value
	}
	return ""
}

// serveDevice runs a device route: the token must belong to a paired,
// unrevoked device of the route's kind; the device acts as the actor.
func (s *Server) serveDevice(w http.ResponseWriter, r *http.Request, rt route) {
	rq := req(r)
	d, err := s.svc.AuthenticateDevice(r.Context(), deviceToken(r), rq.Source)
	if err != nil || d.Kind != rt.access.device {
		w.Header().Set(deniedHeader, "route")
		if rq.Actor != nil {
			s.fail(w, r, rt.api, bianmin.ErrForbidden)
		} else {
			s.fail(w, r, rt.api, errDeviceRequired)
		}
		return
	}
	// The device acts, never a person logged in on the same browser: a
	// clerk's session cannot rate through a pad (R4.8).
	rq.Device = d
	rq.Actor = d.Actor(rq.Source)
	rq.Actor.RequestID, rq.Actor.Lang = rq.ID, rq.Lang
	if err := rt.h(w, r); err != nil {
		s.fail(w, r, rt.api, err)
	}
}

var errDeviceRequired = bianmin.Errorf(bianmin.EFORBIDDEN,
	"此页面只能在已登记的大厅设备上使用，请由管理员配对本设备。",
	"This page runs only on a registered hall device; ask an administrator to pair this device.").WithRule("SECURITY-9")

// setDeviceCookie stores a paired device's token in its browser.
func (s *Server) setDeviceCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.TLS, SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)})
}
