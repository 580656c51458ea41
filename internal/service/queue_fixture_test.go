package service_test

import (
	"testing"

	"bianmin/internal/bianmin"
)

// hallEnv adds to catEnv a working hall in township A (clock: Monday
// 2026-03-02 09:00 Asia/Shanghai, in the morning session):
//
//	queue A 社保 (dept A1, item SB-001) called by windows 1 and 2;
//	queue B 民政 (dept A2, item MZ-001) called by windows 2 and 3;
//	window 1: A = clerk w1a, B = clerk w1b; window 2: w2a/w2b; window 3: w3a/w3b;
//	a kiosk, a display and a pad at window 1, each paired (tokens kept);
//	a guide and a duty chief.
type hallEnv struct {
	*catEnv
	qA, qB                       *bianmin.Queue
	win1, win2, win3             *bianmin.Window
	w1a, w1b, w2a, w2b, w3a, w3b *bianmin.Actor
	guide, dutyChief             *bianmin.Actor
	kiosk, display, pad1         *bianmin.Device
	kioskToken, displayToken     string
	padToken                     string
}

func forEachHall(t *testing.T, fn func(t *testing.T, h *hallEnv)) {
	t.Helper()
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		h := &hallEnv{catEnv: e}
		sb := e.item("SB-001", "社会保险登记", "Social insurance registration")
		e.mustPublish(e.mustCreate(sb).ID)
		mz := e.item("MZ-001", "高龄津贴申领", "Old-age allowance")
		mz.DepartmentID = e.deptA2
		e.mustPublish(e.mustCreate(mz).ID)
		clerk := func(name string) (*bianmin.User, *bianmin.Actor) {
			u := e.mustUser(name, e.townA, bianmin.Grant{Role: bianmin.RoleClerk, CentreID: e.townA})
			_, a := e.mustLogin(name, acctPW)
			return u, a
		}
		win := func(number string, depts []int64, a, b *bianmin.User) *bianmin.Window {
			w := &bianmin.Window{CentreID: e.townA, Number: number, Name: number + "号窗口", Kind: bianmin.WindowGeneral,
				DepartmentIDs: depts, AUserID: a.ID, BUserID: b.ID}
			if err := e.svc.SaveWindow(e.ctx, e.director, w); err != nil {
				t.Fatalf("window %s: %v", number, err)
			}
			return w
		}
		u1a, a1a := clerk("w1a")
		u1b, a1b := clerk("w1b")
		u2a, a2a := clerk("w2a")
		u2b, a2b := clerk("w2b")
		u3a, a3a := clerk("w3a")
		u3b, a3b := clerk("w3b")
		h.w1a, h.w1b, h.w2a, h.w2b, h.w3a, h.w3b = a1a, a1b, a2a, a2b, a3a, a3b
		h.win1 = win("1", []int64{e.deptA1}, u1a, u1b)
		h.win2 = win("2", []int64{e.deptA1, e.deptA2}, u2a, u2b)
		h.win3 = win("3", []int64{e.deptA2}, u3a, u3b)
		h.qA = &bianmin.Queue{CentreID: e.townA, Prefix: "A", Name: "社保", NameEN: "Social insurance", Icon: "shebao",
			Position: 1, Active: true, DepartmentIDs: []int64{e.deptA1}, WindowIDs: []int64{h.win1.ID, h.win2.ID}}
		h.qB = &bianmin.Queue{CentreID: e.townA, Prefix: "B", Name: "民政", NameEN: "Civil affairs", Icon: "minzheng",
			Position: 2, Active: true, DepartmentIDs: []int64{e.deptA2}, WindowIDs: []int64{h.win2.ID, h.win3.ID}}
		for _, q := range []*bianmin.Queue{h.qA, h.qB} {
			if err := e.svc.SaveQueue(e.ctx, e.director, q); err != nil {
				t.Fatalf("queue %s: %v", q.Prefix, err)
			}
		}
		h.guide = e.mustActor("guide1", bianmin.Grant{Role: bianmin.RoleGuide, CentreID: e.townA})
		h.dutyChief = e.mustActor("chiefduty", bianmin.Grant{Role: bianmin.RoleDutyChief, CentreID: e.townA})
		h.kiosk, h.kioskToken = h.mustDevice(bianmin.DeviceKiosk, "一楼取号机", 0)
		h.display, h.displayToken = h.mustDevice(bianmin.DeviceDisplay, "大厅叫号屏", 0)
		h.pad1, h.padToken = h.mustDevice(bianmin.DevicePad, "1号窗口评价器", h.win1.ID)
		fn(t, h)
	})
}

// mustDevice registers and pairs a device; it returns the device and its token.
func (h *hallEnv) mustDevice(kind bianmin.DeviceKind, name string, windowID int64) (*bianmin.Device, string) {
	h.t.Helper()
	d := &bianmin.Device{CentreID: h.townA, Kind: kind, Name: name, WindowID: windowID}
	code, err := h.svc.CreateDevice(h.ctx, h.director, d)
	if err != nil {
		h.t.Fatalf("device %s: %v", name, err)
	}
	token, paired, err := h.svc.PairDevice(h.ctx, code, "10.0.0.9")
	if err != nil {
		h.t.Fatalf("pair %s: %v", name, err)
	}
	return paired, token
}
