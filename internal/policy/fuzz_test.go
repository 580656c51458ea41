package policy_test

import (
	"errors"
	"reflect"
	"testing"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

// FuzzParse: Parse never panics; it either rejects with an EINVALID error
// that lists its problems, or returns a policy that survives Marshal and
// Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add(mustMarshal(f, policy.Default()))
	f.Add(mustMarshal(f, withEveryList()))
	for _, s := range []string{
		"", "---\n", "security:\n  idle_timeout_minutes: 45\n", "a: &x [*x]\n",
		"service_hours:\n  sessions:\n    - {start: \"25:00\", end: \"08:00\"}\n",
		"leave:\n  approval_ladder:\n    - {up_to: 0.5d, approvers: [office]}\n    - {up_to: \"\", approvers: [director]}\n",
		"service_hours:\n  seasons:\n    - {name: a, from: \"12-01\", to: \"01-31\", sessions: [{start: \"9:00\", end: \"10:00\"}]}\n",
		"ratings: {bad_codes: [2, 3, 4, 5]}\n", "? [a]\n: 1\n", "cases: {decision_working_days: 0x10}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse(data)
		if err != nil {
			var e *bianmin.Error
			if !errors.As(err, &e) || e.Code != bianmin.EINVALID || len(e.Details) == 0 {
				t.Fatalf("error %v is not an EINVALID bianmin.Error with details", err)
			}
			return
		}
		if err := policy.Validate(p); err != nil {
			t.Fatalf("parsed policy fails Validate: %v", err)
		}
		out := mustMarshal(t, p)
		q, err := policy.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(p)): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip changed the policy\n%s", out)
		}
	})
}
