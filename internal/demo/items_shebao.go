package demo

import "bianmin/internal/bianmin"

// 劳动保障服务事项 of seed 001 (农村社会养老保险参保, 《再就业优惠证》 and
// 《失业证》 — today 城乡居民养老保险 and the 《就业创业证》) and the labour
// dispute mediation a street office offers.
var shebaoItems = []item{
	{
		dept: "sb", no: "001", name: "城乡居民基本养老保险参保登记", nameEN: "Residents' basic pension insurance enrolment",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot,
		online: true, object: "1",
		basis: "《中华人民共和国社会保险法》第二十条、第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
		conds: "年满16周岁（不含在校学生），非国家机关和事业单位工作人员，且不属于职工基本养老保险覆盖范围的城乡居民，在户籍地参保。",
		steps: []string{
			"申请人到窗口或网上提交参保登记信息",
			"窗口核对身份，查询是否已参加职工基本养老保险",
			"当场录入参保登记",
			"申请人选择缴费档次，签订银行代扣协议",
		},
		result: "城乡居民基本养老保险参保登记回执", events: []string{"养老"},
		faq: faq("缴费档次怎么选？", "在本地设定的缴费档次中自主选择，多缴多得，每年可调整一次。"),
		materials: byProxy(
			need("城乡居民基本养老保险参保登记表", "Pension enrolment form", "申请人", 1, 0),
			idCard, hukou,
		),
	},
	{
		dept: "sb", no: "002", name: "城乡居民基本养老保险待遇领取申请", nameEN: "Residents' pension benefit claim",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20), object: "1",
		basis: "《中华人民共和国社会保险法》第二十一条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
		conds: "参加城乡居民基本养老保险、年满60周岁、累计缴费满15年，且未领取国家规定的基本养老保障待遇的。",
		steps: []string{
			"申请人在年满60周岁前后到窗口提出申请",
			"窗口审核缴费记录和身份信息",
			"区社会保险经办机构核定待遇",
			"自核定的次月起按月发放养老金",
		},
		result: "城乡居民养老保险待遇核定表（按月发放养老金）", events: []string{"养老"},
		faq: faq("缴费不满15年怎么办？", "可以按规定补缴，或延长缴费至满15年后再申请领取。",
			"养老金发到哪里？", "按月发放至本人社会保障卡金融账户。"),
		materials: byProxy(
			need("城乡居民基本养老保险待遇领取申请表", "Pension claim form", "申请人", 1, 0),
			idCard,
			need("社会保障卡", "Social security card", "人力资源社会保障部门", 1, 1),
		),
	},
	{
		dept: "sb", no: "003", name: "失业登记", nameEN: "Unemployment registration",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot,
		online: true, object: "1",
		basis:  "《中华人民共和国就业促进法》；《就业服务与就业管理规定》（劳动和社会保障部令第28号）",
		conds:  "法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城乡劳动者，可在常住地进行失业登记。",
		steps:  []string{"申请人到窗口或网上提出失业登记", "窗口核对身份和就业参保状态", "当场办理登记并在《就业创业证》上记载"},
		result: "《就业创业证》（失业登记记载）", events: []string{"就业创业"},
		faq: faq("失业登记后有什么服务？", "可免费享受职业介绍、职业指导和职业培训等公共就业服务，符合条件的可申领失业保险金和就业援助。"),
		materials: []bianmin.Material{
			idCard,
			need("失业登记表", "Unemployment registration form", "申请人", 1, 0),
			when("与原用人单位解除或终止劳动关系的", "解除或终止劳动合同证明", "Proof that the employment ended", "原用人单位", 1, 1),
			when("首次登记、尚未领取《就业创业证》的", "近期一寸免冠彩色照片", "Recent 1-inch colour photo", "申请人自备", 1, 0),
		},
	},
	{
		dept: "sb", no: "004", name: "灵活就业社会保险补贴申领", nameEN: "Social insurance subsidy for flexible workers",
		itemType: bianmin.ItemPayment, kind: bianmin.CasePromised, promised: wd(15), statutory: wd(20), object: "1",
		basis:  "《中华人民共和国就业促进法》；《就业补助资金管理办法》（财社〔2017〕164号）",
		conds:  "就业困难人员以灵活就业方式就业并缴纳社会保险费的。",
		steps:  []string{"申请人提交补贴申请", "窗口核对就业困难人员认定和缴费记录", "区人力资源社会保障部门审核并公示", "补贴拨付至本人账户"},
		result: "社会保险补贴（拨付至本人账户）", events: []string{"就业创业"},
		faq: faq("补贴能领多久？", "一般不超过3年；距法定退休年龄不足5年的就业困难人员可延长至退休。"),
		materials: byProxy(
			need("社会保险补贴申请表", "Subsidy application form", "申请人", 1, 0),
			idCard,
			need("《就业创业证》", "Employment and entrepreneurship certificate", "人力资源社会保障部门", 1, 1),
			need("社会保险缴费凭证", "Proof of insurance contributions", "社会保险经办机构", 0, 1),
			need("本人社会保障卡或银行账户信息", "Social security card or bank account", "开户银行", 0, 1),
		),
	},
	{
		dept: "sb", no: "005", name: "劳动争议调解申请", nameEN: "Labour dispute mediation",
		itemType: bianmin.ItemOther, kind: bianmin.CasePromised, promised: wd(10), statutory: cal(15),
		appoint: true, object: "1",
		basis: "《中华人民共和国劳动争议调解仲裁法》第十条、第十二条、第十四条",
		conds: "劳动者与用人单位发生劳动争议，当事人自愿申请调解的。",
		steps: []string{
			"当事人书面或口头申请调解，窗口受理",
			"通知对方当事人，确定调解时间",
			"调解员组织双方调解",
			"达成协议的制作调解协议书；15日内未达成的告知可申请仲裁",
		},
		result: "调解协议书", events: []string{"就业创业"},
		faq: faq("可以口头申请吗？", "可以，调解员当场记录申请人基本情况、争议事项、理由和时间。",
			"调解不成怎么办？", "自收到调解申请之日起15日内未达成调解协议的，可以依法向劳动人事争议仲裁委员会申请仲裁。"),
		materials: byProxy(
			need("劳动争议调解申请书", "Mediation application", "申请人", 1, 0),
			idCard,
			need("劳动关系证明材料（劳动合同、工资单、考勤记录等）", "Proof of employment (contract, payslips …)", "用人单位或申请人", 0, 1),
			when("申请人为用人单位的", "营业执照", "Business licence", "市场监督管理部门", 0, 1),
			when("申请人为用人单位的", "法定代表人身份证明书", "Legal representative's certificate", "用人单位", 1, 0),
		),
	},
	{
		dept: "sb", no: "006", name: "就业困难人员认定", nameEN: "Recognition as a person with employment difficulties",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CasePromised, promised: wd(10), statutory: wd(20), object: "1",
		basis:  "《中华人民共和国就业促进法》第五十二条；《就业服务与就业管理规定》（劳动和社会保障部令第28号）",
		conds:  "法定劳动年龄内、已进行失业登记，因身体状况、技能水平、家庭因素、失去土地等原因难以实现就业，符合本地认定类别的。",
		steps:  []string{"申请人提出认定申请", "窗口审核并核查就业参保状态", "在社区公示", "区人力资源社会保障部门认定并在《就业创业证》上记载"},
		result: "就业困难人员认定（《就业创业证》记载）", events: []string{"就业创业"},
		faq: faq("认定后有什么扶持？", "可优先享受公益性岗位安置、社会保险补贴、职业培训补贴等就业援助。"),
		materials: []bianmin.Material{
			need("就业困难人员认定申请表", "Application for recognition", "申请人", 1, 0),
			idCard,
			need("《就业创业证》", "Employment and entrepreneurship certificate", "人力资源社会保障部门", 1, 1),
			when("因残疾申请认定的", "《中华人民共和国残疾人证》", "Disability certificate", "残疾人联合会", 1, 1),
			when("属于最低生活保障家庭成员的", "《最低生活保障证》", "Dibao certificate", "区民政部门", 1, 1),
		},
	},
}
