package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"github.com/xuri/excelize/v2"
)

// queueStatsPage is what queue_stats.html shows.
type queueStatsPage struct {
	CentreID int64
	Centres  []*bianmin.Centre
	From, To string
	Stats    *service.QueueStats
	Levels   []string // labels of codes 1..5 (R4.2)
	XLSX     string
	Errors   []string
}

// statsQuery reads the centre (default: the actor's home centre) and the
// range of a statistics request.
func statsQuery(r *http.Request) (int64, string, string) {
	q := r.URL.Query()
	centre := idValue(q.Get("centre_id"))
	if centre == 0 {
		centre = homeCentre(req(r).Actor)
	}
	return centre, strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
}

func levelLabels(lang string) []string {
	out := make([]string, 0, 5)
	for code := 1; code <= 5; code++ {
		out = append(out, pick(lang, bianmin.RatingLevels[code][0], bianmin.RatingLevels[code][1]))
	}
	return out
}

func (s *Server) pageQueueStats(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), req(r).Actor
	centre, from, to := statsQuery(r)
	p := &queueStatsPage{CentreID: centre, From: from, To: to, Levels: levelLabels(req(r).Lang)}
	var err error
	if p.Centres, err = s.svc.ListCentres(ctx, a); err != nil {
		return err
	}
	status := http.StatusOK
	p.Stats, err = s.svc.QueueStats(ctx, a, centre, from, to)
	if err != nil {
		e := bianmin.AsError(err)
		if e.Code != bianmin.EINVALID {
			return err
		}
		status, p.Errors = http.StatusBadRequest, errorMessages(e, req(r).Lang)
	} else {
		p.From, p.To = p.Stats.From, p.Stats.To
		q := url.Values{"centre_id": {strconv.FormatInt(centre, 10)}, "from": {p.From}, "to": {p.To}}
		p.XLSX = "/queue/stats.xlsx?" + q.Encode()
	}
	s.render(w, r, status, "queue_stats", p)
	return nil
}

// reasonText lists a window's pause reasons with count and minutes.
func reasonText(lang string, rs []service.PauseReasonLine) string {
	parts := make([]string, 0, len(rs))
	for _, pr := range rs {
		parts = append(parts, fmt.Sprintf(T(lang, "qstats.reason_fmt"), pr.Reason, pr.Count, pr.Minutes))
	}
	return strings.Join(parts, "；")
}

// levelCount is the count of one satisfaction code in a table cell.
type levelCount struct{ Code, N int }

func byCode(c service.RatingCounts) []levelCount {
	out := make([]levelCount, len(c.ByCode))
	for i, n := range c.ByCode {
		out[i] = levelCount{Code: i + 1, N: n}
	}
	return out
}

func init() {
	funcs["pauseReasons"] = reasonText
	funcs["byCode"] = byCode
	funcs["windowLabel"] = windowLabel
}

// queueStatsXLSX exports the page's figures as a workbook with a sheet per
// table. Text goes into string cells, which Excel never evaluates.
func (s *Server) queueStatsXLSX(w http.ResponseWriter, r *http.Request) error {
	centre, from, to := statsQuery(r)
	st, err := s.svc.QueueStats(r.Context(), req(r).Actor, centre, from, to)
	if err != nil {
		return err
	}
	lang := req(r).Lang
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		name string
		rows [][]any
	}{
		{T(lang, "qstats.queues"), queueRows(lang, st)},
		{T(lang, "qstats.windows"), windowRows(lang, st)},
		{T(lang, "qstats.clerks"), clerkRows(lang, st)},
	}
	for i, sh := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), sh.name)
		} else {
			_, err = f.NewSheet(sh.name)
		}
		if err != nil {
			return err
		}
		for n, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, n+1) // both coordinates are valid
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="queue-stats-`+st.From+"_"+st.To+`.xlsx"`)
	w.Write(buf.Bytes())
	return nil
}

func queueRows(lang string, st *service.QueueStats) [][]any {
	rows := [][]any{{T(lang, "qstats.queue"), T(lang, "qstats.issued"), T(lang, "qstats.called"), T(lang, "qstats.served"),
		T(lang, "qstats.no_shows"), T(lang, "qstats.transfers"), T(lang, "qstats.avg_wait"), T(lang, "qstats.max_wait"), T(lang, "qstats.avg_serve")}}
	for _, q := range st.Queues {
		rows = append(rows, []any{q.Prefix + " " + pick(lang, q.Name, cmpOr(q.NameEN, q.Name)), q.Issued, q.Called, q.Served,
			q.NoShows, q.Transfers, q.AvgWaitMin, q.MaxWaitMin, q.AvgServiceMin})
	}
	return rows
}

func ratingHead(lang string) []any {
	out := []any{}
	for _, l := range levelLabels(lang) {
		out = append(out, l)
	}
	return append(out, T(lang, "qstats.total"), T(lang, "qstats.bad"))
}

func ratingCells(c service.RatingCounts) []any {
	out := []any{}
	for _, n := range c.ByCode {
		out = append(out, n)
	}
	return append(out, c.Total, c.Bad)
}

func windowRows(lang string, st *service.QueueStats) [][]any {
	head := []any{T(lang, "qstats.window"), T(lang, "qstats.served"), T(lang, "qstats.avg_serve"), T(lang, "qstats.pauses"),
		T(lang, "qstats.pause_min"), T(lang, "qstats.reasons")}
	rows := [][]any{append(head, ratingHead(lang)...)}
	for _, wl := range st.Windows {
		row := []any{windowLabel(lang, wl.Number, wl.Name, wl.NameEN), wl.Served, wl.AvgServiceMin, wl.Pauses,
			wl.PauseMin, reasonText(lang, wl.PauseReasons)}
		rows = append(rows, append(row, ratingCells(wl.Ratings)...))
	}
	return rows
}

func clerkRows(lang string, st *service.QueueStats) [][]any {
	head := []any{T(lang, "qstats.clerk"), T(lang, "qstats.staff_no"), T(lang, "qstats.served"), T(lang, "qstats.avg_serve")}
	rows := [][]any{append(head, ratingHead(lang)...)}
	for _, c := range st.Clerks {
		row := []any{c.Name, c.StaffNo, c.Served, c.AvgServiceMin}
		rows = append(rows, append(row, ratingCells(c.Ratings)...))
	}
	return rows
}
