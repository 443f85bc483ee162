// Package releaseloop tests the release loop as a user runs it: `make
// update` fetches the developer portal's current release, diffs it against
// the previous release into a Markdown pull request body, and regenerates the
// clients from it. The tests run make in the repository against a fake
// portal serving real releases from ../shared.
package releaseloop

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// prBodyLimit is the most characters GitHub takes in a pull request body.
const prBodyLimit = 65536

// TestMakeUpdate runs `make update` twice, over two consecutive releases,
// then three times more in ways that fail: each run that succeeds leaves a
// whole release folder, a diff against the one before, and clients
// regenerated from it over the previous ones with their names kept; each run
// that fails says at which step, and leaves what that step would have
// written as it was.
func TestMakeUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs make, which builds and runs stgen: skipped with -short")
	}
	if _, err := exec.LookPath("make"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("make update needs make: %v", err)
		}
		t.Skipf("make update needs make: %v", err)
	}
	older, newer := testenv.Release(t, "2026-03-17"), testenv.Release(t, "2026-05-11")
	p := newPortal(t)
	tmp := t.TempDir()
	releases, out, bin := filepath.Join(tmp, "specs"), filepath.Join(tmp, "generated"), filepath.Join(tmp, "bin")
	vars := []string{
		"STGEN_PORTAL=" + p.srv.URL,
		"RELEASES=" + releases,
		"OUT=" + out,
		"BIN=" + bin,
	}

	// The first release: nothing to diff against.
	p.serve(t, older, "")
	start := time.Now()
	log, err := makeUpdate(vars, "RELEASE=2026-03-17")
	if err != nil {
		t.Fatalf("make update, first release: %v\n%s", err, log)
	}
	t.Logf("make update, %s, no previous release: %v", filepath.Base(older), time.Since(start).Round(time.Millisecond))
	m1 := checkRelease(t, releases, "2026-03-17", p)
	if want := "make diff: no release before 2026-03-17 in " + releases; !strings.Contains(log, want) {
		t.Errorf("make update did not say %q:\n%s", want, log)
	}
	if _, err := os.Stat(filepath.Join(releases, "2026-03-17.diff.md")); err == nil {
		t.Error("a diff was written with no release to diff against")
	}
	names1 := checkGenerated(t, out, m1)

	// The next release: diffed against the first, the clients regenerated
	// over the first's.
	p.serve(t, newer, "")
	start = time.Now()
	log, err = makeUpdate(vars, "RELEASE=2026-05-11")
	if err != nil {
		t.Fatalf("make update, second release: %v\n%s", err, log)
	}
	t.Logf("make update, %s over %s: %v", filepath.Base(newer), filepath.Base(older), time.Since(start).Round(time.Millisecond))
	m2 := checkRelease(t, releases, "2026-05-11", p)
	checkDiff(t, filepath.Join(bin, "stgen"), filepath.Join(releases, "2026-05-11.diff.md"), filepath.Join(releases, "2026-03-17"), filepath.Join(releases, "2026-05-11"))
	names2 := checkGenerated(t, out, m2)
	kept := 0
	for domain, d1 := range names1.Domains {
		d2 := names2.Domains[domain]
		if d2 == nil {
			continue
		}
		for key, s1 := range d1.Schemas {
			if s2, ok := d2.Schemas[key]; ok {
				kept++
				if s2.Name != s1.Name {
					t.Errorf("%s schema %s: named %s after the update; the names file recorded %s", domain, key, s2.Name, s1.Name)
				}
			}
		}
	}
	if kept == 0 {
		t.Error("no schema of the first release is in the second: the names file was not carried over")
	}
	t.Logf("%d schemas kept their names across the update", kept)

	// Failures: the same release again without FORCE, and a portal that
	// lost a document. Neither changes anything.
	before := testenv.Tree(t, releases)
	outBefore := testenv.Tree(t, out)
	log, err = makeUpdate(vars, "RELEASE=2026-05-11")
	if err == nil {
		t.Errorf("make update over an existing release without FORCE succeeded:\n%s", log)
	}
	for _, want := range []string{"already exists", "FORCE=1", "make update: stopped at fetch: nothing changed"} {
		if !strings.Contains(log, want) {
			t.Errorf("make update over an existing release did not say %q:\n%s", want, log)
		}
	}
	p.serve(t, newer, "tenant-crm-v2")
	log, err = makeUpdate(vars, "RELEASE=2026-05-18")
	if err == nil {
		t.Errorf("make update with a document missing from the portal succeeded:\n%s", log)
	}
	for _, want := range []string{"tenant-crm-v2", "404", "make update: stopped at fetch: nothing changed"} {
		if !strings.Contains(log, want) {
			t.Errorf("make update with a document missing did not say %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "FORCE=1") {
		t.Errorf("make update with a document missing suggests FORCE=1, though no release folder is in the way:\n%s", log)
	}
	if after := testenv.Tree(t, releases); !maps.Equal(after, before) {
		t.Errorf("failed runs changed %s: %q; was %q", releases, slices.Sorted(maps.Keys(after)), slices.Sorted(maps.Keys(before)))
	}
	if !maps.Equal(testenv.Tree(t, out), outBefore) {
		t.Errorf("failed runs changed %s", out)
	}

	// A step after the fetch fails: generate, into a file. The release and
	// its diff stay; make says so.
	p.serve(t, newer, "")
	file := filepath.Join(tmp, "not-a-folder")
	if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	log, err = makeUpdate(vars, "RELEASE=2026-05-25", "OUT="+file)
	if err == nil {
		t.Errorf("make update generating into a file succeeded:\n%s", log)
	}
	want := "make update: stopped at generate: " + filepath.Join(releases, "2026-05-25") + " is fetched and diffed; " + file + " is as it was"
	if !strings.Contains(log, want) {
		t.Errorf("make update generating into a file did not say %q:\n%s", want, log)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "mine\n" {
		t.Errorf("make update changed the file it could not generate into: %q, %v", b, err)
	}
	checkRelease(t, releases, "2026-05-25", p)
	if _, err := os.Stat(filepath.Join(releases, "2026-05-25.diff.md")); err != nil {
		t.Errorf("the diff of the release fetched before generate failed: %v", err)
	}
}

// makeVars are the environment variables make update would read: make's
// own, and the Makefile's variables.
var makeVars = []string{
	"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS",
	"SHARED_SPECS", "SPECS", "OUT", "MODULE", "RUNTIME", "BIN",
	"STGEN_PORTAL", "RELEASES", "RELEASE", "PREVIOUS", "DIFF", "FORCE",
}

// makeUpdate runs `make update` in the repository with vars, and returns
// what it printed, stdout and stderr together.
func makeUpdate(vars []string, more ...string) (string, error) {
	cmd := exec.Command("make", append(append([]string{"--no-print-directory", "update"}, vars...), more...)...)
	cmd.Dir = testenv.RepoRoot()
	// make takes its variables from the environment too, and a make running
	// these tests passes its own flags and variables down through it: the
	// run must see only vars.
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains(makeVars, name)
	})
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// checkRelease checks the release folder releases/date against what the
// portal served: every document byte for byte, and a manifest listing them
// with their sha256. It returns the manifest.
func checkRelease(t *testing.T, releases, date string, p *portal) *fetch.Manifest {
	t.Helper()
	dir := filepath.Join(releases, date)
	m, err := fetch.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	served := p.documents()
	if m.Release != date || m.Source != p.srv.URL {
		t.Errorf("manifest of %s: release %q from %q; want %q from %q", dir, m.Release, m.Source, date, p.srv.URL)
	}
	want := []string{fetch.ManifestName}
	var ids []string
	for _, e := range m.Documents {
		ids = append(ids, e.ID)
		want = append(want, e.File)
		b, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Errorf("manifest lists %s: %v", e.File, err)
			continue
		}
		sum := sha256.Sum256(b)
		if !bytes.Equal(b, served[e.ID]) || e.SHA256 != hex.EncodeToString(sum[:]) || e.Bytes != int64(len(b)) {
			t.Errorf("%s: %d bytes, sha256 %s in the manifest; the portal served %d bytes", e.File, e.Bytes, e.SHA256, len(served[e.ID]))
		}
	}
	if got := slices.Sorted(maps.Keys(served)); !slices.Equal(ids, got) {
		t.Errorf("manifest of %s lists %q; the portal served %q", dir, ids, got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if slices.Sort(want); !slices.Equal(files, want) {
		t.Errorf("%s holds %q; want the documents and the manifest, %q", dir, files, want)
	}
	return m
}

// checkDiff checks that the file diff is the Markdown that the command
// stgen diff prints for the releases oldDir and newDir, non-empty and fit for
// a pull request body.
func checkDiff(t *testing.T, stgen, diff, oldDir, newDir string) {
	t.Helper()
	got, err := os.ReadFile(diff)
	if err != nil {
		t.Fatalf("make update wrote no diff: %v", err)
	}
	want := testenv.Run(t, ".", stgen, "diff", oldDir, newDir, "--format", "markdown")
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what stgen diff --format markdown prints:\n%s\nwant\n%s", diff, got, want)
	}
	body := string(got)
	heading := "## API changes " + filepath.Base(oldDir) + " → " + filepath.Base(newDir) + "\n"
	if !strings.HasPrefix(body, heading) {
		t.Errorf("%s starts %q; want the heading %q", diff, body[:min(len(body), 80)], heading)
	}
	for _, want := range []string{"**", " breaking", "| domain | breaking | other |", "\n#### crm\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s has no %q: not the Markdown of a non-empty diff", diff, want)
		}
	}
	if n := len([]rune(body)); n > prBodyLimit {
		t.Errorf("%s has %d characters; a pull request body takes %d", diff, n, prBodyLimit)
	}
	t.Logf("diff %s: %d bytes, %d lines", filepath.Base(diff), len(got), bytes.Count(got, []byte("\n")))
}

// checkGenerated checks that out holds the clients of the release m
// describes: one package per domain, the servicetitan facade naming the
// release, and the names file, which it returns.
func checkGenerated(t *testing.T, out string, m *fetch.Manifest) *names.File {
	t.Helper()
	want := []string{"servicetitan"}
	for _, e := range m.Documents {
		want = append(want, e.Domain)
	}
	slices.Sort(want)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, e := range entries {
		if e.IsDir() {
			pkgs = append(pkgs, e.Name())
		}
	}
	if !slices.Equal(pkgs, want) {
		t.Errorf("%s holds the packages %q; want %q", out, pkgs, want)
	}
	facade, err := os.ReadFile(filepath.Join(out, "servicetitan", "servicetitan.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "const Release = \"" + m.Release + "\"\n"; !bytes.Contains(facade, []byte(want)) {
		t.Errorf("the facade does not say %q", want)
	}
	b, err := os.ReadFile(filepath.Join(out, "stgen-names.json"))
	if err != nil {
		t.Fatalf("the names file: %v", err)
	}
	var f names.File
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("the names file: %v", err)
	}
	for _, e := range m.Documents {
		if f.Domains[e.Domain] == nil || len(f.Domains[e.Domain].Schemas) == 0 {
			t.Errorf("the names file records no schema of %s", e.Domain)
		}
	}
	return &f
}

// portal is a fake developer portal: the catalog at /api/docs/apis, and
// each document of the release folder it serves at /api/docs/apis/{id}.
type portal struct {
	srv *httptest.Server

	mu   sync.Mutex        // guards docs and gone
	docs map[string][]byte // by catalog id
	gone string            // an id the catalog lists and the portal answers 404 for
}

func newPortal(t *testing.T) *portal {
	p := &portal{}
	p.srv = httptest.NewServer(http.HandlerFunc(p.handle))
	t.Cleanup(p.srv.Close)
	return p
}

// serve makes p serve the documents of the release folder dir, each under
// the id the portal gives it (crm-v2.json is tenant-crm-v2); gone, if not
// empty, is listed but answers 404.
func (p *portal) serve(t *testing.T, dir, gone string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		docs["tenant-"+strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))] = b
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs, p.gone = docs, gone
}

// documents returns the documents p serves, by id.
func (p *portal) documents() map[string][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	docs := maps.Clone(p.docs)
	delete(docs, p.gone)
	return docs
}

func (p *portal) handle(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	docs, gone := p.docs, p.gone
	p.mu.Unlock()
	if r.URL.Path == "/api/docs/apis" {
		type api struct {
			ID          string `json:"id"`
			DisplayName string `json:"displayName"`
		}
		group := struct {
			DisplayName string `json:"displayName"`
			APIs        []api  `json:"apis"`
		}{DisplayName: "APIs"}
		for _, id := range slices.Sorted(maps.Keys(docs)) {
			group.APIs = append(group.APIs, api{ID: id, DisplayName: strings.ToUpper(strings.TrimPrefix(id, "tenant-"))})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode([]any{group})
		return
	}
	id, ok := strings.CutPrefix(r.URL.Path, "/api/docs/apis/")
	doc, found := docs[id]
	if !ok || !found || id == gone {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(doc)
}
