package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	neturl "net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// TestServe starts the fake on a free port with given credentials, reads
// its banner (printed once it listens) from its output, checks that it
// names the credentials, that its token endpoint takes them and that the
// API wants a token, then stops it by cancelling its context.
func TestServe(t *testing.T) {
	specs := testenv.Newest(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, log := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, specs, "127.0.0.1:0", log, sttest.WithCredentials("the-id", "the-secret", "the-key"))
		log.Close()
	}()

	// The banner is one write that ends with an empty line.
	var banner strings.Builder
	lines := bufio.NewScanner(out)
	for lines.Scan() && lines.Text() != "" {
		banner.WriteString(lines.Text() + "\n")
	}
	go io.Copy(io.Discard, out) // anything serve prints later
	url := regexp.MustCompile(`API URL: +(http://127\.0\.0\.1:\d+)`).FindStringSubmatch(banner.String())
	if url == nil {
		t.Fatalf("no API URL in the output %q; serve returned %v", banner.String(), <-done)
	}
	base := url[1]
	for _, want := range []string{"the-id", "the-secret", "the-key", base + "/connect/token"} {
		if !strings.Contains(banner.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, banner.String())
		}
	}
	tok, err := http.PostForm(base+"/connect/token", neturl.Values{
		"grant_type": {"client_credentials"}, "client_id": {"the-id"}, "client_secret": {"the-secret"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tok.Body.Close()
	if tok.StatusCode != http.StatusOK {
		t.Errorf("token request: status %d; want 200", tok.StatusCode)
	}
	resp, err := http.Get(base + "/crm/v2/tenant/1/customers")
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

// TestServeFlags parses every flag of serve and checks the fake they make:
// its banner, the records it holds, its seed and its faults.
func TestServeFlags(t *testing.T) {
	var stdout, stderr strings.Builder
	specs := testenv.Newest(t)
	cfg, code := parseServe([]string{
		"--specs", specs, "--addr", "127.0.0.1:0", "--records", "40", "--seed", "7",
		"--fault", "Customers_Get=503,count=1", "--fault", "GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s",
		"--latency", "1ms", "--rate-limit", "1000", "--report-limit", "2",
	}, &stdout, &stderr)
	if code >= 0 || stderr.Len() > 0 {
		t.Fatalf("parseServe: exit status %d, stderr %q", code, stderr.String())
	}
	if cfg.specs != specs || cfg.addr != "127.0.0.1:0" {
		t.Errorf("specs %q, addr %q", cfg.specs, cfg.addr)
	}
	a, err := sttest.Load(specs)
	if err != nil {
		t.Fatal(err)
	}
	srv := a.NewServer(t, cfg.opts...)
	banner := srv.Banner(srv.URL)
	for _, want := range []string{
		"40 per collection, ids 1 to 40 (seed 7)",
		"fault:         Customers_Get=503,count=1\n",
		"fault:         GET /crm/v2/tenant/{tenant}/customers=429,retry-after=2s\n",
		"fault:         *=1ms\n",
		"fault:         *=1000/s\n",
		"report limit:  2 runs of a report a minute per tenant",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}

	tok, err := http.PostForm(srv.TokenURL, neturl.Values{
		"grant_type": {"client_credentials"}, "client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	var grant struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(tok.Body).Decode(&grant)
	tok.Body.Close()
	get := func(path string) int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+grant.AccessToken)
		req.Header.Set("ST-App-Key", srv.AppKey)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/crm/v2/tenant/1/customers/40", http.StatusServiceUnavailable}, // the first Customers_Get
		{"/crm/v2/tenant/1/customers/40", http.StatusOK},
		{"/crm/v2/tenant/1/customers/41", http.StatusNotFound},
		{"/crm/v2/tenant/1/customers", http.StatusTooManyRequests},
	} {
		if got := get(tc.path); got != tc.want {
			t.Errorf("GET %s: %d; want %d", tc.path, got, tc.want)
		}
	}
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/reporting/v2/tenant/1/report-category/ops/reports/3/data", strings.NewReader(`{"parameters":[]}`))
		req.Header.Set("Authorization", "Bearer "+grant.AccessToken)
		req.Header.Set("ST-App-Key", srv.AppKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("report run %d with --report-limit 2: %d; want %d", i+1, resp.StatusCode, want)
		}
	}
}

func TestServeFlagMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--records", "-1"}, "stgen serve: --records -1 is negative"},
		{[]string{"--latency", "-5ms"}, "stgen serve: --latency -5ms is negative"},
		{[]string{"--rate-limit", "-2"}, "stgen serve: --rate-limit -2 is negative"},
		{[]string{"--report-limit", "-1"}, "stgen serve: --report-limit -1 is negative"},
		{[]string{"--records", "many"}, `invalid value "many" for flag -records`},
		{[]string{"--fault", "Customers_Get=200"}, `invalid value "Customers_Get=200" for flag -fault: sttest: fault "Customers_Get=200": "200": a status is from 400 to 599`},
		{[]string{"--fault", "Customers_Get"}, "no '='"},
		{[]string{"--seed", "-3"}, `invalid value "-3" for flag -seed`},
	} {
		code, stdout, stderr := run(t, append([]string{"serve", "--specs", "unused"}, tc.args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "Usage: stgen serve") {
			t.Errorf("serve %v: exit status %d, stderr %q; want 2 and %q with the usage", tc.args, code, stderr, tc.want)
		}
	}
}

// TestServeUsageExamples checks that the usage documents every flag and
// that each of its --fault examples parses.
func TestServeUsageExamples(t *testing.T) {
	code, stdout, _ := run(t, "help", "serve")
	if code != exitOK {
		t.Fatalf("help serve: exit status %d", code)
	}
	for _, flag := range []string{"-records int", "-seed uint", "-fault SPEC", "-latency duration", "-rate-limit N", "-report-limit N", "MATCH=EFFECT", "retry-in-title"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("help serve lacks %q", flag)
		}
	}
	examples := regexp.MustCompile(`--fault '([^']+)'`).FindAllStringSubmatch(serveUsage, -1)
	if len(examples) < 6 {
		t.Fatalf("%d --fault examples in the usage; want 6 or more", len(examples))
	}
	for _, m := range examples {
		if _, err := sttest.ParseFault(m[1]); err != nil {
			t.Errorf("usage example %q: %v", m[1], err)
		}
	}
	code, stdout, _ = run(t, "help")
	if code != exitOK || !strings.Contains(stdout, "[--records N] [--seed S] [--fault SPEC]... [--latency D] [--rate-limit N] [--report-limit N]") {
		t.Errorf("stgen help lacks the serve flags:\n%s", stdout)
	}
}
