package demo

import "bianmin/internal/bianmin"

// 民政服务事项 of seed 001 (民政救济: 低保, 五保 / 特困, 临时救助, 医疗救助,
// 《老年优待证》) and the disability items the civil-affairs window handles
// for the Disabled Persons' Federation.
var minzhengItems = []item{
	{
		dept: "mz", no: "001", name: "最低生活保障申请受理", nameEN: "Minimum living allowance (dibao) application",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseReported, promised: wd(25), statutory: wd(30),
		online: true, upper: true, object: "1",
		basis: "《社会救助暂行办法》第九条、第十一条；《最低生活保障审核确认办法》（民发〔2021〕57号）",
		conds: "户籍在本街道的城乡居民，共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合当地规定。",
		steps: []string{
			"以家庭为单位由一名家庭成员向户籍所在地街道提出书面申请，窗口一次性告知并受理",
			"街道通过入户调查、邻里访问、信息核对等方式核查家庭经济状况",
			"在申请人所在社区公示审核意见",
			"报区民政部门审批",
			"批准的发放《最低生活保障证》并按月发放保障金；不予批准的书面告知理由",
		},
		result: "《最低生活保障证》", events: []string{"社会救助"},
		faq: faq("户籍不在本街道可以申请吗？", "原则上向户籍所在地申请；持有本地居住证的，按本地政策可在经常居住地申请。",
			"家庭情况变了要告诉谁？", "家庭人口、收入或财产发生变化的，应及时告知街道民政办，街道将据此调整或停发保障金。"),
		materials: byProxy(
			need("最低生活保障申请书", "Dibao application form", "申请人", 1, 0),
			need("家庭经济状况核对授权书", "Authorisation to verify household finances", "共同生活的家庭成员签字", 1, 0),
			need("共同生活家庭成员的居民身份证和户口簿", "ID cards and household register of all household members", "公安机关", 1, 1),
			when("家庭成员有工资性收入的", "收入证明", "Income statement", "用人单位", 1, 0),
			when("家庭成员有残疾的", "《中华人民共和国残疾人证》", "Disability certificate", "残疾人联合会", 1, 1),
			when("因重病导致家庭困难的", "疾病诊断证明", "Medical diagnosis", "二级及以上医疗机构", 1, 1),
		),
	},
	{
		dept: "mz", no: "002", name: "特困人员救助供养申请受理", nameEN: "Support for people in extreme poverty",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseReported, promised: wd(25), statutory: wd(35),
		upper: true, object: "1",
		basis: "《社会救助暂行办法》第三章（特困人员供养）；《特困人员认定办法》（民发〔2021〕43号）",
		conds: "无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未满16周岁的未成年人。",
		steps: []string{
			"本人向户籍所在地街道提出书面申请，本人申请有困难的可委托社区居委会或他人代为申请",
			"街道入户调查核实，并在社区公示",
			"报区民政部门确认",
			"确认的发给《特困人员救助供养证》，按本人意愿安排分散供养或集中供养",
		},
		result: "《特困人员救助供养证》", events: []string{"社会救助", "养老"},
		faq: faq("集中供养还是在家供养？", "有生活自理能力的以在家分散供养为主；完全或部分丧失生活自理能力的，优先安排到供养服务机构集中供养。"),
		materials: byProxy(
			need("特困人员救助供养申请书", "Application for extreme-poverty support", "申请人", 1, 0),
			idCard, hukou,
			need("家庭经济状况核对授权书", "Authorisation to verify household finances", "申请人签字", 1, 0),
			when("申请人有残疾的", "《中华人民共和国残疾人证》", "Disability certificate", "残疾人联合会", 1, 1),
			when("法定赡养、抚养、扶养义务人无履行义务能力的", "义务人无履行能力的证明材料", "Proof that the legal supporters cannot support", "义务人所在单位、社区或医疗机构", 1, 1),
		),
	},
	{
		dept: "mz", no: "003", name: "临时救助申请", nameEN: "Temporary assistance",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20), object: "1",
		basis: "《社会救助暂行办法》第九章（临时救助）；《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
		conds: "因火灾、交通事故等意外事件或家庭成员突发重大疾病，导致基本生活暂时出现严重困难的家庭；或因生活必需支出突然增加超出承受能力的最低生活保障家庭。",
		steps: []string{
			"申请人向街道提出申请，窗口受理",
			"街道调查核实困难情况，必要时入户调查",
			"街道在权限内审批，超出权限的报区民政部门审批",
			"发放救助金或实物；情况紧急的先行救助，事后补齐手续",
		},
		result: "临时救助金（发放至本人社会保障卡或银行账户）", events: []string{"社会救助"},
		faq: faq("情况紧急等不及怎么办？", "对情况紧急、需立即救助的，街道可先行救助，再补办审核审批手续。",
			"不是本地户籍能申请吗？", "在本地遭遇急难情况的非本地户籍人员，可向街道申请临时救助或由街道协助转介。"),
		materials: byProxy(
			need("临时救助申请书", "Application for temporary assistance", "申请人", 1, 0),
			idCard,
			need("困难情况证明材料（医疗费用票据、事故认定书、火灾证明等）", "Proof of the hardship (medical bills, accident report …)", "医疗机构或有关部门", 1, 1),
			when("申请人为最低生活保障家庭成员的", "《最低生活保障证》", "Dibao certificate", "区民政部门", 1, 1),
		),
	},
	{
		// Since 2018 medical assistance is paid by the medical-insurance
		// office, while civil affairs confirms who is eligible: both review
		// in parallel (联办, C-6).
		dept: "mz", co: []string{"yb"}, no: "004", name: "城乡医疗救助申请", nameEN: "Medical assistance for low-income residents",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseJoint, promised: wd(15), statutory: wd(20), object: "1",
		basis: "《社会救助暂行办法》第五章（医疗救助）；《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）",
		conds: "最低生活保障家庭成员、特困供养人员、低保边缘家庭成员和因病致贫重病患者，经基本医疗保险、大病保险报销后个人负担的政策范围内医疗费用仍然较重的。",
		steps: []string{
			"申请人持医疗费用票据和结算单向街道提出申请",
			"民政办核实救助对象身份，医疗保障所核对基本医保、大病保险报销情况，两部门并联审核",
			"两部门均审核同意后，按救助比例核定救助金额",
			"救助金发放至申请人账户",
		},
		result: "医疗救助金", events: []string{"社会救助", "医疗"},
		faq: faq("在定点医院住院还要来申请吗？", "已实行“一站式”结算的，出院结算时直接减免，无需另行申请；在非定点或异地医院就医的，凭票据到窗口申请。"),
		materials: byProxy(
			need("医疗救助申请表", "Application for medical assistance", "申请人", 1, 0),
			idCard,
			need("医疗费用收费票据", "Medical bills", "医疗机构", 1, 1),
			need("基本医疗保险和大病保险费用结算单", "Insurance settlement statements", "定点医疗机构或医疗保障经办机构", 1, 1),
			need("出院小结或疾病诊断证明", "Discharge summary or diagnosis", "医疗机构", 0, 1),
			when("申请人为低保边缘家庭成员或因病致贫重病患者的", "家庭经济状况核对授权书", "Authorisation to verify household finances", "申请人及共同生活的家庭成员签字", 1, 0),
		),
	},
	{
		dept: "mz", no: "005", name: "老年人优待证办理", nameEN: "Senior citizen concession card",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot, object: "1",
		basis:  "《中华人民共和国老年人权益保障法》第五章（社会优待）",
		conds:  "年满60周岁的本市户籍老年人；非本市户籍的常住老年人按本地规定办理。",
		steps:  []string{"申请人到窗口提交材料", "窗口核对身份信息并录入系统", "当场制发《老年人优待证》"},
		result: "《老年人优待证》", events: []string{"养老"},
		faq: faq("优待证有什么用？", "凭证可按本地规定享受公园景区门票减免、公共交通优惠、医疗机构优先就诊等优待。"),
		materials: byProxy(
			idCard,
			need("近期一寸免冠彩色照片", "Recent 1-inch colour photo", "申请人自备", 2, 0),
		),
	},
	{
		dept: "mz", no: "006", name: "高龄津贴申请", nameEN: "Allowance for citizens aged 80 and over",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20),
		online: true, object: "1",
		basis:  "《中华人民共和国老年人权益保障法》第三十三条",
		conds:  "年满80周岁、户籍在本街道的老年人；津贴标准按本地高龄津贴政策执行。",
		steps:  []string{"申请人或家属到窗口或网上提交申请", "街道审核年龄和户籍信息", "区民政部门审批", "自审批通过次月起按月发放"},
		result: "高龄津贴（按月发放）", events: []string{"养老"},
		faq: faq("津贴从什么时候开始发？", "自审批通过的次月起按月发放至本人社会保障卡或银行账户。",
			"老人去世后要做什么？", "家属应在一个月内告知街道民政办，停发津贴；多领的津贴须退回。"),
		materials: byProxy(
			idCard, hukou,
			need("本人社会保障卡或银行账户信息", "Social security card or bank account of the applicant", "开户银行", 0, 1),
		),
	},
}

// 残疾人联合会 items, received at the civil-affairs window.
var canlianItems = []item{
	{
		dept: "cl", no: "001", name: "残疾人证申请受理", nameEN: "Disability certificate application",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CaseReported, promised: wd(20), statutory: cal(60),
		appoint: true, upper: true, object: "1",
		basis: "《中华人民共和国残疾人保障法》；《中华人民共和国残疾人证管理办法》",
		conds: "户籍在本街道、符合国家残疾标准的视力、听力、言语、肢体、智力、精神及多重残疾人。",
		steps: []string{
			"申请人到窗口提交申请，领取《残疾人证申请表》",
			"持表到区残联指定的医疗机构进行残疾评定",
			"区残联审核评定结果",
			"审核通过的制证，申请人到窗口领证",
		},
		result: "《中华人民共和国残疾人证》", events: []string{"残疾人服务"},
		faq: faq("在哪里做残疾评定？", "窗口受理后发给《残疾人证申请表》，申请人持表到区残联指定的评定医疗机构评定，可在窗口预约评定时间。"),
		materials: byProxy(
			need("《残疾人证申请表》", "Disability certificate application form", "区残疾人联合会（窗口领取）", 1, 0),
			need("申请人居民身份证或户口簿", "Applicant's ID card or household register", "公安机关", 1, 1),
			need("近期二寸免冠彩色照片", "Recent 2-inch colour photos", "申请人自备", 3, 0),
			when("申请精神残疾或智力残疾评定的", "既往病历资料", "Previous medical records", "医疗机构", 0, 1),
			when("申请人为未成年人或无民事行为能力人的", "监护人居民身份证", "Guardian's ID card", "公安机关", 1, 1),
		),
	},
	{
		dept: "cl", no: "002", name: "困难残疾人生活补贴和重度残疾人护理补贴申请", nameEN: "Living and nursing allowances for people with disabilities",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(15), statutory: wd(20),
		online: true, object: "1",
		basis:  "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
		conds:  "生活补贴：最低生活保障家庭中的残疾人；护理补贴：残疾等级为一级、二级且需要长期照护的重度残疾人。",
		steps:  []string{"申请人向街道提出申请", "街道审核并在社区公示", "区残联会同民政部门审定", "按月发放补贴"},
		result: "残疾人两项补贴（按月发放）", events: []string{"残疾人服务", "社会救助"},
		faq: faq("两项补贴能同时领吗？", "分别符合条件的可以同时申领，但不与性质相同的其他补贴重复享受。"),
		materials: byProxy(
			need("残疾人两项补贴申请审批表", "Application form for the two allowances", "申请人", 1, 0),
			need("《中华人民共和国残疾人证》", "Disability certificate", "残疾人联合会", 1, 1),
			idCard,
			when("申请困难残疾人生活补贴的", "《最低生活保障证》", "Dibao certificate", "区民政部门", 1, 1),
			need("本人社会保障卡或银行账户信息", "Social security card or bank account of the applicant", "开户银行", 0, 1),
		),
	},
}
