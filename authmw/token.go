package authmw

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// maxServerText bounds the server error text kept in a TokenError.
const maxServerText = 256

// unknownTokenLifetime is the lifetime of a token whose response gives no
// positive expires_in (missing, zero or negative): such a token is taken as
// short-lived. A minute is well under ServiceTitan's 900 s, so a token that
// lives less than the server forgot to say is refreshed before long (a 401
// refreshes it sooner), and it bounds the token requests to two a minute
// instead of one per API request, as a negative lifetime made it.
const unknownTokenLifetime = time.Minute

// maxTokenLifetime caps a token's lifetime: a day, about a hundred times
// ServiceTitan's 900 s, long enough for any real token and short enough that
// an absurd expires_in (or one past what time.Duration holds) does not keep a
// token for years.
const maxTokenLifetime = 24 * time.Hour

// TokenSource fetches access tokens with the OAuth 2.0 client-credentials
// flow, caches them and lets concurrent callers share one in-flight fetch.
//
// Tokens are cached by an [oauth2.ReuseTokenSourceWithExpiry] until
// Config.EarlyExpiry before they expire, or half their lifetime if it is less
// than twice Config.EarlyExpiry. A token's lifetime is the expires_in of its
// response, which may be any JSON number (1.5, 9e2, 1e300) or a string
// holding one, floored to whole seconds and capped at 24 hours; a response
// with no expires_in of at least a second (missing, zero, negative, or not
// a number) gives a short-lived token of 1 minute. A token is therefore
// never refreshed sooner than half a second after it was fetched. When a
// new token is needed, one fetch runs, detached from the callers' contexts
// (bounded by Config.TokenTimeout); every caller waits for it or for the end
// of its own context, whichever comes first. A fetch that times out fails with a
// *TokenError whose Timeout method reports true and which does not wrap
// context.DeadlineExceeded: a caller's error wraps that only when its own
// context's deadline passed.
//
// A failed fetch is shared as a successful one is: every caller waiting for
// it gets its *TokenError. No new fetch starts before a pause has passed:
// the Retry-After of the token endpoint's response if it sends one (capped
// by Config.MaxRetryAfter), and at least a backoff that starts at
// Config.RetryBaseDelay and doubles with every failure in a row up to
// Config.RetryMaxDelay (jittered in its upper half). A caller that needs a
// token during the pause gets the same error at once, and [RetryTransport]
// retries only after the pause, so however many requests wait, a failing
// token endpoint gets one request per pause. A TokenSource is safe for
// concurrent use.
type TokenSource struct {
	fetcher *tokenFetcher
	early   time.Duration
	redact  *redactor
	pause   pause

	// cur is the token cache last returned; its Valid method applies the
	// cache's early expiry, so a valid cur is exactly what the cache would
	// return. It lets the hot path skip the locks.
	cur atomic.Pointer[cachedToken]

	mu       sync.Mutex
	cache    oauth2.TokenSource // replaced by invalidate
	flight   *tokenFlight       // the fetch in progress, or nil
	failure  *TokenError        // the last fetch's error, until a fetch succeeds
	failures int                // failed fetches in a row
}

// pause is how long a TokenSource waits after a failed fetch.
type pause struct {
	base, max     time.Duration // the backoff
	maxRetryAfter time.Duration // the cap on the token endpoint's Retry-After
}

// after returns the pause after the failures-th failed fetch in a row,
// which failed with te.
func (p pause) after(failures int, te *TokenError) time.Duration {
	ceiling := backoffCeiling(failures, p.base, p.max)
	d := ceiling/2 + time.Duration(rand.Int64N(int64(ceiling/2)+1))
	if te.hasRetryAfter {
		d = max(d, min(te.retryAfter, p.maxRetryAfter))
	}
	return d
}

// cachedToken is a token with its Authorization header value, built once.
type cachedToken struct {
	tok    *oauth2.Token
	header string
}

// tokenFlight is one fetch shared by all callers waiting for it.
type tokenFlight struct {
	done chan struct{} // closed when tok and err are set
	tok  *cachedToken
	err  error
}

// NewTokenSource returns a TokenSource for cfg that sends its token requests
// through base, or http.DefaultTransport if base is nil.
func NewTokenSource(cfg Config, base http.RoundTripper) (*TokenSource, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if base == nil {
		base = http.DefaultTransport
	}
	rd := newRedactor(cfg.ClientSecret, cfg.AppKey).withLiteral(basicAuthForms(cfg.ClientID, cfg.ClientSecret)...)
	early := orDefault(cfg.EarlyExpiry, DefaultEarlyExpiry)
	params := make(url.Values, len(cfg.EndpointParams))
	for k, v := range cfg.EndpointParams {
		params[k] = append([]string(nil), v...)
	}
	f := &tokenFetcher{
		conf: &clientcredentials.Config{
			ClientID:       cfg.ClientID,
			ClientSecret:   cfg.ClientSecret,
			TokenURL:       cfg.tokenURL(),
			EndpointParams: params,
			AuthStyle:      oauth2.AuthStyleInParams,
		},
		base:    base,
		timeout: orDefault(cfg.TokenTimeout, DefaultTokenTimeout),
		early:   early,
		redact:  rd,
		logger:  cfg.Logger,
	}
	s := &TokenSource{fetcher: f, early: early, redact: rd, pause: pause{
		base:          orDefault(cfg.RetryBaseDelay, DefaultRetryBaseDelay),
		max:           orDefault(cfg.RetryMaxDelay, DefaultRetryMaxDelay),
		maxRetryAfter: orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter),
	}}
	s.cache = oauth2.ReuseTokenSourceWithExpiry(nil, f, early)
	return s, nil
}

// Token returns a valid access token, fetching one if none is cached; if ctx
// ends first it returns ctx's error without cancelling the fetch for other
// callers. The returned token is shared and must not be modified.
func (s *TokenSource) Token(ctx context.Context) (*oauth2.Token, error) {
	c, err := s.token(ctx)
	if err != nil {
		return nil, err
	}
	return c.tok, nil
}

// Invalidate drops tok from the cache if it is the cached token, so the next
// Token call fetches a new one; call it when the API rejects tok.
func (s *TokenSource) Invalidate(tok *oauth2.Token) {
	if c := s.cur.Load(); c != nil && c.tok == tok {
		s.invalidate(c)
	}
}

func (s *TokenSource) token(ctx context.Context) (*cachedToken, error) {
	if c := s.cur.Load(); c != nil && c.tok.Valid() {
		return c, nil
	}
	s.mu.Lock()
	if c := s.cur.Load(); c != nil && c.tok.Valid() {
		s.mu.Unlock()
		return c, nil
	}
	f := s.flight
	if f == nil {
		if te := s.failure; te != nil && time.Now().Before(te.retryAt) {
			s.mu.Unlock()
			return nil, te
		}
		f = &tokenFlight{done: make(chan struct{})}
		s.flight = f
		go s.fetch(f, s.cache)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, fmt.Errorf("authmw: gave up waiting for an access token: %w", ctx.Err())
	}
}

// fetch runs one flight: it asks cache for a token (the cache fetches one, as
// its token has expired or was dropped) and publishes the result; after a
// failure, it sets when the next fetch may start.
func (s *TokenSource) fetch(f *tokenFlight, cache oauth2.TokenSource) {
	var c *cachedToken
	tok, err := cache.Token()
	if err == nil {
		c = &cachedToken{tok: tok, header: tok.Type() + " " + tok.AccessToken}
	}
	s.mu.Lock()
	if c != nil {
		s.cur.Store(c)
		s.failure, s.failures = nil, 0
	} else {
		te := err.(*TokenError) // all the fetcher returns; not yet shared
		s.failures++
		te.retryAt = time.Now().Add(s.pause.after(s.failures, te))
		s.failure, err = te, te
	}
	s.flight = nil
	s.mu.Unlock()
	f.tok, f.err = c, err
	close(f.done)
}

// invalidate drops c if it is still the cached token, replacing the cache
// with an empty one; a token fetched since then is kept.
func (s *TokenSource) invalidate(c *cachedToken) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur.Load() != c {
		return
	}
	s.cur.Store(nil)
	s.cache = oauth2.ReuseTokenSourceWithExpiry(nil, s.fetcher, s.early)
}

// tokenFetcher is the uncached oauth2.TokenSource behind the cache: every
// call makes one token request.
type tokenFetcher struct {
	conf    *clientcredentials.Config
	base    http.RoundTripper
	timeout time.Duration
	early   time.Duration
	redact  *redactor
	logger  *slog.Logger
}

// Token makes one token request with a context detached from any API
// request, bounded by the fetcher's timeout.
func (f *tokenFetcher) Token() (*oauth2.Token, error) {
	rec := &tokenTransport{base: f.base}
	hc := &http.Client{
		Transport: rec,
		// Never resend the client secret to wherever a redirect points.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	start := time.Now()
	tok, err := f.conf.Token(ctx)
	dur := time.Since(start)
	if err != nil {
		te := f.tokenError(err, rec.status)
		te.retryAfter, te.hasRetryAfter = ParseRetryAfter(rec.retryAfter, time.Now())
		if re := (*oauth2.RetrieveError)(nil); ctx.Err() != nil && !errors.As(err, &re) {
			// No complete response before the timeout: its error says
			// "context deadline exceeded", which would read as the
			// caller's deadline, so it is replaced.
			te = &TokenError{StatusCode: rec.status, Err: &tokenTimeoutError{f.timeout}, timeout: true}
		}
		if f.logger != nil {
			f.logger.LogAttrs(ctx, slog.LevelWarn, "authmw: token request failed",
				slog.Int("status", te.StatusCode), slog.Duration("duration", dur), slog.String("error", te.Error()))
		}
		return nil, te
	}
	life := tokenLifetime(tok)
	tok.Expiry = time.Now().Add(life)
	if life < 2*f.early {
		// A token living less than twice the early expiry would be
		// refetched on every call; refresh it at half its life instead.
		tok.Expiry = tok.Expiry.Add(f.early - life/2)
	}
	if f.logger != nil {
		f.logger.LogAttrs(ctx, slog.LevelInfo, "authmw: token fetched",
			slog.Int("status", rec.status), slog.Duration("duration", dur), slog.Duration("expires_in", life.Round(time.Second)))
	}
	return tok, nil
}

// tokenError converts an error of the oauth2 package into a *TokenError
// without the secrets; status is the HTTP status seen, or 0.
func (f *tokenFetcher) tokenError(err error, status int) *TokenError {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te := &TokenError{
			StatusCode:       status,
			ErrorCode:        f.clean(re.ErrorCode),
			ErrorDescription: f.clean(re.ErrorDescription),
		}
		if re.Response != nil {
			te.StatusCode = re.Response.StatusCode
		}
		if te.ErrorCode == "" {
			te.ErrorDescription = ""
			te.Body = f.clean(string(re.Body))
		}
		return te
	}
	return &TokenError{StatusCode: status, Err: err, cause: f.clean(err.Error())}
}

// clean removes the secrets from server text, then shortens it.
func (f *tokenFetcher) clean(s string) string {
	s = strings.TrimSpace(f.redact.String(s))
	if len(s) <= maxServerText {
		return s
	}
	n := maxServerText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// tokenTimeoutError is a token request that took longer than Config.TokenTimeout.
type tokenTimeoutError struct {
	timeout time.Duration
}

func (e *tokenTimeoutError) Error() string {
	return "timed out after " + e.timeout.String() + " (Config.TokenTimeout)"
}

// Timeout reports true, as net.Error's Timeout does for a timeout.
func (e *tokenTimeoutError) Timeout() bool { return true }
