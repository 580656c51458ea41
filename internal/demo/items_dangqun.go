package demo

import "bianmin/internal/bianmin"

// 党员服务 of seed 001: 党员接转组织关系, 流动党员管理与服务 and policy
// advice. These are party services, not administrative powers, hence item
// type 10 (其他, R3.6) or 20.
var dangqunItems = []item{
	{
		dept: "dq", no: "001", name: "党员组织关系转接", nameEN: "Transfer of a party member's organisational relationship",
		itemType: bianmin.ItemOther, kind: bianmin.CaseImmediate, promised: spot, statutory: spot, object: "1",
		basis: "《中国共产党章程》第八条；《中国共产党党员教育管理工作条例》",
		conds: "中共党员因工作调动、户籍迁移、外出务工经商等需要转出或转入本街道党组织的。",
		steps: []string{
			"党员到窗口提出转接申请",
			"核对党员信息和党费交纳情况",
			"通过全国党员管理信息系统办理转出或转入",
			"出具介绍信或转接回执，告知到接收党组织报到",
		},
		result: "党员组织关系介绍信（转接回执）", events: []string{"党员组织关系"},
		faq: faq("转出后要做什么？", "党员应在介绍信有效期内及时到接收党组织报到，参加组织生活。"),
		materials: []bianmin.Material{
			need("党员本人居民身份证", "Party member's ID card", "公安机关", 1, 0),
			when("转入本街道党组织的", "党员组织关系介绍信", "Letter of transfer", "原所在党组织", 1, 0),
			when("转出本街道党组织的", "拟转入党组织的名称和联系方式", "Name and contact of the receiving party organisation", "党员本人", 1, 0),
		},
	},
	{
		dept: "dq", no: "002", name: "流动党员登记", nameEN: "Registration of a mobile party member",
		itemType: bianmin.ItemOther, kind: bianmin.CaseImmediate, promised: spot, statutory: spot, object: "1",
		basis:  "《中国共产党党员教育管理工作条例》",
		conds:  "外出务工经商等离开组织关系所在地6个月以上的党员，以及流入本街道的党员。",
		steps:  []string{"党员到窗口登记外出或流入信息", "核对党员身份", "纳入流动党员管理，告知就近参加组织生活的党组织"},
		result: "流动党员登记（纳入管理）", events: []string{"党员组织关系"},
		faq: faq("在外地怎么参加组织生活？", "可以就近参加流入地党组织的组织生活，同时与原党组织保持联系。"),
		materials: []bianmin.Material{
			need("党员本人居民身份证", "Party member's ID card", "公安机关", 1, 0),
			when("从外地流入本街道的", "原党组织出具的外出证明", "Letter from the home party organisation", "原所在党组织", 1, 0),
			when("从本街道流出的", "外出去向和联系方式登记表", "Destination and contact form", "党员本人", 1, 0),
		},
	},
	{
		dept: "dq", no: "003", name: "入党政策咨询", nameEN: "Advice on joining the party",
		itemType: bianmin.ItemOther, kind: bianmin.CaseConsultation, promised: spot, statutory: spot, object: "1",
		basis:  "《中国共产党章程》第一章；《中国共产党发展党员工作细则》",
		conds:  "年满十八岁、有入党意愿的居民，均可到窗口或电话咨询。",
		steps:  []string{"来访或来电咨询", "窗口解答入党条件和程序", "告知向哪个党组织递交入党申请书"},
		result: "咨询答复", events: []string{"党员组织关系"},
		faq: faq("入党申请书交给谁？", "向工作、学习所在单位党组织提出；没有工作、学习单位或单位没有党组织的，一般向居住地党组织提出。"),
		materials: []bianmin.Material{
			when("咨询本人递交入党申请事宜的", "居民身份证", "Resident ID card", "公安机关", 1, 0),
			when("已递交入党申请书、查询后续程序的", "入党申请书递交情况说明", "Note of when and where the application was handed in", "申请人", 1, 0),
		},
	},
}

// 信访稳定 of seed 001: 来人来访, 信访咨询, 政策咨询.
var xinfangItems = []item{
	{
		dept: "xf", no: "001", name: "信访事项受理", nameEN: "Acceptance of a letter or visit (petition)",
		itemType: bianmin.ItemOther, kind: bianmin.CasePetition, promised: wd(30), statutory: cal(60), object: "1",
		basis: "《信访工作条例》",
		conds: "公民、法人或者其他组织对街道及其工作部门的工作提出建议、意见或者投诉请求的；应当通过诉讼、仲裁、行政复议等法定途径解决的，引导其依法解决。",
		steps: []string{
			"信访人来信、来访或网上提交信访事项",
			"登记并在15日内告知是否受理",
			"转交有权处理的部门办理",
			"出具书面处理意见并送达信访人",
			"信访人不服的，可在收到处理意见之日起30日内请求复查",
		},
		result: "信访事项处理意见书", events: []string{"信访投诉"},
		faq: faq("多久能答复？", "信访事项一般自受理之日起60日内办结；情况复杂的可以适当延长，延长期限不超过30日并告知信访人。",
			"对处理意见不服怎么办？", "可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查。"),
		materials: []bianmin.Material{
			need("信访信件或信访事项登记表", "Petition letter or registration form", "信访人", 1, 0),
			need("信访人居民身份证", "Petitioner's ID card", "公安机关", 1, 0),
			when("有相关证据材料的", "相关证明材料", "Supporting evidence", "信访人", 0, 1),
			when("多人走访反映共同意见的", "推选的代表名单（不超过5人）", "List of chosen representatives (at most 5)", "信访人", 1, 0),
		},
	},
	{
		dept: "xf", no: "002", name: "信访及政策咨询", nameEN: "Petition and policy advice",
		itemType: bianmin.ItemOther, kind: bianmin.CaseConsultation, promised: spot, statutory: spot, object: "1",
		basis:  "《信访工作条例》",
		conds:  "群众咨询信访渠道、办理进度和有关政策的，均可到窗口或电话咨询。",
		steps:  []string{"来访或来电咨询", "窗口解答或查询办理进度", "属于其他部门职责的，告知并引导至有权处理的部门"},
		result: "咨询答复", events: []string{"信访投诉"},
		faq: faq("咨询需要预约吗？", "不需要，工作时间内可直接到窗口或拨打咨询电话。"),
		materials: []bianmin.Material{
			when("查询已受理信访事项办理进度的", "信访事项受理告知书", "Notice of acceptance", "信访办", 1, 0),
			when("咨询本人相关政策的", "居民身份证", "Resident ID card", "公安机关", 1, 0),
		},
	},
}
