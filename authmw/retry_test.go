package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingServer answers the n-th request (1-based) with handle.
func countingServer(t *testing.T, handle func(n int64, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int64) {
	return startCountingServer(t, nil, handle)
}

// countingServer starts a counting server on pn, as countingServer does on loopback.
func (pn *pipeNet) countingServer(t *testing.T, handle func(n int64, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int64) {
	return startCountingServer(t, pn, handle)
}

func startCountingServer(t *testing.T, pn *pipeNet, handle func(n int64, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := startServer(t, pn, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handle(n.Add(1), w, r)
	}))
	return srv, &n
}

func fastRetry() *RetryTransport {
	return &RetryTransport{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{" 120 ", 120 * time.Second, true},
		{"99999999999999999999999", maxRetryAfterSeconds * time.Second, true},
		{now.Add(3 * time.Second).Format(http.TimeFormat), 3 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Sunday, 01-Mar-26 12:00:05 GMT", 5 * time.Second, true}, // RFC 850
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	base, maxDelay := 100*time.Millisecond, time.Second
	for attempt := 1; attempt <= 70; attempt++ {
		ceiling := maxDelay
		if attempt <= 4 {
			ceiling = base << (attempt - 1)
		}
		for range 50 {
			if d := Backoff(attempt, base, maxDelay); d < 0 || d > ceiling {
				t.Fatalf("Backoff(%d) = %v; want in [0, %v]", attempt, d, ceiling)
			}
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var first time.Time
		var gap time.Duration
		srv, n := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			gap = time.Since(first)
			io.WriteString(w, "ok")
		})
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader("payload"))
		rt := fastRetry()
		rt.Base = pn.transport(t)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n.Load() != 2 {
			t.Fatalf("status = %d after %d requests; want 200 after 2", resp.StatusCode, n.Load())
		}
		if gap != 7*time.Second {
			t.Errorf("retried after %v; want the 7s of Retry-After", gap)
		}
	})
}

func TestRetryAfterCapped(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var first time.Time
		var gap time.Duration
		srv, _ := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			gap = time.Since(first)
		})
		rt := fastRetry()
		rt.Base = pn.transport(t)
		rt.MaxRetryAfter = 5 * time.Second
		resp, err := rt.RoundTrip(mustRequest(t, "GET", srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if gap != 5*time.Second {
			t.Errorf("retried after %v; want MaxRetryAfter, 5s", gap)
		}
	})
}

func TestRetryAfterHTTPDate(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var until time.Time
		var second time.Time
		srv, n := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				until = time.Now().Add(2 * time.Second)
				w.Header().Set("Retry-After", until.UTC().Format(http.TimeFormat))
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			second = time.Now()
		})
		rt := fastRetry()
		rt.Base = pn.transport(t)
		resp, err := rt.RoundTrip(mustRequest(t, "GET", srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n.Load() != 2 {
			t.Fatalf("status = %d after %d requests; want 200 after 2", resp.StatusCode, n.Load())
		}
		if !second.Equal(until) {
			t.Errorf("retried at %v; want at the Retry-After date %v", second, until)
		}
	})
}

func TestRetryAfterPastDeadlineReturnsPromptly(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv, n := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, "slow down")
		})
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		rt := fastRetry()
		rt.Base = pn.transport(t)
		start := time.Now()
		resp, err := rt.RoundTrip(req)
		elapsed := time.Since(start)
		if err != nil {
			t.Fatalf("err = %v; want the 429 response", err)
		}
		defer resp.Body.Close()
		if elapsed != 0 {
			t.Errorf("returned after %v; want at once, without sleeping toward the deadline", elapsed)
		}
		if resp.StatusCode != http.StatusTooManyRequests || n.Load() != 1 {
			t.Errorf("status = %d after %d requests; want 429 after 1", resp.StatusCode, n.Load())
		}
		if b, _ := io.ReadAll(resp.Body); string(b) != "slow down" {
			t.Errorf("body = %q; want %q (the last response, unread)", b, "slow down")
		}
	})
}

func TestRetryCancelledDuringWait(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv, _ := pn.countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/x", nil)
		rt := fastRetry()
		rt.Base = pn.transport(t)
		start := time.Now()
		_, err := rt.RoundTrip(req)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
		if d := time.Since(start); d != 100*time.Millisecond {
			t.Errorf("returned after %v; want at the cancel, 100ms", d)
		}
		if got, want := err.Error(), "authmw: GET /x: stopped retrying after attempt 1 of 4 (status 503): context canceled"; got != want {
			t.Errorf("err = %q; want %q", got, want)
		}
	})
}

func TestRetryMethods(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		status       int
		header       string // optional request header name
		nonIdem      bool
		wantRequests int64
	}{
		{"POST not retried on 500", "POST", 500, "", false, 1},
		{"GET retried on 500", "GET", 500, "", false, 3},
		{"PUT retried on 502", "PUT", 502, "", false, 3},
		{"DELETE retried on 504", "DELETE", 504, "", false, 3},
		{"PATCH not retried on 502", "PATCH", 502, "", false, 1},
		{"POST retried on 429", "POST", 429, "", false, 3},
		{"POST retried on 503", "POST", 503, "", false, 3},
		{"POST retried on 500 when configured", "POST", 500, "", true, 3},
		{"POST with Idempotency-Key retried on 500", "POST", 500, "Idempotency-Key", false, 3},
		{"GET not retried on 501", "GET", 501, "", false, 1},
		{"GET not retried on 404", "GET", 404, "", false, 1},
		{"GET not retried on 401", "GET", 401, "", false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.WriteHeader(tt.status)
				io.WriteString(w, "attempt "+strconv.FormatInt(n, 10))
			})
			rt := fastRetry()
			rt.MaxAttempts = 3
			rt.RetryNonIdempotent = tt.nonIdem
			req, _ := http.NewRequest(tt.method, srv.URL, strings.NewReader("body"))
			if tt.header != "" {
				req.Header.Set(tt.header, "k1")
			}
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if got := n.Load(); got != tt.wantRequests {
				t.Errorf("requests = %d; want %d", got, tt.wantRequests)
			}
			b, _ := io.ReadAll(resp.Body)
			if got, want := string(b), "attempt "+strconv.FormatInt(tt.wantRequests, 10); got != want {
				t.Errorf("returned body = %q; want %q (the last response)", got, want)
			}
		})
	}
}

func TestRetryBodyIntact(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv, _ := countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if n < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	req, _ := http.NewRequest("PUT", srv.URL, strings.NewReader("same body"))
	resp, err := fastRetry().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := strings.Join(bodies, "|"), "same body|same body|same body"; got != want {
		t.Errorf("bodies = %q; want %q", got, want)
	}
}

func TestRetryBodyNotRewindable(t *testing.T) {
	srv, n := countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	req, _ := http.NewRequest("PUT", srv.URL, io.NopCloser(strings.NewReader("once")))
	resp, err := fastRetry().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := n.Load(); got != 1 {
		t.Errorf("requests = %d; want 1 (body cannot be rewound)", got)
	}
}

func TestRetryTransportErrors(t *testing.T) {
	errDial := errors.New("dial tcp: connection refused")
	tests := []struct {
		name   string
		method string
		err    error
		want   int64
	}{
		{"GET retried", "GET", errDial, 4},
		{"POST not retried", "POST", errDial, 1},
		{"POST retried when the token server is down", "POST", &TokenError{StatusCode: 503}, 4},
		{"GET not retried after bad credentials", "GET", &TokenError{StatusCode: 401}, 1},
		{"GET not retried after deadline", "GET", context.DeadlineExceeded, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			rt := fastRetry()
			rt.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
				n.Add(1)
				closeRequestBody(r)
				return nil, tt.err
			})
			req, _ := http.NewRequest(tt.method, "http://api.invalid/", strings.NewReader("b"))
			_, err := rt.RoundTrip(req)
			if !errors.Is(err, tt.err) {
				t.Errorf("err = %v; want %v", err, tt.err)
			}
			if got := n.Load(); got != tt.want {
				t.Errorf("attempts = %d; want %d", got, tt.want)
			}
		})
	}
}

func TestRetryDoesNotMutateRequest(t *testing.T) {
	srv, _ := countingServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("X-Trace", "1")
	orig := req.Header.Clone()
	resp, err := fastRetry().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := len(req.Header), len(orig); got != want || req.Header.Get("X-Trace") != "1" {
		t.Errorf("request headers = %v; want %v", req.Header, orig)
	}
}

func mustRequest(t testing.TB, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
