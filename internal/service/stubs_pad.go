package service

// STUB FILE owned by the pad helper: replace with the real implementation
// in its own file and delete this file.

import (
	"context"

	"bianmin/internal/bianmin"
)

// PadView is what the evaluation pad shows: the clerk who served and the
// occasion to rate, if one is open (RT-1, R4.6).
type PadView struct {
	WindowNumber string `json:"window_number"`
	WindowName   string `json:"window_name"`
	StaffName    string `json:"staff_name"`
	StaffNo      string `json:"staff_no"`
	HasPhoto     bool   `json:"has_photo"`
	TicketID     int64  `json:"ticket_id,omitempty"` // 0: nothing to rate now
	TicketCode   string `json:"ticket_code,omitempty"`
}

// RateRequest is a rating from the pad (codes 1 best … 5 worst, R4.2).
type RateRequest struct {
	TicketID   int64    `json:"ticket_id"`
	Attitude   int      `json:"attitude"`
	Efficiency int      `json:"efficiency"`
	Reasons    []string `json:"reasons,omitempty"`
	Comment    string   `json:"comment,omitempty"`
}

// Pad returns the pad's view.
func (s *Service) Pad(ctx context.Context, d *bianmin.Device) (*PadView, error) { return nil, errStub }

// Rate records the rating of one service occasion.
func (s *Service) Rate(ctx context.Context, d *bianmin.Device, r RateRequest) (*bianmin.Rating, error) {
	return nil, errStub
}
