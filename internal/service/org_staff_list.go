package service

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// StaffMember is a staff account of a centre as the organisation pages see
// it: name, roles and the profile fields a director or the office edits
// (ORG-3). It never carries the password hash or login state.
type StaffMember struct {
	ID           int64           `json:"id"`
	Username     string          `json:"username"`
	DisplayName  string          `json:"display_name"`
	StaffNo      string          `json:"staff_no"`
	DepartmentID int64           `json:"department_id,omitempty"`
	Phone        string          `json:"-"` // full only for a director or the office of the centre, else masked
	PhotoFileID  int64           `json:"photo_file_id,omitempty"`
	Disabled     bool            `json:"disabled"`
	Grants       []bianmin.Grant `json:"grants"`
}

// StaffOfCentre lists the accounts whose home is the centre, with their
// grants and profiles, to staff in scope: the choices for the A and B
// posts (ORG-2) and the chief representative (ORG-4), and the rows of the
// profile form (ORG-3). The phone is masked unless the actor may edit the
// profiles (SECURITY.md item 26).
func (s *Service) StaffOfCentre(ctx context.Context, a *bianmin.Actor, centreID int64) ([]StaffMember, error) {
	if err := s.readScoped(ctx, a, centreID, "staff.list", "user"); err != nil {
		return nil, err
	}
	out := []StaffMember{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		editor, err := mayActAny(ctx, tx, a, centreID, orgEditors...)
		if err != nil {
			return err
		}
		users, err := store.Users(ctx, tx, []int64{centreID})
		if err != nil {
			return err
		}
		for _, u := range users {
			m, err := staffMember(ctx, tx, u, editor)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func staffMember(ctx context.Context, tx *store.Tx, u *bianmin.User, fullPhone bool) (StaffMember, error) {
	grants, err := store.Grants(ctx, tx, u.ID)
	if err != nil {
		return StaffMember{}, err
	}
	_, p, err := store.StaffProfileOf(ctx, tx, u.ID)
	if err != nil {
		return StaffMember{}, err
	}
	phone := p.Phone
	if !fullPhone {
		phone = bianmin.MaskPhone(phone)
	}
	return StaffMember{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, StaffNo: p.StaffNo,
		DepartmentID: p.DepartmentID, Phone: phone, PhotoFileID: p.PhotoFileID, Disabled: u.Disabled, Grants: grants}, nil
}
