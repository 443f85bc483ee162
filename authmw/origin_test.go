package authmw

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOriginMatches(t *testing.T) {
	tests := []struct {
		base, url string
		want      bool
	}{
		{"https://api.servicetitan.io", "https://api.servicetitan.io/crm/v2/x", true},
		{"https://api.servicetitan.io", "HTTPS://API.ServiceTitan.io:443/crm", true},
		{"https://api.servicetitan.io:443/st", "https://api.servicetitan.io/other/path?q=1", true},
		{"https://api.servicetitan.io", "http://api.servicetitan.io/crm", false},
		{"https://api.servicetitan.io", "https://api.servicetitan.io:8443/crm", false},
		{"https://api.servicetitan.io", "https://api.servicetitan.io.evil.example/crm", false},
		{"https://api.servicetitan.io", "https://evil.example/api.servicetitan.io", false},
		{"https://api.servicetitan.io", "https://api.servicetitan.io@evil.example/", false},
		{"https://api.servicetitan.io", "https://blob.core.windows.net/file", false},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/x", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8081/x", false},
		{"http://127.0.0.1:8080", "http://localhost:8080/x", false},
		{"http://[::1]:9", "http://[::1]:9/x", true},
		{"http://localhost", "http://localhost:80/x", true},
	}
	for _, tt := range tests {
		o, err := parseOrigin(tt.base)
		if err != nil {
			t.Fatalf("parseOrigin(%q): %v", tt.base, err)
		}
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.matches(u); got != tt.want {
			t.Errorf("origin of %q matches %q = %v; want %v", tt.base, tt.url, got, tt.want)
		}
	}
	o, _ := parseOrigin("https://api.servicetitan.io")
	u, _ := url.Parse("https://api.servicetitan.io/crm/v2/tenant/1/customers")
	if n := testing.AllocsPerRun(100, func() { o.matches(u) }); n != 0 {
		t.Errorf("matches allocates %v times; want 0", n)
	}
	if got, want := o.String(), "https://api.servicetitan.io:443"; got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
}

func TestParseOriginRefuses(t *testing.T) {
	for raw, want := range map[string]error{
		"http://api.servicetitan.io":  errCleartext,
		"http://10.1.2.3":             errCleartext,
		"http://0.0.0.0:80":           errCleartext,
		"http://[::ffff:10.0.0.1]":    errCleartext,
		"ftp://api.servicetitan.io":   errNotHTTPURL,
		"api.servicetitan.io":         errNotHTTPURL,
		"https://":                    errNotHTTPURL,
		"":                            errNotHTTPURL,
		"http://127.0.0.1":            nil,
		"http://127.255.0.1":          nil,
		"http://[::1]":                nil,
		"http://[::ffff:127.0.0.1]":   nil,
		"http://LocalHost:1":          nil,
		"https://api.servicetitan.io": nil,
	} {
		if _, err := parseOrigin(raw); err != want {
			t.Errorf("parseOrigin(%q) = %v; want %v", raw, err, want)
		}
	}
}

// recordingBase is an API stand-in that records the headers of the requests it gets.
type recordingBase struct {
	headers []http.Header
}

func (b *recordingBase) RoundTrip(r *http.Request) (*http.Response, error) {
	b.headers = append(b.headers, r.Header.Clone())
	closeRequestBody(r)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

func TestAuthTransportOtherOrigin(t *testing.T) {
	ts := newTokenServer(t, 900)
	base := &recordingBase{}
	rt := &AuthTransport{Source: newTestTokenSource(t, testConfig(ts, noAPI), nil), AppKey: testAppKey, APIBaseURL: noAPI, Base: base}
	for _, u := range []string{"https://blob.example/file", "http://api.invalid/x", "https://api.invalid:8443/x", "https://api.invalid.evil.example/x"} {
		resp, err := rt.RoundTrip(mustRequest(t, "GET", u))
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
	}
	for i, h := range base.headers {
		if h.Get("Authorization") != "" || h.Get("ST-App-Key") != "" {
			t.Errorf("request %d to another origin carried credentials: %v", i, h)
		}
	}
	if got := ts.requests.Load(); got != 0 {
		t.Errorf("token requests = %d; want 0: no request was for the API", got)
	}
	resp, err := rt.RoundTrip(mustRequest(t, "GET", noAPI+"/crm"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := base.headers[len(base.headers)-1]; h.Get("Authorization") == "" || h.Get("ST-App-Key") != testAppKey {
		t.Errorf("request to the API origin: headers %v; want the credentials", h)
	}
}

func TestAuthTransportRefusesCleartext(t *testing.T) {
	ts := newTokenServer(t, 900)
	for _, tt := range []struct{ base, want string }{
		{"http://api.example.com", "cleartext"},
		{"", "APIBaseURL is empty"},
		{"api.example.com", "not an absolute https URL"},
	} {
		base := &recordingBase{}
		rt := &AuthTransport{Source: newTestTokenSource(t, testConfig(ts, noAPI), nil), AppKey: testAppKey, APIBaseURL: tt.base, Base: base}
		body := &trackedBody{Reader: strings.NewReader("x")}
		req, _ := http.NewRequest("POST", "http://api.example.com/crm", body)
		_, err := rt.RoundTrip(req)
		if err == nil || !strings.HasPrefix(err.Error(), "authmw: AuthTransport.APIBaseURL ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("APIBaseURL %q: err = %v; want one saying %q", tt.base, err, tt.want)
		}
		if len(base.headers) != 0 || !body.closed.Load() {
			t.Errorf("APIBaseURL %q: %d requests sent, body closed %v; want none sent and the body closed", tt.base, len(base.headers), body.closed.Load())
		}
	}
	if got := ts.requests.Load(); got != 0 {
		t.Errorf("token requests = %d; want 0", got)
	}
}
