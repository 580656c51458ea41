package web

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// benchScreens is how many hall displays the benchmark connects.
const benchScreens = 1000

// BenchmarkDisplayCall1000 measures a call reaching 1,000 hall displays
// connected over real HTTP on loopback to /display/events of one centre,
// all with the same paired display token. Each iteration publishes one call
// (as a console's call does after its commit) and waits until every screen
// has read it; the metrics are the p50 and p99 of that time-to-all in ms
// (goal: p99 ≤ 200 ms), and the p99 of single deliveries. Run it with a
// bounded count:
//
//	go test ./internal/web -run '^$' -bench DisplayCall1000 -benchtime 50x
func BenchmarkDisplayCall1000(b *testing.B) {
	clock := bianmin.NewTestClock()
	db := testutil.MustOpenDB(b, store.SQLite, clock)
	svc := service.New(db, clock, nil)
	ctx := context.Background()
	if err := svc.Prepare(ctx, ""); err != nil {
		b.Fatal(err)
	}
	c, err := svc.CreateCentre(ctx, bianmin.SystemActor("bench"), bianmin.Centre{RegionCode: "440305010000", Name: "南湖街道便民服务中心", Level: 5})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(svc, Config{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	token := pairDevice(b, svc, c.ID, bianmin.DeviceDisplay)

	sctx, stop := context.WithCancel(ctx)
	defer stop()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchScreens, DisableCompression: true}}
	arrivals := make(chan arrival, benchScreens*4)
	var ready, ended sync.WaitGroup
	ready.Add(benchScreens)
	for i := 0; i < benchScreens; i++ {
		ended.Add(1)
		go func() {
			defer ended.Done()
			benchScreen(sctx, client, ts.URL, token, &ready, arrivals)
		}()
	}
	ready.Wait()

	var toAll, single []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		code := fmt.Sprintf("A%03d", i%1000)
		sent := time.Now()
		svc.Live.Publish(live.Event{CentreID: c.ID, Kind: live.EventCall, Code: code, WindowNumber: "1", At: clock.Now()})
		got, last := 0, time.Duration(0)
		timeout := time.After(10 * time.Second)
		for got < benchScreens {
			select {
			case a := <-arrivals:
				if a.code != code {
					continue
				}
				d := a.at.Sub(sent)
				single = append(single, ms(d))
				last = max(last, d)
				got++
			case <-timeout:
				b.Fatalf("call %s reached %d of %d screens in 10 s", code, got, benchScreens)
			}
		}
		toAll = append(toAll, ms(last))
		b.StopTimer()
		time.Sleep(300 * time.Millisecond) // the state refresh after the call reaches every screen before the next call
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(percentile(toAll, 50), "p50-ms")
	b.ReportMetric(percentile(toAll, 99), "p99-ms")
	b.ReportMetric(percentile(single, 99), "client-p99-ms")
	stop()
	ended.Wait()
}

type arrival struct {
	code string
	at   time.Time
}

// benchScreen is one display: it opens the stream and reports every call it reads.
func benchScreen(ctx context.Context, client *http.Client, base, token string, ready *sync.WaitGroup, out chan<- arrival) {
	once := sync.OnceFunc(ready.Done)
	defer once()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/display/events", nil)
	req.Header.Set(deviceHeader, token)
	resp, err := client.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 4096), 1<<20)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = line[len("event: "):]
		case strings.HasPrefix(line, "data: ") && event == "state":
			once() // connected and served its first state
		case strings.HasPrefix(line, "data: ") && event == "call":
			// The screen's own work stays small: the server's share of the
			// machine's two cores is what is measured.
			at := time.Now()
			if _, rest, ok := strings.Cut(line, `"code":"`); ok {
				code, _, _ := strings.Cut(rest, `"`)
				out <- arrival{code, at}
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}
