package store_test

import (
	"context"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
	"bianmin/internal/store"
	"bianmin/internal/testutil"
)

// TestAuditRecordsPolicyVersionOfRuleDecisions: a decision audited under a
// rule at a centre carries the policy version in force that day (SEC-4).
func TestAuditRecordsPolicyVersionOfRuleDecisions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &bianmin.Centre{RegionCode: "440305010000", Name: "柳塘街道便民服务中心", Level: 5}
		var versions []int
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := store.CreateCentre(ctx, tx, c); err != nil {
				return err
			}
			e := bianmin.AuditEntry{Action: "test.decision", CentreID: c.ID, RuleID: "AT-2"}
			if err := store.Audit(ctx, tx, nil, e); err != nil { // no stored policy yet: version 0
				return err
			}
			today := bianmin.LocalDate(tx.Now)
			doc, _ := policy.Marshal(policy.Default())
			if err := store.SavePolicy(ctx, tx, &policy.Version{CentreID: c.ID, EffectiveFrom: today, Document: string(doc), CreatedBy: "test"}, nil); err != nil {
				return err
			}
			if err := store.Audit(ctx, tx, nil, e); err != nil {
				return err
			}
			e.RuleID = "" // not a rule decision: no version
			return store.Audit(ctx, tx, nil, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Read(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, "SELECT policy_version FROM audit_log WHERE action = 'test.decision' ORDER BY seq")
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var v int
				rows.Scan(&v)
				versions = append(versions, v)
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(versions) != 3 || versions[0] != 0 || versions[1] != 1 || versions[2] != 0 {
			t.Errorf("policy versions = %v, want [0 1 0]", versions)
		}
	})
}
