package e2e

import (
	"context"
	"strconv"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/service"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestEveryNoticePrintsToPDF prints, through Chromium, each kind of notice
// that the intake and case walks do not (R1.4: a written voucher with the
// organ's name, date and seal): the one-time notification slip (ON-1), the
// non-acceptance notice with reasons, legal basis and the rights to review
// and suit (ON-3, R1.16), the special-procedure notice (R1.12), the
// extension notice with its reason (C-2, R1.8), the refusal decision
// (R1.16) and the completion notice (R3.16). Each PDF carries the centre,
// the case and document numbers, the rule applied and the seal
// placeholder, in polite wording only (ON-5). The cases are set up through
// the service; printing happens on the case page as the director.
func TestEveryNoticePrintsToPDF(t *testing.T) {
	for _, engine := range testutil.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			h := newCaseHall(t, engine)
			ctx := context.Background()
			actor := func(user string) *bianmin.Actor {
				_, a, err := h.srv.svc.Login(ctx, user, initialPw, "127.0.0.1", "e2e")
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			w1a, w1b, chief1, director := actor("w1a"), actor("w1b"), actor("chief1"), actor("director")
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			intake := func(outcome, reason, basis string) int64 {
				res, err := h.srv.svc.Intake(ctx, w1a, service.IntakeRequest{ItemID: h.licence,
					ApplicantType: bianmin.ApplicantPerson, ApplicantName: "赵六", IDNumber: bianmin.WithIDCheck("44030519900101002"),
					Materials: h.handedIn(h.licence), DecideRequest: service.DecideRequest{Outcome: outcome, Reason: reason,
						LegalBasis: basis, Answer: "可先在网上预审"}})
				must(err)
				return res.Case.ID
			}
			consulted := intake("consult", "", "")
			returned := intake("return", "申请事项不属于本中心职权范围", "《行政许可法》第三十二条第一款第（二）项")
			refused := h.acceptCase(t, h.licence)
			must(h.srv.svc.PauseCase(ctx, w1a, refused, bianmin.PauseSpecial, "inspection", "经营场所需现场核查", 3))
			must(h.srv.svc.ResumeCase(ctx, w1a, refused, "核查完毕"))
			must(h.srv.svc.ExtendCase(ctx, director, refused, 5, "需征求相关部门意见"))
			must(h.srv.svc.ReviewCase(ctx, w1b, refused, "经营场所不符合要求", true))
			must(h.srv.svc.RefuseCase(ctx, chief1, refused, "经营场所与食品安全要求不符", "《食品经营许可管理办法》第十一条"))
			completed := h.acceptCase(t, h.licence)
			must(h.srv.svc.ReviewCase(ctx, w1b, completed, "符合条件", true))
			must(h.srv.svc.ApproveCase(ctx, chief1, completed, "同意"))
			must(h.srv.svc.CompleteCase(ctx, w1a, completed, service.CompleteRequest{ResultNo: "JY14403050000123",
				Delivery: service.DeliveryPickup}))

			browser := browser(t)
			loginChanged(t, browser, h.srv.base, "director")
			for _, p := range []struct {
				caseID int64
				kind   bianmin.NoticeKind
				want   []string
			}{
				{consulted, bianmin.NoticeConsultation, []string{"一次性告知单", "申请表", "场地证明", "5个工作日", "可先在网上预审"}},
				{returned, bianmin.NoticeReturn, []string{"不予受理通知书", "不属于本中心职权范围", "第三十二条", "行政复议", "行政诉讼"}},
				{refused, bianmin.NoticePause, []string{"特别程序告知书", "现场核查", "3 个工作日", "第四十五条"}},
				{refused, bianmin.NoticeExtension, []string{"延期办理告知书", "5 个工作日", "需征求相关部门意见"}},
				{refused, bianmin.NoticeRefusal, []string{"不予许可决定书", "与食品安全要求不符", "行政复议", "行政诉讼"}},
				{completed, bianmin.NoticeCompletion, []string{"办结通知书", "食品经营许可证", "JY14403050000123"}},
			} {
				n := h.notice(t, p.caseID, p.kind)
				open(t, browser, h.casePage(p.caseID))
				shown, printed := printNotice(t, browser, string(p.kind))
				wantPrinted(t, shown, printed, append(p.want, "南湖街道便民服务中心", n.caseNo, n.DocNo, n.RuleID, "〔印章〕")...)
			}
		})
	}
}

// caseNotice is a notice with its case's number.
type caseNotice struct {
	*bianmin.Notice
	caseNo string
}

// notice reads a case's first notice of a kind (setup and expectations).
func (h *caseHall) notice(t *testing.T, caseID int64, kind bianmin.NoticeKind) caseNotice {
	t.Helper()
	ctx := context.Background()
	var out caseNotice
	err := h.srv.svc.DB.Read(ctx, func(tx *store.Tx) error {
		c, err := store.CaseByID(ctx, tx, caseID)
		if err != nil {
			return err
		}
		ns, err := store.CaseNotices(ctx, tx, caseID)
		for _, n := range ns {
			if n.Kind == kind && out.Notice == nil {
				out = caseNotice{Notice: n, caseNo: c.CaseNo}
			}
		}
		return err
	})
	if err != nil || out.Notice == nil {
		t.Fatalf("case %s has no %s notice (%v)", strconv.FormatInt(caseID, 10), kind, err)
	}
	return out
}
