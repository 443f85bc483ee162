package authmw

import "net/http"

// NewTransport validates cfg and returns the full chain, sending through base
// (http.DefaultTransport if nil): a RetryTransport, then an AuthTransport
// with its TokenSource, then a RateLimitTransport unless cfg.RateLimit is
// rate.Inf. Token requests go straight to base: no retries, no rate limit, no
// API headers.
func NewTransport(cfg Config, base http.RoundTripper) (http.RoundTripper, error) {
	src, err := NewTokenSource(cfg, base)
	if err != nil {
		return nil, err
	}
	next := base
	if lim := newLimiter(cfg); lim != nil {
		next = &RateLimitTransport{Limiter: lim, Base: next}
	}
	return &RetryTransport{
		Base: &AuthTransport{
			Source:     src,
			AppKey:     cfg.AppKey,
			APIBaseURL: cfg.apiBaseURL(),
			Base:       next,
			Logger:     cfg.Logger,
		},
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
