package authmw

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// errorResponse returns a response with status, header h and body.
func errorResponse(status int, h http.Header, body io.ReadCloser) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: h, Body: body, ContentLength: -1}
}

func gzipped(t *testing.T, s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// failingBody returns data, then err.
type failingBody struct {
	r   io.Reader
	err error
}

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		err = b.err
	}
	return n, err
}

func (b *failingBody) Close() error { return nil }

func TestRedactErrorBody(t *testing.T) {
	rd := newRedactor(testSecret)
	errStall := errors.New("stalled")
	long := strings.Repeat("x", maxErrorBody-5) + testSecret + strings.Repeat("y", 100)
	tests := []struct {
		name     string
		header   http.Header
		body     io.ReadCloser
		want     string
		wantErr  error
		wantLen  string // Content-Length header after, "" for none
		encoding string // Content-Encoding after
	}{
		{"plain", http.Header{"Content-Length": {strconv.Itoa(len(testSecret) + 4)}}, io.NopCloser(strings.NewReader("bad " + testSecret)),
			"bad [REDACTED]", nil, "14", ""},
		{"longer than 1 MiB, secret across the cut", nil, io.NopCloser(strings.NewReader(long)),
			strings.Repeat("x", maxErrorBody-5) + redacted[:5], nil, "", ""},
		{"gzip", http.Header{"Content-Encoding": {"gzip"}}, io.NopCloser(bytes.NewReader(gzipped(t, `{"title":"`+testSecret+`"}`))),
			`{"title":"[REDACTED]"}`, nil, "", ""},
		{"brotli cannot be searched: dropped", http.Header{"Content-Encoding": {"br"}}, io.NopCloser(strings.NewReader("\x1b\x03" + testSecret)),
			"", nil, "", ""},
		{"read error after the secret", nil, &failingBody{strings.NewReader("bad " + testSecret[:4]), errStall},
			"bad [REDACTED]", errStall, "", ""},
		{"no body", nil, http.NoBody, "", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := errorResponse(http.StatusBadRequest, tt.header, tt.body)
			redactErrorBody(resp, rd)
			got, err := io.ReadAll(resp.Body)
			if string(got) != tt.want {
				t.Errorf("body = %.60q... (%d bytes); want %.60q... (%d bytes)", got, len(got), tt.want, len(tt.want))
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("reading the body: err = %v; want %v", err, tt.wantErr)
			}
			if resp.Body != http.NoBody && resp.ContentLength != int64(len(tt.want)) {
				t.Errorf("ContentLength = %d; want %d", resp.ContentLength, len(tt.want))
			}
			if got := resp.Header.Get("Content-Length"); got != tt.wantLen {
				t.Errorf("Content-Length = %q; want %q", got, tt.wantLen)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q; want %q", got, tt.encoding)
			}
		})
	}
}

func TestAuthTransportRedactsOnlyErrors(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/error" {
			w.WriteHeader(http.StatusNotFound)
		}
		io.WriteString(w, "key "+r.Header.Get("ST-App-Key")+" token "+r.Header.Get("Authorization"))
	})
	rt := newTestAuthTransport(t, ts, api.URL)
	if status, body := get(t, rt, api.URL+"/error"); status != 404 || body != "key [REDACTED] token Bearer [REDACTED]" {
		t.Errorf("404: body %q; want the app key and token redacted", body)
	}
	// A 2xx body is the caller's data: authmw leaves it alone.
	if _, body := get(t, rt, api.URL+"/ok"); !strings.Contains(body, testAppKey) {
		t.Errorf("200: body %q; want it as sent", body)
	}
}

// TestAPIErrorFieldsHaveNoSecrets decodes a redacted error body the way
// package stapi fills its *Error (ServiceTitan's ApiErrorResponse), after a
// server echoed the credentials into its fields, JSON-escaped.
func TestAPIErrorFieldsHaveNoSecrets(t *testing.T) {
	ts := newTokenServer(t, 900)
	api := newAPIServer(t, func(n int64, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		key, auth := r.Header.Get("ST-App-Key"), r.Header.Get("Authorization")
		title, _ := json.Marshal("app key " + key + " is not allowed")
		fmt.Fprintf(w, `{"title":%s,"traceId":"%s","status":400,"errors":{"auth":["%s"]}}`,
			title, strings.ReplaceAll(auth, "/", `\/`), jsonEscapeEach(auth, func(i int) bool { return i%2 == 1 }, "%04X"))
	})
	rt, err := NewTransport(testConfig(ts, api.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	status, body := get(t, rt, api.URL+"/crm/v2/tenant/1/customers")
	var apiErr struct {
		Title   string              `json:"title"`
		TraceID string              `json:"traceId"`
		Errors  map[string][]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &apiErr); err != nil {
		t.Fatalf("the redacted %d body is no longer JSON: %v\n%s", status, err, body)
	}
	if apiErr.Title != "app key [REDACTED] is not allowed" || apiErr.TraceID != "Bearer [REDACTED]" || fmt.Sprint(apiErr.Errors) != "map[auth:[Bearer [REDACTED]]]" {
		t.Errorf("Title %q, TraceID %q, Errors %v; want the app key and the token redacted", apiErr.Title, apiErr.TraceID, apiErr.Errors)
	}
	if found := leaks(body); len(found) > 0 {
		t.Errorf("the body holds %v:\n%s", found, body)
	}
}
