package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/internal/app"
	"bianmin/internal/bianmin"
	"bianmin/internal/service"
)

const (
	logPW    = "Qz7#mWp2vLx9kR"
	idNumber = "11010519491231002X"
)

// withAdmin creates the first administrator "chief" with logPW.
func withAdmin(t *testing.T, a *app.App) {
	t.Helper()
	err := a.Service.Setup(context.Background(), bianmin.Centre{RegionCode: "440305010000", Name: "柳塘街道便民服务中心"},
		service.NewUser{Username: "chief", DisplayName: "张主任", Password: logPW})
	if err != nil {
		t.Fatal(err)
	}
}

// logged waits until the request's log line is written (after the response)
// and returns every line naming the request.
func logged(t *testing.T, logs *syncBuffer, resp *http.Response) []string {
	t.Helper()
	id := resp.Header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("response without X-Request-Id")
	}
	var lines []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		lines = lines[:0]
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, id) {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			return lines
		}
	}
	t.Fatalf("request %s was never logged", id)
	return nil
}

// TestLogsHoldNoSecrets: logging in, using the session by cookie and by
// bearer token and sending an ID number in the URL leaves none of the
// password, the tokens or the ID number in the JSON log (SECURITY.md item 38).
func TestLogsHoldNoSecrets(t *testing.T) {
	logs := &syncBuffer{}
	a := start(t, app.Config{DB: dbPath(t)}, slog.New(slog.NewJSONHandler(logs, nil)))
	withAdmin(t, a)
	var secrets []string
	check := func(resp *http.Response, wantStatus int, wantUser string) {
		t.Helper()
		if resp.StatusCode != wantStatus {
			t.Errorf("%s %s: status %d, want %d", resp.Request.Method, resp.Request.URL, resp.StatusCode, wantStatus)
		}
		lines := logged(t, logs, resp)
		if len(lines) != 1 {
			t.Errorf("%d log lines for one request: %q", len(lines), lines)
		}
		var line struct{ Msg, Path, User string }
		if err := json.Unmarshal([]byte(lines[0]), &line); err != nil || line.Msg != "http" || line.User != wantUser {
			t.Errorf("log line %q: user %q, want %q (err %v)", lines[0], line.User, wantUser, err)
		}
	}

	resp, _ := postForm(t, a.URL()+"/login", url.Values{"username": {"chief"}, "password": {logPW}, "next": {"/staff?id=" + idNumber}})
	check(resp, http.StatusSeeOther, "")
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "bianmin_session" {
			cookie = c.Value
		}
	}
	if len(cookie) < 20 {
		t.Fatalf("no session cookie after login: %v", resp.Cookies())
	}
	secrets = append(secrets, cookie)

	body := `{"username":"chief","password":"` + logPW + `"}`
	resp, text := do(t, "POST", a.URL()+"/api/v1/session?id_number="+idNumber, "application/json", body, nil)
	check(resp, http.StatusCreated, "")
	var session struct{ Token string }
	if err := json.Unmarshal([]byte(text), &session); err != nil || len(session.Token) < 20 {
		t.Fatalf("API login: %s (%v)", text, err)
	}
	secrets = append(secrets, session.Token)

	resp, _ = do(t, "GET", a.URL()+"/staff?q="+idNumber, "", "", map[string]string{"Cookie": "bianmin_session=" + cookie})
	check(resp, http.StatusOK, "chief")
	resp, _ = do(t, "GET", a.URL()+"/api/v1/me?id_number="+idNumber, "", "", map[string]string{"Authorization": "Bearer " + session.Token})
	check(resp, http.StatusOK, "chief")
	resp, _ = do(t, "GET", a.URL()+"/?id="+idNumber+"&phone=13800138000", "", "", nil)
	check(resp, http.StatusOK, "")
	wrong := "Wr0ng#Secret-" + idNumber
	resp, _ = postForm(t, a.URL()+"/login", url.Values{"username": {"chief"}, "password": {wrong}})
	check(resp, http.StatusUnauthorized, "")
	resp, _ = do(t, "GET", a.URL()+"/api/v1/me", "", "", map[string]string{"Authorization": "Bearer " + session.Token + "x"})
	check(resp, http.StatusUnauthorized, "")
	resp, _ = do(t, "POST", a.URL()+"/logout", "", "", map[string]string{"Cookie": "bianmin_session=" + cookie})
	check(resp, http.StatusSeeOther, "chief")

	all := logs.String()
	for _, s := range append(secrets, logPW, wrong, idNumber, "13800138000", "$argon2id") {
		if strings.Contains(all, s) {
			t.Errorf("the log contains %q", s)
		}
	}
	if !strings.Contains(all, `"path":"/api/v1/me"`) {
		t.Errorf("the log does not record request paths:\n%s", all)
	}
}

// TestLogInjectionOneLine: a username, a path and a JSON field carrying
// "\r\n" and a forged record still give exactly one log line per request,
// in JSON and in text format (SECURITY.md item 38).
func TestLogInjectionOneLine(t *testing.T) {
	const forged = "\r\n{\"level\":\"ERROR\",\"msg\":\"forged\"}\r\ntime=2026-01-01T00:00:00Z level=ERROR msg=forged\n"
	handlers := map[string]func(*syncBuffer) slog.Handler{
		"json": func(b *syncBuffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *syncBuffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			logs := &syncBuffer{}
			a := start(t, app.Config{DB: dbPath(t)}, slog.New(h(logs)))
			withAdmin(t, a)
			var resps []*http.Response
			r, _ := postForm(t, a.URL()+"/login", url.Values{"username": {"chief" + forged}, "password": {"x" + forged}})
			resps = append(resps, r)
			r, _ = do(t, "POST", a.URL()+"/api/v1/session", "application/json",
				`{"username":"evil\r\n{\"level\":\"ERROR\"}\r\nlevel=ERROR msg=forged","password":"x"}`, nil)
			resps = append(resps, r)
			r, _ = do(t, "GET", a.URL()+"/nothing%0D%0A%7B%22level%22%3A%22ERROR%22%7D%0D%0Alevel=ERROR%20msg=forged?x=%0D%0Ay", "", "", nil)
			resps = append(resps, r)
			r, _ = do(t, "GET", a.URL()+"/healthz", "", "", map[string]string{"User-Agent": "ua", "Cookie": "bianmin_session=abc%0D%0Alevel=ERROR"})
			resps = append(resps, r)
			for _, r := range resps {
				if lines := logged(t, logs, r); len(lines) != 1 {
					t.Errorf("%s %s: %d log lines, want 1: %q", r.Request.Method, r.Request.URL, len(lines), lines)
				}
			}
			for _, line := range strings.Split(strings.TrimRight(logs.String(), "\n"), "\n") {
				switch name {
				case "json":
					var v map[string]any
					if err := json.Unmarshal([]byte(line), &v); err != nil {
						t.Errorf("not one JSON record: %q", line)
					}
				case "text":
					if !strings.HasPrefix(line, "time=") || strings.HasPrefix(line, "time=2026-01-01T00:00:00Z") {
						t.Errorf("not one text record: %q", line)
					}
				}
				if strings.Contains(line, "msg=forged") && !strings.Contains(line, "msg=http") && name == "text" {
					t.Errorf("forged record in the log: %q", line)
				}
			}
		})
	}
}

// TestLogsMaskPersonalDataInPath: an ID number or mobile number in a URL
// path (a mistyped link, a 404) is masked in the log line (SECURITY.md item 25).
func TestLogsMaskPersonalDataInPath(t *testing.T) {
	logs := &syncBuffer{}
	a := start(t, app.Config{DB: dbPath(t)}, slog.New(slog.NewJSONHandler(logs, nil)))
	resp, _ := do(t, "GET", a.URL()+"/cases/"+idNumber+"/13812345678", "", "", nil)
	lines := logged(t, logs, resp)
	if len(lines) != 1 {
		t.Fatalf("%d log lines", len(lines))
	}
	if strings.Contains(lines[0], idNumber) || strings.Contains(lines[0], "13812345678") {
		t.Errorf("log line holds personal data: %s", lines[0])
	}
	if !strings.Contains(lines[0], "110***********002X") {
		t.Errorf("log line lacks the masked ID: %s", lines[0])
	}
}
