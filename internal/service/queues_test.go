package service_test

import (
	"errors"
	"testing"

	"bianmin/internal/bianmin"
)

func TestQueuesAndDevices(t *testing.T) {
	forEachHall(t, func(t *testing.T, h *hallEnv) {
		qs, err := h.svc.ListQueues(h.ctx, h.w1a, h.townA)
		if err != nil || len(qs) != 2 || qs[0].Prefix != "A" || len(qs[1].WindowIDs) != 2 {
			t.Fatalf("queues: %v %+v", err, qs)
		}
		dup := &bianmin.Queue{CentreID: h.townA, Prefix: "a", Name: "重复", Active: true}
		if e := wantCode(t, h.svc.SaveQueue(h.ctx, h.director, dup), bianmin.ECONFLICT, "duplicate prefix"); e.Field != "prefix" || e.Rule != "Q-1" {
			t.Fatalf("duplicate prefix: %+v", e)
		}
		bad := &bianmin.Queue{CentreID: h.townA, Prefix: "A1", Name: "", Active: true}
		if f := fields(h.svc.SaveQueue(h.ctx, h.director, bad)); !f["prefix"] || !f["name"] {
			t.Fatalf("validation fields: %v", f)
		}
		wantForbidden(t, h.svc.SaveQueue(h.ctx, h.w1a, &bianmin.Queue{CentreID: h.townA, Prefix: "C", Name: "x"}), "clerk saves queue")

		d, err := h.svc.AuthenticateDevice(h.ctx, h.kioskToken, "10.0.0.9")
		if err != nil || d.ID != h.kiosk.ID || d.Kind != bianmin.DeviceKiosk {
			t.Fatalf("authenticate kiosk: %v %+v", err, d)
		}
		code, err := h.svc.NewPairingCode(h.ctx, h.director, h.kiosk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := h.svc.PairDevice(h.ctx, code, "10.0.0.9"); err != nil {
			t.Fatalf("re-pair: %v", err)
		}
		if _, _, err := h.svc.PairDevice(h.ctx, code, "10.0.0.9"); fields(err)["code"] != true {
			t.Fatalf("a pairing code worked twice: %v", err)
		}
		if n := h.auditRows("device.pair", "SECURITY-9", bianmin.ResultFailed); n != 1 {
			t.Fatalf("%d failed pairings audited, want 1", n)
		}
		if _, err := h.svc.AuthenticateDevice(h.ctx, h.kioskToken, "x"); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("old token after re-pairing: %v", err)
		}
		if err := h.svc.RevokeDevice(h.ctx, h.director, h.display.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.AuthenticateDevice(h.ctx, h.displayToken, "x"); !errors.Is(err, bianmin.ErrUnauthorized) {
			t.Fatalf("revoked display: %v", err)
		}
		if _, err := h.svc.CreateDevice(h.ctx, h.director, &bianmin.Device{CentreID: h.townA, Kind: bianmin.DevicePad, Name: "无窗口"}); fields(err)["window_id"] != true {
			t.Fatalf("pad without window: %v", err)
		}
	})
}
