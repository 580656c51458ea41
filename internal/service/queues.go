package service

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// queueEditors set up queues and register hall devices: the director, the
// business office and the system administrator of the centre.
var queueEditors = []bianmin.Role{bianmin.RoleDirector, bianmin.RoleOffice, bianmin.RoleSysAdmin}

var prefixPattern = regexp.MustCompile(`^[A-Z]{1,2}$`)

var errQueuePrefix = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "prefix", Rule: "Q-1",
	ZH: "本中心已有使用该字母的队列。", EN: "The centre already has a queue with this letter."}

// guardQueueEdit lets queue editors of the centre act and audits a refusal.
func guardQueueEdit(ctx context.Context, tx *store.Tx, a *bianmin.Actor, e bianmin.AuditEntry) error {
	ok, err := mayActAny(ctx, tx, a, e.CentreID, queueEditors...)
	if err != nil || ok {
		return err
	}
	if e.RuleID == "" {
		e.RuleID = ruleScope
	}
	return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
}

// ListQueues returns a centre's queues in position order with the
// departments they offer and the windows that call them, for staff in scope.
func (s *Service) ListQueues(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Queue, error) {
	if err := s.readScoped(ctx, a, centreID, "queue.list", "queue"); err != nil {
		return nil, err
	}
	out := []*bianmin.Queue{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		qs, err := store.Queues(ctx, tx, centreID)
		out = append(out, qs...)
		return err
	})
	return out, err
}

// SaveQueue creates a queue (ID 0) or changes one: its letter (one or two
// capitals, unique in the centre), names, icon, position, daily limit,
// whether it is active, the departments whose items it offers and the
// windows that call it. Only queue editors of the centre may.
func (s *Service) SaveQueue(ctx context.Context, a *bianmin.Actor, q *bianmin.Queue) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	q.Prefix = strings.ToUpper(strings.TrimSpace(q.Prefix))
	q.Name, q.NameEN, q.Icon = strings.TrimSpace(q.Name), strings.TrimSpace(q.NameEN), strings.TrimSpace(q.Icon)
	slices.Sort(q.DepartmentIDs)
	q.DepartmentIDs = slices.Compact(q.DepartmentIDs)
	slices.Sort(q.WindowIDs)
	q.WindowIDs = slices.Compact(q.WindowIDs)
	err := s.write(ctx, func(tx *store.Tx) error {
		if q.ID != 0 {
			cur, err := store.QueueByID(ctx, tx, q.ID)
			if err != nil {
				return err
			}
			q.CentreID = cur.CentreID
		}
		e := bianmin.AuditEntry{CentreID: q.CentreID, Action: "queue.save", ObjectType: "queue", ObjectID: idStr(q.ID)}
		if err := guardQueueEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := validateQueue(q); err != nil {
			return err
		}
		return store.SaveQueue(ctx, tx, q, a)
	})
	if errors.Is(err, bianmin.ErrConflict) {
		return errQueuePrefix
	}
	return err
}

func validateQueue(q *bianmin.Queue) error {
	var v bianmin.Validation
	if !prefixPattern.MatchString(q.Prefix) {
		v.Add("prefix", "队列字母须为 1 至 2 个大写英文字母。", "The queue letter must be one or two capital letters.")
	}
	if !textOK(q.Name, 1, 50) {
		v.Add("name", "队列名称须为 1 至 50 个字符，且不含控制字符。", "The queue name must have 1 to 50 characters without control characters.")
	}
	if !textOK(q.NameEN, 0, 100) {
		v.Add("name_en", "英文名称最多 100 个字符。", "The English name may have at most 100 characters.")
	}
	if !textOK(q.Icon, 0, 30) {
		v.Add("icon", "图标名称最多 30 个字符。", "The icon name may have at most 30 characters.")
	}
	if q.DailyLimit < 0 || q.DailyLimit > 100000 {
		v.Add("daily_limit", "每日取号上限须在 0 至 100000 之间（0 = 按中心政策）。", "The daily limit must be 0 to 100000 (0 = the centre's policy).")
	}
	if q.Position < 0 || q.Position > 1000 {
		v.Add("position", "排列顺序须在 0 至 1000 之间。", "The position must be 0 to 1000.")
	}
	return v.Err()
}
