package bianmin

// Role is what a person may do in the system (DOMAIN.md §0) plus the three
// administrators of 等保 2.0 level 3 (SECURITY.md item 8).
type Role string

// Business roles (DOMAIN.md §0).
const (
	RoleClerk      Role = "clerk"       // 窗口工作人员 (A岗/B岗)
	RoleChiefRep   Role = "chief_rep"   // 首席代表
	RoleDutyLeader Role = "duty_leader" // 值班领导
	RoleDutyChief  Role = "duty_chief"  // 大厅值班长
	RoleDirector   Role = "director"    // 中心主任 / 副主任
	RoleDeptHead   Role = "dept_head"   // 进驻单位负责人
	RoleOffice     Role = "office"      // 业务科 / 办公室
	RoleInspector  Role = "inspector"   // 效能监察 / 督查科: reads everything, changes nothing
	RoleAgent      Role = "agent"       // 代办员
	RoleGuide      Role = "guide"       // 导办员 at the guide desk
	RoleSysAdmin   Role = "sysadmin"    // 系统管理员: configuration, backup; no grants, no audit
	RoleSecAdmin   Role = "secadmin"    // 安全管理员: accounts and grants; no business PII, no audit
	RoleAuditAdmin Role = "auditadmin"  // 审计管理员: reads and exports audit only
)

// Roles lists every role in display order.
var Roles = []Role{
	RoleClerk, RoleGuide, RoleChiefRep, RoleDutyChief, RoleDutyLeader, RoleDirector,
	RoleDeptHead, RoleOffice, RoleInspector, RoleAgent,
	RoleSysAdmin, RoleSecAdmin, RoleAuditAdmin,
}

// IsAdmin reports whether r is one of the three 等保 administrators, of which
// no person may hold two (SECURITY.md item 8).
func (r Role) IsAdmin() bool {
	return r == RoleSysAdmin || r == RoleSecAdmin || r == RoleAuditAdmin
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// SeesSubtree reports whether a grant of r at a centre also covers the
// township centres and village stations under it (SECURITY.md item 9): the
// county director, the inspectors and the administrators work across them;
// every other role sees only the centre it is granted at.
func (r Role) SeesSubtree() bool {
	switch r {
	case RoleDirector, RoleInspector, RoleSysAdmin, RoleSecAdmin, RoleAuditAdmin:
		return true
	}
	return false
}

var roleNames = map[Role][2]string{
	RoleClerk:      {"窗口工作人员", "Window clerk"},
	RoleGuide:      {"导办员", "Guide"},
	RoleChiefRep:   {"首席代表", "Chief representative"},
	RoleDutyChief:  {"大厅值班长", "Hall duty chief"},
	RoleDutyLeader: {"值班领导", "Duty leader"},
	RoleDirector:   {"中心主任", "Centre director"},
	RoleDeptHead:   {"进驻单位负责人", "Department head"},
	RoleOffice:     {"业务科", "Business office"},
	RoleInspector:  {"效能监察", "Inspector"},
	RoleAgent:      {"代办员", "Agent"},
	RoleSysAdmin:   {"系统管理员", "System administrator"},
	RoleSecAdmin:   {"安全管理员", "Security administrator"},
	RoleAuditAdmin: {"审计管理员", "Audit administrator"},
}

// Name returns the role's name in the given language.
func (r Role) Name(lang string) string {
	n, ok := roleNames[r]
	if !ok {
		return string(r)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}
