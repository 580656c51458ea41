package bianmin_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
)

var errCause = errors.New("pq: relation \"secret_table\" does not exist (password=hunter2)")

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *bianmin.Error
		want string
	}{
		{"sentinel", bianmin.ErrNotFound, "not_found: Record not found."},
		{"field", bianmin.FieldError("phone", "手机号码无效。", "The phone number is invalid."),
			"invalid: phone: The phone number is invalid."},
		{"cause", bianmin.ErrConflict.Wrap(io.EOF),
			"conflict: The record already exists or was changed by someone else.: EOF"},
		{"field and cause", bianmin.FieldError("name", "名称无效。", "The name is invalid.").Wrap(io.ErrUnexpectedEOF),
			"invalid: name: The name is invalid.: unexpected EOF"},
		{"rule is not part of the text", bianmin.ErrForbidden.WithRule("SEC-9"),
			"forbidden: You are not allowed to do this."},
		{"Errorf", bianmin.Errorf(bianmin.ETOOMANY, "请求过于频繁。", "Too many requests."),
			"too_many_requests: Too many requests."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err      *bianmin.Error
		lang     string
		want     string
		wantCode string
	}{
		{bianmin.ErrNotFound, "zh", "记录不存在。", bianmin.ENOTFOUND},
		{bianmin.ErrNotFound, "en", "Record not found.", bianmin.ENOTFOUND},
		{bianmin.ErrNotFound, "", "记录不存在。", bianmin.ENOTFOUND},   // no language: Chinese
		{bianmin.ErrNotFound, "fr", "记录不存在。", bianmin.ENOTFOUND}, // unknown language: Chinese
		{bianmin.ErrNotFound, "EN", "记录不存在。", bianmin.ENOTFOUND}, // exact code only
		{bianmin.ErrConflict, "en", "The record already exists or was changed by someone else.", bianmin.ECONFLICT},
		{bianmin.ErrInvalidReference, "zh", "引用的记录不存在。", bianmin.EINVALID},
		{bianmin.ErrReadOnly, "zh", "该记录不可修改或删除。", bianmin.EFORBIDDEN},
		{bianmin.ErrUnavailable, "en", "The service is temporarily unavailable; please retry.", bianmin.EUNAVAILABLE},
		{bianmin.ErrInternal, "zh", "系统内部错误。", bianmin.EINTERNAL},
		{bianmin.ErrInternal, "en", "Internal error.", bianmin.EINTERNAL},
		{bianmin.ErrUnauthorized, "zh", "请先登录。", bianmin.EUNAUTHORIZED},
		{bianmin.ErrForbidden, "en", "You are not allowed to do this.", bianmin.EFORBIDDEN},
		// A cause never reaches the message.
		{bianmin.ErrConflict.Wrap(errCause), "zh", "记录已存在或已被他人修改。", bianmin.ECONFLICT},
		{bianmin.ErrConflict.Wrap(errCause), "en", "The record already exists or was changed by someone else.", bianmin.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.err.Code+"/"+tt.lang, func(t *testing.T) {
			if got := tt.err.Message(tt.lang); got != tt.want {
				t.Errorf("Message(%q) = %q, want %q", tt.lang, got, tt.want)
			}
			if tt.err.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q", tt.err.Code, tt.wantCode)
			}
		})
	}
}

func TestSentinelsHaveBothLanguages(t *testing.T) {
	sentinels := []*bianmin.Error{bianmin.ErrNotFound, bianmin.ErrConflict, bianmin.ErrInvalidReference,
		bianmin.ErrReadOnly, bianmin.ErrUnavailable, bianmin.ErrInternal, bianmin.ErrUnauthorized,
		bianmin.ErrForbidden, bianmin.ErrSamePostHolder}
	for i, s := range sentinels {
		if s.Code == "" || s.ZH == "" || s.EN == "" || s.Err != nil || s.Details != nil {
			t.Errorf("sentinel %d %+v: needs code and both messages, no cause, no details", i, s)
		}
		for j, o := range sentinels {
			if i != j && errors.Is(s, o) {
				t.Errorf("sentinel %q matches %q", s.EN, o.EN)
			}
		}
	}
}

func TestErrorIs(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"itself", bianmin.ErrNotFound, bianmin.ErrNotFound, true},
		{"Wrap", bianmin.ErrNotFound.Wrap(errCause), bianmin.ErrNotFound, true},
		{"fmt %w", fmt.Errorf("load case 7: %w", bianmin.ErrNotFound), bianmin.ErrNotFound, true},
		{"fmt %w of Wrap", fmt.Errorf("load case 7: %w", bianmin.ErrNotFound.Wrap(errCause)), bianmin.ErrNotFound, true},
		{"two fmt %w", fmt.Errorf("a: %w", fmt.Errorf("b: %w", bianmin.ErrConflict)), bianmin.ErrConflict, true},
		{"Wrap of fmt %w chain", bianmin.ErrUnavailable.Wrap(fmt.Errorf("dial: %w", io.EOF)), bianmin.ErrUnavailable, true},
		{"errors.Join", errors.Join(io.EOF, bianmin.ErrReadOnly), bianmin.ErrReadOnly, true},
		{"WithRule still matches", bianmin.ErrForbidden.WithRule("SEC-8"), bianmin.ErrForbidden, true},
		{"WithRule then Wrap", fmt.Errorf("x: %w", bianmin.ErrForbidden.WithRule("SEC-8").Wrap(io.EOF)), bianmin.ErrForbidden, true},
		{"the cause through Wrap", bianmin.ErrInternal.Wrap(errCause), errCause, true},
		{"the cause through fmt %w and Wrap", fmt.Errorf("x: %w", bianmin.ErrInternal.Wrap(io.EOF)), io.EOF, true},
		{"rebuilt with the same code and text", bianmin.Errorf(bianmin.ENOTFOUND, "别的中文", "Record not found."), bianmin.ErrNotFound, true},
		{"other sentinel", bianmin.ErrNotFound, bianmin.ErrConflict, false},
		{"same code, other text", bianmin.ErrReadOnly, bianmin.ErrForbidden, false},
		{"same code, other text, wrapped", fmt.Errorf("x: %w", bianmin.ErrInvalidReference.Wrap(io.EOF)),
			bianmin.FieldError("", "", "other"), false},
		{"same code and text, other field",
			bianmin.FieldError("name", "无效。", "Invalid."), bianmin.FieldError("phone", "无效。", "Invalid."), false},
		{"same field and text", bianmin.FieldError("name", "无效。", "Invalid."), bianmin.FieldError("name", "x", "Invalid."), true},
		{"foreign target", bianmin.ErrNotFound, io.EOF, false},
		{"foreign error", io.EOF, bianmin.ErrNotFound, false},
		{"fmt %v does not wrap", fmt.Errorf("x: %v", bianmin.ErrNotFound), bianmin.ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, tt.target, got, tt.want)
			}
		})
	}
}

func TestWrapAndWithRuleCopy(t *testing.T) {
	base := bianmin.FieldError("b_user_id", "中文。", "English.")
	ruled := base.WithRule("ORG-2")
	wrapped := ruled.Wrap(io.EOF)
	tests := []struct {
		name                      string
		err                       *bianmin.Error
		code, field, rule, zh, en string
		cause                     error
	}{
		{"base", base, bianmin.EINVALID, "b_user_id", "", "中文。", "English.", nil},
		{"WithRule", ruled, bianmin.EINVALID, "b_user_id", "ORG-2", "中文。", "English.", nil},
		{"Wrap keeps rule", wrapped, bianmin.EINVALID, "b_user_id", "ORG-2", "中文。", "English.", io.EOF},
		{"WithRule keeps cause", wrapped.WithRule("ORG-3"), bianmin.EINVALID, "b_user_id", "ORG-3", "中文。", "English.", io.EOF},
		{"sentinel WithRule", bianmin.ErrForbidden.WithRule("SEC-8"), bianmin.EFORBIDDEN, "", "SEC-8",
			"无权执行此操作。", "You are not allowed to do this.", nil},
		{"declared rule", bianmin.ErrSamePostHolder, bianmin.EINVALID, "b_user_id", "ORG-2",
			"A岗和B岗须由两名不同的工作人员担任。", "The A post and the B post must be held by two different people.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.err
			if e.Code != tt.code || e.Field != tt.field || e.Rule != tt.rule || e.ZH != tt.zh || e.EN != tt.en || e.Err != tt.cause {
				t.Errorf("got %+v", e)
			}
			if errors.Unwrap(e) != tt.cause {
				t.Errorf("Unwrap = %v, want %v", errors.Unwrap(e), tt.cause)
			}
		})
	}
	// Neither method changes its receiver: sentinels are shared by every request.
	if base.Rule != "" || base.Err != nil || ruled.Err != nil || ruled.Rule != "ORG-2" {
		t.Errorf("receiver changed: base %+v, ruled %+v", base, ruled)
	}
	_ = bianmin.ErrInternal.Wrap(errCause)
	_ = bianmin.ErrForbidden.WithRule("SEC-8")
	if bianmin.ErrInternal.Err != nil || bianmin.ErrForbidden.Rule != "" {
		t.Errorf("sentinel changed: %+v %+v", bianmin.ErrInternal, bianmin.ErrForbidden)
	}
}

func TestAsError(t *testing.T) {
	ruled := bianmin.ErrForbidden.WithRule("SEC-8")
	tests := []struct {
		name     string
		err      error
		code     string
		zh, en   string
		rule     string
		sameAs   *bianmin.Error // AsError returns this very value
		internal bool           // a foreign error made internal
	}{
		{"nil", nil, "", "", "", "", nil, false},
		{"*Error", bianmin.ErrNotFound, bianmin.ENOTFOUND, "记录不存在。", "Record not found.", "", bianmin.ErrNotFound, false},
		{"fmt %w of *Error", fmt.Errorf("ctx: %w", ruled), bianmin.EFORBIDDEN, "无权执行此操作。",
			"You are not allowed to do this.", "SEC-8", ruled, false},
		{"foreign", errCause, bianmin.EINTERNAL, "系统内部错误。", "Internal error.", "", nil, true},
		{"foreign wrapped by fmt", fmt.Errorf("query: %w", errCause), bianmin.EINTERNAL, "系统内部错误。", "Internal error.", "", nil, true},
		{"foreign with Chinese text", errors.New("用户 张三 身份证 11010519491231002X"), bianmin.EINTERNAL,
			"系统内部错误。", "Internal error.", "", nil, true},
		{"io.EOF", io.EOF, bianmin.EINTERNAL, "系统内部错误。", "Internal error.", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bianmin.AsError(tt.err)
			if code := bianmin.ErrorCode(tt.err); code != tt.code {
				t.Errorf("ErrorCode = %q, want %q", code, tt.code)
			}
			if tt.err == nil {
				if got != nil {
					t.Fatalf("AsError(nil) = %v, want nil", got)
				}
				return
			}
			if got.Code != tt.code || got.Message("zh") != tt.zh || got.Message("en") != tt.en || got.Rule != tt.rule {
				t.Errorf("got %+v", got)
			}
			if tt.sameAs != nil && got != tt.sameAs {
				t.Errorf("AsError returned a copy %p, want %p", got, tt.sameAs)
			}
			if tt.internal {
				if !errors.Is(got, bianmin.ErrInternal) || !errors.Is(got, tt.err) {
					t.Errorf("internal error must match ErrInternal and keep its cause: %v", got)
				}
				if !strings.Contains(got.Error(), tt.err.Error()) {
					t.Errorf("Error() %q must carry the cause for the log", got.Error())
				}
				for _, lang := range []string{"zh", "en", ""} {
					if m := got.Message(lang); strings.Contains(m, tt.err.Error()) || strings.Contains(m, "secret") ||
						strings.Contains(m, "1101") || strings.Contains(m, "EOF") {
						t.Errorf("Message(%q) = %q leaks the cause", lang, m)
					}
				}
				if got.Field != "" || got.Rule != "" || got.Details != nil {
					t.Errorf("internal error carries field/rule/details: %+v", got)
				}
			}
		})
	}
	if bianmin.ErrInternal.Err != nil {
		t.Errorf("AsError changed the ErrInternal sentinel: %+v", bianmin.ErrInternal)
	}
}

func TestValidation(t *testing.T) {
	type add struct {
		field, zh, en string
		err           *bianmin.Error // AddErr when set
	}
	tests := []struct {
		name       string
		adds       []add
		wantFields []string // nil: no error
		wantRule   string   // rule of the top error
	}{
		{"none", nil, nil, ""},
		{"one", []add{{field: "name", zh: "名称无效。", en: "Invalid name."}}, []string{"name"}, ""},
		{"three in order", []add{
			{field: "number", zh: "编号无效。", en: "Invalid number."},
			{field: "name", zh: "名称无效。", en: "Invalid name."},
			{field: "kind", zh: "类型无效。", en: "Invalid kind."},
		}, []string{"number", "name", "kind"}, ""},
		{"AddErr first keeps its rule", []add{
			{err: bianmin.ErrSamePostHolder},
			{field: "name", zh: "名称无效。", en: "Invalid name."},
		}, []string{"b_user_id", "name"}, "ORG-2"},
		{"AddErr later", []add{
			{field: "name", zh: "名称无效。", en: "Invalid name."},
			{err: bianmin.FieldError("impl_code", "实施编码无效。", "Invalid code.").WithRule("R9.2")},
		}, []string{"name", "impl_code"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v bianmin.Validation
			for _, a := range tt.adds {
				if a.err != nil {
					v.AddErr(a.err)
				} else {
					v.Add(a.field, a.zh, a.en)
				}
			}
			err := v.Err()
			if tt.wantFields == nil {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			e, ok := err.(*bianmin.Error)
			if !ok {
				t.Fatalf("Err() = %T %v, want *bianmin.Error", err, err)
			}
			if e.Code != bianmin.EINVALID || e.Field != tt.wantFields[0] || e.Rule != tt.wantRule {
				t.Errorf("top error %+v: want code invalid, field %q, rule %q", e, tt.wantFields[0], tt.wantRule)
			}
			first := tt.adds[0]
			if first.err == nil && (e.ZH != first.zh || e.EN != first.en) {
				t.Errorf("top message %q/%q, want the first added %q/%q", e.ZH, e.EN, first.zh, first.en)
			}
			if len(e.Details) != len(tt.wantFields) {
				t.Fatalf("%d details, want %d", len(e.Details), len(tt.wantFields))
			}
			for i, d := range e.Details {
				if d.Field != tt.wantFields[i] || d.Code != bianmin.EINVALID {
					t.Errorf("detail %d = %+v, want field %q", i, d, tt.wantFields[i])
				}
				if d.Details != nil {
					t.Errorf("detail %d has details of its own", i)
				}
			}
			if !errors.Is(err, e.Details[0]) {
				t.Errorf("the top error should match its first detail")
			}
		})
	}
	if bianmin.ErrSamePostHolder.Details != nil {
		t.Errorf("Validation changed the sentinel it was given: %+v", bianmin.ErrSamePostHolder)
	}
}

// Each Err call reports what was added so far; later additions do not change
// an error already returned.
func TestValidationErrIsASnapshot(t *testing.T) {
	var v bianmin.Validation
	v.Add("a", "甲", "A")
	first := v.Err().(*bianmin.Error)
	v.Add("b", "乙", "B")
	second := v.Err().(*bianmin.Error)
	if len(first.Details) != 1 || len(second.Details) != 2 || second.Details[1].Field != "b" {
		t.Fatalf("first %d details, second %d details", len(first.Details), len(second.Details))
	}
}
