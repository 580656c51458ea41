package queue

import (
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func TestPick(t *testing.T) {
	slot := func(min int) *time.Time { s := at(min); return &s }
	n := func(id int64, min int) Candidate {
		return Candidate{ID: id, Kind: bianmin.TicketNormal, OrderAt: at(min)}
	}
	g := func(id int64, min int) Candidate {
		return Candidate{ID: id, Kind: bianmin.TicketGreen, OrderAt: at(min)}
	}
	ap := func(id int64, min, slotMin int) Candidate {
		return Candidate{ID: id, Kind: bianmin.TicketAppointment, OrderAt: at(min), SlotAt: slot(slotMin)}
	}
	cases := []struct {
		name          string
		cands         []Candidate
		now           int // minutes after 09:00
		greenRun, max int
		want          int64
		rule          string
		none          bool
	}{
		{name: "nothing waits", none: true},
		{name: "arrival order (Q-1)", cands: []Candidate{n(2, 5), n(1, 3), n(3, 4)}, want: 1, rule: "Q-1"},
		{name: "same instant: lower ID", cands: []Candidate{n(7, 3), n(4, 3)}, want: 4, rule: "Q-1"},
		{name: "green before earlier normal (Q-2)", cands: []Candidate{n(1, 0), g(2, 9)}, max: 3, want: 2, rule: "Q-2"},
		{name: "green run at the limit lets one normal go", cands: []Candidate{n(1, 0), g(2, 9)}, greenRun: 3, max: 3, want: 1, rule: "Q-1"},
		{name: "green run at the limit, no normal waits", cands: []Candidate{g(2, 9)}, greenRun: 3, max: 3, want: 2, rule: "Q-2"},
		{name: "no limit: green always first", cands: []Candidate{n(1, 0), g(2, 9)}, greenRun: 50, max: 0, want: 2, rule: "Q-2"},
		{name: "appointment at its slot beats green", cands: []Candidate{g(1, 0), ap(2, 5, 10)}, now: 10, want: 2, rule: "Q-2"},
		{name: "appointment before its slot waits by arrival", cands: []Candidate{n(1, 0), ap(2, 5, 30)}, now: 10, want: 1, rule: "Q-1"},
		{name: "early appointment alone is called", cands: []Candidate{ap(2, 5, 30)}, now: 10, want: 2, rule: "Q-1"},
		{name: "earliest slot first", cands: []Candidate{ap(1, 0, 20), ap(2, 1, 10)}, now: 25, want: 2, rule: "Q-2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Pick(c.cands, at(c.now), c.greenRun, c.max)
			if ok == c.none {
				t.Fatalf("ok = %v", ok)
			}
			if !c.none && (got.ID != c.want || got.Rule != c.rule) {
				t.Fatalf("got %+v, want %d by %s", got, c.want, c.rule)
			}
		})
	}
}

func TestGreenRun(t *testing.T) {
	G, N := bianmin.TicketGreen, bianmin.TicketNormal
	for _, c := range []struct {
		kinds []bianmin.TicketKind
		want  int
	}{{nil, 0}, {[]bianmin.TicketKind{N}, 0}, {[]bianmin.TicketKind{G, N, G, G}, 2}, {[]bianmin.TicketKind{G, G, G}, 3}} {
		if got := GreenRun(c.kinds); got != c.want {
			t.Errorf("GreenRun(%v) = %d, want %d", c.kinds, got, c.want)
		}
	}
}

func TestReactivatedOrder(t *testing.T) {
	waiting := []time.Time{at(1), at(2), at(3)}
	front := at(0)
	for _, c := range []struct {
		after int
		want  time.Time
	}{{0, front}, {1, at(1).Add(time.Microsecond)}, {2, at(2).Add(time.Microsecond)}, {9, at(3).Add(time.Microsecond)}} {
		if got := ReactivatedOrder(waiting, c.after, front); !got.Equal(c.want) {
			t.Errorf("after %d: %v, want %v", c.after, got, c.want)
		}
	}
	if got := ReactivatedOrder(nil, 2, front); !got.Equal(front) {
		t.Errorf("nobody waiting: %v", got)
	}
}

func TestIssueOpen(t *testing.T) {
	sessions := []calendar.Span{{Start: 8 * 60, End: 12 * 60}, {Start: 13*60 + 30, End: 17 * 60}}
	local := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, bianmin.Shanghai) }
	for _, c := range []struct {
		h, m, stop int
		want       bool
	}{
		{7, 59, 0, false}, {8, 0, 0, true}, {11, 59, 0, true}, {12, 0, 0, false}, {12, 45, 0, false},
		{13, 30, 0, true}, {16, 59, 0, true}, {17, 0, 0, false},
		{16, 29, 30, true}, {16, 30, 30, false}, {11, 30, 30, false}, {11, 29, 30, true},
	} {
		if got := IssueOpen(local(c.h, c.m), sessions, c.stop); got != c.want {
			t.Errorf("%02d:%02d stop %d: %v, want %v", c.h, c.m, c.stop, got, c.want)
		}
	}
	if IssueOpen(local(9, 0), nil, 0) {
		t.Error("a closed day issues tickets")
	}
}

func TestServiceDateRollsOverAtShanghaiMidnight(t *testing.T) {
	before := time.Date(2026, 3, 2, 15, 59, 59, 900_000_000, time.UTC) // 23:59:59.9 local
	if got := bianmin.LocalDate(before); got != "2026-03-02" {
		t.Fatalf("before midnight: %s", got)
	}
	if got := bianmin.LocalDate(before.Add(200 * time.Millisecond)); got != "2026-03-03" {
		t.Fatalf("after midnight: %s", got)
	}
}

func TestAgeOn(t *testing.T) {
	// 11010519660302001X-style numbers need a valid check character; build one.
	id := bianmin.WithIDCheck("11010519660302001")
	d := func(s string) calendar.Date { x, _ := calendar.ParseDate(s); return x }
	for _, c := range []struct {
		day  string
		want int
	}{{"2026-03-01", 59}, {"2026-03-02", 60}, {"2027-03-01", 60}} {
		got, ok := AgeOn(id, d(c.day))
		if !ok || got != c.want {
			t.Errorf("age on %s: %d %v, want %d", c.day, got, ok, c.want)
		}
	}
	if !OffersGreen(id, d("2026-03-02"), 60) || OffersGreen(id, d("2026-03-01"), 60) {
		t.Error("green offer at the 60th birthday")
	}
	wrong := id[:17] + map[bool]string{true: "1", false: "0"}[id[17] == '0']
	if _, ok := AgeOn(wrong, d("2026-03-02")); ok {
		t.Errorf("%s with a wrong check character was accepted", wrong)
	}
}

func TestEstimateWait(t *testing.T) {
	m := time.Minute
	for _, c := range []struct {
		ahead   int
		recent  []time.Duration
		windows int
		want    time.Duration
	}{
		{0, []time.Duration{m}, 1, 0},
		{3, nil, 1, 15 * m},                                  // the default 5 minutes each
		{4, []time.Duration{2 * m, 4 * m, 60 * m}, 2, 8 * m}, // median 4, shared by 2 windows
		{2, []time.Duration{2 * m, 4 * m}, 0, 6 * m},         // even count: mean of the middle two; no window counts as one
	} {
		if got := EstimateWait(c.ahead, c.recent, c.windows); got != c.want {
			t.Errorf("EstimateWait(%d, %v, %d) = %v, want %v", c.ahead, c.recent, c.windows, got, c.want)
		}
	}
}

func TestAnnounce(t *testing.T) {
	a := Announce("A023", "5")
	if a.Text != "请 A023 号到 5 号窗口办理" || a.Speech != "请 A 零 二 三 号到 5 号窗口办理" || a.TextEN != "Number A023, please go to window 5" {
		t.Fatalf("%+v", a)
	}
}
