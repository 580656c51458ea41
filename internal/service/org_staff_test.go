package service_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// TestStaffBoard (ORG-3): the public board lists post holders with photo,
// name, staff number, window, post and department — and nothing else
// personal: no phone, no login name.
func TestStaffBoard(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		photo := e.mustFile("p.png", pngBytes(t, ""))
		p := service.StaffProfile{StaffNo: "SB-007", DepartmentID: e.deptA1, Phone: "13912345678", PhotoFileID: photo.ID}
		if err := e.svc.SaveStaffProfile(e.ctx, e.office, e.clerk1.ID, p); err != nil {
			t.Fatal(err)
		}
		w := e.mustWindow("5")
		if err := e.svc.SetWindowPosts(e.ctx, e.director, w.ID, e.clerk1.ID, e.clerk2.ID); err != nil {
			t.Fatal(err)
		}
		board, err := e.svc.StaffBoard(e.ctx, e.townA)
		if err != nil {
			t.Fatal(err)
		}
		want := []service.BoardEntry{
			{Name: e.clerk1.DisplayName, StaffNo: "SB-007", PhotoFileID: photo.ID, WindowNumber: "5", WindowName: w.Name, Post: "A", Department: "社会保障所"},
			{Name: e.clerk2.DisplayName, WindowNumber: "5", WindowName: w.Name, Post: "B"},
		}
		if !slices.Equal(board, want) {
			t.Fatalf("board %+v\nwant  %+v", board, want)
		}
		raw, _ := json.Marshal(board)
		var rows []map[string]any
		if err := json.Unmarshal(raw, &rows); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range rows[0] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"department", "name", "photo_file_id", "post", "staff_no", "window_name", "window_number"}) {
			t.Errorf("board fields %v", keys)
		}
		if strings.Contains(string(raw), "1391234") {
			t.Errorf("board carries a phone: %s", raw)
		}
		if b, _ := e.svc.StaffBoard(e.ctx, e.townB); len(b) != 0 {
			t.Errorf("another centre's board lists %v", b)
		}
	})
}

// TestSaveStaffProfile: every field is checked against the centre; the
// audit row (ORG-3) masks the phone; refusals write nothing.
func TestSaveStaffProfile(t *testing.T) {
	forEachCatEngine(t, func(t *testing.T, e *catEnv) {
		pdf := e.mustFile("x.pdf", []byte("%PDF-1.4\n%%EOF\n"))
		bad := service.StaffProfile{StaffNo: strings.Repeat("9", 33), DepartmentID: e.deptB, Phone: "12345", PhotoFileID: pdf.ID}
		err := e.svc.SaveStaffProfile(e.ctx, e.director, e.clerk1.ID, bad)
		wantCode(t, err, bianmin.EINVALID, "bad profile")
		for _, f := range []string{"staff_no", "department_id", "phone", "photo_file_id"} {
			if !fields(err)[f] {
				t.Errorf("no error on %s: %v", f, err)
			}
		}
		good := service.StaffProfile{StaffNo: "A-01", DepartmentID: e.deptA2, Phone: "13912345678"}
		wantForbidden(t, e.svc.SaveStaffProfile(e.ctx, e.officeB, e.clerk1.ID, good), "office of another centre")
		if e.user(e.clerk1.ID).StaffNo != "" || e.auditRows("staff.profile", "ORG-3", bianmin.ResultOK) != 0 {
			t.Fatal("a refused profile was written")
		}
		if err := e.svc.SaveStaffProfile(e.ctx, e.director, e.clerk1.ID, good); err != nil {
			t.Fatal(err)
		}
		u := e.user(e.clerk1.ID)
		if u.StaffNo != "A-01" || u.DepartmentID != e.deptA2 || u.Phone != "13912345678" {
			t.Fatalf("saved profile %+v", u)
		}
		if e.auditRows("staff.profile", "ORG-3", bianmin.ResultOK) != 1 ||
			e.count("SELECT count(*) FROM audit_log WHERE action = 'staff.profile' AND after_json LIKE '%13912345678%'") != 0 ||
			e.count("SELECT count(*) FROM audit_log WHERE action = 'staff.profile' AND after_json LIKE '%A-01%'") != 1 {
			t.Error("profile change not audited, or its phone not masked")
		}
	})
}
