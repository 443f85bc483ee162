package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// newTestAuthTransport returns an AuthTransport getting its tokens from ts, for the API at apiURL.
func newTestAuthTransport(t *testing.T, ts *tokenServer, apiURL string) *AuthTransport {
	t.Helper()
	return &AuthTransport{Source: newTestTokenSource(t, testConfig(ts, apiURL), nil), AppKey: testAppKey, APIBaseURL: apiURL}
}

func TestAuthTransportHeaders(t *testing.T) {
	ts := newTokenServer(t, 900)
	var gotAuth, gotKey string
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		gotAuth, gotKey = r.Header.Get("Authorization"), r.Header.Get("ST-App-Key")
	})
	rt := newTestAuthTransport(t, ts, api.URL)
	req, _ := http.NewRequest("GET", api.URL+"/crm/v2/tenant/1/customers", nil)
	req.Header.Set("Accept", "application/json")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := gotAuth, "Bearer "+tokenPrefix+"1"; got != want {
		t.Errorf("Authorization = %q; want %q", got, want)
	}
	if got, want := gotKey, testAppKey; got != want {
		t.Errorf("ST-App-Key = %q; want %q", got, want)
	}
	// The caller's request is not mutated.
	if got, want := len(req.Header), 1; got != want {
		t.Errorf("caller's request has %d headers after RoundTrip; want %d: %v", got, want, req.Header)
	}
	if got := req.Header.Get("Authorization"); got != "" {
		t.Errorf("caller's request Authorization = %q; want none", got)
	}
}

func TestAuthTransportNilHeader(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, nil)
	rt := newTestAuthTransport(t, ts, api.URL)
	req, _ := http.NewRequest("GET", api.URL, nil)
	req.Header = nil
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.Header != nil {
		t.Errorf("caller's request Header = %v; want nil", req.Header)
	}
}

func TestAuthTransport401ThenOK(t *testing.T) {
	ts := newTokenServer(t, 900)
	var mu sync.Mutex
	var bodies, auths []string
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "created")
	})
	rt := newTestAuthTransport(t, ts, api.URL)
	req, _ := http.NewRequest("POST", api.URL+"/jobs", strings.NewReader(`{"name":"x"}`))
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d; want 200", resp.StatusCode)
	}
	wantRequests(t, ts, 2, api, 2)
	want := []string{`{"name":"x"}`, `{"name":"x"}`}
	if strings.Join(bodies, "|") != strings.Join(want, "|") {
		t.Errorf("bodies = %q; want %q", bodies, want)
	}
	if len(auths) == 2 && auths[0] == auths[1] {
		t.Errorf("retry used the rejected token %q", auths[1])
	}
}

func TestAuthTransport401Twice(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "unauthorized")
	})
	rt := newTestAuthTransport(t, ts, api.URL)
	req, _ := http.NewRequest("GET", api.URL, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d; want 401", resp.StatusCode)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != "unauthorized" {
		t.Errorf("body = %q; want %q (second 401 returned as is)", b, "unauthorized")
	}
	wantRequests(t, ts, 2, api, 2)
}

func TestAuthTransport401BodyNotRewindable(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	rt := newTestAuthTransport(t, ts, api.URL)
	req, _ := http.NewRequest("POST", api.URL, io.NopCloser(strings.NewReader("once")))
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d; want 401 (body cannot be rewound)", resp.StatusCode)
	}
	if got := api.requests.Load(); got != 1 {
		t.Errorf("API requests = %d; want 1", got)
	}
	// The rejected token was still dropped.
	req2, _ := http.NewRequest("GET", api.URL, nil)
	resp, err = rt.RoundTrip(req2)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := ts.requests.Load(); got != 2 {
		t.Errorf("token requests = %d; want 2", got)
	}
}

func TestAuthTransportTokenErrorClosesBody(t *testing.T) {
	ts := newTokenServer(t, 900)
	ts.handler = func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) }
	rt := newTestAuthTransport(t, ts, noAPI)
	rt.Base = roundTripFunc(func(*http.Request) (*http.Response, error) {
		t.Error("API request sent without a token")
		return nil, errors.New("unreachable")
	})
	body := &trackedBody{Reader: strings.NewReader("x")}
	req, _ := http.NewRequest("POST", noAPI+"/", body)
	_, err := rt.RoundTrip(req)
	var te *TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusBadGateway {
		t.Errorf("err = %v; want a *TokenError with status 502", err)
	}
	if !body.closed.Load() {
		t.Errorf("request body not closed on token error")
	}
}

func TestAuthTransportCancelledWhileWaitingForToken(t *testing.T) {
	ts := newTokenServer(t, 900)
	ts.gate = make(chan struct{})
	ts.arrived = make(chan struct{}, 1)
	defer close(ts.gate)
	rt := newTestAuthTransport(t, ts, noAPI)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", noAPI+"/", nil)
	go func() { <-ts.arrived; cancel() }()
	_, err := rt.RoundTrip(req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want context.Canceled", err)
	}
}

func TestAuthTransportNilSource(t *testing.T) {
	body := &trackedBody{Reader: strings.NewReader("x")}
	req, _ := http.NewRequest("POST", "http://api.invalid/", body)
	_, err := (&AuthTransport{}).RoundTrip(req)
	if err == nil || !strings.HasPrefix(err.Error(), "authmw: ") {
		t.Errorf("err = %v; want an authmw error", err)
	}
	if !body.closed.Load() {
		t.Errorf("request body not closed")
	}
}
