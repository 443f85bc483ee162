package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

func TestRateLimitTransportPaces(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv, n := pn.countingServer(t, func(int64, http.ResponseWriter, *http.Request) {})
		rt := &RateLimitTransport{Limiter: rate.NewLimiter(20, 1), Base: pn.transport(t)}
		start := time.Now()
		for range 5 {
			resp, err := rt.RoundTrip(mustRequest(t, "GET", srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		// 5 requests at 20/s with a burst of 1: 4 gaps of 50ms.
		if d := time.Since(start); d != 200*time.Millisecond {
			t.Errorf("5 requests at 20/s took %v; want 200ms", d)
		}
		if got := n.Load(); got != 5 {
			t.Errorf("requests = %d; want 5", got)
		}
	})
}

func TestRateLimitTransportDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := rate.NewLimiter(1, 1)
		lim.Allow() // use up the burst: the next slot is a second away
		rt := &RateLimitTransport{Limiter: lim, Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
			t.Error("request sent past the limiter")
			return nil, errors.New("unreachable")
		})}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		body := &trackedBody{Reader: strings.NewReader("x")}
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://api.invalid/v2/jobs", body)
		start := time.Now()
		_, err := rt.RoundTrip(req)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v; want context.DeadlineExceeded", err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "authmw: POST /v2/jobs: waiting for the rate limiter would pass the context deadline") {
			t.Errorf("err = %q; want it to explain the deadline", err)
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("returned after %v; want at once, not at the 100ms deadline", d)
		}
		if !body.closed.Load() {
			t.Errorf("request body not closed")
		}
	})
}

func TestRateLimitTransportCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := rate.NewLimiter(0.5, 1)
		lim.Allow()
		rt := &RateLimitTransport{Limiter: lim}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://api.invalid/", nil)
		_, err := rt.RoundTrip(req)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v; want context.Canceled", err)
		}
	})
}

func TestRateLimitTransportZeroBurst(t *testing.T) {
	rt := &RateLimitTransport{Limiter: rate.NewLimiter(10, 0)}
	_, err := rt.RoundTrip(mustRequest(t, "GET", "http://api.invalid/"))
	if err == nil || !strings.Contains(err.Error(), "burst of 0") {
		t.Errorf("err = %v; want it to name the zero burst", err)
	}
}

func TestRateLimitTransportNilLimiter(t *testing.T) {
	srv, _ := countingServer(t, func(_ int64, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	resp, err := (&RateLimitTransport{}).RoundTrip(mustRequest(t, "GET", srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestNewLimiter(t *testing.T) {
	lim := newLimiter(Config{})
	if lim == nil || lim.Limit() != DefaultRateLimit || lim.Burst() != DefaultRateBurst {
		t.Errorf("default limiter = %v; want %v/s, burst %d", lim, DefaultRateLimit, DefaultRateBurst)
	}
	lim = newLimiter(Config{RateLimit: 5, RateBurst: 3})
	if lim.Limit() != 5 || lim.Burst() != 3 {
		t.Errorf("limiter = %v/s burst %d; want 5/s burst 3", lim.Limit(), lim.Burst())
	}
	if lim := newLimiter(Config{RateLimit: rate.Inf}); lim != nil {
		t.Errorf("newLimiter(rate.Inf) = %v; want nil (no limiter)", lim)
	}
}
