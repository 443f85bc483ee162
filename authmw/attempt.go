package authmw

import (
	"context"
	"io"
	"net/http"
	"time"
)

// attemptTimeoutKey is the context key of WithAttemptTimeout.
type attemptTimeoutKey struct{}

// WithAttemptTimeout returns a copy of ctx under which RetryTransport bounds
// each attempt of a request by d instead of its AttemptTimeout
// (Config.AttemptTimeout); d <= 0 lifts the bound, for a download read at
// the reader's pace, so that ctx alone bounds the request.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, attemptTimeoutKey{}, d)
}

// attempt is one attempt of a request, under a deadline of its own.
type attempt struct {
	req     *http.Request   // the caller's request, for error messages
	ctx     context.Context // the caller's context
	actx    context.Context // ctx, bounded by timeout
	cancel  context.CancelFunc
	timeout time.Duration
}

// newAttempt starts an attempt of req: its context is ctx (the request's,
// perhaps with values added), bounded by the attempt timeout; ok is false if
// there is no bound to add (lifted by WithAttemptTimeout, or the request's
// deadline comes first).
func (t *RetryTransport) newAttempt(ctx context.Context, req *http.Request) (a attempt, ok bool) {
	d := orDefault(max(t.AttemptTimeout, 0), DefaultAttemptTimeout)
	if v, set := ctx.Value(attemptTimeoutKey{}).(time.Duration); set {
		if v <= 0 {
			return attempt{}, false
		}
		d = v
	}
	if _, set := ctx.Deadline(); set {
		// The caller chose how long the whole request may take (a long
		// download, say): that deadline bounds it instead.
		return attempt{}, false
	}
	actx, cancel := context.WithTimeout(ctx, d)
	return attempt{req: req, ctx: ctx, actx: actx, cancel: cancel, timeout: d}, true
}

// end finishes the attempt with the outcome of its round trip: an error
// caused by the attempt's deadline becomes an *attemptTimeoutError, and the
// attempt's context ends with the response body (read to EOF or closed), or
// at once if there is no body.
func (a attempt) end(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		if a.ctx.Err() == nil && a.actx.Err() != nil {
			err = a.timeoutError(false)
		}
		a.cancel()
		return resp, err
	}
	if resp.Body == nil || resp.Body == http.NoBody {
		a.cancel()
		return resp, nil
	}
	resp.Body = &attemptBody{body: resp.Body, attempt: a}
	return resp, nil
}

func (a attempt) timeoutError(inBody bool) error {
	return &attemptTimeoutError{method: method(a.req), path: a.req.URL.Path, timeout: a.timeout, inBody: inBody}
}

// attemptBody is the body of an attempt's response: it ends the attempt's
// context at EOF or Close, and names the attempt timeout when it cut the body short.
type attemptBody struct {
	body io.ReadCloser
	attempt
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	switch {
	case err == nil:
	case err == io.EOF:
		b.cancel()
	case b.ctx.Err() == nil && b.actx.Err() == context.DeadlineExceeded:
		err = b.timeoutError(true)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.body.Close()
	b.cancel()
	return err
}

// attemptTimeoutError is an attempt that took longer than its timeout. It
// does not wrap context.DeadlineExceeded, which is left to the caller's own
// deadline, so the retry layer treats it as it does a dropped connection.
type attemptTimeoutError struct {
	method, path string
	timeout      time.Duration
	inBody       bool
}

func (e *attemptTimeoutError) Error() string {
	where := "before the response headers arrived"
	if e.inBody {
		where = "while the response body was read (for a long download, lift the bound with authmw.WithAttemptTimeout)"
	}
	return "authmw: " + e.method + " " + e.path + ": the attempt timed out after " + e.timeout.String() + " (Config.AttemptTimeout) " + where
}

// Timeout reports true, as net.Error's Timeout does for a timeout.
func (e *attemptTimeoutError) Timeout() bool { return true }
