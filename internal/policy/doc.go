// Package policy holds a centre's regulations as data: every number that
// DOMAIN.md §12, STANDARDS.md and SECURITY.md let a centre set, with the rule
// ID and seed source behind it, so that every automatic decision can name the
// rule and the policy version it applied.
//
// A policy document is YAML. Parse fills the keys a centre omits from
// Default (the seeds' values) and rejects unknown keys, wrong types, values
// out of range and inconsistent combinations with the line number and field
// path of each problem. Marshal writes a complete document with the rule ID
// and source of every value as a line comment, which Parse accepts again.
package policy
