package service

import (
	"context"
	"sync"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/store"
)

// calendarTTL bounds how long an instance keeps the legal calendar cached:
// another instance's edit (PostgreSQL mode) is seen within it; this
// instance's own edits are seen at once.
const calendarTTL = 30 * time.Second

type calendarCache struct {
	mu     sync.Mutex
	cal    *calendar.Calendar
	loaded time.Time
}

var calendars sync.Map // *store.DB → *calendarCache

func (s *Service) calendarCache() *calendarCache {
	c, _ := calendars.LoadOrStore(s.DB, &calendarCache{})
	return c.(*calendarCache)
}

// Calendar returns the legal working-day calendar (C-0, R1.1).
func (s *Service) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	c := s.calendarCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.Clock.Now()
	if c.cal != nil && now.Sub(c.loaded) < calendarTTL && !now.Before(c.loaded) {
		return c.cal, nil
	}
	cal, err := store.LoadCalendar(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	c.cal, c.loaded = cal, now
	return cal, nil
}

func (s *Service) forgetCalendar() {
	c := s.calendarCache()
	c.mu.Lock()
	c.cal = nil
	c.mu.Unlock()
}

var errCalendarEdit = bianmin.ErrForbidden.WithRule("R2.1")

// canEditCalendar: the legal calendar is national configuration, kept by
// the system administrator (SECURITY.md item 8).
func canEditCalendar(a *bianmin.Actor) bool {
	return a != nil && (a.HasRole(bianmin.RoleSysAdmin) || (a.UserID == 0 && a.Username == "system"))
}

// PutCalendarDay adds or changes a holiday or make-up working day.
func (s *Service) PutCalendarDay(ctx context.Context, a *bianmin.Actor, day calendar.Day) error {
	if !canEditCalendar(a) {
		return errCalendarEdit
	}
	if day.Source == "" {
		day.Source = "admin:" + a.Username
	}
	if err := day.Validate(); err != nil {
		return err
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error { return store.PutCalendarDay(ctx, tx, day, a) })
	s.forgetCalendar()
	return err
}

// DeleteCalendarDay returns a date to the ordinary Monday-Friday rule.
func (s *Service) DeleteCalendarDay(ctx context.Context, a *bianmin.Actor, date calendar.Date) error {
	if !canEditCalendar(a) {
		return errCalendarEdit
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error { return store.DeleteCalendarDay(ctx, tx, date, a) })
	s.forgetCalendar()
	return err
}

// ImportHolidayCN merges one year's State Council schedule (holiday-cn
// JSON, R2.6) into the calendar and returns the R2.5 sanity warnings.
func (s *Service) ImportHolidayCN(ctx context.Context, a *bianmin.Actor, days []calendar.Day, source string) ([]calendar.Warning, error) {
	if !canEditCalendar(a) {
		return nil, errCalendarEdit
	}
	var warnings []calendar.Warning
	err := s.DB.Write(ctx, func(tx *store.Tx) (err error) {
		warnings, err = store.ImportHolidayCN(ctx, tx, days, source, a)
		return err
	})
	s.forgetCalendar()
	return warnings, err
}

// mayEditHall: the hall's opening calendar belongs to its centre's director
// and the system administrator, checked against the scope of those grants
// only, so a director at one centre who is a clerk at another cannot edit
// the other's hall (SECURITY.md item 9).
func (s *Service) mayEditHall(ctx context.Context, a *bianmin.Actor, centreID int64) error {
	var ok bool
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		ok, err = mayActAny(ctx, tx, a, centreID, bianmin.RoleSysAdmin, bianmin.RoleDirector)
		return err
	})
	if err != nil {
		return err
	}
	if !ok || isSystem(a) {
		return bianmin.ErrForbidden.WithRule("R6.12")
	}
	return nil
}

// PutHallDay opens or closes the hall on one date (R6.12).
func (s *Service) PutHallDay(ctx context.Context, a *bianmin.Actor, centreID int64, day calendar.HallDay) error {
	if err := s.mayEditHall(ctx, a, centreID); err != nil {
		return err
	}
	if err := day.Validate(); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error { return store.PutHallDay(ctx, tx, centreID, day, a) })
}

// DeleteHallDay removes an opening exception.
func (s *Service) DeleteHallDay(ctx context.Context, a *bianmin.Actor, centreID int64, date calendar.Date) error {
	if err := s.mayEditHall(ctx, a, centreID); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error { return store.DeleteHallDay(ctx, tx, centreID, date, a) })
}

// HallDays lists a centre's opening exceptions between two dates.
func (s *Service) HallDays(ctx context.Context, a *bianmin.Actor, centreID int64, from, to calendar.Date) ([]calendar.HallDay, error) {
	if !a.Scope.Has(centreID) {
		return nil, bianmin.ErrForbidden
	}
	var days []calendar.HallDay
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		days, err = store.HallDays(ctx, tx, centreID, from, to)
		return err
	})
	return days, err
}

// HallOpen reports whether a centre's hall is open at an instant: its
// policy's service hours on the legal calendar's working days, changed by
// the hall's own exceptions (R6.12, ORG-5).
func (s *Service) HallOpen(ctx context.Context, centreID int64, at time.Time) (bool, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return false, err
	}
	p, _, err := s.EffectivePolicy(ctx, centreID)
	if err != nil {
		return false, err
	}
	d := calendar.DateOf(at)
	var ex []calendar.HallDay
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		ex, err = store.HallDays(ctx, tx, centreID, d, d)
		return err
	})
	if err != nil {
		return false, err
	}
	return cal.IsOpen(at, p.Hours(), ex), nil
}
