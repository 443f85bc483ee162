package sttest

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
)

func TestRequestsRecorded(t *testing.T) {
	clock := newClock()
	h := latest(t).NewHandler(WithClock(clock.Now))
	tok := token(t, h, h.Credentials())
	do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/7/customers?x=1", `{"name":"Ann","locations":[],"address":{}}`))
	do(h, apiReq(h, tok, http.MethodGet, "/crm/v2/tenant/7/customers/abc", ""))
	do(h, apiReq(h, tok, http.MethodGet, "/nowhere", ""))

	reqs := h.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests recorded, want 4", len(reqs))
	}
	tr := reqs[0]
	if tr.Route != TokenPath || tr.Status != 200 || tr.Method != http.MethodPost {
		t.Errorf("token request recorded as %+v", tr)
	}
	post := reqs[1]
	if post.Method != "POST" || post.Path != "/crm/v2/tenant/7/customers" || post.Query.Get("x") != "1" ||
		post.OperationID != "Customers_Create" || post.Route != "/crm/v2/tenant/{tenant}/customers" ||
		string(post.Body) != `{"name":"Ann","locations":[],"address":{}}` || post.Header.Get("ST-App-Key") != h.Credentials().AppKey ||
		!post.Time.Equal(clock.Now()) {
		t.Errorf("POST recorded as %+v", post)
	}
	if post.Status != 400 {
		t.Errorf("POST status %d, want 400 (address misses required fields)", post.Status)
	}
	if reqs[2].Status != 400 || reqs[2].OperationID != "Customers_Get" {
		t.Errorf("invalid GET recorded as %+v", reqs[2])
	}
	if reqs[3].Status != 404 || reqs[3].Route != "" || reqs[3].OperationID != "" {
		t.Errorf("unknown path recorded as %+v", reqs[3])
	}

	// Copies: changing them changes nothing.
	reqs[1].Header.Set("ST-App-Key", "changed")
	reqs[1].Body[0] = 'X'
	reqs[1].Query.Set("x", "2")
	again := h.Requests()[1]
	if again.Header.Get("ST-App-Key") == "changed" || again.Body[0] == 'X' || again.Query.Get("x") != "1" {
		t.Error("Requests returned shared data")
	}

	h.ResetRequests()
	if n := len(h.Requests()); n != 0 {
		t.Errorf("%d requests after reset", n)
	}
}

func TestRequestHistoryLimit(t *testing.T) {
	h := latest(t).NewHandler(WithHistory(3))
	for i := range 10 {
		do(h, apiGet("", url.QueryEscape(string(rune('a'+i)))))
	}
	reqs := h.Requests()
	if len(reqs) != 3 || reqs[2].Header.Get("ST-App-Key") != "j" || reqs[0].Header.Get("ST-App-Key") != "h" {
		t.Errorf("kept %d requests, last %q", len(reqs), reqs[len(reqs)-1].Header.Get("ST-App-Key"))
	}
	unlimited := latest(t).NewHandler(WithHistory(0))
	for range 30 {
		do(unlimited, apiGet("", ""))
	}
	if n := len(unlimited.Requests()); n != 30 {
		t.Errorf("unlimited history kept %d of 30", n)
	}
}

func TestRequestsConcurrent(t *testing.T) {
	h := latest(t).NewHandler()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				do(h, apiGet("", ""))
				h.Requests()
			}
		})
	}
	wg.Wait()
	if n := len(h.Requests()); n != 200 {
		t.Errorf("%d requests recorded, want 200", n)
	}
}
