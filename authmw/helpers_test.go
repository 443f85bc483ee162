package authmw

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/testenv"
	"golang.org/x/time/rate"
)

const (
	testClientID = "test-client-id"
	// The credentials hold characters that escape differently in JSON, in
	// forms and in paths, so the redaction tests see every kind of escape.
	testSecret  = "cs-TOP/SECRET+9f8e 7d6c"
	testAppKey  = "ak1.APPKEY/1a2b+3c4d"
	tokenPrefix = "at-ACCESS/TOKEN+"
)

// tokenServer is an httptest OAuth 2.0 token endpoint issuing tokens "at-ACCESSTOKEN-<n>".
type tokenServer struct {
	*httptest.Server
	t         testing.TB
	expiresIn int
	requests  atomic.Int64
	gate      chan struct{} // if non-nil, requests wait until it is closed
	arrived   chan struct{} // if non-nil, gets a value (non-blocking) when a request arrives
	handler   http.HandlerFunc
}

// newTokenServer starts a token server issuing tokens valid for expiresIn seconds.
func newTokenServer(t testing.TB, expiresIn int) *tokenServer {
	return startTokenServer(t, nil, expiresIn)
}

// tokenServer starts a token server on pn, as newTokenServer does on loopback.
func (pn *pipeNet) tokenServer(t testing.TB, expiresIn int) *tokenServer {
	return startTokenServer(t, pn, expiresIn)
}

func startTokenServer(t testing.TB, pn *pipeNet, expiresIn int) *tokenServer {
	ts := &tokenServer{t: t, expiresIn: expiresIn}
	ts.Server = startServer(t, pn, http.HandlerFunc(ts.serve))
	return ts
}

// startServer starts an httptest server for h on pn, or on loopback if pn
// is nil, closed when the test ends.
func startServer(t testing.TB, pn *pipeNet, h http.Handler) *httptest.Server {
	if pn != nil {
		return pn.server(t, h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	n := ts.requests.Add(1)
	if ts.arrived != nil {
		select {
		case ts.arrived <- struct{}{}:
		default:
		}
	}
	if ts.gate != nil {
		<-ts.gate
	}
	if ts.handler != nil {
		ts.handler(w, r)
		return
	}
	if got := r.Header.Get("Authorization"); got != "" {
		ts.t.Errorf("token request Authorization = %q; want none", got)
	}
	if got := r.Header.Get("ST-App-Key"); got != "" {
		ts.t.Errorf("token request ST-App-Key = %q; want none", got)
	}
	if err := r.ParseForm(); err != nil {
		ts.t.Errorf("token request form: %v", err)
	}
	if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_client","error_description":"Invalid client credentials"}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"access_token": fmt.Sprintf("%s%d", tokenPrefix, n),
		"token_type":   "Bearer",
		"expires_in":   ts.expiresIn,
	})
}

// tokenURL returns the server's token endpoint URL.
func (ts *tokenServer) tokenURL() string { return ts.URL + "/connect/token" }

// noAPI is the API base URL of tests that send no API requests.
const noAPI = "https://api.invalid"

// testConfig returns a valid Config using ts for tokens and apiURL as the API, with fast retries and no rate limit.
func testConfig(ts *tokenServer, apiURL string) Config {
	return Config{
		ClientID:       testClientID,
		ClientSecret:   testSecret,
		AppKey:         testAppKey,
		TokenURL:       ts.tokenURL(),
		BaseURL:        apiURL,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  5 * time.Millisecond,
		RateLimit:      rate.Inf,
	}
}

// apiServer is an httptest API server counting requests and checking the authorization headers.
type apiServer struct {
	*httptest.Server
	requests atomic.Int64
}

// wantRequests checks how many token requests ts and API requests api received.
func wantRequests(t *testing.T, ts *tokenServer, tokens int64, api *apiServer, calls int64) {
	t.Helper()
	if got := ts.requests.Load(); got != tokens {
		t.Errorf("token requests = %d; want %d", got, tokens)
	}
	if got := api.requests.Load(); got != calls {
		t.Errorf("API requests = %d; want %d", got, calls)
	}
}

// newAPIServer starts an API server; handle (if non-nil) answers the n-th request (1-based).
func newAPIServer(t testing.TB, handle func(n int64, w http.ResponseWriter, r *http.Request)) *apiServer {
	return startAPIServer(t, nil, handle)
}

// apiServer starts an API server on pn, as newAPIServer does on loopback.
func (pn *pipeNet) apiServer(t testing.TB, handle func(n int64, w http.ResponseWriter, r *http.Request)) *apiServer {
	return startAPIServer(t, pn, handle)
}

func startAPIServer(t testing.TB, pn *pipeNet, handle func(n int64, w http.ResponseWriter, r *http.Request)) *apiServer {
	as := &apiServer{}
	as.Server = startServer(t, pn, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := as.requests.Add(1)
		if got := r.Header.Get("Authorization"); !strings.HasPrefix(got, "Bearer "+tokenPrefix) {
			t.Errorf("API request Authorization = %q; want Bearer %s<n>", got, tokenPrefix)
		}
		if got := r.Header.Get("ST-App-Key"); got != testAppKey {
			t.Errorf("API request ST-App-Key = %q; want %q", got, testAppKey)
		}
		if handle != nil {
			handle(n, w, r)
			return
		}
		io.WriteString(w, "ok")
	}))
	return as
}

// newTestLogger returns a debug-level text logger writing to a testenv.SyncBuffer.
func newTestLogger() (*slog.Logger, *testenv.SyncBuffer) {
	buf := &testenv.SyncBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// trackedBody is a request body recording whether it was closed.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error {
	b.closed.Store(true)
	return nil
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// get sends a GET for path through rt and returns the status and body.
func get(t testing.TB, rt http.RoundTripper, url string) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Transport: rt}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	return resp.StatusCode, string(b)
}
