package authmw

import "net/http"

// NewTransport validates cfg and returns the full chain, sending through base
// (http.DefaultTransport if nil): a RetryTransport, then an
// OperationLimitTransport if cfg.OperationLimits has any, then an
// AuthTransport with its TokenSource, then a RateLimitTransport unless
// cfg.RateLimit is rate.Inf. Token requests go straight to base: no
// retries, no rate limit, no API headers.
//
// The order puts each wait where it belongs: a retry's wait (backoff,
// Retry-After) comes first and holds no slot of an operation; each attempt
// then waits for its operation's turn, outside its AttemptTimeout, so that
// retries keep to the operation's limits too; only then is its token
// fetched (so that it does not expire in a queue) and the client-wide rate
// limiter waited for, right before the request is sent.
func NewTransport(cfg Config, base http.RoundTripper) (http.RoundTripper, error) {
	src, err := NewTokenSource(cfg, base)
	if err != nil {
		return nil, err
	}
	next := base
	if lim := newLimiter(cfg); lim != nil {
		next = &RateLimitTransport{Limiter: lim, Base: next}
	}
	var api http.RoundTripper = &AuthTransport{
		Source:     src,
		AppKey:     cfg.AppKey,
		APIBaseURL: cfg.apiBaseURL(),
		Base:       next,
		Logger:     cfg.Logger,
	}
	if len(cfg.OperationLimits) > 0 {
		if api, err = NewOperationLimitTransport(cfg.OperationLimits, api); err != nil {
			return nil, err
		}
	}
	return &RetryTransport{
		Base:               api,
		MaxAttempts:        cfg.MaxAttempts,
		BaseDelay:          cfg.RetryBaseDelay,
		MaxDelay:           cfg.RetryMaxDelay,
		MaxRetryAfter:      cfg.MaxRetryAfter,
		RetryNonIdempotent: cfg.RetryNonIdempotent,
		AttemptTimeout:     cfg.AttemptTimeout,
		Logger:             cfg.Logger,
		redact:             src.redact,
	}, nil
}
