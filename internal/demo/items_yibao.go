package demo

import "bianmin/internal/bianmin"

// 医疗保险 window items of seed 002 (新型农村合作医疗参保 of seed 001 is today
// the 城乡居民基本医疗保险).
var yibaoItems = []item{
	{
		dept: "yb", no: "001", name: "城乡居民基本医疗保险参保登记", nameEN: "Residents' basic medical insurance enrolment",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot,
		online: true, object: "1",
		basis:  "《中华人民共和国社会保险法》第二十五条；《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）",
		conds:  "除应参加职工基本医疗保险以外的城乡居民，包括在校学生、未成年人和灵活就业人员。",
		steps:  []string{"申请人到窗口或网上提交参保信息", "窗口核对身份，查询是否已参加职工医保", "当场办理参保登记", "按本地规定缴纳年度个人缴费"},
		result: "城乡居民基本医疗保险参保登记回执", events: []string{"医疗", "生育"},
		faq: faq("新生儿怎么参保？", "新生儿出生后凭出生医学证明和户口簿尽早办理参保登记，在本地规定期限内参保缴费的，自出生之日起享受待遇。"),
		materials: byProxy(
			need("城乡居民基本医疗保险参保登记表", "Medical insurance enrolment form", "申请人", 1, 0),
			need("参保人居民身份证或户口簿", "Insured person's ID card or household register", "公安机关", 1, 1),
			when("为新生儿办理参保的", "出生医学证明", "Medical birth certificate", "助产医疗机构", 1, 1),
			when("非本地户籍、持本地居住证参保的", "居住证", "Residence permit", "公安机关", 1, 1),
		),
	},
	{
		dept: "yb", no: "002", name: "医疗费用手工（零星）报销", nameEN: "Manual reimbursement of medical expenses",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(20), statutory: wd(30), object: "1",
		basis:  "《中华人民共和国社会保险法》第二十八条；《医疗保障基金使用监督管理条例》",
		conds:  "参保人员因急诊抢救、异地就医未直接结算等原因全额垫付的政策范围内医疗费用。",
		steps:  []string{"申请人提交报销材料", "窗口初审票据和明细", "医疗保障经办机构审核计算应报销金额", "报销款拨付至本人账户"},
		result: "医疗费用报销结算单（报销款拨付至本人账户）", events: []string{"医疗"},
		faq: faq("什么情况需要手工报销？", "在未联网的医疗机构就医、异地就医未备案或因急诊抢救未能直接结算的，需要持票据手工报销。"),
		materials: byProxy(
			need("医疗费用零星报销申请表", "Reimbursement application", "申请人", 1, 0),
			need("参保人社会保障卡或居民身份证", "Social security card or ID card", "人力资源社会保障部门或公安机关", 1, 1),
			need("医疗费用收费票据", "Medical bills", "医疗机构", 1, 0),
			need("医疗费用明细清单", "Itemised bill", "医疗机构", 1, 0),
			need("出院小结或门（急）诊病历", "Discharge summary or clinic record", "医疗机构", 0, 1),
			need("本人银行账户信息", "Bank account of the insured person", "开户银行", 0, 1),
		),
	},
	{
		dept: "yb", no: "003", name: "异地就医备案", nameEN: "Registration for medical treatment in another place",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot,
		online: true, object: "1",
		basis:  "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）",
		conds:  "参加本地基本医疗保险，因异地长期居住、常驻异地工作或转诊转院需在异地就医的参保人员。",
		steps:  []string{"申请人到窗口或网上提交备案信息", "窗口核对参保状态和备案类型", "当场完成备案，即时生效"},
		result: "异地就医备案登记（即时生效）", events: []string{"医疗"},
		faq: faq("可以在手机上备案吗？", "可以，通过国家医保服务平台App等线上渠道办理，备案即时生效。",
			"备案后在哪里看病？", "在备案地已开通异地就医直接结算的定点医疗机构就医，可直接结算。"),
		materials: byProxy(
			need("异地就医备案登记表", "Registration form", "申请人", 1, 0),
			need("参保人社会保障卡或居民身份证", "Social security card or ID card", "人力资源社会保障部门或公安机关", 1, 0),
			when("异地长期居住的", "居住证明或个人承诺书", "Proof of residence or personal undertaking", "公安机关或申请人", 1, 0),
			when("常驻异地工作的", "工作证明或个人承诺书", "Proof of work or personal undertaking", "用人单位或申请人", 1, 0),
			when("转诊转院的", "转诊转院证明", "Referral letter", "本地定点医疗机构", 1, 0),
		),
	},
	{
		dept: "yb", no: "004", name: "门诊慢特病待遇认定申请", nameEN: "Recognition for chronic and special outpatient conditions",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CasePromised, promised: wd(15), statutory: wd(30),
		appoint: true, object: "1",
		basis:  "《中华人民共和国社会保险法》第二十八条；《医疗保障基金使用监督管理条例》",
		conds:  "参保人员患有本地门诊慢性病、特殊疾病病种目录内的疾病，并符合认定标准的。",
		steps:  []string{"申请人提交申请和病历资料", "窗口初审材料", "医疗保障经办机构组织专家审核认定", "认定通过的在医保系统登记，选定定点医疗机构"},
		result: "门诊慢特病待遇认定结果", events: []string{"医疗"},
		faq: faq("认定后在哪里看病？", "在本人选定的定点医疗机构门诊就医，相关费用按门诊慢特病待遇直接结算。"),
		materials: byProxy(
			need("门诊慢特病待遇认定申请表", "Application form", "申请人", 1, 0),
			need("参保人社会保障卡或居民身份证", "Social security card or ID card", "人力资源社会保障部门或公安机关", 1, 1),
			need("疾病诊断证明", "Medical diagnosis", "二级及以上定点医疗机构", 1, 0),
			need("相关检查报告和病历", "Test reports and medical records", "医疗机构", 0, 1),
		),
	},
	{
		dept: "yb", no: "005", name: "生育保险待遇申领", nameEN: "Maternity insurance benefit claim",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(15), statutory: wd(30), object: "1",
		basis:  "《中华人民共和国社会保险法》第五十四条至第五十六条",
		conds:  "用人单位已为职工缴纳生育保险费，职工生育或施行计划生育手术的医疗费用未能直接结算，或申领生育津贴的。",
		steps:  []string{"职工或用人单位提交申领材料", "窗口初审", "医疗保障经办机构审核核定待遇", "待遇拨付至本人或用人单位账户"},
		result: "生育医疗费用和生育津贴", events: []string{"生育", "医疗"},
		faq: faq("生育津贴怎么算？", "按职工所在用人单位上年度职工月平均工资计发，发放天数按国家和本地规定的产假天数。"),
		materials: byProxy(
			need("生育保险待遇申领表", "Maternity benefit claim form", "申请人", 1, 0),
			idCard,
			need("出生医学证明", "Medical birth certificate", "助产医疗机构", 0, 1),
			when("医疗费用未直接结算的", "医疗费用收费票据和明细清单", "Medical bills and itemised bill", "医疗机构", 1, 0),
			when("申领生育津贴的", "产假证明", "Proof of maternity leave", "用人单位", 1, 0),
			need("本人银行账户信息", "Bank account of the applicant", "开户银行", 0, 1),
		),
	},
}
