package service

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// PairingTTL is how long a device's pairing code works.
const PairingTTL = 24 * time.Hour

// pairingAlphabet leaves out letters and digits that read alike (0/O, 1/I/L).
const pairingAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newPairingCode returns ten characters from crypto/rand (about 50 bits),
// shown once to the administrator and typed or opened on the device.
func newPairingCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = pairingAlphabet[int(b[i])%len(pairingAlphabet)]
	}
	return string(b)
}

func normalizePairingCode(code string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
}

var errPairingCode = bianmin.FieldError("code", "配对码无效或已过期，请向管理员重新获取。",
	"The pairing code is wrong or has expired; ask an administrator for a new one.")

// ListDevices returns a centre's registered kiosks, displays and pads.
func (s *Service) ListDevices(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Device, error) {
	if err := s.readScoped(ctx, a, centreID, "device.list", "device"); err != nil {
		return nil, err
	}
	out := []*bianmin.Device{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ds, err := store.Devices(ctx, tx, centreID)
		out = append(out, ds...)
		return err
	})
	return out, err
}

// CreateDevice registers a kiosk, display or pad (a pad belongs to a window
// of the centre) and returns its one-time pairing code, valid PairingTTL.
func (s *Service) CreateDevice(ctx context.Context, a *bianmin.Actor, d *bianmin.Device) (string, error) {
	if a == nil {
		return "", bianmin.ErrUnauthorized
	}
	d.Name = strings.TrimSpace(d.Name)
	code := newPairingCode()
	err := s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "device.create", ObjectType: "device"}
		if err := guardQueueEdit(ctx, tx, a, e); err != nil {
			return err
		}
		var v bianmin.Validation
		if !d.Kind.Valid() {
			v.Add("kind", "设备类型须为取号机、叫号屏或评价器。", "The device kind must be kiosk, display or pad.")
		}
		if !textOK(d.Name, 1, 50) {
			v.Add("name", "设备名称须为 1 至 50 个字符。", "The device name must have 1 to 50 characters.")
		}
		if d.Kind == bianmin.DevicePad {
			w, err := store.WindowByID(ctx, tx, d.WindowID)
			if err != nil || w.CentreID != d.CentreID {
				v.Add("window_id", "评价器须绑定本中心的一个窗口。", "A pad must belong to a window of the centre.")
			}
		} else {
			d.WindowID = 0
		}
		if err := v.Err(); err != nil {
			return err
		}
		return store.CreateDevice(ctx, tx, d, auth.TokenHash(code), tx.Now.Add(PairingTTL), a)
	})
	return code, err
}

// NewPairingCode issues a fresh pairing code for a device, e.g. after its
// browser was reset; the old token keeps working until the code is used.
func (s *Service) NewPairingCode(ctx context.Context, a *bianmin.Actor, deviceID int64) (string, error) {
	if a == nil {
		return "", bianmin.ErrUnauthorized
	}
	code := newPairingCode()
	err := s.write(ctx, func(tx *store.Tx) error {
		d, err := store.DeviceByID(ctx, tx, deviceID)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "device.pairing_code", ObjectType: "device", ObjectID: idStr(d.ID)}
		if err := guardQueueEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := store.SetPairingCode(ctx, tx, d.ID, auth.TokenHash(code), tx.Now.Add(PairingTTL)); err != nil {
			return err
		}
		e.RuleID = "SECURITY-9"
		return store.Audit(ctx, tx, a, e)
	})
	return code, err
}

// RevokeDevice ends a device's access at once (a stolen pad or kiosk).
func (s *Service) RevokeDevice(ctx context.Context, a *bianmin.Actor, deviceID int64) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		d, err := store.DeviceByID(ctx, tx, deviceID)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "device.revoke", ObjectType: "device", ObjectID: idStr(d.ID)}
		if err := guardQueueEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := store.RevokeDevice(ctx, tx, d.ID); err != nil {
			return err
		}
		e.RuleID = "SECURITY-9"
		return store.Audit(ctx, tx, a, e)
	})
}

// PairDevice consumes a pairing code on the device itself and returns the
// device's token (kept in its browser). A code works once; attempts are
// limited per address like logins, so codes cannot be guessed.
func (s *Service) PairDevice(ctx context.Context, code, source string) (string, *bianmin.Device, error) {
	code = normalizePairingCode(code)
	token, hash := auth.NewToken()
	var d *bianmin.Device
	err := s.write(ctx, func(tx *store.Tx) error {
		n, _, err := store.HitRate(ctx, tx, "device.pair:"+source, time.Minute)
		if err != nil {
			return err
		}
		if n > 10 {
			return retryErr(bianmin.Errorf(bianmin.ETOOMANY, "配对尝试过于频繁，请一分钟后再试。",
				"Too many pairing attempts; try again in a minute."), time.Minute)
		}
		d, err = store.PairDevice(ctx, tx, auth.TokenHash(code), hash)
		if errors.Is(err, bianmin.ErrNotFound) {
			// Failed attempts are audited (SECURITY.md item 11) and counted above.
			return refuse(ctx, tx, &bianmin.Actor{Username: "anonymous", Source: source}, bianmin.AuditEntry{
				Action: "device.pair", ObjectType: "device", Result: bianmin.ResultFailed, RuleID: "SECURITY-9"}, errPairingCode)
		}
		if err != nil {
			return err
		}
		return store.Audit(ctx, tx, d.Actor(source), bianmin.AuditEntry{CentreID: d.CentreID, Action: "device.pair",
			ObjectType: "device", ObjectID: idStr(d.ID), RuleID: "SECURITY-9"})
	})
	if err != nil {
		return "", nil, err
	}
	return token, d, nil
}

// AuthenticateDevice returns the paired, unrevoked device of a token and
// notes when it was last seen (at most once a minute, so a display's
// events do not write).
func (s *Service) AuthenticateDevice(ctx context.Context, token, source string) (*bianmin.Device, error) {
	if token == "" {
		return nil, bianmin.ErrUnauthorized
	}
	var d *bianmin.Device
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		d, err = store.DeviceByToken(ctx, tx, auth.TokenHash(token))
		return err
	})
	if err != nil {
		return nil, bianmin.ErrUnauthorized
	}
	if d.LastSeenAt == nil || s.Clock.Now().Sub(*d.LastSeenAt) > time.Minute {
		s.DB.Write(ctx, func(tx *store.Tx) error { return store.TouchDevice(ctx, tx, d.ID) })
	}
	return d, nil
}
