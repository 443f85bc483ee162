package sttest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchRequests are the requests of the benchmark: a page, a record, an
// export and a create with a body, on the latest release.
func benchRequests(b *testing.B, s *Server, tok string) []func() *http.Request {
	a := s.API()
	var out []func() *http.Request
	for _, spec := range []struct{ method, template, query string }{
		{http.MethodGet, "/crm/v2/tenant/{tenant}/customers", "?page=2&pageSize=50&includeTotal=true"},
		{http.MethodGet, "/crm/v2/tenant/{tenant}/customers/{id}", ""},
		{http.MethodGet, "/crm/v2/tenant/{tenant}/export/customers", ""},
		{http.MethodPost, "/crm/v2/tenant/{tenant}/customers", ""},
	} {
		rt := findRoute(b, a, spec.method, spec.template)
		proto := validRequest(b, rt, s.Credentials(), tok)
		body, _ := io.ReadAll(proto.Body)
		target := s.URL + proto.URL.Path + spec.query
		if spec.query == "" && proto.URL.RawQuery != "" {
			target += "?" + proto.URL.RawQuery
		}
		hdr := proto.Header.Clone()
		out = append(out, func() *http.Request {
			r, _ := http.NewRequest(spec.method, target, strings.NewReader(string(body)))
			r.Header = hdr.Clone()
			return r
		})
	}
	return out
}

// BenchmarkServer measures the requests per second the fake sustains on
// loopback with request validation on, serially and in parallel.
func BenchmarkServer(b *testing.B) {
	a := latest(b)
	s := a.NewServer(b, WithHistory(1000))
	tok := token(b, s.Handler, s.Credentials())
	reqs := benchRequests(b, s, tok)
	client := s.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64

	send := func(b *testing.B, i int) {
		resp, err := client.Do(reqs[i%len(reqs)]())
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}

	b.Run("serial", func(b *testing.B) {
		i := 0
		for b.Loop() {
			send(b, i)
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				send(b, i)
				i++
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	for i, name := range []string{"page", "record", "export", "create"} {
		b.Run("serial-"+name, func(b *testing.B) {
			for b.Loop() {
				send(b, i)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// BenchmarkServeLoad loads the fake as `stgen serve` runs it (Serve on a
// loopback listener): each operation is one upload of a body just under the
// 32 MiB limit, sent from 16 connections at once, while 8 connections flood
// the token endpoint and 8 page through customers. Half the uploads are
// JSON the API rejects after decoding it, half go to an unknown path. It
// reports the peak heap in use and resident set (sampled every 20 ms, the
// loaded release included), the rates, and how often an upload was sent
// again because the flood had pushed its token out of the 100,000 the fake
// holds while it waited its turn. The peaks must stay flat however long it
// runs.
func BenchmarkServeLoad(b *testing.B) {
	a := latest(b)
	h := a.NewHandler()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			b.Error(err)
		}
	}()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	c := h.Credentials()
	// The flood below issues more than the 100,000 tokens the fake holds:
	// requests carry the newest token, as clients refreshing on 401 would.
	var tok atomic.Pointer[string]
	first := token(b, h, c)
	tok.Store(&first)

	const size = maxBody - 1<<10
	jsonBody := append(append([]byte(`{"name":"`), bytes.Repeat([]byte("n"), size-11)...), '"', '}')
	rawBody := jsonBody // the same bytes, sent as a file
	// send sends a request and returns its status, and its body when keep is set.
	send := func(method, url, contentType string, body []byte, keep bool) (int, []byte, error) {
		req, err := http.NewRequest(method, url, bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+*tok.Load())
		req.Header.Set("ST-App-Key", c.AppKey)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		if keep {
			reply, err := io.ReadAll(resp.Body)
			return resp.StatusCode, reply, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil, err
	}

	var peakHeap, peakRSS uint64
	var tokens, pages atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peakHeap = max(peakHeap, ms.HeapInuse)
			peakRSS = max(peakRSS, residentSet())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}.Encode()
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, reply, err := send(http.MethodPost, base+TokenPath, "application/x-www-form-urlencoded", []byte(form), true)
				var granted struct {
					AccessToken string `json:"access_token"`
				}
				if err == nil && code == http.StatusOK && json.Unmarshal(reply, &granted) == nil {
					tok.Store(&granted.AccessToken)
					tokens.Add(1)
				}
			}
		})
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if code, _, err := send(http.MethodGet, base+"/crm/v2/tenant/1/customers?page=1&pageSize=25", "", nil, false); err == nil && code == http.StatusOK {
					pages.Add(1)
				}
			}
		})
	}

	b.SetParallelism(8) // 16 uploading connections on 2 cores
	b.ResetTimer()
	var uploads, retries atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := uploads.Add(1)
			var code int
			var err error
			for attempt := range 2 {
				if n%2 == 0 {
					code, _, err = send(http.MethodPost, base+"/crm/v2/tenant/1/customers", "application/json", jsonBody, false)
				} else {
					code, _, err = send(http.MethodPut, base+"/sttest/nowhere", "application/octet-stream", rawBody, false)
				}
				if code != http.StatusUnauthorized || attempt > 0 {
					break
				}
				retries.Add(1) // the token was forgotten while the upload waited: send it again with the newest
			}
			if err != nil {
				b.Error(err)
				return
			}
			if code != http.StatusBadRequest && code != http.StatusNotFound {
				b.Errorf("upload: status %d; want 400 or 404", code)
				return
			}
		}
	})
	b.StopTimer()
	close(stop)
	wg.Wait()
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	if peakRSS > 0 {
		b.ReportMetric(float64(peakRSS)/(1<<20), "peak-rss-MiB")
	}
	b.ReportMetric(float64(tokens.Load())/secs, "tokens/s")
	b.ReportMetric(float64(pages.Load())/secs, "pages/s")
	b.ReportMetric(float64(b.N)*size/(1<<20)/secs, "upload-MiB/s")
	b.ReportMetric(float64(retries.Load())/float64(b.N), "retries/op")
}

// residentSet returns the process's resident set in bytes, or 0 where
// /proc/self/statm cannot tell it.
func residentSet() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(b))
	if len(fields) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
