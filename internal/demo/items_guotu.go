package demo

import "bianmin/internal/bianmin"

// 国土、规划建设服务事项 of seed 001 (农村建房用地手续, 危房救助申报 of the
// 财政 list) and the first registration of a rural house, the demo's item
// with a fee.
var guotuItems = []item{
	{
		// Since the 2019 reform the 宅基地 is approved by agriculture and
		// the building by planning, in one joint procedure (联办, C-6).
		dept: "gt", co: []string{"ny"}, no: "001", name: "农村村民住宅建设（宅基地和建房规划许可）审批",
		nameEN:   "Rural housing plot and building permit",
		itemType: bianmin.ItemLicence, kind: bianmin.CaseJoint, promised: wd(15), statutory: wd(20),
		appoint: true, object: "1",
		basis: "《中华人民共和国土地管理法》第六十二条；《中华人民共和国城乡规划法》第四十一条；《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）",
		conds: "本街道农村集体经济组织成员，符合“一户一宅”、宅基地面积标准和村庄规划要求，原有宅基地已按规定处置的。",
		steps: []string{
			"农户向村民小组提出申请，经村集体审议并公示",
			"村民委员会签署意见后报送街道，窗口受理",
			"农业综合服务中心审查宅基地申请条件，国土规划建设所审查规划和用地，两部门并联审核并实地踏勘",
			"审核通过的发放《农村宅基地批准书》和《乡村建设规划许可证》",
			"开工前现场放线，竣工后申请验收",
		},
		result: "《农村宅基地批准书》《乡村建设规划许可证》", events: []string{"住房建设"},
		faq: faq("审批要多久？", "材料齐全后街道在15个工作日内完成并联审核，审批结果在村务公开栏公布。",
			"可以先建房后补手续吗？", "不可以，须取得批准书和规划许可证并经现场放线后方可开工。"),
		materials: byProxy(
			need("农村宅基地和建房（规划许可）申请表", "Housing plot and building permit application", "申请人", 1, 0),
			need("农村宅基地使用承诺书", "Housing plot undertaking", "申请人", 1, 0),
			need("申请人居民身份证和户口簿", "Applicant's ID card and household register", "公安机关", 1, 1),
			need("村民小组会议记录和公示材料", "Village group minutes and public notice", "村民委员会", 1, 0),
			need("住宅设计图或选用的通用图集", "House design drawings", "设计单位或申请人", 0, 1),
			when("原有宅基地需退出或拆除的", "原宅基地退出协议", "Agreement to give up the old plot", "村集体经济组织", 1, 0),
		),
	},
	{
		// The house safety check is planning's, eligibility civil affairs'
		// and the subsidy finance's: three departments approve (C-6).
		dept: "gt", co: []string{"mz", "cz"}, no: "002", name: "农村危房改造补助申请",
		nameEN:   "Subsidy for renovating unsafe rural houses",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseJoint, promised: wd(30), statutory: cal(60), object: "1",
		basis: "《住房和城乡建设部 财政部 民政部 国家乡村振兴局关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》（建村〔2021〕35号）",
		conds: "农村低保户、农村分散供养特困人员、低保边缘家庭等低收入群体，住房经鉴定为C级或D级危房的。",
		steps: []string{
			"农户提出申请，窗口受理",
			"民政办核实低收入群体身份，国土规划建设所组织房屋安全性鉴定，财政所核对补助资金，三部门并联审核",
			"在村务公开栏公示",
			"签订改造协议，实施改造并竣工验收",
			"财政所通过惠民惠农财政补贴“一卡通”拨付补助资金",
		},
		result: "农村危房改造补助资金（竣工验收后拨付）", events: []string{"住房建设", "社会救助"},
		faq: faq("补助什么时候到账？", "竣工验收合格后，补助资金通过惠民惠农财政补贴“一卡通”直接拨付到户。"),
		materials: byProxy(
			need("农村危房改造申请表", "Application form", "申请人", 1, 0),
			idCard, hukou,
			need("现有住房照片", "Photos of the current house", "申请人", 1, 0),
			when("属于最低生活保障家庭或特困人员的", "《最低生活保障证》或《特困人员救助供养证》", "Dibao or extreme-poverty support certificate", "区民政部门", 1, 1),
			need("惠民惠农财政补贴“一卡通”账户信息", "Subsidy card account", "开户银行", 0, 1),
		),
	},
	{
		dept: "gt", no: "003", name: "农村宅基地使用权及房屋所有权首次登记（受理转报）",
		nameEN:   "First registration of a rural housing plot and house",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CaseReported, promised: wd(15), statutory: wd(30),
		upper: true, object: "1",
		basis: "《中华人民共和国民法典》第三百六十三条；《不动产登记暂行条例》第二十条",
		conds: "已依法取得宅基地批准文件、按批准建成住房并通过验收，权属清楚、无争议的本街道农村村民。",
		steps: []string{
			"申请人到窗口提交登记申请",
			"窗口初审材料，转报区不动产登记中心",
			"不动产登记中心审核、记载不动产登记簿",
			"申请人在中心收费窗口缴纳证书工本费并取得票据",
			"领取《不动产权证书》",
		},
		fee:      "不动产权属证书工本费每本10元；宅基地使用权及房屋所有权登记不收取不动产登记费",
		feeBasis: "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）；《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
		result:   "《不动产权证书》", events: []string{"住房建设"},
		faq: faq("要交哪些钱？", "只收取不动产权属证书工本费每本10元，在中心收费窗口缴纳并开具票据，不收取登记费。"),
		materials: byProxy(
			need("不动产登记申请书", "Real estate registration application", "申请人", 1, 0),
			idCard, hukou,
			need("《农村宅基地批准书》", "Housing plot approval", "街道办事处", 1, 1),
			need("《乡村建设规划许可证》和竣工验收意见", "Building permit and completion acceptance", "街道办事处", 1, 1),
			need("不动产权籍调查成果（宗地图、房屋平面图）", "Cadastral survey (plot and floor plans)", "不动产权籍调查机构", 1, 0),
		),
	},
}
