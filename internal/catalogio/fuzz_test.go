package catalogio

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzReadJSON: any input is refused or read without panicking, and what is
// accepted writes back and reads again to the same items (round-trip exact).
func FuzzReadJSON(f *testing.F) {
	var rich bytes.Buffer
	if err := WriteJSON(&rich, richItems(), testDepts); err != nil {
		f.Fatal(err)
	}
	f.Add(rich.Bytes())
	f.Add([]byte(`{"format":"bianmin-catalogue","format_version":1,"items":[{"impl_code":"A","version":1}]}`))
	f.Add([]byte(`{"items":[null,{},[],{"materials":[null]},{"faq":[{"q":"","a":""}]}]}`))
	f.Add([]byte(`{"format_version":1e400,"items":[{"version":-1,"promised":{"value":99999999999}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, errs, err := ReadJSON(bytes.NewReader(data), testByName)
		if err != nil || len(errs) > 0 {
			if items != nil {
				t.Fatalf("items returned with errors: %v %v", err, errs)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteJSON(&buf, items, testDepts); err != nil {
			t.Fatalf("accepted items do not write: %v", err)
		}
		again, errs, err := ReadJSON(&buf, testByName)
		if err != nil || len(errs) > 0 || !reflect.DeepEqual(again, items) {
			t.Fatalf("round trip changed the items: %v %v\n%#v\n%#v", err, errs, items, again)
		}
	})
}
