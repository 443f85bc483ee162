package sttest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// appKeyTransport adds the ST-App-Key header.
type appKeyTransport struct {
	key  string
	base http.RoundTripper
}

func (t appKeyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("ST-App-Key", t.key)
	return t.base.RoundTrip(r)
}

func TestNewServerWithOAuth2Client(t *testing.T) {
	srv := latest(t).NewServer(t, WithRecords(30))
	if srv.URL == "" || srv.TokenURL != srv.URL+TokenPath || srv.ClientID == "" || srv.ClientSecret == "" || srv.AppKey == "" {
		t.Fatalf("server fields %+v", srv)
	}
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleAutoDetect} {
		cfg := clientcredentials.Config{ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, TokenURL: srv.TokenURL, AuthStyle: style}
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
		client := cfg.Client(ctx)
		client.Transport = appKeyTransport{key: srv.AppKey, base: client.Transport}
		resp, err := client.Get(srv.URL + "/crm/v2/tenant/1/customers?page=1&pageSize=30")
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Data []json.RawMessage `json:"data"`
		}
		json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(page.Data) != 30 {
			t.Errorf("auth style %v: %d with %d records", style, resp.StatusCode, len(page.Data))
		}
	}
}

func TestServerClosedByCleanup(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		srv := latest(t).NewServer(t)
		url = srv.URL
		resp, err := srv.Client().Get(url + TokenPath)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
	if _, err := http.Get(url + TokenPath); err == nil {
		t.Error("server still answers after its test's cleanup")
	}
}

// fatalTB records Fatal calls and stops the goroutine, as testing.T does.
type fatalTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatal(args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprint(args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func TestNewServerLoadsFolder(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "demo.json", `{"/tenant/{tenant}/things": {"get": {"responses": {"200": {"description": "ok"}}}}}`)
	srv := NewServer(t, dir)
	tok := token(t, srv.Handler, srv.Credentials())
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/demo/v2/tenant/1/things", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("ST-App-Key", srv.AppKey)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestNewServerFailsOnBadFolder(t *testing.T) {
	tb := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		NewServer(tb, filepath.Join(t.TempDir(), "missing"))
	}()
	<-done
	if !strings.Contains(tb.msg, "missing") {
		t.Errorf("Fatal message %q does not name the folder", tb.msg)
	}
}
