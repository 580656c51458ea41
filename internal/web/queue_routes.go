package web

import (
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// queueRoutes: queue and device administration, device pairing, the kiosk
// and its receipt, the citizen's status page and the guide desk, as pages
// and under /api/v1 (DOMAIN.md; SECURITY.md items 33, 44, 45).
func (s *Server) queueRoutes() []route {
	admin := rolesOnly(queueAdmins...)
	kiosk := deviceOnly(bianmin.DeviceKiosk)
	desk := rolesOnly(guideDesk...)
	rs := []route{
		{method: "GET", pattern: "/admin/queues", access: admin, h: s.pageQueues},
		{method: "POST", pattern: "/admin/queues", access: admin, h: s.doSaveQueue},
		{method: "POST", pattern: "/admin/queues/{id}", access: admin, h: s.doSaveQueue},
		{method: "POST", pattern: "/admin/devices", access: admin, h: s.doCreateDevice},
		{method: "POST", pattern: "/admin/devices/{id}/pairing-code", access: admin, h: s.doPairingCode},
		{method: "POST", pattern: "/admin/devices/{id}/revoke", access: admin, h: s.doRevokeDevice},
		{method: "GET", pattern: "/device/pair", access: public, h: s.pagePair},
		{method: "POST", pattern: "/device/pair", access: public, h: s.doPair},
		{method: "GET", pattern: "/kiosk", access: kiosk, h: s.pageKiosk},
		{method: "POST", pattern: "/kiosk/tickets", access: kiosk, h: s.doKioskIssue},
		{method: "GET", pattern: "/kiosk/tickets/{id}", access: kiosk, h: s.pageKioskTicket},
		{method: "GET", pattern: "/t/{token}", access: public, h: s.pageTicketStatus},
		{method: "GET", pattern: "/t/{token}/qr.png", access: public, h: s.ticketQR},
		{method: "GET", pattern: "/guide-desk", access: desk, h: s.pageGuideDesk},
		{method: "POST", pattern: "/guide-desk/tickets", access: desk, h: s.doGuideIssue},
		{method: "GET", pattern: "/guide-desk/tickets/{id}", access: desk, h: s.pageGuideTicket},
		{method: "POST", pattern: "/guide-desk/tickets/{id}/reactivate", access: desk, h: s.doReactivate},
	}
	return append(rs, s.queueAPIRoutes()...)
}

// queueAPIRoutes are the same operations under /api/v1.
func (s *Server) queueAPIRoutes() []route {
	admin := rolesOnly(queueAdmins...)
	kiosk := deviceOnly(bianmin.DeviceKiosk)
	rs := []route{
		{method: "GET", pattern: "/api/v1/centres/{id}/queues", access: anyStaff, h: s.apiQueues,
			doc: apiDoc{Summary: "A centre's queues with their departments and calling windows (Q-1)", Tag: "queue", Response: queuesResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/queues", access: admin, h: s.apiCreateQueue,
			doc: apiDoc{Summary: "Create a queue: one or two capital letters unique in the centre, names, icon, position, daily limit, departments and windows (Q-1)", Tag: "queue", Body: bianmin.Queue{}, Response: bianmin.Queue{}}},
		{method: "PUT", pattern: "/api/v1/queues/{id}", access: admin, h: s.apiUpdateQueue,
			doc: apiDoc{Summary: "Change a queue; its departments and windows are replaced (Q-1)", Tag: "queue", Body: bianmin.Queue{}, Response: bianmin.Queue{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/devices", access: anyStaff, h: s.apiDevices,
			doc: apiDoc{Summary: "A centre's kiosks, hall displays and evaluation pads", Tag: "devices", Response: devicesResponse{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/devices", access: admin, h: s.apiCreateDevice,
			doc: apiDoc{Summary: "Register a kiosk, display or pad (a pad names its window); the one-time pairing code is returned once and works for 24 hours", Tag: "devices", Body: bianmin.Device{}, Response: deviceCreated{}}},
		{method: "POST", pattern: "/api/v1/devices/{id}/pairing-code", access: admin, h: s.apiPairingCode,
			doc: apiDoc{Summary: "A fresh one-time pairing code for a device; its current token works until the code is used", Tag: "devices", Response: pairingCodeResponse{}}},
		{method: "POST", pattern: "/api/v1/devices/{id}/revoke", access: admin, h: s.apiRevokeDevice,
			doc: apiDoc{Summary: "End a device's access at once", Tag: "devices", Response: okResponse{}}},
		{method: "POST", pattern: "/api/v1/devices/pair", access: public, h: s.apiPair,
			doc: apiDoc{Summary: "Pair a device with its one-time code; the token answers as header X-Device-Token on the device's API calls (attempts limited per address)", Tag: "devices", Body: pairRequest{}, Response: pairResponse{}}},
		{method: "GET", pattern: "/api/v1/kiosk/menu", access: kiosk, h: s.apiKioskMenu,
			doc: apiDoc{Summary: "The kiosk's queues, waiting counts and items, and whether tickets are issued now with the reason when not (Q-6); kiosk device only", Tag: "kiosk", Response: service.KioskMenu{}}},
		{method: "POST", pattern: "/api/v1/kiosk/tickets", access: kiosk, h: s.apiKioskIssue,
			doc: apiDoc{Summary: "Issue a ticket; send header Idempotency-Key: a retry with the same key returns the first ticket with 200 and replayed=true, a new one is 201 (SECURITY.md items 33, 44, 45; Q-2 green channel by age); kiosk device only", Tag: "kiosk", Body: service.IssueRequest{}, Response: service.IssuedTicket{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/tickets", access: rolesOnly(guideDesk...), h: s.apiStaffIssue,
			doc: apiDoc{Summary: "Issue a ticket at the guide desk, with the green channel for a named reason (Q-2); Idempotency-Key as for the kiosk", Tag: "kiosk", Body: service.IssueRequest{}, Response: service.IssuedTicket{}}},
		{method: "GET", pattern: "/api/v1/public/tickets/{token}", access: public, h: s.apiTicketStatus,
			doc: apiDoc{Summary: "A ticket's live status by the token of its QR code: people ahead, estimated wait, window when called, near-front notice; 30 requests per minute per address (SECURITY.md item 33)", Tag: "kiosk", Response: service.IssuedTicket{}}},
	}
	for i := range rs {
		rs[i].api = true
	}
	return rs
}
