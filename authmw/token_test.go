package authmw

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/oauth2"
)

// newTestTokenSource returns a TokenSource for cfg sending through base
// (http.DefaultTransport if nil).
func newTestTokenSource(t *testing.T, cfg Config, base http.RoundTripper) *TokenSource {
	t.Helper()
	s, err := NewTokenSource(cfg, base)
	if err != nil {
		t.Fatalf("NewTokenSource: %v", err)
	}
	return s
}

func TestTokenRequestForm(t *testing.T) {
	ts := newTokenServer(t, 900)
	var form url.Values
	var contentType, auth string
	ts.handler = func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		form, contentType, auth = r.PostForm, r.Header.Get("Content-Type"), r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"`+tokenPrefix+`1","token_type":"Bearer","expires_in":900}`)
	}
	cfg := testConfig(ts, noAPI)
	cfg.EndpointParams = url.Values{"tenant": {"12345"}}
	s := newTestTokenSource(t, cfg, nil)
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if got, want := tok.AccessToken, tokenPrefix+"1"; got != want {
		t.Errorf("AccessToken = %q; want %q", got, want)
	}
	if d := time.Until(tok.Expiry); d < 899*time.Second || d > 900*time.Second {
		t.Errorf("token expires in %v; want about 900s", d)
	}
	want := url.Values{"grant_type": {"client_credentials"}, "client_id": {testClientID}, "client_secret": {testSecret}, "tenant": {"12345"}}
	if got, want := form.Encode(), want.Encode(); got != want {
		t.Errorf("form = %q; want %q", got, want)
	}
	if got, want := contentType, "application/x-www-form-urlencoded"; got != want {
		t.Errorf("Content-Type = %q; want %q", got, want)
	}
	if auth != "" {
		t.Errorf("Authorization = %q; want none (credentials in the form body)", auth)
	}
}

func TestTokenCached(t *testing.T) {
	ts := newTokenServer(t, 900)
	s := newTestTokenSource(t, testConfig(ts, noAPI), nil)
	for range 5 {
		if _, err := s.Token(context.Background()); err != nil {
			t.Fatalf("Token: %v", err)
		}
	}
	if got := ts.requests.Load(); got != 1 {
		t.Errorf("token requests = %d; want 1", got)
	}
}

func TestTokenShortLifetime(t *testing.T) {
	// expires_in 1 is shorter than twice the default early expiry: the token
	// is used for half its life instead of being refetched on every call.
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 1)
		s := newTestTokenSource(t, testConfig(ts, noAPI), pn.transport(t))
		for range 3 {
			if _, err := s.Token(context.Background()); err != nil {
				t.Fatalf("Token: %v", err)
			}
		}
		time.Sleep(500 * time.Millisecond)
		if _, err := s.Token(context.Background()); err != nil {
			t.Fatalf("Token: %v", err)
		}
		if got := ts.requests.Load(); got != 1 {
			t.Errorf("token requests at half the lifetime = %d; want 1", got)
		}
		time.Sleep(time.Nanosecond)
		if _, err := s.Token(context.Background()); err != nil {
			t.Fatalf("Token: %v", err)
		}
		if got := ts.requests.Load(); got != 2 {
			t.Errorf("token requests past half the lifetime = %d; want 2", got)
		}
	})
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		s := newTestTokenSource(t, testConfig(ts, noAPI), pn.transport(t))
		tok1, err := s.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(840 * time.Second) // EarlyExpiry (60s) ahead of expiry
		if tok, err := s.Token(context.Background()); err != nil || tok != tok1 {
			t.Fatalf("Token() = %v, %v; want the cached token until 60s before it expires", tok, err)
		}
		time.Sleep(time.Nanosecond)
		tok2, err := s.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if tok2.AccessToken == tok1.AccessToken || ts.requests.Load() != 2 {
			t.Errorf("token %q after %d requests; want a refreshed token after 2", tok2.AccessToken, ts.requests.Load())
		}
	})
}

func TestTokenCancelledWaiterDoesNotFailOthers(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		ts.gate = make(chan struct{})
		ts.arrived = make(chan struct{}, 1)
		s := newTestTokenSource(t, testConfig(ts, noAPI), pn.transport(t))

		// The first caller starts the fetch, then gives up.
		ctx, cancel := context.WithCancel(context.Background())
		firstErr := make(chan error, 1)
		go func() {
			_, err := s.Token(ctx)
			firstErr <- err
		}()
		<-ts.arrived

		const waiters = 50
		var wg sync.WaitGroup
		errs := make(chan error, waiters)
		for range waiters {
			wg.Go(func() {
				tok, err := s.Token(context.Background())
				if err == nil && tok.AccessToken != tokenPrefix+"1" {
					err = errors.New("got token " + tok.AccessToken)
				}
				errs <- err
			})
		}
		cancel()
		synctest.Wait() // the fetch is still blocked at the server
		select {
		case err := <-firstErr:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled waiter: err = %v; want context.Canceled", err)
			}
			if got, want := err.Error(), "authmw: gave up waiting for an access token: context canceled"; got != want {
				t.Errorf("cancelled waiter: err = %q; want %q", got, want)
			}
		default:
			t.Fatal("cancelled waiter did not return while the fetch was blocked")
		}
		close(ts.gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("waiter: %v", err)
			}
		}
		if got := ts.requests.Load(); got != 1 {
			t.Errorf("token requests = %d; want 1", got)
		}
	})
}

func TestTokenInvalidate(t *testing.T) {
	ts := newTokenServer(t, 900)
	s := newTestTokenSource(t, testConfig(ts, noAPI), nil)
	ctx := context.Background()
	tok1, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Invalidate(tok1)
	tok2, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok2.AccessToken == tok1.AccessToken {
		t.Errorf("token after Invalidate = %q; want a new one", tok2.AccessToken)
	}
	s.Invalidate(tok1) // stale: must not drop tok2
	tok3, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok3 != tok2 {
		t.Errorf("token after stale Invalidate = %q; want %q", tok3.AccessToken, tok2.AccessToken)
	}
	if got := ts.requests.Load(); got != 2 {
		t.Errorf("token requests = %d; want 2", got)
	}
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantCode   string
		wantText   string
		wantErr    bool // TokenError.Err is set
	}{
		{
			name: "bad credentials",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
			},
			wantStatus: 400, wantCode: "invalid_client", wantText: `"invalid_client" "Client authentication failed"`,
		},
		{
			name: "server error",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "database unavailable", http.StatusInternalServerError)
			},
			wantStatus: 500, wantText: `server said "database unavailable"`,
		},
		{
			name: "malformed JSON",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"access_token": `)
			},
			wantStatus: 200, wantText: "cannot parse json", wantErr: true,
		},
		{
			name: "missing access token",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"token_type":"Bearer"}`)
			},
			wantStatus: 200, wantText: "missing access_token", wantErr: true,
		},
		{
			name: "redirect not followed",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/elsewhere" {
					t.Errorf("token request followed a redirect")
				}
				http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
			},
			wantStatus: 307, wantText: "redirects",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTokenServer(t, 900)
			ts.handler = tt.handler
			s := newTestTokenSource(t, testConfig(ts, noAPI), nil)
			_, err := s.Token(context.Background())
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("Token() error = %v; want a *TokenError", err)
			}
			if te.StatusCode != tt.wantStatus {
				t.Errorf("StatusCode = %d; want %d", te.StatusCode, tt.wantStatus)
			}
			if te.ErrorCode != tt.wantCode {
				t.Errorf("ErrorCode = %q; want %q", te.ErrorCode, tt.wantCode)
			}
			if (te.Err != nil) != tt.wantErr {
				t.Errorf("Err = %v; want set: %v", te.Err, tt.wantErr)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "authmw: token request failed") || !strings.Contains(msg, tt.wantText) {
				t.Errorf("Error() = %q; want prefix %q and %q", msg, "authmw: token request failed", tt.wantText)
			}
		})
	}
}

func TestTokenTransportError(t *testing.T) {
	ts := newTokenServer(t, 900)
	cfg := testConfig(ts, noAPI)
	ts.Close()
	s := newTestTokenSource(t, cfg, nil)
	_, err := s.Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("Token() error = %v; want a *TokenError", err)
	}
	if te.StatusCode != 0 || te.Err == nil {
		t.Errorf("TokenError = %+v; want StatusCode 0 and Err set", te)
	}
}

func TestTokenTimeout(t *testing.T) {
	for _, stall := range []string{"before the headers", "in the body"} {
		t.Run(stall, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				ts := pn.tokenServer(t, 900)
				release := make(chan struct{})
				defer close(release)
				ts.handler = func(w http.ResponseWriter, r *http.Request) {
					if stall == "in the body" {
						w.Header().Set("Content-Type", "application/json")
						io.WriteString(w, `{"access_token":`)
						w.(http.Flusher).Flush()
					}
					<-release
				}
				cfg := testConfig(ts, noAPI)
				cfg.TokenTimeout = 50 * time.Millisecond
				s := newTestTokenSource(t, cfg, pn.transport(t))
				start := time.Now()
				_, err := s.Token(context.Background())
				if d := time.Since(start); d != cfg.TokenTimeout {
					t.Errorf("Token() returned after %v; want %v", d, cfg.TokenTimeout)
				}
				var te *TokenError
				if !errors.As(err, &te) || !te.Timeout() || !te.temporary() {
					t.Fatalf("Token() error = %v; want a temporary *TokenError that timed out", err)
				}
				if errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Token() error wraps context.DeadlineExceeded, but the caller set no deadline: %v", err)
				}
				if msg := err.Error(); !strings.Contains(msg, "timed out after 50ms (Config.TokenTimeout)") {
					t.Errorf("Token() error = %q; want it to say it timed out after Config.TokenTimeout", msg)
				}
			})
		})
	}
}

func TestTokenCallerDeadline(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		ts.gate = make(chan struct{})
		defer close(ts.gate)
		s := newTestTokenSource(t, testConfig(ts, noAPI), pn.transport(t))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := s.Token(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Token() error = %v; want context.DeadlineExceeded: the caller's deadline passed", err)
		}
	})
}

func TestTokenRetriedAfterFailure(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		ts := pn.tokenServer(t, 900)
		ts.handler = func(w http.ResponseWriter, r *http.Request) {
			if ts.requests.Load() == 1 {
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"`+tokenPrefix+`2","expires_in":900}`)
		}
		cfg := testConfig(ts, noAPI)
		cfg.RetryBaseDelay, cfg.RetryMaxDelay = 2*time.Second, time.Minute
		s := newTestTokenSource(t, cfg, pn.transport(t))
		_, err1 := s.Token(context.Background())
		if err1 == nil {
			t.Fatal("first Token() succeeded; want the 503 error")
		}
		// Within the pause after a failure (1s to 2s after the first
		// failure), a caller gets the same error without a token request.
		time.Sleep(time.Second - time.Nanosecond)
		if _, err := s.Token(context.Background()); err != err1 {
			t.Errorf("Token() during the pause = %v; want the first error, %v", err, err1)
		}
		if got := ts.requests.Load(); got != 1 {
			t.Errorf("token requests during the pause = %d; want 1", got)
		}
		time.Sleep(time.Second + time.Nanosecond)
		tok, err := s.Token(context.Background())
		if err != nil {
			t.Fatalf("Token() after the pause: %v", err)
		}
		if got, want := tok.AccessToken, tokenPrefix+"2"; got != want {
			t.Errorf("AccessToken = %q; want %q", got, want)
		}
	})
}

func TestTokenPauseGrows(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var times []time.Time
		ts := pn.tokenServer(t, 900)
		ts.handler = func(w http.ResponseWriter, r *http.Request) {
			times = append(times, time.Now())
			if len(times) == 3 {
				w.Header().Set("Retry-After", "40") // more than the backoff, less than MaxRetryAfter
			}
			if len(times) == 4 {
				w.Header().Set("Retry-After", "3600") // capped by MaxRetryAfter
			}
			http.Error(w, "down", http.StatusBadGateway)
		}
		cfg := testConfig(ts, noAPI)
		cfg.RetryBaseDelay, cfg.RetryMaxDelay, cfg.MaxRetryAfter = 2*time.Second, 8*time.Second, time.Minute
		s := newTestTokenSource(t, cfg, pn.transport(t))
		for len(times) < 6 {
			s.Token(context.Background())
			time.Sleep(10 * time.Millisecond)
		}
		for i, want := range [][2]time.Duration{
			{time.Second, 2 * time.Second},                           // after the 1st failure: half the base to the base
			{2 * time.Second, 4 * time.Second},                       // doubled
			{40 * time.Second, 40*time.Second + 10*time.Millisecond}, // Retry-After
			{time.Minute, time.Minute + 10*time.Millisecond},         // Retry-After, capped
			{4 * time.Second, 8 * time.Second},                       // the backoff's cap
		} {
			if gap := times[i+1].Sub(times[i]); gap < want[0] || gap > want[1]+10*time.Millisecond {
				t.Errorf("token request %d came %v after the one before; want from %v to %v", i+2, gap, want[0], want[1])
			}
		}
	})
}

func TestTokenLifetime(t *testing.T) {
	jsonToken := func(expiresIn string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"`+tokenPrefix+`1","token_type":"Bearer"`+expiresIn+`}`)
		}
	}
	formToken := func(expiresIn string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
			io.WriteString(w, "access_token=at1&token_type=Bearer&expires_in="+expiresIn)
		}
	}
	// With the default EarlyExpiry of 60s, a token is refreshed 60s before
	// it expires, or at half its life if it lives less than 2 minutes.
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		refreshIn time.Duration
	}{
		{"900s", jsonToken(`,"expires_in":900`), 840 * time.Second},
		{"900s as a string", jsonToken(`,"expires_in":"900"`), 840 * time.Second},
		{"900s in a form", formToken("900"), 840 * time.Second},
		{"negative: short-lived", jsonToken(`,"expires_in":-10`), unknownTokenLifetime / 2},
		{"negative in a form", formToken("-5"), unknownTokenLifetime / 2},
		{"zero: short-lived", jsonToken(`,"expires_in":0`), unknownTokenLifetime / 2},
		{"missing: short-lived", jsonToken(``), unknownTokenLifetime / 2},
		{"null: short-lived", jsonToken(`,"expires_in":null`), unknownTokenLifetime / 2},
		{"absurdly long: capped", jsonToken(`,"expires_in":2000000000`), maxTokenLifetime - DefaultEarlyExpiry},
		{"past time.Duration in a form: capped", formToken("99999999999"), maxTokenLifetime - DefaultEarlyExpiry},
		{"not a number in a form", formToken("soon"), unknownTokenLifetime / 2},
		{"NaN in a form", formToken("NaN"), unknownTokenLifetime / 2},
		{"fraction in a form: floored", formToken("1.9"), 500 * time.Millisecond},
		{"fraction: floored", jsonToken(`,"expires_in":1.9`), 500 * time.Millisecond},
		{"900.5: floored", jsonToken(`,"expires_in":900.5`), 840 * time.Second},
		{"fraction as a string", jsonToken(`,"expires_in":"1.5"`), 500 * time.Millisecond},
		{"exponent", jsonToken(`,"expires_in":9e2`), 840 * time.Second},
		{"under a second: short-lived", jsonToken(`,"expires_in":0.5`), unknownTokenLifetime / 2},
		{"1e300: capped", jsonToken(`,"expires_in":1e300`), maxTokenLifetime - DefaultEarlyExpiry},
		{"past float64: capped", jsonToken(`,"expires_in":1e400`), maxTokenLifetime - DefaultEarlyExpiry},
		{"past int64: capped", jsonToken(`,"expires_in":99999999999999999999`), maxTokenLifetime - DefaultEarlyExpiry},
		{"minus past float64: short-lived", jsonToken(`,"expires_in":-1e400`), unknownTokenLifetime / 2},
		{"a word: short-lived", jsonToken(`,"expires_in":"soon"`), unknownTokenLifetime / 2},
		{"true: short-lived", jsonToken(`,"expires_in":true`), unknownTokenLifetime / 2},
		{"an object: short-lived", jsonToken(`,"expires_in":{"s":900}`), unknownTokenLifetime / 2},
		{"key in another case", jsonToken(`,"Expires_In":900`), 840 * time.Second},
		{"two keys: the last counts", jsonToken(`,"expires_in":5,"EXPIRES_IN":900`), 840 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, func(t *testing.T, pn *pipeNet) {
				ts := pn.tokenServer(t, 900)
				ts.handler = tt.handler
				s := newTestTokenSource(t, testConfig(ts, noAPI), pn.transport(t))
				var tok *oauth2.Token
				for range 5 {
					var err error
					if tok, err = s.Token(context.Background()); err != nil {
						t.Fatal(err)
					}
				}
				if got := ts.requests.Load(); got != 1 {
					t.Errorf("token requests for 5 calls = %d; want 1", got)
				}
				if refreshIn := time.Until(tok.Expiry) - DefaultEarlyExpiry; refreshIn != tt.refreshIn {
					t.Errorf("token refreshed in %v; want %v", refreshIn, tt.refreshIn)
				}
			})
		})
	}
}
