package cli

import (
	"context"
	"net/http"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// TestServe starts the fake on a free port with given credentials, checks
// that it prints them, that its token endpoint takes them and that the API
// wants a token, then stops it by cancelling its context.
func TestServe(t *testing.T) {
	specs := testenv.Newest(t)
	ctx, cancel := context.WithCancel(context.Background())
	var log testenv.SyncBuffer
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, specs, "127.0.0.1:0", &log, sttest.WithCredentials("the-id", "the-secret", "the-key"))
	}()

	var url string
	for deadline := time.Now().Add(60 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(log.String()); m != "" {
			url = m
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed: %q", log.String())
	}
	for _, want := range []string{"the-id", "the-secret", "the-key", url + "/connect/token"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, log.String())
		}
	}
	tok, err := http.PostForm(url+"/connect/token", neturl.Values{
		"grant_type": {"client_credentials"}, "client_id": {"the-id"}, "client_secret": {"the-secret"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tok.Body.Close()
	if tok.StatusCode != http.StatusOK {
		t.Errorf("token request: status %d; want 200", tok.StatusCode)
	}
	resp, err := http.Get(url + "/crm/v2/tenant/1/customers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("request without a token: status %d; want 401", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after its context ended; want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}
