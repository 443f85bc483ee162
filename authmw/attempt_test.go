package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// stallingServer answers the n-th request (1-based) after the first stalls
// ones have stalled, each either before its headers or after the first bytes
// of its body; it releases the stalled handlers when the test ends.
func (pn *pipeNet) stallingServer(t *testing.T, stalls int64, inBody bool) (*httptest.Server, *atomic.Int64) {
	release := make(chan struct{})
	var n atomic.Int64
	srv := pn.server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if n.Add(1) > stalls {
			io.WriteString(w, "done")
			return
		}
		if inBody {
			io.WriteString(w, "the start of it")
			w.(http.Flusher).Flush()
		}
		<-release
	}))
	t.Cleanup(func() { close(release) }) // before the server's Close, which waits for its handlers
	return srv, &n
}

// readAll reads body with a watchdog: a read that never ends fails the test
// instead of hanging it.
func readAll(t *testing.T, body io.Reader) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(body)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("reading the body did not end: nothing bounds the attempt")
		return nil, nil
	}
}

// roundTripWithin runs rt.RoundTrip(req) with the same watchdog.
func roundTripWithin(t *testing.T, rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	t.Helper()
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := rt.RoundTrip(req)
		done <- result{resp, err}
	}()
	select {
	case r := <-done:
		return r.resp, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("the request did not end: nothing bounds the attempt")
		return nil, nil
	}
}

// isTimeout reports whether err says it is a timeout, as net.Error does.
func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

func TestAttemptTimeoutStalledBody(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv, n := pn.stallingServer(t, 1, true)
		rt := fastRetry()
		rt.Base = pn.transport(t)
		rt.AttemptTimeout = 100 * time.Millisecond
		start := time.Now()
		resp, err := roundTripWithin(t, rt, mustRequest(t, "GET", srv.URL+"/file"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, err := readAll(t, resp.Body)
		if string(got) != "the start of it" {
			t.Errorf("body = %q; want what came before the stall", got)
		}
		if d := time.Since(start); d != rt.AttemptTimeout {
			t.Errorf("the read ended after %v; want the attempt timeout, %v", d, rt.AttemptTimeout)
		}
		if err == nil || !strings.Contains(err.Error(), "authmw: GET /file: the attempt timed out after 100ms (Config.AttemptTimeout) while the response body was read") {
			t.Errorf("err = %v; want one naming the attempt timeout", err)
		}
		if !isTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v: Timeout() %v, wraps context.DeadlineExceeded %v; want a timeout not wrapping it (the caller set no deadline)",
				err, isTimeout(err), errors.Is(err, context.DeadlineExceeded))
		}
		if got := n.Load(); got != 1 {
			t.Errorf("requests = %d; want 1: a body already returned is not retried", got)
		}
	})
}

func TestAttemptTimeoutBeforeHeaders(t *testing.T) {
	for _, tt := range []struct {
		method string
		want   int64 // requests
	}{
		{"GET", 2},  // retried, like a dropped connection
		{"POST", 1}, // the server may have acted on it
	} {
		t.Run(tt.method, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				srv, n := pn.stallingServer(t, 1, false)
				rt := fastRetry()
				rt.Base = pn.transport(t)
				rt.AttemptTimeout = 100 * time.Millisecond
				req, _ := http.NewRequest(tt.method, srv.URL+"/x", strings.NewReader("body"))
				resp, err := roundTripWithin(t, rt, req)
				if got := n.Load(); got != tt.want {
					t.Errorf("requests = %d; want %d", got, tt.want)
				}
				if tt.want == 1 {
					if err == nil || !strings.Contains(err.Error(), "authmw: POST /x: the attempt timed out after 100ms (Config.AttemptTimeout) before the response headers arrived") || !isTimeout(err) {
						t.Errorf("err = %v; want one naming the attempt timeout", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("err = %v; want the second attempt's response", err)
				}
				b, _ := readAll(t, resp.Body)
				resp.Body.Close()
				if string(b) != "done" {
					t.Errorf("body = %q; want %q", b, "done")
				}
			})
		})
	}
}

func TestAttemptTimeoutOverride(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv, _ := pn.stallingServer(t, 0, false)
		rt := fastRetry()
		rt.AttemptTimeout = 100 * time.Millisecond
		// A download read slowly: the context lifts the bound for this request.
		ctx := WithAttemptTimeout(context.Background(), 0)
		base := pn.transport(t)
		var attemptCtx context.Context
		rt.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attemptCtx = r.Context()
			return base.RoundTrip(r)
		})
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := roundTripWithin(t, rt, req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if _, ok := attemptCtx.Deadline(); ok {
			t.Errorf("the attempt has a deadline; want none under WithAttemptTimeout(ctx, 0)")
		}
		ctx = WithAttemptTimeout(context.Background(), time.Hour)
		req, _ = http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		if resp, err = roundTripWithin(t, rt, req); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if d, ok := attemptCtx.Deadline(); !ok || time.Until(d) != time.Hour {
			t.Errorf("the attempt's deadline is %v away; want an hour", time.Until(d))
		}
	})
}

func TestAttemptContextEnds(t *testing.T) {
	var ctxs []context.Context
	rt := &RetryTransport{AttemptTimeout: time.Hour, Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		ctxs = append(ctxs, r.Context())
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("data"))}, nil
	})}
	resp, err := rt.RoundTrip(mustRequest(t, "GET", "https://api.invalid/read"))
	if err != nil {
		t.Fatal(err)
	}
	if ctxs[0].Err() != nil {
		t.Fatalf("the attempt's context ended before its body was read")
	}
	io.ReadAll(resp.Body)
	if ctxs[0].Err() == nil {
		t.Errorf("the attempt's context is alive after its body was read to EOF")
	}
	resp.Body.Close()
	resp, err = rt.RoundTrip(mustRequest(t, "GET", "https://api.invalid/close"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ctxs[1].Err() == nil {
		t.Errorf("the attempt's context is alive after its body was closed")
	}
	// A caller deadline sooner than the attempt timeout bounds the attempt already.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://api.invalid/deadline", nil)
	if resp, err = rt.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ctxs[2] != ctx {
		t.Errorf("the attempt has a context of its own; want the caller's, whose deadline comes first")
	}
}

// detachedCtx is a context whose Done channel is its own, so that a context
// derived from it needs a goroutine to follow it: one that leaks unless the
// derived context is cancelled.
type detachedCtx struct {
	context.Context
	done chan struct{}
}

func (c detachedCtx) Done() <-chan struct{} { return c.done }

func TestAttemptNoGoroutineLeak(t *testing.T) {
	api := newAPIServer(t, nil)
	ts := newTokenServer(t, 900)
	base := newLoopbackBase()
	cfg := testConfig(ts, api.URL)
	cfg.AttemptTimeout = time.Hour
	rt, err := NewTransport(cfg, base)
	if err != nil {
		t.Fatal(err)
	}
	get(t, rt, api.URL) // token fetched, connection open
	base.CloseIdleConnections()
	before := runtime.NumGoroutine()
	ctx := detachedCtx{context.Background(), make(chan struct{})}
	for i := range 20 {
		req, _ := http.NewRequestWithContext(ctx, "GET", api.URL, nil)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			io.ReadAll(resp.Body)
		}
		resp.Body.Close()
	}
	base.CloseIdleConnections()
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond) // goroutines end asynchronously
	}
	if after > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d after 20 requests; want no more:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// TestCallerDeadlineLiftsAttemptTimeout: a request whose context has a
// deadline of its own (a long download) is bounded by it, not by
// AttemptTimeout: a body slower than the attempt timeout arrives whole.
func TestCallerDeadlineLiftsAttemptTimeout(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv := pn.server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for range 4 {
				io.WriteString(w, "chunk ")
				w.(http.Flusher).Flush()
				time.Sleep(50 * time.Millisecond)
			}
		}))
		rt := fastRetry()
		rt.Base = pn.transport(t)
		rt.AttemptTimeout = 60 * time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		req := mustRequest(t, "GET", srv.URL+"/file").WithContext(ctx)
		resp, err := roundTripWithin(t, rt, req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if got, err := readAll(t, resp.Body); err != nil || string(got) != "chunk chunk chunk chunk " {
			t.Errorf("body = %q, %v; want all four chunks: the caller's deadline, not the attempt timeout, bounds the request", got, err)
		}
	})
}
