package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bianmin/internal/bianmin"
	"bianmin/internal/live"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// The evaluation pad 服务评价器 (RT-1): a tablet bound to one window shows
// the clerk and, for pad_rating_minutes after a service ends, asks the
// citizen for one rating of that occasion (R4.6). Only the pad device can
// rate; no staff session reaches Rate (R4.8), and the rater leaves no
// identity: the rating row knows the ticket, never a person.

// PadView is what the evaluation pad shows: the clerk who served and the
// occasion to rate, if one is open (RT-1, R4.6).
type PadView struct {
	WindowNumber string `json:"window_number"`
	WindowName   string `json:"window_name"`
	WindowNameEN string `json:"window_name_en,omitempty"`
	StaffName    string `json:"staff_name"`
	StaffNo      string `json:"staff_no"`
	HasPhoto     bool   `json:"has_photo"`
	TicketID     int64  `json:"ticket_id,omitempty"` // 0: nothing to rate now
	TicketCode   string `json:"ticket_code,omitempty"`
	// RatingMinutes is the policy's time to rate after a service ends (R4.6).
	RatingMinutes int `json:"rating_minutes"`
	// BadCodes are the codes that count as 差评, for which reasons may be given (R4.1, R4.2).
	BadCodes []int `json:"bad_codes"`
}

// RateRequest is a rating from the pad (codes 1 best … 5 worst, R4.2).
type RateRequest struct {
	TicketID   int64    `json:"ticket_id"`
	Attitude   int      `json:"attitude"`
	Efficiency int      `json:"efficiency"`
	Reasons    []string `json:"reasons,omitempty"`
	Comment    string   `json:"comment,omitempty"`
}

// RatingReason is one fixed reason a citizen may tick on a bad rating.
// GB/T 39734 Appendix A lists the national 差评 reasons but was not
// obtained (R4.7); these keys cover the complaints the seeds name.
type RatingReason struct {
	Key string `json:"key"`
	ZH  string `json:"zh"`
	EN  string `json:"en"`
}

// RatingReasons are the reasons in display order.
var RatingReasons = []RatingReason{
	{"attitude", "服务态度差", "Unfriendly service"},
	{"slow", "办事效率低、等候久", "Slow service or long wait"},
	{"multiple_trips", "让我多跑腿", "I had to come back again"},
	{"not_told_at_once", "未一次性告知所需材料", "Not told everything needed at once"},
	{"other", "其他", "Other"},
}

// MaxRatingComment bounds the optional comment, in characters.
const MaxRatingComment = 200

var (
	errPadOnly = bianmin.Errorf(bianmin.EFORBIDDEN, "只有窗口评价器可以评价。",
		"Only a window's evaluation pad can rate.").WithRule("R4.8")
	errRateOtherWindow = bianmin.FieldError("ticket_id", "本评价器只能评价本窗口办结的服务。",
		"This pad rates only services finished at its own window.").WithRule("RT-1")
	errRateUnfinished = bianmin.FieldError("ticket_id", "该号尚未办结，办结后才能评价。",
		"This service has not finished yet; it can be rated once it has.").WithRule("R4.6")
	errRated = &bianmin.Error{Code: bianmin.ECONFLICT, Field: "ticket_id", Rule: "R4.6",
		ZH: "本次服务已评价，每次服务只能评价一次。", EN: "This service has already been rated; each service is rated once."}
)

func errRateExpired(minutes int) error {
	return &bianmin.Error{Code: bianmin.ECONFLICT, Field: "ticket_id", Rule: "R4.6",
		ZH: fmt.Sprintf("评价时间已过：办结后 %d 分钟内可以评价。", minutes),
		EN: fmt.Sprintf("Too late to rate: a service can be rated within %d minutes after it ends.", minutes)}
}

// padOnly admits a paired evaluation pad bound to a window, nothing else.
func padOnly(d *bianmin.Device) error {
	if d == nil {
		return bianmin.ErrUnauthorized
	}
	if d.Kind != bianmin.DevicePad || d.WindowID == 0 {
		return errPadOnly
	}
	return nil
}

// Pad returns the pad's view: its window, the occasion to rate (the ticket
// finished last at the window within the policy's minutes, if not yet
// rated) and the clerk to show: who served that ticket, else the clerk on
// post, else the window's A post holder (AB-1).
func (s *Service) Pad(ctx context.Context, d *bianmin.Device) (*PadView, error) {
	v, _, err := s.padView(ctx, d)
	return v, err
}

// PadPhoto returns the photo of the clerk the pad shows (ORG-3).
func (s *Service) PadPhoto(ctx context.Context, d *bianmin.Device) (*File, error) {
	_, card, err := s.padView(ctx, d)
	if err != nil {
		return nil, err
	}
	if card == nil || card.PhotoFileID == 0 {
		return nil, bianmin.ErrNotFound
	}
	var f *store.File
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		f, err = store.FileByID(ctx, tx, card.PhotoFileID)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := File(*f)
	return &out, nil
}

func (s *Service) padView(ctx context.Context, d *bianmin.Device) (*PadView, *store.StaffCard, error) {
	if err := padOnly(d); err != nil {
		return nil, nil, err
	}
	p, _, err := s.EffectivePolicy(ctx, d.CentreID)
	if err != nil {
		return nil, nil, err
	}
	minutes := p.Queue.PadRatingMinutes
	v := &PadView{RatingMinutes: minutes, BadCodes: slices.Clone(p.Ratings.BadCodes)}
	var card *store.StaffCard
	err = s.DB.Read(ctx, func(tx *store.Tx) error {
		w, err := store.WindowByID(ctx, tx, d.WindowID)
		if err != nil {
			return err
		}
		v.WindowNumber, v.WindowName, v.WindowNameEN = w.Number, w.Name, w.NameEN
		t, rated, err := store.LatestFinished(ctx, tx, w.ID, tx.Now.Add(-time.Duration(minutes)*time.Minute))
		if err != nil {
			return err
		}
		var clerk int64
		if t != nil && !rated {
			v.TicketID, v.TicketCode, clerk = t.ID, t.Code, t.ServedBy
		}
		if clerk == 0 {
			st, err := store.WindowState(ctx, tx, w.ID)
			if err != nil {
				return err
			}
			clerk = st.UserID
		}
		if clerk == 0 {
			clerk = w.AUserID
		}
		if clerk == 0 {
			return nil
		}
		if card, err = store.StaffCardOf(ctx, tx, clerk); err != nil {
			return err
		}
		v.StaffName, v.StaffNo, v.HasPhoto = card.Name, card.StaffNo, card.PhotoFileID != 0
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return v, card, nil
}

// Rate records the rating of one service occasion from the pad of the
// window where it finished, within the policy's minutes after it finished.
// Attitude and efficiency are GB/T 39046 codes 1..5 (R4.2); the rating's
// code is the worse of the two. Reasons come from RatingReasons and only
// with a bad code (R4.1). One rating per occasion: a second is refused,
// never recorded over the first (R4.6). The rating names the clerk who
// served (R4.16) and the pad, never a rater.
func (s *Service) Rate(ctx context.Context, d *bianmin.Device, r RateRequest) (*bianmin.Rating, error) {
	if err := padOnly(d); err != nil {
		return nil, err
	}
	p, _, err := s.EffectivePolicy(ctx, d.CentreID)
	if err != nil {
		return nil, err
	}
	reasons, comment, err := checkRating(&r, &p.Ratings)
	if err != nil {
		return nil, err
	}
	minutes := p.Queue.PadRatingMinutes
	actor := withRequest(ctx, d.Actor(""))
	var rating *bianmin.Rating
	err = s.write(ctx, func(tx *store.Tx) error {
		e := bianmin.AuditEntry{CentreID: d.CentreID, Action: "rating.create", ObjectType: "ticket",
			ObjectID: idStr(r.TicketID), RuleID: "R4.6"}
		t, err := store.TicketByID(ctx, tx, r.TicketID)
		if err != nil && !errors.Is(err, bianmin.ErrNotFound) {
			return err
		}
		if t == nil || t.CentreID != d.CentreID || t.WindowID != d.WindowID {
			e.RuleID = "RT-1"
			return refuse(ctx, tx, actor, e, errRateOtherWindow)
		}
		if t.Status != bianmin.TicketDone || t.FinishedAt == nil {
			return refuse(ctx, tx, actor, e, errRateUnfinished)
		}
		if tx.Now.After(t.FinishedAt.Add(time.Duration(minutes) * time.Minute)) {
			return refuse(ctx, tx, actor, e, errRateExpired(minutes))
		}
		if _, err := store.RatingByTicket(ctx, tx, t.ID); err == nil {
			return refuse(ctx, tx, actor, e, errRated)
		} else if !errors.Is(err, bianmin.ErrNotFound) {
			return err
		}
		rating = &bianmin.Rating{CentreID: d.CentreID, TicketID: t.ID, CaseID: t.CaseID, WindowID: t.WindowID,
			StaffUserID: t.ServedBy, DeviceID: d.ID, Channel: bianmin.RatingChannelPad, Attitude: r.Attitude,
			Efficiency: r.Efficiency, Code: max(r.Attitude, r.Efficiency), Reasons: reasons, Comment: comment,
			Count: 1, ServiceDate: t.ServiceDate, RatedAt: tx.Now}
		if err := store.InsertRating(ctx, tx, rating); err != nil {
			return err
		}
		return s.recordRating(ctx, tx, actor, e, rating, p.Ratings.IsBad(rating.Code))
	})
	if errors.Is(err, bianmin.ErrConflict) {
		// Another request of the same occasion committed first (R4.6).
		return nil, errRated
	}
	if err != nil {
		return nil, err
	}
	return rating, nil
}

// recordRating audits a new rating with its codes and tells the hall's
// screens that the window's pad changed. The event carries no codes: a
// clerk's console must not learn how it was rated (R4.8).
func (s *Service) recordRating(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, e bianmin.AuditEntry, r *bianmin.Rating, bad bool) error {
	e.ObjectType, e.ObjectID = "rating", idStr(r.ID)
	e.After = bianmin.JSONOf(map[string]any{"ticket_id": r.TicketID, "window_id": r.WindowID,
		"staff_user_id": r.StaffUserID, "channel": r.Channel, "attitude": r.Attitude, "efficiency": r.Efficiency,
		"code": r.Code, "bad": bad, "reasons": r.Reasons, "comment": r.Comment != ""})
	if err := store.Audit(ctx, tx, actor, e); err != nil {
		return err
	}
	w, err := store.WindowByID(ctx, tx, r.WindowID)
	if err != nil {
		return err
	}
	s.publish(tx, live.Event{CentreID: r.CentreID, Kind: live.EventChange, WindowID: w.ID, WindowNumber: w.Number})
	return nil
}

// checkRating validates a rating's codes, reasons and comment and returns
// the reasons deduplicated in list order and the comment on one line.
func checkRating(r *RateRequest, rp *policy.Ratings) ([]string, string, error) {
	var v bianmin.Validation
	if r.TicketID <= 0 {
		v.AddErr(bianmin.FieldError("ticket_id", "现在没有可评价的服务。", "There is no service to rate now.").WithRule("R4.6"))
	}
	if r.Attitude < 1 || r.Attitude > 5 {
		v.AddErr(bianmin.FieldError("attitude", "请为服务态度选择一个评价等级。", "Choose a level for the attitude.").WithRule("R4.2"))
	}
	if r.Efficiency < 1 || r.Efficiency > 5 {
		v.AddErr(bianmin.FieldError("efficiency", "请为办事效率选择一个评价等级。", "Choose a level for the efficiency.").WithRule("R4.2"))
	}
	reasons := []string{}
	for _, rr := range RatingReasons {
		if slices.Contains(r.Reasons, rr.Key) {
			reasons = append(reasons, rr.Key)
		}
	}
	for _, k := range r.Reasons {
		if !slices.ContainsFunc(RatingReasons, func(rr RatingReason) bool { return rr.Key == k }) {
			v.AddErr(bianmin.FieldError("reasons", "未知的差评原因。", "Unknown reason.").WithRule("R4.7"))
			break
		}
	}
	code := max(r.Attitude, r.Efficiency)
	if len(reasons) > 0 && code >= 1 && code <= 5 && !rp.IsBad(code) {
		v.AddErr(bianmin.FieldError("reasons", "只有差评（不满意）时才能选择原因。",
			"Reasons can be given only with a bad (dissatisfied) rating.").WithRule("R4.1"))
	}
	comment := strings.TrimSpace(strings.Join(strings.Fields(r.Comment), " "))
	if !textOK(comment, 0, MaxRatingComment) {
		v.AddErr(bianmin.FieldError("comment", fmt.Sprintf("留言最多 %d 个字。", MaxRatingComment),
			fmt.Sprintf("The comment may have at most %d characters.", MaxRatingComment)))
	}
	return reasons, comment, v.Err()
}
