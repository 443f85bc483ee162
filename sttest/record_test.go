package sttest

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
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

// TestHistoryBytesBounded posts bodies far beyond the default byte budget
// of the history: the bodies it keeps stay within 64 MiB, however many
// requests came, rejected ones included.
func TestHistoryBytesBounded(t *testing.T) {
	h := latest(t).NewHandler()
	tok := token(t, h, h.Credentials())
	big := bytes.Repeat([]byte("x"), 8<<20)
	for i := range 20 {
		big[0] = byte('a' + i)
		do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", string(big)))
	}
	reqs := h.Requests()
	var kept int
	for _, r := range reqs {
		kept += len(r.Body)
	}
	if kept > 64<<20 {
		t.Errorf("history keeps %d MiB of bodies after 20 POSTs of 8 MiB; want at most 64 MiB", kept>>20)
	}
	last := reqs[len(reqs)-1]
	if last.Status != http.StatusBadRequest || last.Body[0] != 'a'+19 {
		t.Errorf("last request recorded with status %d, body starting %q; want the last POST, 400", last.Status, last.Body[:1])
	}
	if last.BodySize != 8<<20 || len(last.Body) != 4<<20 {
		t.Errorf("8 MiB body recorded as %d bytes of %d; want its first 4 MiB of 8 MiB", len(last.Body), last.BodySize)
	}
	if len(reqs) != 15 {
		t.Errorf("%d requests kept; want 15 (16 bodies of 4 MiB and their headers exceed 64 MiB)", len(reqs))
	}
}

func TestHistoryBytesOption(t *testing.T) {
	h := latest(t).NewHandler(WithHistoryBytes(1600))
	tok := token(t, h, h.Credentials())
	body := strings.Repeat("y", 250)
	for range 10 {
		do(h, apiReq(h, tok, http.MethodPost, "/crm/v2/tenant/1/customers", body))
	}
	reqs := h.Requests()
	size := int64(0)
	for i := range reqs {
		r := &reqs[i]
		size += requestSize(r)
		if r.BodySize != 250 || string(r.Body) != body[:100] {
			t.Errorf("request %d: body %q of %d bytes; want its first 100 bytes (a sixteenth of 1600) of 250", i, r.Body, r.BodySize)
		}
	}
	if size > 1600 || len(reqs) < 2 {
		t.Errorf("%d requests of %d bytes kept; want at most 1600 bytes, more than one request", len(reqs), size)
	}

	unbounded := latest(t).NewHandler(WithHistoryBytes(0))
	big := strings.Repeat("z", 5<<20)
	do(unbounded, apiReq(unbounded, tok, http.MethodPost, "/crm/v2/tenant/1/customers", big))
	if r := unbounded.Requests()[0]; len(r.Body) != len(big) || r.BodySize != int64(len(big)) {
		t.Errorf("without a byte bound: %d bytes of %d kept; want the whole 5 MiB body", len(r.Body), r.BodySize)
	}
}
