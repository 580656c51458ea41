package service

import (
	"context"
	"errors"
	"slices"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var errWindowNumber = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "number", Rule: "ORG-1",
	ZH: "本中心已有该编号的窗口。", EN: "The centre already has a window with this number."}

// ListWindows returns a centre's windows in number order with their posts,
// departments and items (ORG-1, ORG-2), for any staff in scope.
func (s *Service) ListWindows(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Window, error) {
	if err := s.readScoped(ctx, a, centreID, "window.list", "window"); err != nil {
		return nil, err
	}
	out := []*bianmin.Window{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ws, err := store.Windows(ctx, tx, centreID)
		out = append(out, ws...)
		return err
	})
	return out, err
}

// SaveWindow creates a window (ID 0, posts optional) or updates its number,
// names, zone, kind, departments and items; an update keeps the posts,
// which SetWindowPosts changes. A specialised window serves one department
// of its centre, a general one several; items must belong to a served
// department (ORG-1). Only a director or the office of the centre may; the
// change is audited and nothing is written on any error.
func (s *Service) SaveWindow(ctx context.Context, a *bianmin.Actor, w *bianmin.Window) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	w.Number, w.Name = strings.TrimSpace(w.Number), strings.TrimSpace(w.Name)
	w.NameEN, w.Zone = strings.TrimSpace(w.NameEN), strings.TrimSpace(w.Zone)
	err := s.write(ctx, func(tx *store.Tx) error {
		if w.ID != 0 {
			cur, err := store.WindowByID(ctx, tx, w.ID)
			if err != nil {
				return err
			}
			w.CentreID = cur.CentreID
		}
		e := bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.save", ObjectType: "window", ObjectID: idStr(w.ID)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := validateWindowText(w); err != nil {
			return err
		}
		if w.ID == 0 {
			return store.CreateWindow(ctx, tx, w, a)
		}
		return store.UpdateWindow(ctx, tx, w, a)
	})
	if errors.Is(err, bianmin.ErrConflict) {
		return errWindowNumber
	}
	return err
}

// validateWindowText refuses control characters, which would split log
// lines (SECURITY.md item 38), and over-long English names and zones.
func validateWindowText(w *bianmin.Window) error {
	var v bianmin.Validation
	for _, f := range []struct{ field, val string }{{"number", w.Number}, {"name", w.Name}} {
		if !textOK(f.val, 0, 100) {
			v.Add(f.field, "不能含控制字符。", "Control characters are not allowed.")
		}
	}
	if !textOK(w.NameEN, 0, 200) {
		v.Add("name_en", "英文名称最多 200 个字符。", "The English name may have at most 200 characters.")
	}
	if !textOK(w.Zone, 0, 100) {
		v.Add("zone", "区域最多 100 个字符。", "The zone may have at most 100 characters.")
	}
	return v.Err()
}

// SetWindowPosts names the A and B post holders of a window: two different
// active clerks of the window's centre (ORG-2). Only a director or the
// office of the centre may; the change is audited.
func (s *Service) SetWindowPosts(ctx context.Context, a *bianmin.Actor, windowID, aUserID, bUserID int64) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		w, err := store.WindowByID(ctx, tx, windowID)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: w.CentreID, Action: "window.posts", ObjectType: "window", ObjectID: idStr(w.ID)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		return store.SetWindowPosts(ctx, tx, windowID, aUserID, bUserID, a)
	})
}

// WindowsMissingPosts returns the windows of a centre without both an A and
// a B holder, a holder whose account is disabled counting as none (ORG-2),
// for the flag on the director's page. Any staff in scope may read it.
func (s *Service) WindowsMissingPosts(ctx context.Context, a *bianmin.Actor, centreID int64) ([]*bianmin.Window, error) {
	if err := s.readScoped(ctx, a, centreID, "window.list", "window"); err != nil {
		return nil, err
	}
	out := []*bianmin.Window{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ids, err := store.WindowsMissingPosts(ctx, tx, centreID)
		if err != nil || len(ids) == 0 {
			return err
		}
		all, err := store.Windows(ctx, tx, centreID)
		for _, w := range all {
			if slices.Contains(ids, w.ID) {
				out = append(out, w)
			}
		}
		return err
	})
	return out, err
}
