package demo

import "bianmin/internal/bianmin"

// The demo street centre. The street, its region code and every person are
// invented; the shape (five windows with A and B posts, the departments and
// the service items) follows seeds 002 and 001.
const (
	RegionCode = "440305010000"
	CentreName = "柳塘街道便民服务中心"
	CentreEN   = "Liutang Street Convenience Service Centre"
	hallZone   = "一楼服务大厅"
)

// department is one unit stationed at the centre; key names it in this file.
type department struct {
	key, name, nameEN string
}

var departments = []department{
	{"mz", "民政办", "Civil Affairs Office"},
	{"cl", "残疾人联合会", "Disabled Persons' Federation"},
	{"sb", "劳动保障所", "Labour and Social Security Office"},
	{"yb", "医疗保障所", "Medical Insurance Office"},
	{"js", "卫生健康办（人口计生）", "Health and Family Planning Office"},
	{"gt", "国土规划建设所", "Land, Planning and Construction Office"},
	{"ny", "农业综合服务中心", "Agricultural Services Centre"},
}

// window is one of the five windows of seed 002 §(四)5 with the
// departments it serves; its items are those of its departments.
type window struct {
	number, name, nameEN string
	kind                 bianmin.WindowKind
	depts                []string // department keys
	a, b                 string   // usernames of the A and B posts
}

var windows = []window{
	{"1", "民政救助", "Civil affairs and social assistance", bianmin.WindowGeneral, []string{"mz", "cl"}, "clerk1a", "clerk1b"},
	{"2", "劳动保障", "Labour and social security", bianmin.WindowSpecialised, []string{"sb"}, "clerk2a", "clerk2b"},
	{"3", "医疗保险", "Medical insurance", bianmin.WindowSpecialised, []string{"yb"}, "clerk3a", "clerk3b"},
	{"4", "人口计生", "Population and family planning", bianmin.WindowSpecialised, []string{"js"}, "clerk4a", "clerk4b"},
	{"5", "土规农综", "Land, planning and agriculture", bianmin.WindowGeneral, []string{"gt", "ny"}, "clerk5a", "clerk5b"},
}

// person is one demo account: a synthetic name, a role and, for clerks and
// chief representatives, the department they come from.
type person struct {
	username, name, staffNo string
	role                    bianmin.Role
	dept                    string // department key, "" for centre-wide staff
}

var people = []person{
	{"director", "郭明轩", "LT001", bianmin.RoleDirector, ""},
	{"dutyleader", "沈宏达", "LT002", bianmin.RoleDutyLeader, ""},
	{"dutychief", "唐晓菲", "LT003", bianmin.RoleDutyChief, ""},
	{"office", "蒋雅琴", "LT004", bianmin.RoleOffice, ""},
	{"inspector", "魏思成", "LT005", bianmin.RoleInspector, ""},
	{"sysadmin", "曹一鸣", "LT006", bianmin.RoleSysAdmin, ""},
	{"secadmin", "范静怡", "LT007", bianmin.RoleSecAdmin, ""},
	{"auditadmin", "邵文博", "LT008", bianmin.RoleAuditAdmin, ""},
	{"clerk1a", "林晓岚", "LT101", bianmin.RoleClerk, "mz"},
	{"clerk1b", "何志远", "LT102", bianmin.RoleClerk, "cl"},
	{"clerk2a", "罗佳怡", "LT103", bianmin.RoleClerk, "sb"},
	{"clerk2b", "孔德明", "LT104", bianmin.RoleClerk, "sb"},
	{"clerk3a", "苏婉清", "LT105", bianmin.RoleClerk, "yb"},
	{"clerk3b", "梁俊杰", "LT106", bianmin.RoleClerk, "yb"},
	{"clerk4a", "钟雨桐", "LT107", bianmin.RoleClerk, "js"},
	{"clerk4b", "韩立群", "LT108", bianmin.RoleClerk, "js"},
	{"clerk5a", "袁慧敏", "LT109", bianmin.RoleClerk, "gt"},
	{"clerk5b", "彭子航", "LT110", bianmin.RoleClerk, "ny"},
	{"chiefmz", "田秀兰", "LT201", bianmin.RoleChiefRep, "mz"},
	{"chiefcl", "白景行", "LT202", bianmin.RoleChiefRep, "cl"},
	{"chiefsb", "秦可欣", "LT203", bianmin.RoleChiefRep, "sb"},
	{"chiefyb", "马启东", "LT204", bianmin.RoleChiefRep, "yb"},
	{"chiefjs", "葛晓梅", "LT205", bianmin.RoleChiefRep, "js"},
	{"chiefgt", "严国栋", "LT206", bianmin.RoleChiefRep, "gt"},
	{"chiefny", "方新禾", "LT207", bianmin.RoleChiefRep, "ny"},
}

// item is one service item of the lists in seed 001 (民政, 计生, 劳动保障,
// 农林水, 国土规划建设 服务事项) with a plausible code and limits: immediate
// items are done on the spot, promised ones within 5 to 20 working days, and
// items that an upper level approves within 60 days (002 §(三)4).
type item struct {
	dept, name, nameEN string
	itemType           string
	kind               bianmin.CaseKind
	promised           bianmin.Limit
	statutory          bianmin.Limit
	appointment        bool
}

func wd(n int) bianmin.Limit { return bianmin.Limit{Value: n, Unit: bianmin.UnitWorkingDays} }

var (
	spot  = bianmin.Limit{Unit: bianmin.UnitOnTheSpot}
	cal60 = bianmin.Limit{Value: 60, Unit: bianmin.UnitCalendarDays}
)

var items = []item{
	{"mz", "老年人优待证办理", "Senior citizen concession card", bianmin.ItemPublicService, bianmin.CaseImmediate, spot, wd(5), false},
	{"mz", "最低生活保障申请受理", "Minimum living allowance application", bianmin.ItemPayment, bianmin.CaseReported, wd(30), cal60, false},
	{"mz", "特困人员救助供养申请受理", "Support for people in extreme poverty", bianmin.ItemPayment, bianmin.CaseReported, wd(30), cal60, false},
	{"mz", "临时救助申请", "Temporary assistance", bianmin.ItemPayment, bianmin.CasePromised, wd(10), wd(20), false},
	{"mz", "城乡医疗救助申请", "Medical assistance for low-income residents", bianmin.ItemPayment, bianmin.CasePromised, wd(15), wd(20), false},
	{"cl", "残疾人证申请受理", "Disability certificate application", bianmin.ItemConfirmation, bianmin.CaseReported, wd(20), cal60, true},
	{"cl", "困难残疾人生活补贴和重度残疾人护理补贴申请", "Living and nursing allowances for people with disabilities", bianmin.ItemPayment, bianmin.CasePromised, wd(15), wd(20), false},
	{"sb", "城乡居民基本养老保险参保登记", "Residents' basic pension insurance enrolment", bianmin.ItemPublicService, bianmin.CaseImmediate, spot, wd(5), false},
	{"sb", "城乡居民养老保险待遇领取申请", "Residents' pension benefit claim", bianmin.ItemPayment, bianmin.CasePromised, wd(10), wd(20), false},
	{"sb", "就业失业登记", "Employment and unemployment registration", bianmin.ItemPublicService, bianmin.CasePromised, wd(5), wd(10), false},
	{"yb", "城乡居民基本医疗保险参保登记", "Residents' basic medical insurance enrolment", bianmin.ItemPublicService, bianmin.CaseImmediate, spot, wd(5), false},
	{"yb", "医疗费用手工报销", "Manual reimbursement of medical expenses", bianmin.ItemPayment, bianmin.CasePromised, wd(20), wd(30), false},
	{"yb", "异地就医备案", "Registration for medical treatment in another place", bianmin.ItemPublicService, bianmin.CaseImmediate, spot, wd(3), false},
	{"js", "生育登记服务", "Birth registration service", bianmin.ItemPublicService, bianmin.CaseImmediate, spot, wd(5), false},
	{"js", "独生子女父母光荣证办理", "Honour certificate for parents of an only child", bianmin.ItemConfirmation, bianmin.CasePromised, wd(5), wd(20), false},
	{"js", "农村部分计划生育家庭奖励扶助资格确认", "Rural family-planning reward and support eligibility", bianmin.ItemPayment, bianmin.CaseReported, wd(20), cal60, false},
	{"gt", "农村村民住宅建设规划许可（宅基地和建房）申请", "Rural housing plot and building permit application", bianmin.ItemLicence, bianmin.CaseJoint, wd(20), wd(45), true},
	{"ny", "农村土地承包经营权证变更初审", "Preliminary review of a rural land contract certificate change", bianmin.ItemConfirmation, bianmin.CaseReported, wd(15), cal60, false},
	{"ny", "耕地地力保护补贴申报", "Farmland fertility protection subsidy", bianmin.ItemPayment, bianmin.CasePromised, wd(10), wd(20), false},
	{"ny", "农作物病虫害防治技术咨询", "Crop pest and disease control advice", bianmin.ItemPublicService, bianmin.CaseConsultation, spot, spot, false},
}
