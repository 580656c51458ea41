// Package auth holds the pure parts of staff authentication: password hashing
// and checking, the password rules and session tokens. It runs no SQL; the
// service layer decides what to store (SECURITY.md items 1-4, 36).
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters of DEPENDENCIES.md: t=2, m=19 MiB, p=1 (the OWASP
// minimum), about 65 ms per hash on the project machines (SECURITY.md item 2).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MaxConcurrentHashes bounds simultaneous argon2 runs. Each takes 19 MiB and a
// core for ~65 ms, so a burst of logins must queue instead of exhausting
// memory (DEPENDENCIES.md: "bound concurrent hashes").
const MaxConcurrentHashes = 4

var hashSlots = make(chan struct{}, MaxConcurrentHashes)

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id PHC string of pw:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, salt and hash in unpadded base64.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read salt: %w", err)
	}
	key := idKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string. The comparison is
// constant-time; a malformed hash never matches.
func VerifyPassword(phc, pw string) bool {
	p, ok := parsePHC(phc)
	if !ok {
		return false
	}
	key := idKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

var dummy struct {
	once sync.Once
	phc  string
}

// DummyVerify spends the time of one VerifyPassword so that a login with an
// unknown username takes as long as one with a wrong password: response
// time must not reveal which names exist (SECURITY.md item 3).
func DummyVerify() {
	dummy.once.Do(func() {
		dummy.phc, _ = HashPassword("bianmin dummy password, never valid")
	})
	VerifyPassword(dummy.phc, "not the dummy password")
}

func idKey(pw, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, t, m, p, keyLen)
}

type phcParams struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parsePHC reads an argon2id PHC string. Parameters are bounded so that a
// tampered hash row cannot make a login allocate gigabytes.
func parsePHC(phc string) (phcParams, bool) {
	var p phcParams
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, false
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &threads); err != nil {
		return p, false
	}
	if p.memory < 8 || p.memory > 1<<20 || p.time < 1 || p.time > 16 || threads < 1 || threads > 16 {
		return p, false
	}
	p.threads = uint8(threads)
	var err1, err2 error
	p.salt, err1 = b64.DecodeString(parts[4])
	p.key, err2 = b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(p.salt) < 8 || len(p.key) < 16 || len(p.key) > 64 {
		return p, false
	}
	return p, true
}
