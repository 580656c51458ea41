// Package pii seals personal information at rest (SECURITY.md items 18 and
// 23; PIPL Art. 51): ID numbers and phone numbers are stored encrypted with
// AES-256-GCM, and an exact search goes through a keyed index (HMAC-SHA-256)
// so the database never holds a value that can be reversed or brute-forced
// without the key. Two sub-keys are derived from one 32-byte master key
// with HKDF, so one key file is all an installation keeps.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the size of the master key in bytes.
const KeySize = 32

// sealPrefix marks the format of a sealed value, so a later key or cipher
// can be introduced without guessing.
const sealPrefix = "v1:"

// Keys seal values and compute search indexes. The zero value is unusable;
// use New or Load.
type Keys struct {
	aead  cipher.AEAD
	index []byte
}

// New derives the keys from a 32-byte master key.
func New(master []byte) (*Keys, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("pii: the master key must have %d bytes, not %d", KeySize, len(master))
	}
	enc, err := hkdf.Key(sha256.New, master, nil, "bianmin pii seal v1", 32)
	if err != nil {
		return nil, err
	}
	idx, err := hkdf.Key(sha256.New, master, nil, "bianmin pii index v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{aead: aead, index: idx}, nil
}

// Ephemeral returns keys from a fresh random master key: for tests and for
// a process whose sealed values never outlive it.
func Ephemeral() *Keys {
	master := make([]byte, KeySize)
	rand.Read(master)
	k, err := New(master)
	if err != nil {
		panic(err)
	}
	return k
}

// Load reads the master key (64 hexadecimal characters) from path. When the
// file does not exist and create is true, a new random key is written there
// with mode 0600 and created reports true: the caller should tell the
// operator to back it up, since sealed data cannot be read without it.
func Load(path string, create bool) (k *Keys, created bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		master := make([]byte, KeySize)
		rand.Read(master)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, fmt.Errorf("pii: key directory: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) { // another process made it first
			return Load(path, false)
		}
		if err != nil {
			return nil, false, fmt.Errorf("pii: create key file: %w", err)
		}
		if _, err := f.WriteString(hex.EncodeToString(master) + "\n"); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("pii: write key file: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, false, fmt.Errorf("pii: write key file: %w", err)
		}
		k, err := New(master)
		return k, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("pii: read key file: %w", err)
	}
	master, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, false, fmt.Errorf("pii: key file %s: not hexadecimal", path)
	}
	k, err = New(master)
	return k, false, err
}

// Seal encrypts a value; the empty string stays empty.
func (k *Keys) Seal(plain string) string {
	if plain == "" {
		return ""
	}
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	out := k.aead.Seal(nonce, nonce, []byte(plain), nil)
	return sealPrefix + base64.RawStdEncoding.EncodeToString(out)
}

// ErrOpen means a sealed value could not be decrypted: a wrong key file or
// a changed row.
var ErrOpen = errors.New("pii: sealed value cannot be opened with this key")

// Open decrypts a value made by Seal.
func (k *Keys) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return "", ErrOpen
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	ns := k.aead.NonceSize()
	if err != nil || len(b) < ns {
		return "", ErrOpen
	}
	plain, err := k.aead.Open(nil, b[:ns], b[ns:], nil)
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// Index returns the keyed search index of a normalised value: equal values
// give equal indexes, and without the key the index reveals nothing (an
// unkeyed hash of an 18-digit ID number could be brute-forced in minutes).
func (k *Keys) Index(normalised string) string {
	if normalised == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.index)
	m.Write([]byte(normalised))
	return hex.EncodeToString(m.Sum(nil))
}
