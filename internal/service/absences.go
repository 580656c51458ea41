package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// absenceRecorders record approved absences until the staff issue's leave
// workflow writes them: the duty chief, the office and the director (AB-1).
var absenceRecorders = []bianmin.Role{bianmin.RoleDutyChief, bianmin.RoleOffice, bianmin.RoleDirector}

// AbsenceKinds lists the kinds of recorded absence in display order.
var AbsenceKinds = []string{bianmin.AbsenceLeave, bianmin.AbsenceBusinessTrip, bianmin.AbsenceMeeting, bianmin.AbsenceOther}

// absenceLookback is how far back the absence list reaches.
const absenceLookback = 30 * 24 * time.Hour

// RecordAbsence records an approved absence (duty chief, office, director)
// of a staff member of the centre. While it covers now, the B post may take
// over the member's window (AB-1). The record is audited.
func (s *Service) RecordAbsence(ctx context.Context, a *bianmin.Actor, ab *bianmin.Absence) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	ab.Kind, ab.Reason = strings.TrimSpace(ab.Kind), strings.TrimSpace(ab.Reason)
	return s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: ab.CentreID, Action: "absence.record", ObjectType: "absence", RuleID: "AB-1"}
		ok, err := mayActAny(ctx, tx, a, ab.CentreID, absenceRecorders...)
		if err != nil {
			return err
		}
		if !ok {
			e.RuleID = ruleScope
			return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
		}
		if err := validateAbsence(ctx, tx, ab); err != nil {
			return err
		}
		ab.ID, ab.RecordedBy = 0, a.UserID
		if err := store.InsertAbsence(ctx, tx, ab); err != nil {
			return err
		}
		e.ObjectID, e.After = idStr(ab.ID), bianmin.JSONOf(ab)
		return store.Audit(ctx, tx, a, e)
	})
}

func validateAbsence(ctx context.Context, tx *store.Tx, ab *bianmin.Absence) error {
	var v bianmin.Validation
	u, err := store.UserByID(ctx, tx, ab.UserID)
	switch {
	case errors.Is(err, bianmin.ErrNotFound) || err == nil && u.CentreID != ab.CentreID:
		v.Add("user_id", "请选择本中心的工作人员。", "Choose a staff member of this centre.")
	case err != nil:
		return err
	}
	if !slices.Contains(AbsenceKinds, ab.Kind) {
		v.Add("kind", "请选择请假、出差、会议或其他。", "Choose leave, business trip, meeting or other.")
	}
	if ab.StartsAt.IsZero() {
		v.Add("starts_at", "请填写开始时间。", "Give the start.")
	}
	if ab.EndsAt.IsZero() || !ab.EndsAt.After(ab.StartsAt) {
		v.Add("ends_at", "结束时间须晚于开始时间。", "The end must come after the start.")
	}
	if !textOK(ab.Reason, 0, 200) {
		v.Add("reason", "事由最多 200 个字符，且不含控制字符。", "The reason may have at most 200 characters without control characters.")
	}
	return v.Err()
}

// ListAbsences returns a centre's absences that ended at most 30 days ago,
// latest start first, for those who record them.
func (s *Service) ListAbsences(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Absence, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*bianmin.Absence
	allowed := false
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if allowed, err = mayActAny(ctx, tx, a, centreID, absenceRecorders...); err != nil || !allowed {
			return err
		}
		out, err = store.Absences(ctx, tx, centreID, tx.Now.Add(-absenceLookback), 200)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: centreID, Action: "absence.list", ObjectType: "absence"})
	}
	return out, nil
}
