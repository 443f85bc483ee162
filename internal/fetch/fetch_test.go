package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// date names the release folder in every test.
const date = "2026-05-11"

// small is a few small documents of the newest release, for the tests that
// need no more.
var small = []string{"jbce-v2.json", "marketing-reputation-v2.json", "customer-interactions-v2.json"}

// TestReleaseNewest fetches the whole newest release: every document byte
// for byte, a manifest agreeing with the loader, each document requested
// once, and a folder the loader takes as a release.
func TestReleaseNewest(t *testing.T) {
	p := newPortal(t, testenv.Newest(t))
	out := filepath.Join(t.TempDir(), "releases")
	var log testenv.SyncBuffer
	m, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, date)

	tree := testenv.Tree(t, out)
	want := map[string]bool{".": true, date: true, filepath.Join(date, ManifestName): true}
	for _, id := range p.ids {
		want[filepath.Join(date, id+".json")] = true
	}
	if got := slices.Sorted(maps.Keys(tree)); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
		t.Errorf("--out holds %q; want %q", got, slices.Sorted(maps.Keys(want)))
	}
	for _, id := range p.ids {
		if got := tree[filepath.Join(date, id+".json")]; got != string(p.docs[id]) {
			t.Errorf("%s.json: %d bytes differ from the %d served", id, len(got), len(p.docs[id]))
		}
		if h := p.hitsOf(docPath(id)); h != 1 {
			t.Errorf("%s requested %d times; want 1", id, h)
		}
	}

	if m.Release != date || m.Source != p.srv.URL || m.StgenVersion == "" || m.FetchedAt.IsZero() || m.FetchedAt.Location() != time.UTC {
		t.Errorf("manifest header = %q, %q, %q, %v; want %q, %q, a version, a UTC time", m.Release, m.Source, m.StgenVersion, m.FetchedAt, date, p.srv.URL)
	}
	// The reference: the loader on the fetched folder, whose files are
	// those served, as checked above.
	docs, err := spec.LoadDir(dir)
	if err != nil {
		t.Fatalf("the fetched release does not load: %v", err)
	}
	if len(docs) != len(p.ids) {
		t.Errorf("LoadDir found %d documents; want %d (the manifest is no document)", len(docs), len(p.ids))
	}
	loaded := map[string]*spec.Document{}
	for _, d := range docs {
		loaded[filepath.Base(d.File)] = d
	}
	if len(m.Documents) != len(p.ids) {
		t.Fatalf("manifest lists %d documents; want %d", len(m.Documents), len(p.ids))
	}
	ops := 0
	for i, e := range m.Documents {
		id := p.ids[i] // sorted
		doc, ref := p.docs[id], loaded[id+".json"]
		if ref == nil {
			t.Fatalf("LoadDir did not load %s.json", id)
		}
		sum := sha256.Sum256(doc)
		want := Entry{
			ID: id, DisplayName: p.names[id], Beta: id == p.beta, File: id + ".json",
			Bytes: int64(len(doc)), SHA256: hex.EncodeToString(sum[:]),
			OpenAPI: ref.OpenAPI.OpenAPI, Domain: ref.Domain, BasePath: ref.BasePath, Operations: ref.Operations(),
		}
		if e != want {
			t.Errorf("manifest entry %d =\n%+v; want\n%+v", i, e, want)
		}
		ops += e.Operations
	}
	if ops == 0 {
		t.Error("the manifest counts no operations")
	}

	read, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	onDisk := tree[filepath.Join(date, ManifestName)]
	again, _ := json.MarshalIndent(read, "", "  ")
	if string(again)+"\n" != onDisk {
		t.Errorf("manifest.json does not round-trip through ReadManifest:\n%s\nwant\n%s", again, onDisk)
	}
	if !strings.HasPrefix(onDisk, "{\n  \"release\": \""+date+"\",\n") {
		t.Errorf("manifest.json starts %q; want indented JSON starting with the release", onDisk[:min(60, len(onDisk))])
	}

	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != len(p.ids)+1 {
		t.Errorf("log has %d lines; want one per document and a summary:\n%s", len(lines), log.String())
	}
	summary := fmt.Sprintf("fetched %d documents (", len(p.ids))
	if !strings.HasPrefix(lines[len(lines)-1], summary) || !strings.Contains(lines[len(lines)-1], fmt.Sprintf("%d operations", ops)) {
		t.Errorf("summary = %q; want it to start %q and count %d operations", lines[len(lines)-1], summary, ops)
	}
	for _, id := range p.ids {
		if !strings.Contains(log.String(), id+" ") {
			t.Errorf("log has no line for %s", id)
		}
	}
}

// TestReleaseYAML names a YAML document by its content.
func TestReleaseYAML(t *testing.T) {
	oldest := testenv.Releases(t)[0]
	p := newPortal(t, oldest, "tenant-forms-v2.yml", "tenant-jbce-v2.yml")
	out := t.TempDir()
	m, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Documents {
		if e.File != e.ID+".yaml" {
			t.Errorf("%s written as %s; want %s.yaml", e.ID, e.File, e.ID)
		}
		b, err := os.ReadFile(filepath.Join(out, date, e.File))
		if err != nil || !bytes.Equal(b, p.docs[e.ID]) {
			t.Errorf("%s differs from the document served (%v)", e.File, err)
		}
	}
}

// TestReleaseIDs fetches only the APIs asked for.
func TestReleaseIDs(t *testing.T) {
	p := newPortal(t, testenv.Newest(t), small...)
	out := t.TempDir()
	ids := []string{"tenant-marketing-reputation-v2", "tenant-jbce-v2", "tenant-jbce-v2"}
	m, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date, IDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range m.Documents {
		got = append(got, e.ID)
	}
	if want := []string{"tenant-jbce-v2", "tenant-marketing-reputation-v2"}; !slices.Equal(got, want) {
		t.Errorf("fetched %q; want %q", got, want)
	}
	if h := p.hitsOf(docPath("tenant-customer-interactions-v2")); h != 0 {
		t.Errorf("an API not asked for was requested %d times", h)
	}
}

// TestReleaseFailures checks that each failure is a clear error and leaves
// the tree around --out as it was: no release folder, no staging folder,
// no --out folder that was not there.
func TestReleaseFailures(t *testing.T) {
	const jbce = "tenant-jbce-v2"
	status := func(code int) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
			http.Error(w, http.StatusText(code), code)
			return true
		}
	}
	body := func(s string) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
			w.Write([]byte(s))
			return true
		}
	}
	stall := func(w http.ResponseWriter, r *http.Request, _ int) bool {
		<-r.Context().Done()
		return true
	}
	tests := []struct {
		name     string
		faults   map[string]func(w http.ResponseWriter, r *http.Request, hit int) bool
		cfg      func(*Config)
		fresh    bool           // --out does not exist before
		contains []string       // want in the error; "{url}" stands for the server's URL
		hits     map[string]int // want requests by path
	}{
		{
			name:     "catalog 500",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: status(500)},
			contains: []string{"catalog: GET {url}/api/docs/apis: status 500 Internal Server Error (gave up after 4 attempts)"},
			hits:     map[string]int{catalogPath: 4},
		},
		{
			name:     "catalog 500, out not there yet",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: status(500)},
			fresh:    true,
			contains: []string{"status 500"},
		},
		{
			name:     "catalog not JSON",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: body("<html>portal</html>")},
			contains: []string{"catalog {url}/api/docs/apis: not the portal's catalog", "invalid character '<'", "is the base URL the developer portal?"},
			hits:     map[string]int{catalogPath: 1},
		},
		{
			name:     "catalog of another shape",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: body(`{"apis": []}`)},
			contains: []string{"not the portal's catalog", "cannot unmarshal object"},
		},
		{
			name:     "empty catalog",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: body(`[{"displayName": "CRM", "apis": []}]`)},
			contains: []string{"the catalog lists no APIs"},
		},
		{
			name:     "id climbing out of the folder",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{catalogPath: body(`[{"displayName": "X", "apis": [{"id": "ok"}, {"id": "../evil"}]}]`)},
			contains: []string{`catalog id "../evil" (group "X") is not a plain file name`},
			hits:     map[string]int{catalogPath: 1},
		},
		{
			name:     "unknown id",
			cfg:      func(c *Config) { c.IDs = []string{"tenant-crm-v9", jbce, "nope"} },
			contains: []string{`the catalog has no API "tenant-crm-v9", "nope"; it lists tenant-customer-interactions-v2, tenant-jbce-v2, tenant-marketing-reputation-v2`},
		},
		{
			name:     "document 404",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): status(404)},
			contains: []string{"tenant-jbce-v2: GET {url}/api/docs/apis/tenant-jbce-v2: status 404 Not Found"},
			hits:     map[string]int{docPath(jbce): 1},
		},
		{
			name: "two documents 404",
			faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{
				docPath(jbce): status(404), docPath("tenant-marketing-reputation-v2"): status(403),
			},
			contains: []string{"tenant-jbce-v2: GET {url}/api/docs/apis/tenant-jbce-v2: status 404 Not Found\ntenant-marketing-reputation-v2: GET {url}/api/docs/apis/tenant-marketing-reputation-v2: status 403 Forbidden"},
		},
		{
			name: "document cut short",
			faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): func(w http.ResponseWriter, _ *http.Request, _ int) bool {
				w.Header().Set("Content-Length", "14068")
				w.Write([]byte(`{"openapi": "3.1.0",`))
				return true
			}},
			contains: []string{"tenant-jbce-v2: GET {url}/api/docs/apis/tenant-jbce-v2: reading the response after 20 bytes: unexpected EOF (gave up after 4 attempts)"},
			hits:     map[string]int{docPath(jbce): 4},
		},
		{
			name:     "truncated document",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): body("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {")},
			contains: []string{"tenant-jbce-v2: {url}/api/docs/apis/tenant-jbce-v2 is not a usable OpenAPI document: tenant-jbce-v2.json:3:12: malformed JSON: unexpected end of JSON input"},
			hits:     map[string]int{docPath(jbce): 1},
		},
		{
			name:     "not an OpenAPI document",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): body(`{"hello": "world"}`)},
			contains: []string{"tenant-jbce-v2: {url}/api/docs/apis/tenant-jbce-v2 is not a usable OpenAPI document: tenant-jbce-v2.json:#/openapi: no \"openapi\" field"},
		},
		{
			name:     "YAML that is not a usable OpenAPI document",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): body("swagger: '2.0'\ninfo: {title: x}\npaths: {}\n")},
			contains: []string{"tenant-jbce-v2.yaml:#/basePath: no basePath"},
		},
		{
			name:     "slow server",
			faults:   map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): stall},
			cfg:      func(c *Config) { c.Timeout = 50 * time.Millisecond },
			contains: []string{"tenant-jbce-v2: GET {url}/api/docs/apis/tenant-jbce-v2: no complete response within 50ms", "(gave up after 4 attempts)"},
			hits:     map[string]int{docPath(jbce): 4},
		},
		{
			name: "slow body",
			faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): func(w http.ResponseWriter, r *http.Request, _ int) bool {
				w.Write([]byte(`{"openapi": "3.1.0",`))
				w.(http.Flusher).Flush()
				<-r.Context().Done()
				return true
			}},
			cfg:      func(c *Config) { c.Timeout = 50 * time.Millisecond },
			contains: []string{"no complete response within 50ms", "(gave up after 4 attempts)"},
		},
		{
			name:     "document over the size limit",
			cfg:      func(c *Config) { c.MaxBytes = 20000 },
			contains: []string{"tenant-customer-interactions-v2: GET {url}/api/docs/apis/tenant-customer-interactions-v2: the response is 31097 bytes, over the limit of 20000"},
		},
		{
			name: "document over the size limit, no length given",
			faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): func(w http.ResponseWriter, _ *http.Request, _ int) bool {
				for range 30 {
					w.Write(bytes.Repeat([]byte(" "), 1000))
					w.(http.Flusher).Flush()
				}
				return true
			}},
			cfg:      func(c *Config) { c.MaxBytes = 25000; c.IDs = []string{jbce} },
			contains: []string{"the response is over the limit of 25000 bytes"},
			hits:     map[string]int{docPath(jbce): 1},
		},
		{
			name: "redirect to plain http elsewhere",
			faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{docPath(jbce): func(w http.ResponseWriter, r *http.Request, _ int) bool {
				http.Redirect(w, r, "http://example.invalid/api/docs/apis/tenant-jbce-v2", http.StatusFound)
				return true
			}},
			contains: []string{"redirect refused to http://example.invalid/api/docs/apis/tenant-jbce-v2: plain http is accepted only to a loopback host"},
			hits:     map[string]int{docPath(jbce): 1},
		},
		{
			name:     "release folder exists",
			cfg:      func(c *Config) { mkdir(t, filepath.Join(c.Out, date)) },
			contains: []string{filepath.Join("releases", date) + " already exists: pass --force"},
			hits:     map[string]int{catalogPath: 0},
		},
		{
			name:     "out is a file",
			fresh:    true,
			cfg:      func(c *Config) { writeFile(t, c.Out, "not a folder") },
			contains: []string{"output folder", "releases cannot be created"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t, testenv.Newest(t), small...)
			for path, f := range tt.faults {
				p.fault(path, f)
			}
			root := t.TempDir()
			out := filepath.Join(root, "releases")
			if !tt.fresh {
				writeFile(t, filepath.Join(out, "2026-03-17", "tenant-crm-v2.json"), `{"openapi": "3.0.1"}`)
			}
			cfg := Config{Out: out, BaseURL: p.srv.URL, Date: date, RetryBaseDelay: time.Millisecond}
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			before := testenv.Tree(t, root)

			_, err := Release(context.Background(), cfg)
			if err == nil {
				t.Fatal("Release succeeded; want an error")
			}
			for _, s := range tt.contains {
				if s = strings.ReplaceAll(s, "{url}", p.srv.URL); !strings.Contains(err.Error(), s) {
					t.Errorf("error =\n%v\nwant it to contain\n%s", err, s)
				}
			}
			if d := diffTrees(before, testenv.Tree(t, root)); d != "" {
				t.Errorf("a failed Release changed the tree:%s", d)
			}
			for path, want := range tt.hits {
				if got := p.hitsOf(path); got != want {
					t.Errorf("%s requested %d times; want %d", path, got, want)
				}
			}
		})
	}
}

// waitLog is a slog.Handler that records the wait before each retry
// authmw.RetryTransport logs.
type waitLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *waitLog) Enabled(context.Context, slog.Level) bool { return true }
func (w *waitLog) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *waitLog) WithGroup(string) slog.Handler            { return w }

func (w *waitLog) Handle(_ context.Context, r slog.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "attempt" && a.Value.Int64() == 1 {
			return false
		}
		if a.Key == "wait" {
			w.waits = append(w.waits, a.Value.Duration())
		}
		return true
	})
	return nil
}

// TestReleaseRetries checks that 429 and 5xx are retried, waiting what
// Retry-After asks for (seconds or a date, capped) or else a backoff. The
// waits asked for are short, or capped short, so that nothing sleeps long;
// a backoff taken instead of a Retry-After of 0 would be an hour, past the
// test's deadline, and fail it at once.
func TestReleaseRetries(t *testing.T) {
	const id = "tenant-jbce-v2"
	retryAfter := func(code int, value func() string) func(http.ResponseWriter, *http.Request, int) bool {
		return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
			if value != nil {
				w.Header().Set("Retry-After", value())
			}
			http.Error(w, http.StatusText(code), code)
			return true
		}
	}
	seconds := func(s string) func() string { return func() string { return s } }
	past := func() string { return time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name    string
		answers []func(http.ResponseWriter, *http.Request, int) bool // before the document
		cfg     Config
		check   func(t *testing.T, waits []time.Duration)
	}{
		{
			name:    "429 with Retry-After seconds",
			answers: []func(http.ResponseWriter, *http.Request, int) bool{retryAfter(429, seconds("0"))},
			cfg:     Config{RetryBaseDelay: time.Hour},
			check: func(t *testing.T, waits []time.Duration) {
				if !slices.Equal(waits, []time.Duration{0}) {
					t.Errorf("waits = %v; want [0s]", waits)
				}
			},
		},
		{
			name:    "503 with Retry-After date, then 500 without",
			answers: []func(http.ResponseWriter, *http.Request, int) bool{retryAfter(503, past), retryAfter(500, nil)},
			cfg:     Config{RetryBaseDelay: time.Millisecond},
			check: func(t *testing.T, waits []time.Duration) {
				if len(waits) != 2 || waits[0] != 0 || waits[1] < 0 || waits[1] > 2*time.Millisecond {
					t.Errorf("waits = %v; want 0s, then a backoff of at most 2ms", waits)
				}
			},
		},
		{
			name:    "Retry-After over the cap",
			answers: []func(http.ResponseWriter, *http.Request, int) bool{retryAfter(429, seconds("86400"))},
			cfg:     Config{MaxRetryAfter: 5 * time.Millisecond},
			check: func(t *testing.T, waits []time.Duration) {
				if !slices.Equal(waits, []time.Duration{5 * time.Millisecond}) {
					t.Errorf("waits = %v; want [5ms]", waits)
				}
			},
		},
		{
			name: "connection dropped, three times",
			answers: []func(http.ResponseWriter, *http.Request, int) bool{
				hangUp, hangUp, hangUp,
			},
			cfg: Config{RetryBaseDelay: time.Millisecond},
			check: func(t *testing.T, waits []time.Duration) {
				for i, w := range waits {
					if ceiling := time.Millisecond << i; w < 0 || w > ceiling {
						t.Errorf("wait %d = %v; want a backoff in [0, %v]", i, w, ceiling)
					}
				}
				if len(waits) != 3 {
					t.Errorf("waits = %v; want 3", waits)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPortal(t, testenv.Newest(t), small...)
			p.fault(docPath(id), func(w http.ResponseWriter, r *http.Request, hit int) bool {
				if hit > len(tt.answers) {
					return false
				}
				return tt.answers[hit-1](w, r, hit)
			})
			var log waitLog
			// A new connection for every attempt: the transport itself
			// retries a request whose reused connection was closed.
			transport := &http.Transport{DisableKeepAlives: true}
			defer transport.CloseIdleConnections()
			cfg := tt.cfg
			cfg.Out, cfg.BaseURL, cfg.Date, cfg.IDs, cfg.Transport, cfg.Logger = t.TempDir(), p.srv.URL, date, []string{id}, transport, slog.New(&log)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			m, err := Release(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if h := p.hitsOf(docPath(id)); h != len(tt.answers)+1 {
				t.Errorf("%d requests; want %d", h, len(tt.answers)+1)
			}
			b, err := os.ReadFile(filepath.Join(cfg.Out, date, m.Documents[0].File))
			if err != nil || !bytes.Equal(b, p.docs[id]) {
				t.Errorf("the document differs from the one served (%v)", err)
			}
			tt.check(t, log.waits)
		})
	}
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter, _ *http.Request, _ int) bool {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
	return true
}

// TestReleaseForce replaces an existing release folder whole with Force.
func TestReleaseForce(t *testing.T) {
	p := newPortal(t, testenv.Newest(t), small...)
	out := t.TempDir()
	writeFile(t, filepath.Join(out, date, "stale.json"), "{}")
	writeFile(t, filepath.Join(out, date, ManifestName), "{}")
	writeFile(t, filepath.Join(out, "2026-03-17", ManifestName), "{}")
	before := testenv.Tree(t, out)
	if _, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Release without Force over an existing folder: %v; want an error", err)
	}
	if d := diffTrees(before, testenv.Tree(t, out)); d != "" {
		t.Errorf("Release without Force changed the tree:%s", d)
	}

	if _, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date, Force: true}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"2026-03-17", date}; !slices.Equal(names, want) {
		t.Errorf("--out holds %q; want %q (no staging folder, no previous release)", names, want)
	}
	files, _ := os.ReadDir(filepath.Join(out, date))
	names = nil
	for _, f := range files {
		names = append(names, f.Name())
	}
	want := []string{ManifestName}
	for _, id := range p.ids {
		want = append(want, id+".json")
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("release folder holds %q; want %q", names, want)
	}
	if m, err := ReadManifest(filepath.Join(out, date)); err != nil || len(m.Documents) != len(p.ids) {
		t.Errorf("ReadManifest = %v; want the new manifest", err)
	}
}

// TestReleaseCancel ends the context while a document is downloading:
// the error says so and nothing is left.
func TestReleaseCancel(t *testing.T) {
	p := newPortal(t, testenv.Newest(t), small...)
	arrived := make(chan struct{})
	var once sync.Once
	p.fault(docPath("tenant-jbce-v2"), func(w http.ResponseWriter, r *http.Request, _ int) bool {
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
		return true
	})
	root := t.TempDir()
	out := filepath.Join(root, "new", "releases")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()
	_, err := Release(ctx, Config{Out: out, BaseURL: p.srv.URL, Date: date})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "interrupted (context canceled): nothing was written") {
		t.Errorf("Release = %v; want an interruption", err)
	}
	if tree := testenv.Tree(t, root); len(tree) != 1 {
		t.Errorf("an interrupted Release left %q", slices.Sorted(maps.Keys(tree)))
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "https://developer.servicetitan.io", want: "https://developer.servicetitan.io"},
		{in: "https://developer.servicetitan.io/", want: "https://developer.servicetitan.io"},
		{in: "https://mirror.example.com/st/portal/", want: "https://mirror.example.com/st/portal"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "http://127.1.2.3", want: "http://127.1.2.3"},
		{in: "http://localhost:1/", want: "http://localhost:1"},
		{in: "http://[::1]:9", want: "http://[::1]:9"},
		{in: "http://developer.servicetitan.io", err: "plain http is accepted only to a loopback host"},
		{in: "http://10.0.0.1", err: "plain http is accepted only to a loopback host"},
		{in: "http://localhost.example.com", err: "plain http is accepted only to a loopback host"},
		{in: "ftp://developer.servicetitan.io", err: `scheme "ftp": use https`},
		{in: "developer.servicetitan.io", err: "not an absolute URL with a host"},
		{in: "https://", err: "not an absolute URL with a host"},
		{in: "", err: "not an absolute URL with a host"},
		{in: "https://user:pw@developer.servicetitan.io", err: "give only the scheme, host and an optional path"},
		{in: "https://developer.servicetitan.io/?x=1", err: "give only the scheme, host and an optional path"},
		{in: "https://developer.servicetitan.io/#top", err: "give only the scheme, host and an optional path"},
		{in: "https://bad host/", err: "invalid character"},
	}
	for _, tt := range tests {
		got, err := ParseBaseURL(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseBaseURL(%q) = %q, %v; want an error containing %q", tt.in, got, err, tt.err)
		}
	}
}

func TestReadManifestErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"missing", "", "no manifest.json: the folder was not written by stgen fetch"},
		{"not JSON", "release: 2026-05-11", "not a release manifest"},
		{"no date", `{"documents": []}`, `release "" is not a date (YYYY-MM-DD)`},
		{"bad date", `{"release": "2026-13-01"}`, `release "2026-13-01" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.content != "" {
				writeFile(t, filepath.Join(dir, ManifestName), tt.content)
			}
			if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadManifest = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, file, content string) {
	t.Helper()
	mkdir(t, filepath.Dir(file))
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffTrees describes how two trees of testenv.Tree differ, "" when they do not.
func diffTrees(before, after map[string]string) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(before)) {
		if a, ok := after[p]; !ok {
			fmt.Fprintf(&b, "\n  removed %s", p)
		} else if a != before[p] {
			fmt.Fprintf(&b, "\n  changed %s", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[p]; !ok {
			fmt.Fprintf(&b, "\n  added %s", p)
		}
	}
	return b.String()
}

// TestCheckIDs refuses the catalog ids that cannot name their documents in
// a release folder, and only those.
func TestCheckIDs(t *testing.T) {
	var apis []api
	for _, id := range []string{"tenant-crm-v2", "manifest", "Manifest", "con", "NUL.x", "com1", "console", "a.", "../evil", ".hidden", "Tenant-JBCE-v2", "tenant-jbce-v2", "x.json"} {
		apis = append(apis, api{ID: id, group: "G"})
	}
	ok, refused := checkIDs(apis)
	var kept []string
	for _, a := range ok {
		kept = append(kept, a.ID)
	}
	if want := []string{"tenant-crm-v2", "console", "x.json"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q; want %q", kept, want)
	}
	msgs := map[string]string{}
	for _, f := range refused {
		msgs[f.ID] = f.Error
	}
	for id, want := range map[string]string{
		"manifest":       `catalog id "manifest" (group "G") would be written as manifest.json, over the release's own manifest`,
		"Manifest":       "over the release's own manifest",
		"con":            "is a device name on Windows",
		"NUL.x":          "is a device name on Windows",
		"a.":             "is not a plain file name",
		"../evil":        "is not a plain file name",
		".hidden":        "is not a plain file name",
		"Tenant-JBCE-v2": `differs only in case from "tenant-jbce-v2": one file on a case-insensitive file system`,
		"tenant-jbce-v2": `differs only in case from "Tenant-JBCE-v2"`,
	} {
		if !strings.Contains(msgs[id], want) {
			t.Errorf("refusal of %q = %q; want it to contain %q", id, msgs[id], want)
		}
	}
	if len(refused) != 10 {
		t.Errorf("%d refused; want 10", len(refused))
	}
}

// TestReleaseKeepGoing serves a catalog with an id "manifest" (whose
// document would overwrite the manifest), a document that answers 404, one
// cut short (malformed JSON, served whole as announced) and one that is
// JSON but not an OpenAPI document: without KeepGoing nothing is written
// and all are named; with it the folder holds exactly the documents that
// load and the manifest, which lists the others as failed, the folder
// loads as a release, and Release still fails naming them.
func TestReleaseKeepGoing(t *testing.T) {
	p := newPortal(t, testenv.Newest(t), small...)
	const broken = "tenant-jbce-v2"
	const truncated, notOpenAPI = "tenant-truncated-v2", "tenant-not-openapi-v2"
	p.docs["manifest"] = p.docs["tenant-marketing-reputation-v2"]
	good := p.docs["tenant-customer-interactions-v2"]
	p.docs[truncated] = good[:len(good)/2]
	p.docs[notOpenAPI] = []byte(`{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {"/x": {"get": {"responses": "none"}}}}`)
	p.ids = append(p.ids, "manifest", truncated, notOpenAPI)
	slices.Sort(p.ids)
	p.fault(docPath(broken), func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		http.NotFound(w, nil)
		return true
	})
	root := t.TempDir()
	out := filepath.Join(root, "releases")
	_, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date})
	if err == nil || !strings.Contains(err.Error(), `catalog id "manifest"`) {
		t.Errorf("Release = %v; want it to refuse the id manifest", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Error("Release without KeepGoing wrote something")
	}
	if h := p.hitsOf(docPath("manifest")); h != 0 {
		t.Errorf("the refused document was requested %d times", h)
	}

	m, err := Release(context.Background(), Config{Out: out, BaseURL: p.srv.URL, Date: date, KeepGoing: true})
	if err == nil || !strings.Contains(err.Error(), `catalog id "manifest"`) || !strings.Contains(err.Error(), broken+": GET ") ||
		!strings.Contains(err.Error(), truncated+": ") || !strings.Contains(err.Error(), notOpenAPI+": ") || !strings.Contains(err.Error(), "4 of the documents failed") {
		t.Errorf("Release with KeepGoing = %v; want it to name the four failures", err)
	}
	if m == nil {
		t.Fatal("Release with KeepGoing returned no manifest")
	}
	read, rerr := ReadManifest(filepath.Join(out, date))
	if rerr != nil {
		t.Fatal(rerr)
	}
	var ids, failed []string
	for _, e := range read.Documents {
		ids = append(ids, e.ID)
	}
	for _, f := range read.Failed {
		failed = append(failed, f.ID)
		if f.Error == "" {
			t.Errorf("failure %s has no error", f.ID)
		}
	}
	if want := []string{"tenant-customer-interactions-v2", "tenant-marketing-reputation-v2"}; !slices.Equal(ids, want) {
		t.Errorf("documents %q; want %q", ids, want)
	}
	if want := []string{"manifest", broken, notOpenAPI, truncated}; !slices.Equal(failed, want) {
		t.Errorf("failed %q; want %q", failed, want)
	}
	want := []string{".", date, filepath.Join(date, ManifestName), filepath.Join(date, "tenant-customer-interactions-v2.json"), filepath.Join(date, "tenant-marketing-reputation-v2.json")}
	if got := slices.Sorted(maps.Keys(testenv.Tree(t, out))); !slices.Equal(got, want) {
		t.Errorf("--out holds %q; want %q: the documents that load and the manifest", got, want)
	}
	docs, err := spec.LoadDir(filepath.Join(out, date))
	if err != nil || len(docs) != 2 {
		t.Errorf("the release folder loads as %d documents, %v; want 2", len(docs), err)
	}
}
