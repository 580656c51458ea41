package policy

import (
	"strconv"

	"bianmin/internal/calendar"
)

// ServiceHours are the hall's opening sessions (DOMAIN.md ORG-5).
type ServiceHours struct {
	Sessions []Session `yaml:"sessions" rule:"ORG-5" src:"004 §第三章 1" zh:"工作日服务时段（替代：000 篇十九 第三条(四) 9:00-17:00）" en:"sessions of a working day (alternative: 9:00-17:00, 000 篇十九 第三条(四))"`
	Seasons  []Season  `yaml:"seasons" rule:"ORG-5" src:"004 §考勤制度 1" zh:"季节时段，替代默认时段（如夏令时下午 15:00 开始）" en:"seasons whose sessions replace the default ones (e.g. summer afternoons from 15:00)"`
	// Changing hours needs notice; 000 says at least one working day.
	ChangeNoticeWorkingDays int `yaml:"change_notice_working_days" rule:"ORG-5" src:"000 篇十九 第三条(四)" min:"1" max:"20" zh:"调整服务时间须提前公告的工作日数" en:"working days of notice before service hours change"`
}

// Session is one opening session of a day; Start is before End.
type Session struct {
	Start TimeOfDay `yaml:"start" zh:"开始" en:"start"`
	End   TimeOfDay `yaml:"end" zh:"结束" en:"end"`
}

// Season replaces the default sessions from From to To ("MM-DD", inclusive;
// To before From wraps the new year).
type Season struct {
	Name     string    `yaml:"name" zh:"名称" en:"name"`
	From     MonthDay  `yaml:"from" zh:"起始日（MM-DD）" en:"first day (MM-DD)"`
	To       MonthDay  `yaml:"to" zh:"结束日（MM-DD，含）" en:"last day (MM-DD, inclusive)"`
	Sessions []Session `yaml:"sessions" zh:"时段" en:"sessions"`
}

func defaultServiceHours() ServiceHours {
	return ServiceHours{
		Sessions:                []Session{{"08:00", "12:00"}, {"13:30", "17:00"}},
		ChangeNoticeWorkingDays: 1,
	}
}

// TimeOfDay is a clock time "HH:MM" (Asia/Shanghai), 00:00 to 23:59.
type TimeOfDay string

// Minute returns the time as minutes after midnight; ok is false when the
// text is not a valid "H:MM" or "HH:MM" time.
func (t TimeOfDay) Minute() (m calendar.Minute, ok bool) {
	s := string(t)
	if len(s) == 4 {
		s = "0" + s
	}
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	mm, _ := strconv.Atoi(s[3:])
	if h > 23 || mm > 59 {
		return 0, false
	}
	return calendar.Minute(h*60 + mm), true
}

// MonthDay is a day of the year "MM-DD"; 02-29 is allowed.
type MonthDay string

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// Parts returns the month and day; ok is false when the text is not a valid "MM-DD".
func (d MonthDay) Parts() (month, day int, ok bool) {
	s := string(d)
	if len(s) != 5 || s[2] != '-' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(s[:2])
	day, _ = strconv.Atoi(s[3:])
	if month < 1 || month > 12 || day < 1 || day > monthDays[month] {
		return 0, 0, false
	}
	return month, day, true
}

// dayOfLeapYear numbers the day 0..365 in a leap year, for overlap checks.
func (d MonthDay) dayOfLeapYear() int {
	m, day, _ := d.Parts()
	n := 0
	for i := 1; i < m; i++ {
		n += monthDays[i]
	}
	return n + day - 1
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Hours converts the service-hours section for package calendar. Parse has
// checked every time, so none is skipped in a parsed or default policy.
func (p *Policy) Hours() calendar.Hours {
	h := calendar.Hours{Sessions: spans(p.ServiceHours.Sessions)}
	for _, s := range p.ServiceHours.Seasons {
		h.Seasons = append(h.Seasons, calendar.Season{
			Name: s.Name, From: string(s.From), To: string(s.To), Sessions: spans(s.Sessions),
		})
	}
	return h
}

func spans(ss []Session) []calendar.Span {
	var out []calendar.Span
	for _, s := range ss {
		a, ok1 := s.Start.Minute()
		b, ok2 := s.End.Minute()
		if ok1 && ok2 {
			out = append(out, calendar.Span{Start: a, End: b})
		}
	}
	return out
}

// check reports ORG-5 inconsistencies: empty, reversed, unordered or
// overlapping sessions, and seasons whose dates overlap.
func (h *ServiceHours) check(c *checker) {
	c.sessions("service_hours.sessions", h.Sessions)
	var taken [366]int // day of year -> season index + 1
	names := map[string]bool{}
	for i, s := range h.Seasons {
		path := indexPath("service_hours.seasons", i)
		if s.Name == "" {
			c.add(path+".name", "必须填写", "is required")
		} else if names[s.Name] {
			c.add(path+".name", "季节名称重复："+s.Name, "duplicate season name: "+s.Name)
		}
		names[s.Name] = true
		c.sessions(path+".sessions", s.Sessions)
		if _, _, ok := s.From.Parts(); !ok {
			continue
		}
		if _, _, ok := s.To.Parts(); !ok {
			continue
		}
		from, to := s.From.dayOfLeapYear(), s.To.dayOfLeapYear()
		for d := from; ; d = (d + 1) % 366 {
			if taken[d] != 0 {
				o := taken[d] - 1
				c.add(path+".from",
					"与季节 "+strconv.Itoa(o+1)+"（"+h.Seasons[o].Name+"）的日期重叠",
					"overlaps the dates of season "+strconv.Itoa(o+1)+" ("+h.Seasons[o].Name+")")
				break
			}
			taken[d] = i + 1
			if d == to {
				break
			}
		}
	}
}

// sessions checks one list of sessions: at least one, each start before its
// end, in order and without overlap.
func (c *checker) sessions(path string, ss []Session) {
	if len(ss) == 0 {
		c.add(path, "至少需要一个服务时段", "needs at least one session")
		return
	}
	prevEnd, prevOK := calendar.Minute(-1), false
	for i, s := range ss {
		p := indexPath(path, i)
		a, ok1 := s.Start.Minute()
		b, ok2 := s.End.Minute()
		if !ok1 || !ok2 {
			prevOK = false
			continue // the format error is already reported
		}
		if a >= b {
			c.add(p+".end", "结束时间必须晚于开始时间 "+string(s.Start), "must be later than the start "+string(s.Start))
		} else if prevOK && a < prevEnd {
			c.add(p+".start", "与上一时段重叠或未按时间先后排列", "overlaps the previous session or is out of order")
		}
		prevEnd, prevOK = b, true
	}
}
