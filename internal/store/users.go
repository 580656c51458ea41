package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

// NormalizeUsername is the one form of a login name: trimmed and lower case,
// so that "ZhangSan " and "zhangsan" are the same account (SECURITY.md item 1;
// the users table CHECK refuses any other form).
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

const userColumns = `id, centre_id, department_id, username, display_name, staff_no, phone, password_hash,
	must_change_password, password_changed_at, failed_logins, locked_until, last_login_at, disabled, created_at`

// CreateUser inserts u with its password hash and records that hash in the
// password history. It sets ID, CreatedAt and PasswordChangedAt. A taken
// username is ErrConflict; an empty hash breaks the table's CHECK (item 1).
// Grants are added separately with AddGrant.
func CreateUser(ctx context.Context, tx *Tx, u *bianmin.User) error {
	u.Username = NormalizeUsername(u.Username)
	u.CreatedAt, u.PasswordChangedAt = tx.Now, tx.Now
	err := tx.QueryRowContext(ctx, `INSERT INTO users (centre_id, department_id, username, display_name, staff_no,
		phone, password_hash, must_change_password, password_changed_at, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		u.CentreID, nullID(u.DepartmentID), u.Username, u.DisplayName, u.StaffNo, u.Phone, u.PasswordHash,
		u.MustChangePassword, u.PasswordChangedAt, u.Disabled, u.CreatedAt).Scan(&u.ID)
	if err != nil {
		return wrapf(err, "store: create user")
	}
	return addPasswordHistory(ctx, tx, u.ID, u.PasswordHash)
}

// UserByID returns one user without grants, or ErrNotFound.
func UserByID(ctx context.Context, tx *Tx, id int64) (*bianmin.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
	return u, wrapf(err, "store: user %d", id)
}

// UserByUsername looks a user up by login name in its normal form, or ErrNotFound.
func UserByUsername(ctx context.Context, tx *Tx, username string) (*bianmin.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE username = $1",
		NormalizeUsername(username)))
	return u, wrapf(err, "store: user by name")
}

// Users returns the users whose centre is in scope, by username. An empty
// scope returns none: a query never crosses the caller's scope (item 9).
func Users(ctx context.Context, tx *Tx, scope []int64) ([]*bianmin.User, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	in, args := inList(1, scope)
	rows, err := tx.QueryContext(ctx, "SELECT "+userColumns+" FROM users WHERE centre_id IN ("+in+") ORDER BY username", args...)
	if err != nil {
		return nil, wrapf(err, "store: users")
	}
	defer rows.Close()
	var out []*bianmin.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrapf(err, "store: scan user")
		}
		out = append(out, u)
	}
	return out, wrapf(rows.Err(), "store: users")
}

// CountUsers returns the number of accounts; 0 means first-run setup is due.
func CountUsers(ctx context.Context, tx *Tx) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n, wrapf(err, "store: count users")
}

// LockForSetup serialises first-run setup across instances: it takes the
// row lock of the audit chain head, which every audited write takes anyway,
// so a second setup waits for the first to commit and then sees its user.
// On SQLite the IMMEDIATE write transaction already serialises.
func LockForSetup(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE audit_head SET seq = seq WHERE id = 1")
	return wrapf(err, "store: lock for setup")
}

// UpdatePassword sets a new hash, restarts the password's age and appends
// the hash to the history that stops reuse (SECURITY.md item 2).
func UpdatePassword(ctx context.Context, tx *Tx, userID int64, hash string, mustChange bool) error {
	err := execOne(ctx, tx, `UPDATE users SET password_hash = $2, must_change_password = $3,
		password_changed_at = $4, updated_at = $4 WHERE id = $1`, userID, hash, mustChange, tx.Now)
	if err != nil {
		return wrapf(err, "store: update password of user %d", userID)
	}
	return addPasswordHistory(ctx, tx, userID, hash)
}

func addPasswordHistory(ctx context.Context, tx *Tx, userID int64, hash string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, password_hash, created_at)
		VALUES ($1, $2, $3)`, userID, hash, tx.Now)
	return wrapf(err, "store: password history")
}

// RecentPasswordHashes returns the user's last n password hashes, newest
// first; the current password is the first.
func RecentPasswordHashes(ctx context.Context, tx *Tx, userID int64, n int) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT password_hash FROM password_history
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, n)
	if err != nil {
		return nil, wrapf(err, "store: password history")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, wrapf(err, "store: scan password history")
		}
		out = append(out, h)
	}
	return out, wrapf(rows.Err(), "store: password history")
}

// SetDisabled disables or re-enables an account (SECURITY.md item 7).
func SetDisabled(ctx context.Context, tx *Tx, userID int64, disabled bool) error {
	return wrapf(execOne(ctx, tx, "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1",
		userID, disabled, tx.Now), "store: disable user %d", userID)
}

// RecordLoginFailure counts one more consecutive failed login and returns the
// new count. A non-nil lockUntil also locks the account until then. The
// increment happens in the UPDATE itself, so concurrent failures on
// PostgreSQL are all counted (SECURITY.md item 3).
func RecordLoginFailure(ctx context.Context, tx *Tx, userID int64, lockUntil *time.Time) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1,
		locked_until = COALESCE($2, locked_until), updated_at = $3 WHERE id = $1 RETURNING failed_logins`,
		userID, nullTime(lockUntil), tx.Now).Scan(&n)
	return n, wrapf(err, "store: login failure of user %d", userID)
}

// LockUser locks the account until the given instant (SECURITY.md item 3).
func LockUser(ctx context.Context, tx *Tx, userID int64, until time.Time) error {
	return wrapf(execOne(ctx, tx, "UPDATE users SET locked_until = $2, updated_at = $3 WHERE id = $1",
		userID, until.UTC(), tx.Now), "store: lock user %d", userID)
}

// RecordLoginSuccess clears the failure count and any lock and records the
// login time, which the inactivity rule reads (SECURITY.md item 7).
func RecordLoginSuccess(ctx context.Context, tx *Tx, userID int64) error {
	return wrapf(execOne(ctx, tx, `UPDATE users SET failed_logins = 0, locked_until = NULL,
		last_login_at = $2, updated_at = $2 WHERE id = $1`, userID, tx.Now), "store: login of user %d", userID)
}

// Unlock clears a lock and the failure count (by the security administrator,
// or because the lock expired).
func Unlock(ctx context.Context, tx *Tx, userID int64) error {
	return wrapf(execOne(ctx, tx, `UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = $2
		WHERE id = $1`, userID, tx.Now), "store: unlock user %d", userID)
}

// LastUserAudit returns when the audit log last recorded action on the user,
// or nil. The inactivity rule reads the last "user.enable" from it, so that
// an account re-enabled by an administrator is not disabled again at once
// for its old inactivity (SECURITY.md item 7).
func LastUserAudit(ctx context.Context, tx *Tx, userID int64, action string) (*time.Time, error) {
	var at time.Time
	err := tx.QueryRowContext(ctx, `SELECT at FROM audit_log WHERE object_type = 'user' AND object_id = $1
		AND action = $2 AND result = $3 ORDER BY seq DESC LIMIT 1`,
		idString(userID), action, bianmin.ResultOK).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrapf(err, "store: last %s of user %d", action, userID)
	}
	at = at.UTC()
	return &at, nil
}

func scanUser(r rowScanner) (*bianmin.User, error) {
	var u bianmin.User
	var dept sql.NullInt64
	var locked, last sql.NullTime
	err := r.Scan(&u.ID, &u.CentreID, &dept, &u.Username, &u.DisplayName, &u.StaffNo, &u.Phone, &u.PasswordHash,
		&u.MustChangePassword, &u.PasswordChangedAt, &u.FailedLogins, &locked, &last, &u.Disabled, &u.CreatedAt)
	if err != nil {
		return nil, err
	}
	u.DepartmentID = dept.Int64
	u.PasswordChangedAt, u.CreatedAt = u.PasswordChangedAt.UTC(), u.CreatedAt.UTC()
	u.LockedUntil, u.LastLoginAt = utcPtr(locked), utcPtr(last)
	return &u, nil
}

// execOne runs a statement that must change exactly one row: none is ErrNotFound.
func execOne(ctx context.Context, tx *Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return bianmin.ErrNotFound
	}
	return nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// ErrTwoAdminRoles is returned when a grant would give one person a second
// 等保 administrator role (SECURITY.md item 8: 三权分立).
var ErrTwoAdminRoles = bianmin.Errorf(bianmin.ECONFLICT,
	"同一人员不能兼任两个管理员角色（等保三权分立）。",
	"One person may not hold two administrator roles (separation of duties).").WithRule("SECURITY-8")

// Grants returns the user's grants in insertion order.
func Grants(ctx context.Context, tx *Tx, userID int64) ([]bianmin.Grant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT role, centre_id, department_id FROM user_grants
		WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, wrapf(err, "store: grants of user %d", userID)
	}
	defer rows.Close()
	var out []bianmin.Grant
	for rows.Next() {
		var g bianmin.Grant
		var dept sql.NullInt64
		if err := rows.Scan(&g.Role, &g.CentreID, &dept); err != nil {
			return nil, wrapf(err, "store: scan grant")
		}
		g.DepartmentID = dept.Int64
		out = append(out, g)
	}
	return out, wrapf(rows.Err(), "store: grants of user %d", userID)
}

// AddGrant gives the user a role. The same grant twice is ErrConflict; a
// second administrator role is ErrTwoAdminRoles, enforced by the unique
// partial index user_grants_one_admin so that no code path can bypass it.
func AddGrant(ctx context.Context, tx *Tx, userID int64, g bianmin.Grant) error {
	if g.Role.IsAdmin() {
		// Checked first so that the common case gets the clear error on both
		// engines; the index stays the guard against concurrent grants.
		var other int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM user_grants WHERE user_id = $1
			AND role IN ('sysadmin', 'secadmin', 'auditadmin') AND role <> $2`, userID, string(g.Role)).Scan(&other)
		if err != nil {
			return wrapf(err, "store: admin grants of user %d", userID)
		}
		if other > 0 {
			return ErrTwoAdminRoles
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO user_grants (user_id, role, centre_id, department_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, userID, string(g.Role), g.CentreID, nullID(g.DepartmentID), tx.Now)
	if isOneAdminViolation(err) {
		return ErrTwoAdminRoles.Wrap(err)
	}
	return wrapf(err, "store: add grant")
}

// RemoveGrant takes one grant away; ErrNotFound if the user does not hold it.
func RemoveGrant(ctx context.Context, tx *Tx, userID int64, g bianmin.Grant) error {
	return wrapf(execOne(ctx, tx, `DELETE FROM user_grants WHERE user_id = $1 AND role = $2 AND centre_id = $3
		AND COALESCE(department_id, 0) = $4`, userID, string(g.Role), g.CentreID, g.DepartmentID),
		"store: remove grant")
}

// isOneAdminViolation recognises the user_grants_one_admin index in a driver
// error: PostgreSQL names the index; SQLite names the indexed column, and
// user_id alone is indexed uniquely only there (user_grants_unique is an
// expression index, which SQLite reports as "index 'user_grants_unique'").
func isOneAdminViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "user_grants_one_admin") || strings.Contains(msg, "UNIQUE constraint failed: user_grants.user_id")
}

// DisplayNames returns the display names of the users with the given IDs in
// one query, for pages that name the people of many rows; unknown IDs and 0
// are left out.
func DisplayNames(ctx context.Context, tx *Tx, ids []int64) (map[int64]string, error) {
	return textsByID(ctx, tx, "SELECT id, display_name FROM users", ids, "display names")
}

// textsByID runs "selectFrom WHERE id IN (…)" over the distinct non-zero IDs
// in one query and maps each ID to the text column it selects.
func textsByID(ctx context.Context, tx *Tx, selectFrom string, ids []int64, what string) (map[int64]string, error) {
	out := map[int64]string{}
	ids = slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(ids)
	if ids = slices.Compact(ids); len(ids) == 0 {
		return out, nil
	}
	in, args := inList(1, ids)
	rows, err := tx.QueryContext(ctx, selectFrom+" WHERE id IN ("+in+")", args...)
	if err != nil {
		return nil, wrapf(err, "store: %s", what)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, wrapf(err, "store: %s", what)
		}
		out[id] = text
	}
	return out, wrapf(rows.Err(), "store: %s", what)
}
