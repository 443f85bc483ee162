package authmw

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfterSeconds bounds a delta-seconds Retry-After before it is converted to a Duration.
const maxRetryAfterSeconds = 1 << 30

// RetryTransport is an http.RoundTripper that retries failed attempts.
//
// 429 and 503 responses are retried for any method, since the server did
// not act on the request; other 5xx statuses (except 501 and 505) and
// connection errors are retried only for idempotent requests (GET, HEAD,
// OPTIONS, TRACE, PUT, DELETE, or any request with an Idempotency-Key
// header) unless RetryNonIdempotent is set. A failed token request is
// retried for any method when the token server may recover (no response,
// 429 or 5xx), once its [TokenSource]'s pause after the failure has passed,
// so that all the requests waiting for a token share the next token request.
// A request whose body cannot be rewound (no GetBody) is never retried.
//
// Before a retry it waits for the response's Retry-After (delta-seconds or
// HTTP-date, capped by MaxRetryAfter) or else an exponential backoff with
// full jitter. A 429 without Retry-After waits instead for the time the
// title of its JSON body states, as ServiceTitan's ApiErrorResponse may
// ("Rate limit is exceeded. Try again in 12 seconds."; also a "message", as
// Azure API Management sends it), capped by MaxRetryAfter; without one, for
// the backoff, capped by MaxRetryAfter too. Only the first 16 KiB of that
// body are read for it, and a response that is not retried reaches the
// caller with its body whole. If the wait would pass the request context's
// deadline, it returns the last response (unread) or error at once; if the
// context ends during the wait, it returns an error wrapping the context's
// error.
//
// When Base is an [OperationLimitTransport] (as NewTransport wires it), each
// attempt first waits for its operation's turn, before its AttemptTimeout
// starts, and the operation's RetryStatuses are retried as 503 is.
//
// Each attempt is bounded by AttemptTimeout, from sending the request to the
// end of its response body (read to EOF or closed), unless the request's
// context has a sooner deadline; [WithAttemptTimeout] changes or lifts the
// bound for one request. An attempt that times out before its response
// headers is retried as a dropped connection is; a body that stalls past it
// fails its read with an error naming the timeout. Neither error wraps
// context.DeadlineExceeded, which is left to the caller's own deadline.
type RetryTransport struct {
	// Base sends each attempt; nil means http.DefaultTransport.
	Base http.RoundTripper
	// MaxAttempts bounds the attempts, the first included; zero means DefaultMaxAttempts and 1 disables retries.
	MaxAttempts int
	// BaseDelay is the ceiling of the first backoff delay, doubled on every retry; zero means DefaultRetryBaseDelay.
	BaseDelay time.Duration
	// MaxDelay caps the backoff delay ceiling; zero means DefaultRetryMaxDelay.
	MaxDelay time.Duration
	// MaxRetryAfter caps the wait asked for by Retry-After; zero means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// RetryNonIdempotent also retries non-idempotent requests after connection errors and 5xx statuses other than 503.
	RetryNonIdempotent bool
	// AttemptTimeout bounds each attempt, response body included; zero (or negative) means DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	// Logger, if set, gets one line per attempt: method, path, status, attempt, duration and wait.
	Logger *slog.Logger

	// redact hides the secrets in logged error texts; set by NewTransport.
	redact *redactor
}

// RoundTrip implements http.RoundTripper.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	maxAttempts := orDefault(t.MaxAttempts, DefaultMaxAttempts)
	var wait time.Duration
	r := req
	for attempt := 1; ; attempt++ {
		var start time.Time
		if t.Logger != nil {
			start = time.Now()
		}
		rctx := r.Context()
		var adm *admission
		if limits, ok := t.base().(*OperationLimitTransport); ok {
			// The attempt waits for its operation's turn before its clock
			// starts: a report queued behind others is not an attempt that
			// timed out.
			var err error
			if adm, err = limits.admit(ctx, r); err != nil {
				closeRequestBody(r)
				return nil, err
			}
			rctx = context.WithValue(rctx, admissionKey{}, adm)
		}
		a, bounded := t.newAttempt(rctx, r)
		var resp *http.Response
		var err error
		switch {
		case bounded:
			resp, err = a.end(t.base().RoundTrip(r.WithContext(a.actx)))
		case rctx != r.Context():
			resp, err = t.base().RoundTrip(r.WithContext(rctx))
		default:
			resp, err = t.base().RoundTrip(r)
		}
		if t.Logger != nil {
			var queued time.Duration
			if adm != nil {
				queued = adm.queued
			}
			logAttempt(ctx, t.Logger, t.redact, req, resp, err, attempt, time.Since(start)-queued, wait, queued)
		}
		if attempt >= maxAttempts || !t.retryable(req, resp, err, adm) || !rewindable(req) || ctx.Err() != nil {
			return resp, err
		}
		wait = t.delay(attempt, resp, err, time.Now())
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return resp, err
		}
		body, berr := rewindBody(req)
		if berr != nil {
			return resp, err
		}
		status := 0
		if resp != nil {
			status = resp.StatusCode
			drainAndClose(resp)
		}
		if serr := sleep(ctx, wait); serr != nil {
			if body != nil {
				body.Close()
			}
			return nil, fmt.Errorf("authmw: %s %s: stopped retrying after attempt %d of %d (status %d): %w",
				method(req), req.URL.Path, attempt, maxAttempts, status, serr)
		}
		r = req.Clone(ctx)
		r.Body = body
	}
}

// retryable reports whether the outcome of an attempt of req, let through
// by adm (nil without an OperationLimitTransport), may change if it is sent again.
func (t *RetryTransport) retryable(req *http.Request, resp *http.Response, err error, adm *admission) bool {
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false
		}
		var te *TokenError
		if errors.As(err, &te) {
			return te.temporary() // the API request was not sent
		}
		return t.RetryNonIdempotent || idempotent(req)
	}
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests || c == http.StatusServiceUnavailable || adm.retries(c):
		return true
	case c >= 500 && c != http.StatusNotImplemented && c != http.StatusHTTPVersionNotSupported:
		return t.RetryNonIdempotent || idempotent(req)
	}
	return false
}

// delay returns the wait before the attempt after attempt: the response's
// Retry-After if it has one; for a 429, the wait its body's title states,
// else the backoff, capped by MaxRetryAfter too; after a failed token
// request, the pause of its TokenSource; else the backoff.
func (t *RetryTransport) delay(attempt int, resp *http.Response, err error, now time.Time) time.Duration {
	maxRetryAfter := orDefault(t.MaxRetryAfter, DefaultMaxRetryAfter)
	backoff := Backoff(attempt, orDefault(t.BaseDelay, DefaultRetryBaseDelay), orDefault(t.MaxDelay, DefaultRetryMaxDelay))
	if resp != nil {
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return min(d, maxRetryAfter)
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			if d, ok := titleWait(resp); ok {
				return min(d, maxRetryAfter)
			}
			return min(backoff, maxRetryAfter)
		}
	}
	if te := (*TokenError)(nil); errors.As(err, &te) && !te.retryAt.IsZero() {
		// Every request waiting for a token retries when the token source
		// makes its next token request, and shares it.
		return min(max(te.retryAt.Sub(now), 0), maxRetryAfter)
	}
	return backoff
}

func (t *RetryTransport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// Backoff returns a random delay in [0, min(maxDelay, base*2^(attempt-1))]: exponential backoff with full jitter.
func Backoff(attempt int, base, maxDelay time.Duration) time.Duration {
	ceiling := backoffCeiling(attempt, base, maxDelay)
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// backoffCeiling returns min(maxDelay, base*2^(attempt-1)), without overflow.
func backoffCeiling(attempt int, base, maxDelay time.Duration) time.Duration {
	if shift := attempt - 1; shift >= 0 && shift < 32 && base<<shift > 0 && base<<shift < maxDelay {
		return base << shift
	}
	return maxDelay
}

// ParseRetryAfter parses a Retry-After value, delta-seconds or HTTP-date,
// into a non-negative wait from now; ok is false if v is empty or invalid.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return maxRetryAfterSeconds * time.Second, true
			}
			return 0, false
		}
		return time.Duration(min(secs, maxRetryAfterSeconds)) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(at.Sub(now), 0), true
}

// idempotent reports whether req may be sent twice without changing its effect.
func idempotent(req *http.Request) bool {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	_, ok := req.Header["Idempotency-Key"]
	if !ok {
		_, ok = req.Header["X-Idempotency-Key"]
	}
	return ok
}

// sleep waits for d or until ctx ends, returning ctx's error in that case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
