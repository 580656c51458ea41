package service_test

import (
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// TestStaffOfCentre: the organisation pages list a centre's accounts with
// their grants; the phone is full only for the centre's director or office
// (SECURITY.md item 26), and another centre's office is refused (item 9).
func TestStaffOfCentre(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		if err := e.svc.SaveStaffProfile(e.ctx, e.director, e.clerk2.ID, service.StaffProfile{StaffNo: "A-002", Phone: "13812345678"}); err != nil {
			t.Fatal(err)
		}
		phoneOf := func(a *bianmin.Actor) string {
			t.Helper()
			staff, err := e.svc.StaffOfCentre(e.ctx, a, e.townA)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range staff {
				if m.ID == e.clerk2.ID {
					if m.StaffNo != "A-002" || len(m.Grants) == 0 || m.Grants[0].Role != bianmin.RoleClerk {
						t.Errorf("clerk2 listed as %+v", m)
					}
					return m.Phone
				}
			}
			t.Fatal("clerk2 not listed")
			return ""
		}
		if got := phoneOf(e.director); got != "13812345678" {
			t.Errorf("director sees phone %q", got)
		}
		if got := phoneOf(e.clerk); got != "138****5678" {
			t.Errorf("clerk sees phone %q, want it masked", got)
		}
		_, err := e.svc.StaffOfCentre(e.ctx, e.officeB, e.townA)
		wantForbidden(t, err, "office of another centre lists staff")
	})
}
