package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/stgen-dev/stgen/authmw"
)

// maxDrain bounds how much of an error response's body is read so that its connection can be reused.
const maxDrain = 64 << 10

// downloader GETs URLs with a timeout per attempt, a size limit, and
// bounded retries.
type downloader struct {
	client        *http.Client
	userAgent     string
	timeout       time.Duration // bounds one attempt: the request and reading the whole body
	maxAttempts   int
	baseDelay     time.Duration // ceiling of the first backoff delay, doubled on every retry
	maxDelay      time.Duration // cap on the backoff ceiling
	maxRetryAfter time.Duration // cap on the wait a server asks for
	maxBytes      int64
	sleep         func(context.Context, time.Duration) error
}

// attemptError is the failure of one attempt, and whether another may succeed.
type attemptError struct {
	err        error
	retryable  bool
	retryAfter time.Duration // the server's Retry-After; meaningful when hasWait
	hasWait    bool
}

// get returns the body of a GET of u. It retries connection errors, timed-out
// attempts, bodies cut short, 429 and 5xx responses (but 501 and 505), up to
// maxAttempts in all, waiting for the server's Retry-After or else an
// exponential backoff with full jitter. It stops as soon as ctx ends.
func (d *downloader) get(ctx context.Context, u string) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		body, aerr := d.attempt(ctx, u)
		if aerr == nil {
			return body, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("GET %s: %w", u, context.Cause(ctx))
		}
		if !aerr.retryable || attempt >= d.maxAttempts {
			if attempt > 1 {
				return nil, fmt.Errorf("GET %s: %w (gave up after %d attempts)", u, aerr.err, attempt)
			}
			return nil, fmt.Errorf("GET %s: %w", u, aerr.err)
		}
		wait := authmw.Backoff(attempt, d.baseDelay, d.maxDelay)
		if aerr.hasWait {
			wait = min(aerr.retryAfter, d.maxRetryAfter)
		}
		if err := d.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("GET %s: %w", u, context.Cause(ctx))
		}
	}
}

// attempt makes one GET of u and reads its whole body.
func (d *downloader) attempt(ctx context.Context, u string) ([]byte, *attemptError) {
	actx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	timedOut := func() bool { return ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) }
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &attemptError{err: err}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", d.userAgent)
	resp, err := d.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text repeats the method and URL, which get adds
		}
		switch {
		case timedOut():
			return nil, &attemptError{err: d.timeoutError(), retryable: true}
		case errors.Is(err, errRedirect):
			return nil, &attemptError{err: err}
		}
		return nil, &attemptError{err: err, retryable: true}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.CopyN(io.Discard, resp.Body, maxDrain)
		aerr := &attemptError{err: fmt.Errorf("status %s", resp.Status)}
		switch c := resp.StatusCode; {
		case c == http.StatusTooManyRequests || c >= 500 && c != http.StatusNotImplemented && c != http.StatusHTTPVersionNotSupported:
			aerr.retryable = true
			aerr.retryAfter, aerr.hasWait = authmw.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, aerr
	}
	if resp.ContentLength > d.maxBytes {
		return nil, &attemptError{err: fmt.Errorf("the response is %d bytes, over the limit of %d", resp.ContentLength, d.maxBytes)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, d.maxBytes+1))
	switch {
	case timedOut():
		return nil, &attemptError{err: d.timeoutError(), retryable: true}
	case err != nil:
		return nil, &attemptError{err: fmt.Errorf("reading the response after %d bytes: %w", len(body), err), retryable: true}
	case int64(len(body)) > d.maxBytes:
		return nil, &attemptError{err: fmt.Errorf("the response is over the limit of %d bytes", d.maxBytes)}
	}
	return body, nil
}

func (d *downloader) timeoutError() error {
	return fmt.Errorf("no complete response within %s: the server is slow or unreachable; try again later or allow more time per request", d.timeout)
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
