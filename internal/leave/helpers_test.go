package leave_test

import (
	"errors"
	"slices"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/policy"
	"bianmin/internal/testutil/dates"
)

// at and day read the tables' Shanghai instants and dates.
var (
	at  = dates.At
	day = dates.Day
)

// summer is a policy whose summer season (05-01 to 09-30) has the afternoon
// of 004 §考勤制度 1, 15:00-18:00, against the default 13:30-17:00: a summer
// day is 420 service minutes, a default day 450.
func summer() *policy.Policy {
	p := policy.Default()
	p.ServiceHours.Seasons = []policy.Season{{
		Name: "夏令时", From: "05-01", To: "09-30",
		Sessions: []policy.Session{{Start: "08:00", End: "12:00"}, {Start: "15:00", End: "18:00"}},
	}}
	return p
}

// hoursOf returns the default or the summer hours.
func hoursOf(isSummer bool) calendar.Hours {
	if isSummer {
		return summer().Hours()
	}
	return policy.Default().Hours()
}

// asError returns err as a *bianmin.Error, failing the test otherwise.
func asError(tb testing.TB, err error) *bianmin.Error {
	tb.Helper()
	var e *bianmin.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v (%T) is not a *bianmin.Error", err, err)
	}
	if e.ZH == "" || e.EN == "" || e.Rule == "" {
		tb.Fatalf("error %+v lacks a message in both languages or its rule", e)
	}
	return e
}

// refusal is the field and rule of one refusal.
type refusal struct{ field, rule string }

// refusals lists the field and rule of every refusal an error carries.
func refusals(tb testing.TB, err error) []refusal {
	tb.Helper()
	if err == nil {
		return nil
	}
	e := asError(tb, err)
	details := e.Details
	if len(details) == 0 {
		details = []*bianmin.Error{e}
	}
	var out []refusal
	for _, d := range details {
		if d.ZH == "" || d.EN == "" || d.Rule == "" || d.Code != bianmin.EINVALID {
			tb.Fatalf("refusal %+v lacks a message, its rule or EINVALID", d)
		}
		out = append(out, refusal{d.Field, d.Rule})
	}
	return out
}

func roles(rs ...bianmin.Role) []bianmin.Role { return slices.Clone(rs) }
