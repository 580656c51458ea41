package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/demo"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestLoadSetsUpQueuesAndDevices: the demo hall has its queues, every one
// called by a window and offering published items, a kiosk, a display
// and a pad per window, whose printed pairing codes pair them once.
func TestLoadSetsUpQueuesAndDevices(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, bianmin.SystemClock{}, nil)
		_, pairings, err := demo.LoadWithDevices(ctx, svc)
		if err != nil {
			t.Fatal(err)
		}
		c := demoCentre(t, ctx, svc)
		sys := bianmin.SystemActor("test")
		qs, err := svc.ListQueues(ctx, sys, c.ID)
		if err != nil || len(qs) != 6 || qs[0].Prefix != "A" {
			t.Fatalf("queues: %v %+v", err, qs)
		}
		menu, err := svc.StaffMenu(ctx, sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, kq := range menu.Queues {
			if len(kq.Queue.WindowIDs) == 0 || len(kq.Items) == 0 {
				t.Errorf("queue %s: %d windows, %d items", kq.Queue.Prefix, len(kq.Queue.WindowIDs), len(kq.Items))
			}
		}
		kinds := map[bianmin.DeviceKind]int{}
		for _, p := range pairings {
			kinds[p.Kind]++
		}
		if kinds[bianmin.DeviceKiosk] != 1 || kinds[bianmin.DeviceDisplay] != 1 || kinds[bianmin.DevicePad] != 5 {
			t.Fatalf("devices: %v", kinds)
		}
		var out bytes.Buffer
		demo.PrintPairings(&out, pairings)
		if !strings.Contains(out.String(), pairings[0].Path()) || strings.Count(out.String(), "/device/pair?code=") != 7 {
			t.Fatalf("printed:\n%s", out.String())
		}
		_, d, err := svc.PairDevice(ctx, pairings[0].Code, "127.0.0.1")
		if err != nil || d.Kind != pairings[0].Kind {
			t.Fatalf("pair with the printed code: %v", err)
		}
	})
}
