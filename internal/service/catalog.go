package service

import (
	"context"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// ItemQuery filters catalogue lists. Text matches the item name as a
// substring, the English name, the pinyin initials ("shbx" finds
// 社会保险…) or the full pinyin, in any case.
type ItemQuery struct {
	Text         string             `json:"text"`
	DepartmentID int64              `json:"department_id"` // lead or co-approving department
	LifeEvent    string             `json:"life_event"`
	Status       bianmin.ItemStatus `json:"status"` // staff lists only; public lists are published only
}

func (q ItemQuery) filter() store.ItemFilter {
	return store.ItemFilter{Text: q.Text, DepartmentID: q.DepartmentID, LifeEvent: strings.TrimSpace(q.LifeEvent),
		Status: q.Status, LatestOnly: q.Status == ""}
}

// SearchKey is the text the guide's search runs over, in lower case:
// "name|nameEN|initials|fullpinyin". Chinese characters give their most
// common reading; ASCII letters and digits of the name are kept as they are
// in both pinyin parts, so "B超检查" gives initials "bcjc".
func SearchKey(name, nameEN string) string {
	var initials, full strings.Builder
	args := pinyin.NewArgs()
	for _, r := range name {
		if unicode.Is(unicode.Han, r) {
			if py := pinyin.SinglePinyin(r, args); len(py) > 0 && py[0] != "" {
				p := strings.ReplaceAll(py[0], "ü", "v")
				initials.WriteString(string([]rune(p)[:1]))
				full.WriteString(p)
			}
			continue
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			initials.WriteRune(r)
			full.WriteRune(r)
		}
	}
	noBar := func(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "|", " ") }
	return strings.ToLower(strings.Join([]string{noBar(name), noBar(nameEN), initials.String(), full.String()}, "|"))
}

// ListItems returns a centre's items for staff in scope: every status, the
// newest version of each implementation code, unless q.Status asks for one
// status (then every version in it).
func (s *Service) ListItems(ctx context.Context, a *bianmin.Actor, centreID int64, q ItemQuery) ([]*bianmin.ServiceItem, error) {
	if err := s.readScoped(ctx, a, centreID, "item.list", "service_item"); err != nil {
		return nil, err
	}
	var out []*bianmin.ServiceItem
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		out, err = store.Items(ctx, tx, centreID, q.filter())
		return err
	})
	return out, err
}

// Item returns any version of an item, drafts and superseded versions
// included (a case keeps the version it was accepted under, R9.2), to
// staff whose scope covers its centre.
func (s *Service) Item(ctx context.Context, a *bianmin.Actor, id int64) (*bianmin.ServiceItem, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var it *bianmin.ServiceItem
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		it, err = store.ItemByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !inScope(a, it.CentreID) {
		return nil, s.deny(ctx, a, bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.read",
			ObjectType: "service_item", ObjectID: idStr(id)})
	}
	return it, nil
}

// PublishedItems is the public guide (CAT-2): the centre's published items
// only, never a draft, a superseded version or another centre's item,
// filtered by q (its Status is ignored).
func (s *Service) PublishedItems(ctx context.Context, centreID int64, q ItemQuery) ([]*bianmin.ServiceItem, error) {
	var out []*bianmin.ServiceItem
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		out, err = store.PublishedItems(ctx, tx, centreID, q.filter())
		return err
	})
	return out, err
}

// PublishedItem returns the published item with that ID at the centre for
// the public item page; a draft, a superseded version or an item of
// another centre is ErrNotFound.
func (s *Service) PublishedItem(ctx context.Context, centreID, id int64) (*bianmin.ServiceItem, error) {
	var it *bianmin.ServiceItem
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		it, err = store.ItemByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if it.CentreID != centreID || it.Status != bianmin.ItemPublished {
		return nil, bianmin.ErrNotFound
	}
	return it, nil
}
