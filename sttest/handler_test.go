package sttest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestUnknownPathAndMethod(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	w := do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/1/no-such-thing", ""))
	wantError(t, apiErrors(t, w, http.StatusNotFound), "path", "no operation")

	w = do(h, apiReq(h, tok, http.MethodPut, "/dispatch/v2/tenant/1/zones/3", ""))
	wantError(t, apiErrors(t, w, http.StatusMethodNotAllowed), "method", "PUT")
	if got := w.Header().Get("Allow"); got != "DELETE, GET, PATCH" {
		t.Errorf("Allow %q", got)
	}
}

func TestHandlerCredentials(t *testing.T) {
	a := latest(t)
	if c := a.NewHandler().Credentials(); c != (Credentials{DefaultClientID, DefaultClientSecret, DefaultAppKey}) {
		t.Errorf("defaults %+v", c)
	}
	h := a.NewHandler(WithCredentials("cid", "", "key"))
	if c := h.Credentials(); c != (Credentials{"cid", DefaultClientSecret, "key"}) {
		t.Errorf("WithCredentials %+v", c)
	}
	if h.API() != a {
		t.Error("API")
	}
}

func TestBanner(t *testing.T) {
	h := latest(t).NewHandler(WithCredentials("cid", "csecret", "ckey"), WithRecords(40), WithSeed(7),
		WithFault(Fault{OperationID: "Customers_Get", Status: 503, Count: 2}), WithLatency(50*time.Millisecond))
	b := h.Banner("http://127.0.0.1:9999/")
	for _, want := range []string{"http://127.0.0.1:9999/connect/token", "cid", "csecret", "ckey", "ST-App-Key", "operations", "http://127.0.0.1:9999 ",
		"40 per collection, ids 1 to 40 (seed 7)", "fault:         Customers_Get=503,count=2\n", "fault:         *=50ms\n",
		"report limit:  5 runs of a report a minute per tenant, then 429\n"} {
		if !strings.Contains(b, want) {
			t.Errorf("banner lacks %q:\n%s", want, b)
		}
	}
	if b := latest(t).NewHandler(WithReportLimit(0)).Banner("http://127.0.0.1:9999"); strings.Contains(b, "report limit") {
		t.Errorf("banner of a handler without a report limit names one:\n%s", b)
	}
}

func TestServeHTTPWithoutNetwork(t *testing.T) {
	h := latest(t).NewHandler()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/crm/v2/tenant/1/customers")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d", resp.StatusCode)
	}
}
