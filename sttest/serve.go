package sttest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long Serve lets requests in flight finish.
const shutdownGrace = 5 * time.Second

// configure sets the timeouts of the server that runs h.
func (h *Handler) configure(srv *http.Server) {
	srv.ReadHeaderTimeout = h.cfg.timeouts.Header
	srv.IdleTimeout = h.cfg.timeouts.Idle
}

// Serve serves h on l until ctx is done, then shuts down: it stops
// accepting connections, cuts injected latency short and lets requests in
// flight finish (for up to five seconds). It reads headers, and closes
// idle connections, within the handler's Timeouts. It returns nil after a
// clean shutdown, or the error that stopped serving. It is what `stgen
// serve` runs, with ctx cancelled on SIGINT or SIGTERM.
func Serve(ctx context.Context, l net.Listener, h *Handler) error {
	srv := &http.Server{Handler: h}
	h.configure(srv)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	h.Close()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
