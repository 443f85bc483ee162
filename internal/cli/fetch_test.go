package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// fetchDate names the release folder in the tests.
const fetchDate = "2026-05-11"

// portal serves a catalog of a few small documents of the newest release
// (crm-v2.json is served as tenant-crm-v2) and the documents; fault, when
// set, answers a request first, returning true when it did.
type portal struct {
	url  string
	docs map[string][]byte

	mu    sync.Mutex // guards fault
	fault func(w http.ResponseWriter, r *http.Request) bool
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	p := &portal{docs: map[string][]byte{}}
	var apis []map[string]any
	for _, f := range []string{"jbce-v2.json", "marketing-reputation-v2.json"} {
		b, err := os.ReadFile(filepath.Join(testenv.Newest(t), f))
		if err != nil {
			t.Fatal(err)
		}
		id := "tenant-" + strings.TrimSuffix(f, ".json")
		p.docs[id] = b
		apis = append(apis, map[string]any{"id": id, "displayName": id, "isBeta": len(apis) == 1})
	}
	catalog, err := json.Marshal([]map[string]any{{"displayName": "Marketing", "apis": apis}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		fault := p.fault
		p.mu.Unlock()
		if fault != nil && fault(w, r) {
			return
		}
		if r.URL.Path == "/api/docs/apis" {
			w.Write(catalog)
			return
		}
		if doc, ok := p.docs[strings.TrimPrefix(r.URL.Path, "/api/docs/apis/")]; ok {
			w.Write(doc)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *portal) setFault(f func(w http.ResponseWriter, r *http.Request) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

// TestFetch fetches a release, then again without and with --force.
func TestFetch(t *testing.T) {
	p := newPortal(t)
	out := filepath.Join(t.TempDir(), "specs")
	code, stdout, stderr := run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate)
	if code != 0 || stdout != "" {
		t.Fatalf("stgen fetch: exit status %d, stdout %q; want 0 and nothing\nstderr: %s", code, stdout, stderr)
	}
	dir := filepath.Join(out, fetchDate)
	for id, doc := range p.docs {
		if b, err := os.ReadFile(filepath.Join(dir, id+".json")); err != nil || !bytes.Equal(b, doc) {
			t.Errorf("%s.json differs from the document served (%v)", id, err)
		}
		if !strings.Contains(stderr, id+" ") {
			t.Errorf("stderr has no progress line for %s:\n%s", id, stderr)
		}
	}
	if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[2], "fetched 2 documents (") || !strings.Contains(lines[2], dir) {
		t.Errorf("stderr = %q; want a line per document and a summary naming %s", stderr, dir)
	}
	m, err := fetch.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Release != fetchDate || m.Source != p.url || len(m.Documents) != 2 || !m.Documents[1].Beta {
		t.Errorf("manifest = %+v; want release %s from %s, 2 documents, the second beta", m, fetchDate, p.url)
	}

	before := treeHash(t, out)
	code, _, stderr = run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate)
	if want := "stgen fetch: " + dir + " already exists: pass --force to replace it"; code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("second stgen fetch: exit status %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	if treeHash(t, out) != before {
		t.Error("a refused stgen fetch changed --out")
	}

	p.docs["tenant-jbce-v2"] = bytes.Replace(p.docs["tenant-jbce-v2"], []byte(`"title"`), []byte(`"x-changed": true, "title"`), 1)
	if code, _, stderr = run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate, "--force", "--ids", "tenant-jbce-v2"); code != 0 {
		t.Fatalf("stgen fetch --force: exit status %d; want 0\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"manifest.json", "tenant-jbce-v2.json"}; !slices.Equal(names, want) {
		t.Errorf("after --force --ids tenant-jbce-v2 the release holds %q; want %q", names, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "tenant-jbce-v2.json")); !bytes.Equal(b, p.docs["tenant-jbce-v2"]) {
		t.Error("--force did not replace the document")
	}
}

func TestFetchUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"stgen without arguments lists fetch", nil, 2, nil, []string{"stgen fetch --out DIR [--from BASEURL]"}},
		{"no flags", []string{"fetch"}, 2, nil, []string{"stgen fetch: --out is required\n", "Usage: stgen fetch"}},
		{"plain http elsewhere", []string{"fetch", "--out", out, "--from", "http://developer.servicetitan.io"}, 2, nil,
			[]string{`stgen fetch: --from: base URL "http://developer.servicetitan.io": plain http is accepted only to a loopback host`, "Usage: stgen fetch"}},
		{"bad date", []string{"fetch", "--out", out, "--date", "11/05/2026"}, 2, nil, []string{`stgen fetch: --date "11/05/2026" is not a date YYYY-MM-DD`}},
		{"zero timeout", []string{"fetch", "--out", out, "--timeout", "0s"}, 2, nil, []string{"stgen fetch: --timeout 0s must be positive"}},
		{"bad timeout", []string{"fetch", "--out", out, "--timeout", "soon"}, 2, nil, []string{`invalid value "soon" for flag -timeout`}},
		{"an argument", []string{"fetch", "--out", out, "2026-05-11"}, 2, nil, []string{`stgen fetch: unexpected argument "2026-05-11"`}},
		{"help fetch", []string{"help", "fetch"}, 0, []string{"Usage: stgen fetch --out DIR", "beta APIs included", "-from string", "https://developer.servicetitan.io", "-ids string", "-date string", "-force", "-timeout duration", "(default 1m0s)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status = %d; want %d (stderr %q)", code, tt.code, stderr)
			}
			for _, c := range []struct {
				name, got string
				want      []string
			}{{"stdout", stdout, tt.stdout}, {"stderr", stderr, tt.stderr}} {
				if c.want == nil && c.got != "" {
					t.Errorf("%s = %q; want nothing", c.name, c.got)
				}
				for _, w := range c.want {
					if !strings.Contains(c.got, w) {
						t.Errorf("%s = %q; want it to contain %q", c.name, c.got, w)
					}
				}
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a usage mistake created %s (stat: %v)", out, err)
	}
}

// TestFetchErrors checks that each failed document is one line of stderr,
// and that the run leaves --out as it was.
func TestFetchErrors(t *testing.T) {
	p := newPortal(t)
	p.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/api/docs/apis/tenant-jbce-v2":
			http.NotFound(w, r)
		case "/api/docs/apis/tenant-marketing-reputation-v2":
			w.Write([]byte(`{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}`))
		default:
			return false
		}
		return true
	})
	out := t.TempDir()
	writeTestFile(t, filepath.Join(out, "2026-03-17", "crm-v2.json"), "{}")
	before := treeHash(t, out)
	code, stdout, stderr := run(t, "fetch", "--out", out, "--from", p.url, "--date", fetchDate)
	want := []string{
		"stgen fetch: tenant-jbce-v2: GET " + p.url + "/api/docs/apis/tenant-jbce-v2: status 404 Not Found",
		"stgen fetch: tenant-marketing-reputation-v2: " + p.url + "/api/docs/apis/tenant-marketing-reputation-v2 is not a usable OpenAPI document: tenant-marketing-reputation-v2.json:#/servers: no servers",
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != 1 || stdout != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], want[0]) || !strings.HasPrefix(lines[1], want[1]) {
		t.Errorf("exit status %d, stderr:\n%s\nwant 1 and two lines starting\n%s", code, stderr, strings.Join(want, "\n"))
	}
	if treeHash(t, out) != before {
		t.Error("a failed stgen fetch changed --out")
	}
}

// TestFetchInterrupt sends SIGINT to the process while a document is
// downloading: the run stops, says so, and leaves nothing.
func TestFetchInterrupt(t *testing.T) {
	p := newPortal(t)
	arrived := make(chan struct{})
	var once sync.Once
	p.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/docs/apis/tenant-jbce-v2" {
			return false
		}
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
		return true
	})
	go func() {
		// The command listens for SIGINT before it requests the catalog.
		<-arrived
		syscall.Kill(os.Getpid(), syscall.SIGINT)
	}()
	root := t.TempDir()
	code, _, stderr := run(t, "fetch", "--out", filepath.Join(root, "specs"), "--from", p.url)
	if want := "stgen fetch: interrupted (interrupt signal received): nothing was written\n"; code != 1 || !strings.HasSuffix(stderr, "\n"+want) && stderr != want {
		t.Errorf("exit status %d, stderr %q; want 1 and a last line %q", code, stderr, want)
	}
	if entries, err := os.ReadDir(root); err != nil || len(entries) != 0 {
		t.Errorf("an interrupted stgen fetch left %v (%v)", entries, err)
	}
}

func writeTestFile(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
