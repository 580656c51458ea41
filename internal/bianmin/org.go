package bianmin

import "time"

// Centre is a convenience service centre, government service hall or
// village station. Centres form a tree: a county centre above its township
// centres, a township centre above its village stations.
type Centre struct {
	ID         int64     `json:"id"`
	ParentID   int64     `json:"parent_id,omitempty"`
	RegionCode string    `json:"region_code"` // 12 digits (STANDARDS.md R3.5)
	Name       string    `json:"name"`
	NameEN     string    `json:"name_en"`
	Level      int       `json:"level"` // 行使层级 (R3.7): 4 county, 5 township, 6 village
	CreatedAt  time.Time `json:"created_at"`
}

// User is a staff account. One account is one natural person (SECURITY.md item 7).
type User struct {
	ID                 int64      `json:"id"`
	CentreID           int64      `json:"centre_id"`
	DepartmentID       int64      `json:"department_id,omitempty"`
	Username           string     `json:"username"`
	DisplayName        string     `json:"display_name"`
	StaffNo            string     `json:"staff_no,omitempty"`
	Phone              string     `json:"-"` // personal information: shown masked only
	PasswordHash       string     `json:"-"`
	MustChangePassword bool       `json:"must_change_password"`
	PasswordChangedAt  time.Time  `json:"password_changed_at"`
	FailedLogins       int        `json:"-"`
	LockedUntil        *time.Time `json:"locked_until,omitempty"`
	LastLoginAt        *time.Time `json:"last_login_at,omitempty"`
	Disabled           bool       `json:"disabled"`
	CreatedAt          time.Time  `json:"created_at"`
	Grants             []Grant    `json:"grants"`
}
