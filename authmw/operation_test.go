package authmw

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

const (
	callsPattern  = "GET /telecom/v3/tenant/{tenant}/calls"
	reportPattern = "POST /reporting/v2/tenant/{tenant}/report-category/{report_category}/reports/{reportId}/data"
)

// reportPath returns the path of a run of report id for tenant.
func reportPath(tenant, id int) string {
	return fmt.Sprintf("/reporting/v2/tenant/%d/report-category/operations/reports/%d/data", tenant, id)
}

// limitedChain returns NewTransport's chain with limits, against a fake API
// on pn whose handle answers every request.
func limitedChain(t *testing.T, pn *pipeNet, limits []OperationLimit, tweak func(*Config), handle func(n int64, w http.ResponseWriter, r *http.Request)) (http.RoundTripper, *apiServer) {
	t.Helper()
	ts := pn.tokenServer(t, 900)
	api := pn.apiServer(t, handle)
	cfg := testConfig(ts, api.URL)
	cfg.OperationLimits = limits
	if tweak != nil {
		tweak(&cfg)
	}
	rt, err := NewTransport(cfg, pn.transport(t))
	if err != nil {
		t.Fatal(err)
	}
	return rt, api
}

// send sends method url with a body through rt and returns the status,
// reading and closing the response body.
func send(t *testing.T, ctx context.Context, rt http.RoundTripper, method, url string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(`{"parameters":[]}`))
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestOperationMaxInFlight(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var inFlight, most atomic.Int64
		rt, api := limitedChain(t, pn, []OperationLimit{{Pattern: callsPattern, MaxInFlight: 1}}, nil,
			func(n int64, w http.ResponseWriter, r *http.Request) {
				now := inFlight.Add(1)
				for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
				}
				time.Sleep(time.Second)
				inFlight.Add(-1)
			})
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 5 {
			wg.Go(func() {
				if status, err := send(t, context.Background(), rt, "GET", api.URL+"/telecom/v3/tenant/1/calls?page="+strconv.Itoa(i)); err != nil || status != 200 {
					t.Errorf("call %d: %d, %v", i, status, err)
				}
			})
		}
		wg.Wait()
		if got := most.Load(); got != 1 {
			t.Errorf("at most %d telecom calls requests in flight; want 1", got)
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("5 requests of a second each, one at a time, took %v; want 5s", d)
		}

		// Other operations are not held: the calls of one call, customers.
		most.Store(0)
		start = time.Now()
		for i := range 4 {
			path := []string{"/telecom/v3/tenant/1/calls/7", "/crm/v2/tenant/1/customers"}[i%2]
			wg.Go(func() {
				if status, err := send(t, context.Background(), rt, "GET", api.URL+path); err != nil || status != 200 {
					t.Errorf("%s: %d, %v", path, status, err)
				}
			})
		}
		wg.Wait()
		if got, d := most.Load(), time.Since(start); got != 4 || d != time.Second {
			t.Errorf("4 requests of other operations: at most %d in flight, %v; want 4 at once, 1s", got, d)
		}
	})
}

// TestOperationSlotHeldUntilBodyEnds checks that a request is in flight
// until its response body is read to EOF or closed.
func TestOperationSlotHeldUntilBodyEnds(t *testing.T) {
	for _, end := range []string{"EOF", "Close"} {
		t.Run(end, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				rt, api := limitedChain(t, pn, []OperationLimit{{Pattern: callsPattern, MaxInFlight: 1}}, nil,
					func(n int64, w http.ResponseWriter, r *http.Request) {
						io.WriteString(w, "call "+strconv.FormatInt(n, 10))
					})
				url := api.URL + "/telecom/v3/tenant/1/calls"
				first, err := rt.RoundTrip(mustRequest(t, "GET", url))
				if err != nil {
					t.Fatal(err)
				}
				second := make(chan error, 1)
				go func() {
					_, err := send(t, context.Background(), rt, "HEAD", url) // a GET pattern takes HEAD too
					second <- err
				}()
				synctest.Wait()
				if api.requests.Load() != 1 {
					t.Fatalf("the second request was sent while the first's body was unread")
				}
				if end == "EOF" {
					io.ReadAll(first.Body)
				} else {
					first.Body.Close()
				}
				if err := <-second; err != nil {
					t.Fatal(err)
				}
				first.Body.Close()
				if got := api.requests.Load(); got != 2 {
					t.Errorf("requests = %d; want 2", got)
				}
			})
		})
	}
}

func TestOperationMaxInFlightContextEnds(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		release := make(chan struct{})
		rt, api := limitedChain(t, pn, []OperationLimit{{Pattern: callsPattern, MaxInFlight: 1}}, nil,
			func(n int64, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					<-release
				}
			})
		url := api.URL + "/telecom/v3/tenant/1/calls"
		go send(t, context.Background(), rt, "GET", url)
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := send(t, ctx, rt, "GET", url)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 3*time.Second {
			t.Errorf("err = %v after %v; want context.DeadlineExceeded after 3s", err, time.Since(start))
		}
		if err != nil && !strings.Contains(err.Error(), "gave up waiting for a turn of GET /telecom/v3/tenant/{tenant}/calls, which has at most 1 in flight (Config.OperationLimits)") {
			t.Errorf("err = %q; want it to name the operation and its limit", err)
		}
		close(release)
	})
}

// reportServer answers report runs as ServiceTitan does: 429, with the wait
// in its title, to a run past the fifth of the same report (path) in any
// minute; it counts the 429s.
type reportServer struct {
	mu       sync.Mutex
	runs     map[string][]time.Time
	rejected int
}

func (s *reportServer) handle(_ int64, w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	var recent []time.Time
	for _, at := range s.runs[r.URL.Path] {
		if now.Sub(at) < time.Minute {
			recent = append(recent, at)
		}
	}
	if len(recent) >= 5 {
		s.rejected++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"title":"Rate limit is exceeded. Try again in %d seconds.","status":429}`, int(time.Minute-now.Sub(recent[0]))/int(time.Second)+1)
		return
	}
	s.runs[r.URL.Path] = append(recent, now)
	io.WriteString(w, `{"fields":[],"data":[]}`)
}

func TestReportRunLimit(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv := &reportServer{runs: map[string][]time.Time{}}
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil, srv.handle)
		var mu sync.Mutex
		times := map[string][]time.Duration{}
		start := time.Now()
		var wg sync.WaitGroup
		// 8 pages of report 1 and 3 of report 2 of tenant 1, and 3 of
		// report 1 of tenant 2, all at once.
		for _, run := range []struct{ tenant, report, pages int }{{1, 1, 8}, {1, 2, 3}, {2, 1, 3}} {
			for page := range run.pages {
				wg.Go(func() {
					path := reportPath(run.tenant, run.report)
					status, err := send(t, context.Background(), rt, "POST", api.URL+path+"?pageSize=25000&page="+strconv.Itoa(page+1))
					if err != nil || status != 200 {
						t.Errorf("%s page %d: %d, %v", path, page+1, status, err)
					}
					mu.Lock()
					times[path] = append(times[path], time.Since(start))
					mu.Unlock()
				})
			}
		}
		wg.Wait()
		if srv.rejected > 0 {
			t.Errorf("the server rejected %d runs with 429; want none", srv.rejected)
		}
		for path, want := range map[string]time.Duration{
			reportPath(1, 1): 84 * time.Second, // 8 runs, 12s apart
			reportPath(1, 2): 24 * time.Second,
			reportPath(2, 1): 24 * time.Second,
		} {
			if got := times[path][len(times[path])-1]; got != want {
				t.Errorf("the last run of %s ended after %v; want %v (its runs 12s apart)", path, got, want)
			}
		}
	})
}

// TestReportRunLimitSequential checks the runs of one report that a caller
// sends one after the other: each waits for its turn.
func TestReportRunLimitSequential(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		srv := &reportServer{runs: map[string][]time.Time{}}
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil, srv.handle)
		var sent []time.Duration
		start := time.Now()
		for range 7 {
			if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
				t.Fatalf("run: %d, %v", status, err)
			}
			sent = append(sent, time.Since(start))
		}
		if srv.rejected > 0 || sent[6] != 72*time.Second {
			t.Errorf("7 runs: %d rejected, the last after %v; want none rejected, the last after 72s", srv.rejected, sent[6])
		}
	})
}

func TestReportRunMaintenanceRetried(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var times []time.Time
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil,
			func(n int64, w http.ResponseWriter, r *http.Request) {
				times = append(times, time.Now())
				if b, _ := io.ReadAll(r.Body); string(b) != `{"parameters":[]}` {
					t.Errorf("run %d: body %q; want the parameters, rewound", n, b)
				}
				if n <= 2 {
					w.WriteHeader(http.StatusConflict)
					io.WriteString(w, `{"title":"Service is suspended for maintenance"}`)
				}
			})
		if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
			t.Fatalf("run: %d, %v; want 200 after the 409s", status, err)
		}
		if len(times) != 3 || times[1].Sub(times[0]) != 12*time.Second || times[2].Sub(times[1]) != 12*time.Second {
			t.Errorf("runs at %v; want 3, 12s apart: retries keep to the limit", times)
		}
	})
}

// TestOperationTokenAfterTurn checks that a request gets its token once its
// turn has come, not before it queues: a token that lives 30s serves runs
// queued for a minute.
func TestOperationTokenAfterTurn(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		issued := map[string]time.Time{}
		var mu sync.Mutex
		ts := pn.tokenServer(t, 30)
		ts.handler = func(w http.ResponseWriter, r *http.Request) {
			tok := tokenPrefix + strconv.FormatInt(ts.requests.Load(), 10)
			mu.Lock()
			issued[tok] = time.Now()
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":30}`, tok)
		}
		var stale atomic.Int64
		api := pn.apiServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			at, ok := issued[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
			mu.Unlock()
			if !ok || time.Since(at) > 30*time.Second {
				stale.Add(1)
				w.WriteHeader(http.StatusUnauthorized)
			}
		})
		cfg := testConfig(ts, api.URL)
		cfg.OperationLimits = []OperationLimit{ReportRunLimit(reportPattern)}
		rt, err := NewTransport(cfg, pn.transport(t))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
					t.Errorf("run: %d, %v", status, err)
				}
			})
		}
		wg.Wait()
		if stale.Load() > 0 {
			t.Errorf("%d runs were sent with a token past its lifetime; want none", stale.Load())
		}
	})
}

func TestOperationRetryStatusesOnlyForTheOperation(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil,
			func(n int64, w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusConflict) })
		if status, err := send(t, context.Background(), rt, "POST", api.URL+"/crm/v2/tenant/1/customers"); err != nil || status != http.StatusConflict {
			t.Fatalf("status %d, %v; want the 409", status, err)
		}
		if got := api.requests.Load(); got != 1 {
			t.Errorf("requests = %d; want 1: 409 is retried only for report runs", got)
		}
	})
}

// TestOperationWaitOutsideAttemptTimeout checks that a request's wait for
// its turn does not count against its AttemptTimeout.
func TestOperationWaitOutsideAttemptTimeout(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)},
			func(c *Config) { c.AttemptTimeout = 30 * time.Second }, nil)
		var wg sync.WaitGroup
		for i := range 6 { // the sixth waits 60s, twice the attempt timeout
			wg.Go(func() {
				if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
					t.Errorf("run %d: %d, %v", i, status, err)
				}
			})
		}
		wg.Wait()
		if got := api.requests.Load(); got != 6 {
			t.Errorf("requests = %d; want 6", got)
		}
	})
}

func TestOperationTurnPastDeadline(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil, nil)
		if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
			t.Fatalf("first run: %d, %v", status, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := send(t, ctx, rt, "POST", api.URL+reportPath(1, 1))
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 0 {
			t.Errorf("err = %v after %v; want context.DeadlineExceeded at once", err, time.Since(start))
		}
		if err != nil && !strings.Contains(err.Error(), "the next turn of this path comes in 12s, after the context's deadline (Config.OperationLimits: "+reportPattern+", one every 12s per path)") {
			t.Errorf("err = %q; want it to say when the turn comes and why", err)
		}
		if got := api.requests.Load(); got != 1 {
			t.Errorf("requests = %d; want 1", got)
		}
		// The cancelled turn is given back: a run at 12s goes at once.
		time.Sleep(12 * time.Second)
		start = time.Now()
		if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 || time.Since(start) != 0 {
			t.Errorf("run at 12s: %d, %v after %v; want 200 at once", status, err, time.Since(start))
		}
	})
}

// TestOperationTurnCancelled checks that a run waiting for its turn stops
// when its context is cancelled, though the context has no deadline, and
// gives its turn back.
func TestOperationTurnCancelled(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern)}, nil, nil)
		if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
			t.Fatalf("first run: %d, %v", status, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(5*time.Second, cancel)
		start := time.Now()
		_, err := send(t, ctx, rt, "POST", api.URL+reportPath(1, 1))
		if !errors.Is(err, context.Canceled) || time.Since(start) != 5*time.Second {
			t.Errorf("err = %v after %v; want context.Canceled when the context was cancelled, after 5s", err, time.Since(start))
		}
		if err != nil && !strings.Contains(err.Error(), "gave up waiting for the next turn of this path (Config.OperationLimits: "+reportPattern+", one every 12s per path)") {
			t.Errorf("err = %q; want it to say what it waited for", err)
		}
		if got := api.requests.Load(); got != 1 {
			t.Errorf("requests = %d; want 1", got)
		}
		// The cancelled turn is given back: a run at 12s goes at once.
		time.Sleep(7 * time.Second)
		start = time.Now()
		if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 || time.Since(start) != 0 {
			t.Errorf("run at 12s: %d, %v after %v; want 200 at once", status, err, time.Since(start))
		}
	})
}

// TestReportRunLimitChanged checks the knob the README shows: a limit of
// the report-run pattern after ReportRunLimit replaces it, slower, or with
// the pattern alone, none.
func TestReportRunLimitChanged(t *testing.T) {
	slower := ReportRunLimit(reportPattern)
	slower.PathRate = 2.0 / 60
	for _, tt := range []struct {
		name  string
		limit OperationLimit
		last  time.Duration
	}{
		{"two runs a minute", slower, 60 * time.Second},
		{"no limit", OperationLimit{Pattern: "POST /reporting/v2/tenant/{t}/report-category/{c}/reports/{id}/data"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				rt, api := limitedChain(t, pn, []OperationLimit{ReportRunLimit(reportPattern), tt.limit}, nil, nil)
				start := time.Now()
				for i := range 3 {
					if status, err := send(t, context.Background(), rt, "POST", api.URL+reportPath(1, 1)); err != nil || status != 200 {
						t.Fatalf("run %d: %d, %v", i+1, status, err)
					}
				}
				if got := time.Since(start); got != tt.last {
					t.Errorf("the third run went after %v; want %v", got, tt.last)
				}
			})
		})
	}
}

// TestOperationPathsBounded checks that the state of idle paths is dropped:
// runs of 5,000 different reports, 10 a second, keep a few hundred paths.
func TestOperationPathsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ok := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
		})
		olt, err := NewOperationLimitTransport([]OperationLimit{ReportRunLimit(reportPattern)}, ok)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := olt.mux.Handler(mustRequest(t, "POST", "https://api.invalid"+reportPath(1, 1)))
		op := h.(operationHandler).op
		most := 0
		for i := range 5000 {
			resp, err := olt.RoundTrip(mustRequest(t, "POST", "https://api.invalid"+reportPath(1, i)))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			op.mu.Lock()
			most = max(most, len(op.paths))
			op.mu.Unlock()
			time.Sleep(100 * time.Millisecond)
		}
		// A path is idle 12s after its run: 120 paths live at a time.
		if most > 2*121+1 {
			t.Errorf("the operation held up to %d paths; want at most %d", most, 2*121+1)
		}
		t.Logf("5,000 paths, 10 a second: at most %d held", most)
	})
}

func TestOperationLimitsConfig(t *testing.T) {
	for _, tt := range []struct {
		limits       []OperationLimit
		field, error string
	}{
		{[]OperationLimit{{Pattern: "GET /x/{"}}, "OperationLimits[0].Pattern",
			`"GET /x/{" is not a net/http.ServeMux pattern: bad wildcard segment (must end with '}')`},
		{[]OperationLimit{{Pattern: "FETCH"}}, "OperationLimits[0].Pattern", `"FETCH" is not a net/http.ServeMux pattern`},
		{[]OperationLimit{{Pattern: callsPattern}, {Pattern: "GET /a/{x}"}, {Pattern: "GET /{y}/b"}}, "OperationLimits[2].Pattern",
			`"GET /{y}/b" conflicts with OperationLimits[1].Pattern "GET /a/{x}": both match some requests and neither is more specific`},
		{[]OperationLimit{{Pattern: callsPattern, MaxInFlight: -1}}, "OperationLimits[0].MaxInFlight", "is negative"},
		{[]OperationLimit{{Pattern: callsPattern}, {Pattern: reportPattern, PathRate: -1}}, "OperationLimits[1].PathRate", "is negative"},
		{[]OperationLimit{{Pattern: reportPattern, PathRate: 1, PathBurst: -2}}, "OperationLimits[0].PathBurst", "is negative"},
		{[]OperationLimit{{Pattern: reportPattern, RetryStatuses: []int{409, 200}}}, "OperationLimits[0].RetryStatuses", "holds 200"},
	} {
		cfg := Config{ClientID: "id", ClientSecret: "s", AppKey: "k", Environment: Integration, OperationLimits: tt.limits}
		err := cfg.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != tt.field || !strings.Contains(ce.Problem, tt.error) || strings.Contains(ce.Problem, "\n") {
			t.Errorf("Validate() with %+v = %v; want a one-line *ConfigError for %s saying %s", tt.limits, err, tt.field, tt.error)
			continue
		}
		if _, err := NewTransport(cfg, nil); err == nil {
			t.Errorf("NewTransport with %+v succeeded; want %v", tt.limits, ce)
		}
	}
	// The same pattern again, with other wildcard names: the later one counts.
	cfg := Config{ClientID: "id", ClientSecret: "s", AppKey: "k", Environment: Integration, OperationLimits: []OperationLimit{
		ReportRunLimit(reportPattern),
		{Pattern: "POST /reporting/v2/tenant/{t}/report-category/{c}/reports/{id}/data", MaxInFlight: 2},
	}}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate() = %v; want a later limit to replace an earlier one", err)
	}
	olt, _ := NewOperationLimitTransport(cfg.OperationLimits, nil)
	h, _ := olt.mux.Handler(mustRequest(t, "POST", "https://api.invalid"+reportPath(1, 1)))
	if op := h.(operationHandler).op; op.limit.MaxInFlight != 2 || op.paths != nil {
		t.Errorf("limit = %+v; want the later one", op.limit)
	}
}

func TestNormalizePattern(t *testing.T) {
	for in, want := range map[string]string{
		reportPattern:                  "POST /reporting/v2/tenant/{w0}/report-category/{w1}/reports/{w2}/data",
		"GET /files/{path...}":         "GET /files/{w0...}",
		"GET /a/{$}":                   "GET /a/{$}",
		"GET /a/{report-id}/{x.y}/b":   "GET /a/{w0}/{w1}/b",
		"GET /a/{unclosed":             "GET /a/{unclosed",
		"api.example.com/v2/{tenant}/": "api.example.com/v2/{w0}/",
	} {
		if got := normalizePattern(in); got != want {
			t.Errorf("normalizePattern(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestOperationMatch checks which requests are an operation's: those a
// ServeMux with the patterns routes to it.
func TestOperationMatch(t *testing.T) {
	olt, err := NewOperationLimitTransport([]OperationLimit{
		{Pattern: callsPattern, MaxInFlight: 1},
		ReportRunLimit(reportPattern),
		{Pattern: "/files/{path...}", MaxInFlight: 3},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		method, path, want string
	}{
		{"GET", "/telecom/v3/tenant/1/calls", callsPattern},
		{"HEAD", "/telecom/v3/tenant/1/calls", callsPattern},
		{"", "/telecom/v3/tenant/1/calls", callsPattern}, // a client's GET
		{"POST", "/telecom/v3/tenant/1/calls", ""},
		{"GET", "/telecom/v3/tenant/1/calls/", ""},
		{"GET", "/telecom/v3/tenant/1/calls/7", ""},
		{"GET", "/telecom/v3/tenant/1/x/../calls", ""}, // ServeMux would redirect it, not route it
		{"POST", reportPath(12345, 678), reportPattern},
		{"POST", reportPath(12345, 678) + "/", ""},
		{"DELETE", "/files/a/b.pdf", "/files/{path...}"},
		{"GET", "/crm/v2/tenant/1/customers", ""},
	} {
		req := &http.Request{Method: tt.method, URL: &url.URL{Scheme: "https", Host: "api.invalid", Path: tt.path}}
		got := ""
		if op := olt.operation(req); op != nil {
			got = op.limit.Pattern
		}
		if got != tt.want {
			t.Errorf("%s %s: operation %q; want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
