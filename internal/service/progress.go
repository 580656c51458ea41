package service

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/cases"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// ruleProgress is the rule behind the progress query's checks and limits.
const ruleProgress = "SECURITY-32"

// errProgressNoMatch is the one answer to an unknown case number and to a
// wrong query code, so that the form tells nobody which case numbers exist
// (SECURITY.md item 32).
var errProgressNoMatch = bianmin.Errorf(bianmin.ENOTFOUND,
	"没有找到与该办件编号和查询码相符的办件。请核对受理通知书上的办件编号和查询码后再试。",
	"No case matches this case number and query code. Please check both on your acceptance notice and try again.").
	WithRule(ruleProgress)

// caseNoShape is what a case number can look like (R9.3, an..50); anything
// else is answered without touching the per-receipt counters.
var caseNoShape = regexp.MustCompile(`^[0-9A-Z]{1,50}$`)

// Progress is what a citizen sees of a case (C-8): status, steps and
// dates, with the applicant's name masked by masking.public_name and no ID
// number or phone (SECURITY.md item 25).
type Progress struct {
	CaseNo       string         `json:"case_no"`
	ItemName     string         `json:"item_name"`
	Applicant    string         `json:"applicant"`
	Status       string         `json:"status"`
	StatusZH     string         `json:"status_zh"`
	StatusEN     string         `json:"status_en"`
	ReceivedDate string         `json:"received_date"`
	AcceptDate   string         `json:"accept_date,omitempty"`
	DueDate      string         `json:"due_date,omitempty"`
	DueRule      string         `json:"due_rule,omitempty"`
	Paused       bool           `json:"paused"`
	Steps        []ProgressStep `json:"steps"`
	CompletedAt  *time.Time     `json:"completed_at,omitempty"`
	ResultName   string         `json:"result_name,omitempty"`
	Delivery     string         `json:"delivery,omitempty"`
}

// ProgressStep is one processing step as the public sees it (R3.14),
// without the handler.
type ProgressStep struct {
	Name      string     `json:"name"`
	Done      bool       `json:"done"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
}

// QueryProgress answers a citizen's progress query (C-8) by case number
// plus the query code of the acceptance notice (SECURITY.md item 32): at
// most the policy's queries per minute from one address, and after the
// policy's wrong codes for one case number in a day the number is locked
// until midnight. An unknown number and a wrong code get the same answer
// and count alike. Every answer and refusal is audited.
func (s *Service) QueryProgress(ctx context.Context, caseNo, code, source string) (*Progress, error) {
	caseNo = strings.ToUpper(strings.TrimSpace(caseNo))
	a := withRequest(ctx, &bianmin.Actor{Username: "citizen", Source: source})
	var out *Progress
	err := s.write(ctx, func(tx *store.Tx) error {
		c, p, err := progressCase(ctx, tx, s, caseNo)
		if err != nil {
			return err
		}
		e := bianmin.AuditEntry{Action: "progress.query", ObjectType: "case", RuleID: ruleProgress,
			After: bianmin.JSONOf(map[string]any{"case_no": caseNo})}
		if c != nil {
			e.CentreID, e.ObjectID = c.CentreID, idStr(c.ID)
		}
		if err := progressLimits(ctx, tx, a, p, caseNo, e); err != nil {
			return err
		}
		if c == nil || c.QueryHash == "" || subtle.ConstantTimeCompare([]byte(s.queryHash(caseNo, code)), []byte(c.QueryHash)) != 1 {
			return wrongCode(ctx, tx, a, p, caseNo, e)
		}
		if out, err = progressOf(ctx, tx, c, p); err != nil {
			return err
		}
		return store.Audit(ctx, tx, a, e)
	})
	return out, err
}

// progressCase finds the case of a well-formed number and the policy that
// limits queries about it: its centre's today, or the defaults.
func progressCase(ctx context.Context, tx *store.Tx, s *Service, caseNo string) (*bianmin.Case, *policy.Policy, error) {
	if !caseNoShape.MatchString(caseNo) {
		return nil, policy.Default(), nil
	}
	c, err := store.CaseByNo(ctx, tx, caseNo)
	if errors.Is(err, bianmin.ErrNotFound) {
		return nil, policy.Default(), nil
	}
	if err != nil {
		return nil, nil, err
	}
	p, err := s.policyOn(ctx, tx, c.CentreID, bianmin.LocalDate(tx.Now))
	return c, p, err
}

// progressLimits counts the query against its address and refuses it over
// the policy's rate, or while the case number is locked after wrong codes
// (SECURITY.md items 32, 33). A refusal is audited.
func progressLimits(ctx context.Context, tx *store.Tx, a *bianmin.Actor, p *policy.Policy, caseNo string, e bianmin.AuditEntry) error {
	n, end, err := store.HitRate(ctx, tx, "progress.ip:"+a.Source, time.Minute)
	if err != nil {
		return err
	}
	if limit := p.Security.ProgressQueryPerIPMinute; n > limit {
		wait := end.Sub(tx.Now)
		tooMany := retryErr(bianmin.Errorf(bianmin.ETOOMANY,
			fmt.Sprintf("查询过于频繁，请 %d 秒后再试。", int(wait.Seconds())+1),
			fmt.Sprintf("Too many queries; please try again in %d seconds.", int(wait.Seconds())+1)), wait)
		if n > limit+1 {
			return tooMany // audited once per window, like the ticket status page; this hit rolls back
		}
		return refuse(ctx, tx, a, e, tooMany)
	}
	if !caseNoShape.MatchString(caseNo) {
		return nil
	}
	until, err := store.RateMarkedUntil(ctx, tx, "progress.lock:"+caseNo)
	if err != nil || !until.After(tx.Now) {
		return err
	}
	return refuse(ctx, tx, a, e, retryErr(bianmin.Errorf(bianmin.ETOOMANY,
		fmt.Sprintf("该办件编号今天查询码错误已达 %d 次，已锁定至明天 0 时，请明天再试或到大厅窗口查询。", p.Security.ProgressCodeFailuresPerReceiptDay),
		fmt.Sprintf("The query code was wrong %d times today for this case number; it is locked until midnight. Please try again tomorrow or ask at a window.", p.Security.ProgressCodeFailuresPerReceiptDay)),
		until.Sub(tx.Now)))
}

// wrongCode counts a failed code against the case number for the day (an
// unknown number too) and locks the number until midnight at the policy's
// limit; the refusal is audited and answered like an unknown number.
func wrongCode(ctx context.Context, tx *store.Tx, a *bianmin.Actor, p *policy.Policy, caseNo string, e bianmin.AuditEntry) error {
	if caseNoShape.MatchString(caseNo) {
		day, err := bianmin.DayStart(bianmin.LocalDate(tx.Now))
		if err != nil {
			return err
		}
		n, err := store.HitRateAt(ctx, tx, "progress.fail:"+caseNo, day)
		if err != nil {
			return err
		}
		if n >= p.Security.ProgressCodeFailuresPerReceiptDay {
			if err := store.RateMark(ctx, tx, "progress.lock:"+caseNo, day.AddDate(0, 0, 1)); err != nil {
				return err
			}
		}
	}
	e.Result = bianmin.ResultFailed
	return refuse(ctx, tx, a, e, errProgressNoMatch)
}

// progressOf builds the public view of a case.
func progressOf(ctx context.Context, tx *store.Tx, c *bianmin.Case, p *policy.Policy) (*Progress, error) {
	steps, err := store.CaseSteps(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &Progress{CaseNo: c.CaseNo, ItemName: c.ItemName, Applicant: publicName(p.Masking.PublicName, c.ApplicantName),
		Status: string(c.Status), StatusZH: cases.StatusName(c.Status, "zh"), StatusEN: cases.StatusName(c.Status, "en"),
		ReceivedDate: c.ReceivedDate, AcceptDate: c.AcceptDate, DueDate: DueText(c), DueRule: c.DueRule,
		Paused: c.PausedSince != nil, CompletedAt: c.CompletedAt, ResultName: c.ResultName, Delivery: c.Delivery,
		Steps: make([]ProgressStep, 0, len(steps))}
	if !c.Status.Open() && c.Status != bianmin.CaseCompleted {
		out.DueDate, out.DueRule = "", ""
	}
	for _, st := range steps {
		out.Steps = append(out.Steps, ProgressStep{Name: st.Name, Done: st.Status == 2, StartedAt: st.StartedAt, EndedAt: st.EndedAt})
	}
	return out, nil
}

// publicName masks a name for public pages by masking.public_name (R8.3):
// 张*明; a name too short to keep both ends keeps only the first (张*).
func publicName(m policy.Mask, name string) string {
	if len([]rune(name)) <= m.KeepFirst+m.KeepLast {
		return bianmin.MaskKeep(name, m.KeepFirst, 0)
	}
	return bianmin.MaskKeep(name, m.KeepFirst, m.KeepLast)
}

// PublicResult is one line of the public results board 办结公告 (C-8):
// the case, the item, the masked applicant, the result and its date.
type PublicResult struct {
	CaseNo        string `json:"case_no"`
	ItemName      string `json:"item_name"`
	Applicant     string `json:"applicant"`
	ResultName    string `json:"result_name"`
	ResultNo      string `json:"result_no"`
	CompletedDate string `json:"completed_date"`
}

// resultsLimit bounds the results board.
const resultsLimit = 200

// PublicResults lists a centre's latest completions that must be published
// (C-8; the case's Publish flag, set at completion), newest first, with the
// applicant masked by masking.public_name (R8.3). No login is needed.
func (s *Service) PublicResults(ctx context.Context, centreID int64) ([]PublicResult, error) {
	out := []PublicResult{}
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		p, err := s.policyOn(ctx, tx, centreID, bianmin.LocalDate(tx.Now))
		if err != nil {
			return err
		}
		cs, err := store.QueryCases(ctx, tx, "centre_id = $1 AND publish = $2 AND status = 'completed'",
			"completed_at DESC, id DESC", resultsLimit, centreID, true)
		for _, c := range cs {
			r := PublicResult{CaseNo: c.CaseNo, ItemName: c.ItemName, Applicant: publicName(p.Masking.PublicName, c.ApplicantName),
				ResultName: c.ResultName, ResultNo: c.ResultNo}
			if c.CompletedAt != nil {
				r.CompletedDate = bianmin.LocalDate(*c.CompletedAt)
			}
			out = append(out, r)
		}
		return err
	})
	return out, err
}
