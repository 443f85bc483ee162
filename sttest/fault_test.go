package sttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// retryClient behaves as authmw's middleware does: it gets a token,
// sends it with ST-App-Key, waits out 429s for Retry-After, retries 5xx
// and dropped connections, and gets a new token once on 401. It records
// the waits instead of sleeping them.
type retryClient struct {
	t        *testing.T
	srv      *Server
	client   *http.Client
	tok      string
	attempts int
	// waits holds the waits the client would have slept.
	waits []time.Duration
}

func newRetryClient(t *testing.T, srv *Server) *retryClient {
	return &retryClient{t: t, srv: srv, client: srv.Client(), attempts: 5}
}

func (c *retryClient) token() error {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.srv.ClientID}, "client_secret": {c.srv.ClientSecret}}
	resp, err := c.client.PostForm(c.srv.TokenURL, form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("token: %s", resp.Status)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		return err
	}
	c.tok = tok.AccessToken
	return nil
}

// get fetches path, retrying as the middleware does; it returns the last status and body.
func (c *retryClient) get(path string) (int, []byte, error) {
	if c.tok == "" {
		if err := c.token(); err != nil {
			return 0, nil, err
		}
	}
	refreshed := false
	var lastErr error
	for range c.attempts {
		req, _ := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+c.tok)
		req.Header.Set("ST-App-Key", c.srv.AppKey)
		resp, err := c.client.Do(req)
		if err != nil {
			lastErr = err
			c.waits = append(c.waits, 10*time.Millisecond)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			if err != nil {
				return 0, nil, fmt.Errorf("429 without a usable Retry-After: %q", resp.Header.Get("Retry-After"))
			}
			c.waits = append(c.waits, time.Duration(secs)*time.Second)
		case resp.StatusCode == http.StatusUnauthorized && !refreshed:
			refreshed = true
			if err := c.token(); err != nil {
				return 0, nil, err
			}
		case resp.StatusCode >= 500:
			c.waits = append(c.waits, 10*time.Millisecond)
		default:
			return resp.StatusCode, body, nil
		}
		lastErr = fmt.Errorf("status %d", resp.StatusCode)
	}
	return 0, nil, fmt.Errorf("gave up: %w", lastErr)
}

// statuses returns the statuses of the recorded requests to a route.
func statuses(h *Handler, route string) []int {
	var out []int
	for _, r := range h.Requests() {
		if r.Route == route {
			out = append(out, r.Status)
		}
	}
	return out
}

func TestFault429WithRetryAfterThenSuccess(t *testing.T) {
	srv := latest(t).NewServer(t, WithFault(Fault{OperationID: "Customers_Get", Status: 429, RetryAfter: 2500 * time.Millisecond, Count: 2}))
	c := newRetryClient(t, srv)
	status, body, err := c.get("/crm/v2/tenant/1/customers/5")
	if err != nil || status != 200 || !strings.Contains(string(body), `"id":5`) {
		t.Fatalf("got %d %s %v", status, body, err)
	}
	if fmt.Sprint(c.waits) != "[3s 3s]" {
		t.Errorf("waits %v, want Retry-After rounded up to 3 s twice", c.waits)
	}
	if got := statuses(srv.Handler, "/crm/v2/tenant/{tenant}/customers/{id}"); fmt.Sprint(got) != "[429 429 200]" {
		t.Errorf("statuses %v", got)
	}
	// Other operations are untouched.
	if status, _, _ := c.get("/crm/v2/tenant/1/customers"); status != 200 || len(c.waits) != 2 {
		t.Errorf("list: %d, waits %v", status, c.waits)
	}
}

func TestFault401RefreshesToken(t *testing.T) {
	srv := latest(t).NewServer(t, WithFault(Fault{Path: "/crm/v2/tenant/{tenant}/customers/{id}", Status: 401, Count: 1}))
	c := newRetryClient(t, srv)
	if status, _, err := c.get("/crm/v2/tenant/1/customers/5"); err != nil || status != 200 {
		t.Fatalf("got %d %v", status, err)
	}
	if got := statuses(srv.Handler, TokenPath); len(got) != 2 {
		t.Errorf("token requests %v, want two (initial and refresh)", got)
	}
}

func TestFault5xxThenSuccess(t *testing.T) {
	for _, code := range []int{500, 502, 503} {
		srv := latest(t).NewServer(t, WithFault(Fault{Path: "/crm/v2/tenant/1/customers/*", Status: code, Count: 2}))
		c := newRetryClient(t, srv)
		if status, _, err := c.get("/crm/v2/tenant/1/customers/5"); err != nil || status != 200 {
			t.Fatalf("%d: got %d %v", code, status, err)
		}
		if got := statuses(srv.Handler, "/crm/v2/tenant/{tenant}/customers/{id}"); fmt.Sprint(got) != fmt.Sprintf("[%d %d 200]", code, code) {
			t.Errorf("%d: statuses %v", code, got)
		}
	}
}

func TestFaultDroppedConnection(t *testing.T) {
	srv := latest(t).NewServer(t, WithFault(Fault{Method: "GET", OperationID: "Customers_Get", Drop: true, Count: 1}))
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/crm/v2/tenant/1/customers/5", nil)
	_, err := srv.Client().Do(req)
	if err == nil {
		t.Fatal("dropped connection gave a response")
	}
	c := newRetryClient(t, srv)
	if status, _, err := c.get("/crm/v2/tenant/1/customers/5"); err != nil || status != 200 {
		t.Fatalf("after the drop: %d %v", status, err)
	}
	got := statuses(srv.Handler, "/crm/v2/tenant/{tenant}/customers/{id}")
	if len(got) != 2 || got[0] != 0 || got[1] != 200 {
		t.Errorf("statuses %v, want [0 200] (0: dropped)", got)
	}
}

func TestFaultDropWithoutHijacker(t *testing.T) {
	h := latest(t).NewHandler(WithFault(Fault{Drop: true}))
	defer func() {
		if r := recover(); !errors.Is(r.(error), http.ErrAbortHandler) {
			t.Errorf("recovered %v, want http.ErrAbortHandler", r)
		}
	}()
	do(h, apiGet("x", "y"))
	t.Error("no abort")
}

// TestFaultLatency: a fault's latency delays the operation it matches, by
// exactly its latency, and no other; on synctest's fake clock.
func TestFaultLatency(t *testing.T) {
	api := latest(t)
	synctest.Test(t, func(t *testing.T) {
		h := api.NewHandler(WithFault(Fault{OperationID: "Customers_Get", Latency: 150 * time.Millisecond}))
		tok := token(t, h, h.Credentials())
		start := time.Now()
		if code := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/5", "")).Code; code != 200 {
			t.Fatalf("status %d, want 200", code)
		}
		if d := time.Since(start); d != 150*time.Millisecond {
			t.Errorf("took %v, want 150ms", d)
		}
		start = time.Now()
		do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers", ""))
		if d := time.Since(start); d != 0 {
			t.Errorf("other operation took %v, want no delay", d)
		}
	})
}

// TestFaultLatencyCutShortByClose: Close ends an hour's latency at once;
// the request is then served. On synctest's fake clock, the request is
// durably blocked in its latency when Close is called, and no time passes.
func TestFaultLatencyCutShortByClose(t *testing.T) {
	api := latest(t)
	synctest.Test(t, func(t *testing.T) {
		h := api.NewHandler(WithLatency(time.Hour))
		done := make(chan int)
		start := time.Now()
		go func() { done <- do(h, apiGet("", "")).Code }()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("the request was answered before its latency")
		default:
		}
		h.Close()
		if code := <-done; code != http.StatusUnauthorized {
			t.Errorf("status %d, want 401 (served after the cut latency)", code)
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("Close cut the latency short after %v; want at once", d)
		}
	})
}

func TestFaultRateLimit(t *testing.T) {
	clock := newClock()
	h := latest(t).NewHandler(WithClock(clock.Now), WithRateLimit(5))
	tok := token(t, h, h.Credentials())
	send := func() *http.Response {
		w := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", ""))
		return w.Result()
	}
	for i := range 5 {
		if r := send(); r.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, r.StatusCode)
		}
	}
	r := send()
	if r.StatusCode != 429 || r.Header.Get("Retry-After") != "1" {
		t.Fatalf("6th request: %d Retry-After %q, want 429 1", r.StatusCode, r.Header.Get("Retry-After"))
	}
	clock.Add(200 * time.Millisecond) // one slot back
	if r := send(); r.StatusCode != 200 {
		t.Errorf("after 200ms: %d", r.StatusCode)
	}
	if r := send(); r.StatusCode != 429 {
		t.Errorf("second after 200ms: %d", r.StatusCode)
	}
	clock.Add(time.Second)
	ok := 0
	for range 7 {
		if send().StatusCode == 200 {
			ok++
		}
	}
	if ok != 5 {
		t.Errorf("after a second: %d of 7 through, want 5", ok)
	}
	// The token endpoint is not rate limited by a global rule.
	for range 10 {
		token(t, h, h.Credentials())
	}
}

// TestFaultRateLimitDefaultClock: a fault's rate limit runs on the
// handler's default clock (time.Now): 30 requests at one instant let 10
// through, and a second later 10 more. synctest's fake clock stands still
// while the requests are served.
func TestFaultRateLimitDefaultClock(t *testing.T) {
	api := latest(t)
	synctest.Test(t, func(t *testing.T) {
		h := api.NewHandler(WithFault(Fault{OperationID: "Customers_Get", RateLimit: 10}))
		tok := token(t, h, h.Credentials())
		burst := func() (through int) {
			for range 30 {
				if do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")).Code == 200 {
					through++
				}
			}
			return through
		}
		if n := burst(); n != 10 {
			t.Errorf("%d of 30 requests at one instant through at 10/s; want 10", n)
		}
		time.Sleep(time.Second)
		if n := burst(); n != 10 {
			t.Errorf("a second later, %d of 30 through; want 10", n)
		}
	})
}

func TestFaultMatching(t *testing.T) {
	f := Fault{Path: "/crm/v2/tenant/{tenant}/customers/{id}"}
	if !f.matches("GET", "/crm/v2/tenant/{tenant}/customers/{id}", "/crm/v2/tenant/1/customers/2", "Customers_Get") {
		t.Error("template did not match")
	}
	f = Fault{Path: "/crm/v2/tenant/1/customers/2", Method: "get"}
	if !f.matches("GET", "/crm/v2/tenant/{tenant}/customers/{id}", "/crm/v2/tenant/1/customers/2", "") {
		t.Error("concrete path did not match")
	}
	if f.matches("PATCH", "/crm/v2/tenant/{tenant}/customers/{id}", "/crm/v2/tenant/1/customers/2", "") {
		t.Error("method ignored")
	}
	f = Fault{Path: "/crm/*"}
	if !f.matches("GET", "", "/crm/v2/unknown", "") || f.matches("GET", "/jpm/v2/x", "/jpm/v2/x", "") {
		t.Error("prefix")
	}
	if (&Fault{}).matches("POST", TokenPath, TokenPath, "") {
		t.Error("a fault without a path matched the token endpoint")
	}
	if !(&Fault{Path: TokenPath}).matches("POST", TokenPath, TokenPath, "") {
		t.Error("the token endpoint cannot be faulted")
	}
}

func TestFaultSkipCountAndRuntimeChanges(t *testing.T) {
	h := latest(t).NewHandler(WithFault(Fault{Status: 503, Skip: 1, Count: 2}))
	tok := token(t, h, h.Credentials())
	var got []int
	for range 5 {
		got = append(got, do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")).Code)
	}
	if fmt.Sprint(got) != "[200 503 503 200 200]" {
		t.Errorf("statuses %v", got)
	}
	h.AddFault(Fault{Status: 500})
	if code := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")).Code; code != 500 {
		t.Errorf("after AddFault: %d", code)
	}
	h.ClearFaults()
	if code := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")).Code; code != 200 {
		t.Errorf("after ClearFaults: %d", code)
	}
}

func TestFaultOnTokenEndpoint(t *testing.T) {
	h := latest(t).NewHandler(WithFault(Fault{Path: TokenPath, Status: 503, RetryAfter: time.Second, Count: 1}))
	w := do(h, tokenRequest(url.Values{}))
	if w.Code != 503 || w.Header().Get("Retry-After") != "1" {
		t.Errorf("token endpoint: %d %q", w.Code, w.Header().Get("Retry-After"))
	}
	token(t, h, h.Credentials())
}

func TestFaultsConcurrent(t *testing.T) {
	h := latest(t).NewHandler(WithFault(Fault{Status: 503, Count: 50}))
	tok := token(t, h, h.Credentials())
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				code := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", "")).Code
				mu.Lock()
				counts[code]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if counts[503] != 50 || counts[200] != 150 {
		t.Errorf("counts %v, want exactly 50 faults", counts)
	}
}

// TestFaultWaitInTitle checks faults that state their wait in the title
// of the error, without Retry-After, in the gateway's words, and the 409
// of a report's maintenance.
func TestFaultWaitInTitle(t *testing.T) {
	clock := newClock()
	var faults []Fault
	for _, s := range []string{
		"Customers_GetList=429,retry-in-title=12s",
		"Customers_Get=3/s,retry-in-title,count=1",
		"ExportCustomers_GetCustomers=503,retry-in-title=1500ms",
		"ReportCategoryReports_GetData=409,count=1",
	} {
		f, err := ParseFault(s)
		if err != nil {
			t.Fatal(err)
		}
		faults = append(faults, f)
	}
	h := latest(t).NewHandler(WithClock(clock.Now), WithFault(faults...))
	tok := token(t, h, h.Credentials())
	for range 3 { // the rate's slots
		do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/customers/1", ""))
	}
	clock.Add(100 * time.Millisecond)
	for _, tc := range []struct {
		method, target, body string
		status               int
		title                string
	}{
		{"GET", "/crm/v2/tenant/1/customers", "", 429, "Rate limit is exceeded. Try again in 12 seconds."},
		{"GET", "/crm/v2/tenant/1/customers/1", "", 429, "Rate limit is exceeded. Try again in 1 seconds."},
		{"GET", "/crm/v2/tenant/1/export/customers", "", 503, "Service Unavailable. Try again in 2 seconds."},
		{"POST", "/reporting/v2/tenant/1/report-category/ops/reports/3/data", `{"parameters":[]}`, 409, "Service is suspended for maintenance (injected by sttest)"},
	} {
		w := do(h, apiReq(h, tok, tc.method, tc.target, tc.body))
		apiErrors(t, w, tc.status)
		var e struct{ Title string }
		json.Unmarshal(w.Body.Bytes(), &e)
		if e.Title != tc.title || w.Header().Get("Retry-After") != "" {
			t.Errorf("%s %s: title %q, Retry-After %q; want %q and none", tc.method, tc.target, e.Title, w.Header().Get("Retry-After"), tc.title)
		}
	}
}
