package policy

// Appointments are the booking rules (DOMAIN.md AP-1, SECURITY.md items 33
// and 34). The seeds give no numbers; these are project figures.
type Appointments struct {
	SlotMinutes       int `yaml:"slot_minutes" rule:"AP-1" src:"003 §辦事預約 1" min:"5" max:"240" zh:"预约时段长度（分钟）" en:"length of an appointment slot (minutes)"`
	SlotCapacity      int `yaml:"slot_capacity" rule:"SECURITY-34" src:"SECURITY.md 34; AP-1" min:"1" max:"100" zh:"每个窗口每个时段可预约人数（不得超约）" en:"bookings per window per slot (never overbooked)"`
	HorizonDays       int `yaml:"horizon_days" rule:"AP-1" src:"003 §辦事預約 1" min:"1" max:"90" zh:"最多可提前预约的天数" en:"days ahead that can be booked"`
	CutoffMinutes     int `yaml:"cutoff_minutes" rule:"AP-1" src:"003 §辦事預約 1" min:"0" max:"1440" zh:"时段开始前多少分钟停止预约和取消" en:"minutes before a slot when booking and cancelling close"`
	GraceMinutes      int `yaml:"grace_minutes" rule:"Q-2" src:"DOMAIN.md Q-2" min:"0" max:"60" zh:"预约者迟到多少分钟内签到仍按时段优先" en:"minutes late within which a check-in still keeps the slot's priority"`
	MaxActivePerID    int `yaml:"max_active_per_id" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"20" zh:"每个证件号同时有效的预约数上限" en:"active bookings per ID number at most"`
	BookingsPerIPHour int `yaml:"bookings_per_ip_hour" rule:"SECURITY-33" src:"SECURITY.md 33; ASVS 2.4.1" min:"1" max:"1000" zh:"每个 IP 每小时预约次数上限" en:"bookings per IP address per hour at most"`
}

func defaultAppointments() Appointments {
	return Appointments{
		SlotMinutes:       30,
		SlotCapacity:      1,
		HorizonDays:       7,
		CutoffMinutes:     30,
		GraceMinutes:      15,
		MaxActivePerID:    3,
		BookingsPerIPHour: 10,
	}
}

func (a *Appointments) check(c *checker) {
	if a.GraceMinutes >= a.SlotMinutes {
		c.add("appointments.grace_minutes", "必须短于预约时段长度 appointments.slot_minutes", "must be shorter than the slot, appointments.slot_minutes")
	}
}
