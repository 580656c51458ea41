package web

import (
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// apiRoutes are the JSON endpoints of the foundation; each capability adds its own.
func (s *Server) apiRoutes() []route {
	staffAny := access{staff: true, allowedBeforePasswordChange: true}
	rs := []route{
		{method: "GET", pattern: "/api/v1/openapi.json", access: public, h: s.apiOpenAPI,
			doc: apiDoc{Summary: "This OpenAPI document", Tag: "meta"}},
		{method: "POST", pattern: "/api/v1/session", access: public, h: s.apiLogin,
			doc: apiDoc{Summary: "Log in; returns a bearer token", Tag: "session", Body: loginRequest{}, Response: sessionResponse{}}},
		{method: "DELETE", pattern: "/api/v1/session", access: staffAny, h: s.apiLogout,
			doc: apiDoc{Summary: "Log out (end this session)", Tag: "session", Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/me", access: staffAny, h: s.apiMe,
			doc: apiDoc{Summary: "Who am I: roles, scope, password state", Tag: "session", Response: meResponse{}}},
		{method: "POST", pattern: "/api/v1/me/password", access: staffAny, h: s.apiChangePassword,
			doc: apiDoc{Summary: "Change my password", Tag: "session", Body: passwordRequest{}, Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/users", access: rolesOnly(accountAdmins...), h: s.apiUsers,
			doc: apiDoc{Summary: "List accounts in scope", Tag: "accounts", Response: map[string][]bianmin.User{}}},
		{method: "POST", pattern: "/api/v1/users", access: rolesOnly(accountAdmins...), h: s.apiCreateUser,
			doc: apiDoc{Summary: "Create an account (must change password at first login)", Tag: "accounts", Body: service.NewUser{}, Response: bianmin.User{}}},
		{method: "POST", pattern: "/api/v1/users/{id}/{action}", access: rolesOnly(accountAdmins...), h: s.apiUserAction,
			doc: apiDoc{Summary: "Account action: disable, enable or unlock", Tag: "accounts", Response: okResponse{}}},
		{method: "PUT", pattern: "/api/v1/users/{id}/password", access: rolesOnly(accountAdmins...), h: s.apiSetUserPassword,
			doc: apiDoc{Summary: "Reset an account's password (must change at next login)", Tag: "accounts", Body: newPasswordRequest{}, Response: okResponse{}}},
		{method: "PUT", pattern: "/api/v1/users/{id}/grants", access: rolesOnly(accountAdmins...), h: s.apiSetGrants,
			doc: apiDoc{Summary: "Replace an account's role grants", Tag: "accounts", Body: grantsRequest{}, Response: okResponse{}}},
		{method: "GET", pattern: "/api/v1/centres", access: anyStaff, h: s.apiCentres,
			doc: apiDoc{Summary: "List centres in scope", Tag: "centres", Response: map[string][]bianmin.Centre{}}},
		{method: "POST", pattern: "/api/v1/centres", access: rolesOnly(bianmin.RoleSysAdmin), h: s.apiCreateCentre,
			doc: apiDoc{Summary: "Create a centre (township centre or village station under a parent)", Tag: "centres", Body: bianmin.Centre{}, Response: bianmin.Centre{}}},
		{method: "GET", pattern: "/api/v1/test/clock", access: public, h: s.apiTestClock,
			doc: apiDoc{Summary: "Read the test clock (only with serve --test-clock)", Tag: "test", Response: clockResponse{}}},
		{method: "POST", pattern: "/api/v1/test/clock", access: public, h: s.apiTestClock,
			doc: apiDoc{Summary: "Set or advance the test clock (only with serve --test-clock)", Tag: "test", Body: clockRequest{}, Response: clockResponse{}}},
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}
