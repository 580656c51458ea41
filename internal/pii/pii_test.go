package pii_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/internal/pii"
)

func keys(t *testing.T, fill byte) *pii.Keys {
	t.Helper()
	k, err := pii.New(bytes.Repeat([]byte{fill}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestPII_SEC18_SealOpen: a sealed value opens to the same text, never
// contains it, and two seals of one value differ (a random nonce each), so
// equal ID numbers cannot be spotted in the table (SECURITY.md items 18, 23).
func TestPII_SEC18_SealOpen(t *testing.T) {
	k := keys(t, 1)
	for _, v := range []string{"11010519491231002X", "13800138000", "张三 · 北京市", strings.Repeat("长", 500)} {
		a, b := k.Seal(v), k.Seal(v)
		if a == b {
			t.Errorf("two seals of %q are equal", v)
		}
		if strings.Contains(a, v) || !strings.HasPrefix(a, "v1:") {
			t.Errorf("sealed %q = %q", v, a)
		}
		for _, s := range []string{a, b} {
			if got, err := k.Open(s); err != nil || got != v {
				t.Errorf("Open(Seal(%q)) = %q, %v", v, got, err)
			}
		}
	}
	if k.Seal("") != "" {
		t.Error("the empty value must stay empty")
	}
	if got, err := k.Open(""); got != "" || err != nil {
		t.Errorf(`Open("") = %q, %v`, got, err)
	}
}

// TestPII_SEC18_OpenRefuses: another key, a changed byte, a cut value or a
// value of another format never opens, and never yields wrong plain text.
func TestPII_SEC18_OpenRefuses(t *testing.T) {
	k := keys(t, 1)
	sealed := k.Seal("11010519491231002X")
	if _, err := keys(t, 2).Open(sealed); !errors.Is(err, pii.ErrOpen) {
		t.Errorf("another key: %v, want ErrOpen", err)
	}
	if _, err := pii.Ephemeral().Open(sealed); !errors.Is(err, pii.ErrOpen) {
		t.Errorf("an ephemeral key: %v, want ErrOpen", err)
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		changed := bytes.Clone(raw)
		changed[i] ^= 0x01
		if _, err := k.Open("v1:" + base64.RawStdEncoding.EncodeToString(changed)); !errors.Is(err, pii.ErrOpen) {
			t.Fatalf("byte %d changed: %v, want ErrOpen", i, err)
		}
	}
	for _, bad := range []string{
		"v1:" + base64.RawStdEncoding.EncodeToString(raw[:len(raw)-1]), // cut
		"v1:" + base64.RawStdEncoding.EncodeToString(raw[:5]),          // shorter than a nonce
		"v2:" + strings.TrimPrefix(sealed, "v1:"),                      // unknown format
		strings.TrimPrefix(sealed, "v1:"),                              // no format
		"v1:***",                                                       // not base64
		"11010519491231002X",                                           // plain text left in a column
	} {
		if got, err := k.Open(bad); !errors.Is(err, pii.ErrOpen) || got != "" {
			t.Errorf("Open(%q) = %q, %v; want ErrOpen", bad, got, err)
		}
	}
}

// TestPII_SEC23_Index: the search index is stable for one key, differs for
// another key and for another value, and does not contain the value.
func TestPII_SEC23_Index(t *testing.T) {
	k1, k2 := keys(t, 1), keys(t, 2)
	const id = "11010519491231002X"
	a := k1.Index(id)
	if a != k1.Index(id) || a != keys(t, 1).Index(id) {
		t.Error("the index of one value under one key changed")
	}
	if a == k2.Index(id) {
		t.Error("two keys give the same index: it is not keyed")
	}
	if a == k1.Index("110105194912310028") || strings.Contains(a, id) || len(a) != 64 {
		t.Errorf("index %q", a)
	}
	if k1.Index("") != "" {
		t.Error("the empty value must have no index")
	}
}

// TestPII_SEC18_New: only a 32-byte master key is accepted.
func TestPII_SEC18_New(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := pii.New(make([]byte, n)); err == nil {
			t.Errorf("a %d-byte master key was accepted", n)
		}
	}
}

// TestPII_SEC18_LoadCreatesOnce: the first Load makes a 0600 key file in a
// 0700 directory and says so; later loads read the same key and create
// nothing, so values sealed before a restart still open.
func TestPII_SEC18_LoadCreatesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "pii.key")
	if _, _, err := pii.Load(path, false); err == nil {
		t.Fatal("a missing key file without create was accepted")
	}
	k1, created, err := pii.Load(path, true)
	if err != nil || !created {
		t.Fatalf("first Load: created %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if di, err := os.Stat(filepath.Dir(path)); err != nil || di.Mode().Perm() != 0o700 {
		t.Fatalf("key directory mode %v, %v; want 0700", di.Mode().Perm(), err)
	}
	content, _ := os.ReadFile(path)
	sealed := k1.Seal("13800138000")
	for _, create := range []bool{true, false} {
		k2, created, err := pii.Load(path, create)
		if err != nil || created {
			t.Fatalf("Load again (create %v): created %v, %v", create, created, err)
		}
		if got, err := k2.Open(sealed); err != nil || got != "13800138000" || k2.Index("x") != k1.Index("x") {
			t.Fatalf("the reloaded key differs: %q, %v", got, err)
		}
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, content) {
		t.Error("the key file was rewritten")
	}
	other, _, err := pii.Load(filepath.Join(t.TempDir(), "pii.key"), true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(sealed); !errors.Is(err, pii.ErrOpen) {
		t.Error("two new key files made the same key")
	}
}

// TestPII_SEC18_LoadBadFile: a key file that is not 64 hexadecimal
// characters is an error, never a silently different key.
func TestPII_SEC18_LoadBadFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":    "",
		"not hex":  strings.Repeat("zz", 32),
		"short":    strings.Repeat("ab", 16),
		"long":     strings.Repeat("ab", 33),
		"odd":      strings.Repeat("a", 63),
		"base64":   base64.StdEncoding.EncodeToString(make([]byte, 32)),
		"two keys": strings.Repeat("ab", 32) + "\n" + strings.Repeat("cd", 32),
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if k, _, err := pii.Load(path, true); err == nil || k != nil {
			t.Errorf("%s key file accepted", name)
		}
	}
	// Surrounding white space, as an editor leaves it, is fine.
	path := filepath.Join(dir, "spaced")
	if err := os.WriteFile(path, []byte("  "+strings.Repeat("ab", 32)+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, created, err := pii.Load(path, true); err != nil || created {
		t.Errorf("a key with white space: created %v, %v", created, err)
	}
	// A directory where the file should be is an error too.
	if _, _, err := pii.Load(dir, true); err == nil {
		t.Error("a directory was read as a key file")
	}
}
