package authmw

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLogAttempt(t *testing.T) {
	logger, buf := newTestLogger()
	req, _ := http.NewRequest("GET", "http://api.example/crm/v2/customers?api_key=QUERYSECRET", nil)
	req.Header.Set("Authorization", "Bearer "+tokenPrefix+"1")
	req.Header.Set("ST-App-Key", testAppKey)
	logAttempt(req.Context(), logger, nil, req, &http.Response{StatusCode: 503}, nil, 2, 1500*time.Millisecond, 250*time.Millisecond, 12*time.Second)
	logAttempt(req.Context(), logger, newRedactor(testSecret), req, nil, errors.New("dial: "+testSecret), 3, time.Millisecond, 0, 0)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d log lines; want 2:\n%s", len(lines), buf)
	}
	for _, want := range []string{"level=WARN", `msg="authmw: attempt"`, "method=GET", "path=/crm/v2/customers", "status=503", "attempt=2", "duration=1.5s", "wait=250ms", "queued=12s"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("line %q; want %q", lines[0], want)
		}
	}
	if !strings.Contains(lines[1], `error="dial: [REDACTED]"`) {
		t.Errorf("line %q; want the redacted error", lines[1])
	}
	if strings.Contains(lines[1], "queued") {
		t.Errorf("line %q; want no queued attribute for a request that did not wait for its turn", lines[1])
	}
	for _, secret := range []string{"QUERYSECRET", tokenPrefix, testAppKey, testSecret} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, buf)
		}
	}
}

func TestLogOneLinePerAttempt(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	})
	logger, buf := newTestLogger()
	cfg := testConfig(ts, api.URL)
	cfg.Logger = logger
	rt, err := NewTransport(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := get(t, rt, api.URL+"/v2/tenant/1/jobs?page=2"); status != 200 {
		t.Fatalf("status = %d; want 200", status)
	}
	var attempts []string
	for line := range strings.Lines(buf.String()) {
		if strings.Contains(line, `msg="authmw: attempt"`) {
			attempts = append(attempts, line)
		}
	}
	if len(attempts) != 2 {
		t.Fatalf("got %d attempt lines; want 2:\n%s", len(attempts), buf)
	}
	for i, want := range [][]string{
		{"level=WARN", "method=GET", "path=/v2/tenant/1/jobs ", "status=503", "attempt=1", "wait=0s"},
		{"level=INFO", "status=200", "attempt=2", "wait=0s"},
	} {
		for _, w := range want {
			if !strings.Contains(attempts[i], w) {
				t.Errorf("line %q; want %q", attempts[i], w)
			}
		}
	}
	if !strings.Contains(buf.String(), `msg="authmw: token fetched"`) {
		t.Errorf("no token fetch line:\n%s", buf)
	}
	if strings.Contains(buf.String(), "page=2") {
		t.Errorf("log contains the query string:\n%s", buf)
	}
}
