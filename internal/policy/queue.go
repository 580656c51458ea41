package policy

// Queue is ticketing and calling (DOMAIN.md §3) and the kiosk's limits
// (SECURITY.md items 4 and 33).
type Queue struct {
	// Q-6 serves everyone waiting at closing, so the default keeps issuing
	// tickets until the session ends; a centre may stop earlier.
	IssueStopMinutesBeforeClose int `yaml:"issue_stop_minutes_before_close" rule:"Q-6" src:"004 §贴心服务制; 000 篇十九 第五条(五)" min:"0" max:"120" zh:"每个时段结束前停止取号的分钟数（0 = 结束前一直可取号；已取号者均办完）" en:"minutes before a session ends when ticket issuing stops (0 = until the end; everyone holding a ticket is served)"`
	// The seeds say "elderly" without an age; 60 is the statutory age of
	// 老年人权益保障法 Art. 2.
	GreenChannelMinAge    int `yaml:"green_channel_min_age" rule:"Q-2" src:"000 篇十九 第四条(六); 老年人权益保障法 第二条" min:"50" max:"100" zh:"绿色通道优先服务的最低年龄（周岁）" en:"minimum age (years) for green-channel priority"`
	DailyTicketLimit      int `yaml:"daily_ticket_limit" rule:"Q-1" src:"000 篇十九 第四条(七)" min:"0" max:"100000" zh:"每日取号上限（0 = 不限）" en:"tickets issued per day at most (0 = no limit)"`
	KioskTicketsPerMinute int `yaml:"kiosk_tickets_per_minute" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"60" zh:"每台取号机每分钟最多出票数" en:"tickets per kiosk per minute at most"`
	KioskTicketsPerIDDay  int `yaml:"kiosk_tickets_per_id_per_matter_day" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"20" zh:"刷证取号时每证每事项每日最多取号数" en:"tickets per ID card per matter per day at most, where an ID is scanned"`
	// The seeds fix no numbers for calling; these are common hall practice.
	CallsBeforeNoShow     int `yaml:"calls_before_no_show" rule:"Q-1" src:"000 篇十九 第四条(七); hall practice" min:"1" max:"10" zh:"叫号几次无人应答即为过号（过号可重新激活）" en:"calls without answer after which a ticket becomes a no-show (it can be reactivated)"`
	ReactivateAfter       int `yaml:"reactivate_after" rule:"Q-1" src:"000 篇十九 第四条(七); hall practice" min:"0" max:"50" zh:"过号重新激活后排在几位等候者之后（0 = 立即排在最前）" en:"a reactivated no-show waits behind this many waiting tickets (0 = at the front)"`
	PriorityMaxRun        int `yaml:"priority_max_run" rule:"Q-2" src:"000 篇十九 第四条(六)-(七)" min:"0" max:"20" zh:"普通号等候时最多连续叫几张绿色通道号，之后先叫一张普通号（0 = 绿色通道总是优先）" en:"green-channel tickets called in a row while normal tickets wait, before one normal ticket (0 = the green channel always first)"`
	NearFrontPeople       int `yaml:"near_front_people" rule:"Q-1" src:"hall practice" min:"0" max:"50" zh:"前面还有几人时提示市民回到等候区" en:"people ahead at which the citizen's status page asks them to come back"`
	PadRatingMinutes      int `yaml:"pad_rating_minutes" rule:"R4.6" src:"STANDARDS.md R4.6; 国办发〔2019〕51号" min:"1" max:"60" zh:"办结后评价器可评价该次服务的分钟数（一次一评）" en:"minutes after a service ends during which the pad accepts its rating (one per occasion)"`
	WaitSample            int `yaml:"wait_sample" rule:"Q-1" src:"hall practice" min:"3" max:"200" zh:"估算等候时间所用的最近办结笔数" en:"recent finished services used to estimate waiting time"`
	KioskIdleResetSeconds int `yaml:"kiosk_idle_reset_seconds" rule:"SECURITY-4" src:"SECURITY.md 4; L3-CES1-02" min:"15" max:"600" zh:"取号机和公共屏无操作多少秒后回到首页并清除输入" en:"seconds of inactivity after which kiosks and public screens reset and clear all input"`
}

func defaultQueue() Queue {
	return Queue{
		IssueStopMinutesBeforeClose: 0,
		GreenChannelMinAge:          60,
		DailyTicketLimit:            0,
		KioskTicketsPerMinute:       6,
		KioskTicketsPerIDDay:        2,
		KioskIdleResetSeconds:       60,
		CallsBeforeNoShow:           3,
		ReactivateAfter:             2,
		PriorityMaxRun:              3,
		NearFrontPeople:             3,
		PadRatingMinutes:            10,
		WaitSample:                  20,
	}
}

// check: stopping issue must leave some of every session open for tickets.
func (q *Queue) check(c *checker, p *Policy) {
	shortest := -1
	consider := func(ss []Session) {
		for _, s := range ss {
			a, ok1 := s.Start.Minute()
			b, ok2 := s.End.Minute()
			if ok1 && ok2 && b > a && (shortest < 0 || int(b-a) < shortest) {
				shortest = int(b - a)
			}
		}
	}
	consider(p.ServiceHours.Sessions)
	for _, s := range p.ServiceHours.Seasons {
		consider(s.Sessions)
	}
	if shortest >= 0 && q.IssueStopMinutesBeforeClose >= shortest {
		c.add("queue.issue_stop_minutes_before_close",
			"必须短于最短的服务时段（"+itoa(shortest)+" 分钟），否则该时段无法取号",
			"must be shorter than the shortest session ("+itoa(shortest)+" minutes), or that session issues no tickets")
	}
}
