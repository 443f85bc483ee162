package authmw

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestRetryWaitFromTitle checks that a 429 without Retry-After waits for
// the time its body's title (or message) states, capped by MaxRetryAfter,
// else for the backoff.
func TestRetryWaitFromTitle(t *testing.T) {
	for _, tt := range []struct {
		name, contentType, body string
		want                    time.Duration
	}{
		{"ServiceTitan title", "application/json",
			`{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":"Rate limit is exceeded. Try again in 12 seconds.","status":429,"traceId":"00-1"}`,
			12 * time.Second},
		{"API Management message", "application/json", `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 26 seconds." }`, 26 * time.Second},
		{"one second", "application/problem+json", `{"title":"Too many requests. Try again in 1 second"}`, time.Second},
		{"fraction", "application/json", `{"title":"Quota exceeded, please retry in 1.5s."}`, 1500 * time.Millisecond},
		{"retry after", "application/json", `{"Title":"Please retry after 43 seconds"}`, 43 * time.Second},
		{"a TimeSpan", "application/json", `{"title":"Rate limit reached. Try again in 00:00:07."}`, 7 * time.Second},
		{"milliseconds", "application/json", `{"title":"Try again in 250 ms"}`, 250 * time.Millisecond},
		{"minutes: capped by MaxRetryAfter", "application/json", `{"title":"Try again in 5 minutes"}`, 50 * time.Second},
		{"a long body", "application/json", `{"title":"Try again in 3 seconds","errors":{"x":["` + strings.Repeat("y", 100<<10) + `"]}}`, 3 * time.Second},
		{"title past the bound read", "application/json", `{"errors":{"x":["` + strings.Repeat("y", 100<<10) + `"]},"title":"Try again in 3 seconds"}`, 0},
		{"no wait stated", "application/json", `{"title":"Too Many Requests"}`, 0},
		{"the wait elsewhere", "application/json", `{"title":"Too Many Requests","detail":"Try again in 9 seconds"}`, 0},
		{"not JSON", "text/plain", `Try again in 9 seconds`, 0},
		{"a number without a unit", "application/json", `{"title":"Try again in 9"}`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				var first time.Time
				var gap time.Duration
				srv, _ := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
					if n == 1 {
						first = time.Now()
						w.Header().Set("Content-Type", tt.contentType)
						w.WriteHeader(http.StatusTooManyRequests)
						io.WriteString(w, tt.body)
						return
					}
					gap = time.Since(first)
				})
				rt := fastRetry() // backoff: at most 1ms
				rt.Base = pn.transport(t)
				rt.MaxRetryAfter = 50 * time.Second
				resp, err := rt.RoundTrip(mustRequest(t, "GET", srv.URL))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status = %d; want 200 after a retry", resp.StatusCode)
				}
				if tt.want == 0 {
					if gap > time.Millisecond {
						t.Errorf("retried after %v; want the backoff, at most 1ms", gap)
					}
				} else if gap != tt.want {
					t.Errorf("retried after %v; want %v", gap, tt.want)
				}
			})
		})
	}
}

// TestRetryWaitFromTitleIntactBody checks that the caller gets the whole
// body of a 429 that is not retried, though its start was read for the
// title: the last attempt, and one whose wait would pass the deadline.
func TestRetryWaitFromTitleIntactBody(t *testing.T) {
	body := `{"title":"Rate limit is exceeded. Try again in 12 seconds.","detail":"` + strings.Repeat("z", 64<<10) + `"}`
	for _, tt := range []struct {
		name        string
		maxAttempts int
		deadline    time.Duration
		requests    int64
	}{
		{"last attempt", 2, 0, 2},
		{"wait past the deadline", 4, 5 * time.Second, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				srv, n := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusTooManyRequests)
					io.WriteString(w, body)
				})
				rt := fastRetry()
				rt.Base = pn.transport(t)
				rt.MaxAttempts = tt.maxAttempts
				ctx := context.Background()
				if tt.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.deadline)
					defer cancel()
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
				start := time.Now()
				resp, err := rt.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				if tt.deadline > 0 && time.Since(start) != 0 {
					t.Errorf("returned after %v; want at once: the stated wait passes the deadline", time.Since(start))
				}
				got, err := io.ReadAll(resp.Body)
				if err != nil || string(got) != body {
					t.Errorf("body: %d bytes, %v; want the %d bytes sent", len(got), err, len(body))
				}
				if n.Load() != tt.requests {
					t.Errorf("requests = %d; want %d", n.Load(), tt.requests)
				}
			})
		})
	}
}

// TestRetryWaitBackoffWithoutStatedWait checks that a 429 stating no wait,
// neither in Retry-After nor in its title, is retried after the backoff,
// capped by MaxRetryAfter.
func TestRetryWaitBackoffWithoutStatedWait(t *testing.T) {
	for _, tt := range []struct {
		name          string
		maxRetryAfter time.Duration
		most          time.Duration
	}{
		{"the backoff", time.Minute, 10 * time.Second},
		{"capped by MaxRetryAfter", time.Millisecond, time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				var times []time.Time
				srv, _ := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
					times = append(times, time.Now())
					if n < 4 {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(http.StatusTooManyRequests)
						io.WriteString(w, `{"title":"Too Many Requests","status":429}`)
					}
				})
				// The backoff is random up to 10s: 0 is one chance in 10^10.
				rt := &RetryTransport{Base: pn.transport(t), BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second, MaxRetryAfter: tt.maxRetryAfter}
				resp, err := rt.RoundTrip(mustRequest(t, "GET", srv.URL))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || len(times) != 4 {
					t.Fatalf("status %d after %d requests; want 200 after 3 retries", resp.StatusCode, len(times))
				}
				for i := 1; i < len(times); i++ {
					if gap := times[i].Sub(times[i-1]); gap <= 0 || gap > tt.most {
						t.Errorf("retry %d after %v; want a backoff, more than 0 and at most %v", i, gap, tt.most)
					}
				}
			})
		})
	}
}

func TestTitleWaitReadError(t *testing.T) {
	broken := errors.New("connection reset")
	resp := &http.Response{Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"title":"Try again in 4 seconds", "x":"`), iotest.ErrReader(broken)))}
	if d, ok := titleWait(resp); !ok || d != 4*time.Second {
		t.Errorf("titleWait = %v, %v; want 4s from the bytes before the error", d, ok)
	}
	got, err := io.ReadAll(resp.Body)
	if string(got) != `{"title":"Try again in 4 seconds", "x":"` || err != broken {
		t.Errorf("body = %q, %v; want the bytes before the error, then the error", got, err)
	}
}

// FuzzTitleWait checks that reading the wait a 429's body states never
// fails, never changes the body the caller reads, and gives no negative wait.
func FuzzTitleWait(f *testing.F) {
	for _, s := range []string{
		`{"title":"Rate limit is exceeded. Try again in 12 seconds."}`,
		`{"statusCode":429,"message":"Try again in 00:00:07"}`,
		`{"title":"retry after 99999999.999999999 hours"}`,
		`{"title":1,"TITLE":"wait 3 ms","errors":{"a":["b"]}}`,
		`[{"title":"try again in 3s"}]`, `{"title":"try again in 3s"`, `not json`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &http.Response{Body: io.NopCloser(bytes.NewReader(body))}
		if d, ok := titleWait(resp); ok && d < 0 {
			t.Errorf("titleWait(%q) = %v; want no negative wait", body, d)
		}
		if got, err := io.ReadAll(resp.Body); err != nil || !bytes.Equal(got, body) {
			t.Errorf("body after titleWait = %q, %v; want %q", got, err, body)
		}
	})
}
