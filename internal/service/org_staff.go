package service

import (
	"context"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// StaffProfile holds the fields of a staff account that a director or the
// office may edit (ORG-3): not the login, the password or the roles, which
// stay with the security administrator (SECURITY.md item 8).
type StaffProfile struct {
	StaffNo      string `json:"staff_no"`
	DepartmentID int64  `json:"department_id"`
	Phone        string `json:"phone"`
	PhotoFileID  int64  `json:"photo_file_id"`
}

// BoardEntry is one line of the public staff board (ORG-3): photo, name,
// staff number, window and post. It carries nothing else personal.
type BoardEntry struct {
	Name         string `json:"name"`
	StaffNo      string `json:"staff_no"`
	PhotoFileID  int64  `json:"photo_file_id"`
	WindowNumber string `json:"window_number"`
	WindowName   string `json:"window_name"`
	Post         string `json:"post"` // "A" or "B"
	Department   string `json:"department"`
}

// SaveStaffProfile replaces the staff number, department, phone and photo
// of a staff account of a centre where the actor is director or office.
// The department must belong to the account's centre and the photo be a
// JPEG or PNG uploaded for it. The change is audited with the phone masked
// (SECURITY.md item 26); nothing is written on any error.
func (s *Service) SaveStaffProfile(ctx context.Context, a *bianmin.Actor, userID int64, p StaffProfile) error {
	if a == nil {
		return bianmin.ErrUnauthorized
	}
	p.StaffNo, p.Phone = strings.TrimSpace(p.StaffNo), strings.TrimSpace(p.Phone)
	return s.write(ctx, func(tx *store.Tx) error {
		centre, before, err := store.StaffProfileOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{CentreID: centre, Action: "staff.profile", ObjectType: "user", ObjectID: idStr(userID)}
		if err := guardEdit(ctx, tx, a, e); err != nil {
			return err
		}
		if err := checkStaffProfile(ctx, tx, centre, p); err != nil {
			return err
		}
		if err := store.UpdateStaffProfile(ctx, tx, userID, store.StaffProfile(p)); err != nil {
			return err
		}
		e.Before, e.After, e.RuleID = profileAudit(StaffProfile(before)), profileAudit(p), "ORG-3"
		return store.Audit(ctx, tx, a, e)
	})
}

// checkStaffProfile validates every field, the department and the photo
// against the database, and reports each fault by field.
func checkStaffProfile(ctx context.Context, tx *store.Tx, centreID int64, p StaffProfile) error {
	var v bianmin.Validation
	if !textOK(p.StaffNo, 0, 32) {
		v.Add("staff_no", "工号最多 32 个字符。", "The staff number may have at most 32 characters.")
	}
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		v.Add("phone", "手机号码应为 11 位，以 13–19 开头。", "The mobile number must have 11 digits starting with 13-19.")
	}
	if p.DepartmentID != 0 {
		if c, err := store.DepartmentCentre(ctx, tx, p.DepartmentID); err != nil || c != centreID {
			v.Add("department_id", "请选择本中心的部门。", "Choose a department of this centre.")
		}
	}
	if p.PhotoFileID != 0 {
		c, cerr := store.FileCentre(ctx, tx, p.PhotoFileID)
		ct, terr := store.FileContentType(ctx, tx, p.PhotoFileID)
		if cerr != nil || terr != nil || c != centreID || !strings.HasPrefix(ct, "image/") {
			v.Add("photo_file_id", "照片须为本中心上传的 JPEG 或 PNG 图片。",
				"The photo must be a JPEG or PNG image uploaded for this centre.")
		}
	}
	return v.Err()
}

func profileAudit(p StaffProfile) string {
	p.Phone = bianmin.MaskPhone(p.Phone)
	return bianmin.JSONOf(p)
}

// StaffBoard returns the public staff board of a centre (ORG-3): every
// active holder of a window's A or B post with photo, name, staff number,
// window and department, by window number. No login is needed, so it
// carries nothing else personal (no phone, no login name). An unknown
// centre is ErrNotFound.
func (s *Service) StaffBoard(ctx context.Context, centreID int64) ([]BoardEntry, error) {
	var rows []store.BoardEntry
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		if _, err := store.CentreByID(ctx, tx, centreID); err != nil {
			return err
		}
		var err error
		rows, err = store.StaffBoard(ctx, tx, centreID)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]BoardEntry, len(rows))
	for i, r := range rows {
		out[i] = BoardEntry(r)
	}
	return out, nil
}
