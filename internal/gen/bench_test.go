package gen

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// The benchmarks of generated code (BenchmarkDecode, BenchmarkWalk) need a
// package generated at run time, which this test binary cannot import: they
// generate crm of release 2026-05-11 and the facade into a scratch module
// once per test binary, build the module's test binaries
// (testdata/perf/bench), run each benchmark there for -test.benchtime and
// report its figures as their own. Every figure a sub-benchmark reports is
// the generated code's, measured in that process; the iteration count
// beside it is this binary's and means nothing. `make bench` runs them;
// compare the decoders with benchstat -col /decoder.

// perfRelease is the release the figures are measured on.
const perfRelease = "2026-05-11"

// perfRecords is how many customers the fake of BenchmarkWalk holds, and
// perfBatch how many an export batch carries.
const perfRecords, perfBatch = 50_000, 5000

// perfModule is the scratch module the benchmarks share.
type perfModule struct {
	// dir is the module's folder; crmTest and feedTest are its test binaries.
	dir, crmTest, feedTest string
	// api is the release for sttest, loaded once so that the records it
	// synthesizes stay cached from one benchmark to the next.
	api *sttest.API
}

// perf holds the benchmarks' module once built; TestMain removes it.
var perf struct {
	mu sync.Mutex // guards m
	m  *perfModule
}

func TestMain(m *testing.M) {
	code := m.Run()
	if perf.m != nil {
		os.RemoveAll(perf.m.dir)
	}
	os.Exit(code)
}

// sharedPerfModule returns the benchmarks' module, building it on first use.
func sharedPerfModule(b *testing.B) *perfModule {
	b.Helper()
	perf.mu.Lock()
	defer perf.mu.Unlock()
	if perf.m != nil {
		return perf.m
	}
	specs := testenv.Release(b, perfRelease)
	docs, err := spec.LoadDir(specs)
	if err != nil {
		b.Fatal(err)
	}
	api, err := sttest.Load(specs)
	if err != nil {
		b.Fatal(err)
	}
	g, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	tree := map[string][]byte{}
	for _, d := range docs {
		if d.Domain != "crm" {
			continue
		}
		p, err := generate(g, d, nil)
		if err != nil {
			b.Fatal(err)
		}
		facade, err := Facade(FacadeOptions{Module: "example.com/generated"}, []Domain{{Package: p.Name, Title: p.Title}})
		if err != nil {
			b.Fatal(err)
		}
		for name, src := range p.Files {
			tree["crm/"+name] = src
		}
		for name, src := range facade.Files {
			tree[facade.Name+"/"+name] = src
		}
	}
	for file, op := range map[string]string{"crm/testdata/page.json": "Customers_GetList", "crm/testdata/export.json": "ExportCustomers_GetCustomers"} {
		body, err := api.Sample(op, 5000)
		if err != nil {
			b.Fatal(err)
		}
		tree[file] = body
	}
	for file, tmpl := range map[string]string{"crm/decode_bench_test.go": "crm_decode_test.go.txt", "feed/feed_test.go": "feed_test.go.txt"} {
		src, err := os.ReadFile(filepath.Join("testdata", "perf", "bench", tmpl))
		if err != nil {
			b.Fatal(err)
		}
		tree[file] = src
	}
	dir, err := os.MkdirTemp("", "stgen-perf-")
	if err != nil {
		b.Fatal(err)
	}
	m := &perfModule{dir: dir, crmTest: filepath.Join(dir, "crm.test"), feedTest: filepath.Join(dir, "feed.test"), api: api}
	writeTree(b, dir, tree)
	testenv.ScratchModule(b, dir)
	testenv.Go(b, dir, "test", "-c", "-o", m.crmTest, "./crm")
	testenv.Go(b, dir, "test", "-c", "-o", m.feedTest, "./feed")
	perf.m = m
	return m
}

// relay runs the benchmarks of bin matching pattern (one benchmark) in dir
// for this binary's -test.benchtime and reports its figures as b's.
func relay(b *testing.B, bin, dir, pattern string, env ...string) {
	b.Helper()
	benchtime := "1s"
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() != "" {
		benchtime = f.Value.String()
	}
	cmd := exec.Command(bin, "-test.run=^$", "-test.bench="+pattern, "-test.benchtime="+benchtime, "-test.benchmem", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s %v: %v\n%s", bin, cmd.Args[1:], err, out)
	}
	var results [][]string
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.HasPrefix(f[0], "Benchmark") && len(f)%2 == 0 {
			if _, err := strconv.Atoi(f[1]); err == nil {
				results = append(results, f)
			}
		}
	}
	if len(results) != 1 {
		b.Fatalf("%s -test.bench=%s gave %d results; want 1:\n%s", bin, pattern, len(results), out)
	}
	ns := false
	for i := 2; i+1 < len(results[0]); i += 2 {
		v, err := strconv.ParseFloat(results[0][i], 64)
		if err != nil {
			b.Fatalf("%s: %q is not a figure: %v", results[0][0], results[0][i], err)
		}
		unit := results[0][i+1]
		ns = ns || unit == "ns/op"
		b.ReportMetric(v, unit)
	}
	if !ns {
		b.ReportMetric(0, "ns/op") // this binary's time is the other's plus a process
	}
}

// BenchmarkDecode decodes a page of 5,000 customers
// (crm.PaginatedResponseOfCustomerResponse, about 4 MB) and an export batch
// of 5,000 (crm.ExportResponseOfExportCustomerResponse), synthesized by
// sttest, with the generated decoders and with json.Unmarshal into the
// generated types (whose UnmarshalJSON runs the same decoders, after
// encoding/json has scanned the body): MB/s, B/op, allocs/op. Compare with
// benchstat -col /decoder.
func BenchmarkDecode(b *testing.B) {
	m := sharedPerfModule(b)
	for _, body := range []string{"page", "export"} {
		b.Run("body="+body, func(b *testing.B) {
			for _, dec := range []string{"stapi", "encoding-json"} {
				b.Run("decoder="+dec, func(b *testing.B) {
					relay(b, m.crmTest, filepath.Join(m.dir, "crm"), fmt.Sprintf("^BenchmarkDecode$/^body=%s$/^decoder=%s$", body, dec))
				})
			}
		})
	}
}

// BenchmarkWalk walks crm's export feed of customers end to end through
// the facade and authmw (rate limiter off) against sttest serving 50,000
// customers in batches of 5,000 (walk=export: records/s, bytes and client
// CPU per record), and 100 pages of 500 customers with the list iterator,
// sampling the heap after each page (walk=pages: the heap stays flat).
func BenchmarkWalk(b *testing.B) {
	m := sharedPerfModule(b)
	h := m.api.NewHandler(sttest.WithRecords(perfRecords), sttest.WithExportBatch(perfBatch), sttest.WithHistory(100))
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Close()
	env := "STGEN_PERF_URL=" + srv.URL
	b.Run("walk=export", func(b *testing.B) {
		relay(b, m.feedTest, m.dir, "^BenchmarkExportWalk$", env)
	})
	b.Run("walk=pages", func(b *testing.B) {
		relay(b, m.feedTest, m.dir, "^BenchmarkIterateMemory$", env)
	})
}
