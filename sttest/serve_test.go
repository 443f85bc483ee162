package sttest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestServeStopsCleanly runs the handler as `stgen serve` does, on a real
// listener, and shuts it down while a slow request is in flight: the
// request is answered, its latency cut short, and Serve returns nil (not
// the error of a shutdown that waited out its grace).
func TestServeStopsCleanly(t *testing.T) {
	// The handler reads its clock as a request arrives: once armed, the
	// clock tells the test that the slow request is being served.
	var armed atomic.Bool
	arrived := make(chan struct{}, 1)
	clock := func() time.Time {
		if armed.Load() {
			select {
			case arrived <- struct{}{}:
			default:
			}
		}
		return time.Now()
	}
	h := latest(t).NewHandler(WithClock(clock), WithFault(Fault{OperationID: "Customers_Get", Latency: time.Hour}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h) }()

	c := h.Credentials()
	resp, err := http.PostForm(base+TokenPath, url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "access_token") {
		t.Fatalf("token: %d %s", resp.StatusCode, body)
	}
	tok := decode(t, body)["access_token"].(string)

	// A request held by an hour of latency, in flight at shutdown.
	armed.Store(true)
	slow := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+"/crm/v2/tenant/1/customers/2", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("ST-App-Key", c.AppKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	select {
	case <-arrived:
	case <-time.After(safety):
		t.Fatal("the slow request did not reach the handler")
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(safety):
		t.Fatal("Serve did not return after cancel")
	}
	if code := <-slow; code != 200 {
		t.Errorf("request in flight at shutdown: %d, want 200 (answered, latency cut short)", code)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func TestServeReportsListenerErrors(t *testing.T) {
	h := latest(t).NewHandler()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	err = Serve(context.Background(), ln, h)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve on a closed listener: %v", err)
	}
}
