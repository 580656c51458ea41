package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// TokenBytes is the entropy of a session token: 256 bits from crypto/rand,
// above the 128 bits of ASVS 5.0 7.2.3 (SECURITY.md item 36).
const TokenBytes = 32

// NewToken returns a fresh session token for the cookie and the hash that
// is stored. Only the hash reaches the database, so a leaked sessions table
// or backup cannot be replayed as cookies.
func NewToken() (token, hash string) {
	b := make([]byte, TokenBytes)
	// crypto/rand.Read never returns an error on supported platforms (Go 1.24+);
	// it aborts the program rather than hand out a weak token.
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash returns the stored form of a token: hex SHA-256. A plain hash
// suffices because the token already carries 256 random bits.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
