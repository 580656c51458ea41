package demo

import "bianmin/internal/bianmin"

// 计划生育服务事项 of seed 001 (一孩《生育服务证》 — today 生育登记, 《独生子女
// 光荣证》, 农村计划生育家庭奖励扶助及特别扶助, 政策咨询). The 《流动人口婚育
// 证明》 of the seed has been abolished and is left out.
var jiankangItems = []item{
	{
		dept: "js", no: "001", name: "生育登记服务", nameEN: "Birth registration service",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseImmediate, promised: spot, statutory: spot,
		online: true, object: "1",
		basis:  "《中华人民共和国人口与计划生育法》",
		conds:  "夫妻生育子女的，可在一方户籍地、现居住地或就业地办理生育登记。",
		steps:  []string{"夫妻一方到窗口或网上提交登记信息", "窗口核验身份和婚姻信息", "当场完成登记并出具登记回执"},
		result: "生育登记回执", events: []string{"生育", "婚姻"},
		faq: faq("一定要到窗口吗？", "不必，可通过政务服务网或手机端网上办理，信息核验通过即时办结。"),
		materials: byProxy(
			need("夫妻双方居民身份证", "ID cards of both spouses", "公安机关", 1, 1),
			when("系统无法核验婚姻信息的", "结婚证", "Marriage certificate", "婚姻登记机关", 1, 1),
		),
	},
	{
		dept: "js", no: "002", name: "独生子女父母光荣证办理（含补办）", nameEN: "Honour certificate for parents of an only child",
		itemType: bianmin.ItemConfirmation, kind: bianmin.CasePromised, promised: wd(5), statutory: wd(20), object: "1",
		basis:  "《中华人民共和国人口与计划生育法》",
		conds:  "在国家提倡一对夫妻生育一个子女期间（2015年12月31日以前）只生育一个子女、自愿终身不再生育的夫妻；证件遗失或损毁的可申请补办。",
		steps:  []string{"夫妻一方提交申请", "窗口核查生育情况", "卫生健康办审核", "发放或补发《独生子女父母光荣证》"},
		result: "《独生子女父母光荣证》", events: []string{"生育"},
		faq: faq("光荣证丢了可以补吗？", "可以，持遗失或损毁情况说明到窗口申请补办，核实后补发。"),
		materials: byProxy(
			need("独生子女父母光荣证申请表", "Application form", "申请人", 1, 0),
			need("夫妻双方居民身份证", "ID cards of both spouses", "公安机关", 1, 1),
			need("结婚证", "Marriage certificate", "婚姻登记机关", 1, 1),
			need("子女出生医学证明或户口簿", "Child's birth certificate or household register", "助产医疗机构或公安机关", 1, 1),
			when("申请补办的", "证件遗失或损毁情况说明", "Statement of loss or damage", "申请人", 1, 0),
		),
	},
	{
		dept: "js", no: "003", name: "农村部分计划生育家庭奖励扶助资格确认", nameEN: "Rural family-planning reward and support eligibility",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseReported, promised: wd(20), statutory: cal(60),
		upper: true, object: "1",
		basis:  "《国务院办公厅转发人口计生委财政部关于开展对农村部分计划生育家庭实行奖励扶助制度试点工作意见的通知》（国办发〔2004〕21号）",
		conds:  "本人及配偶均为农村居民户口，1973年至2001年间没有违反计划生育法律法规和政策规定生育，现存一个子女或两个女孩或子女死亡现无子女，年满60周岁的。",
		steps:  []string{"本人提出申请", "社区审议并公示", "街道初审", "报区卫生健康部门审核确认", "确认后奖励扶助金按年发放至本人账户"},
		result: "奖励扶助金（按年发放）", events: []string{"养老", "生育"},
		faq: faq("什么时候申报？", "按本地每年公布的集中申报时间，在年满60周岁的当年提出申请。"),
		materials: byProxy(
			need("奖励扶助对象确认申报表", "Eligibility application form", "申请人", 1, 0),
			idCard, hukou,
			need("结婚证或婚姻状况证明", "Marriage certificate or proof of marital status", "婚姻登记机关", 1, 1),
			when("子女死亡的", "子女死亡证明", "Child's death certificate", "医疗机构或公安机关", 1, 1),
		),
	},
	{
		dept: "js", no: "004", name: "计划生育特殊家庭特别扶助申请", nameEN: "Special support for families that lost or have a disabled only child",
		itemType: bianmin.ItemPayment, kind: bianmin.CaseReported, promised: wd(20), statutory: cal(60),
		upper: true, object: "1",
		basis:  "《全国独生子女伤残死亡家庭扶助制度试点方案》（国人口发〔2007〕78号）",
		conds:  "只生育或合法收养一个子女，女方年满49周岁，现无存活子女或独生子女被依法鉴定为三级以上残疾的夫妻。",
		steps:  []string{"本人提出申请", "社区审议并公示", "街道初审", "报区卫生健康部门审核确认", "特别扶助金按规定发放"},
		result: "特别扶助金", events: []string{"养老", "社会救助"},
		faq: faq("每年都要重新申请吗？", "确认后长期享受，每年核实一次；家庭情况变化的应及时告知街道。"),
		materials: byProxy(
			need("特别扶助对象申请表", "Application form", "申请人", 1, 0),
			need("夫妻双方居民身份证", "ID cards of both spouses", "公安机关", 1, 1),
			hukou,
			need("结婚证", "Marriage certificate", "婚姻登记机关", 1, 1),
			when("独生子女死亡的", "子女死亡证明", "Child's death certificate", "医疗机构或公安机关", 1, 1),
			when("独生子女伤残的", "子女的《中华人民共和国残疾人证》", "Child's disability certificate", "残疾人联合会", 1, 1),
		),
	},
	{
		dept: "js", no: "005", name: "优生优育与婴幼儿照护政策咨询", nameEN: "Advice on healthy births and infant care",
		itemType: bianmin.ItemPublicService, kind: bianmin.CaseConsultation, promised: spot, statutory: spot, object: "1",
		basis:  "《中华人民共和国人口与计划生育法》；《国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见》（国办发〔2019〕15号）",
		conds:  "有生育意愿或养育3岁以下婴幼儿的家庭，均可到窗口或电话咨询。",
		steps:  []string{"来访或来电咨询", "窗口解答生育支持、孕产保健和婴幼儿照护政策", "需要办理具体事项的，出具一次性告知单并引导至相应窗口"},
		result: "咨询答复（需要时出具一次性告知单）", events: []string{"生育"},
		faq: faq("怎样找到已备案的托育机构？", "可在窗口查询本街道已备案的托育机构名单，或在区卫生健康部门网站查询。"),
		materials: []bianmin.Material{
			when("咨询本人或家庭可享受的具体待遇的", "居民身份证", "Resident ID card", "公安机关", 1, 0),
			when("咨询婴幼儿照护服务的", "婴幼儿出生医学证明或户口簿", "Infant's birth certificate or household register", "助产医疗机构或公安机关", 1, 0),
		},
	},
}
