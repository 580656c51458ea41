package demo

import (
	"context"
	"fmt"
	"io"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
)

// demoQueue is one service group of the demo hall with its ticket letter
// the departments whose items its kiosk button offers and the
// windows (by number) that call it.
type demoQueue struct {
	prefix, name, nameEN, icon string
	depts                      []string // department keys
	windows                    []string // window numbers
}

// queues follow the five windows of seed 002: one queue per specialised
// window, and the general windows 1 and 5 split into the groups citizens
// look for. Window 1 also calls the party and petition queue.
var queues = []demoQueue{
	{"A", "社保", "Social insurance", "shebao", []string{"sb"}, []string{"2"}},
	{"B", "医保", "Medical insurance", "yibao", []string{"yb"}, []string{"3"}},
	{"C", "民政救助", "Civil affairs and assistance", "minzheng", []string{"mz", "cl"}, []string{"1"}},
	{"D", "卫生计生", "Health and family planning", "jiankang", []string{"js"}, []string{"4"}},
	{"E", "国土农业", "Land, planning and agriculture", "guotu", []string{"gt", "ny", "cz", "sl"}, []string{"5"}},
	{"F", "党群信访", "Party services and petitions", "zonghe", []string{"dq", "xf"}, []string{"1"}},
}

// createQueues writes the demo's queues in the windows' transaction, so
// that the windows still tell a complete load from an interrupted one.
func createQueues(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, centreID int64, deptIDs, windowIDs map[string]int64) error {
	for i, dq := range queues {
		q := &bianmin.Queue{CentreID: centreID, Prefix: dq.prefix, Name: dq.name, NameEN: dq.nameEN, Icon: dq.icon,
			Position: i + 1, Active: true}
		for _, d := range dq.depts {
			q.DepartmentIDs = append(q.DepartmentIDs, deptIDs[d])
		}
		for _, w := range dq.windows {
			q.WindowIDs = append(q.WindowIDs, windowIDs[w])
		}
		if err := store.SaveQueue(ctx, tx, q, actor); err != nil {
			return fmt.Errorf("queue %s: %w", dq.prefix, err)
		}
	}
	return nil
}

// Pairing is a demo hall device with its one-time pairing code (valid for
// service.PairingTTL), shown once like the accounts' passwords.
type Pairing struct {
	Kind bianmin.DeviceKind
	Name string
	Code string
}

// Path is the pairing address to open on the device, relative to the server.
func (p Pairing) Path() string { return "/device/pair?code=" + p.Code }

// createDevices registers the hall's kiosk, its display and one
// evaluation pad per window (RT-1), each through the service (audited).
func createDevices(ctx context.Context, svc *service.Service, actor *bianmin.Actor, centreID int64) ([]Pairing, error) {
	var ws []*bianmin.Window
	err := svc.DB.Read(ctx, func(tx *store.Tx) (err error) {
		ws, err = store.Windows(ctx, tx, centreID)
		return err
	})
	if err != nil {
		return nil, err
	}
	devices := []*bianmin.Device{
		{CentreID: centreID, Kind: bianmin.DeviceKiosk, Name: "一楼取号机"},
		{CentreID: centreID, Kind: bianmin.DeviceDisplay, Name: "大厅叫号屏"},
	}
	for _, w := range ws {
		devices = append(devices, &bianmin.Device{CentreID: centreID, Kind: bianmin.DevicePad, Name: w.Number + "号窗口评价器", WindowID: w.ID})
	}
	var out []Pairing
	for _, d := range devices {
		code, err := svc.CreateDevice(ctx, actor, d)
		if err != nil {
			return nil, fmt.Errorf("device %s: %w", d.Name, err)
		}
		out = append(out, Pairing{Kind: d.Kind, Name: d.Name, Code: code})
	}
	return out, nil
}

// PrintPairings writes the devices' pairing addresses the way the demo's
// one-time passwords are printed: once, at the first load.
func PrintPairings(out io.Writer, ps []Pairing) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintln(out, "演示大厅设备（一次性配对地址，24 小时内在设备浏览器中打开）/ Demo hall devices (one-time pairing addresses, open within 24 hours in the device's browser):")
	for _, p := range ps {
		fmt.Fprintf(out, "    %-8s %s  %s\n", p.Kind, p.Path(), p.Name)
	}
}
