package sttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	// mu guards now.
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 5, 11, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// tokenRequest builds a token request with the given form.
func tokenRequest(form url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestTokenIssued(t *testing.T) {
	h := latest(t).NewHandler(WithTokenTTL(90 * time.Second))
	c := h.Credentials()
	w := do(h, tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.AccessToken == "" || got.TokenType != "Bearer" || got.ExpiresIn != 90 {
		t.Errorf("token response %+v, want a token, Bearer, 90", got)
	}
	if other := token(t, h, c); other == got.AccessToken {
		t.Error("two grants gave the same token")
	}
}

func TestTokenDefaultTTLIs900(t *testing.T) {
	h := latest(t).NewHandler()
	c := h.Credentials()
	w := do(h, tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}))
	if !strings.Contains(w.Body.String(), `"expires_in":900`) {
		t.Errorf("body %s lacks expires_in 900", w.Body)
	}
}

func TestTokenRejected(t *testing.T) {
	h := latest(t).NewHandler(WithCredentials("id1", "secret1", "key1"))
	good := url.Values{"grant_type": {"client_credentials"}, "client_id": {"id1"}, "client_secret": {"secret1"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = vv
		}
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		code   string
	}{
		{"wrong secret", tokenRequest(with("client_secret", "nope")), 400, "invalid_client"},
		{"wrong id", tokenRequest(with("client_id", "nope")), 400, "invalid_client"},
		{"no secret", tokenRequest(with("client_secret", "")), 400, "invalid_client"},
		{"password grant", tokenRequest(with("grant_type", "password")), 400, "unsupported_grant_type"},
		{"json body", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(`{"client_id":"id1"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}(), 400, "invalid_request"},
		{"GET", httptest.NewRequest(http.MethodGet, TokenPath, nil), 405, "invalid_request"},
	} {
		w := do(h, tc.req)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), `"error":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, w.Code, w.Body, tc.status, tc.code)
		}
	}
}

// apiGet builds an authenticated GET of one customer.
func apiGet(tok, appKey string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/crm/v2/tenant/1/customers/3", nil)
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	if appKey != "" {
		r.Header.Set("ST-App-Key", appKey)
	}
	return r
}

func TestTokenExpires(t *testing.T) {
	clock := newClock()
	h := latest(t).NewHandler(WithTokenTTL(time.Minute), WithClock(clock.Now))
	c := h.Credentials()
	tok := token(t, h, c)
	if w := do(h, apiGet(tok, c.AppKey)); w.Code != http.StatusOK {
		t.Fatalf("fresh token: %d %s", w.Code, w.Body)
	}
	clock.Add(59 * time.Second)
	if w := do(h, apiGet(tok, c.AppKey)); w.Code != http.StatusOK {
		t.Fatalf("token at 59 s: %d %s", w.Code, w.Body)
	}
	clock.Add(time.Second)
	w := do(h, apiGet(tok, c.AppKey))
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "expired") {
		t.Fatalf("token at 60 s: %d %s, want 401 expired", w.Code, w.Body)
	}
	if got := w.Header().Get("WWW-Authenticate"); !strings.Contains(got, "invalid_token") {
		t.Errorf("WWW-Authenticate %q", got)
	}
	if w := do(h, apiGet(token(t, h, c), c.AppKey)); w.Code != http.StatusOK {
		t.Errorf("new token: %d %s", w.Code, w.Body)
	}
}

func TestExpireTokens(t *testing.T) {
	h := latest(t).NewHandler()
	c := h.Credentials()
	tok := token(t, h, c)
	h.ExpireTokens()
	if w := do(h, apiGet(tok, c.AppKey)); w.Code != http.StatusUnauthorized {
		t.Errorf("after ExpireTokens: %d, want 401", w.Code)
	}
}

func TestTokensAreNotSharedBetweenHandlers(t *testing.T) {
	a := latest(t)
	h1, h2 := a.NewHandler(), a.NewHandler()
	tok := token(t, h1, h1.Credentials())
	if w := do(h2, apiGet(tok, h2.Credentials().AppKey)); w.Code != http.StatusUnauthorized {
		t.Errorf("token of another handler: %d, want 401", w.Code)
	}
}

func TestTokenStorePrunes(t *testing.T) {
	var s tokenStore
	now := time.Now()
	old := s.issue(now, time.Second)
	later := now.Add(2 * forgetAfter)
	s.issue(later, time.Second)
	if got := s.check(old, later); got != tokenUnknown {
		t.Errorf("long expired token is %v, want forgotten", got)
	}
}

// TestTokenIssueCostIsConstant issues a token beside 100 and beside 20,000
// live tokens: the store examines as few entries either way, instead of
// scanning every token it holds on each grant.
func TestTokenIssueCostIsConstant(t *testing.T) {
	now := time.Now()
	visits := func(live int) int {
		var s tokenStore
		for range live {
			s.issue(now, time.Minute)
		}
		before := s.visited
		s.issue(now, time.Minute)
		return s.visited - before
	}
	small, large := visits(100), visits(20_000)
	if small > 2 || large > 2 {
		t.Errorf("issuing a token examined %d entries beside 100 live tokens and %d beside 20000; want at most 2 either way", small, large)
	}
}

// TestTokenStoreBounded floods the store with grants: it holds at most
// maxTokens, forgetting the oldest first.
func TestTokenStoreBounded(t *testing.T) {
	var s tokenStore
	now := time.Now()
	first := s.issue(now, time.Minute)
	var last string
	for range maxTokens + 10 {
		last = s.issue(now, time.Minute)
	}
	if n := len(s.tokens); n != maxTokens {
		t.Errorf("store holds %d tokens after %d grants; want %d", n, maxTokens+11, maxTokens)
	}
	if got := s.check(first, now); got != tokenUnknown {
		t.Errorf("oldest token is %v; want forgotten", got)
	}
	if got := s.check(last, now); got != tokenValid {
		t.Errorf("newest token is %v; want valid", got)
	}
	if len(s.order)-s.head != maxTokens {
		t.Errorf("queue holds %d tokens; want %d", len(s.order)-s.head, maxTokens)
	}
}
