package service

import (
	"bianmin/internal/calendar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"
	"weak"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/store"
)

// ruleHoursNotice is the rule behind refusing a service-hours change
// announced too late (DOMAIN.md ORG-5).
const ruleHoursNotice = "ORG-5"

// maxPolicyNote bounds the note of a policy version.
const maxPolicyNote = 500

// EffectivePolicy returns the centre's policy in force today (Asia/Shanghai
// business date of s.Clock) and its version number; a centre without a
// stored version gets the seed defaults as version 0. The caller owns the
// returned policy and may change it. A stored document that no longer parses
// or whose hash does not match is an error, never silently the defaults:
// decisions would otherwise cite a policy that is not the one in force.
func (s *Service) EffectivePolicy(ctx context.Context, centreID int64) (*policy.Policy, int, error) {
	today := bianmin.LocalDate(s.Clock.Now())
	var v *policy.Version
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		v, err = store.EffectivePolicy(ctx, tx, centreID, today)
		return err
	})
	if errors.Is(err, bianmin.ErrNotFound) {
		return policy.Default(), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	p, err := s.parsedPolicy(v)
	if err != nil {
		return nil, 0, err
	}
	return p.Clone(), v.Version, nil
}

// SavePolicyDocument validates doc and stores it as the centre's next
// policy version, in force from effectiveFrom (YYYY-MM-DD, not before
// today). A change of the service hours must be announced at least the
// policy's change_notice_working_days ahead (ORG-5). Only a system
// administrator or a director whose scope covers the centre may save;
// refusals are audited. Nothing is written when the document is invalid.
// Working days are those of the legal calendar, make-up days included.
func (s *Service) SavePolicyDocument(ctx context.Context, actor *bianmin.Actor, centreID int64, effectiveFrom string, doc []byte, note string) (*policy.Version, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	isWorkingDay := func(date string) bool {
		d, err := calendar.ParseDate(date)
		return err == nil && cal.IsWorkingDay(d)
	}
	return s.SavePolicyDocumentWith(ctx, actor, centreID, effectiveFrom, doc, note, isWorkingDay)
}

// SavePolicyDocumentWith is SavePolicyDocument with the working-day test
// (date YYYY-MM-DD → working day?) used to count the ORG-5 notice period.
func (s *Service) SavePolicyDocumentWith(ctx context.Context, actor *bianmin.Actor, centreID int64, effectiveFrom string,
	doc []byte, note string, isWorkingDay func(date string) bool) (*policy.Version, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	if err := s.mayEditPolicy(ctx, actor, centreID); err != nil {
		return nil, err
	}
	today := bianmin.LocalDate(s.Clock.Now())
	var val bianmin.Validation
	if !policyDate(effectiveFrom) {
		val.Add("effective_from", "生效日期须为 YYYY-MM-DD 格式的有效日期", "The effective date must be a valid YYYY-MM-DD date")
	} else if effectiveFrom < today {
		// Past decisions cite the version then in force; a back-dated
		// version would change what they were based on (SEC-4).
		val.AddErr(bianmin.FieldError("effective_from", "生效日期不能早于今天（"+today+"）", "The effective date cannot be before today ("+today+")").WithRule("SEC-4"))
	}
	if utf8.RuneCountInString(note) > maxPolicyNote {
		val.Add("note", fmt.Sprintf("备注不能超过 %d 个字", maxPolicyNote), fmt.Sprintf("The note may have at most %d characters", maxPolicyNote))
	}
	if err := val.Err(); err != nil {
		return nil, err
	}
	p, err := policy.Parse(doc)
	if err != nil {
		return nil, err
	}
	v := &policy.Version{CentreID: centreID, EffectiveFrom: effectiveFrom, Document: string(doc), Note: note}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if err := s.checkHoursNotice(ctx, tx, centreID, today, effectiveFrom, p, isWorkingDay); err != nil {
			return err
		}
		return store.SavePolicy(ctx, tx, v, actor)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// PolicyVersions lists the centre's stored policy versions, oldest first,
// for the policy editors and the inspectors of the centre.
func (s *Service) PolicyVersions(ctx context.Context, actor *bianmin.Actor, centreID int64) ([]*policy.Version, error) {
	if actor == nil {
		return nil, bianmin.ErrUnauthorized
	}
	var out []*policy.Version
	err := s.DB.Read(ctx, func(tx *store.Tx) error {
		ok, err := mayActAny(ctx, tx, actor, centreID, bianmin.RoleSysAdmin, bianmin.RoleDirector, bianmin.RoleInspector)
		if err != nil {
			return err
		}
		if !ok {
			return bianmin.ErrForbidden
		}
		out, err = store.PolicyVersions(ctx, tx, centreID)
		return err
	})
	return out, err
}

// mayEditPolicy allows system administrators and directors whose role scope
// covers the centre (SECURITY.md items 8-9) and audits a refusal.
func (s *Service) mayEditPolicy(ctx context.Context, actor *bianmin.Actor, centreID int64) error {
	var ok bool
	err := s.DB.Read(ctx, func(tx *store.Tx) (err error) {
		ok, err = mayActAny(ctx, tx, actor, centreID, bianmin.RoleSysAdmin, bianmin.RoleDirector)
		return err
	})
	if err != nil {
		return err
	}
	if !ok || !isSystem(actor) && !actor.Scope.Has(centreID) {
		return s.deny(ctx, actor, bianmin.AuditEntry{CentreID: centreID, Action: "policy.save",
			ObjectType: "policy", ObjectID: idStr(centreID)})
	}
	return nil
}

func mayActAny(ctx context.Context, tx *store.Tx, actor *bianmin.Actor, centreID int64, roles ...bianmin.Role) (bool, error) {
	for _, r := range roles {
		ok, err := mayAct(ctx, tx, actor, r, centreID)
		if ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// checkHoursNotice enforces ORG-5: when the new document changes the hours
// that would otherwise be in force on effectiveFrom, effectiveFrom must come
// after the notice period that starts today. The period is the notice of the
// policy in force today.
func (s *Service) checkHoursNotice(ctx context.Context, tx *store.Tx, centreID int64, today, effectiveFrom string,
	next *policy.Policy, isWorkingDay func(string) bool) error {
	before, err := s.policyOn(ctx, tx, centreID, effectiveFrom)
	if err == nil && reflect.DeepEqual(before.Hours(), next.Hours()) {
		return nil
	}
	// An unreadable previous version counts as a change: the safe side of ORG-5.
	notice := policy.Default().ServiceHours.ChangeNoticeWorkingDays
	if now, err := s.policyOn(ctx, tx, centreID, today); err == nil {
		notice = now.ServiceHours.ChangeNoticeWorkingDays
	}
	earliest, ok := policyNoticeEnd(today, notice, isWorkingDay)
	if !ok {
		return bianmin.Errorf(bianmin.EINTERNAL, "工作日历中找不到足够的工作日。", "The working-day calendar has too few working days.")
	}
	if effectiveFrom < earliest {
		return bianmin.FieldError("effective_from",
			fmt.Sprintf("调整服务时间须至少提前 %d 个工作日公告，最早可于 %s 生效（ORG-5）", notice, earliest),
			fmt.Sprintf("A change of service hours must be announced at least %d working day(s) ahead; the earliest effective date is %s (ORG-5)", notice, earliest),
		).WithRule(ruleHoursNotice)
	}
	return nil
}

// policyOn returns the policy in force at the centre on date, the defaults
// when none is stored.
func (s *Service) policyOn(ctx context.Context, tx *store.Tx, centreID int64, date string) (*policy.Policy, error) {
	v, err := store.EffectivePolicy(ctx, tx, centreID, date)
	if errors.Is(err, bianmin.ErrNotFound) {
		return policy.Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return s.parsedPolicy(v)
}

// policyNoticeEnd returns the first day a change announced today may take
// effect: the day after the notice-th working day counted from today, today
// included when it is a working day. Announced on a Monday with one day of
// notice, a change takes effect on Tuesday at the earliest; announced on a
// Saturday, on the Tuesday after.
func policyNoticeEnd(today string, notice int, isWorkingDay func(string) bool) (string, bool) {
	d, err := time.Parse(bianmin.DateLayout, today)
	if err != nil {
		return "", false
	}
	if notice <= 0 {
		return today, true
	}
	for steps, count := 0, 0; steps < 3*366; steps++ {
		if isWorkingDay(d.Format(bianmin.DateLayout)) {
			count++
		}
		d = d.AddDate(0, 0, 1)
		if count >= notice {
			return d.Format(bianmin.DateLayout), true
		}
	}
	return "", false
}

func policyDate(s string) bool {
	t, err := time.Parse(bianmin.DateLayout, s)
	return err == nil && t.Format(bianmin.DateLayout) == s
}

// parsedPolicy parses a stored version once per database and keeps the
// result; callers clone before handing it out. The hash is checked first so
// that a document changed behind the application's back is refused.
func (s *Service) parsedPolicy(v *policy.Version) (*policy.Policy, error) {
	// Hashing costs microseconds, so it runs on every read, cached or not.
	sum := sha256.Sum256([]byte(v.Document))
	if hex.EncodeToString(sum[:]) != v.SHA256 {
		return nil, bianmin.Errorf(bianmin.EINTERNAL,
			fmt.Sprintf("中心 %d 的规章参数第 %d 版与其校验值不符，可能被篡改。", v.CentreID, v.Version),
			fmt.Sprintf("Policy version %d of centre %d does not match its hash and may have been tampered with.", v.Version, v.CentreID))
	}
	key := policyKey{centre: v.CentreID, version: v.Version, sha: v.SHA256}
	cache := policyCacheFor(s.DB)
	if p := cache.get(key); p != nil {
		return p, nil
	}
	p, err := policy.Parse([]byte(v.Document))
	if err != nil {
		perr := bianmin.AsError(err)
		return nil, &bianmin.Error{Code: bianmin.EINTERNAL, Details: perr.Details, Err: err,
			ZH: fmt.Sprintf("中心 %d 的规章参数第 %d 版无法解析：%s", v.CentreID, v.Version, perr.ZH),
			EN: fmt.Sprintf("Policy version %d of centre %d cannot be parsed: %s", v.Version, v.CentreID, perr.EN)}
	}
	cache.put(key, p)
	return p, nil
}

// policyKey names a parsed document. Versions are never rewritten, and the
// hash guards against a row that was.
type policyKey struct {
	centre  int64
	version int
	sha     string
}

// policyCache holds the parsed documents of one database.
type policyCache struct {
	mu sync.Mutex
	m  map[policyKey]*policy.Policy
}

// policyCacheLimit bounds a cache; past it the cache starts over, which costs
// only re-parsing.
const policyCacheLimit = 1024

func newPolicyCache() *policyCache { return &policyCache{m: map[policyKey]*policy.Policy{}} }

func (c *policyCache) get(k policyKey) *policy.Policy {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *policyCache) put(k policyKey, p *policy.Policy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= policyCacheLimit {
		clear(c.m)
	}
	c.m[k] = p
}

// policyCaches maps a database to its cache. Service has no field for a
// cache (service.go is shared), and the parsed documents are a function of
// the database's rows, so the database is the natural key: every Service
// over one database shares one cache, and two databases (tests open many)
// never mix. The key is a weak pointer and a cleanup drops the entry when
// the database is garbage-collected, so closed databases do not leak.
var policyCaches sync.Map // weak.Pointer[store.DB] -> *policyCache

func policyCacheFor(db *store.DB) *policyCache {
	key := weak.Make(db)
	if c, ok := policyCaches.Load(key); ok {
		return c.(*policyCache)
	}
	c, loaded := policyCaches.LoadOrStore(key, newPolicyCache())
	if !loaded {
		runtime.AddCleanup(db, func(k weak.Pointer[store.DB]) { policyCaches.Delete(k) }, key)
	}
	return c.(*policyCache)
}
