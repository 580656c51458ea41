// Package audit writes extracts of the audit log for the audit administrator
// (SECURITY.md items 11 and 12): CSV and XLSX. It is pure: entries in, bytes
// out. The caller selects the rows (store.SearchAudit, within its scope) and
// audits the export itself.
package audit

import (
	"strings"
	"time"
	"unicode/utf16"

	"bianmin/internal/bianmin"
)

// beijing is UTC+8 without daylight saving (none since 1991): a fixed zone
// needs no time-zone database on the machine that exports.
var beijing = time.FixedZone("CST", 8*3600)

// timeLayout keeps milliseconds and the offset, as item 11 asks of audit times.
const timeLayout = "2006-01-02 15:04:05.000-07:00"

// column is one exported field: header in both languages, width in XLSX
// characters, and its value as an int64 (a number cell) or a string.
type column struct {
	zh, en string
	width  float64
	value  func(e *bianmin.AuditEntry, lang string) any
}

var columns = []column{
	{"序号", "Seq", 10, func(e *bianmin.AuditEntry, _ string) any { return e.Seq }},
	{"时间", "Time", 30, func(e *bianmin.AuditEntry, _ string) any { return e.At.In(beijing).Format(timeLayout) }},
	{"中心ID", "Centre ID", 10, func(e *bianmin.AuditEntry, _ string) any { return e.CentreID }},
	{"用户ID", "User ID", 10, func(e *bianmin.AuditEntry, _ string) any { return e.ActorID }},
	{"用户", "User", 16, func(e *bianmin.AuditEntry, _ string) any { return e.Actor }},
	{"角色", "Role", 12, func(e *bianmin.AuditEntry, _ string) any { return e.Role }},
	{"来源", "Source", 18, func(e *bianmin.AuditEntry, _ string) any { return e.Source }},
	{"事件类型", "Event", 22, func(e *bianmin.AuditEntry, _ string) any { return e.Action }},
	{"对象类型", "Object type", 14, func(e *bianmin.AuditEntry, _ string) any { return e.ObjectType }},
	{"对象编号", "Object ID", 16, func(e *bianmin.AuditEntry, _ string) any { return e.ObjectID }},
	{"结果", "Result", 8, func(e *bianmin.AuditEntry, lang string) any { return resultText(e.Result, lang) }},
	{"规则", "Rule", 12, func(e *bianmin.AuditEntry, _ string) any { return e.RuleID }},
	{"政策版本", "Policy version", 10, func(e *bianmin.AuditEntry, _ string) any { return int64(e.PolicyVersion) }},
	{"请求ID", "Request ID", 20, func(e *bianmin.AuditEntry, _ string) any { return e.RequestID }},
	{"变更前", "Before", 40, func(e *bianmin.AuditEntry, _ string) any { return e.Before }},
	{"变更后", "After", 40, func(e *bianmin.AuditEntry, _ string) any { return e.After }},
	// The hashes let an auditor check an extract against the live chain.
	{"前一哈希", "Previous hash", 20, func(e *bianmin.AuditEntry, _ string) any { return e.PrevHash }},
	{"哈希", "Hash", 20, func(e *bianmin.AuditEntry, _ string) any { return e.Hash }},
}

// Header returns the column titles in the language ("zh" or "en").
func Header(lang string) []string {
	h := make([]string, len(columns))
	for i, c := range columns {
		h[i] = c.zh
		if lang == "en" {
			h[i] = c.en
		}
	}
	return h
}

func resultText(result, lang string) string {
	if lang == "en" {
		return result
	}
	switch result {
	case bianmin.ResultOK:
		return "成功"
	case bianmin.ResultDenied:
		return "拒绝"
	case bianmin.ResultFailed:
		return "失败"
	}
	return result
}

// defuse stops a spreadsheet from running text as a formula (CSV injection):
// usernames of failed logins and object IDs are attacker-chosen, and an
// auditor opening an extract must not execute them.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// maxCellUnits is below Excel's 32,767 UTF-16 units per cell, leaving room
// for the truncation mark.
const maxCellUnits = 32000

// clip shortens text that a spreadsheet cell cannot hold and says so, rather
// than let it be cut silently.
func clip(s string) string {
	if len(s) <= maxCellUnits {
		return s // at most one UTF-16 unit per byte
	}
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > maxCellUnits {
			return s[:i] + "…[已截断 truncated]"
		}
	}
	return s
}
