package gen

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// generateRelease generates every domain of a release.
func generateRelease(t testing.TB, dir string) []*Package {
	t.Helper()
	_, pkgs := modelRelease(t, dir)
	return pkgs
}

// modelRelease builds the model of every domain of a release and generates
// its package, in domain order.
func modelRelease(t testing.TB, dir string) ([]*model.Domain, []*Package) {
	t.Helper()
	docs, err := spec.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doms []*model.Domain
	var pkgs []*Package
	for _, d := range docs {
		dom, err := normalize.Domain(d, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := g.Package(dom)
		if err != nil {
			t.Fatal(err)
		}
		doms, pkgs = append(doms, dom), append(pkgs, p)
	}
	return doms, pkgs
}

// multiAlternatives counts the schemas of a release that have two or more
// non-null oneOf/anyOf alternatives: the only places a union type belongs.
func multiAlternatives(t *testing.T, dir string) int {
	t.Helper()
	docs, err := spec.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	seen := map[*openapi3.Schema]bool{}
	var walk func(sr *openapi3.SchemaRef)
	walk = func(sr *openapi3.SchemaRef) {
		if sr == nil || sr.Value == nil || seen[sr.Value] {
			return
		}
		s := sr.Value
		seen[s] = true
		for _, group := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			alts := 0
			for _, m := range group {
				if m.Value != nil && !(m.Value.Type != nil && len(*m.Value.Type) == 1 && (*m.Value.Type)[0] == "null") {
					alts++
				}
				walk(m)
			}
			if alts > 1 {
				n++
			}
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
	}
	for _, d := range docs {
		for _, s := range d.OpenAPI.Components.Schemas {
			walk(s)
		}
	}
	return n
}

// TestReleases generates the releases beside the repository (the newest,
// or all with testenv.BuildAllEnv) into a scratch module each and checks
// them there with one build: every domain compiles, with no float32, no
// version namespace left in a type name, and a union type only where the
// document has several alternatives; every JSON result decodes alike
// through the client, json.Unmarshal and encoding/json (see differential);
// and, on the newest release, the code passes go vet and staticcheck, the
// clients speak the API end to end and the facade's examples run (see
// endToEnd). The generated code's shape is the same in every release:
// vetting and staticchecking one is enough.
func TestReleases(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every release: skipped with -short")
	}
	wantDomains := map[string]int{"2022-04-18": 17, "2025-10-10": 23, "2026-03-17": 24, "2026-05-11": 24}
	versioned := regexp.MustCompile(`(?m)^type \w*V\d+[A-Z]\w*`)
	newest := testenv.Newest(t)
	for _, dir := range testenv.Built(t) {
		release := filepath.Base(dir)
		t.Run(release, func(t *testing.T) {
			doms, pkgs := modelRelease(t, dir)
			if want, ok := wantDomains[release]; ok && len(pkgs) != want {
				t.Errorf("%d packages; want %d", len(pkgs), want)
			}
			tree := map[string][]byte{}
			unions := 0
			var domains []Domain
			for i, p := range pkgs {
				for name, src := range p.Files {
					tree[p.Name+"/"+name] = src
					if bytes.Contains(src, []byte("float32")) {
						t.Errorf("%s/%s has a float32", p.Name, name)
					}
					if m := versioned.Find(src); m != nil && name == p.Name+".gen.go" {
						t.Errorf("%s/%s keeps a version namespace: %s", p.Name, name, m)
					}
					unions += bytes.Count(src, []byte("union json.RawMessage"))
				}
				domains = append(domains, DomainOf(doms[i]))
			}
			if want := multiAlternatives(t, dir); unions != want {
				t.Errorf("%d union types; want %d, one per schema with several alternatives", unions, want)
			}
			facade, err := Facade(FacadeOptions{Module: "example.com/generated"}, domains)
			if err != nil {
				t.Fatal(err)
			}
			for name, src := range facade.Files {
				tree[facade.Name+"/"+name] = src
			}
			ops, samples := differential(t, dir, doms, pkgs, tree)
			if ops == 0 || samples != ops*len(decodeSamples()) {
				t.Errorf("%d operations, %d samples: nothing or not every operation was sampled", ops, samples)
			}
			tests := []string{"./difftest"}
			if dir == newest {
				endToEnd(t, tree)
				tests = append(tests, "./e2e", "./"+FacadePackage)
			}
			out := t.TempDir()
			writeTree(t, out, tree)
			testenv.ScratchModule(t, out)
			if dir == newest {
				testenv.Go(t, out, "vet", "./...")
			} else {
				testenv.Go(t, out, "build", "./...")
				testenv.Go(t, out, "vet", "./"+FacadePackage) // its examples
			}
			t.Setenv("STGEN_E2E_SPECS", dir)
			res := testenv.Go(t, out, append([]string{"test", "-count=1", "-v"}, tests...)...)
			counted := false
			for line := range strings.Lines(string(res)) {
				if strings.HasPrefix(line, "difftest: ") {
					t.Log(strings.TrimSpace(strings.TrimPrefix(line, "difftest: ")))
					counted = true
				}
			}
			if !counted {
				t.Errorf("the module's differential test printed no counts:\n%s", res)
			}
			if dir != newest {
				return
			}
			staticcheck := filepath.Join(testenv.RepoRoot(), "bin", "staticcheck")
			if _, err := os.Stat(staticcheck); err == nil {
				var domainDirs []string
				for _, p := range pkgs {
					domainDirs = append(domainDirs, "./"+p.Name)
				}
				testenv.Run(t, out, staticcheck, append(domainDirs, "./"+FacadePackage)...)
			} else if os.Getenv("CI") != "" {
				t.Error("bin/staticcheck is missing: .ci/run installs it (make lint) before the tests")
			}
		})
	}
}

// TestDeterministic generates the newest release twice, from two loads: the
// bytes are the same.
func TestDeterministic(t *testing.T) {
	dir := testenv.Newest(t)
	first, second := generateRelease(t, dir), generateRelease(t, dir)
	if len(first) != len(second) {
		t.Fatalf("%d then %d packages", len(first), len(second))
	}
	for i, p := range first {
		for _, name := range slices.Sorted(maps.Keys(p.Files)) {
			if !bytes.Equal(p.Files[name], second[i].Files[name]) {
				t.Errorf("%s/%s differs between two runs:\n%s", p.Name, name, firstDiff(string(second[i].Files[name]), string(p.Files[name])))
			}
		}
	}
}
