package service

import (
	"cmp"
	"context"
	"math"
	"slices"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/store"
)

// queueStatsAll read every line of a centre's queue statistics; a clerk
// reads only the queues and their own line (R4.8: ratings of others stay
// with the leaders).
var queueStatsAll = []bianmin.Role{bianmin.RoleChiefRep, bianmin.RoleDutyChief, bianmin.RoleDutyLeader,
	bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleInspector, bianmin.RoleDeptHead}

// MaxStatDays bounds the range of one statistics request.
const MaxStatDays = 366

// QueueStats are a centre's queue figures over a range of service days.
// Ratings appear only as counts per level, never tied to tickets, times or
// citizens (R4.8).
type QueueStats struct {
	CentreID int64             `json:"centre_id"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	OwnOnly  bool              `json:"own_only"` // a clerk: only their own line, no windows
	BadCodes []int             `json:"bad_codes"`
	Queues   []QueueStatsLine  `json:"queues"`
	Windows  []WindowStatsLine `json:"windows"`
	Clerks   []ClerkStatsLine  `json:"clerks"`
}

// QueueStatsLine is one queue. Issued, called, no-shows (过号 events) and
// transfers (sent on from it) count under the queue the ticket was in at
// the time; waiting (issue to first call) under the queue that issued it;
// served and service time (start to finish) under the queue that served it.
type QueueStatsLine struct {
	QueueID       int64   `json:"queue_id"`
	Prefix        string  `json:"prefix"`
	Name          string  `json:"name"`
	NameEN        string  `json:"name_en"`
	Issued        int     `json:"issued"`
	Called        int     `json:"called"`
	Served        int     `json:"served"`
	NoShows       int     `json:"no_shows"`
	Transfers     int     `json:"transfers"`
	AvgWaitMin    float64 `json:"avg_wait_minutes"`
	MaxWaitMin    float64 `json:"max_wait_minutes"`
	AvgServiceMin float64 `json:"avg_service_minutes"`
}

// WindowStatsLine is one window: services, pauses by reason, ratings.
type WindowStatsLine struct {
	WindowID      int64             `json:"window_id"`
	Number        string            `json:"number"`
	Name          string            `json:"name"`
	NameEN        string            `json:"name_en"`
	Served        int               `json:"served"`
	AvgServiceMin float64           `json:"avg_service_minutes"`
	Pauses        int               `json:"pauses"`
	PauseMin      float64           `json:"pause_minutes"`
	PauseReasons  []PauseReasonLine `json:"pause_reasons"`
	Ratings       RatingCounts      `json:"ratings"`
}

// PauseReasonLine is a window's pauses of one reason.
type PauseReasonLine struct {
	Reason  string  `json:"reason"`
	Count   int     `json:"count"`
	Minutes float64 `json:"minutes"`
}

// ClerkStatsLine is one clerk: services and ratings of the services they finished.
type ClerkStatsLine struct {
	UserID        int64        `json:"user_id"`
	Name          string       `json:"name"`
	StaffNo       string       `json:"staff_no"`
	Served        int          `json:"served"`
	AvgServiceMin float64      `json:"avg_service_minutes"`
	Ratings       RatingCounts `json:"ratings"`
}

// RatingCounts counts ratings per level: ByCode[0] is code 1 非常满意 …
// ByCode[4] code 5 非常不满意 (R4.2); Bad counts the policy's bad codes (R4.1).
type RatingCounts struct {
	ByCode [5]int `json:"by_code"`
	Total  int    `json:"total"`
	Bad    int    `json:"bad"`
}

var (
	errStatFrom  = bianmin.FieldError("from", "开始日期格式应为 YYYY-MM-DD。", "The start date must be YYYY-MM-DD.")
	errStatTo    = bianmin.FieldError("to", "结束日期格式应为 YYYY-MM-DD。", "The end date must be YYYY-MM-DD.")
	errStatOrder = bianmin.FieldError("to", "结束日期不能早于开始日期。", "The end date cannot be before the start date.")
	errStatSpan  = bianmin.FieldError("to", "统计范围最多 366 天。", "The range may span at most 366 days.")
)

// statRange checks from and to (YYYY-MM-DD, inclusive; empty is today).
func (s *Service) statRange(centreID int64, from, to string) (store.StatRange, error) {
	today := bianmin.LocalDate(s.Clock.Now())
	from, to = cmp.Or(from, today), cmp.Or(to, today)
	var v bianmin.Validation
	f, errF := calendar.ParseDate(from)
	if errF != nil {
		v.AddErr(errStatFrom)
	}
	t, errT := calendar.ParseDate(to)
	if errT != nil {
		v.AddErr(errStatTo)
	}
	if errF == nil && errT == nil {
		switch {
		case t.Before(f):
			v.AddErr(errStatOrder)
		case t.Sub(f)+1 > MaxStatDays:
			v.AddErr(errStatSpan)
		}
	}
	if err := v.Err(); err != nil {
		return store.StatRange{}, err
	}
	return store.StatRange{CentreID: centreID, From: f.String(), To: t.String()}, nil
}

// QueueStats returns a centre's queue, window and clerk figures for the
// service days from..to (inclusive, YYYY-MM-DD, empty = today, at most
// MaxStatDays). Readers are the centre's leaders, chief representatives,
// office, inspectors and department heads; a clerk gets the queues and
// only their own line. Anyone else is refused and the refusal audited.
func (s *Service) QueueStats(ctx context.Context, a *bianmin.Actor, centreID int64, from, to string) (*QueueStats, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var all, own bool
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if all, err = mayActAny(ctx, tx, a, centreID, queueStatsAll...); err != nil || all {
			return err
		}
		own, err = mayAct(ctx, tx, a, bianmin.RoleClerk, centreID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !all && !own {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: "queue.stats", ObjectType: "centre", ObjectID: idStr(centreID)})
	}
	rg, err := s.statRange(centreID, from, to)
	if err != nil {
		return nil, err
	}
	p, _, err := s.EffectivePolicy(ctx, centreID)
	if err != nil {
		return nil, err
	}
	out := &QueueStats{CentreID: centreID, From: rg.From, To: rg.To, OwnOnly: !all, BadCodes: slices.Clone(p.Ratings.BadCodes)}
	err = s.DB.Read(ctx, func(tx *store.Tx) error {
		if err := store.StatSnapshot(ctx, tx); err != nil {
			return err
		}
		b := statBuilder{tx: tx, rg: rg, out: out, isBad: p.Ratings.IsBad}
		if out.OwnOnly {
			b.alwaysClerk = a.UserID
		}
		return b.build(ctx)
	})
	if err != nil {
		return nil, err
	}
	if out.OwnOnly {
		out.Windows = []WindowStatsLine{}
		out.Clerks = ownLine(out.Clerks, a.UserID)
	}
	return out, nil
}

// ownLine keeps the actor's line only.
func ownLine(lines []ClerkStatsLine, userID int64) []ClerkStatsLine {
	out := []ClerkStatsLine{}
	for _, l := range lines {
		if l.UserID == userID {
			out = append(out, l)
		}
	}
	return out
}

// minutes turns seconds into minutes with one decimal.
func minutes(sec float64) float64 { return math.Round(sec/6) / 10 }
