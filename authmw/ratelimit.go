package authmw

import (
	"context"
	"fmt"
	"net/http"

	"golang.org/x/time/rate"
)

// RateLimitTransport is an http.RoundTripper that waits for Limiter before
// sending each request; the wait ends early, with an error, if the request's
// context ends or its deadline would pass first.
type RateLimitTransport struct {
	// Limiter paces the requests; nil sends them without waiting.
	Limiter *rate.Limiter
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
}

// newLimiter returns the limiter NewTransport uses for cfg, or nil if cfg.RateLimit is rate.Inf.
func newLimiter(cfg Config) *rate.Limiter {
	limit := orDefault(cfg.RateLimit, DefaultRateLimit)
	if limit == rate.Inf {
		return nil
	}
	return rate.NewLimiter(limit, orDefault(cfg.RateBurst, DefaultRateBurst))
}

// RoundTrip implements http.RoundTripper.
func (t *RateLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Limiter != nil {
		if err := t.Limiter.Wait(req.Context()); err != nil {
			closeRequestBody(req)
			return nil, t.waitError(req, err)
		}
	}
	return t.base().RoundTrip(req)
}

// waitError explains why the limiter did not let req through.
func (t *RateLimitTransport) waitError(req *http.Request, err error) error {
	if cerr := req.Context().Err(); cerr != nil {
		return fmt.Errorf("authmw: %s %s: gave up waiting for the rate limiter: %w", method(req), req.URL.Path, cerr)
	}
	if t.Limiter.Burst() < 1 && t.Limiter.Limit() != rate.Inf {
		return fmt.Errorf("authmw: %s %s: the rate limiter has a burst of 0 and lets nothing through: give it a burst of at least 1: %w", method(req), req.URL.Path, err)
	}
	return fmt.Errorf("authmw: %s %s: waiting for the rate limiter would pass the context deadline; allow more time or raise Config.RateLimit: %w",
		method(req), req.URL.Path, context.DeadlineExceeded)
}

func (t *RateLimitTransport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}
