package cases

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bianmin/internal/bianmin"
)

// Action is something a person or the system does to a case.
type Action string

// Actions on a case. Each moves it from some statuses to one.
const (
	ActReceive    Action = "receive"    // materials taken in, decision later (R1.2)
	ActConsult    Action = "consult"    // consultation slip (咨询件)
	ActSupplement Action = "supplement" // supplement notice (ON-2)
	ActReturn     Action = "return"     // non-acceptance notice (ON-3)
	ActAccept     Action = "accept"     // acceptance notice (C-1)
	ActDeem       Action = "deem"       // deemed acceptance (R1.3)
	ActReview     Action = "review"     // 审查 (C-5)
	ActApprove    Action = "approve"    // 审批 by another person (C-5) or the last department (C-6)
	ActRefuse     Action = "refuse"     // 不予许可 (R1.16)
	ActSilent     Action = "silent"     // deemed approval past the limit (C-4)
	ActComplete   Action = "complete"   // 办结 (R3.16)
	ActPause      Action = "pause"      // clock pause (C-3, R1.12): status unchanged
	ActResume     Action = "resume"
	ActExtend     Action = "extend" // the one extension (C-2, R1.8)
)

// moves lists, for each action, the statuses it may start from and the
// status it leads to ("" keeps the status).
var moves = map[Action]struct {
	from []bianmin.CaseStatus
	to   bianmin.CaseStatus
}{
	ActReceive:    {[]bianmin.CaseStatus{""}, bianmin.CaseReceived},
	ActConsult:    {[]bianmin.CaseStatus{"", bianmin.CaseReceived}, bianmin.CaseConsulted},
	ActSupplement: {[]bianmin.CaseStatus{"", bianmin.CaseReceived, bianmin.CaseSupplement}, bianmin.CaseSupplement},
	ActReturn:     {[]bianmin.CaseStatus{"", bianmin.CaseReceived, bianmin.CaseSupplement}, bianmin.CaseReturned},
	ActAccept:     {[]bianmin.CaseStatus{"", bianmin.CaseReceived, bianmin.CaseSupplement}, bianmin.CaseAccepted},
	ActDeem:       {[]bianmin.CaseStatus{bianmin.CaseReceived}, bianmin.CaseAccepted},
	ActReview:     {[]bianmin.CaseStatus{bianmin.CaseAccepted}, bianmin.CaseReviewed},
	ActApprove:    {[]bianmin.CaseStatus{bianmin.CaseReviewed}, bianmin.CaseApproved},
	ActRefuse:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed}, bianmin.CaseRefused},
	ActSilent:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed}, bianmin.CaseApproved},
	ActComplete:   {[]bianmin.CaseStatus{bianmin.CaseApproved}, bianmin.CaseCompleted},
	ActPause:      {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed, bianmin.CaseApproved}, ""},
	ActResume:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed, bianmin.CaseApproved}, ""},
	ActExtend:     {[]bianmin.CaseStatus{bianmin.CaseAccepted, bianmin.CaseReviewed, bianmin.CaseApproved}, ""},
}

// Next returns the status an action leads to from status s ("" for a new
// case), or an error naming the status when the move is not allowed.
func Next(s bianmin.CaseStatus, act Action) (bianmin.CaseStatus, error) {
	m, ok := moves[act]
	if !ok {
		return s, bianmin.Errorf(bianmin.EINVALID, "未知的办件操作。", "Unknown case action.")
	}
	for _, f := range m.from {
		if f == s {
			if m.to == "" {
				return s, nil
			}
			return m.to, nil
		}
	}
	return s, bianmin.Errorf(bianmin.ECONFLICT,
		fmt.Sprintf("办件当前状态为“%s”，不能进行此操作。", StatusName(s, "zh")),
		fmt.Sprintf("The case is %s; this action is not possible now.", StatusName(s, "en")))
}

var statusNames = map[bianmin.CaseStatus][2]string{
	"":                     {"新建", "new"},
	bianmin.CaseReceived:   {"已收件待审查", "received, acceptance pending"},
	bianmin.CaseSupplement: {"待补正", "waiting for supplements"},
	bianmin.CaseConsulted:  {"咨询已答复", "consultation answered"},
	bianmin.CaseReturned:   {"不予受理", "not accepted"},
	bianmin.CaseAccepted:   {"已受理", "accepted"},
	bianmin.CaseReviewed:   {"已审查待审批", "reviewed, approval pending"},
	bianmin.CaseApproved:   {"已批准待办结", "approved, completion pending"},
	bianmin.CaseCompleted:  {"已办结", "completed"},
	bianmin.CaseRefused:    {"不予许可", "refused"},
}

// StatusName names a status in a language ("zh" or "en").
func StatusName(s bianmin.CaseStatus, lang string) string {
	n, ok := statusNames[s]
	if !ok {
		return string(s)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

// Incomplete returns the lines the applicant still owes: required lines not
// complete, and any line marked defective (ON-2 lists them all at once).
func Incomplete(lines []*bianmin.CaseMaterial) []*bianmin.CaseMaterial {
	var out []*bianmin.CaseMaterial
	for _, l := range lines {
		if l.State == bianmin.MaterialDefective || l.Required && !l.State.Complete() {
			out = append(out, l)
		}
	}
	return out
}

// CheckAcceptable refuses acceptance while a material is owed: the clock
// starts only when materials are complete (C-1).
func CheckAcceptable(lines []*bianmin.CaseMaterial) error {
	if owed := Incomplete(lines); len(owed) > 0 {
		return bianmin.Errorf(bianmin.EINVALID,
			fmt.Sprintf("材料不齐，不能受理：还缺 %s。请出具补正通知书（C-1、ON-2）。", names(owed)),
			fmt.Sprintf("Materials are incomplete and cannot be accepted: %s still owed. Issue a supplement notice (C-1, ON-2).", names(owed))).
			WithRule("C-1")
	}
	return nil
}

// SupplementCheck decides whether a supplement notice may be given now and
// what it lists (ON-2, R1.5): every owed line at once. A second notice for
// the same application may ask again for lines an earlier notice already
// listed, or for lines the applicant handed in after the last notice; a line
// that an earlier notice could have asked for but did not is a violation,
// returned in late, and the notice is refused.
func SupplementCheck(lines []*bianmin.CaseMaterial, earlier []bianmin.NoticeBody, lastNoticeAt time.Time) (list, late []*bianmin.CaseMaterial, err error) {
	list = Incomplete(lines)
	if len(list) == 0 {
		return nil, nil, bianmin.Errorf(bianmin.EINVALID, "材料已齐全，无需补正，请直接受理。",
			"Nothing is owed; accept the application instead.").WithRule("ON-2")
	}
	if len(earlier) == 0 {
		return list, nil, nil
	}
	asked := map[string]bool{}
	for _, b := range earlier {
		for _, m := range b.Materials {
			asked[m.Name] = true
		}
	}
	for _, l := range list {
		if asked[l.Name] || l.SubmittedAt != nil && l.SubmittedAt.After(lastNoticeAt) {
			continue
		}
		late = append(late, l)
	}
	if len(late) > 0 {
		return list, late, bianmin.Errorf(bianmin.ECONFLICT,
			fmt.Sprintf("一次性告知要求首次补正通知列明全部问题：%s 不是补正后新提交的材料，不能再次要求补正。此次已记录为违反一次性告知制（ON-2）。", names(late)),
			fmt.Sprintf("One-time notification requires the first notice to list everything: %s was not newly submitted after it and cannot be asked for now. This has been recorded as an ON-2 violation.", names(late))).
			WithRule("ON-2")
	}
	return list, nil, nil
}

func names(ls []*bianmin.CaseMaterial) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = "“" + l.Name + "”"
	}
	return strings.Join(s, "、")
}

// CheckSecondPerson enforces one-review-one-approval (C-5): the approver is
// not the reviewer, so nobody completes every step of a case.
func CheckSecondPerson(reviewerID, approverID int64) error {
	if reviewerID != 0 && reviewerID == approverID {
		return bianmin.Errorf(bianmin.EFORBIDDEN, "审查和审批须由两个不同的人完成（一审一核，C-5）。",
			"Review and approval must be done by two different people (C-5).").WithRule("C-5")
	}
	return nil
}

// feeAmount finds amounts in yuan in a published fee standard: "每本10元",
// "工本费 5.5 元", "评审费1,500元". The number may not follow a digit, a
// point or a comma, so "1,500元" is never read as 500 yuan and "10.555元"
// (not an amount in fen) as 555 yuan.
var feeAmount = regexp.MustCompile(`(?:^|[^\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*元`)

// halfWidth reads standards typed with full-width digits and punctuation
// (１２．５元) the same as ASCII ones.
var halfWidth = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6",
	"７", "7", "８", "8", "９", "9", "．", ".", "，", ",", "\u3000", " ")

// FeeUnits returns the unit amounts in fen that a fee standard publishes.
func FeeUnits(standard string) []int64 {
	var out []int64
	for _, m := range feeAmount.FindAllStringSubmatch(halfWidth.Replace(standard), -1) {
		y, err := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
		if err != nil || y > 1_000_000 {
			continue
		}
		f := int64(0)
		if m[2] != "" {
			f, _ = strconv.ParseInt((m[2] + "0")[:2], 10, 64)
		}
		if v := y*100 + f; v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// CheckFee accepts an invoice only from the item's published standard
// (CAT-3): a free item is never charged, and the unit amount must be one the
// standard states.
func CheckFee(standard string, unitFen int64, quantity int) error {
	if strings.TrimSpace(standard) == "" {
		return bianmin.FieldError("unit_fen", "该事项不收费，不能开具缴费单（CAT-3）。",
			"This item is free; no invoice can be issued (CAT-3).").WithRule("CAT-3")
	}
	if quantity < 1 || quantity > 99 {
		return bianmin.FieldError("quantity", "数量须在 1 至 99 之间。", "The quantity must be 1 to 99.")
	}
	for _, u := range FeeUnits(standard) {
		if u == unitFen {
			return nil
		}
	}
	return bianmin.FieldError("unit_fen",
		fmt.Sprintf("单价 %s 元不在公布的收费标准中（%s），不得收取（CAT-3）。", Yuan(unitFen), standard),
		fmt.Sprintf("A unit price of %s yuan is not in the published fee standard (%s) and may not be charged (CAT-3).", Yuan(unitFen), standard)).
		WithRule("CAT-3")
}

// Yuan formats fen as yuan: 1050 → "10.50", -50 → "-0.50".
func Yuan(fen int64) string {
	sign, u := "", uint64(fen)
	if fen < 0 { // -u, not -fen: the smallest int64 has no positive
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// Document number prefixes, per kind (R9.4).
var docPrefix = map[string]string{
	string(bianmin.NoticeConsultation): "ZX",
	string(bianmin.NoticeSupplement):   "BZ",
	string(bianmin.NoticeReturn):       "BS",
	string(bianmin.NoticeAcceptance):   "SL",
	string(bianmin.NoticePause):        "TB",
	string(bianmin.NoticeExtension):    "YQ",
	string(bianmin.NoticeRefusal):      "BX",
	string(bianmin.NoticeCompletion):   "BJ",
	"invoice":                          "JF",
	"supervision":                      "JC",
}

// CaseNo formats a case number 办件编号 (R9.3, an..50): the 6-digit region,
// the date, the centre and a daily sequence, e.g. 11010520261124001000123.
func CaseNo(region string, centreID int64, date string, seq int) string {
	return fmt.Sprintf("%s%s%03d%06d", region6(region), strings.ReplaceAll(date, "-", ""), centreID%1000, seq)
}

// DocNo formats a document number (R9.4, an..30; 监察编号 an..20): kind
// prefix, year, centre and a yearly sequence, e.g. SL2026001000042.
func DocNo(kind string, centreID int64, year int, seq int) string {
	return fmt.Sprintf("%s%04d%03d%06d", docPrefix[kind], year, centreID%1000, seq)
}

func region6(r string) string {
	if len(r) >= 6 {
		return r[:6]
	}
	return fmt.Sprintf("%06s", r)
}
