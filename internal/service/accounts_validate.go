package service

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

var (
	usernamePattern = regexp.MustCompile(`^[a-z0-9._-]{2,32}$`)
	phonePattern    = regexp.MustCompile(`^1[3-9]\d{9}$`) // SECURITY.md item 14
)

var errUsernameTaken = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "username",
	ZH: "该用户名已被使用。", EN: "This username is already taken."}

// normalize trims the text fields and puts the username in its one form
// (SECURITY.md item 1). The password is kept as typed.
func (nu NewUser) normalize() NewUser {
	nu.Username = store.NormalizeUsername(nu.Username)
	nu.DisplayName = strings.TrimSpace(nu.DisplayName)
	nu.StaffNo = strings.TrimSpace(nu.StaffNo)
	nu.Phone = strings.TrimSpace(nu.Phone)
	return nu
}

// validate checks every field of a normalized NewUser without the database
// and records each fault under its field name.
func (nu NewUser) validate(r SecurityRules, v *bianmin.Validation) {
	if nu.CentreID <= 0 {
		v.Add("centre_id", "请选择所属中心。", "Choose the centre.")
	}
	nu.validatePerson(r, v)
	validateGrants(nu.Grants, v)
}

// validatePerson checks the personal fields and the password.
func (nu NewUser) validatePerson(r SecurityRules, v *bianmin.Validation) {
	if !usernamePattern.MatchString(nu.Username) {
		v.Add("username", "用户名须为 2–32 位小写字母、数字或 . _ -。",
			"The username must be 2-32 lower-case letters, digits or . _ -.")
	}
	if !textOK(nu.DisplayName, 1, 40) {
		v.Add("display_name", "姓名须为 1–40 个字符。", "The name must have 1-40 characters.")
	}
	if !textOK(nu.StaffNo, 0, 32) {
		v.Add("staff_no", "工号最多 32 个字符。", "The staff number may have at most 32 characters.")
	}
	if nu.Phone != "" && !phonePattern.MatchString(nu.Phone) {
		v.Add("phone", "手机号码应为 11 位，以 13–19 开头。", "The mobile number must have 11 digits starting with 13-19.")
	}
	if err := auth.CheckPasswordRules(nu.Password, password(r), nu.Username, nu.Phone, nu.StaffNo); err != nil {
		for _, d := range err.Details {
			v.AddErr(d.WithRule(rulePassword))
		}
	}
}

// textOK reports a length in [min, max] runes and no control characters,
// which would split log lines (SECURITY.md item 38).
func textOK(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	return n >= min && n <= max && !strings.ContainsFunc(s, unicode.IsControl)
}

// validateGrants checks roles, centres, duplicates and the one-admin-role
// rule (SECURITY.md item 8) before the database index would.
func validateGrants(grants []bianmin.Grant, v *bianmin.Validation) {
	admins := 0
	for i, g := range grants {
		if !g.Role.Valid() {
			v.Add("grants", "未知的角色："+string(g.Role), "Unknown role: "+string(g.Role))
		}
		if g.CentreID <= 0 {
			v.Add("grants", "授权须指定中心。", "Each grant needs a centre.")
		}
		if g.Role.IsAdmin() {
			admins++
		}
		for _, h := range grants[:i] {
			if h == g {
				v.Add("grants", "授权重复。", "A grant is listed twice.")
			}
		}
	}
	if admins > 1 {
		e := *store.ErrTwoAdminRoles
		e.Code, e.Field = bianmin.EINVALID, "grants"
		v.AddErr(&e)
	}
}

// checkUserRefs checks against the database that the departments belong to
// their centres and that the username is free.
func checkUserRefs(ctx context.Context, tx *store.Tx, nu NewUser, v *bianmin.Validation) error {
	if err := checkDepartment(ctx, tx, nu.CentreID, nu.DepartmentID, "department_id", v); err != nil {
		return err
	}
	for _, g := range nu.Grants {
		if err := checkDepartment(ctx, tx, g.CentreID, g.DepartmentID, "grants", v); err != nil {
			return err
		}
	}
	_, err := store.UserByUsername(ctx, tx, nu.Username)
	switch {
	case err == nil:
		v.AddErr(errUsernameTaken)
	case !errors.Is(err, bianmin.ErrNotFound):
		return err
	}
	return nil
}

func checkDepartment(ctx context.Context, tx *store.Tx, centreID, deptID int64, field string, v *bianmin.Validation) error {
	if deptID == 0 {
		return nil
	}
	centre, err := store.DepartmentCentre(ctx, tx, deptID)
	if errors.Is(err, bianmin.ErrNotFound) || err == nil && centre != centreID {
		v.Add(field, "部门不属于所选中心。", "The department does not belong to the chosen centre.")
		return nil
	}
	return err
}

// grantCentres lists the centres of the grants.
func grantCentres(grants []bianmin.Grant) []int64 {
	ids := make([]int64, 0, len(grants))
	for _, g := range grants {
		ids = append(ids, g.CentreID)
	}
	return ids
}
