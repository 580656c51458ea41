package service_test

import (
	"errors"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, bianmin.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// TestHallOpen combines the policy's service hours (ORG-5: 8:00-12:00 and
// 13:30-17:00 by default), the legal calendar (make-up days open the hall,
// holidays close it) and the hall's own exceptions (R6.12).
func TestHallOpen(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		if err := e.svc.Prepare(e.ctx, ""); err != nil {
			t.Fatal(err)
		}
		sat := calendar.Date{Y: 2026, M: time.March, D: 7}
		err := e.svc.PutHallDay(e.ctx, e.sys, e.townA, calendar.HallDay{Date: sat, Open: true,
			Sessions: []calendar.Span{{Start: 9 * 60, End: 12 * 60}}, Note: "周末服务"})
		if !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("system actor without scope put a hall day: %v", err)
		}
		director := &bianmin.Actor{UserID: 1, Username: "director", Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: e.townA}},
			Scope: bianmin.Scope{Centres: []int64{e.townA}}}
		if err := e.svc.PutHallDay(e.ctx, director, e.townA, calendar.HallDay{Date: sat, Open: true,
			Sessions: []calendar.Span{{Start: 9 * 60, End: 12 * 60}}, Note: "周末服务"}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			centre int64
			when   string
			open   bool
			why    string
		}{
			{e.townA, "2026-03-02 09:00", true, "Monday morning session"},
			{e.townA, "2026-03-02 12:30", false, "lunch break"},
			{e.townA, "2026-03-02 13:30", true, "afternoon session starts"},
			{e.townA, "2026-03-02 17:00", false, "closed at 17:00"},
			{e.townA, "2026-10-01 09:00", false, "National Day holiday"},
			{e.townA, "2026-10-10 09:00", true, "Saturday make-up working day (R2.4)"},
			{e.townA, "2026-03-07 10:00", true, "hall exception: Saturday service"},
			{e.townA, "2026-03-07 14:00", false, "hall exception hours end at 12:00"},
			{e.townB, "2026-03-07 10:00", false, "another centre's exception does not apply"},
		}
		for _, c := range cases {
			open, err := e.svc.HallOpen(e.ctx, c.centre, at(c.when))
			if err != nil {
				t.Fatal(err)
			}
			if open != c.open {
				t.Errorf("%s (%s): open = %v", c.when, c.why, open)
			}
		}
	})
}

// TestCalendarEditsAreSeenAndRestricted: only the system administrator
// edits the legal calendar; an edit is used at once by deadline arithmetic.
func TestCalendarEditsAreSeenAndRestricted(t *testing.T) {
	forEachAcctEngine(t, func(t *testing.T, e *acctEnv) {
		if err := e.svc.Prepare(e.ctx, ""); err != nil {
			t.Fatal(err)
		}
		cal, err := e.svc.Calendar(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		fri := calendar.Date{Y: 2026, M: time.March, D: 6}
		if got := cal.AddWorkingDays(fri, 1); got.D != 9 {
			t.Fatalf("Friday + 1 working day = %v", got)
		}
		director := &bianmin.Actor{UserID: 1, Username: "d", Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: e.townA}}}
		sat := calendar.Day{Date: fri.AddDays(1), Off: false, Name: "调休"}
		if err := e.svc.PutCalendarDay(e.ctx, director, sat); !errors.Is(err, bianmin.ErrForbidden) {
			t.Fatalf("director edited the legal calendar: %v", err)
		}
		sys := &bianmin.Actor{UserID: 2, Username: "sys", Grants: []bianmin.Grant{{Role: bianmin.RoleSysAdmin, CentreID: e.county}}}
		if err := e.svc.PutCalendarDay(e.ctx, sys, sat); err != nil {
			t.Fatal(err)
		}
		cal, _ = e.svc.Calendar(e.ctx)
		if got := cal.AddWorkingDays(fri, 1); got != sat.Date {
			t.Errorf("after adding a make-up Saturday, Friday + 1 = %v, want %v", got, sat.Date)
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE action = 'calendar.day.put' AND actor = 'sys'"); n != 1 {
			t.Errorf("%d audit rows for the edit", n)
		}
	})
}
