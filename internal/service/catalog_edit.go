package service

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// Rule IDs of the catalogue's audit rows.
const (
	ruleCatalogue = "CAT-1" // an item's content
	ruleVersions  = "R9.2"  // versions: a new draft, publishing, superseding
)

// ErrPublishedReadOnly: a published or superseded version is never changed;
// cases accepted under it keep seeing it (R9.2).
var ErrPublishedReadOnly = store.ErrItemNotDraft

var (
	errImplCodeTaken = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "impl_code", Rule: ruleVersions,
		ZH: "本中心已有该实施编码的事项；修改已有事项请创建新版本。",
		EN: "The centre already has an item with this implementation code; create a new version to change it."}
	errImplCodeFixed = bianmin.FieldError("impl_code", "新版本沿用原事项的实施编码，不能修改。",
		"A new version keeps the item's implementation code.").WithRule(ruleVersions)
	errNotPublished = bianmin.Errorf(bianmin.ECONFLICT, "只能从已发布的版本创建新版本。",
		"A new version can only be made from the published version.").WithRule(ruleVersions)
	errNotDraftPublish = bianmin.Errorf(bianmin.ECONFLICT, "只有草稿可以发布。",
		"Only a draft can be published.").WithRule(ruleVersions)
)

// CreateItem adds a new item as a draft, version 1 (R9.2), after validating
// every field (R1.13, R1.20, C-6, CAT-3, conditional materials) and its
// references, and sets its search key. Only a director or the office of the
// item's centre may; the creation is audited (CAT-1). Nothing is written on
// any error.
func (s *Service) CreateItem(ctx context.Context, a *bianmin.Actor, it *bianmin.ServiceItem) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	normalizeItem(it)
	it.ID, it.Version, it.Status, it.PublishedAt = 0, 1, bianmin.ItemDraft, nil
	err := s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.create", ObjectType: "service_item"}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := validateItem(it); err != nil {
			return err
		}
		it.CreatedAt = tx.Now
		if err := store.CreateItemVersion(ctx, tx, it, SearchKey(it.Name, it.NameEN)); err != nil {
			return err
		}
		e.ObjectID, e.After, e.RuleID = idStr(it.ID), bianmin.JSONOf(it), ruleCatalogue
		return store.Audit(ctx, tx, a, e)
	})
	if errors.Is(err, bianmin.ErrConflict) {
		return errImplCodeTaken
	}
	return err
}

// UpdateDraft replaces every field, the materials and the co-approving
// departments of a draft version with those of it. The ID, centre,
// version and creation time stay; a later version keeps its item's
// implementation code. A published or superseded version is refused with
// ErrPublishedReadOnly (R9.2). Audited with before and after (CAT-1);
// nothing is written on any error.
func (s *Service) UpdateDraft(ctx context.Context, a *bianmin.Actor, id int64, it *bianmin.ServiceItem) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	normalizeItem(it)
	err := s.write(ctx, func(tx *store.Tx) error {
		cur, err := store.ItemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: cur.CentreID, Action: "item.update", ObjectType: "service_item", ObjectID: idStr(id)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if cur.Status != bianmin.ItemDraft {
			return ErrPublishedReadOnly
		}
		it.ID, it.CentreID, it.Version, it.Status = cur.ID, cur.CentreID, cur.Version, bianmin.ItemDraft
		it.CreatedAt, it.PublishedAt = cur.CreatedAt, nil
		if cur.Version > 1 && it.ImplCode != cur.ImplCode {
			if it.ImplCode != "" {
				return errImplCodeFixed
			}
			it.ImplCode = cur.ImplCode
		}
		if err := validateItem(it); err != nil {
			return err
		}
		if err := store.UpdateItem(ctx, tx, it, SearchKey(it.Name, it.NameEN)); err != nil {
			return err
		}
		e.Before, e.After, e.RuleID = bianmin.JSONOf(cur), bianmin.JSONOf(it), ruleCatalogue
		return store.Audit(ctx, tx, a, e)
	})
	if errors.Is(err, bianmin.ErrConflict) && !errors.Is(err, ErrPublishedReadOnly) {
		return errImplCodeTaken
	}
	return err
}

// NewVersion copies the published version of an item into a new draft,
// version+1 with the same implementation code, for editing; the published
// version stays public until the draft is published (R9.2). An item has at
// most one open draft. Only a director or the office may; audited (R9.2).
func (s *Service) NewVersion(ctx context.Context, a *bianmin.Actor, id int64) (*bianmin.ServiceItem, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var nv bianmin.ServiceItem
	err := s.write(ctx, func(tx *store.Tx) error {
		cur, err := store.ItemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: cur.CentreID, Action: "item.new_version", ObjectType: "service_item"}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if cur.Status != bianmin.ItemPublished {
			return errNotPublished
		}
		versions, err := store.ItemVersions(ctx, tx, cur.CentreID, cur.ImplCode)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(versions, func(v *bianmin.ServiceItem) bool { return v.Status == bianmin.ItemDraft }); i >= 0 {
			return openDraftError(versions[i].Version)
		}
		nv = copyForNewVersion(cur, versions[len(versions)-1].Version+1, tx)
		if err := store.CreateItemVersion(ctx, tx, &nv, SearchKey(nv.Name, nv.NameEN)); err != nil {
			return err
		}
		e.ObjectID, e.RuleID = idStr(nv.ID), ruleVersions
		e.Before = bianmin.JSONOf(map[string]any{"id": cur.ID, "version": cur.Version, "status": cur.Status})
		e.After = bianmin.JSONOf(&nv)
		return store.Audit(ctx, tx, a, e)
	})
	if err != nil {
		return nil, err
	}
	return &nv, nil
}

func openDraftError(version int) error {
	return bianmin.Errorf(bianmin.ECONFLICT,
		fmt.Sprintf("该事项已有未发布的草稿（第 %d 版），请修改该草稿。", version),
		fmt.Sprintf("The item already has an unpublished draft (version %d); edit that draft.", version)).WithRule(ruleVersions)
}

// copyForNewVersion returns a deep copy of cur as a draft of the version.
func copyForNewVersion(cur *bianmin.ServiceItem, version int, tx *store.Tx) bianmin.ServiceItem {
	nv := *cur
	nv.ID, nv.Version, nv.Status, nv.PublishedAt, nv.CreatedAt = 0, version, bianmin.ItemDraft, nil, tx.Now
	nv.Steps, nv.LifeEvents = slices.Clone(cur.Steps), slices.Clone(cur.LifeEvents)
	nv.FAQ, nv.CoDepartmentIDs = slices.Clone(cur.FAQ), slices.Clone(cur.CoDepartmentIDs)
	nv.Materials = slices.Clone(cur.Materials)
	for i := range nv.Materials {
		nv.Materials[i].ID = 0
	}
	return nv
}

// PublishItem publishes a draft after validating it again: the previous
// published version of the item, if any, becomes superseded and stays for
// the cases accepted under it, and the windows handling it move to the new
// version (R9.2, ORG-1). One transaction; audited (R9.2).
func (s *Service) PublishItem(ctx context.Context, a *bianmin.Actor, id int64) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	return s.write(ctx, func(tx *store.Tx) error {
		cur, err := store.ItemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: cur.CentreID, Action: "item.publish", ObjectType: "service_item", ObjectID: idStr(id)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if cur.Status != bianmin.ItemDraft {
			return errNotDraftPublish
		}
		if err := validateItem(cur); err != nil {
			return err
		}
		prev, err := supersedePublished(ctx, tx, a, cur)
		if err != nil {
			return err
		}
		if err := store.SetItemStatus(ctx, tx, id, bianmin.ItemDraft, bianmin.ItemPublished); err != nil {
			return err
		}
		e.Before = bianmin.JSONOf(map[string]any{"status": bianmin.ItemDraft, "version": cur.Version})
		e.After = bianmin.JSONOf(map[string]any{"status": bianmin.ItemPublished, "version": cur.Version, "supersedes": prev})
		e.RuleID = ruleVersions
		return store.Audit(ctx, tx, a, e)
	})
}

// supersedePublished marks the published version of the draft's item as
// superseded, moves its window links to the draft and returns its ID (0
// when the item was never published).
func supersedePublished(ctx context.Context, tx *store.Tx, a *bianmin.Actor, draft *bianmin.ServiceItem) (int64, error) {
	versions, err := store.ItemVersions(ctx, tx, draft.CentreID, draft.ImplCode)
	if err != nil {
		return 0, err
	}
	i := slices.IndexFunc(versions, func(v *bianmin.ServiceItem) bool { return v.Status == bianmin.ItemPublished })
	if i < 0 {
		return 0, nil
	}
	prev := versions[i]
	if err := store.SetItemStatus(ctx, tx, prev.ID, bianmin.ItemPublished, bianmin.ItemSuperseded); err != nil {
		return 0, err
	}
	if err := store.CarryWindowItems(ctx, tx, prev.ID, draft.ID); err != nil {
		return 0, err
	}
	return prev.ID, store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: prev.CentreID, Action: "item.supersede",
		ObjectType: "service_item", ObjectID: idStr(prev.ID),
		Before: bianmin.JSONOf(map[string]any{"status": bianmin.ItemPublished, "version": prev.Version}),
		After:  bianmin.JSONOf(map[string]any{"status": bianmin.ItemSuperseded, "superseded_by": draft.ID}),
		RuleID: ruleVersions})
}
