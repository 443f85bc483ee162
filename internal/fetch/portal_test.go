package fetch

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// portal is a fake developer portal serving a release folder: the catalog
// at /api/docs/apis and each document at /api/docs/apis/{id}.
type portal struct {
	srv   *httptest.Server
	ids   []string          // sorted
	docs  map[string][]byte // by id
	names map[string]string // display names by id
	beta  string            // the id marked beta

	mu     sync.Mutex                                                            // guards hits and faults
	hits   map[string]int                                                        // requests by path
	faults map[string]func(w http.ResponseWriter, r *http.Request, hit int) bool // by path; true when it answered
}

// idOf returns the catalog id of a release's file: crm-v2.json is
// tenant-crm-v2, as is 2022's tenant-crm-v2.yml.
func idOf(file string) string {
	name := strings.TrimSuffix(file, filepath.Ext(file))
	if strings.HasPrefix(name, "tenant-") {
		return name
	}
	return "tenant-" + name
}

// newPortal serves the named documents of the release folder dir, all of
// them when none is named. The catalog has two groups; the first API is
// beta and is listed in both groups.
func newPortal(t *testing.T, dir string, files ...string) *portal {
	t.Helper()
	if len(files) == 0 {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, e.Name())
		}
	}
	p := &portal{docs: map[string][]byte{}, names: map[string]string{}, hits: map[string]int{}, faults: map[string]func(http.ResponseWriter, *http.Request, int) bool{}}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		id := idOf(f)
		p.docs[id] = b
		p.names[id] = strings.ToUpper(strings.TrimPrefix(id, "tenant-"))
		p.ids = append(p.ids, id)
	}
	slices.Sort(p.ids)
	p.beta = p.ids[0]
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

// catalog returns the catalog of p's documents.
func (p *portal) catalog() []byte {
	groups := []group{{DisplayName: "Second half"}, {DisplayName: "First half"}}
	// Listed in reverse, so that the fetcher must sort.
	for i, id := range slices.Backward(p.ids) {
		a := api{ID: id, DisplayName: p.names[id], Description: "The " + id + " API.", IsBeta: id == p.beta}
		g := &groups[0]
		if i < len(p.ids)/2 {
			g = &groups[1]
		}
		g.APIs = append(g.APIs, a)
	}
	dup := api{ID: p.beta, DisplayName: p.names[p.beta], IsBeta: true}
	groups[0].APIs = append(groups[0].APIs, dup)
	b, err := json.Marshal(groups)
	if err != nil {
		panic(err)
	}
	return b
}

// fault makes the handler f answer the requests of path first.
func (p *portal) fault(path string, f func(w http.ResponseWriter, r *http.Request, hit int) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults[path] = f
}

// docPath returns the path of the document id.
func docPath(id string) string { return catalogPath + "/" + id }

// hitsOf returns the number of requests of path so far.
func (p *portal) hitsOf(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

func (p *portal) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.hits[r.URL.Path]++
	hit, f := p.hits[r.URL.Path], p.faults[r.URL.Path]
	p.mu.Unlock()
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if f != nil && f(w, r, hit) {
		return
	}
	if r.URL.Path == catalogPath {
		w.Header().Set("Content-Type", "application/json")
		w.Write(p.catalog())
		return
	}
	id, ok := strings.CutPrefix(r.URL.Path, catalogPath+"/")
	if doc, found := p.docs[id]; ok && found {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
		w.Write(doc)
		return
	}
	http.NotFound(w, r)
}
