package cases_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
)

// allStatuses are every status a case can have, "" being a new case.
var allStatuses = []bianmin.CaseStatus{"", bianmin.CaseReceived, bianmin.CaseSupplement, bianmin.CaseConsulted,
	bianmin.CaseReturned, bianmin.CaseAccepted, bianmin.CaseReviewed, bianmin.CaseApproved, bianmin.CaseCompleted,
	bianmin.CaseRefused}

var allActions = []cases.Action{cases.ActReceive, cases.ActConsult, cases.ActSupplement, cases.ActReturn,
	cases.ActAccept, cases.ActDeem, cases.ActReview, cases.ActApprove, cases.ActRefuse, cases.ActSilent,
	cases.ActComplete, cases.ActPause, cases.ActResume, cases.ActExtend}

// TestCases_NextEveryMove: every action from every status. The allowed moves
// are written out here from DOMAIN.md §5 rather than read from the code;
// every other pair is a conflict that names the current status.
func TestCases_NextEveryMove(t *testing.T) {
	const keep = bianmin.CaseStatus("keep")
	open := []bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed, bianmin.CaseApproved}
	before := []bianmin.CaseStatus{"", bianmin.CaseReceived, bianmin.CaseSupplement}
	allowed := map[cases.Action]struct {
		from []bianmin.CaseStatus
		to   bianmin.CaseStatus
	}{
		cases.ActReceive:    {[]bianmin.CaseStatus{""}, bianmin.CaseReceived},                                         // R1.2
		cases.ActConsult:    {[]bianmin.CaseStatus{"", bianmin.CaseReceived}, bianmin.CaseConsulted},                  // ON-1
		cases.ActSupplement: {before, bianmin.CaseSupplement},                                                         // ON-2
		cases.ActReturn:     {before, bianmin.CaseReturned},                                                           // ON-3
		cases.ActAccept:     {before, bianmin.CaseAccepted},                                                           // C-1
		cases.ActDeem:       {[]bianmin.CaseStatus{bianmin.CaseReceived}, bianmin.CaseAccepted},                       // R1.3: no notice given
		cases.ActReview:     {[]bianmin.CaseStatus{bianmin.CaseAccepted}, bianmin.CaseReviewed},                       // C-5
		cases.ActApprove:    {[]bianmin.CaseStatus{bianmin.CaseReviewed}, bianmin.CaseApproved},                       // C-5: after review
		cases.ActRefuse:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed}, bianmin.CaseRefused},  // R1.16
		cases.ActSilent:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed}, bianmin.CaseApproved}, // C-4
		cases.ActComplete:   {[]bianmin.CaseStatus{bianmin.CaseApproved}, bianmin.CaseCompleted},                      // R3.16
		cases.ActPause:      {open, keep},                                                                             // C-3, R1.12
		cases.ActResume:     {open, keep},
		cases.ActExtend:     {open, keep}, // C-2, R1.8
	}
	for _, act := range allActions {
		want, ok := allowed[act]
		if !ok {
			t.Fatalf("action %q has no expectation", act)
		}
		for _, s := range allStatuses {
			got, err := cases.Next(s, act)
			if slices.Contains(want.from, s) {
				to := want.to
				if to == keep {
					to = s
				}
				if err != nil || got != to {
					t.Errorf("Next(%q, %s) = %q, %v; want %q", s, act, got, err, to)
				}
				continue
			}
			e := bianmin.AsError(err)
			if e == nil || e.Code != bianmin.ECONFLICT || got != s {
				t.Errorf("Next(%q, %s) = %q, %v; want ECONFLICT keeping the status", s, act, got, err)
				continue
			}
			if !strings.Contains(e.ZH, cases.StatusName(s, "zh")) || !strings.Contains(e.EN, cases.StatusName(s, "en")) {
				t.Errorf("Next(%q, %s): %q / %q must name the status", s, act, e.ZH, e.EN)
			}
		}
	}
	if got, err := cases.Next(bianmin.CaseAccepted, "archive"); bianmin.ErrorCode(err) != bianmin.EINVALID || got != bianmin.CaseAccepted {
		t.Errorf("an unknown action: %q, %v; want EINVALID keeping the status", got, err)
	}
}

// TestCases_ClosedStatusesAreFinal: nothing moves a closed case, and only the
// three open statuses run the clock.
func TestCases_ClosedStatusesAreFinal(t *testing.T) {
	for _, s := range allStatuses {
		if s.Closed() && s.Open() {
			t.Errorf("%q is both open and closed", s)
		}
		if !s.Closed() {
			continue
		}
		for _, act := range allActions {
			if got, err := cases.Next(s, act); err == nil || got != s {
				t.Errorf("closed %q moved by %s to %q", s, act, got)
			}
		}
	}
}

// TestCases_StatusName: every status has a name in both languages; an
// unknown one is shown as it is rather than hidden.
func TestCases_StatusName(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range allStatuses {
		zh, en := cases.StatusName(s, "zh"), cases.StatusName(s, "en")
		if zh == "" || en == "" || zh == en || seen[zh] {
			t.Errorf("status %q: names %q / %q", s, zh, en)
		}
		seen[zh] = true
	}
	if got := cases.StatusName("lost", "zh"); got != "lost" {
		t.Errorf("unknown status named %q", got)
	}
}

func line(name string, required bool, state bianmin.MaterialState) *bianmin.CaseMaterial {
	return &bianmin.CaseMaterial{Name: name, Required: required, State: state, Count: 1}
}

func lineNames(ls []*bianmin.CaseMaterial) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

// TestCases_C1_CheckAcceptable: acceptance waits for every required line and
// for every defect to be fixed (C-1); optional missing lines do not block.
func TestCases_C1_CheckAcceptable(t *testing.T) {
	complete := []*bianmin.CaseMaterial{
		line("申请书", true, bianmin.MaterialOriginal),
		line("营业执照", true, bianmin.MaterialCopy),
		line("委托书", true, bianmin.MaterialNotNeeded),
		line("其他证明", false, bianmin.MaterialMissing),
	}
	if err := cases.CheckAcceptable(complete); err != nil {
		t.Fatalf("complete materials refused: %v", err)
	}
	if err := cases.CheckAcceptable(nil); err != nil {
		t.Fatalf("an item without materials refused: %v", err)
	}
	owed := []*bianmin.CaseMaterial{
		line("申请书", true, bianmin.MaterialOriginal),
		line("营业执照", true, bianmin.MaterialMissing),
		line("场所证明", false, bianmin.MaterialDefective),
		line("健康证明", true, bianmin.MaterialDefective),
	}
	if got := lineNames(cases.Incomplete(owed)); !slices.Equal(got, []string{"营业执照", "场所证明", "健康证明"}) {
		t.Errorf("Incomplete = %v", got)
	}
	e := bianmin.AsError(cases.CheckAcceptable(owed))
	if e == nil || e.Code != bianmin.EINVALID || e.Rule != "C-1" {
		t.Fatalf("incomplete materials: %v, want EINVALID with rule C-1", e)
	}
	for _, n := range []string{"营业执照", "场所证明", "健康证明"} {
		if !strings.Contains(e.ZH, n) || !strings.Contains(e.EN, n) {
			t.Errorf("the refusal %q must name %s", e.ZH, n)
		}
	}
}

// TestCases_ON2_SupplementCheck: the first notice lists everything owed; a
// second one may repeat lines listed before or ask about lines handed in
// after the last notice, and anything else is a late request (ON-2, R1.5).
func TestCases_ON2_SupplementCheck(t *testing.T) {
	first := time.Date(2026, 3, 2, 10, 0, 0, 0, bianmin.Shanghai)
	after := first.Add(26 * time.Hour)
	before := first.Add(-time.Hour)
	lines := func() []*bianmin.CaseMaterial {
		return []*bianmin.CaseMaterial{
			line("申请书", true, bianmin.MaterialOriginal),
			line("营业执照", true, bianmin.MaterialMissing),
			line("场所证明", true, bianmin.MaterialDefective),
			line("健康证明", false, bianmin.MaterialMissing),
		}
	}

	list, late, err := cases.SupplementCheck(lines(), nil, time.Time{})
	if err != nil || late != nil || !slices.Equal(lineNames(list), []string{"营业执照", "场所证明"}) {
		t.Fatalf("first notice: %v late %v err %v; want both owed lines", lineNames(list), late, err)
	}

	done := []*bianmin.CaseMaterial{line("申请书", true, bianmin.MaterialOriginal)}
	if _, _, err := cases.SupplementCheck(done, nil, time.Time{}); bianmin.AsError(err) == nil || bianmin.AsError(err).Rule != "ON-2" {
		t.Errorf("nothing owed: %v, want a refusal with rule ON-2", err)
	}

	earlier := []bianmin.NoticeBody{{Materials: []bianmin.NoticeMaterial{{Name: "营业执照", State: bianmin.MaterialMissing}}}}

	// 营业执照 was listed; 场所证明 was handed in after the notice and is
	// defective: both may be asked for again.
	ls := lines()
	ls[2].SubmittedAt = &after
	list, late, err = cases.SupplementCheck(ls, earlier, first)
	if err != nil || late != nil || len(list) != 2 {
		t.Errorf("second notice about listed and new lines: %v late %v err %v", lineNames(list), lineNames(late), err)
	}

	// 场所证明 was defective already before the first notice, which did not
	// list it: a second notice is refused and the line reported late.
	for _, sub := range []*time.Time{nil, &before, &first} {
		ls := lines()
		ls[2].SubmittedAt = sub
		list, late, err := cases.SupplementCheck(ls, earlier, first)
		e := bianmin.AsError(err)
		if e == nil || e.Code != bianmin.ECONFLICT || e.Rule != "ON-2" {
			t.Errorf("submitted %v: err %v, want ECONFLICT with rule ON-2", sub, err)
			continue
		}
		if !slices.Equal(lineNames(late), []string{"场所证明"}) || len(list) != 2 || !strings.Contains(e.ZH, "场所证明") {
			t.Errorf("submitted %v: list %v late %v msg %q", sub, lineNames(list), lineNames(late), e.ZH)
		}
	}

	// Lines listed by any of several earlier notices count as listed.
	two := append(earlier, bianmin.NoticeBody{Materials: []bianmin.NoticeMaterial{{Name: "场所证明"}}})
	if _, late, err := cases.SupplementCheck(lines(), two, first); err != nil || late != nil {
		t.Errorf("lines of earlier notices: late %v err %v", lineNames(late), err)
	}
}

// TestCases_C5_CheckSecondPerson: review and approval by two people.
func TestCases_C5_CheckSecondPerson(t *testing.T) {
	if err := cases.CheckSecondPerson(7, 8); err != nil {
		t.Errorf("two people refused: %v", err)
	}
	if err := cases.CheckSecondPerson(0, 8); err != nil {
		t.Errorf("no reviewer yet (joint approval) refused: %v", err)
	}
	e := bianmin.AsError(cases.CheckSecondPerson(7, 7))
	if e == nil || e.Code != bianmin.EFORBIDDEN || e.Rule != "C-5" || !strings.Contains(e.ZH, "一审一核") {
		t.Errorf("one person reviewing and approving: %v, want EFORBIDDEN with rule C-5", e)
	}
}

// TestCases_CAT3_FeeUnits: amounts in yuan found in a published standard.
func TestCases_CAT3_FeeUnits(t *testing.T) {
	for _, v := range []struct {
		standard string
		want     []int64
	}{
		{"每本10元", []int64{1000}},
		{"工本费 5.5 元", []int64{550}},
		{"工本费5.50元/本", []int64{550}},
		{"0.5元每页", []int64{50}},
		{"正本20元，副本每本5元", []int64{2000, 500}},
		{"每证１０元", []int64{1000}},       // full-width digits
		{"每证１２．５元", []int64{1250}},     // and a full-width point
		{"评审费1,500元", []int64{150000}}, // thousands separator
		{"评审费1，500元", []int64{150000}}, // full-width comma
		{"10.555元", nil},               // more than fen: not an amount
		{"15000000元", nil},             // beyond any published fee
		{"免费", nil},
		{"0元", nil},
		{"", nil},
		{"按实际成本收取", nil},
		{"2.5万元", nil}, // 万 is not yuan
	} {
		if got := cases.FeeUnits(v.standard); !slices.Equal(got, v.want) {
			t.Errorf("FeeUnits(%q) = %v, want %v", v.standard, got, v.want)
		}
	}
}

// TestCases_CAT3_CheckFee: an invoice only at a unit amount the standard
// states, never for a free item.
func TestCases_CAT3_CheckFee(t *testing.T) {
	const std = "正本20元，副本每本5.5元"
	for _, v := range []struct {
		standard string
		unit     int64
		qty      int
		field    string
		rule     string
	}{
		{std, 2000, 1, "", ""},
		{std, 550, 3, "", ""},
		{std, 500, 1, "unit_fen", "CAT-3"},
		{std, 2001, 1, "unit_fen", "CAT-3"},
		{std, 0, 1, "unit_fen", "CAT-3"},
		{std, 2000, 0, "quantity", ""},
		{std, 2000, 100, "quantity", ""},
		{"", 2000, 1, "unit_fen", "CAT-3"},
		{"  ", 0, 1, "unit_fen", "CAT-3"},
	} {
		err := cases.CheckFee(v.standard, v.unit, v.qty)
		if v.field == "" {
			if err != nil {
				t.Errorf("CheckFee(%q, %d, %d): %v", v.standard, v.unit, v.qty, err)
			}
			continue
		}
		e := bianmin.AsError(err)
		if e == nil || e.Code != bianmin.EINVALID || e.Field != v.field || e.Rule != v.rule {
			t.Errorf("CheckFee(%q, %d, %d) = %v, want field %s rule %q", v.standard, v.unit, v.qty, err, v.field, v.rule)
		}
	}
	e := bianmin.AsError(cases.CheckFee(std, 500, 1))
	if !strings.Contains(e.ZH, "5.00") || !strings.Contains(e.ZH, std) {
		t.Errorf("the refusal %q must give the amount and the standard", e.ZH)
	}
}

// TestCases_Yuan formats fen for notices and messages.
func TestCases_Yuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 550: "5.50", 1000: "10.00", 123456: "1234.56", -50: "-0.50", -1205: "-12.05"} {
		if got := cases.Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

// TestCases_R9_Numbers: case numbers fit an..50 (R9.3), document numbers
// an..30 and supervision numbers an..20 (R9.4, R5.1), even at the largest
// centre ID and sequence, and each kind has its own prefix.
func TestCases_R9_Numbers(t *testing.T) {
	an := func(s string) bool {
		for _, r := range s {
			if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
		return s != ""
	}
	if got := cases.CaseNo("110105000000", 1, "2026-11-24", 123); got != "11010520261124001000123" {
		t.Errorf("CaseNo = %q", got)
	}
	if got := cases.CaseNo("11", 1, "2026-11-24", 1); got != "00001120261124001000001" {
		t.Errorf("CaseNo with a short region = %q", got)
	}
	for _, seq := range []int{1, 999999, 1 << 40} {
		no := cases.CaseNo("511602000000", 123456, "2026-12-31", seq)
		if len(no) > 50 || !an(no) {
			t.Errorf("CaseNo(seq %d) = %q: not an..50 (R9.3)", seq, no)
		}
	}
	kinds := []string{"invoice", "supervision"}
	for _, k := range bianmin.NoticeKinds {
		kinds = append(kinds, string(k))
	}
	prefixes := map[string]string{}
	for _, k := range kinds {
		for _, seq := range []int{1, 999999, 9999999} {
			no := cases.DocNo(k, 123456, 2026, seq)
			limit := 30
			if k == "supervision" {
				limit = 20
			}
			if len(no) > limit || !an(no) {
				t.Errorf("DocNo(%s, seq %d) = %q: not an..%d (R9.4)", k, seq, no, limit)
			}
		}
		p := strings.TrimRight(cases.DocNo(k, 1, 2026, 1), "0123456789")
		if p == "" || prefixes[p] != "" {
			t.Errorf("DocNo(%s) has prefix %q, also used by %q", k, p, prefixes[p])
		}
		prefixes[p] = k
	}
	if got := cases.DocNo(string(bianmin.NoticeAcceptance), 1, 2026, 42); got != "SL2026001000042" {
		t.Errorf("acceptance DocNo = %q", got)
	}
}
