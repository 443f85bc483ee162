package gen

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/output"
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

// TestReleasesCompile generates every release beside the repository into a
// scratch module and builds, vets and staticchecks it: every domain of every release
// compiles, with no float32, no namespace left in a type name, and a union
// type only where the document has several alternatives.
func TestReleasesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every release: skipped with -short")
	}
	wantDomains := map[string]int{"2022-04-18": 17, "2025-10-10": 23, "2026-03-17": 24, "2026-05-11": 24}
	versioned := regexp.MustCompile(`(?m)^type \w*V\d+[A-Z]\w*`)
	for _, dir := range testenv.Releases(t) {
		release := filepath.Base(dir)
		t.Run(release, func(t *testing.T) {
			pkgs := generateRelease(t, dir)
			if want, ok := wantDomains[release]; ok && len(pkgs) != want {
				t.Errorf("%d packages; want %d", len(pkgs), want)
			}
			out := t.TempDir()
			var files []output.Package
			unions := 0
			for _, p := range pkgs {
				files = append(files, output.Package{Dir: p.Name, Files: p.Files})
				for name, src := range p.Files {
					if bytes.Contains(src, []byte("float32")) {
						t.Errorf("%s/%s has a float32", p.Name, name)
					}
					if m := versioned.Find(src); m != nil && name == p.Name+".gen.go" {
						t.Errorf("%s/%s keeps a version namespace: %s", p.Name, name, m)
					}
					unions += bytes.Count(src, []byte("union json.RawMessage"))
				}
			}
			if want := multiAlternatives(t, dir); unions != want {
				t.Errorf("%d union types; want %d, one per schema with several alternatives", unions, want)
			}
			var domains []Domain
			for _, p := range pkgs {
				domains = append(domains, Domain{Package: p.Name, Title: p.Title})
			}
			facade, err := Facade(FacadeOptions{Module: "example.com/generated"}, domains)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, output.Package{Dir: facade.Name, Files: facade.Files})
			if err := output.Write(out, files, true); err != nil {
				t.Fatal(err)
			}
			testenv.ScratchModule(t, out)
			testenv.Go(t, out, "build", "./...")
			testenv.Go(t, out, "vet", "./...")
			staticcheck := filepath.Join(testenv.RepoRoot(), "bin", "staticcheck")
			if _, err := os.Stat(staticcheck); err == nil {
				testenv.Run(t, out, staticcheck, "./...")
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
