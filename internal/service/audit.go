package service

import (
	"context"

	"bianmin/internal/bianmin"
	"bianmin/internal/store"
)

// RecordAuditSearch audits a search of the audit log itself (SECURITY.md item 11).
func (s *Service) RecordAuditSearch(ctx context.Context, a *bianmin.Actor, filter map[string]string, total int) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{Action: "audit.search", ObjectType: "audit_log",
			After: bianmin.JSONOf(map[string]any{"filter": filter, "total": total}), RuleID: "SEC-4"})
	})
}

// RecordAuditExport audits an export of the audit log (SECURITY.md items 11, 26).
func (s *Service) RecordAuditExport(ctx context.Context, a *bianmin.Actor, filter map[string]string, format string, rows int) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{Action: "audit.export", ObjectType: "audit_log",
			After: bianmin.JSONOf(map[string]any{"filter": filter, "format": format, "rows": rows}), RuleID: "SEC-4"})
	})
}

// VerifyAudit checks the whole chain and records that it was checked and what was found.
func (s *Service) VerifyAudit(ctx context.Context, a *bianmin.Actor) (store.AuditReport, error) {
	report, err := store.VerifyAudit(ctx, s.DB)
	if err != nil {
		return report, err
	}
	result := bianmin.ResultOK
	if !report.OK {
		result = bianmin.ResultFailed
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		return store.Audit(ctx, tx, a, bianmin.AuditEntry{Action: "audit.verify", ObjectType: "audit_log",
			After: bianmin.JSONOf(report), Result: result, RuleID: "SEC-4"})
	})
	return report, err
}
