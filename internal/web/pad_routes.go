package web

import "bianmin/internal/bianmin"

// padRoutes: the evaluation pad of a window (RT-1, R4.1-R4.8) and the queue
// statistics. Only a paired pad rates: a staff session on the same routes
// is refused by the device access rule (R4.8).
func (s *Server) padRoutes() []route {
	pad := deviceOnly(bianmin.DevicePad)
	stats := rolesOnly(statsReaders...)
	return []route{
		{method: "GET", pattern: "/pad", access: pad, h: s.pagePad},
		{method: "POST", pattern: "/pad/ratings", access: pad, h: s.doPadRate},
		{method: "GET", pattern: "/pad/photo", access: pad, h: s.padPhoto},
		{method: "GET", pattern: "/api/v1/pad", access: pad, api: true, h: s.apiPad,
			doc: apiDoc{Summary: "The pad's window, clerk and the service occasion open for rating, if any (RT-1, R4.6); pad device only", Tag: "pad", Response: padViewExample}},
		{method: "POST", pattern: "/api/v1/pad/ratings", access: pad, api: true, h: s.apiPadRate,
			doc: apiDoc{Summary: "Rate the occasion once: attitude and efficiency as GB/T 39046 codes 1 (very satisfied) to 5; reasons only on a bad code (R4.1, R4.2, R4.6); pad device only (R4.8)", Tag: "pad", Body: padRateExample, Response: bianmin.Rating{}}},
		{method: "GET", pattern: "/queue/stats", access: stats, h: s.pageQueueStats},
		{method: "GET", pattern: "/queue/stats.xlsx", access: stats, h: s.queueStatsXLSX},
		{method: "GET", pattern: "/api/v1/centres/{id}/queue-stats", access: stats, api: true, h: s.apiQueueStats,
			doc: apiDoc{Summary: "Queue, window and clerk figures for service days ?from=&to= (YYYY-MM-DD, default today, at most 366 days); ratings as counts per level only (R4.8); a clerk gets only their own line", Tag: "queue", Response: queueStatsExample}},
	}
}
