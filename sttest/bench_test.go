package sttest

import (
	"io"
	"net/http"
	"strings"
	"testing"
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
