package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

// selfSigned writes a certificate and key for 127.0.0.1 and returns their paths.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bianmin test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}

// TestServeTLS: with --tls-cert/--tls-key the server speaks HTTPS only, and
// the session cookie is __Host- prefixed and Secure (SECURITY.md items 5, 36).
func TestServeTLS(t *testing.T) {
	certFile, keyFile := selfSigned(t)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, app.Config{DB: dbPath(t), TLSCert: certFile, TLSKey: keyFile}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, certFile, keyFile) }()
	defer func() { cancel(); <-done }()

	const pw = "Tls#Test-Pass2026"
	c, err := a.Service.CreateCentre(ctx, bianmin.SystemActor("test"), bianmin.Centre{RegionCode: "440305010000", Name: "测试中心", Level: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.CreateUser(ctx, bianmin.SystemActor("test"), service.NewUser{CentreID: c.ID, Username: "clerk",
		DisplayName: "clerk", Password: pw, Grants: []bianmin.Grant{{Role: bianmin.RoleClerk, CentreID: c.ID}}}); err != nil {
		t.Fatal(err)
	}
	base := "https://" + a.Listener.Addr().String()
	https := &http.Client{Timeout: 20 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := https.PostForm(base+"/login", url.Values{"username": {"clerk"}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "__Host-bianmin_session" {
			session = ck
		}
	}
	if resp.StatusCode != http.StatusSeeOther || session == nil || !session.Secure || !session.HttpOnly {
		t.Fatalf("HTTPS login: status %d, cookies %v", resp.StatusCode, resp.Header["Set-Cookie"])
	}
	// Plain HTTP to the TLS port never gets a page, let alone a credential:
	// Go's TLS server answers 400 or drops the connection.
	if plain, err := client.Get("http://" + a.Listener.Addr().String() + "/login"); err == nil {
		plain.Body.Close()
		if plain.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP to the TLS port: status %d, want 400", plain.StatusCode)
		}
	}
}
