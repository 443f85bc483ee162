package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/stgen-dev/stgen/authmw"
	"github.com/stgen-dev/stgen/internal/version"
)

// maxDrain bounds how much of an error response's body is read so that its connection can be reused.
const maxDrain = 64 << 10

// downloader GETs URLs through an authmw.RetryTransport, which bounds each
// attempt, retries what may succeed on a second try and waits between
// attempts; under it a bodyReader reads each document whole within its
// attempt, so that a body cut short or stalled is retried too.
type downloader struct {
	client    *http.Client
	userAgent string
	timeout   time.Duration
	maxBytes  int64
}

func newDownloader(cfg Config) *downloader {
	base := cfg.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	timeout := orDefault(cfg.Timeout, DefaultTimeout)
	maxBytes := orDefault(cfg.MaxBytes, DefaultMaxBytes)
	retry := &authmw.RetryTransport{
		Base:           &bodyReader{base: base, maxBytes: maxBytes},
		MaxAttempts:    orDefault(cfg.MaxAttempts, DefaultMaxAttempts),
		BaseDelay:      orDefault(cfg.RetryBaseDelay, DefaultRetryBaseDelay),
		MaxDelay:       orDefault(cfg.RetryMaxDelay, DefaultRetryMaxDelay),
		MaxRetryAfter:  orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter),
		AttemptTimeout: timeout,
		Logger:         cfg.Logger,
	}
	return &downloader{
		client:    &http.Client{Transport: retry, CheckRedirect: checkRedirect},
		userAgent: "stgen/" + version.Current().Version,
		timeout:   timeout,
		maxBytes:  maxBytes,
	}
}

// attemptsKey is the context key of the counter of a request's attempts.
type attemptsKey struct{}

// get returns the body of a GET of u. Connection errors, timed-out
// attempts, bodies cut short, 429 and 5xx responses (but 501 and 505) are
// retried, up to the attempts allowed in all, after the server's
// Retry-After or else an exponential backoff with full jitter. It stops as
// soon as ctx ends.
func (d *downloader) get(ctx context.Context, u string) ([]byte, error) {
	attempts := new(atomic.Int32)
	req, err := http.NewRequestWithContext(context.WithValue(ctx, attemptsKey{}, attempts), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", d.userAgent)
	fail := func(err error) ([]byte, error) {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("GET %s: %w", u, context.Cause(ctx))
		}
		if n := attempts.Load(); n > 1 {
			return nil, fmt.Errorf("GET %s: %w (gave up after %d attempts)", u, err, n)
		}
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	resp, err := d.client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text repeats the method and URL, which get adds
		}
		var timeout interface{ Timeout() bool }
		if errors.As(err, &timeout) && timeout.Timeout() {
			err = fmt.Errorf("no complete response within %s: the server is slow or unreachable; try again later or allow more time per request", d.timeout)
		}
		return fail(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.CopyN(io.Discard, resp.Body, maxDrain)
		return fail(fmt.Errorf("status %s", resp.Status))
	}
	if resp.ContentLength > d.maxBytes {
		return fail(fmt.Errorf("the response is %d bytes, over the limit of %d", resp.ContentLength, d.maxBytes))
	}
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return fail(err)
	case int64(len(body)) > d.maxBytes:
		return fail(fmt.Errorf("the response is over the limit of %d bytes", d.maxBytes))
	}
	return body, nil
}

// bodyReader is the transport under the retries: it reads the body of a
// 200 response whole (up to one byte over the limit, which get refuses)
// within the attempt, so that a body cut short or stalled fails the
// attempt, which is then retried. A body announced over the limit is left
// unread for get to refuse.
type bodyReader struct {
	base     http.RoundTripper
	maxBytes int64
}

// RoundTrip implements http.RoundTripper.
func (b *bodyReader) RoundTrip(req *http.Request) (*http.Response, error) {
	if n, ok := req.Context().Value(attemptsKey{}).(*atomic.Int32); ok {
		n.Add(1)
	}
	resp, err := b.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK || resp.ContentLength > b.maxBytes {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, b.maxBytes+1))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading the response after %d bytes: %w", len(body), err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	if resp.ContentLength > b.maxBytes {
		resp.ContentLength = -1 // not announced: get measures it
	}
	return resp, nil
}
