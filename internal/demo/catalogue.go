package demo

import (
	"slices"

	"bianmin/internal/bianmin"
)

// item is one service item of the demo catalogue as a street centre writes
// it in its 办事指南 (DOMAIN.md CAT-1; STANDARDS.md R3.11). Place, hours and
// phones are not written per item: they follow from the window that serves
// the lead department and from the department (see Catalogue).
type item struct {
	dept      string   // lead department key
	co        []string // co-approving department keys of a joint item (联办, C-6)
	no        string   // 3-digit item number within the department, part of the basic code
	name      string
	nameEN    string
	itemType  string // R3.6
	kind      bianmin.CaseKind
	promised  bianmin.Limit
	statutory bianmin.Limit
	appoint   bool   // appointments supported
	online    bool   // online filing supported (网办)
	upper     bool   // an upper level approves (上报)
	object    string // 服务对象 (R3.9): "1" natural persons … "6" other organisations
	basis     string // 设定依据: named national laws and regulations
	conds     string // 受理条件
	steps     []string
	fee       string // empty: free (不收费)
	feeBasis  string // required with a fee (CAT-3)
	result    string
	events    []string // life events (主题) for browsing
	faq       []bianmin.FAQ
	materials []bianmin.Material
}

// LifeEvents are the themes 主题 the demo guide is browsed by; every demo
// item belongs to one or more of them.
var LifeEvents = []string{"生育", "就业创业", "养老", "社会救助", "医疗", "婚姻", "残疾人服务",
	"农业生产", "住房建设", "党员组织关系", "信访投诉"}

// Hours of the demo hall for every item (ORG-5 allows a centre its own hours).
const serviceHours = "周一至周五 上午8:30—12:00，下午14:00—17:30（法定节假日除外）"

// supervisePhone is the centre's complaint line (投诉监督电话, 002 §服务承诺制度 5); synthetic.
const supervisePhone = "0755-26990100"

// allItems lists the catalogue in load order, one department file after another.
func allItems() []item {
	return slices.Concat(minzhengItems, canlianItems, shebaoItems, yibaoItems, jiankangItems,
		guotuItems, nonglinItems, shuiliItems, caizhengItems, dangqunItems, xinfangItems)
}

// Catalogue returns the demo service items as Load writes them into a
// centre whose departments, keyed by name, have the IDs given: published
// version 1 of every item, with its complete materials checklist. The codes
// are synthetic and only shaped like real ones (R9.1, R9.2): the basic code
// is the DB52/T 1264 form of R9.1 (2-digit item type, 5-digit main code =
// 2-digit department number + 3-digit item number, sub-item 000); the
// implementation code joins basic code, region code, the implementing
// department's credit code and the 办理项 00, like the example of R9.2.
// Legal and fee bases name real national laws, regulations and notices;
// people, phones, codes and local details are invented.
func Catalogue(centreID int64, deptIDs map[string]int64) []*bianmin.ServiceItem {
	var out []*bianmin.ServiceItem
	for _, x := range allItems() {
		out = append(out, x.serviceItem(centreID, deptIDs))
	}
	return out
}

// serviceItem builds the item for a centre; deptIDs is keyed by department name.
func (x item) serviceItem(centreID int64, deptIDs map[string]int64) *bianmin.ServiceItem {
	lead := departmentByKey(x.dept)
	basic := x.itemType + lead.no + x.no + "000"
	it := &bianmin.ServiceItem{CentreID: centreID, DepartmentID: deptIDs[lead.name], Name: x.name, NameEN: x.nameEN,
		BasicCode: basic, ImplCode: basic + "-" + RegionCode + "-" + lead.creditCode + "-00", Version: 1,
		ItemType: x.itemType, CaseKind: x.kind, Promised: x.promised, Statutory: x.statutory,
		Fee: x.fee, FeeBasis: x.feeBasis, Appointment: x.appoint, Online: x.online, UpperApproval: x.upper,
		Status: bianmin.ItemPublished, LegalBasis: x.basis, Conditions: x.conds, Steps: x.steps,
		ServiceObject: x.object, ResultName: x.result, Place: placeOf(x.dept), Hours: serviceHours,
		ConsultPhone: lead.phone, SupervisePhone: supervisePhone, LifeEvents: x.events, FAQ: x.faq}
	for _, k := range x.co {
		it.CoDepartmentIDs = append(it.CoDepartmentIDs, deptIDs[departmentByKey(k).name])
	}
	// The store returns co-departments by ID; sorting here keeps Catalogue
	// equal to what a read gives back.
	slices.Sort(it.CoDepartmentIDs)
	it.Materials = make([]bianmin.Material, len(x.materials))
	for i, m := range x.materials {
		m.Position = i + 1
		it.Materials[i] = m
	}
	return it
}

func departmentByKey(key string) department {
	for _, d := range departments {
		if d.key == key {
			return d
		}
	}
	panic("demo: unknown department " + key)
}

// placeOf is the hall window that receives a department's items (C-6: for a
// joint item, the lead department's window).
func placeOf(dept string) string {
	for _, w := range windows {
		if slices.Contains(w.depts, dept) {
			return hallZone + " " + w.number + "号窗口（" + w.name + "）"
		}
	}
	panic("demo: no window serves department " + dept)
}

// Time limits.
func wd(n int) bianmin.Limit  { return bianmin.Limit{Value: n, Unit: bianmin.UnitWorkingDays} }
func cal(n int) bianmin.Limit { return bianmin.Limit{Value: n, Unit: bianmin.UnitCalendarDays} }

var spot = bianmin.Limit{Unit: bianmin.UnitOnTheSpot}

// need is a required material: originals and copies to hand in.
func need(name, nameEN, issuer string, originals, copies int) bianmin.Material {
	return bianmin.Material{Name: name, NameEN: nameEN, Issuer: issuer, Originals: originals, Copies: copies, Required: true}
}

// when is a conditional material, needed only in the case described.
func when(condition, name, nameEN, issuer string, originals, copies int) bianmin.Material {
	return bianmin.Material{Name: name, NameEN: nameEN, Issuer: issuer, Originals: originals, Copies: copies, Condition: condition}
}

// Materials that many items ask for.
var (
	idCard = need("申请人居民身份证", "Applicant's resident ID card", "公安机关", 1, 1)
	hukou  = need("居民户口簿", "Household register", "公安机关", 1, 1)
)

// byProxy: whoever files for someone else brings a signed authorisation and
// their own ID card (一次性告知 of the proxy case).
func byProxy(materials ...bianmin.Material) []bianmin.Material {
	return append(materials,
		when("委托他人代办的", "授权委托书", "Power of attorney", "申请人", 1, 0),
		when("委托他人代办的", "代理人居民身份证", "Agent's resident ID card", "公安机关", 1, 1))
}

func faq(pairs ...string) []bianmin.FAQ {
	var out []bianmin.FAQ
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, bianmin.FAQ{Q: pairs[i], A: pairs[i+1]})
	}
	return out
}
