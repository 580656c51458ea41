package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"

	"bianmin/internal/bianmin"
	"bianmin/internal/catalogio"
	"bianmin/internal/store"
)

// Catalogue file formats of ExportCatalogue and ImportCatalogue.
const (
	FormatXLSX = "xlsx"
	FormatJSON = "json"
)

var errCatalogueFormat = bianmin.FieldError("format", "文件格式须为 xlsx 或 json。", "The format must be xlsx or json.")

// ImportReport counts what an import did with the file's item versions.
type ImportReport struct {
	Created     int `json:"created"`      // versions of implementation codes new to the centre
	NewVersions int `json:"new_versions"` // published as a new version, superseding the old one (R9.2)
	Drafts      int `json:"drafts"`       // drafts added, or open drafts replaced
	Unchanged   int `json:"unchanged"`    // identical to the version in the database
}

// ExportCatalogue writes the centre's published and draft item versions,
// every field, departments by name, as a workbook or JSON document
// (docs/CATALOGUE_FORMAT.md). Superseded versions and uploaded files are not
// exported. Any staff in scope may export, as they may read the catalogue;
// the export is audited. Nothing reaches w unless the whole file was built.
func (s *Service) ExportCatalogue(ctx context.Context, a *bianmin.Actor, centreID int64, format string, w io.Writer) error {
	if format != FormatXLSX && format != FormatJSON {
		return errCatalogueFormat
	}
	if err := s.readScoped(ctx, a, centreID, "catalogue.export", "centre"); err != nil {
		return err
	}
	var items []*bianmin.ServiceItem
	var names map[int64]string
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		all, err := store.Items(ctx, tx, centreID, store.ItemFilter{})
		if err != nil {
			return err
		}
		items = slices.DeleteFunc(all, func(it *bianmin.ServiceItem) bool { return it.Status == bianmin.ItemSuperseded })
		names, _, err = importDeptNames(ctx, tx, centreID)
		return err
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == FormatXLSX {
		err = catalogio.WriteXLSX(&buf, items, names)
	} else {
		err = catalogio.WriteJSON(&buf, items, names)
	}
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *store.Tx) error {
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{CentreID: centreID, Action: "catalogue.export",
			ObjectType: "centre", ObjectID: idStr(centreID), RuleID: ruleCatalogue,
			After: bianmin.JSONOf(map[string]any{"format": format, "items": len(items)})})
	})
	if err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

func importDeptNames(ctx context.Context, tx *store.Tx, centreID int64) (map[int64]string, map[string]int64, error) {
	depts, err := store.CentreDepartments(ctx, tx, centreID)
	byID, byName := map[int64]string{}, map[string]int64{}
	for _, d := range depts {
		byID[d.ID], byName[d.Name] = d.Name, d.ID
	}
	return byID, byName, err
}

// ImportCatalogue reads a workbook or JSON document into the centre's
// catalogue, all or nothing. Only a director or the office of the centre
// may. Every row is checked first, against the format, the item rules
// (R1.13, R1.20, C-6, CAT-3, R9.1, R9.2) and the centre's departments; any
// fault refuses the whole file with an EINVALID error listing every bad row,
// and nothing is written. Then, in one transaction, per implementation code:
// one new to the centre is created as the file gives it (version and
// status); a published version identical to the centre's is left alone;
// one that differs becomes version max+1, published, superseding the old
// one, which stays for its cases (R9.2); a draft replaces the open draft or
// becomes a new draft version. Uploaded forms of a material carry over, by
// name, from the version it replaces. One catalogue.import audit row holds
// the counts, next to a row per version written.
func (s *Service) ImportCatalogue(ctx context.Context, a *bianmin.Actor, centreID int64, format string, r io.Reader) (ImportReport, error) {
	var rep ImportReport
	if a == nil {
		return rep, bianmin.ErrUnauthorized
	}
	if format != FormatXLSX && format != FormatJSON {
		return rep, errCatalogueFormat
	}
	entry := bianmin.AuditEntry{CentreID: centreID, Action: "catalogue.import", ObjectType: "centre", ObjectID: idStr(centreID)}
	if err := s.write(ctx, func(tx *store.Tx) error { return guardEdit(ctx, tx, a, entry) }); err != nil {
		return rep, err
	}
	items, err := s.parseImport(ctx, centreID, format, r)
	if err != nil {
		return rep, err
	}
	err = s.write(ctx, func(tx *store.Tx) error {
		if err := guardEdit(ctx, tx, a, entry); err != nil {
			return err
		}
		cat, err := loadImportTarget(ctx, tx, centreID)
		if err != nil {
			return err
		}
		im := importer{ctx: ctx, tx: tx, a: a, cat: cat}
		if err := im.apply(items); err != nil {
			return err
		}
		rep = im.rep
		entry.RuleID, entry.After = ruleCatalogue, bianmin.JSONOf(map[string]any{"format": format, "items": len(items), "report": rep})
		return store.Audit(ctx, tx, a, entry)
	})
	return rep, err
}

// parseImport reads and checks the whole file against the centre as it is
// now; the write transaction checks the centre again.
func (s *Service) parseImport(ctx context.Context, centreID int64, format string, r io.Reader) ([]*bianmin.ServiceItem, error) {
	var byName map[string]int64
	var cat importTarget
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if _, byName, err = importDeptNames(ctx, tx, centreID); err != nil {
			return err
		}
		cat, err = loadImportTarget(ctx, tx, centreID)
		return err
	})
	if err != nil {
		return nil, err
	}
	check := func(it *bianmin.ServiceItem) error {
		c := cloneImportItem(it)
		normalizeItem(c)
		c.CentreID = centreID
		if err := validateItem(c); err != nil {
			return err
		}
		return cat.conflict(c)
	}
	read := catalogio.ReadXLSX
	if format == FormatJSON {
		read = catalogio.ReadJSON
	}
	items, rowErrs, err := read(r, byName, check)
	if err != nil {
		return nil, err
	}
	if len(rowErrs) > 0 {
		return nil, rowErrors(rowErrs)
	}
	for _, it := range items {
		normalizeItem(it)
		it.CentreID = centreID
	}
	return items, nil
}

// rowErrors is the refusal of a file: one EINVALID error whose Details
// name every bad row, "第 5 行 …" / "row 5 …".
func rowErrors(errs []catalogio.RowError) error {
	top := bianmin.Errorf(bianmin.EINVALID,
		fmt.Sprintf("文件中有 %d 处错误，未导入任何内容。请改正后重新导入。", len(errs)),
		fmt.Sprintf("The file has %d errors; nothing was imported. Correct them and import again.", len(errs)))
	for _, e := range errs {
		top.Details = append(top.Details, &bianmin.Error{Code: bianmin.EINVALID, Field: e.Field,
			ZH: e.String("zh"), EN: e.String("en")})
	}
	return top
}

func cloneImportItem(it *bianmin.ServiceItem) *bianmin.ServiceItem {
	c := *it
	c.Steps, c.LifeEvents, c.FAQ = slices.Clone(it.Steps), slices.Clone(it.LifeEvents), slices.Clone(it.FAQ)
	c.CoDepartmentIDs, c.Materials = slices.Clone(it.CoDepartmentIDs), slices.Clone(it.Materials)
	return &c
}

// importVersions is one implementation code's versions at the centre.
type importVersions struct {
	published, draft *bianmin.ServiceItem
	max              int
}

// importTarget is the centre's versions by implementation code.
type importTarget map[string]*importVersions

func loadImportTarget(ctx context.Context, tx *store.Tx, centreID int64) (importTarget, error) {
	all, err := store.Items(ctx, tx, centreID, store.ItemFilter{})
	cat := importTarget{}
	for _, it := range all {
		v := cat[it.ImplCode]
		if v == nil {
			v = &importVersions{}
			cat[it.ImplCode] = v
		}
		v.max = max(v.max, it.Version)
		switch it.Status {
		case bianmin.ItemPublished:
			v.published = it
		case bianmin.ItemDraft:
			v.draft = it
		}
	}
	return cat, err
}

// conflict refuses a changed published version of an item that has an open
// draft: publishing both would leave the draft below the published version
// (R9.2). The draft is published or edited first.
func (cat importTarget) conflict(it *bianmin.ServiceItem) error {
	v := cat[it.ImplCode]
	if it.Status == bianmin.ItemDraft || v == nil || v.draft == nil || v.published != nil && sameContent(it, v.published) {
		return nil
	}
	return &bianmin.Error{Code: bianmin.EINVALID, Field: "status", Rule: ruleVersions,
		ZH: fmt.Sprintf("事项 %s 已有未发布的草稿（第 %d 版），不能再导入修改后的已发布内容；请先发布或修改该草稿，或把修改写在文件的草稿行中。", it.ImplCode, v.draft.Version),
		EN: fmt.Sprintf("item %s has an unpublished draft (version %d), so a changed published version cannot be imported: publish or edit the draft first, or put the changes in the file's draft row.", it.ImplCode, v.draft.Version)}
}

// sameContent compares two versions on every field the file carries,
// ignoring version number and status.
func sameContent(a, b *bianmin.ServiceItem) bool {
	ca, cb := catalogio.Canonical(a), catalogio.Canonical(b)
	ca.Version, cb.Version, ca.Status, cb.Status = 0, 0, "", ""
	return reflect.DeepEqual(ca, cb)
}

// importer writes the checked versions in one transaction.
type importer struct {
	ctx context.Context
	tx  *store.Tx
	a   *bianmin.Actor
	cat importTarget
	rep ImportReport
}

// apply handles each implementation code's published version before its
// draft, so a new draft numbers after a newly published version.
func (im *importer) apply(items []*bianmin.ServiceItem) error {
	isDraft := func(it *bianmin.ServiceItem) bool { return it.Status == bianmin.ItemDraft }
	ordered := slices.Concat(slices.DeleteFunc(slices.Clone(items), isDraft),
		slices.DeleteFunc(slices.Clone(items), func(it *bianmin.ServiceItem) bool { return !isDraft(it) }))
	fresh := map[string]bool{}
	for _, it := range ordered {
		if im.cat[it.ImplCode] == nil {
			fresh[it.ImplCode] = true
		}
	}
	for _, it := range ordered {
		var err error
		switch {
		case fresh[it.ImplCode]:
			err = im.create(it)
		case it.Status == bianmin.ItemDraft:
			err = im.draft(it)
		default:
			err = im.publish(it)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// create adds a version of a code new to the centre as the file gives it.
func (im *importer) create(it *bianmin.ServiceItem) error {
	if it.Status == "" {
		it.Status = bianmin.ItemPublished
	}
	if err := im.insert(it, "item.create", ruleCatalogue); err != nil {
		return err
	}
	im.rep.Created++
	return nil
}

// publish makes a changed published version version max+1 and publishes it,
// superseding the previous one and moving its windows (R9.2, ORG-1).
func (im *importer) publish(it *bianmin.ServiceItem) error {
	v := im.cat[it.ImplCode]
	if v.published != nil && sameContent(it, v.published) {
		im.rep.Unchanged++
		return nil
	}
	if err := im.cat.conflict(it); err != nil {
		e := *bianmin.AsError(err) // the centre changed after the file was checked
		e.Code = bianmin.ECONFLICT
		return &e
	}
	it.Version, it.Status = v.max+1, bianmin.ItemDraft
	carryFiles(it, v.published)
	if err := im.insert(it, "item.new_version", ruleVersions); err != nil {
		return err
	}
	prev, err := supersedePublished(im.ctx, im.tx, im.a, it)
	if err != nil {
		return err
	}
	if err := store.SetItemStatus(im.ctx, im.tx, it.ID, bianmin.ItemDraft, bianmin.ItemPublished); err != nil {
		return err
	}
	it.Status, v.max, v.published = bianmin.ItemPublished, it.Version, it
	im.rep.NewVersions++
	return store.Audit(im.ctx, im.tx, im.a, bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.publish",
		ObjectType: "service_item", ObjectID: idStr(it.ID), RuleID: ruleVersions,
		Before: bianmin.JSONOf(map[string]any{"status": bianmin.ItemDraft, "version": it.Version}),
		After:  bianmin.JSONOf(map[string]any{"status": bianmin.ItemPublished, "version": it.Version, "supersedes": prev})})
}

// draft replaces the open draft, or adds a draft version max+1; a draft
// identical to the open draft or, without one, to the published version
// changes nothing.
func (im *importer) draft(it *bianmin.ServiceItem) error {
	v := im.cat[it.ImplCode]
	cur := v.draft
	if cur == nil {
		cur = v.published
	}
	if cur != nil && sameContent(it, cur) {
		im.rep.Unchanged++
		return nil
	}
	im.rep.Drafts++
	carryFiles(it, cur)
	if v.draft == nil {
		it.Version = v.max + 1
		v.max, v.draft = it.Version, it
		return im.insert(it, "item.new_version", ruleVersions)
	}
	it.ID, it.Version, it.CreatedAt = v.draft.ID, v.draft.Version, v.draft.CreatedAt
	if err := store.UpdateItem(im.ctx, im.tx, it, SearchKey(it.Name, it.NameEN)); err != nil {
		return err
	}
	return store.Audit(im.ctx, im.tx, im.a, bianmin.AuditEntry{CentreID: it.CentreID, Action: "item.update",
		ObjectType: "service_item", ObjectID: idStr(it.ID), RuleID: ruleCatalogue,
		Before: bianmin.JSONOf(v.draft), After: bianmin.JSONOf(it)})
}

// insert writes a new version and its audit row.
func (im *importer) insert(it *bianmin.ServiceItem, action, rule string) error {
	it.CreatedAt = im.tx.Now
	if err := store.CreateItemVersion(im.ctx, im.tx, it, SearchKey(it.Name, it.NameEN)); err != nil {
		return err
	}
	return store.Audit(im.ctx, im.tx, im.a, bianmin.AuditEntry{CentreID: it.CentreID, Action: action,
		ObjectType: "service_item", ObjectID: idStr(it.ID), After: bianmin.JSONOf(it), RuleID: rule})
}

// carryFiles keeps the uploaded blank form and sample of each material
// whose name the replaced version also lists, which a file does not carry.
func carryFiles(it, from *bianmin.ServiceItem) {
	if from == nil {
		return
	}
	used := map[int]bool{}
	for i := range it.Materials {
		m := &it.Materials[i]
		for j, old := range from.Materials {
			if !used[j] && old.Name == m.Name {
				m.BlankFormID, m.SampleID, used[j] = old.BlankFormID, old.SampleID, true
				break
			}
		}
	}
}
