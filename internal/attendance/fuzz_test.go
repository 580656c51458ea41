package attendance_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/attendance"
	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
)

// FuzzParseRecord: any line is either refused on field "record" under
// AT-1, or gives a valid punch that reads back the same once formatted.
func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{
		"1001\t2026-02-09 07:58:12\tin\tfingerprint",
		"1001\t2026-02-09 12:01\tout\tpassword\t大厅1号机",
		"A-7,2026-02-14 08:00:00,签到,指纹",
		"42\t2026-09-20 18:00:00\t1\tPIN\r\n",
		"1001\t2026-02-30 07:58\tin\tpin",
		"1001\t1988-04-10 02:30:00\tin\tpin", // a spring-forward hour of China's 1988 summer time
		"\t\t\t", ",,,,", "1001\t2026-02-09 07:58\tin\tpin\t\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		p, err := attendance.ParseRecord(line)
		if err != nil {
			var e *bianmin.Error
			if !errors.As(err, &e) || e.Field != "record" || e.Rule != "AT-1" || e.ZH == "" || e.EN == "" {
				t.Fatalf("ParseRecord(%q): %v", line, err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("ParseRecord(%q) = %+v, which does not validate: %v", line, p, err)
		}
		back, err := attendance.ParseRecord(attendance.FormatRecord(p))
		if err != nil || !back.At.Equal(p.At) || back.StaffNo != p.StaffNo || back.Kind != p.Kind || back.Method != p.Method || back.Terminal != p.Terminal {
			t.Fatalf("ParseRecord(%q) = %+v, formatted %q reads back as %+v, %v", line, p, attendance.FormatRecord(p), back, err)
		}
	})
}

// FuzzParsePeriod: any text is refused on field "period" under AT-5, or is
// a Monday-to-Sunday week or a whole month whose name reads back.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-W07", "2020-W53", "2021-W53", "2026-02", "2026-13", "", "2026-W00", "9999-W52", "1900-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		per, err := attendance.ParsePeriod(s)
		if err != nil {
			var e *bianmin.Error
			if !errors.As(err, &e) || e.Field != "period" || e.Rule != "AT-5" {
				t.Fatalf("ParsePeriod(%q): %v", s, err)
			}
			return
		}
		if per.String() != s {
			t.Fatalf("ParsePeriod(%q) = %+v named %q", s, per, per.String())
		}
		switch per.Kind {
		case attendance.Weekly:
			if per.From.Weekday() != time.Monday || per.To.Sub(per.From) != 6 {
				t.Fatalf("week %q is %s to %s", s, per.From, per.To)
			}
		case attendance.Monthly:
			if per.From.D != 1 || per.To.AddDays(1).D != 1 || per.From.M != per.To.M {
				t.Fatalf("month %q is %s to %s", s, per.From, per.To)
			}
		default:
			t.Fatalf("ParsePeriod(%q) has kind %q", s, per.Kind)
		}
	})
}

// FuzzEvaluate: random punches, proxies, an excuse and an away time over
// the days around the Spring Festival never panic; every result names a
// known status and its rule, counts absences only under AT-2 and AT-3, and
// every punch of the period appears exactly once on the sheet.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{0, 0x01, 0xe0, 1, 0x02, 0xd0, 2, 0x03, 0x20}, uint16(120), uint16(240), uint8(0), uint16(600), uint16(90), uint8(20), uint8(60), uint8(5), false)
	f.Add([]byte{}, uint16(0), uint16(0), uint8(3), uint16(0), uint16(0), uint8(0), uint8(10), uint8(0), true)
	f.Add([]byte{0xff, 0xff, 0xff, 0x80, 0x00, 0x00}, uint16(4000), uint16(9000), uint8(2), uint16(65535), uint16(65535), uint8(60), uint8(240), uint8(20), true)
	f.Fuzz(func(t *testing.T, raw []byte, exFrom, exLen uint16, exKind uint8, awayFrom, awayLen uint16, late, away, n uint8, summerHours bool) {
		p := policy.Default()
		if summerHours {
			p = summer()
		}
		p.Attendance.LateMinutes, p.Attendance.EarlyMinutes = int(late%61), int(late%61)
		p.Attendance.AwayMinutes = 10 + int(away)%231
		p.Attendance.LatesPerAbsence = int(n % 21)
		// Four days from Thursday 2026-02-12: working, working, make-up
		// Saturday, Spring Festival Sunday.
		per := attendance.Period{Kind: attendance.Weekly, From: calendar.Date{Y: 2026, M: 2, D: 12}, To: calendar.Date{Y: 2026, M: 2, D: 15}}
		base := per.From.Time()
		span := 5 * 24 * 60 // minutes: one day past the period
		var fs attendance.Facts
		for i := 0; i+2 < len(raw) && i < 60; i += 3 {
			m := (int(raw[i+1])<<8 | int(raw[i+2])) % span
			pu := attendance.Punch{ID: int64(i), StaffNo: "1001", Kind: attendance.In, At: base.Add(time.Duration(m) * time.Minute), Method: attendance.MethodPIN}
			if raw[i]&1 == 1 {
				pu.Kind = attendance.Out
			}
			if raw[i]&0x80 != 0 {
				pu.ProxyBy = "1002"
			}
			if raw[i]&0x40 != 0 {
				fs.PunchedForOthers = append(fs.PunchedForOthers, pu)
				continue
			}
			fs.Punches = append(fs.Punches, pu)
		}
		start := base.Add(time.Duration(int(exFrom)%span) * time.Minute)
		fs.Excuses = []attendance.Excuse{{Kind: attendance.ExcuseKinds[int(exKind)%len(attendance.ExcuseKinds)],
			Start: start, End: start.Add(time.Duration(exLen%3000) * time.Minute), ApprovedAt: start}}
		aStart := base.Add(time.Duration(int(awayFrom)%span) * time.Minute)
		fs.Away = []attendance.Away{{Start: aStart, End: aStart.Add(time.Duration(awayLen%600) * time.Minute), Source: "inspection"}}

		rs := attendance.Evaluate(calendar.Default(), p, per, fs)
		seen := 0
		for _, r := range rs {
			if !slices.Contains(attendance.Statuses, r.Status) || r.Rule == "" || !strings.Contains(r.ZH, r.Rule) || !strings.Contains(r.EN, r.Rule) {
				t.Fatalf("result %+v lacks a known status or its rule", r)
			}
			want := 0
			switch r.Status {
			case attendance.StatusAbsent:
				want = 1
			case attendance.StatusProxy:
				want = p.Attendance.ProxyCheckInAbsences
			}
			if r.Absences != want {
				t.Fatalf("%s %s: %d absences", r.Date, r.Status, r.Absences)
			}
			if r.Status == attendance.StatusOnTime && (r.Late || r.Early) || r.Status == attendance.StatusLate && !r.Late {
				t.Fatalf("%s: status %s with late %v early %v", r.Date, r.Status, r.Late, r.Early)
			}
			if r.Status != attendance.StatusExcused && r.Status != attendance.StatusRest && r.Status != attendance.StatusProxy && !r.DueIn.Before(r.DueOut) {
				t.Fatalf("%s: due %s-%s with status %s", r.Date, r.DueIn, r.DueOut, r.Status)
			}
			for _, pu := range r.Punches {
				if calendar.DateOf(pu.At) != r.Date {
					t.Fatalf("punch %s on the result of %s", pu.At, r.Date)
				}
			}
			seen += len(r.Punches)
		}
		inPeriod := 0
		for _, pu := range fs.Punches {
			if per.Contains(calendar.DateOf(pu.At)) {
				inPeriod++
			}
		}
		if seen != inPeriod {
			t.Fatalf("%d punches on the sheet, %d in the period", seen, inPeriod)
		}
		s := attendance.Summarize(p, per, rs)
		if s.TotalAbsences != s.Absences+s.Converted || s.HalfDays != 6 {
			t.Fatalf("summary %+v", s)
		}
	})
}
