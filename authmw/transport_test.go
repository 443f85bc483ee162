package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// do sends n concurrent GETs through rt, with ctxFor(i) as the i-th request's
// context, and returns the errors (nil for a 200).
func do(t *testing.T, rt http.RoundTripper, url string, n int, ctxFor func(int) context.Context) []error {
	t.Helper()
	hc := &http.Client{Transport: rt}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctxFor(i), "GET", url, nil)
			resp, err := hc.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				errs[i] = errors.New(resp.Status)
			}
		})
	}
	wg.Wait()
	return errs
}

func newLoopbackBase() *http.Transport {
	return &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
}

func background(int) context.Context { return context.Background() }

func TestConcurrentRequestsShareOneTokenFetch(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		ts.gate = make(chan struct{})
		api := pn.apiServer(t, nil)
		rt, err := NewTransport(testConfig(ts, api.URL), pn.transport(t))
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			synctest.Wait() // every request waits behind the blocked fetch
			close(ts.gate)
		}()
		for i, err := range do(t, rt, api.URL, 200, background) {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		wantRequests(t, ts, 1, api, 200)
	})
}

func TestConcurrentRequestsRefreshOnceAfterExpiry(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 1)
		api := pn.apiServer(t, nil)
		rt, err := NewTransport(testConfig(ts, api.URL), pn.transport(t))
		if err != nil {
			t.Fatal(err)
		}
		if status, _ := get(t, rt, api.URL); status != 200 {
			t.Fatalf("status = %d; want 200", status)
		}
		time.Sleep(time.Second + time.Nanosecond) // past expires_in
		for i, err := range do(t, rt, api.URL, 200, background) {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		if got := ts.requests.Load(); got != 2 {
			t.Errorf("token requests = %d; want 2 (exactly one refresh)", got)
		}
	})
}

func TestCancelledRequestDoesNotFailOthers(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		ts.gate = make(chan struct{})
		api := pn.apiServer(t, nil)
		rt, err := NewTransport(testConfig(ts, api.URL), pn.transport(t))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			synctest.Wait() // every request waits behind the blocked fetch
			cancel()        // every third request gives up while the fetch is in flight
			synctest.Wait()
			close(ts.gate)
		}()
		errs := do(t, rt, api.URL, 300, func(i int) context.Context {
			if i%3 == 0 {
				return ctx
			}
			return context.Background()
		})
		for i, err := range errs {
			if i%3 == 0 {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("cancelled request %d: err = %v; want context.Canceled", i, err)
				}
			} else if err != nil {
				t.Errorf("request %d: %v", i, err)
			}
		}
		if got := ts.requests.Load(); got != 1 {
			t.Errorf("token requests = %d; want 1", got)
		}
	})
}

func TestChainDefaultRateLimit(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		api := pn.apiServer(t, nil)
		cfg := testConfig(ts, api.URL)
		cfg.RateLimit = 0 // default: 60/s, burst 1
		rt, err := NewTransport(cfg, pn.transport(t))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for range 4 {
			get(t, rt, api.URL)
		}
		if d, want := time.Since(start), 3*time.Second/60; d != want {
			t.Errorf("4 requests took %v; want %v at 60/s", d, want)
		}
	})
}

func TestChain401RetryThroughRetryTransport(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	})
	rt, err := NewTransport(testConfig(ts, api.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := get(t, rt, api.URL); status != http.StatusUnauthorized {
		t.Errorf("status = %d; want 401", status)
	}
	// 401 is not retried by the retry layer: one refresh, one retry, no more.
	wantRequests(t, ts, 2, api, 2)
}

func TestChainDoesNotMutateRequest(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	rt, err := NewTransport(testConfig(ts, api.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", api.URL, nil)
	req.Header.Set("Accept", "application/json")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(req.Header) != 1 || req.Header.Get("Authorization") != "" || req.Header.Get("ST-App-Key") != "" {
		t.Errorf("caller's request headers = %v; want only Accept", req.Header)
	}
}

// TestChainRetriesTokenTimeouts checks that a token request that times out
// is retried like one whose connection dropped, within MaxAttempts.
func TestChainRetriesTokenTimeouts(t *testing.T) {
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"timeout", func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }, "timed out after 30ms (Config.TokenTimeout)"},
		{"dropped connection", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }, "EOF"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				ts := pn.tokenServer(t, 900)
				ts.handler = tt.handler
				cfg := testConfig(ts, noAPI)
				cfg.TokenTimeout = 30 * time.Millisecond
				cfg.MaxAttempts = 3
				rt, err := NewTransport(cfg, pn.transport(t))
				if err != nil {
					t.Fatal(err)
				}
				_, err = rt.RoundTrip(mustRequest(t, "POST", noAPI+"/crm"))
				var te *TokenError
				if !errors.As(err, &te) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v; want a *TokenError saying %q", err, tt.want)
				}
				if errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err wraps context.DeadlineExceeded, but the caller set no deadline: %v", err)
				}
				if got := ts.requests.Load(); got != 3 {
					t.Errorf("token requests = %d; want 3 (MaxAttempts)", got)
				}
			})
		})
	}
}

// TestTokenEndpointHerd checks that concurrent calls against a failing token
// endpoint share each token request, success or failure, and that the token
// source backs off (honouring Retry-After) before the next: 1,000 calls of
// up to 4 attempts each make at most a handful of token requests.
func TestTokenEndpointHerd(t *testing.T) {
	for _, tt := range []struct {
		name       string
		status     int
		retryAfter string
		gap        time.Duration // the least time between two token requests
		calls      int
	}{
		{"429 with Retry-After", http.StatusTooManyRequests, "2", 2 * time.Second, 1000},
		{"500", http.StatusInternalServerError, "", 500 * time.Microsecond, 1000},
		{"503 with Retry-After as a date", http.StatusServiceUnavailable, "date", 7 * time.Second, 100},
		{"429 with Retry-After 0", http.StatusTooManyRequests, "0", 500 * time.Microsecond, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				var mu sync.Mutex
				var times []time.Time
				ts := pn.tokenServer(t, 900)
				ts.handler = func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					times = append(times, time.Now())
					mu.Unlock()
					switch tt.retryAfter {
					case "":
					case "date":
						w.Header().Set("Retry-After", time.Now().Add(7*time.Second).UTC().Format(http.TimeFormat))
					default:
						w.Header().Set("Retry-After", tt.retryAfter)
					}
					w.WriteHeader(tt.status)
				}
				cfg := testConfig(ts, noAPI) // 4 attempts; backoff from 1ms to 5ms
				rt, err := NewTransport(cfg, pn.transport(t))
				if err != nil {
					t.Fatal(err)
				}
				for i, err := range do(t, rt, noAPI+"/crm/v2/tenant/1/customers", tt.calls, background) {
					if te := (*TokenError)(nil); !errors.As(err, &te) || te.StatusCode != tt.status {
						t.Fatalf("call %d: err = %v; want a *TokenError with status %d", i, err, tt.status)
					}
				}
				t.Logf("%d calls made %d token requests", tt.calls, len(times))
				if n := len(times); n < 2 || n > DefaultMaxAttempts {
					t.Errorf("%d calls made %d token requests; want from 2 to %d (one per attempt of them all)", tt.calls, n, DefaultMaxAttempts)
				}
				for i := 1; i < len(times); i++ {
					if gap := times[i].Sub(times[i-1]); gap < tt.gap {
						t.Errorf("token request %d came %v after the one before; want at least %v", i+1, gap, tt.gap)
					}
				}
			})
		})
	}
}

// TestTokenEndpointHerdLoopback is TestTokenEndpointHerd's 500 case on a
// loopback socket and the real clock: goroutines wake when the scheduler
// lets them, not all at one instant.
func TestTokenEndpointHerdLoopback(t *testing.T) {
	ts := newTokenServer(t, 900)
	ts.handler = func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}
	cfg := testConfig(ts, noAPI)
	cfg.RetryBaseDelay, cfg.RetryMaxDelay = 100*time.Millisecond, 300*time.Millisecond
	rt, err := NewTransport(cfg, newLoopbackBase())
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range do(t, rt, noAPI+"/crm/v2/tenant/1/customers", 1000, background) {
		if te := (*TokenError)(nil); !errors.As(err, &te) || te.StatusCode != http.StatusInternalServerError {
			t.Fatalf("call %d: err = %v; want a *TokenError with status 500", i, err)
		}
	}
	t.Logf("1000 calls made %d token requests", ts.requests.Load())
	// One per round of attempts, and a few for calls the scheduler woke
	// after the next round's pause had passed.
	if n := ts.requests.Load(); n > 10 {
		t.Errorf("1000 calls made %d token requests; want at most 10", n)
	}
}
