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

// department is one unit stationed at the centre; key names it in this
// package, no is its 2-digit number inside item codes. Credit codes are
// synthetic: 登记管理部门 1 (机构编制), 机构类别 1 机关 / 2 事业单位 / 3 群团,
// the region 440305, a 主体标识码 "LT" + 6 digits with its GB 11714 check
// digit (R7.3) and a GB 32100 check character computed by the algorithm of
// bianmin.CheckCreditCode (R7.2). Phones are synthetic too.
type department struct {
	key, no, name, nameEN string
	creditCode, phone     string
}

// The departments of seeds 001 and 002: 民政, 残联, 劳动保障, 医保, 计生 (卫健),
// 国土规划建设, 农林水 (农业 and 水利), 财政, 党员服务 and 信访.
var departments = []department{
	{"mz", "01", "民政办", "Civil Affairs Office", "11440305LT01000184", "0755-26990101"},
	{"cl", "02", "残疾人联合会", "Disabled Persons' Federation", "13440305LT0100026Q", "0755-26990102"},
	{"sb", "03", "劳动保障所", "Labour and Social Security Office", "12440305LT0100034N", "0755-26990103"},
	{"yb", "04", "医疗保障所", "Medical Insurance Office", "12440305LT0100042H", "0755-26990104"},
	{"js", "05", "卫生健康办（人口计生）", "Health and Family Planning Office", "11440305LT0100050F", "0755-26990105"},
	{"gt", "06", "国土规划建设所", "Land, Planning and Construction Office", "11440305LT0100069C", "0755-26990106"},
	{"ny", "07", "农业综合服务中心", "Agricultural Services Centre", "12440305LT01000774", "0755-26990107"},
	{"cz", "08", "财政所", "Finance Office", "11440305LT01000852", "0755-26990108"},
	{"dq", "09", "党群服务中心", "Party and Community Service Centre", "12440305LT0100093R", "0755-26990109"},
	{"xf", "10", "信访办", "Letters and Visits Office", "11440305LT0100106J", "0755-26990110"},
	{"sl", "11", "水利站", "Water Conservancy Station", "12440305LT0100114A", "0755-26990111"},
}

// window is one of the five windows of seed 002 §(四)5 with the
// departments it serves; its items are those of its departments. The
// departments seed 002 has no window for (党群, 信访, 财政, 水利) are served
// by the two general windows (综合窗口, ORG-1).
type window struct {
	number, name, nameEN string
	kind                 bianmin.WindowKind
	depts                []string // department keys
	a, b                 string   // usernames of the A and B posts
}

var windows = []window{
	{"1", "民政救助", "Civil affairs and social assistance", bianmin.WindowGeneral, []string{"mz", "cl", "dq", "xf"}, "clerk1a", "clerk1b"},
	{"2", "劳动保障", "Labour and social security", bianmin.WindowSpecialised, []string{"sb"}, "clerk2a", "clerk2b"},
	{"3", "医疗保险", "Medical insurance", bianmin.WindowSpecialised, []string{"yb"}, "clerk3a", "clerk3b"},
	{"4", "人口计生", "Population and family planning", bianmin.WindowSpecialised, []string{"js"}, "clerk4a", "clerk4b"},
	{"5", "土规农综", "Land, planning and agriculture", bianmin.WindowGeneral, []string{"gt", "ny", "cz", "sl"}, "clerk5a", "clerk5b"},
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
	{"guide", "黎安然", "LT009", bianmin.RoleGuide, ""},
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
	{"chiefcz", "汪晓宁", "LT208", bianmin.RoleChiefRep, "cz"},
	{"chiefdq", "贺振华", "LT209", bianmin.RoleChiefRep, "dq"},
	{"chiefxf", "陆欣然", "LT210", bianmin.RoleChiefRep, "xf"},
	{"chiefsl", "江涛声", "LT211", bianmin.RoleChiefRep, "sl"},
}
