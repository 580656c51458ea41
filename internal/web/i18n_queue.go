package web

import "bianmin/internal/bianmin"

// Role groups of the queue pages.
var (
	// guideDesk issues green-channel tickets and reactivates no-shows.
	guideDesk = []bianmin.Role{bianmin.RoleGuide, bianmin.RoleDutyChief, bianmin.RoleDutyLeader, bianmin.RoleDirector}
	// queueAdmins set up queues and register hall devices.
	queueAdmins = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleSysAdmin}
	// statsReaders see queue statistics; a clerk sees only their own line.
	statsReaders = []bianmin.Role{bianmin.RoleClerk, bianmin.RoleChiefRep, bianmin.RoleDutyChief, bianmin.RoleDutyLeader,
		bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleInspector, bianmin.RoleDeptHead}
	// absenceRecorders record approved absences until the staff issue's leave workflow writes them (AB-1).
	absenceRecorders = []bianmin.Role{bianmin.RoleDutyChief, bianmin.RoleOffice, bianmin.RoleDirector}
)

// queueNavMessages are the navigation entries of the queue pages; each
// page's own strings live in its own i18n map.
var queueNavMessages = map[string][2]string{
	"nav.console":     {"窗口叫号", "Window console"},
	"nav.guide_desk":  {"导办台", "Guide desk"},
	"nav.queue_stats": {"排队统计", "Queue statistics"},
	"nav.queues":      {"队列与设备", "Queues and devices"},
}

func init() { mergeMessages(queueNavMessages) }

// mergeMessages adds a page's strings to messages; a key defined twice is
// a programming error.
func mergeMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("web: message key defined twice: " + k)
		}
		messages[k] = v
	}
}
