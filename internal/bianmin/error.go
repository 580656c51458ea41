// Package bianmin is the domain: the language of the service hall, its rules as
// pure functions, and the few interfaces that other packages implement. It
// imports nothing but the standard library.
package bianmin

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web and api packages.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized" // not logged in, or the session ended
	EFORBIDDEN    = "forbidden"    // logged in, but the role or scope does not allow it
	ETOOMANY      = "too_many_requests"
	EUNAVAILABLE  = "unavailable"
)

// Error is the one application error. ZH and EN are safe to show a user; Err
// is the internal cause and goes to logs only. Field names the form or API
// field at fault; Rule names the rule ID behind an automatic decision.
type Error struct {
	Code    string
	Field   string
	Rule    string
	ZH, EN  string
	Details []*Error // further field errors of the same request
	Err     error
}

func (e *Error) Error() string {
	msg := e.EN
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, msg, e.Err)
	}
	return e.Code + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is match two errors by code and text, so that sentinels such
// as ErrNotFound still match after being wrapped with a cause.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code && t.EN == e.EN && t.Field == e.Field
}

// Message returns the safe message in the given language ("zh" or "en").
func (e *Error) Message(lang string) string {
	if lang == "en" {
		return e.EN
	}
	return e.ZH
}

// Errorf returns an error with a code and a message in both languages.
func Errorf(code, zh, en string) *Error { return &Error{Code: code, ZH: zh, EN: en} }

// FieldError returns an EINVALID error about one named field.
func FieldError(field, zh, en string) *Error {
	return &Error{Code: EINVALID, Field: field, ZH: zh, EN: en}
}

// Wrap returns a copy of e with an internal cause attached.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// WithRule returns a copy of e that names the rule it enforces.
func (e *Error) WithRule(rule string) *Error {
	c := *e
	c.Rule = rule
	return &c
}

// Sentinels returned by the store and matched with errors.Is.
var (
	ErrNotFound         = Errorf(ENOTFOUND, "记录不存在。", "Record not found.")
	ErrConflict         = Errorf(ECONFLICT, "记录已存在或已被他人修改。", "The record already exists or was changed by someone else.")
	ErrInvalidReference = Errorf(EINVALID, "引用的记录不存在。", "A referenced record does not exist.")
	ErrReadOnly         = Errorf(EFORBIDDEN, "该记录不可修改或删除。", "This record cannot be changed or deleted.")
	ErrUnavailable      = Errorf(EUNAVAILABLE, "服务暂时不可用，请稍后重试。", "The service is temporarily unavailable; please retry.")
	ErrInternal         = Errorf(EINTERNAL, "系统内部错误。", "Internal error.")
	ErrUnauthorized     = Errorf(EUNAUTHORIZED, "请先登录。", "Please log in.")
	ErrForbidden        = Errorf(EFORBIDDEN, "无权执行此操作。", "You are not allowed to do this.")
)

// AsError returns err as an *Error; anything else becomes ErrInternal wrapping err.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return ErrInternal.Wrap(err)
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	return AsError(err).Code
}

// Validation collects field errors of one request into one EINVALID error.
type Validation struct{ errs []*Error }

// Add records a field error.
func (v *Validation) Add(field, zh, en string) { v.errs = append(v.errs, FieldError(field, zh, en)) }

// AddErr records an existing error (its field is kept).
func (v *Validation) AddErr(e *Error) { v.errs = append(v.errs, e) }

// Err returns nil when nothing was added, else the first error carrying all as Details.
func (v *Validation) Err() error {
	if len(v.errs) == 0 {
		return nil
	}
	first := *v.errs[0]
	first.Details = v.errs
	return &first
}
