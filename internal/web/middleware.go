package web

import (
	"regexp"

	"bianmin/internal/bianmin"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds every request body; bigger uploads opt in per route.
const maxBody = 1 << 20

// withBasics adds what every response needs: a request ID, security headers
// (SECURITY.md item 35), a body limit, panic recovery (item 38), language,
// metrics and one structured log line without secrets or personal data.
func (s *Server) withBasics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now() // latency is real time, whatever the test clock says
		rq := &request{ID: newRequestID(), Lang: langOf(r), Large: cookieIs(r, "bm_large", "1"), Source: clientIP(r), body: r.Body}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		setSecurityHeaders(sw.Header(), r)
		sw.Header().Set("X-Request-Id", rq.ID)
		r.Body = http.MaxBytesReader(sw, r.Body, maxBody)
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", rq.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !sw.wrote {
					http.Error(sw, "500 internal error / 系统内部错误", http.StatusInternalServerError)
				}
			}
			d := time.Since(start)
			s.m.observe(r.Method, routeLabel(r), sw.status, d)
			s.log.Info("http", "request_id", rq.ID, "method", r.Method, "path", maskPersonal(r.URL.Path),
				"status", sw.status, "ms", d.Milliseconds(), "source", rq.Source, "user", userOf(rq))
		}()
		next.ServeHTTP(sw, withRequest(r, rq))
	})
}

func userOf(rq *request) string {
	if rq.Actor == nil {
		return ""
	}
	return rq.Actor.Username
}

// routeLabel keeps metrics cardinality bounded: the matched pattern, not the path.
func routeLabel(r *http.Request) string {
	if r.Pattern != "" {
		return r.Pattern
	}
	return "unmatched"
}

func setSecurityHeaders(h http.Header, r *http.Request) {
	h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !strings.HasPrefix(r.URL.Path, "/static/") {
		h.Set("Cache-Control", "no-store") // SECURITY.md items 20 and 35
	}
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// clientIP is the peer address; bianmin does not trust forwarding headers
// unless a proxy is configured (none in this version).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie("bm_lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

func cookieIs(r *http.Request, name, value string) bool {
	c, err := r.Cookie(name)
	return err == nil && c.Value == value
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.wrote = true
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (SSE flushing).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds())+1))
}

// personalPattern matches ID numbers (GB 11643, 15 or 18 characters) and
// mobile numbers, which must never reach a log unmasked (SECURITY.md items 25, 38).
var personalPattern = regexp.MustCompile(`\d{17}[\dXx]|\d{15}|1[3-9]\d{9}`)

func maskPersonal(s string) string {
	return personalPattern.ReplaceAllStringFunc(s, bianmin.MaskID)
}
