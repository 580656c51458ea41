package service

// STUB FILE owned by the display helper: replace with the real
// implementation in its own file and delete this file.

import (
	"context"
	"time"

	"bianmin/internal/queue"
)

// DisplayState is what a hall display shows: no personal data (R8.3).
type DisplayState struct {
	CentreName string          `json:"centre_name"`
	Calls      []DisplayCall   `json:"calls"` // latest first
	Windows    []DisplayWindow `json:"windows"`
	Queues     []DisplayQueue  `json:"queues"`
	At         time.Time       `json:"at"`
}

// DisplayCall is one recent call or recall.
type DisplayCall struct {
	Code         string             `json:"code"`
	WindowNumber string             `json:"window_number"`
	Recall       bool               `json:"recall"`
	Announcement queue.Announcement `json:"announcement"`
	At           time.Time          `json:"at"`
}

// DisplayWindow is a window's state on the display.
type DisplayWindow struct {
	Number  string `json:"number"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	State   string `json:"state"`             // open (serving) / paused / closed
	Serving string `json:"serving,omitempty"` // ticket code called or served there
}

// DisplayQueue is a queue's waiting count.
type DisplayQueue struct {
	Prefix  string `json:"prefix"`
	Name    string `json:"name"`
	NameEN  string `json:"name_en"`
	Waiting int    `json:"waiting"`
}

// Display returns a centre's hall display state.
func (s *Service) Display(ctx context.Context, centreID int64) (*DisplayState, error) {
	return nil, errStub
}
