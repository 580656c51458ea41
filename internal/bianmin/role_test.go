package bianmin_test

import (
	"context"
	"testing"

	"bianmin/internal/bianmin"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		role    bianmin.Role
		admin   bool
		subtree bool
		zh, en  string
	}{
		{bianmin.RoleClerk, false, false, "窗口工作人员", "Window clerk"},
		{bianmin.RoleGuide, false, false, "导办员", "Guide"},
		{bianmin.RoleChiefRep, false, false, "首席代表", "Chief representative"},
		{bianmin.RoleDutyChief, false, false, "大厅值班长", "Hall duty chief"},
		{bianmin.RoleDutyLeader, false, false, "值班领导", "Duty leader"},
		{bianmin.RoleDirector, false, true, "中心主任", "Centre director"},
		{bianmin.RoleDeptHead, false, false, "进驻单位负责人", "Department head"},
		{bianmin.RoleOffice, false, false, "业务科", "Business office"},
		{bianmin.RoleInspector, false, true, "效能监察", "Inspector"},
		{bianmin.RoleAgent, false, false, "代办员", "Agent"},
		{bianmin.RoleSysAdmin, true, true, "系统管理员", "System administrator"},
		{bianmin.RoleSecAdmin, true, true, "安全管理员", "Security administrator"},
		{bianmin.RoleAuditAdmin, true, true, "审计管理员", "Audit administrator"},
	}
	if len(tests) != len(bianmin.Roles) {
		t.Fatalf("table has %d roles, bianmin.Roles %d: keep them in step", len(tests), len(bianmin.Roles))
	}
	seenZH, seenEN, seen := map[string]bianmin.Role{}, map[string]bianmin.Role{}, map[bianmin.Role]bool{}
	admins := 0
	for i, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if bianmin.Roles[i] != tt.role {
				t.Errorf("Roles[%d] = %q, want %q (display order)", i, bianmin.Roles[i], tt.role)
			}
			if !tt.role.Valid() {
				t.Errorf("Valid() = false")
			}
			if got := tt.role.IsAdmin(); got != tt.admin {
				t.Errorf("IsAdmin() = %v, want %v", got, tt.admin)
			}
			if got := tt.role.SeesSubtree(); got != tt.subtree {
				t.Errorf("SeesSubtree() = %v, want %v", got, tt.subtree)
			}
			zh, en := tt.role.Name("zh"), tt.role.Name("en")
			if zh != tt.zh || en != tt.en {
				t.Errorf("Name = %q / %q, want %q / %q", zh, en, tt.zh, tt.en)
			}
			if zh == "" || en == "" || zh == en || zh == string(tt.role) || en == string(tt.role) {
				t.Errorf("names %q / %q must be non-empty, differ, and not be the code", zh, en)
			}
			if d := tt.role.Name(""); d != zh {
				t.Errorf("Name(\"\") = %q, want the Chinese name %q", d, zh)
			}
			if other, dup := seenZH[zh]; dup {
				t.Errorf("Chinese name %q also used by %q", zh, other)
			}
			if other, dup := seenEN[en]; dup {
				t.Errorf("English name %q also used by %q", en, other)
			}
		})
		if seen[tt.role] {
			t.Errorf("role %q listed twice", tt.role)
		}
		seen[tt.role] = true
		seenZH[tt.role.Name("zh")], seenEN[tt.role.Name("en")] = tt.role, tt.role
		if tt.role.IsAdmin() {
			admins++
		}
	}
	if admins != 3 {
		t.Errorf("%d administrator roles, want exactly 3 (SECURITY.md item 8)", admins)
	}
}

func TestRoleUnknown(t *testing.T) {
	for _, r := range []bianmin.Role{"", "admin", "Clerk", "clerk ", "root", "citizen", "system"} {
		if r.Valid() || r.IsAdmin() || r.SeesSubtree() {
			t.Errorf("%q: Valid %v IsAdmin %v SeesSubtree %v, want all false", r, r.Valid(), r.IsAdmin(), r.SeesSubtree())
		}
		if r.Name("zh") != string(r) || r.Name("en") != string(r) {
			t.Errorf("%q: Name falls back to the code, got %q / %q", r, r.Name("zh"), r.Name("en"))
		}
	}
}

func TestActorRoles(t *testing.T) {
	clerkAndGuide := &bianmin.Actor{Grants: []bianmin.Grant{
		{Role: bianmin.RoleClerk, CentreID: 1, DepartmentID: 4},
		{Role: bianmin.RoleGuide, CentreID: 2},
	}}
	director := &bianmin.Actor{Role: bianmin.RoleDirector, Grants: []bianmin.Grant{{Role: bianmin.RoleDirector, CentreID: 1}}}
	// Role is the role an action is taken under; HasRole looks at the grants only.
	claimed := &bianmin.Actor{Role: bianmin.RoleSysAdmin}
	tests := []struct {
		name  string
		actor *bianmin.Actor
		roles []bianmin.Role
		want  bool
	}{
		{"first grant", clerkAndGuide, []bianmin.Role{bianmin.RoleClerk}, true},
		{"second grant", clerkAndGuide, []bianmin.Role{bianmin.RoleGuide}, true},
		{"not held", clerkAndGuide, []bianmin.Role{bianmin.RoleDirector}, false},
		{"any of several", clerkAndGuide, []bianmin.Role{bianmin.RoleDirector, bianmin.RoleGuide}, true},
		{"none of several", clerkAndGuide, []bianmin.Role{bianmin.RoleDirector, bianmin.RoleInspector}, false},
		{"no roles asked", clerkAndGuide, nil, false},
		{"director", director, []bianmin.Role{bianmin.RoleDirector}, true},
		{"no grants", &bianmin.Actor{}, []bianmin.Role{bianmin.RoleClerk}, false},
		{"empty role never held", clerkAndGuide, []bianmin.Role{""}, false},
		{"Role field alone grants nothing", claimed, []bianmin.Role{bianmin.RoleSysAdmin}, false},
		{"system actor holds nothing", bianmin.SystemActor("cli"), []bianmin.Role{bianmin.RoleSysAdmin, bianmin.RoleDirector}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.actor.HasAnyRole(tt.roles...); got != tt.want {
				t.Errorf("HasAnyRole(%v) = %v, want %v", tt.roles, got, tt.want)
			}
			if len(tt.roles) == 1 {
				if got := tt.actor.HasRole(tt.roles[0]); got != tt.want {
					t.Errorf("HasRole(%q) = %v, want %v", tt.roles[0], got, tt.want)
				}
			}
		})
	}
}

func TestScopeHas(t *testing.T) {
	tests := []struct {
		name   string
		scope  bianmin.Scope
		centre int64
		want   bool
	}{
		{"empty scope means nothing", bianmin.Scope{}, 1, false},
		{"empty scope, centre 0", bianmin.Scope{}, 0, false},
		{"empty list", bianmin.Scope{Centres: []int64{}}, 1, false},
		{"member", bianmin.Scope{Centres: []int64{1, 5, 9}}, 5, true},
		{"last member", bianmin.Scope{Centres: []int64{1, 5, 9}}, 9, true},
		{"not a member", bianmin.Scope{Centres: []int64{1, 5, 9}}, 2, false},
		{"centre 0 is no centre", bianmin.Scope{Centres: []int64{1}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.scope.Has(tt.centre); got != tt.want {
				t.Errorf("%v.Has(%d) = %v, want %v", tt.scope.Centres, tt.centre, got, tt.want)
			}
		})
	}
}

func TestActorContext(t *testing.T) {
	ctx := context.Background()
	if a := bianmin.ActorFrom(ctx); a != nil {
		t.Fatalf("ActorFrom(empty) = %+v, want nil", a)
	}
	sys := bianmin.SystemActor("job:deadlines")
	if sys.Username != "system" || sys.Source != "job:deadlines" || sys.UserID != 0 || sys.Lang != "zh" ||
		len(sys.Grants) != 0 || len(sys.Scope.Centres) != 0 {
		t.Fatalf("SystemActor = %+v", sys)
	}
	if got := bianmin.ActorFrom(bianmin.WithActor(ctx, sys)); got != sys {
		t.Fatalf("ActorFrom(WithActor(a)) = %p, want %p", got, sys)
	}
	type otherKey struct{}
	if a := bianmin.ActorFrom(context.WithValue(ctx, otherKey{}, sys)); a != nil {
		t.Fatalf("ActorFrom found an actor under a foreign key")
	}
}
