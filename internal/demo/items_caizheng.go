package demo

import "bianmin/internal/bianmin"

// 财政政策服务事项 of seed 001 that still exist: the subsidy card the finance
// office pays every 惠民惠农 subsidy through, 农业保险 premium subsidies and
// 农业灾害补助. (家电下乡 ended in 2013; 良种补贴 and 农资综合直补 are today
// the 耕地地力保护补贴 of the agriculture office.)
var caizhengItems = []item{
	{
		dept: "cz", no: "001", name: "惠民惠农财政补贴“一卡通”发放账户变更", nameEN: "Change of the subsidy card account",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot, object: "1",
		basis:  "《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》",
		conds:  "已享受惠民惠农财政补贴的个人，因银行卡（折）挂失补办、更换开户银行或户主变更等需要变更发放账户的。",
		steps:  []string{"申请人提交变更申请", "窗口核对身份和新账户信息", "当场变更并打印变更确认单"},
		result: "补贴发放账户变更确认单", events: []string{"农业生产", "社会救助"},
		faq: faq("变更后什么时候生效？", "当场变更，自下一次发放起使用新账户。"),
		materials: byProxy(
			need("惠民惠农补贴发放账户变更申请表", "Account change form", "申请人", 1, 0),
			idCard,
			need("新开立的银行卡（折）", "The new bank card or passbook", "开户银行", 1, 1),
			when("因户主变更申请的", "居民户口簿", "Household register", "公安机关", 1, 1),
		),
	},
	{
		dept: "cz", no: "002", name: "政策性农业保险保费补贴投保登记", nameEN: "Subsidised agricultural insurance enrolment",
		itemType: bianmin.ItemPublicService, kind: bianmin.CasePromised, promised: wd(5), statutory: wd(10), object: "1",
		basis:  "《农业保险条例》第七条",
		conds:  "本街道从事种植业、养殖业生产，投保标的属于财政保费补贴范围的农户和农业生产经营组织。",
		steps:  []string{"农户填写投保信息", "村民委员会核实种植面积或养殖数量并公示", "财政所汇总，会同承保机构出具保单", "将保单和保费补贴信息告知农户"},
		result: "农业保险保单（分户投保清单）", events: []string{"农业生产"},
		faq: faq("个人要交多少保费？", "财政按规定比例补贴保费，个人只缴纳其余部分，具体比例以当年承保方案为准。"),
		materials: []bianmin.Material{
			need("农业保险投保单", "Insurance application", "投保人", 1, 0),
			idCard,
			need("种植面积或养殖数量证明", "Proof of planted area or livestock numbers", "村民委员会", 1, 0),
			when("以农业生产经营组织名义投保的", "营业执照或登记证书", "Business licence or registration certificate", "登记机关", 0, 1),
			need("惠民惠农财政补贴“一卡通”账户信息", "Subsidy card account", "开户银行", 0, 1),
		},
	},
	{
		dept: "cz", no: "003", name: "农业生产救灾补助申报", nameEN: "Disaster relief subsidy for farming",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseReported, promised: wd(20), statutory: cal(60),
		upper: true, object: "1",
		basis: "《中华人民共和国农业法》；《自然灾害救助条例》",
		conds: "因干旱、洪涝、风雹、病虫害等自然灾害导致农作物或养殖受灾，损失程度符合本地补助条件的农户和农业生产经营组织。",
		steps: []string{
			"灾后向村民委员会或窗口申报受灾情况",
			"村民委员会核灾并公示",
			"财政所会同农业综合服务中心核定灾情",
			"报区财政、农业农村部门审批",
			"补助资金通过“一卡通”发放",
		},
		result: "农业生产救灾补助资金", events: []string{"农业生产", "社会救助"},
		faq: faq("什么时候申报？", "灾害发生后及时报告，并在街道公布的时间内集中申报。"),
		materials: byProxy(
			need("农业受灾情况申报表", "Crop or livestock loss declaration", "申请人", 1, 0),
			idCard,
			need("受灾现场照片", "Photos of the damage", "申请人", 1, 0),
			need("《农村土地承包经营权证》或土地流转合同", "Land contract certificate or lease", "区人民政府或流转双方", 0, 1),
			need("惠民惠农财政补贴“一卡通”账户信息", "Subsidy card account", "开户银行", 0, 1),
		),
	},
}
