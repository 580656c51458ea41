package bianmin

import (
	"fmt"
	"time"
)

// Queue is a service group of a centre with its own ticket letter, e.g. A
// for 社保医保 (DOMAIN.md Q-1). The kiosk offers the published items of its
// departments; its windows call it.
type Queue struct {
	ID            int64     `json:"id"`
	CentreID      int64     `json:"centre_id"`
	Prefix        string    `json:"prefix"` // one or two capital letters
	Name          string    `json:"name"`
	NameEN        string    `json:"name_en"`
	Icon          string    `json:"icon"` // an icon key of the kiosk's embedded set
	Position      int       `json:"position"`
	DailyLimit    int       `json:"daily_limit"` // 0: the policy's queue.daily_ticket_limit
	Active        bool      `json:"active"`
	DepartmentIDs []int64   `json:"department_ids"`
	WindowIDs     []int64   `json:"window_ids"`
	CreatedAt     time.Time `json:"created_at"`
}

// TicketStatus is where a ticket stands.
type TicketStatus string

// Ticket statuses. A ticket is waiting until a window calls it; called
// until the citizen arrives (start) or is marked a no-show 过号; serving
// until finished. A no-show can be reactivated to waiting.
const (
	TicketWaiting   TicketStatus = "waiting"
	TicketCalled    TicketStatus = "called"
	TicketServing   TicketStatus = "serving"
	TicketDone      TicketStatus = "done"
	TicketNoShow    TicketStatus = "no_show"
	TicketCancelled TicketStatus = "cancelled"
)

// TicketKind orders tickets: appointments at their slot, then the green
// channel, then everyone else by arrival.
type TicketKind string

// Ticket kinds.
const (
	TicketNormal      TicketKind = "normal"
	TicketGreen       TicketKind = "green"       // 绿色通道
	TicketAppointment TicketKind = "appointment" // checked-in booking (AP-1)
)

// Green-channel reasons (Q-2: 老弱病残).
const (
	GreenElderly  = "elderly"
	GreenInfirm   = "infirm"
	GreenSick     = "sick"
	GreenDisabled = "disabled"
)

// GreenReasons lists the green-channel reasons in display order.
var GreenReasons = []string{GreenElderly, GreenInfirm, GreenSick, GreenDisabled}

// Ticket is one queue number of one service day.
type Ticket struct {
	ID             int64        `json:"id"`
	CentreID       int64        `json:"centre_id"`
	QueueID        int64        `json:"queue_id"`
	ServiceDate    string       `json:"service_date"` // YYYY-MM-DD, Asia/Shanghai
	Prefix         string       `json:"prefix"`
	Number         int          `json:"number"`
	Code           string       `json:"code"` // "A023"
	ItemCode       string       `json:"item_code,omitempty"`
	ItemName       string       `json:"item_name,omitempty"`
	Kind           TicketKind   `json:"kind"`
	KindReason     string       `json:"kind_reason,omitempty"`
	Status         TicketStatus `json:"status"`
	OrderAt        time.Time    `json:"order_at"` // arrival order; moved back on reactivation
	SlotAt         *time.Time   `json:"slot_at,omitempty"`
	AppointmentID  int64        `json:"appointment_id,omitempty"`
	IDMasked       string       `json:"id_masked,omitempty"`
	PhoneMasked    string       `json:"phone_masked,omitempty"`
	DeviceID       int64        `json:"device_id,omitempty"`
	IssuedBy       int64        `json:"issued_by,omitempty"`
	IdemKey        string       `json:"-"` // the kiosk's Idempotency-Key (SECURITY.md item 45)
	StatusToken    string       `json:"-"` // the secret of the citizen's status page
	WindowID       int64        `json:"window_id,omitempty"`
	TargetWindowID int64        `json:"target_window_id,omitempty"`
	CallCount      int          `json:"call_count"`
	Transfers      int          `json:"transfers"`
	FirstOwnerID   int64        `json:"first_owner_id,omitempty"` // FI-2: kept across transfers
	ServedBy       int64        `json:"served_by,omitempty"`
	Outcome        string       `json:"outcome,omitempty"`
	CaseID         int64        `json:"case_id,omitempty"`
	Note           string       `json:"note,omitempty"`
	IssuedAt       time.Time    `json:"issued_at"`
	CalledAt       *time.Time   `json:"called_at,omitempty"`
	StartedAt      *time.Time   `json:"started_at,omitempty"`
	FinishedAt     *time.Time   `json:"finished_at,omitempty"`
}

// TicketCode formats a ticket number as shown and announced: the prefix and
// at least three digits ("A023").
func TicketCode(prefix string, number int) string { return fmt.Sprintf("%s%03d", prefix, number) }

// Priority reports whether the ticket goes before arrival order.
func (t *Ticket) Priority() bool { return t.Kind == TicketGreen || t.Kind == TicketAppointment }

// Outcomes of a finished service.
const (
	OutcomeCompleted   = "completed"    // 办结
	OutcomeAccepted    = "accepted"     // 受理
	OutcomeConsulted   = "consulted"    // 咨询
	OutcomeSupplement  = "supplement"   // 补正告知
	OutcomeNotAccepted = "not_accepted" // 不予受理
	OutcomeReferred    = "referred"     // 引导至他处
	OutcomeOther       = "other"
)

// Outcomes lists the outcomes in display order.
var Outcomes = []string{OutcomeCompleted, OutcomeAccepted, OutcomeConsulted, OutcomeSupplement, OutcomeNotAccepted, OutcomeReferred, OutcomeOther}

// TicketEventKind names what happened to a ticket.
type TicketEventKind string

// Ticket event kinds.
const (
	EventIssue      TicketEventKind = "issue"
	EventCall       TicketEventKind = "call"
	EventRecall     TicketEventKind = "recall"
	EventNoShow     TicketEventKind = "no_show"
	EventReactivate TicketEventKind = "reactivate"
	EventTransfer   TicketEventKind = "transfer"
	EventStart      TicketEventKind = "start"
	EventFinish     TicketEventKind = "finish"
	EventCancel     TicketEventKind = "cancel"
)

// TicketEvent is one step of a ticket's day, the basis of statistics.
type TicketEvent struct {
	ID          int64           `json:"id"`
	TicketID    int64           `json:"ticket_id"`
	CentreID    int64           `json:"centre_id"`
	QueueID     int64           `json:"queue_id"`
	ServiceDate string          `json:"service_date"`
	At          time.Time       `json:"at"`
	Kind        TicketEventKind `json:"kind"`
	WindowID    int64           `json:"window_id,omitempty"`
	UserID      int64           `json:"user_id,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Detail      string          `json:"detail,omitempty"`
}

// WindowStateKind is whether a window takes calls.
type WindowStateKind string

// Window states: closed (nobody on post), open (taking calls), paused
// 暂停服务 (on post but taking no calls, Q-4).
const (
	WindowClosed WindowStateKind = "closed"
	WindowOpen   WindowStateKind = "open"
	WindowPaused WindowStateKind = "paused"
)

// WindowState is who is on post at a window and what it is doing.
type WindowState struct {
	WindowID int64           `json:"window_id"`
	State    WindowStateKind `json:"state"`
	UserID   int64           `json:"user_id,omitempty"`
	Post     string          `json:"post,omitempty"` // "A" or "B" (AB-1)
	Reason   string          `json:"reason,omitempty"`
	Since    time.Time       `json:"since"`
	TicketID int64           `json:"ticket_id,omitempty"` // the ticket called or being served
}

// DeviceKind is what a registered hall device is.
type DeviceKind string

// Device kinds.
const (
	DeviceKiosk   DeviceKind = "kiosk"   // 取号机
	DeviceDisplay DeviceKind = "display" // 叫号屏 (LED/TV)
	DevicePad     DeviceKind = "pad"     // 服务评价器 at one window
)

// Valid reports whether k is a known device kind.
func (k DeviceKind) Valid() bool { return k == DeviceKiosk || k == DeviceDisplay || k == DevicePad }

// Device is a registered kiosk, display or evaluation pad. It authenticates
// with a token set when it is paired; the token itself is never stored.
type Device struct {
	ID         int64      `json:"id"`
	CentreID   int64      `json:"centre_id"`
	Kind       DeviceKind `json:"kind"`
	Name       string     `json:"name"`
	WindowID   int64      `json:"window_id,omitempty"`
	Paired     bool       `json:"paired"`
	PairedAt   *time.Time `json:"paired_at,omitempty"`
	LastSeenAt *time.Time `json:"last_seen_at,omitempty"`
	Revoked    bool       `json:"revoked"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Actor returns the actor a device acts as: no user, its kind and ID as name.
func (d *Device) Actor(source string) *Actor {
	return &Actor{Username: fmt.Sprintf("%s:%d", d.Kind, d.ID), Source: source, Scope: Scope{Centres: []int64{d.CentreID}}, Lang: "zh"}
}

// Absence kinds of recorded staff absences.
const (
	AbsenceLeave        = "leave"
	AbsenceBusinessTrip = "business_trip"
	AbsenceMeeting      = "meeting"
	AbsenceOther        = "other"
)

// Absence is an approved time away of a staff member (AB-1, Q-5).
type Absence struct {
	ID         int64     `json:"id"`
	CentreID   int64     `json:"centre_id"`
	UserID     int64     `json:"user_id"`
	Kind       string    `json:"kind"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Reason     string    `json:"reason"`
	RecordedBy int64     `json:"recorded_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// RatingChannelPad is the 评价渠道 of the window evaluation pad (R4.4).
const RatingChannelPad = "政务大厅平板电脑"

// Rating is one on-site rating of a service occasion (RT-1, R4.1-R4.8).
// Codes follow GB/T 39046 A.8: 1 非常满意 … 5 非常不满意 (R4.2). Code is the
// satisfaction code of the occasion: the worse of attitude and efficiency,
// so that a bad mark on either reaches the 差评 loop.
type Rating struct {
	ID          int64     `json:"id"`
	CentreID    int64     `json:"centre_id"`
	TicketID    int64     `json:"ticket_id,omitempty"`
	CaseID      int64     `json:"case_id,omitempty"`
	WindowID    int64     `json:"window_id,omitempty"`
	StaffUserID int64     `json:"staff_user_id,omitempty"`
	DeviceID    int64     `json:"device_id,omitempty"`
	Channel     string    `json:"channel"`
	Attitude    int       `json:"attitude"`
	Efficiency  int       `json:"efficiency"`
	Code        int       `json:"code"`
	Reasons     []string  `json:"reasons"`
	Comment     string    `json:"comment"`
	Count       int       `json:"count"`
	ServiceDate string    `json:"service_date"`
	RatedAt     time.Time `json:"rated_at"`
}

// RatingLevels are the five national levels by code (R4.1, R4.2).
var RatingLevels = [6][2]string{
	{},
	{"非常满意", "Very satisfied"},
	{"满意", "Satisfied"},
	{"基本满意", "Basically satisfied"},
	{"不满意", "Dissatisfied"},
	{"非常不满意", "Very dissatisfied"},
}

// StarsToCode converts a star count (5 best) to the GB/T 39046 code (1 best) (R4.2).
func StarsToCode(stars int) int { return 6 - stars }
