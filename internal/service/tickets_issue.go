package service

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"bianmin/internal/auth"
	"bianmin/internal/bianmin"
	"bianmin/internal/calendar"
	"bianmin/internal/live"
	"bianmin/internal/policy"
	"bianmin/internal/queue"
	"bianmin/internal/store"
)

// IssueRequest asks for a ticket.
type IssueRequest struct {
	QueueID     int64  `json:"queue_id"`
	ItemCode    string `json:"item_code,omitempty"` // impl_code of a published item of the queue; "" = other business or a question
	IDNumber    string `json:"id_number,omitempty"` // optional; checked (GB 11643), stored masked only
	Phone       string `json:"phone,omitempty"`     // optional; stored masked only
	Green       bool   `json:"green,omitempty"`     // green channel 绿色通道
	GreenReason string `json:"green_reason,omitempty"`
	IdemKey     string `json:"-"` // Idempotency-Key header (SECURITY.md item 45)
	// Appointment check-in (issue 8): the booking and its slot.
	AppointmentID int64      `json:"-"`
	SlotAt        *time.Time `json:"-"`
}

// IssuedTicket is a ticket as printed and as the status page shows it.
type IssuedTicket struct {
	Ticket       *bianmin.Ticket `json:"ticket"`
	QueueName    string          `json:"queue_name"`
	QueueNameEN  string          `json:"queue_name_en"`
	Ahead        int             `json:"ahead"`        // people waiting before this ticket
	WaitMinutes  int             `json:"wait_minutes"` // estimated
	StatusPath   string          `json:"status_path"`  // "/t/<token>"
	WindowNo     string          `json:"window_number,omitempty"`
	NearFront    bool            `json:"near_front"`
	Replayed     bool            `json:"replayed"` // an Idempotency-Key retry returned the first ticket
	CentreName   string          `json:"centre_name"`
	CentreNameEN string          `json:"centre_name_en,omitempty"`
}

// guideDeskRoles issue tickets at the guide desk, with the green channel
// for any of its reasons.
var guideDeskRoles = []bianmin.Role{bianmin.RoleGuide, bianmin.RoleDutyChief, bianmin.RoleDutyLeader, bianmin.RoleDirector}

// issuer is who asks for a ticket: a kiosk (device set) or a person at the
// guide desk.
type issuer struct {
	centreID int64
	device   *bianmin.Device
	actor    *bianmin.Actor
}

// IssueAtKiosk issues a ticket at a kiosk (limits of SECURITY.md item 33 apply).
func (s *Service) IssueAtKiosk(ctx context.Context, d *bianmin.Device, r IssueRequest) (*IssuedTicket, error) {
	if d == nil || d.Kind != bianmin.DeviceKiosk {
		return nil, bianmin.ErrForbidden
	}
	return s.issue(ctx, issuer{centreID: d.CentreID, device: d, actor: withRequest(ctx, d.Actor(""))}, r)
}

// IssueByStaff issues a ticket at the guide desk: a guide, the hall duty
// chief, the duty leader or the director of the centre. They may give the
// green channel for any reason of bianmin.GreenReasons.
func (s *Service) IssueByStaff(ctx context.Context, a *bianmin.Actor, centreID int64, r IssueRequest) (*IssuedTicket, error) {
	if a == nil {
		return nil, bianmin.ErrUnauthorized
	}
	return s.issue(ctx, issuer{centreID: centreID, actor: a}, r)
}

var (
	errIdemKey = bianmin.FieldError("idempotency_key", "幂等键须为 1 至 100 个可见字符。",
		"The idempotency key must have 1 to 100 printable characters.")
	errIdemOther = (&bianmin.Error{Code: bianmin.ECONFLICT, Field: "idempotency_key",
		ZH: "该幂等键已被其他设备或人员使用。", EN: "This idempotency key was used by another device or person."}).WithRule("SECURITY-45")
	idemPattern = regexp.MustCompile(`^[\x21-\x7e]{1,100}$`)
)

// issue is the one issuing operation of kiosks and the guide desk: one
// write transaction that numbers the ticket from the queue's day counter,
// inserts it with its event and audit row and publishes the change after
// commit (Q-1, SECURITY.md item 44). A retry with the same idempotency key
// returns the first ticket (item 45), also when it raced the first request.
func (s *Service) issue(ctx context.Context, is issuer, r IssueRequest) (*IssuedTicket, error) {
	r.IdemKey = strings.TrimSpace(r.IdemKey)
	if r.IdemKey != "" && !idemPattern.MatchString(r.IdemKey) {
		return nil, errIdemKey
	}
	p, _, err := s.EffectivePolicy(ctx, is.centreID)
	if err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var t *bianmin.Ticket
	replay := false
	err = s.write(ctx, func(tx *store.Tx) error {
		if is.device == nil {
			e := bianmin.AuditEntry{CentreID: is.centreID, Action: "ticket.issue", ObjectType: "ticket"}
			if err := guardGuideDesk(ctx, tx, is.actor, e); err != nil {
				return err
			}
		}
		if r.IdemKey != "" {
			var err error
			t, err = store.TicketByIdemKey(ctx, tx, is.centreID, r.IdemKey)
			if err == nil {
				replay = true
				return nil
			}
			if !errors.Is(err, bianmin.ErrNotFound) {
				return err
			}
		}
		var err error
		t, err = s.newTicket(ctx, tx, is, r, p, cal)
		return err
	})
	if errors.Is(err, bianmin.ErrConflict) && r.IdemKey != "" {
		// A retry with the same key committed first (the unique index on the
		// key is the backstop): answer with its ticket.
		replay, err = true, s.DB.Read(ctx, func(tx *store.Tx) (err error) {
			t, err = store.TicketByIdemKey(ctx, tx, is.centreID, r.IdemKey)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	// The receipt's people-ahead and waiting estimate are read after the
	// commit, so the counter and audit locks are held only for the write.
	var out *IssuedTicket
	err = s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		if replay {
			out, err = replayed(ctx, tx, is, t, p)
		} else {
			out, err = issuedView(ctx, tx, t, p)
		}
		return err
	})
	return out, err
}

// guardGuideDesk lets the guide desk roles of the centre issue and audits
// any other actor's attempt.
func guardGuideDesk(ctx context.Context, tx *store.Tx, a *bianmin.Actor, e bianmin.AuditEntry) error {
	ok, err := mayActAny(ctx, tx, a, e.CentreID, guideDeskRoles...)
	if err != nil || ok {
		return err
	}
	e.RuleID = ruleScope
	return refuse(ctx, tx, a, e, bianmin.ErrForbidden)
}

// replayed answers a retry with the ticket its key got the first time; a
// key of another kiosk or person is refused rather than shown.
func replayed(ctx context.Context, tx *store.Tx, is issuer, t *bianmin.Ticket, p *policy.Policy) (*IssuedTicket, error) {
	same := is.device != nil && t.DeviceID == is.device.ID || is.device == nil && t.DeviceID == 0 && t.IssuedBy == is.actor.UserID
	if !same {
		return nil, errIdemOther
	}
	out, err := issuedView(ctx, tx, t, p)
	if err != nil {
		return nil, err
	}
	out.Replayed = true
	return out, nil
}

// newTicket checks the request and the limits, then numbers, inserts,
// audits and publishes the ticket.
func (s *Service) newTicket(ctx context.Context, tx *store.Tx, is issuer, r IssueRequest, p *policy.Policy, cal *calendar.Calendar) (*bianmin.Ticket, error) {
	q, err := store.QueueByID(ctx, tx, r.QueueID)
	if err != nil && !errors.Is(err, bianmin.ErrNotFound) {
		return nil, err
	}
	if err != nil || q.CentreID != is.centreID || !q.Active {
		return nil, bianmin.FieldError("queue_id", "请选择本中心正在取号的业务队列。",
			"Choose an active queue of this centre.").WithRule("Q-1")
	}
	open, _, err := issueOpen(ctx, tx, is.centreID, p, cal)
	if err != nil {
		return nil, err
	}
	if !open {
		return nil, queue.ErrNotIssuing
	}
	date := bianmin.LocalDate(tx.Now)
	t := &bianmin.Ticket{CentreID: is.centreID, QueueID: q.ID, ServiceDate: date, Prefix: q.Prefix,
		Kind: bianmin.TicketNormal, Status: bianmin.TicketWaiting, OrderAt: tx.Now, IssuedAt: tx.Now,
		IdemKey: r.IdemKey, AppointmentID: r.AppointmentID, SlotAt: r.SlotAt}
	idNumber, err := s.checkRequest(ctx, tx, is, q, r, p, t)
	if err != nil {
		return nil, err
	}
	if err := checkDailyLimit(ctx, tx, q, p, t); err != nil {
		return nil, err
	}
	if is.device != nil {
		if err := kioskLimits(ctx, tx, is, p, t, idNumber); err != nil {
			return nil, err
		}
		t.DeviceID = is.device.ID
	} else {
		t.IssuedBy = is.actor.UserID
	}
	if t.Number, err = store.NextTicketNumber(ctx, tx, q.ID, date); err != nil {
		return nil, err
	}
	t.Code = bianmin.TicketCode(t.Prefix, t.Number)
	t.StatusToken, _ = auth.NewToken()
	if err := store.InsertTicket(ctx, tx, t); err != nil {
		return nil, err
	}
	if err := store.AddTicketEvent(ctx, tx, &bianmin.TicketEvent{TicketID: t.ID, CentreID: t.CentreID, QueueID: t.QueueID,
		ServiceDate: date, Kind: bianmin.EventIssue, UserID: t.IssuedBy, Reason: t.KindReason}); err != nil {
		return nil, err
	}
	rule := "Q-1"
	if t.Priority() {
		rule = "Q-2"
	}
	if err := store.Audit(ctx, tx, is.actor, bianmin.AuditEntry{CentreID: t.CentreID, Action: "ticket.issue",
		ObjectType: "ticket", ObjectID: idStr(t.ID), After: bianmin.JSONOf(t), RuleID: rule}); err != nil {
		return nil, err
	}
	s.publish(tx, live.Event{CentreID: t.CentreID, Kind: live.EventChange, TicketID: t.ID, Code: t.Code})
	return t, nil
}

// checkRequest checks the item, the optional ID number and mobile number
// (phonePattern of the account rules) and the
// green channel, filling t. It returns the normalised ID number (kept in
// memory only, for the per-ID limit), never stored in clear.
func (s *Service) checkRequest(ctx context.Context, tx *store.Tx, is issuer, q *bianmin.Queue, r IssueRequest, p *policy.Policy, t *bianmin.Ticket) (string, error) {
	var v bianmin.Validation
	if code := strings.TrimSpace(r.ItemCode); code != "" {
		items, err := store.KioskItems(ctx, tx, is.centreID, q.DepartmentIDs)
		if err != nil {
			return "", err
		}
		i := slices.IndexFunc(items, func(it store.KioskItem) bool { return it.Code == code })
		if i < 0 {
			v.Add("item_code", "该事项不属于所选业务队列，请重新选择。", "This service is not offered by the chosen queue; choose again.")
		} else {
			t.ItemCode, t.ItemName = code, items[i].Name
		}
	}
	id := ""
	if raw := strings.TrimSpace(r.IDNumber); raw != "" {
		n, ok := bianmin.NormalizeIDNumber(raw)
		if !ok {
			v.Add("id_number", "身份证号码不正确，请核对后重新输入（也可以不填）。",
				"The ID number is not valid; check it and enter it again (or leave it empty).")
		} else {
			id, t.IDMasked = n, bianmin.MaskID(n)
		}
	}
	if raw := strings.NewReplacer(" ", "", "-", "").Replace(r.Phone); raw != "" {
		if !phonePattern.MatchString(raw) {
			v.Add("phone", "手机号码须为 11 位手机号（也可以不填）。",
				"The mobile number must be an 11-digit mobile number (or leave it empty).")
		} else {
			t.PhoneMasked = bianmin.MaskPhone(raw)
		}
	}
	if r.AppointmentID != 0 {
		t.Kind = bianmin.TicketAppointment
	} else if r.Green {
		checkGreen(&v, is, r, p, t, id)
	}
	return id, v.Err()
}

// checkGreen gives the green channel. A kiosk gives it only by age,
// from the ID number (policy queue.green_channel_min_age); the guide desk
// gives it for any reason it names.
func checkGreen(v *bianmin.Validation, is issuer, r IssueRequest, p *policy.Policy, t *bianmin.Ticket, id string) {
	if is.device == nil {
		if !slices.Contains(bianmin.GreenReasons, r.GreenReason) {
			v.AddErr(bianmin.FieldError("green_reason", "请选择绿色通道的原因（老、弱、病、残）。",
				"Choose the green-channel reason (elderly, infirm, sick, disabled).").WithRule("Q-2"))
			return
		}
		t.Kind, t.KindReason = bianmin.TicketGreen, r.GreenReason
		return
	}
	min := p.Queue.GreenChannelMinAge
	if id == "" || !queue.OffersGreen(id, calendar.DateOf(t.IssuedAt), min) {
		v.AddErr(bianmin.FieldError("green",
			fmt.Sprintf("取号机仅为凭身份证号码年满 %d 周岁的老人自动提供绿色通道；体弱、患病、残疾等其他情况请到导办台取号。", min),
			fmt.Sprintf("The kiosk gives the green channel only to people aged %d or over, by their ID number; for illness, disability or other needs please go to the guide desk.", min)).
			WithRule("Q-2"))
		return
	}
	t.Kind, t.KindReason = bianmin.TicketGreen, bianmin.GreenElderly
}

// checkDailyLimit stops issuing when a queue has given out its tickets for
// the day: the queue's own limit, else the policy's (0 = none; Q-1). A
// checked-in appointment already holds its place and is not counted out.
func checkDailyLimit(ctx context.Context, tx *store.Tx, q *bianmin.Queue, p *policy.Policy, t *bianmin.Ticket) error {
	limit := q.DailyLimit
	if limit == 0 {
		limit = p.Queue.DailyTicketLimit
	}
	if limit == 0 || t.Kind == bianmin.TicketAppointment {
		return nil
	}
	n, err := store.IssuedCount(ctx, tx, q.ID, t.ServiceDate)
	if err != nil {
		return err
	}
	if n >= limit {
		return bianmin.Errorf(bianmin.ECONFLICT,
			fmt.Sprintf("“%s”今日的 %d 个号已全部取完，请改日再来或到导办台咨询。", q.Name, limit),
			fmt.Sprintf("All %d tickets of “%s” have been issued today; please come another day or ask at the guide desk.", limit, cmp.Or(q.NameEN, q.Name))).
			WithRule("Q-1")
	}
	return nil
}

// kioskLimits applies the kiosk's anti-automation limits (SECURITY.md item
// 33): tickets per kiosk per minute, and per ID number, matter and day when
// an ID is entered. Counters are rows of the database, so they hold across
// instances; a rejection is audited and answered 429 with Retry-After.
func kioskLimits(ctx context.Context, tx *store.Tx, is issuer, p *policy.Policy, t *bianmin.Ticket, id string) error {
	e := bianmin.AuditEntry{CentreID: t.CentreID, Action: "ticket.issue", ObjectType: "ticket", RuleID: ruleRateLimit}
	n, end, err := store.HitRate(ctx, tx, "kiosk.issue:"+idStr(is.device.ID), time.Minute)
	if err != nil {
		return err
	}
	if n > p.Queue.KioskTicketsPerMinute {
		e.After = bianmin.JSONOf(map[string]any{"limit": "kiosk_tickets_per_minute", "count": n})
		return refuse(ctx, tx, is.actor, e, kioskTooMany(end.Sub(tx.Now)))
	}
	if id == "" {
		return nil
	}
	// Only a hash of the ID reaches the counter table; the bucket resets
	// at midnight in Asia/Shanghai, with the service day.
	sum := sha256.Sum256([]byte(id + "|" + t.ItemCode + "|" + t.ServiceDate))
	start := dayStart(t.ServiceDate)
	n, err = store.HitRateAt(ctx, tx, "kiosk.id:"+hex.EncodeToString(sum[:]), start)
	if err != nil {
		return err
	}
	if n > p.Queue.KioskTicketsPerIDDay {
		e.After = bianmin.JSONOf(map[string]any{"limit": "kiosk_tickets_per_id_per_matter_day", "count": n, "id": t.IDMasked})
		return refuse(ctx, tx, is.actor, e, idDayTooMany(p.Queue.KioskTicketsPerIDDay, start.AddDate(0, 0, 1).Sub(tx.Now)))
	}
	return nil
}

// dayStart is midnight of a service day in Asia/Shanghai.
func dayStart(serviceDate string) time.Time {
	d, _ := bianmin.DayStart(serviceDate)
	return d
}

func kioskTooMany(wait time.Duration) error {
	sec := max(int(math.Ceil(wait.Seconds())), 1)
	return retryErr(bianmin.Errorf(bianmin.ETOOMANY,
		fmt.Sprintf("本机取号过于频繁，请 %d 秒后再试，或到导办台取号。", sec),
		fmt.Sprintf("This kiosk is issuing too many tickets. Try again in %d seconds, or go to the guide desk.", sec)), wait)
}

func idDayTooMany(limit int, wait time.Duration) error {
	return retryErr(bianmin.Errorf(bianmin.ETOOMANY,
		fmt.Sprintf("同一证件今日办理同一事项最多取号 %d 次。如需帮助请到导办台。", limit),
		fmt.Sprintf("One ID number gets at most %d tickets per matter per day. Please ask at the guide desk for help.", limit)), wait)
}
