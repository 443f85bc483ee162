package sttest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestServeStopsCleanly runs the handler as `stgen serve` does, on a real
// listener, and shuts it down while a slow request is in flight.
func TestServeStopsCleanly(t *testing.T) {
	h := latest(t).NewHandler(WithFault(Fault{OperationID: "Customers_Get", Latency: time.Hour}))
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
	var tok struct{ AccessToken string }
	tok.AccessToken = decode(t, body)["access_token"].(string)

	// A request held by an hour of latency, in flight at shutdown.
	slow := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+"/crm/v2/tenant/1/customers/2", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("ST-App-Key", c.AppKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	deadline := time.Now().Add(5 * time.Second)
	for len(h.Requests()) < 1 || !inFlight(h) {
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if code := <-slow; code != 200 {
		t.Errorf("request in flight at shutdown: %d, want 200 (answered, latency cut short)", code)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// inFlight is a heuristic for the test above: the slow request has not been recorded yet.
func inFlight(h *Handler) bool {
	for _, r := range h.Requests() {
		if r.OperationID == "Customers_Get" {
			return false
		}
	}
	time.Sleep(50 * time.Millisecond)
	return true
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
