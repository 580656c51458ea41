package catalogio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"bianmin/internal/bianmin"
)

// jsonDoc is the JSON document: the format, its version and the items.
type jsonDoc struct {
	Format        string            `json:"format"`
	FormatVersion int               `json:"format_version"`
	Items         []json.RawMessage `json:"items"`
}

// jsonItem is one item version as JSON: the workbook's fields, with the
// department and co-departments by name and lists as arrays.
type jsonItem struct {
	ImplCode       string         `json:"impl_code"`
	Version        int            `json:"version"`
	Status         string         `json:"status"`
	Name           string         `json:"name"`
	NameEN         string         `json:"name_en"`
	BasicCode      string         `json:"basic_code"`
	Department     string         `json:"department"`
	CoDepartments  []string       `json:"co_departments"`
	ItemType       string         `json:"item_type"`
	CaseKind       string         `json:"case_kind"`
	Promised       jsonLimit      `json:"promised"`
	Statutory      jsonLimit      `json:"statutory"`
	Fee            string         `json:"fee"`
	FeeBasis       string         `json:"fee_basis"`
	LegalBasis     string         `json:"legal_basis"`
	Conditions     string         `json:"conditions"`
	Steps          []string       `json:"steps"`
	UpperApproval  bool           `json:"upper_approval"`
	ServiceObject  string         `json:"service_object"`
	ResultName     string         `json:"result_name"`
	Appointment    bool           `json:"appointment"`
	Online         bool           `json:"online"`
	Place          string         `json:"place"`
	Hours          string         `json:"hours"`
	ConsultPhone   string         `json:"consult_phone"`
	SupervisePhone string         `json:"supervise_phone"`
	LifeEvents     []string       `json:"life_events"`
	FAQ            []bianmin.FAQ  `json:"faq"`
	Materials      []jsonMaterial `json:"materials"`
}

type jsonLimit struct {
	Value int    `json:"value"`
	Unit  string `json:"unit"`
}

// jsonMaterial is one material; its place in the array is its position.
type jsonMaterial struct {
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Issuer    string `json:"issuer"`
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	Required  bool   `json:"required"`
	Condition string `json:"condition"`
}

// WriteJSON writes the items as one indented JSON document with department
// names instead of IDs. It refuses an unknown department or a superseded
// version (EINVALID).
func WriteJSON(w io.Writer, items []*bianmin.ServiceItem, depts map[int64]string) error {
	if err := checkWritable(items, depts, false); err != nil {
		return err
	}
	doc := struct {
		Format        string     `json:"format"`
		FormatVersion int        `json:"format_version"`
		Items         []jsonItem `json:"items"`
	}{FormatName, FormatVersion, make([]jsonItem, len(items))}
	for i, it := range items {
		doc.Items[i] = toJSON(it, depts)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func toJSON(it *bianmin.ServiceItem, depts map[int64]string) jsonItem {
	j := jsonItem{ImplCode: it.ImplCode, Version: it.Version, Status: string(it.Status), Name: it.Name,
		NameEN: it.NameEN, BasicCode: it.BasicCode, Department: depts[it.DepartmentID], ItemType: it.ItemType,
		CaseKind: string(it.CaseKind), Promised: jsonLimit{it.Promised.Value, string(it.Promised.Unit)},
		Statutory: jsonLimit{it.Statutory.Value, string(it.Statutory.Unit)}, Fee: it.Fee, FeeBasis: it.FeeBasis,
		LegalBasis: it.LegalBasis, Conditions: it.Conditions, Steps: nonNil(it.Steps), UpperApproval: it.UpperApproval,
		ServiceObject: it.ServiceObject, ResultName: it.ResultName, Appointment: it.Appointment, Online: it.Online,
		Place: it.Place, Hours: it.Hours, ConsultPhone: it.ConsultPhone, SupervisePhone: it.SupervisePhone,
		LifeEvents: nonNil(it.LifeEvents), FAQ: nonNil(it.FAQ), CoDepartments: []string{},
		Materials: make([]jsonMaterial, len(it.Materials))}
	for _, id := range it.CoDepartmentIDs {
		j.CoDepartments = append(j.CoDepartments, depts[id])
	}
	for i, m := range it.Materials {
		j.Materials[i] = jsonMaterial{m.Name, m.NameEN, m.Issuer, m.Originals, m.Copies, m.Required, m.Condition}
	}
	return j
}

// nonNil makes empty lists "[]" rather than null, for readers of the file.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// ReadJSON reads a document written by WriteJSON, checking every item as
// ReadXLSX does; row numbers are the items' 1-based positions. Unknown
// fields are errors, so a misspelt key is not silently dropped.
func ReadJSON(r io.Reader, deptByName map[string]int64, checks ...Check) (items []*bianmin.ServiceItem, errs []RowError, err error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, nil, err
	}
	var doc jsonDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return nil, nil, fileError("文件不是有效的目录 JSON 文档。", "The file is not a valid catalogue JSON document.", err)
	}
	p := newParser(deptByName)
	if doc.Format != FormatName || doc.FormatVersion != FormatVersion {
		p.report(newLoc(JSONSheet, 0, ""), "format_version",
			fmt.Sprintf("格式须为 %s 第 %d 版。", FormatName, FormatVersion),
			fmt.Sprintf("the format must be %s version %d.", FormatName, FormatVersion))
	}
	for i, raw := range doc.Items {
		at := newLoc(JSONSheet, i+1, "")
		var j jsonItem
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(&j); err != nil {
			p.report(at, jsonErrField(err), "字段类型错误或字段名无法识别："+err.Error(), "wrong type or unknown field: "+err.Error())
			continue
		}
		p.add(p.fromJSON(j, at))
	}
	items = p.finish(checks)
	return items, p.errs, nil
}

// jsonErrField names the field of a decoding error where it is known.
func jsonErrField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	if _, f, ok := strings.Cut(err.Error(), "unknown field "); ok {
		return strings.Trim(f, `"`)
	}
	return ""
}

func (p *parser) fromJSON(j jsonItem, at loc) *record {
	it := &bianmin.ServiceItem{ImplCode: j.ImplCode, Version: j.Version, Name: j.Name, NameEN: j.NameEN,
		BasicCode: j.BasicCode, ItemType: j.ItemType, Fee: j.Fee, FeeBasis: j.FeeBasis, LegalBasis: j.LegalBasis,
		Conditions: j.Conditions, Steps: nilIfEmpty(j.Steps), UpperApproval: j.UpperApproval,
		ServiceObject: j.ServiceObject, ResultName: j.ResultName, Appointment: j.Appointment, Online: j.Online,
		Place: j.Place, Hours: j.Hours, ConsultPhone: j.ConsultPhone, SupervisePhone: j.SupervisePhone,
		LifeEvents: nilIfEmpty(j.LifeEvents), FAQ: nilIfEmpty(j.FAQ)}
	if it.ImplCode == "" {
		p.required(at, "impl_code", "实施编码")
	}
	it.Status = p.status(at, "status", j.Status)
	it.CaseKind = p.kind(at, "case_kind", j.CaseKind)
	it.Promised = bianmin.Limit{Value: j.Promised.Value, Unit: p.unit(at, "promised_unit", j.Promised.Unit)}
	it.Statutory = bianmin.Limit{Value: j.Statutory.Value, Unit: p.unit(at, "statutory_unit", j.Statutory.Unit)}
	it.DepartmentID = p.dept(at, "department", j.Department)
	it.CoDepartmentIDs = p.coDepts(at, "co_departments", j.CoDepartments)
	rec := &record{it: it, at: at}
	for i, m := range j.Materials {
		rec.mats = append(rec.mats, matRec{pos: i + 1, at: loc{sheet: JSONSheet, row: at.row,
			prefix: fmt.Sprintf("materials[%d].", i), bad: map[string]bool{}},
			m: bianmin.Material{Name: m.Name, NameEN: m.NameEN, Issuer: m.Issuer, Originals: m.Originals,
				Copies: m.Copies, Required: m.Required, Condition: m.Condition}})
	}
	return rec
}

func nilIfEmpty[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return xs
}
