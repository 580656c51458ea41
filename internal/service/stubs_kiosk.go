package service

// STUB FILE owned by the kiosk helper: replace every function with the
// real implementation in its own file and delete this file.

import (
	"context"
	"time"

	"bianmin/internal/bianmin"
)

var errStub = bianmin.Errorf(bianmin.EUNAVAILABLE, "尚未实现。", "Not implemented yet.")

// IssueRequest asks for a ticket.
type IssueRequest struct {
	QueueID     int64  `json:"queue_id"`
	ItemCode    string `json:"item_code,omitempty"` // impl_code of a published item of the queue
	IDNumber    string `json:"id_number,omitempty"` // optional; checked (GB 11643), stored masked only
	Phone       string `json:"phone,omitempty"`     // optional; stored masked only
	Green       bool   `json:"green,omitempty"`     // green channel 绿色通道
	GreenReason string `json:"green_reason,omitempty"`
	IdemKey     string `json:"-"` // Idempotency-Key header (SECURITY.md item 45)
	// Appointment check-in (issue 8): the booking and its slot.
	AppointmentID int64      `json:"-"`
	SlotAt        *time.Time `json:"-"`
}

// IssuedTicket is a ticket as printed and as the status page shows it.
type IssuedTicket struct {
	Ticket      *bianmin.Ticket `json:"ticket"`
	QueueName   string          `json:"queue_name"`
	QueueNameEN string          `json:"queue_name_en"`
	Ahead       int             `json:"ahead"`        // people waiting before this ticket
	WaitMinutes int             `json:"wait_minutes"` // estimated
	StatusPath  string          `json:"status_path"`  // "/t/<token>"
	WindowNo    string          `json:"window_number,omitempty"`
	NearFront   bool            `json:"near_front"`
	Replayed    bool            `json:"replayed"` // an Idempotency-Key retry returned the first ticket
}

// KioskMenu is what a kiosk offers.
type KioskMenu struct {
	CentreName   string       `json:"centre_name"`
	Issuing      bool         `json:"issuing"` // inside issuing hours
	Queues       []KioskQueue `json:"queues"`
	GreenMinAge  int          `json:"green_min_age"`
	IdleSeconds  int          `json:"idle_seconds"`
	NotIssuingZH string       `json:"not_issuing_zh,omitempty"`
	NotIssuingEN string       `json:"not_issuing_en,omitempty"`
}

// KioskQueue is one big button of the kiosk with the items under it.
type KioskQueue struct {
	Queue   *bianmin.Queue `json:"queue"`
	Waiting int            `json:"waiting"`
	Items   []KioskItem    `json:"items"`
}

// KioskItem is one item button.
type KioskItem struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// Menu returns the kiosk's queues and items.
func (s *Service) Menu(ctx context.Context, d *bianmin.Device) (*KioskMenu, error) {
	return nil, errStub
}

// IssueAtKiosk issues a ticket at a kiosk (limits of SECURITY.md item 33 apply).
func (s *Service) IssueAtKiosk(ctx context.Context, d *bianmin.Device, r IssueRequest) (*IssuedTicket, error) {
	return nil, errStub
}

// IssueByStaff issues a ticket at the guide desk (guide, duty chief, clerk, director).
func (s *Service) IssueByStaff(ctx context.Context, a *bianmin.Actor, centreID int64, r IssueRequest) (*IssuedTicket, error) {
	return nil, errStub
}

// TicketForDevice returns a ticket issued by this kiosk, for its print view.
func (s *Service) TicketForDevice(ctx context.Context, d *bianmin.Device, ticketID int64) (*IssuedTicket, error) {
	return nil, errStub
}

// TicketStatus returns a ticket's live status for its status page (public, by token).
func (s *Service) TicketStatus(ctx context.Context, token string) (*IssuedTicket, error) {
	return nil, errStub
}
