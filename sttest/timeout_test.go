package sttest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// safety bounds each wait of the tests below on a real connection: they
// wait for events (a reply, a closed connection), and only a bug makes
// them wait this long.
const safety = 10 * time.Second

// serveOn runs h with Serve on a loopback listener until the test ends and
// returns its address.
func serveOn(t *testing.T, h *Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// dial opens a connection to addr whose reads and writes give up after safety.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(safety))
	t.Cleanup(func() { c.Close() })
	return c
}

// stalledTokenRequest is the head of a token request announcing a body of n bytes.
func stalledTokenRequest(n int) string {
	return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: sttest\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", TokenPath, n)
}

// closedAfter reads a reply from c and checks its status, then that the
// server closes the connection.
func closedAfter(t *testing.T, c net.Conn, status int) {
	t.Helper()
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading the reply: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status || !resp.Close {
		t.Errorf("reply %d (closing: %v) %s; want %d and the connection closed", resp.StatusCode, resp.Close, body, status)
	}
	if n, err := br.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("after the reply: read %d bytes, %v; want the connection closed (EOF)", n, err)
	}
}

// TestStalledBodiesDoNotBlockTokens sends 140 token requests that announce
// a body of 64 KiB and send none, as clients that stall, and then a normal
// token request: it is answered while they still wait.
func TestStalledBodiesDoNotBlockTokens(t *testing.T) {
	const stalled = 140
	var arrived atomic.Int64
	all := make(chan struct{})
	clock := func() time.Time {
		// The handler reads its clock once as a request arrives, before its body.
		if arrived.Add(1) == stalled {
			close(all)
		}
		return time.Now()
	}
	h := latest(t).NewHandler(WithClock(clock), WithTimeouts(Timeouts{Body: time.Hour}))
	addr := serveOn(t, h)
	for range stalled {
		if _, err := io.WriteString(dial(t, addr), stalledTokenRequest(64<<10)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-all:
	case <-time.After(safety):
		t.Fatalf("%d of %d stalled requests reached the handler", arrived.Load(), stalled)
	}

	c := h.Credentials()
	client := &http.Client{Timeout: safety}
	resp, err := client.PostForm("http://"+addr+TokenPath, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret},
	})
	if err != nil {
		t.Fatalf("token request beside %d stalled ones: %v", stalled, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("token request beside %d stalled ones: %d; want 200", stalled, resp.StatusCode)
	}
}

// TestStalledBodiesTimeOut checks that bodies that stop arriving are
// answered 408 after the body timeout and their connections closed, their
// share of the budget of bodies in flight given back: none sent, part of
// a body over freeBody sent (which takes from the budget), part of a
// chunked one sent.
func TestStalledBodiesTimeOut(t *testing.T) {
	h := latest(t).NewHandler(WithTimeouts(Timeouts{Body: 50 * time.Millisecond}))
	tok := token(t, h, h.Credentials())
	addr := serveOn(t, h)
	post := func(header string) string {
		return "POST /crm/v2/tenant/1/customers HTTP/1.1\r\nHost: sttest\r\nAuthorization: Bearer " + tok +
			"\r\nST-App-Key: " + h.Credentials().AppKey + "\r\nContent-Type: application/json\r\n" + header + "\r\n\r\n"
	}
	for _, tc := range []struct{ name, sent string }{
		{"token request, no body", stalledTokenRequest(64 << 10)},
		{"part of a body", post("Content-Length: 65536") + `{"name":"` + strings.Repeat("x", 2*freeBody)},
		{"part of a chunked body", post("Transfer-Encoding: chunked") + fmt.Sprintf("%x\r\n%s\r\n", 2*freeBody, strings.Repeat("x", 2*freeBody))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, addr)
			if _, err := io.WriteString(c, tc.sent); err != nil {
				t.Fatal(err)
			}
			closedAfter(t, c, http.StatusRequestTimeout)
			if !budgetFree(h) {
				t.Error("the budgets of bodies in flight are not whole after the reply")
			}
		})
	}
}

// TestIdleConnectionsClosed checks that Serve and NewServer close a
// keep-alive connection that waits longer than the idle timeout for its
// next request, and one whose headers take longer than the header timeout.
// Each case shortens only its own timeout, so that a slow test machine
// does not cut the others short.
func TestIdleConnectionsClosed(t *testing.T) {
	a := latest(t)
	servers := func(tm Timeouts) map[string]string {
		h := a.NewHandler(WithTimeouts(tm))
		srv := a.NewServer(t, WithTimeouts(tm))
		return map[string]string{"Serve": serveOn(t, h), "NewServer": strings.TrimPrefix(srv.URL, "http://")}
	}
	for name, addr := range servers(Timeouts{Idle: 50 * time.Millisecond}) {
		t.Run(name+" idle", func(t *testing.T) {
			c := dial(t, addr)
			if _, err := io.WriteString(c, "GET /crm/v2/tenant/1/customers HTTP/1.1\r\nHost: sttest\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(c)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			if resp.StatusCode != http.StatusUnauthorized || resp.Close {
				t.Fatalf("reply %d (closing: %v); want 401 on a connection kept alive", resp.StatusCode, resp.Close)
			}
			if n, err := br.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
				t.Errorf("idle connection: read %d bytes, %v; want it closed (EOF)", n, err)
			}
		})
	}
	for name, addr := range servers(Timeouts{Header: 50 * time.Millisecond}) {
		t.Run(name+" slow headers", func(t *testing.T) {
			c := dial(t, addr)
			if _, err := io.WriteString(c, "GET /crm/v2/tenant/1/customers HTTP/1.1\r\nHost: st"); err != nil {
				t.Fatal(err)
			}
			if n, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
				t.Errorf("headers never finished: read %d bytes, %v; want the connection closed (EOF)", n, err)
			}
		})
	}
}
