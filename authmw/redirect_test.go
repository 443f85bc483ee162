package authmw

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// otherHost is an httptest server standing for another host (blob storage,
// or an attacker), recording what reaches it.
type otherHost struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD auth=... key=... body=..."
}

func newOtherHost(t *testing.T, tls bool) *otherHost {
	o := &otherHost{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		o.mu.Lock()
		o.requests = append(o.requests, r.Method+" auth="+r.Header.Get("Authorization")+" key="+r.Header.Get("ST-App-Key")+" body="+string(b))
		o.mu.Unlock()
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		io.WriteString(w, "from the other host")
	})
	if tls {
		o.Server = httptest.NewTLSServer(h)
	} else {
		o.Server = httptest.NewServer(h)
	}
	t.Cleanup(o.Close)
	return o
}

// seen returns what reached the other host.
func (o *otherHost) seen() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.requests...)
}

// checkNoCredentials fails t if a request that reached o carried credentials or a body.
func (o *otherHost) checkNoCredentials(t *testing.T) {
	t.Helper()
	for _, r := range o.seen() {
		if !strings.HasSuffix(r, " auth= key= body=") {
			t.Errorf("the other host got %q; want no Authorization, no ST-App-Key, no body", r)
		}
	}
}

// redirectingAPI starts an API server (checking the credentials of every
// request, as newAPIServer does) that answers /redirect?status=N&to=URL
// with that redirect, /loop with a redirect to itself, and anything else
// with "from the API" and the body it got.
func redirectingAPI(t *testing.T) *apiServer {
	return newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/loop" {
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		}
		if r.URL.Path == "/redirect" {
			status, _ := strconv.Atoi(r.URL.Query().Get("status"))
			http.Redirect(w, r, r.URL.Query().Get("to"), status)
			return
		}
		b, _ := io.ReadAll(r.Body)
		io.WriteString(w, "from the API "+string(b))
	})
}

func newTestClient(t *testing.T, cfg Config, base http.RoundTripper) *http.Client {
	t.Helper()
	hc, err := NewClient(cfg, base)
	if err != nil {
		t.Fatal(err)
	}
	return hc
}

func TestRedirectToAnotherHost(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, tt := range []struct {
			method, body string
			follow       bool
		}{
			{"GET", "", true},
			{"HEAD", "", true},
			// 301, 302 and 303 drop the body of the GET they send; 307 and 308 would resend it.
			{"GET", "the payload", status <= 303},
			{"POST", "the payload", false},
			{"PUT", "the payload", false},
			{"DELETE", "", false},
		} {
			t.Run(fmt.Sprintf("%s %d body %q", tt.method, status, tt.body), func(t *testing.T) {
				ts := newTokenServer(t, 900)
				api := redirectingAPI(t)
				other := newOtherHost(t, false)
				hc := newTestClient(t, testConfig(ts, api.URL), nil)
				target := api.URL + "/redirect?status=" + strconv.Itoa(status) + "&to=" + other.URL + "/file"
				var body io.Reader
				if tt.body != "" {
					body = strings.NewReader(tt.body)
				}
				req, _ := http.NewRequest(tt.method, target, body)
				resp, err := hc.Do(req)
				if tt.follow {
					if err != nil {
						t.Fatalf("%v; want the redirect followed", err)
					}
					resp.Body.Close()
					if got := len(other.seen()); got != 1 {
						t.Errorf("the other host got %d requests; want 1", got)
					}
				} else {
					if err == nil {
						resp.Body.Close()
						t.Fatalf("status %d; want an error: this request must not follow a redirect to another host", resp.StatusCode)
					}
					want := "authmw: " + tt.method + " /redirect: not following the " + strconv.Itoa(status) + " redirect to another host (" + other.Listener.Addr().String() + ")"
					if msg := err.Error(); !strings.Contains(msg, want) {
						t.Errorf("err = %q; want %q", msg, want)
					}
					if got := other.seen(); len(got) != 0 {
						t.Errorf("the other host got %q; want nothing", got)
					}
				}
				other.checkNoCredentials(t)
				wantRequests(t, ts, 1, api, 1)
			})
		}
	}
}

func TestRedirectChainBackToAPI(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := redirectingAPI(t)
	other := newOtherHost(t, false)
	hc := newTestClient(t, testConfig(ts, api.URL), nil)
	// API -> other host -> API: the API gets the credentials both times
	// (newAPIServer checks), the other host never.
	target := api.URL + "/redirect?status=307&to=" + other.URL + "/hop?to=" + api.URL + "/final"
	resp, err := hc.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(b), "from the API") {
		t.Errorf("body = %q; want the API's", b)
	}
	if got := len(other.seen()); got != 1 {
		t.Errorf("the other host got %d requests; want 1", got)
	}
	other.checkNoCredentials(t)
	wantRequests(t, ts, 1, api, 2)
}

func TestRedirectWithinAPI(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := redirectingAPI(t)
	hc := newTestClient(t, testConfig(ts, api.URL), nil)
	for _, status := range []string{"307", "308"} {
		resp, err := hc.Post(api.URL+"/redirect?status="+status+"&to=/moved", "text/plain", strings.NewReader("the payload"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got, want := string(b), "from the API the payload"; got != want {
			t.Errorf("%s: body = %q; want %q: a redirect within the API keeps method, body and credentials", status, got, want)
		}
	}
	wantRequests(t, ts, 1, api, 4)
}

func TestRedirectDowngrade(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, nil)
	api.Close()
	tlsAPI := newOtherHost(t, true) // an https API whose redirects lead to plain http
	plain := newOtherHost(t, false)
	cfg := testConfig(ts, tlsAPI.URL)
	hc := newTestClient(t, cfg, tlsAPI.Client().Transport)
	resp, err := hc.Get(tlsAPI.URL + "/file?to=" + plain.URL + "/file")
	if err == nil {
		resp.Body.Close()
		t.Fatal("followed a redirect from https to http")
	}
	if !strings.Contains(err.Error(), "not following the 302 redirect from https to http://") {
		t.Errorf("err = %q; want it to say it would not leave TLS", err)
	}
	if got := plain.seen(); len(got) != 0 {
		t.Errorf("the plain http host got %q; want nothing", got)
	}
	if got := tlsAPI.seen(); len(got) != 1 || !strings.Contains(got[0], "auth=Bearer ") {
		t.Errorf("the https API got %q; want one request with the credentials", got)
	}
}

func TestRedirectLimit(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := redirectingAPI(t)
	hc := newTestClient(t, testConfig(ts, api.URL), nil)
	_, err := hc.Get(api.URL + "/loop")
	if err == nil || !strings.Contains(err.Error(), "authmw: GET /loop: stopped after 10 redirects") {
		t.Errorf("err = %v; want it to stop after 10 redirects", err)
	}
	wantRequests(t, ts, 1, api, 10)
}
