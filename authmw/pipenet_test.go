package authmw

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
)

// pipeNet is an in-memory network for tests that run in a synctest bubble,
// where loopback sockets would keep the fake clock from advancing: its
// httptest servers accept net.Pipe connections, which its transports dial.
// Each server gets an address of its own on 127.0.0.1, a loopback host, so
// authmw sends credentials to it over plain http as it does to a loopback
// httptest server.
type pipeNet struct {
	mu        sync.Mutex
	listeners map[string]*pipeListener // by address
}

// bubble runs f in a synctest bubble with a pipeNet of its own.
func bubble(t *testing.T, f func(t *testing.T, pn *pipeNet)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		f(t, &pipeNet{listeners: map[string]*pipeListener{}})
	})
}

// server starts an httptest.Server for h on pn, closed when the test ends.
func (pn *pipeNet) server(t testing.TB, h http.Handler) *httptest.Server {
	pn.mu.Lock()
	l := &pipeListener{
		addr:   &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1 + len(pn.listeners)},
		conns:  make(chan net.Conn),
		closed: make(chan struct{}),
	}
	pn.listeners[l.addr.String()] = l
	pn.mu.Unlock()
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// transport returns an http.Transport that dials pn's servers; its idle
// connections are closed when the test ends.
func (pn *pipeNet) transport(t testing.TB) *http.Transport {
	tr := &http.Transport{DialContext: pn.dial, MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

func (pn *pipeNet) dial(ctx context.Context, _, addr string) (net.Conn, error) {
	pn.mu.Lock()
	l := pn.listeners[addr]
	pn.mu.Unlock()
	if l == nil {
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: errors.New("connection refused: nothing listens on " + addr)}
	}
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: errors.New("connection refused: " + addr + " is closed")}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pipeListener is a net.Listener whose connections come from pipeNet.dial.
type pipeListener struct {
	addr   *net.TCPAddr
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return l.addr }

// TestPipeNet checks the helper itself: a request reaches its server, and
// a closed server refuses connections.
func TestPipeNet(t *testing.T) {
	bubble(t, func(t *testing.T, pn *pipeNet) {
		var hits int
		srv := pn.server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits++
			w.Write([]byte(strconv.Itoa(hits)))
		}))
		hc := &http.Client{Transport: pn.transport(t)}
		for i := range 3 {
			if status, body := get(t, hc.Transport, srv.URL+"/x"); status != 200 || body != strconv.Itoa(i+1) {
				t.Fatalf("GET = %d %q; want 200 %q", status, body, strconv.Itoa(i+1))
			}
		}
		srv.Close()
		if _, err := hc.Get(srv.URL); err == nil {
			t.Errorf("GET of a closed server succeeded")
		}
	})
}
