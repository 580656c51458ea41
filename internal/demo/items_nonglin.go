package demo

import "bianmin/internal/bianmin"

// 农林水服务事项 of seed 001: 农作物病虫害防治技术, 《农村土地承包经营权证》
// 变更初审, 《自用材采伐许可证》, the 良种 and 农资 subsidies (merged since 2016
// into the 耕地地力保护补贴), farm machinery subsidies, and the water
// station's services.
var nonglinItems = []item{
	{
		dept: "ny", no: "001", name: "农村土地承包经营权证变更初审", nameEN: "Preliminary review of a rural land contract certificate change",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CaseReported, promised: wd(15), statutory: cal(60),
		upper: true, object: "1",
		basis: "《中华人民共和国农村土地承包法》第二十四条；《农村土地承包经营权证管理办法》",
		conds: "承包方家庭成员发生变化、承包地块因互换或转让发生变化，或证书记载事项有误的。",
		steps: []string{
			"承包方提出变更申请",
			"发包方（村集体经济组织）核实并签署意见",
			"街道农业综合服务中心初审",
			"报区农业农村部门审核，登记机构办理变更登记",
			"承包方领取变更后的证书",
		},
		result: "变更后的《农村土地承包经营权证》", events: []string{"农业生产"},
		faq: faq("转让承包地要谁同意？", "转让给本集体经济组织其他农户的须经发包方同意；互换的须向发包方备案。"),
		materials: byProxy(
			need("农村土地承包经营权证变更申请书", "Change application", "承包方", 1, 0),
			need("原《农村土地承包经营权证》", "Current land contract certificate", "区人民政府", 1, 0),
			need("承包方代表居民身份证和户口簿", "ID card and household register of the contracting household's representative", "公安机关", 1, 1),
			need("土地承包合同", "Land contract", "发包方", 1, 1),
			when("因互换、转让申请变更的", "互换或转让合同及发包方同意或备案材料", "Exchange or transfer contract with the contractor's consent", "发包方", 1, 1),
			when("因家庭成员变化申请变更的", "家庭成员变化证明（户口变动记录、死亡证明等）", "Proof of the change in household members", "公安机关或医疗机构", 0, 1),
		),
	},
	{
		dept: "ny", no: "002", name: "耕地地力保护补贴申报", nameEN: "Farmland fertility protection subsidy",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20),
		online: true, object: "1",
		basis:  "《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）",
		conds:  "拥有耕地承包权的种地农民；已改变用途的耕地、长年抛荒地等不予补贴。",
		steps:  []string{"农户申报补贴面积", "村民委员会核实并公示", "农业综合服务中心审核汇总", "财政所通过“一卡通”发放补贴"},
		result: "耕地地力保护补贴（“一卡通”发放）", events: []string{"农业生产"},
		faq: faq("土地流转出去了谁领补贴？", "补贴对象原则上为拥有耕地承包权的种地农民；流转双方另有约定的，按约定和本地规定执行。"),
		materials: byProxy(
			need("耕地地力保护补贴面积申报表", "Subsidy area declaration", "申请人", 1, 0),
			idCard,
			need("《农村土地承包经营权证》或土地承包合同", "Land contract certificate or contract", "区人民政府或发包方", 0, 1),
			need("惠民惠农财政补贴“一卡通”账户信息", "Subsidy card account", "开户银行", 0, 1),
		),
	},
	{
		dept: "ny", no: "003", name: "农作物病虫害防治技术咨询", nameEN: "Crop pest and disease control advice",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseConsultation, promised: spot, statutory: spot,
		appoint: true, object: "1",
		basis:  "《农作物病虫害防治条例》（国务院令第725号）",
		conds:  "本街道从事农作物种植的农户和农业生产经营组织。",
		steps:  []string{"来访、来电或预约咨询", "农技人员诊断病虫害并提出防治建议", "需要现场查看的，预约农技人员到田间指导"},
		result: "防治技术指导意见", events: []string{"农业生产"},
		faq: faq("可以上门看吗？", "需要现场诊断的，可在窗口预约农技人员到田间查看。"),
		materials: []bianmin.Material{
			when("需要诊断病虫害的", "病害植株样本或田间照片", "Diseased plant sample or field photos", "申请人自备", 1, 0),
			when("咨询统防统治服务或用药补贴的", "耕地承包或流转合同", "Land contract or lease", "发包方或流转双方", 0, 1),
		},
	},
	{
		dept: "ny", no: "004", name: "农村居民林木采伐许可（自留山和个人承包林地）", nameEN: "Tree felling permit for rural residents",
		itemType: bianmin.ItemLicence, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20), object: "1",
		basis:  "《中华人民共和国森林法》第五十六条；《中华人民共和国行政许可法》第四十二条",
		conds:  "农村居民采伐自留山和个人承包集体林地上的林木；采伐自留地和房前屋后个人所有的零星林木的，不需要申请。",
		steps:  []string{"申请人提交采伐申请", "窗口受理", "现场核查伐区", "作出许可决定，核发《林木采伐许可证》", "采伐后按规定完成更新造林"},
		result: "《林木采伐许可证》", events: []string{"农业生产"},
		faq: faq("房前屋后的树要办证吗？", "农村居民采伐自留地和房前屋后个人所有的零星林木，不需要申请采伐许可证。"),
		materials: byProxy(
			need("林木采伐申请书", "Felling application", "申请人", 1, 0),
			idCard,
			need("林权证明（不动产权证书、林权证或林地承包合同）", "Proof of forest rights", "区人民政府或发包方", 1, 1),
			need("采伐地点、面积、树种、株数和蓄积量说明", "Description of the felling site and trees", "申请人", 1, 0),
			when("林木为合作经营或他人共有的", "其他权利人同意采伐的书面意见", "Written consent of the other right holders", "其他权利人", 1, 0),
		),
	},
	{
		dept: "ny", no: "005", name: "农机购置与应用补贴申请", nameEN: "Farm machinery purchase subsidy",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(15), statutory: wd(20),
		online: true, object: "1",
		basis:  "《中华人民共和国农业机械化促进法》第二十七条",
		conds:  "从事农业生产的个人和农业生产经营组织，购买列入本省补贴范围的农业机械的。",
		steps:  []string{"购机后提交补贴申请", "窗口受理并核验机具", "区农业农村部门审核并公示", "财政部门兑付补贴资金"},
		result: "农机购置补贴资金", events: []string{"农业生产"},
		faq: faq("补贴多久到账？", "审核公示无异议后，由财政部门按规定兑付到申请人账户。"),
		materials: []bianmin.Material{
			need("农机购置补贴申请表", "Subsidy application", "申请人", 1, 0),
			idCard,
			need("购机发票", "Purchase invoice", "农机销售企业", 1, 1),
			need("机具铭牌和人机合影照片", "Photos of the machine plate and the buyer with the machine", "申请人", 1, 0),
			when("申请人为农业生产经营组织的", "营业执照或登记证书", "Business licence or registration certificate", "登记机关", 0, 1),
			need("本人银行账户或“一卡通”账户信息", "Bank or subsidy card account", "开户银行", 0, 1),
		},
	},
}

// 水利站 items (the 水 of 农林水 in seed 001).
var shuiliItems = []item{
	{
		dept: "sl", no: "001", name: "农村集中供水工程用水报装", nameEN: "Connection to the rural piped water supply",
		itemType: bianmin.ItemPublicService, kind: bianmin.CasePromised, promised: wd(5), statutory: wd(10), object: "1",
		basis:  "《中华人民共和国水法》",
		conds:  "本街道农村集中供水工程覆盖范围内的住户和单位。",
		steps:  []string{"申请人提交报装申请", "水利站现场勘查", "确定接水方案并告知申请人", "安装水表并通水"},
		result: "用水开户通知（安装水表并通水）", events: []string{"住房建设"},
		faq: faq("多久能通水？", "材料齐全后5个工作日内完成勘查和安装；需要新铺管网的，勘查时一次性告知时间安排。"),
		materials: byProxy(
			need("农村供水用水报装申请表", "Water connection application", "申请人", 1, 0),
			idCard,
			need("房屋权属证明或《农村宅基地批准书》", "Proof of house ownership or housing plot approval", "不动产登记机构或街道办事处", 0, 1),
			when("租住房屋的", "房屋租赁合同和房主同意书", "Lease and owner's consent", "房主", 1, 1),
		),
	},
	{
		dept: "sl", no: "002", name: "小型农田水利设施损毁报修", nameEN: "Repair request for small farmland irrigation works",
		itemType: bianmin.ItemPublicService, kind: bianmin.CasePromised, promised: wd(5), statutory: wd(10), object: "1",
		basis:  "《农田水利条例》（国务院令第669号）",
		conds:  "本街道范围内的小型灌排渠道、机电井、塘坝等农田水利设施损毁、影响农业生产的。",
		steps:  []string{"报修登记", "水利站现场查勘", "制定维修方案", "组织维修并回访报修人"},
		result: "维修处理结果（回访告知）", events: []string{"农业生产"},
		faq: faq("报修要收费吗？", "本事项不收费，维修资金按农田水利设施管护规定安排。"),
		materials: []bianmin.Material{
			need("农田水利设施报修登记表", "Repair request form", "报修人", 1, 0),
			need("损毁位置说明和现场照片", "Location and photos of the damage", "报修人", 1, 0),
			when("以村集体经济组织或农民用水合作组织名义报修的", "报修单位证明", "Letter from the reporting organisation", "村集体经济组织或用水合作组织", 1, 0),
			when("个人报修的", "报修人居民身份证", "Reporter's ID card", "公安机关", 1, 0),
		},
	},
}
