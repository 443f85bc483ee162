package authmw

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// redacted replaces a secret in log lines and error texts.
const redacted = "[REDACTED]"

// newRedactor returns a replacer hiding the non-empty secrets, also in their
// URL-encoded forms (as a server echoing a form body would show them), or nil
// if there are none.
func newRedactor(secrets ...string) *strings.Replacer {
	var pairs []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		pairs = append(pairs, s, redacted)
		if q := url.QueryEscape(s); q != s {
			pairs = append(pairs, q, redacted)
		}
		if p := url.PathEscape(s); p != s && p != url.QueryEscape(s) {
			pairs = append(pairs, p, redacted)
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// redact returns s with the secrets known to r replaced; a nil r returns s.
func redact(r *strings.Replacer, s string) string {
	if r == nil {
		return s
	}
	return r.Replace(s)
}

// logAttempt writes the line for one attempt of req: method, URL path (never the query or
// header values), status, attempt number, duration and the wait before the attempt.
func logAttempt(ctx context.Context, l *slog.Logger, rd *strings.Replacer, req *http.Request, resp *http.Response, err error, attempt int, dur, wait time.Duration) {
	level := slog.LevelInfo
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	if err != nil || status >= 500 || status == http.StatusTooManyRequests || status == http.StatusUnauthorized {
		level = slog.LevelWarn
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs,
		slog.String("method", method(req)),
		slog.String("path", req.URL.Path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", dur),
		slog.Duration("wait", wait),
	)
	if err != nil {
		attrs = append(attrs, slog.String("error", redact(rd, err.Error())))
	}
	l.LogAttrs(ctx, level, "authmw: attempt", attrs...)
}

// method returns req.Method, or "GET" for the empty method.
func method(req *http.Request) string {
	if req.Method == "" {
		return http.MethodGet
	}
	return req.Method
}
