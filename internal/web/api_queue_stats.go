package web

import (
	"net/http"

	"bianmin/internal/service"
)

var queueStatsExample = service.QueueStats{CentreID: 2, From: "2026-03-02", To: "2026-03-02", BadCodes: []int{4, 5},
	Queues:  []service.QueueStatsLine{{QueueID: 1, Prefix: "A", Name: "社保", Issued: 40, Called: 38, Served: 35, NoShows: 2, Transfers: 1, AvgWaitMin: 12.5, MaxWaitMin: 41, AvgServiceMin: 6.2}},
	Windows: []service.WindowStatsLine{{WindowID: 1, Number: "1", Name: "1号窗口", Served: 20, AvgServiceMin: 5.8, Pauses: 1, PauseMin: 10, PauseReasons: []service.PauseReasonLine{{Reason: "系统故障", Count: 1, Minutes: 10}}, Ratings: service.RatingCounts{ByCode: [5]int{8, 3, 0, 0, 1}, Total: 12, Bad: 1}}},
	Clerks:  []service.ClerkStatsLine{{UserID: 7, Name: "张三", StaffNo: "NH001", Served: 20, AvgServiceMin: 5.8, Ratings: service.RatingCounts{ByCode: [5]int{8, 3, 0, 0, 1}, Total: 12, Bad: 1}}}}

func (s *Server) apiQueueStats(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	st, err := s.svc.QueueStats(r.Context(), req(r).Actor, id, q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
