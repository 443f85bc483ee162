package authmw

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkRoundTrip compares one GET through the full chain (retry, auth
// with a cached token, rate limiter) with the same GET through a bare
// http.Transport, both against a loopback httptest server. The two are sub-
// benchmarks of one benchmark so that -count interleaves them and drift of
// the machine falls on both alike. Compare with:
//
//	go test -run='^$' -bench=RoundTrip -benchmem -count=10 ./authmw | tee bench.txt
//	benchstat -col /transport bench.txt

// benchAPI starts an API server whose handler does the same for both transports.
func benchAPI(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":[]}`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchBase() *http.Transport {
	return &http.Transport{MaxIdleConnsPerHost: 64}
}

func BenchmarkRoundTrip(b *testing.B) {
	b.Run("transport=bare", benchBare)
	b.Run("transport=chain", benchChain)
}

func benchBare(b *testing.B) {
	api := benchAPI(b)
	// The same headers the chain sends, set once by hand: the baseline is a
	// client with a fixed token, so only the chain's own work is compared.
	h := http.Header{"Authorization": {"Bearer " + tokenPrefix + "1"}, "St-App-Key": {testAppKey}}
	benchRoundTrips(b, benchBase(), api.URL+"/crm/v2/tenant/1/customers", h)
}

func benchChain(b *testing.B) {
	api := benchAPI(b)
	ts := newTokenServer(b, 900)
	cfg := testConfig(ts, api.URL)
	cfg.RateLimit = 1e9 // keep the limiter in the chain without ever waiting
	cfg.RateBurst = 1000
	rt, err := NewTransport(cfg, benchBase())
	if err != nil {
		b.Fatal(err)
	}
	url := api.URL + "/crm/v2/tenant/1/customers"
	roundTrip(b, rt, mustRequest(b, "GET", url)) // cache the token
	benchRoundTrips(b, rt, url, nil)
	if got := ts.requests.Load(); got != 1 {
		b.Errorf("token requests = %d; want 1", got)
	}
}

// benchRoundTrips runs the serial and parallel sub-benchmarks of GET url with header h.
func benchRoundTrips(b *testing.B, rt http.RoundTripper, url string, h http.Header) {
	newReq := func(b *testing.B) *http.Request {
		req := mustRequest(b, "GET", url)
		for k, v := range h {
			req.Header[k] = v
		}
		return req
	}
	b.Run("mode=serial", func(b *testing.B) {
		b.ReportAllocs()
		req := newReq(b)
		for b.Loop() {
			roundTrip(b, rt, req)
		}
	})
	b.Run("mode=parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			req := newReq(b)
			for pb.Next() {
				roundTrip(b, rt, req)
			}
		})
	})
}

func roundTrip(b *testing.B, rt http.RoundTripper, req *http.Request) {
	resp, err := rt.RoundTrip(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status = %d; want 200", resp.StatusCode)
	}
}

// BenchmarkChainOverhead measures the chain's own cost, free of network
// noise: the chain over a base that answers at once without I/O; with
// operation limits (limits=report: the report-run limit the facade sets),
// a request of another operation passes their matcher too.
func BenchmarkChainOverhead(b *testing.B) {
	for _, limits := range []struct {
		name string
		ops  []OperationLimit
	}{{"none", nil}, {"report", []OperationLimit{ReportRunLimit("POST /reporting/v2/tenant/{tenant}/report-category/{category}/reports/{reportId}/data")}}} {
		b.Run("limits="+limits.name, func(b *testing.B) {
			ts := newTokenServer(b, 900)
			cfg := testConfig(ts, noAPI)
			cfg.RateLimit = 1e9
			cfg.RateBurst = 1000
			cfg.OperationLimits = limits.ops
			stub := roundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
			})
			rt, err := NewTransport(cfg, stub)
			if err != nil {
				b.Fatal(err)
			}
			// Token requests use the real loopback server, API requests the stub.
			api := rt.(*RetryTransport).Base
			if olt, ok := api.(*OperationLimitTransport); ok {
				api = olt.base
			}
			api.(*AuthTransport).Source.fetcher.base = http.DefaultTransport
			url := noAPI + "/crm/v2/tenant/1/customers"
			roundTrip(b, rt, mustRequest(b, "GET", url))
			benchRoundTrips(b, rt, url, nil)
		})
	}
}
