package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
)

// pairDevice registers and pairs a device of a centre and returns its token.
func pairDevice(tb testing.TB, svc *service.Service, centreID int64, kind bianmin.DeviceKind) string {
	tb.Helper()
	ctx := context.Background()
	code, err := svc.CreateDevice(ctx, bianmin.SystemActor("test"), &bianmin.Device{CentreID: centreID, Kind: kind, Name: "大厅" + string(kind)})
	if err != nil {
		tb.Fatal(err)
	}
	token, _, err := svc.PairDevice(ctx, code, "127.0.0.1")
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

// sseFrame is one block of an event stream.
type sseFrame struct {
	event, data, comment, retry string
}

// sseReader reads frames from a stream in a goroutine of its own.
type sseReader struct {
	frames chan sseFrame
}

func readSSE(body interface{ Read([]byte) (int, error) }) *sseReader {
	r := &sseReader{frames: make(chan sseFrame, 64)}
	go func() {
		defer close(r.frames)
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var f sseFrame
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				r.frames <- f
				f = sseFrame{}
			case strings.HasPrefix(line, ":"):
				f.comment = strings.TrimSpace(line[1:])
			case strings.HasPrefix(line, "event: "):
				f.event = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				f.data = line[len("data: "):]
			case strings.HasPrefix(line, "retry: "):
				f.retry = line[len("retry: "):]
			}
		}
	}()
	return r
}

// next returns the next frame that matches, failing after within.
func (r *sseReader) next(t *testing.T, within time.Duration, match func(sseFrame) bool) sseFrame {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case f, ok := <-r.frames:
			if !ok {
				t.Fatal("stream ended")
			}
			if match(f) {
				return f
			}
		case <-deadline:
			t.Fatal("no matching frame in time")
		}
	}
}

func openStream(t *testing.T, e *testEnv, token string) (*http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", e.ts.URL+"/display/events", nil)
	req.Header.Set(deviceHeader, token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return resp, cancel
}

// TestDisplayEventStream: a display's stream starts with its retry time and
// the hall's state, forwards a call within a second (with its Mandarin
// announcement, Q-3), sends a fresh state after it and beats while idle.
func TestDisplayEventStream(t *testing.T) {
	defer func(d time.Duration) { sseHeartbeat = d }(sseHeartbeat)
	sseHeartbeat = 300 * time.Millisecond
	e := newTestEnv(t, Config{})
	token := pairDevice(t, e.svc, e.centreA, bianmin.DeviceDisplay)
	resp, _ := openStream(t, e, token)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := readSSE(resp.Body)
	if f := s.next(t, time.Second, func(sseFrame) bool { return true }); f.retry != "2000" {
		t.Fatalf("first frame %+v, want retry: 2000", f)
	}
	f := s.next(t, time.Second, func(f sseFrame) bool { return f.event != "ping" })
	var st service.DisplayState
	if f.event != "state" || json.Unmarshal([]byte(f.data), &st) != nil || st.CentreName != "南湖街道便民服务中心" {
		t.Fatalf("second frame %+v, want the state", f)
	}

	sent := time.Now()
	e.svc.Live.Publish(live.Event{CentreID: e.centreA, Kind: live.EventCall, Code: "A001", WindowNumber: "1", At: e.clock.Now()})
	e.svc.Live.Publish(live.Event{CentreID: e.centreB, Kind: live.EventCall, Code: "B009", WindowNumber: "2"}) // another centre
	f = s.next(t, time.Second, func(f sseFrame) bool { return f.event == "call" })
	var c service.DisplayCall
	if err := json.Unmarshal([]byte(f.data), &c); err != nil || c.Code != "A001" ||
		c.Announcement.Text != "请 A001 号到 1 号窗口办理" || c.Announcement.Speech != "请 A 零 零 一 号到 1 号窗口办理" {
		t.Fatalf("call frame %+v", f)
	}
	t.Logf("call reached the display in %v", time.Since(sent))
	s.next(t, time.Second, func(f sseFrame) bool { return f.event == "state" })
	e.svc.Live.Publish(live.Event{CentreID: e.centreA, Kind: live.EventRecall, Code: "A001", WindowNumber: "1"})
	if f = s.next(t, time.Second, func(f sseFrame) bool { return f.event == "recall" || f.event == "call" }); f.event != "recall" {
		t.Fatalf("after the recall: %+v (the other centre's call must not arrive)", f)
	}
	s.next(t, time.Second, func(f sseFrame) bool { return f.comment == "heartbeat" && f.event == "ping" })

	// Shutting the server down ends the stream instead of holding it open.
	e.svc.Live.Close()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case _, ok := <-s.frames:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("stream still open after the hub closed")
		}
	}
}

// TestDisplayPageAndState: the page and the state API answer a paired
// display only, with codes and windows and nothing personal (R8.3).
func TestDisplayPageAndState(t *testing.T) {
	e := newTestEnv(t, Config{})
	display := pairDevice(t, e.svc, e.centreA, bianmin.DeviceDisplay)
	kiosk := pairDevice(t, e.svc, e.centreA, bianmin.DeviceKiosk)

	page := e.do("GET", "/display", "", "", deviceHeader, display)
	body := readBody(t, page)
	if page.StatusCode != 200 || !strings.Contains(body, `id="display"`) || !strings.Contains(body, "/static/display.js") ||
		!strings.Contains(body, "南湖街道便民服务中心") || !strings.Contains(body, `id="stale"`) {
		t.Fatalf("display page %d: %.400s", page.StatusCode, body)
	}
	api := e.do("GET", "/api/v1/display/state", "", "", deviceHeader, display)
	var st service.DisplayState
	if err := json.NewDecoder(api.Body).Decode(&st); err != nil || api.StatusCode != 200 || st.CentreName == "" {
		t.Fatalf("state API %d: %+v %v", api.StatusCode, st, err)
	}
	for _, path := range []string{"/display", "/display/events", "/api/v1/display/state"} {
		if r := e.do("GET", path, "", "", deviceHeader, kiosk); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s with a kiosk's token: %d", path, r.StatusCode)
		}
		if r := e.do("GET", path, "", ""); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s without a device: %d", path, r.StatusCode)
		}
	}
	for _, clip := range []string{"qing", "hao", "dao", "haochuangkoubanli", "d0", "d9", "shi", "bai", "a", "z"} {
		r := e.do("GET", "/static/voice/"+clip+".wav", "", "")
		if r.StatusCode != 200 {
			t.Errorf("voice clip %s: %d", clip, r.StatusCode)
		}
	}
}
