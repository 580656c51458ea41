package bianmin

import "time"

// CaseStatus is where a case 办件 stands (DOMAIN.md §5). The allowed moves
// are in package cases (cases.CanMove).
type CaseStatus string

// Case statuses.
const (
	CaseReceived   CaseStatus = "received"   // 已收件: materials in, acceptance not yet decided (R1.2, R1.3)
	CaseSupplement CaseStatus = "supplement" // 待补正: supplement notice given (ON-2); the clock has not started
	CaseConsulted  CaseStatus = "consulted"  // 咨询件: answered, consultation slip given
	CaseReturned   CaseStatus = "returned"   // 退回件 / 不予受理 (ON-3, R1.16)
	CaseAccepted   CaseStatus = "accepted"   // 已受理: the clock runs (C-1); waiting for review
	CaseReviewed   CaseStatus = "reviewed"   // 已审查: waiting for approval (C-5) or department approvals (C-6)
	CaseApproved   CaseStatus = "approved"   // 已批准: fees and result still to come
	CaseCompleted  CaseStatus = "completed"  // 已办结 (R3.16)
	CaseRefused    CaseStatus = "refused"    // 不予许可 (R1.16)
)

// Open reports whether the case's clock may run: accepted and not decided.
func (s CaseStatus) Open() bool {
	return s == CaseAccepted || s == CaseReviewed || s == CaseApproved
}

// Closed reports whether nothing more can happen to the case.
func (s CaseStatus) Closed() bool {
	return s == CaseConsulted || s == CaseReturned || s == CaseCompleted || s == CaseRefused
}

// CaseSource is where an intake started (issue 5 §2; C-11).
type CaseSource string

// Case sources.
const (
	SourceTicket  CaseSource = "ticket"
	SourceInquiry CaseSource = "inquiry"
	SourceAgent   CaseSource = "agent"
	SourceWalkIn  CaseSource = "walk_in"
)

// Applicant types (R3.12): a natural person with an ID number or an
// organisation with a unified social credit code.
const (
	ApplicantPerson = "person"
	ApplicantOrg    = "org"
)

// ID document type codes (GA/T 2000.156, R3.4).
const (
	IDTypeResident   = "111" // 居民身份证
	IDTypeCreditCode = "001" // 统一社会信用代码 (organisations)
)

// Colour is a case's supervision colour (SUP-2, R5.4).
type Colour string

// Supervision colours; none before acceptance and after a decision.
const (
	ColourNone   Colour = "none"
	ColourGreen  Colour = "green"
	ColourYellow Colour = "yellow"
	ColourRed    Colour = "red"
)

// Case is one application 办件 (GB/T 39046 tables 5-8, R3.12-R3.16). Personal
// data is held encrypted (the *Enc fields, never serialised) with masked
// copies for display and a keyed index for exact search (SECURITY.md 18, 23).
type Case struct {
	ID           int64      `json:"id"`
	CentreID     int64      `json:"centre_id"`
	CaseNo       string     `json:"case_no"` // 办件编号 an..50 (R9.3)
	ItemID       int64      `json:"item_id"`
	ItemVersion  int        `json:"item_version"`
	ItemCode     string     `json:"item_code"`
	ItemName     string     `json:"item_name"`
	DepartmentID int64      `json:"department_id"`
	Kind         CaseKind   `json:"kind"`
	Status       CaseStatus `json:"status"`
	Source       CaseSource `json:"source"`
	TicketID     int64      `json:"ticket_id,omitempty"`
	InquiryID    int64      `json:"inquiry_id,omitempty"`

	ApplicantType string `json:"applicant_type"`
	ApplicantName string `json:"applicant_name"`
	IDType        string `json:"id_type"`
	IDEnc         string `json:"-"`
	IDMasked      string `json:"id_masked"`
	IDIndex       string `json:"-"`
	PhoneEnc      string `json:"-"`
	PhoneMasked   string `json:"phone_masked"`
	LegalRep      string `json:"legal_rep,omitempty"`
	AgentName     string `json:"agent_name,omitempty"` // 代办人 / 代办员 (C-11)
	AgentIDEnc    string `json:"-"`
	AgentIDMasked string `json:"agent_id_masked,omitempty"`
	AgentUserID   int64  `json:"agent_user_id,omitempty"`

	ReceiverID   int64      `json:"receiver_id"` // first-receipt owner 首接责任人 (FI-2)
	WindowID     int64      `json:"window_id,omitempty"`
	ReceivedAt   time.Time  `json:"received_at"`
	ReceivedDate string     `json:"received_date"`
	AcceptedAt   *time.Time `json:"accepted_at,omitempty"`
	AcceptDate   string     `json:"accept_date,omitempty"`
	AcceptDocNo  string     `json:"accept_doc_no,omitempty"` // 受理文书编号 an..30 (R9.4)
	AcceptRule   string     `json:"accept_rule,omitempty"`   // C-1, or R1.3 for deemed acceptance
	AcceptedBy   int64      `json:"accepted_by,omitempty"`
	QueryHash    string     `json:"-"`

	DueAt       *time.Time `json:"due_at,omitempty"`
	DueDate     string     `json:"due_date,omitempty"` // 承诺办结时间 (R3.13)
	DueRule     string     `json:"due_rule,omitempty"` // the rule that produced the deadline
	YellowAt    *time.Time `json:"yellow_at,omitempty"`
	Colour      Colour     `json:"colour"`
	PausedSince *time.Time `json:"paused_since,omitempty"`

	ReviewerID       int64      `json:"reviewer_id,omitempty"`
	ApproverID       int64      `json:"approver_id,omitempty"`
	DecidedAt        *time.Time `json:"decided_at,omitempty"`
	DecisionRule     string     `json:"decision_rule,omitempty"`
	CompletedAt      *time.Time `json:"completed_at,omitempty"`
	ResultName       string     `json:"result_name,omitempty"`
	ResultNo         string     `json:"result_no,omitempty"`
	ResultValidUntil string     `json:"result_valid_until,omitempty"`
	ResultDesc       string     `json:"result_desc,omitempty"`
	Delivery         string     `json:"delivery,omitempty"` // pickup or post (R3.16)
	ArchivedAt       *time.Time `json:"archived_at,omitempty"`
	Publish          bool       `json:"publish"` // listed on the public results board (C-8)

	PolicyVersion int       `json:"policy_version"`
	Revision      int       `json:"revision"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	// Loaded with the case where the caller asks for them.
	Materials []*CaseMaterial `json:"materials,omitempty"`
	Steps     []*CaseStep     `json:"steps,omitempty"`
	Approvals []*CaseApproval `json:"approvals,omitempty"`
	Pauses    []*CasePause    `json:"pauses,omitempty"`
	Extension *CaseExtension  `json:"extension,omitempty"`
	Fees      []*CaseFee      `json:"fees,omitempty"`
	Notices   []*Notice       `json:"notices,omitempty"`
}

// MaterialState is how one checklist line was received (R3.12 是否收取/收取方式).
type MaterialState string

// Material states.
const (
	MaterialMissing   MaterialState = "missing"
	MaterialOriginal  MaterialState = "original"
	MaterialCopy      MaterialState = "copy"
	MaterialDefective MaterialState = "defective"
	MaterialNotNeeded MaterialState = "not_needed" // a conditional material whose condition does not apply
)

// Valid reports whether s is a known state.
func (s MaterialState) Valid() bool {
	switch s {
	case MaterialMissing, MaterialOriginal, MaterialCopy, MaterialDefective, MaterialNotNeeded:
		return true
	}
	return false
}

// Complete reports whether the line needs nothing more from the applicant.
func (s MaterialState) Complete() bool {
	return s == MaterialOriginal || s == MaterialCopy || s == MaterialNotNeeded
}

// CaseMaterial is one line of a case's checklist.
type CaseMaterial struct {
	ID          int64         `json:"id"`
	CaseID      int64         `json:"case_id"`
	Position    int           `json:"position"`
	MaterialID  int64         `json:"material_id,omitempty"`
	Name        string        `json:"name"`
	Required    bool          `json:"required"`
	State       MaterialState `json:"state"`
	Count       int           `json:"count"`
	Defect      string        `json:"defect,omitempty"`
	SubmittedAt *time.Time    `json:"submitted_at,omitempty"` // last time the applicant handed it in
}

// NoticeKind is the kind of a written notice to an applicant.
type NoticeKind string

// Notice kinds.
const (
	NoticeConsultation NoticeKind = "consultation" // 咨询回执 / 一次性告知单 (ON-1)
	NoticeSupplement   NoticeKind = "supplement"   // 补正通知书 (ON-2, R1.2, R1.5)
	NoticeReturn       NoticeKind = "return"       // 不予受理 / 退回通知书 (ON-3, R1.16)
	NoticeAcceptance   NoticeKind = "acceptance"   // 受理通知书 (C-1, R1.4, R3.13)
	NoticePause        NoticeKind = "pause"        // 特别程序告知书 (R1.12)
	NoticeExtension    NoticeKind = "extension"    // 延期告知书 (C-2, R1.8)
	NoticeRefusal      NoticeKind = "refusal"      // 不予许可决定书 (R1.16)
	NoticeCompletion   NoticeKind = "completion"   // 办结通知 (C-7, R3.16)
)

// NoticeKinds lists every kind.
var NoticeKinds = []NoticeKind{NoticeConsultation, NoticeSupplement, NoticeReturn, NoticeAcceptance,
	NoticePause, NoticeExtension, NoticeRefusal, NoticeCompletion}

// Notice is a written notice. Body holds what was told, as given at the time
// (materials listed, reasons, dates), so a reprint shows the same text.
type Notice struct {
	ID       int64      `json:"id"`
	CentreID int64      `json:"centre_id"`
	CaseID   int64      `json:"case_id"`
	Kind     NoticeKind `json:"kind"`
	DocNo    string     `json:"doc_no"`
	RuleID   string     `json:"rule_id"`
	Body     NoticeBody `json:"body"`
	IssuedBy int64      `json:"issued_by,omitempty"`
	IssuedAt time.Time  `json:"issued_at"`
	Prints   int        `json:"prints"`
	// SecretEnc is the acceptance notice's query code, sealed (pii.Keys):
	// every print shows it, the case keeps only its keyed hash, and no page
	// or API answer carries it.
	SecretEnc string `json:"-"`
}

// NoticeBody is the variable content of a notice, stored as JSON.
type NoticeBody struct {
	Materials  []NoticeMaterial `json:"materials,omitempty"` // supplement: every missing or defective line (ON-2)
	Reason     string           `json:"reason,omitempty"`
	LegalBasis string           `json:"legal_basis,omitempty"`
	Answer     string           `json:"answer,omitempty"`    // consultation
	DueDate    string           `json:"due_date,omitempty"`  // acceptance, extension
	Days       int              `json:"days,omitempty"`      // extension or expected pause
	Procedure  string           `json:"procedure,omitempty"` // special procedure (R1.12)
	ResultName string           `json:"result_name,omitempty"`
	ResultNo   string           `json:"result_no,omitempty"`
	Delivery   string           `json:"delivery,omitempty"`
}

// NoticeMaterial is one material line on a notice.
type NoticeMaterial struct {
	Name   string        `json:"name"`
	State  MaterialState `json:"state"`
	Defect string        `json:"defect,omitempty"`
}

// Step actions (R3.14 业务动作).
const (
	StepPass   = "pass"
	StepReturn = "return"
	StepOther  = "other"
)

// CaseStep is one processing step (R3.14): status 1 pending 待办, 2 done 已办.
type CaseStep struct {
	ID           int64      `json:"id"`
	CaseID       int64      `json:"case_id"`
	Name         string     `json:"name"`
	Action       string     `json:"action,omitempty"`
	DepartmentID int64      `json:"department_id,omitempty"`
	HandlerID    int64      `json:"handler_id,omitempty"`
	Opinion      string     `json:"opinion,omitempty"`
	Status       int        `json:"status"`
	StartedAt    time.Time  `json:"started_at"`
	EndedAt      *time.Time `json:"ended_at,omitempty"`
}

// Step names used by the processing code.
const (
	StepIntake     = "受理"
	StepReview     = "审查"
	StepApproval   = "审批"
	StepJoint      = "联办审批"
	StepFee        = "收费"
	StepCompletion = "办结"
)

// CaseApproval is one department's approval of a joint case (C-6).
type CaseApproval struct {
	CaseID       int64      `json:"case_id"`
	DepartmentID int64      `json:"department_id"`
	ApproverID   int64      `json:"approver_id,omitempty"`
	Decision     string     `json:"decision,omitempty"` // approve or refuse
	Opinion      string     `json:"opinion,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

// Pause kinds.
const (
	PauseSupplement = "supplement" // C-3
	PauseSpecial    = "special"    // R1.12, R3.15 code 2
)

// SpecialProcedures are the procedures of R1.12 whose time is not counted.
var SpecialProcedures = []string{"hearing", "tender", "auction", "inspection", "testing", "quarantine", "appraisal", "expert_review", "site_check"}

// CasePause is a stop of the clock.
type CasePause struct {
	ID        int64      `json:"id"`
	CaseID    int64      `json:"case_id"`
	Kind      string     `json:"kind"`
	Procedure string     `json:"procedure,omitempty"`
	Reason    string     `json:"reason"`
	NoticeID  int64      `json:"notice_id,omitempty"`
	StartedBy int64      `json:"started_by,omitempty"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	Result    string     `json:"result,omitempty"`
}

// CaseExtension is the one extension of a case (C-2, R1.8).
type CaseExtension struct {
	CaseID     int64     `json:"case_id"`
	Days       int       `json:"days"`
	Reason     string    `json:"reason"`
	RuleID     string    `json:"rule_id"`
	ApprovedBy int64     `json:"approved_by"`
	ApprovedAt time.Time `json:"approved_at"`
	NoticeID   int64     `json:"notice_id,omitempty"`
}

// CaseFee is an invoice from the item's published fee standard (CAT-3).
type CaseFee struct {
	ID        int64      `json:"id"`
	CaseID    int64      `json:"case_id"`
	InvoiceNo string     `json:"invoice_no"`
	AmountFen int64      `json:"amount_fen"`
	UnitFen   int64      `json:"unit_fen"`
	Quantity  int        `json:"quantity"`
	Standard  string     `json:"standard"`
	IssuedBy  int64      `json:"issued_by"`
	IssuedAt  time.Time  `json:"issued_at"`
	ReceiptNo string     `json:"receipt_no,omitempty"`
	PaidBy    int64      `json:"paid_by,omitempty"`
	PaidAt    *time.Time `json:"paid_at,omitempty"`
}

// Warning levels of electronic supervision (SUP-2, R5.2-R5.5).
const (
	WarningYellow = "yellow"
	WarningRed    = "red"
	WarningStep   = "step" // a single step over its limit (R5.2 (3))
)

// Warning is a supervision record (GB/T 39046 table 11, R5.1) and its
// answer (R5.6).
type Warning struct {
	ID            int64      `json:"id"`
	CentreID      int64      `json:"centre_id"`
	CaseID        int64      `json:"case_id"`
	CaseNo        string     `json:"case_no,omitempty"`
	SupervisionNo string     `json:"supervision_no"` // 监察编号 an..20
	Level         string     `json:"level"`
	RuleID        string     `json:"rule_id"` // 监察规则编号
	Deadline      time.Time  `json:"deadline"`
	StepID        int64      `json:"step_id,omitempty"`
	Content       string     `json:"content"`
	DepartmentID  int64      `json:"department_id,omitempty"`
	ClerkID       int64      `json:"clerk_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	Response      string     `json:"response,omitempty"`
	RespondedBy   int64      `json:"responded_by,omitempty"`
	RespondedAt   *time.Time `json:"responded_at,omitempty"`
}

// Outbox statuses.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// SecretMark stands in a message body for a secret only the applicant may
// read (a query code): staff see the mark, the sender gets the secret.
const SecretMark = "••••••••"

// Message is one message to an applicant in the notification outbox (C-7).
// Dedupe makes the same event enqueue once; the worker sends each once.
type Message struct {
	ID              int64      `json:"id"`
	CentreID        int64      `json:"centre_id"`
	CaseID          int64      `json:"case_id,omitempty"`
	Kind            string     `json:"kind"`
	Dedupe          string     `json:"-"`
	RecipientEnc    string     `json:"-"`
	RecipientMasked string     `json:"recipient_masked"`
	SecretEnc       string     `json:"-"` // sealed secret that replaces SecretMark in the body when sent
	BodyZH          string     `json:"body_zh"`
	BodyEN          string     `json:"body_en"`
	Channel         string     `json:"channel,omitempty"`
	Status          string     `json:"status"`
	Attempts        int        `json:"attempts"`
	NextAt          time.Time  `json:"next_at"`
	LastError       string     `json:"last_error,omitempty"`
	SentAt          *time.Time `json:"sent_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
}

// Inquiry channels and statuses (FI-1..FI-3).
const (
	InquiryWindow = "window"
	InquiryGuide  = "guide"
	InquiryPhone  = "phone"

	InquiryOpen    = "open"    // the owner is on it
	InquiryHanded  = "handed"  // handed to a window, which is now first-receipt owner (FI-2)
	InquiryRouting = "routing" // a phone call waiting for the duty leader (FI-3)
	InquiryRouted  = "routed"  // the duty leader gave it to a department
	InquiryClosed  = "closed"
)

// Inquiry is a first-inquiry record 首问登记 (FI-1).
type Inquiry struct {
	ID                 int64      `json:"id"`
	CentreID           int64      `json:"centre_id"`
	Channel            string     `json:"channel"`
	OwnerID            int64      `json:"owner_id"`
	WindowID           int64      `json:"window_id,omitempty"`
	TicketID           int64      `json:"ticket_id,omitempty"`
	AskerName          string     `json:"asker_name"` // masked on read for every page (R8.2)
	AskerPhoneEnc      string     `json:"-"`
	AskerPhoneMasked   string     `json:"asker_phone_masked,omitempty"`
	Question           string     `json:"question"`
	Answer             string     `json:"answer,omitempty"`
	Status             string     `json:"status"`
	Outcome            string     `json:"outcome,omitempty"`
	HandedWindowID     int64      `json:"handed_window_id,omitempty"`
	RoutedDepartmentID int64      `json:"routed_department_id,omitempty"`
	RoutedBy           int64      `json:"routed_by,omitempty"`
	CaseID             int64      `json:"case_id,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	ClosedAt           *time.Time `json:"closed_at,omitempty"`
}

// Violation is one entry of the violations register (AC-1).
type Violation struct {
	ID           int64     `json:"id"`
	CentreID     int64     `json:"centre_id"`
	UserID       int64     `json:"user_id,omitempty"`
	DepartmentID int64     `json:"department_id,omitempty"`
	CaseID       int64     `json:"case_id,omitempty"`
	RuleID       string    `json:"rule_id"`
	Source       string    `json:"source"`
	Description  string    `json:"description"`
	Evidence     string    `json:"evidence,omitempty"`
	CreatedBy    int64     `json:"created_by,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}
