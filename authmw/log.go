package authmw

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// logAttempt writes the line for one attempt of req: method, URL path (never the query or
// header values), status, attempt number, duration, the wait before the attempt and, if it
// waited for its operation's turn (Config.OperationLimits), how long.
func logAttempt(ctx context.Context, l *slog.Logger, rd *redactor, req *http.Request, resp *http.Response, err error, attempt int, dur, wait, queued time.Duration) {
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
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("method", method(req)),
		slog.String("path", req.URL.Path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", dur),
		slog.Duration("wait", wait),
	)
	if queued > 0 {
		attrs = append(attrs, slog.Duration("queued", queued))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", rd.String(err.Error())))
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
