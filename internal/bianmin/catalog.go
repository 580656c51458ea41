package bianmin

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// WindowKind tells an integrated window that serves items of several
// departments (综合窗口, "一窗式") from a department's own window (专业窗口)
// (DOMAIN.md ORG-1; STANDARDS.md R6.8).
type WindowKind string

// Window kinds.
const (
	WindowGeneral     WindowKind = "general"     // 综合窗口
	WindowSpecialised WindowKind = "specialised" // 专业窗口
)

// Valid reports whether k is a known window kind.
func (k WindowKind) Valid() bool { return k == WindowGeneral || k == WindowSpecialised }

// Window is a service window of a centre. Every window has an A post and a
// B post held by two different named people (DOMAIN.md ORG-2); a zero ID
// means the post is not filled yet.
type Window struct {
	ID            int64      `json:"id"`
	CentreID      int64      `json:"centre_id"`
	Number        string     `json:"number"` // as shown above the counter: "1", "A03"
	Name          string     `json:"name"`
	NameEN        string     `json:"name_en"`
	Zone          string     `json:"zone"` // hall area, e.g. "一楼东区"
	Kind          WindowKind `json:"kind"`
	AUserID       int64      `json:"a_user_id,omitempty"` // A岗
	BUserID       int64      `json:"b_user_id,omitempty"` // B岗
	DepartmentIDs []int64    `json:"department_ids"`      // departments the window serves
	ItemIDs       []int64    `json:"item_ids"`            // service items handled here
	CreatedAt     time.Time  `json:"created_at"`
}

// Validate checks the window's own fields (references are checked by the store).
func (w *Window) Validate() error {
	var v Validation
	if w.CentreID == 0 {
		v.Add("centre_id", "请选择中心。", "Choose a centre.")
	}
	if w.Number == "" || utf8.RuneCountInString(w.Number) > 10 {
		v.Add("number", "窗口编号须为 1 至 10 个字符。", "The window number must have 1 to 10 characters.")
	}
	if w.Name == "" || utf8.RuneCountInString(w.Name) > 100 {
		v.Add("name", "窗口名称须为 1 至 100 个字符。", "The window name must have 1 to 100 characters.")
	}
	if !w.Kind.Valid() {
		v.Add("kind", "窗口类型须为综合窗口或专业窗口。", "The window kind must be general or specialised.")
	}
	if w.AUserID != 0 && w.AUserID == w.BUserID {
		v.AddErr(ErrSamePostHolder)
	}
	return v.Err()
}

// ErrSamePostHolder: the A post and the B post of a window are two people (ORG-2).
var ErrSamePostHolder = FieldError("b_user_id",
	"A岗和B岗须由两名不同的工作人员担任。",
	"The A post and the B post must be held by two different people.").WithRule("ORG-2")

// CaseKind is how an item's cases are handled (DOMAIN.md §5).
type CaseKind string

// Case kinds of service items.
const (
	CaseImmediate    CaseKind = "immediate"    // 即办件: done on the spot
	CasePromised     CaseKind = "promised"     // 承诺件: done by a promised date
	CaseReported     CaseKind = "reported"     // 上报件: needs upper-level approval
	CaseJoint        CaseKind = "joint"        // 联办件: several departments approve in parallel
	CasePetition     CaseKind = "petition"     // 信访件
	CaseConsultation CaseKind = "consultation" // 咨询件
)

// CaseKinds lists every case kind in display order.
var CaseKinds = []CaseKind{CaseImmediate, CasePromised, CaseReported, CaseJoint, CasePetition, CaseConsultation}

// Valid reports whether k is a known case kind.
func (k CaseKind) Valid() bool {
	for _, x := range CaseKinds {
		if x == k {
			return true
		}
	}
	return false
}

// LimitUnit is the unit of a time limit (STANDARDS.md R1.18-R1.20).
type LimitUnit string

// Time-limit units.
const (
	UnitWorkingDays  LimitUnit = "working_days"  // 工作日
	UnitCalendarDays LimitUnit = "calendar_days" // 自然日
	UnitHours        LimitUnit = "hours"
	UnitOnTheSpot    LimitUnit = "on_the_spot" // 当场办结, value 0
)

// Valid reports whether u is a known unit.
func (u LimitUnit) Valid() bool {
	switch u {
	case UnitWorkingDays, UnitCalendarDays, UnitHours, UnitOnTheSpot:
		return true
	}
	return false
}

// Limit is a time limit: a value and its unit. On the spot has value 0;
// every other unit has a positive value.
type Limit struct {
	Value int       `json:"value"`
	Unit  LimitUnit `json:"unit"`
}

// Valid reports whether the unit is known and the value fits it.
func (l Limit) Valid() bool {
	if l.Unit == UnitOnTheSpot {
		return l.Value == 0
	}
	return l.Unit.Valid() && l.Value > 0 && l.Value <= 3650
}

// String gives the limit in Chinese: "5个工作日", "当场办结".
func (l Limit) String() string {
	switch l.Unit {
	case UnitOnTheSpot:
		return "当场办结"
	case UnitWorkingDays:
		return fmt.Sprintf("%d个工作日", l.Value)
	case UnitCalendarDays:
		return fmt.Sprintf("%d日", l.Value)
	case UnitHours:
		return fmt.Sprintf("%d小时", l.Value)
	}
	return fmt.Sprintf("%d %s", l.Value, l.Unit)
}

// Within reports whether limit l never ends after limit max, whatever the
// start day: the promised limit may only be shorter than the statutory one
// (DOMAIN.md C-0; STANDARDS.md R1.13). Calendar days end no later than the
// same number of working days; working days against calendar days are
// compared at their longest ordinary length (five working days per
// calendar week), so a holiday can still make a case reach the statutory
// limit first, which the case clock checks against the working-day calendar.
func (l Limit) Within(max Limit) bool {
	if l.Unit == UnitOnTheSpot {
		return true
	}
	if max.Unit == UnitOnTheSpot {
		return false
	}
	if l.Unit == max.Unit {
		return l.Value <= max.Value
	}
	switch {
	case l.Unit == UnitHours:
		return l.Value <= 24*max.Value
	case max.Unit == UnitHours:
		return false
	case l.Unit == UnitCalendarDays: // against working days
		return l.Value <= max.Value
	default: // working days against calendar days
		return (l.Value*7+4)/5 <= max.Value
	}
}

// ServiceItem is one entry of a centre's service catalogue (DOMAIN.md CAT-1;
// STANDARDS.md §3.2). Codes are opaque strings checked only for length and
// charset (R9.1, R9.2); a change to an item is a new version, and a case
// keeps the version it was accepted under.
type ServiceItem struct {
	ID           int64     `json:"id"`
	CentreID     int64     `json:"centre_id"`
	DepartmentID int64     `json:"department_id"`
	Name         string    `json:"name"`
	NameEN       string    `json:"name_en"`
	BasicCode    string    `json:"basic_code"` // 基本编码, at most 12 characters
	ImplCode     string    `json:"impl_code"`  // 实施编码, at most 50 characters
	Version      int       `json:"version"`
	ItemType     string    `json:"item_type"` // 事项类型代码 (R3.6): "01" 行政许可 … "20" 公共服务
	CaseKind     CaseKind  `json:"case_kind"`
	Promised     Limit     `json:"promised"`  // 承诺办结时限
	Statutory    Limit     `json:"statutory"` // 法定办结时限
	Fee          string    `json:"fee"`       // fee standard (收费标准); empty means free
	Appointment  bool      `json:"appointment"`
	CreatedAt    time.Time `json:"created_at"`

	// The rest of CAT-1 and the GB/T 39046 item fields of R3.11.
	Status          ItemStatus `json:"status"`
	FeeBasis        string     `json:"fee_basis"`         // 收费依据: required when Fee is set (CAT-3)
	LegalBasis      string     `json:"legal_basis"`       // 设定依据
	Conditions      string     `json:"conditions"`        // 受理条件
	Steps           []string   `json:"steps"`             // 办理流程
	CoDepartmentIDs []int64    `json:"co_department_ids"` // 共同实施部门 of a joint item (联办, C-6)
	UpperApproval   bool       `json:"upper_approval"`    // needs upper-level approval (上报)
	ServiceObject   string     `json:"service_object"`    // 服务对象 code (R3.9): "1" 自然人 … "6" 其他组织
	ResultName      string     `json:"result_name"`       // 结果名称
	Online          bool       `json:"online"`            // 是否网办
	Place           string     `json:"place"`             // 办理地点
	Hours           string     `json:"hours"`             // 办理时间
	ConsultPhone    string     `json:"consult_phone"`     // 咨询电话
	SupervisePhone  string     `json:"supervise_phone"`   // 监督电话
	LifeEvents      []string   `json:"life_events"`       // 主题: 生育、就业、养老 … for browsing
	FAQ             []FAQ      `json:"faq"`               // 常见问题
	Materials       []Material `json:"materials"`         // the complete materials checklist (ON-1, R3.11)
	PublishedAt     *time.Time `json:"published_at,omitempty"`
}

// ItemStatus is where a version of an item stands. Editing a published item
// creates a new draft version; publishing it supersedes the old one, which
// stays for the cases accepted under it (R9.2).
type ItemStatus string

// Item statuses.
const (
	ItemDraft      ItemStatus = "draft"
	ItemPublished  ItemStatus = "published"
	ItemSuperseded ItemStatus = "superseded"
)

// FAQ is one question and answer of an item's guide.
type FAQ struct {
	Q string `json:"q"`
	A string `json:"a"`
}

// Material is one line of an item's materials checklist (CAT-1; GB/T 39046
// 材料: 名称, 出具机构, 原件份数 n..2, 复印件份数 n..2, 是否必备).
type Material struct {
	ID          int64  `json:"id"`
	Position    int    `json:"position"`
	Name        string `json:"name"`
	NameEN      string `json:"name_en"`
	Issuer      string `json:"issuer"`                  // 出具机构
	Originals   int    `json:"originals"`               // 原件份数, 0-99
	Copies      int    `json:"copies"`                  // 复印件份数, 0-99
	Required    bool   `json:"required"`                // false: conditional, see Condition
	Condition   string `json:"condition"`               // when a conditional material is needed, in words
	BlankFormID int64  `json:"blank_form_id,omitempty"` // uploaded blank form
	SampleID    int64  `json:"sample_id,omitempty"`     // uploaded filled-in sample 示范文本
}

// Validate checks one material; i is its position for messages.
func (m *Material) Validate(i int) []*Error {
	var errs []*Error
	f := func(field string) string { return fmt.Sprintf("materials[%d].%s", i, field) }
	n := fmt.Sprintf("第 %d 项材料", i+1)
	en := fmt.Sprintf("material %d", i+1)
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 200 {
		errs = append(errs, FieldError(f("name"), n+"：名称须为 1 至 200 个字符。", en+": the name must have 1 to 200 characters."))
	}
	if m.Originals < 0 || m.Originals > 99 || m.Copies < 0 || m.Copies > 99 {
		errs = append(errs, FieldError(f("originals"), n+"：原件和复印件份数须在 0 至 99 之间。", en+": originals and copies must be 0 to 99."))
	}
	if m.Originals == 0 && m.Copies == 0 {
		errs = append(errs, FieldError(f("originals"), n+"：请填写原件或复印件份数。", en+": give the number of originals or copies."))
	}
	if !m.Required && m.Condition == "" {
		errs = append(errs, FieldError(f("condition"), n+"：非必备材料须写明在什么情况下需要。", en+": a conditional material needs its condition in words."))
	}
	return errs
}

// Item type codes of STANDARDS.md R3.6 used by the demo and the forms.
const (
	ItemAdminPower    = "00" // 行政权力事项
	ItemLicence       = "01" // 行政许可
	ItemPayment       = "05" // 行政给付
	ItemConfirmation  = "07" // 行政确认
	ItemReward        = "08" // 行政奖励
	ItemOther         = "10" // 其他类别事项
	ItemPublicService = "20" // 公共服务事项
)

// Validate checks the item's fields: codes, type, case kind and limits.
func (it *ServiceItem) Validate() error {
	var v Validation
	if it.CentreID == 0 || it.DepartmentID == 0 {
		v.Add("department_id", "请选择中心和部门。", "Choose a centre and a department.")
	}
	if it.Name == "" || utf8.RuneCountInString(it.Name) > 200 {
		v.Add("name", "事项名称须为 1 至 200 个字符。", "The item name must have 1 to 200 characters.")
	}
	if len(it.BasicCode) > 12 || !codeChars(it.BasicCode) {
		v.AddErr(FieldError("basic_code", "基本编码最多 12 位，只能含字母、数字和 - _ .。",
			"The basic code has at most 12 characters: letters, digits, - _ . only.").WithRule("R9.1"))
	}
	if it.ImplCode == "" || len(it.ImplCode) > 50 || !codeChars(it.ImplCode) {
		v.AddErr(FieldError("impl_code", "实施编码须为 1 至 50 位，只能含字母、数字和 - _ .。",
			"The implementation code must have 1 to 50 characters: letters, digits, - _ . only.").WithRule("R9.2"))
	}
	if it.Version < 1 {
		v.Add("version", "版本号须从 1 开始。", "The version starts at 1.")
	}
	if len(it.ItemType) != 2 || !digits(it.ItemType) {
		v.AddErr(FieldError("item_type", "事项类型代码须为两位数字（如 01 行政许可、20 公共服务）。",
			"The item type code has two digits (e.g. 01 licence, 20 public service).").WithRule("R3.6"))
	}
	if !it.CaseKind.Valid() {
		v.Add("case_kind", "请选择办件类型。", "Choose a case kind.")
	}
	if !it.Promised.Valid() {
		v.Add("promised", "承诺时限无效。", "The promised time limit is invalid.")
	}
	if !it.Statutory.Valid() {
		v.Add("statutory", "法定时限无效。", "The statutory time limit is invalid.")
	}
	onSpot := it.CaseKind == CaseImmediate || it.CaseKind == CaseConsultation
	if it.CaseKind.Valid() && it.Promised.Valid() && onSpot != (it.Promised.Unit == UnitOnTheSpot) {
		v.AddErr(FieldError("promised", "即办件和咨询件当场办结，不能设多日承诺时限；其他办件须有承诺时限。",
			"Immediate and consultation items are done on the spot and cannot carry a multi-day limit; other kinds need a promised limit.").WithRule("R1.20"))
	}
	if it.Promised.Valid() && it.Statutory.Valid() && !it.Promised.Within(it.Statutory) {
		v.AddErr(FieldError("promised", "承诺时限不能超过法定时限。",
			"The promised time limit may not exceed the statutory one.").WithRule("R1.13"))
	}
	it.validateCatalogue(&v)
	return v.Err()
}

// validateCatalogue checks the CAT-1 rules beyond codes and limits.
func (it *ServiceItem) validateCatalogue(v *Validation) {
	if it.Status != "" && it.Status != ItemDraft && it.Status != ItemPublished && it.Status != ItemSuperseded {
		v.Add("status", "状态无效。", "Unknown status.")
	}
	if it.CaseKind == CaseJoint && len(it.allDepartments()) < 2 {
		v.AddErr(FieldError("co_department_ids", "联办件须至少有两个部门（主办部门加共同实施部门）。",
			"A joint item needs at least two departments (the lead and a co-approving one).").WithRule("C-6"))
	}
	if it.Fee != "" && it.FeeBasis == "" {
		v.AddErr(FieldError("fee_basis", "收费事项须写明收费依据。", "A fee needs its legal basis.").WithRule("CAT-3"))
	}
	if it.ServiceObject != "" && (len(it.ServiceObject) != 1 || it.ServiceObject < "1" || it.ServiceObject > "6") {
		v.AddErr(FieldError("service_object", "服务对象代码为 1 至 6。", "The service object code is 1 to 6.").WithRule("R3.9"))
	}
	for _, p := range []struct{ field, val string }{{"consult_phone", it.ConsultPhone}, {"supervise_phone", it.SupervisePhone}} {
		if len(p.val) > 40 {
			v.Add(p.field, "电话号码过长。", "The phone number is too long.")
		}
	}
	for i := range it.Materials {
		for _, e := range it.Materials[i].Validate(i) {
			v.AddErr(e)
		}
	}
	for i, q := range it.FAQ {
		if q.Q == "" || q.A == "" {
			v.Add(fmt.Sprintf("faq[%d]", i), fmt.Sprintf("第 %d 条常见问题须有问有答。", i+1), fmt.Sprintf("FAQ %d needs a question and an answer.", i+1))
		}
	}
}

// allDepartments is the lead department plus the co-approving ones, without duplicates.
func (it *ServiceItem) allDepartments() []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range append([]int64{it.DepartmentID}, it.CoDepartmentIDs...) {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Department is a department 进驻单位 of a centre (ORG-1) with its unified
// social credit code (R7.2) and its chief representative (ORG-4).
type Department struct {
	ID                 int64     `json:"id"`
	CentreID           int64     `json:"centre_id"`
	Name               string    `json:"name"`
	NameEN             string    `json:"name_en"`
	CreditCode         string    `json:"credit_code"`
	CreditCodeOverride bool      `json:"credit_code_override"` // an administrator confirmed a code that fails the checksum (R7.2b)
	ChiefRepUserID     int64     `json:"chief_rep_user_id,omitempty"`
	CreatedAt          time.Time `json:"created_at"`
}

// Validate checks the department; a well-formed credit code with a wrong
// check character is refused unless CreditCodeOverride confirms it (R7.2b).
func (d *Department) Validate() error {
	var v Validation
	if d.Name == "" || utf8.RuneCountInString(d.Name) > 100 {
		v.Add("name", "部门名称须为 1 至 100 个字符。", "The department name must have 1 to 100 characters.")
	}
	if d.CreditCode != "" {
		wf, ok := CheckCreditCode(d.CreditCode)
		switch {
		case !wf:
			v.AddErr(FieldError("credit_code", "统一社会信用代码格式错误：应为 18 位数字或大写字母（不含 I、O、S、V、Z）。",
				"The unified social credit code must be 18 digits or capitals (no I, O, S, V, Z).").WithRule("R7.2"))
		case !ok && !d.CreditCodeOverride:
			v.AddErr(FieldError("credit_code", "统一社会信用代码校验位不符。早期试点代码可能如此：核实无误后勾选“确认代码无误”再保存。",
				"The credit code's check character does not match. Some early pilot codes do: confirm the code and save again.").WithRule("R7.2b"))
		}
	}
	return v.Err()
}

// Free reports whether the item charges nothing.
func (it *ServiceItem) Free() bool { return it.Fee == "" }

func codeChars(s string) bool {
	for _, c := range s {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
