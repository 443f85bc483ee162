package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/sttest"
)

// decodeCase is the JSON result of an operation, as the differential
// test's cases file writes it: its type in the package and in the
// reference package, and the decoder the client decodes it with.
type decodeCase struct {
	Method, Path, Type, Ref, Decoder string
}

// decodeCases lists a domain's JSON results.
func decodeCases(dom *model.Domain) []decodeCase {
	e := &emitter{dom: dom, runtime: RuntimePath}
	var cases []decodeCase
	for _, op := range dom.Operations {
		if op.Result.Kind != model.ResultJSON {
			continue
		}
		cases = append(cases, decodeCase{
			Method: op.HTTPMethod, Path: op.Path,
			Type:    typeExpr(op.Result.Type, ""),
			Ref:     typeExpr(op.Result.Type, dom.Package+"ref."),
			Decoder: fmt.Sprintf("%#v", e.decoderOf(op.Result.Type)),
		})
	}
	return cases
}

// typeExpr spells a Go type of the model, its named types qualified.
func typeExpr(t *model.GoType, qualifier string) string {
	switch t.Kind {
	case model.KindNamed:
		return qualifier + t.Named.Name
	case model.KindPointer, model.KindSlice, model.KindMap:
		return strings.TrimSuffix(t.String(), t.Elem.String()) + typeExpr(t.Elem, qualifier)
	}
	return t.String()
}

// referencePackage returns a package's types as package <name>ref, without
// the decoders file and so without their UnmarshalJSON methods, so that
// encoding/json decodes its types by its own rules.
func referencePackage(t *testing.T, p *Package) map[string][]byte {
	t.Helper()
	name := p.Name + ".gen.go"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, p.Files[name], parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	f.Name.Name = p.Name + "ref"
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{name: b.Bytes()}
}

// decodeSamples are the samples sttest synthesizes per JSON result: how
// many records its collections hold (0 gives empty arrays) and the seed.
func decodeSamples() []struct {
	records int
	seed    uint64
} {
	return []struct {
		records int
		seed    uint64
	}{{0, 0}, {1, 1}, {3, 2}, {8, 3}}
}

// The differential check proves, on every release beside the repository,
// that a generated type decodes the same bytes to the same value through
// the client and through json.Unmarshal, and to what encoding/json decodes
// into a type without the generated UnmarshalJSON: TestReleases writes,
// beside every domain package of the release, a reference copy of each
// package that lacks those methods, lists each package's JSON operations
// with their decoders (from the model) in a DecodeCases function, has
// sttest synthesize each operation's success response with several record
// counts and seeds, and runs testdata/perf/difftest's test, which decodes
// every response the three ways.
//
// The decoders depart from encoding/json on purpose in one place: a
// date-time without an offset ("2026-01-02T03:04:05", taken as UTC) or a
// bare date, which the real API sends and encoding/json refuses (see
// stapi.Decoder.Time). sttest synthesizes RFC 3339 date-times, so no
// difference shows here; stapi's own tests and the formats fixture cover
// those forms.
//
// Requests need no such test: the runtime encodes request bodies with
// encoding/json's Marshal (stapi.Call.Body), so they are identical by
// construction. The module's test asserts it once per release by sending a
// decoded value through the runtime to an echoing server.

// differential adds to tree the differential check of a release's packages
// (see above) and returns how many operations and samples it holds.
func differential(t *testing.T, dir string, doms []*model.Domain, pkgs []*Package, tree map[string][]byte) (ops, samples int) {
	t.Helper()
	difftest, err := os.ReadFile(filepath.Join("testdata", "perf", "difftest", "difftest.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	casesTmpl := template.Must(template.ParseFiles(filepath.Join("testdata", "perf", "cases.go.tmpl")))
	testTmpl := template.Must(template.ParseFiles(filepath.Join("testdata", "perf", "difftest", "decode_test.go.tmpl")))
	api, err := sttest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tree["difftest/difftest.go"] = difftest
	var domains []string
	for i, p := range pkgs {
		calls := decodeCases(doms[i])
		for name, src := range referencePackage(t, p) {
			tree[p.Name+"ref/"+name] = src
		}
		usesRef := strings.Contains(fmt.Sprint(calls), p.Name+"ref.")
		tree[p.Name+"/zz_decodecases.go"] = execute(t, casesTmpl, map[string]any{"Package": p.Name, "Cases": calls, "UsesRef": usesRef})
		domains = append(domains, p.Name)
		for i, c := range calls {
			for j, s := range decodeSamples() {
				body, err := api.Sample(c.Method+" "+c.Path, s.records, sttest.WithSeed(s.seed))
				if err != nil {
					t.Fatalf("%s: %v", p.Name, err)
				}
				tree[fmt.Sprintf("difftest/testdata/%s/%d-%d.json", p.Name, i, j)] = body
				samples++
			}
		}
		ops += len(calls)
	}
	tree["difftest/decode_test.go"] = execute(t, testTmpl, map[string]any{"Release": filepath.Base(dir), "Domains": domains})
	return ops, samples
}

// execute runs a template of testdata into Go source.
func execute(t testing.TB, tmpl *template.Template, data any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeTree writes files, by slash-separated path under dir, making their folders.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
