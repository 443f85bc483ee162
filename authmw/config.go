package authmw

import (
	"log/slog"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRateLimit is ServiceTitan's per-app, per-tenant limit of 60 requests per second.
const DefaultRateLimit rate.Limit = 60

// DefaultRateBurst is the default limiter burst: requests are spaced evenly, never above DefaultRateLimit in any second.
const DefaultRateBurst = 1

// DefaultMaxAttempts is the default number of attempts per request, the first included.
const DefaultMaxAttempts = 4

// DefaultRetryBaseDelay is the default ceiling of the first backoff delay; it doubles on every retry.
const DefaultRetryBaseDelay = 250 * time.Millisecond

// DefaultRetryMaxDelay is the default cap on the backoff delay ceiling.
const DefaultRetryMaxDelay = 10 * time.Second

// DefaultMaxRetryAfter is the default cap on a server's Retry-After.
const DefaultMaxRetryAfter = 60 * time.Second

// DefaultAttemptTimeout bounds one attempt of a request by default, from
// sending it to the end of its response body: long enough for a large page
// or export batch, short enough that a server that stalls does not hang a
// call without a deadline for ever.
const DefaultAttemptTimeout = 2 * time.Minute

// DefaultEarlyExpiry is how long before its expiry a token is refreshed by default.
const DefaultEarlyExpiry = 60 * time.Second

// DefaultTokenTimeout bounds one token request by default.
const DefaultTokenTimeout = 30 * time.Second

// Config holds the credentials and the tuning of the transports built by NewTransport; zero tuning fields mean the defaults.
type Config struct {
	// ClientID is the client ID of the ServiceTitan app (required).
	ClientID string
	// ClientSecret is the client secret of the ServiceTitan app (required). It,
	// the app key and the access token are never logged or put in an error, in
	// any encoding a server may echo them in: raw, JSON string escapes,
	// percent-encoding (once or more), HTML character references, any mix of
	// these, base64 (standard or URL alphabet, padded or not) or hexadecimal
	// of the whole secret, or base64 of "ClientID:ClientSecret" (a Basic header).
	ClientSecret string
	// AppKey is the app key sent as ST-App-Key on every API request (required; the same in both environments).
	AppKey string
	// Environment selects the token URL and the API host; required unless both TokenURL and BaseURL are set.
	Environment Environment
	// TokenURL, if set, overrides the token URL of Environment (tests, proxies); https, or plain http on a loopback host.
	TokenURL string
	// BaseURL, if set, overrides the Environment's API host (e.g. a proxy, or a
	// fake in tests); https, or plain http on a loopback host. The access token
	// and the app key go only to requests for the origin (scheme, host and
	// port) of the API host: see [AuthTransport] and [RedirectPolicy].
	BaseURL string
	// EndpointParams are extra form values for the token request, e.g. "tenant" for ServiceTitan Enterprise Hub.
	EndpointParams url.Values

	// EarlyExpiry is how long before its expiry a token is refreshed; a token
	// living less than twice that is refreshed at half its life. A token lives
	// for its expires_in (any JSON number, floored to whole seconds), at most
	// 24 hours, or 1 minute if the token response has no expires_in of at
	// least a second (see [TokenSource]).
	EarlyExpiry time.Duration
	// TokenTimeout bounds one token request. One that takes longer fails
	// with a *TokenError whose Timeout method reports true; the chain retries
	// it like a dropped connection, within MaxAttempts.
	TokenTimeout time.Duration

	// MaxAttempts bounds the attempts per request, the first included; 1 disables retries.
	MaxAttempts int
	// RetryBaseDelay is the ceiling of the first backoff delay; the ceiling
	// doubles on every retry. It also starts the pause of the TokenSource
	// after a failed token request (see [TokenSource]).
	RetryBaseDelay time.Duration
	// RetryMaxDelay caps the backoff delay ceiling, and the TokenSource's pause without Retry-After.
	RetryMaxDelay time.Duration
	// MaxRetryAfter caps the wait a server asks for with Retry-After, the
	// API's or the token endpoint's.
	MaxRetryAfter time.Duration
	// RetryNonIdempotent also retries non-idempotent requests (POST, PATCH) after connection errors and 5xx statuses other than 503.
	RetryNonIdempotent bool
	// AttemptTimeout bounds each attempt of a request, from sending it to the
	// end of its response body (read to EOF or closed), when the request's
	// context has no deadline: a caller that set one (stapi.WithTimeout, for
	// a long download) chose how long the request may take. An attempt that
	// gets no response headers in time is retried like a dropped connection;
	// a body that stalls fails its read. [WithAttemptTimeout] changes it for
	// one request; there is no value that lifts it for every request.
	AttemptTimeout time.Duration

	// RateLimit is the client-side limit in requests per second; rate.Inf turns the limiter off.
	RateLimit rate.Limit
	// RateBurst is the limiter's burst size.
	RateBurst int
	// OperationLimits bound the requests of single API operations beyond
	// RateLimit: requests in flight at once, a rate per path, further
	// statuses to retry (see [OperationLimit] and [OperationLimitTransport]).
	// For example, one telecom calls request at a time, and ServiceTitan's
	// limit of report runs:
	//
	//	OperationLimits: []authmw.OperationLimit{
	//		{Pattern: "GET /telecom/v3/tenant/{tenant}/calls", MaxInFlight: 1},
	//		authmw.ReportRunLimit("POST /reporting/v2/tenant/{tenant}/report-category/{category}/reports/{reportId}/data"),
	//	}
	//
	// A later limit for the same pattern replaces an earlier one, so limits
	// appended to a list of defaults override them.
	OperationLimits []OperationLimit

	// Logger, if set, receives one line per attempt and per token fetch; header values and secrets are never logged.
	Logger *slog.Logger
}

// Validate reports the first invalid field of c as a *ConfigError naming the field, never its value.
func (c Config) Validate() error {
	for _, f := range []struct{ name, value, what string }{
		{"ClientID", c.ClientID, "client ID"},
		{"ClientSecret", c.ClientSecret, "client secret"},
		{"AppKey", c.AppKey, "app key"},
	} {
		if f.value == "" {
			return &ConfigError{f.name, "is empty: set it to the " + f.what + " of your ServiceTitan app"}
		}
		if strings.TrimSpace(f.value) != f.value {
			return &ConfigError{f.name, "has leading or trailing white space: remove it"}
		}
	}
	if c.Environment != 0 && !c.Environment.valid() {
		return &ConfigError{"Environment", "is " + c.Environment.String() + ": use authmw.Integration or authmw.Production"}
	}
	if c.Environment == 0 {
		switch {
		case c.TokenURL == "" && c.BaseURL == "":
			return &ConfigError{"Environment", "is not set: use authmw.Integration or authmw.Production, or set both Config.TokenURL and Config.BaseURL"}
		case c.TokenURL == "":
			return &ConfigError{"TokenURL", "is not set and there is no Environment to take it from: set Config.Environment or Config.TokenURL"}
		case c.BaseURL == "":
			return &ConfigError{"BaseURL", "is not set and there is no Environment to take the API host from: set Config.Environment, or Config.BaseURL to the API's base URL"}
		}
	}
	for _, f := range []struct{ name, value string }{{"TokenURL", c.TokenURL}, {"BaseURL", c.BaseURL}} {
		if f.value == "" {
			continue
		}
		if _, err := parseOrigin(f.value); err == errNotHTTPURL {
			return &ConfigError{f.name, err.Error() + ": fix it, or leave it empty to use the Environment's"}
		} else if err != nil {
			return &ConfigError{f.name, err.Error()}
		}
	}
	for k := range c.EndpointParams {
		switch k {
		case "grant_type", "client_id", "client_secret":
			return &ConfigError{"EndpointParams", "sets " + k + ", which authmw sends itself: remove it"}
		}
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{
		{"EarlyExpiry", c.EarlyExpiry},
		{"TokenTimeout", c.TokenTimeout},
		{"AttemptTimeout", c.AttemptTimeout},
		{"RetryBaseDelay", c.RetryBaseDelay},
		{"RetryMaxDelay", c.RetryMaxDelay},
		{"MaxRetryAfter", c.MaxRetryAfter},
	} {
		if f.d < 0 {
			return &ConfigError{f.name, "is negative: use zero for the default"}
		}
	}
	if c.MaxAttempts < 0 {
		return &ConfigError{"MaxAttempts", "is negative: use zero for the default or 1 to disable retries"}
	}
	if c.RateLimit < 0 {
		return &ConfigError{"RateLimit", "is negative: use zero for the default or rate.Inf to disable the limiter"}
	}
	if c.RateBurst < 0 {
		return &ConfigError{"RateBurst", "is negative: use zero for the default"}
	}
	if _, err := compileLimits(c.OperationLimits); err != nil {
		return err
	}
	return nil
}

// tokenURL returns the override if set, else the environment's token URL.
func (c Config) tokenURL() string {
	if c.TokenURL != "" {
		return c.TokenURL
	}
	return c.Environment.TokenURL()
}

// apiBaseURL returns the override if set, else the environment's API base URL.
func (c Config) apiBaseURL() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return c.Environment.APIBaseURL()
}

// orDefault returns v, or def if v is zero.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
