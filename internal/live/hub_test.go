package live

import (
	"testing"
	"time"
)

func TestHubPublishStampsOriginAndRelays(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(7, 4)
	defer cancel()
	var relayed []Event
	h.SetRelay(func(ev Event) { relayed = append(relayed, ev) })
	h.Publish(Event{CentreID: 7, Kind: EventCall, Code: "A001"})
	h.Deliver(Event{CentreID: 7, Kind: EventChange, Origin: "other"})
	h.Publish(Event{CentreID: 8, Kind: EventChange}) // another centre: not for this subscriber
	if ev := <-ch; ev.Origin != h.ID() || ev.Code != "A001" {
		t.Fatalf("first event %+v, want origin %s", ev, h.ID())
	}
	if ev := <-ch; ev.Origin != "other" {
		t.Fatalf("delivered event %+v", ev)
	}
	select {
	case ev := <-ch:
		t.Fatalf("event of another centre delivered: %+v", ev)
	default:
	}
	// An event from another instance is never sent back to the others.
	if len(relayed) != 2 || relayed[0].Code != "A001" || relayed[1].CentreID != 8 {
		t.Fatalf("relayed %+v", relayed)
	}
}

func TestHubSlowSubscriberDoesNotBlock(t *testing.T) {
	h := NewHub()
	_, cancel := h.Subscribe(1, 1) // never read
	defer cancel()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ {
			h.Publish(Event{CentreID: 1, Kind: EventChange})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("publishing blocked on a slow subscriber")
	}
}

func TestHubCentresAndClose(t *testing.T) {
	h := NewHub()
	_, c3 := h.Subscribe(3, 1)
	_, c1 := h.Subscribe(1, 1)
	if got := h.Centres(); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Fatalf("centres %v", got)
	}
	c3()
	if got := h.Centres(); len(got) != 1 || got[0] != 1 {
		t.Fatalf("centres after unsubscribe %v", got)
	}
	h.Close()
	h.Close() // twice is harmless
	c1()
	select {
	case <-h.Done():
	default:
		t.Fatal("Done not closed")
	}
	ch, _ := h.Subscribe(1, 1)
	h.Publish(Event{CentreID: 1})
	select {
	case ev := <-ch:
		t.Fatalf("closed hub delivered %+v", ev)
	default:
	}
}
