package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
)

// release is the tiny release of the command's tests: crm and telecom.
const release = "../cli/testdata/release"

// recorder is a Progress that records what it hears.
type recorder struct {
	mu     sync.Mutex
	starts []int
	steps  []Step
}

func (r *recorder) Start(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.starts = append(r.starts, n)
}

func (r *recorder) Done(s Step) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
}

// generated returns the packages the steps told of, sorted.
func (r *recorder) generated() []string {
	var out []string
	for _, s := range r.steps {
		if s.Package != nil {
			out = append(out, s.Package.Name)
		}
	}
	slices.Sort(out)
	return out
}

// specsWith returns a folder holding the tiny release and the named files
// of ../cli/testdata/broken.
func specsWith(t *testing.T, broken ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{filepath.Join(release, "crm-v2.json"), filepath.Join(release, "telecom.yaml")} {
		copyFile(t, f, dir)
	}
	for _, name := range broken {
		copyFile(t, filepath.Join("../cli/testdata/broken", name), dir)
	}
	return dir
}

func copyFile(t *testing.T, file, dir string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(file)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func newPipeline(t *testing.T, opts Options) *Pipeline {
	t.Helper()
	if opts.Module == "" {
		opts.Module = "example.com/st"
	}
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRun generates the whole tiny release: every domain, the facade, the
// names, a prune, and a step per document.
func TestRun(t *testing.T) {
	var rec recorder
	p := newPipeline(t, Options{Specs: release, Facade: true, CopyRuntime: true, Version: "v1.2.3"})
	res, err := p.Run(nil, nil, &rec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.starts, []int{2}) || len(rec.steps) != 2 || !slices.Equal(rec.generated(), []string{"crm", "telecom"}) {
		t.Errorf("progress: starts %v, %d steps, generated %v; want [2], 2 steps, crm and telecom", rec.starts, len(rec.steps), rec.generated())
	}
	var pkgs []string
	for _, pkg := range res.Packages() {
		pkgs = append(pkgs, pkg.Name)
	}
	if want := []string{"crm", "telecom", gen.FacadePackage, "stapi", "authmw"}; !slices.Equal(pkgs, want) {
		t.Errorf("packages %v; want %v", pkgs, want)
	}
	if !res.Prune || len(res.Failed) > 0 || res.Operations != 3 || res.Release != "release" {
		t.Errorf("prune %t, failed %v, %d operations, release %q; want a prune, no failure, 3 operations, release %q", res.Prune, res.Failed, res.Operations, res.Release, "release")
	}
	if res.BasePaths["crm"] != "/crm/v2" {
		t.Errorf("base paths %v; want crm at /crm/v2", res.BasePaths)
	}
	if res.Names.Domain("crm") == nil || res.Names.Domain("telecom") == nil || len(res.Names.Domains) != 2 {
		t.Errorf("names of %d domains; want crm and telecom", len(res.Names.Domains))
	}
	if len(res.OpsFile) != 2 || res.OpsFile["crm"] == nil || res.OpsFile["crm"].Release != "release" || len(res.OpsFile["crm"].Methods) == 0 {
		t.Errorf("operations records %v; want crm's and telecom's, of release %q", res.OpsFile, "release")
	}
	if src := string(res.Facade.Files["servicetitan.gen.go"]); !strings.Contains(src, `"example.com/st/stapi"`) || !strings.Contains(src, "v1.2.3") {
		t.Error("the facade does not import the runtime copy under the module, or lacks the version")
	}
}

// TestRunDomains: only the domains asked for are generated; the names of
// the others are kept, the facade keeps the domains already written, and
// nothing is pruned.
func TestRunDomains(t *testing.T) {
	var rec recorder
	recorded := names.New()
	recorded.Domains["jpm"] = &names.Domain{}
	p := newPipeline(t, Options{Specs: release, Domains: []string{"crm"}, Facade: true})
	res, err := p.Run(recorded, []string{"crm", "telecom", gen.FacadePackage}, &rec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.generated(), []string{"crm"}) || len(rec.steps) != 2 {
		t.Errorf("generated %v in %d steps; want crm in 2", rec.generated(), len(rec.steps))
	}
	if res.Prune || len(res.Domains) != 1 || res.Names.Domain("jpm") == nil || res.Names.Domain("crm") == nil {
		t.Errorf("prune %t, %d domains, names of %d domains; want no prune, crm, the names of jpm and crm", res.Prune, len(res.Domains), len(res.Names.Domains))
	}
	if src := string(res.Facade.Files["servicetitan.gen.go"]); !strings.Contains(src, "telecom.Client") {
		t.Error("the facade dropped telecom, which is written and not regenerated")
	}
}

// TestRunUnknownDomain: a domain the release lacks fails the run with an
// *UnknownDomainsError suggesting the closest one, and no generated step is
// told; with AnyDomains it is no error.
func TestRunUnknownDomain(t *testing.T) {
	var rec recorder
	p := newPipeline(t, Options{Specs: release, Domains: []string{"crm", "telecon"}})
	_, err := p.Run(nil, nil, &rec)
	var unknown *UnknownDomainsError
	if !errors.As(err, &unknown) || err.Error() != `--domains: no document for domain "telecon" (did you mean "telecom"?); the release has crm, telecom` {
		t.Errorf("Run = %v; want an *UnknownDomainsError suggesting telecom", err)
	}
	if got := rec.generated(); len(got) != 0 {
		t.Errorf("progress told of %v generated; want none", got)
	}

	p = newPipeline(t, Options{Specs: release, Domains: []string{"crm", "telecon"}, AnyDomains: true})
	res, err := p.Run(nil, nil, nil)
	if err != nil || len(res.Domains) != 1 {
		t.Errorf("Run with AnyDomains = %v; want crm generated", err)
	}
}

// TestRunBroken: a document that fails to load fails the run, naming it;
// with KeepGoing the others generate, the run says which failed, and the
// facade an earlier run wrote is left as it was (the failed document's
// domain is unknown), while a new output gets one.
func TestRunBroken(t *testing.T) {
	specs := specsWith(t, "malformed.json")
	p := newPipeline(t, Options{Specs: specs, Facade: true})
	if _, err := p.Run(nil, nil, nil); err == nil || !strings.Contains(err.Error(), "malformed.json:5:3") {
		t.Errorf("Run = %v; want the malformed document's error", err)
	}

	p = newPipeline(t, Options{Specs: specs, Facade: true, KeepGoing: true})
	for _, written := range [][]string{nil, {"crm", gen.FacadePackage}} {
		res, err := p.Run(nil, written, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Failed) != 1 || len(res.Domains) != 2 || res.Prune {
			t.Errorf("written %v: %d failed, %d domains, prune %t; want 1 failed, 2 domains, no prune", written, len(res.Failed), len(res.Domains), res.Prune)
		}
		if wantFacade := written == nil; (res.Facade != nil) != wantFacade {
			t.Errorf("written %v: facade generated %t; want %t", written, res.Facade != nil, wantFacade)
		}
	}
}

// TestNewChecks: New reads no document, but fails on a folder without any
// and on templates that are not there.
func TestNewChecks(t *testing.T) {
	if _, err := New(Options{Specs: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no OpenAPI documents") {
		t.Errorf("New(empty folder) = %v; want it to say so", err)
	}
	if _, err := New(Options{Specs: release, Templates: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Error("New(missing templates) = nil; want an error")
	}
}

// TestRunPartialRelease: a release folder whose manifest lists documents
// stgen fetch could not fetch is not whole: a run over every domain prunes
// nothing, leaves the facade as it was, and says which are missing.
func TestRunPartialRelease(t *testing.T) {
	specs := specsWith(t)
	manifest := `{"release": "2026-05-11", "documents": [], "failed": [{"id": "tenant-jpm-v2", "displayName": "JPM", "error": "status 404"}]}`
	if err := os.WriteFile(filepath.Join(specs, "manifest.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	recorded := names.New()
	recorded.Domains["jpm"] = &names.Domain{}
	res, err := newPipeline(t, Options{Specs: specs, Facade: true}).Run(recorded, []string{"crm", "jpm", "telecom", gen.FacadePackage}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Facade != nil {
		t.Error("the facade was generated: it would drop jpm, whose package stays")
	}
	if res.Prune || !slices.Equal(res.Missing, []string{"tenant-jpm-v2"}) || res.Names.Domain("jpm") == nil || res.Release != "2026-05-11" {
		t.Errorf("prune %t, missing %v, jpm's names kept %t, release %q; want no prune, tenant-jpm-v2 missing, jpm's names kept, release 2026-05-11", res.Prune, res.Missing, res.Names.Domain("jpm") != nil, res.Release)
	}
}
