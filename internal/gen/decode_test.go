package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/stgen-dev/stgen/internal/testenv"
	"github.com/stgen-dev/stgen/sttest"
)

// jsonCall is an operation of a generated client whose result is JSON: the
// method and path of its stapi.Call and the decoder it passes to stapi.JSON
// or stapi.JSONValue (the argument before opts).
type jsonCall struct {
	Method, Path string
	// Decoder is the decoder expression as client.gen.go writes it
	// ("decodeCustomerResponse", "stapi.SliceOf(decodeTag)").
	Decoder string
}

// jsonCalls lists the JSON operations of a generated client.gen.go, in
// source order.
func jsonCalls(src []byte) ([]jsonCall, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "client.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var calls []jsonCall
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 5 {
			return true
		}
		fun, ok := call.Fun.(*ast.SelectorExpr)
		if pkg, isIdent := fun.X.(*ast.Ident); !ok || !isIdent || pkg.Name != "stapi" || fun.Sel.Name != "JSON" && fun.Sel.Name != "JSONValue" {
			return true
		}
		dec := call.Args[len(call.Args)-2] // before opts
		c := jsonCall{Decoder: string(src[fset.Position(dec.Pos()).Offset:fset.Position(dec.End()).Offset])}
		if u, ok := call.Args[2].(*ast.UnaryExpr); ok {
			if lit, ok := u.X.(*ast.CompositeLit); ok {
				for _, e := range lit.Elts {
					kv, _ := e.(*ast.KeyValueExpr)
					key, _ := kv.Key.(*ast.Ident)
					val, _ := kv.Value.(*ast.BasicLit)
					if key == nil || val == nil {
						continue
					}
					switch s, _ := strconv.Unquote(val.Value); key.Name {
					case "Method":
						c.Method = s
					case "Path":
						c.Path = s
					}
				}
			}
		}
		if c.Method != "" && c.Path != "" {
			calls = append(calls, c)
		}
		return true
	})
	return calls, nil
}

// TestJSONCalls checks jsonCalls on the shapes generated clients use.
func TestJSONCalls(t *testing.T) {
	src := []byte(`package crm

func (r *CustomersResource) Get(ctx context.Context, id int64, opts ...stapi.Option) (*CustomerResponse, error) {
	return stapi.JSON(ctx, r.core, &stapi.Call{Method: "GET", Path: "/crm/v2/tenant/{tenant}/customers/{id}", Args: []any{id}}, new(CustomerResponse), decodeCustomerResponse, opts)
}

func (r *TagsResource) List(ctx context.Context, opts ...stapi.Option) ([]Tag, error) {
	return stapi.JSONValue(ctx, r.core, &stapi.Call{Method: "GET", Path: "/crm/v2/tenant/{tenant}/tags"}, stapi.SliceOf(decodeTag), opts)
}

func (r *FilesResource) Get(ctx context.Context, opts ...stapi.Option) ([]byte, error) {
	return stapi.Bytes(ctx, r.core, &stapi.Call{Method: "GET", Path: "/crm/v2/tenant/{tenant}/file"}, opts)
}
`)
	got, err := jsonCalls(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []jsonCall{
		{"GET", "/crm/v2/tenant/{tenant}/customers/{id}", "decodeCustomerResponse"},
		{"GET", "/crm/v2/tenant/{tenant}/tags", "stapi.SliceOf(decodeTag)"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("jsonCalls = %v; want %v", got, want)
	}
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

// TestDecodeDifferential proves that the generated JSON decoders decode
// what encoding/json decodes, on every release beside the repository: it
// generates every domain of the release into a scratch module, lists each
// package's JSON operations with their decoders (read from client.gen.go
// with go/ast) in a DecodeCases function, has sttest synthesize each
// operation's success response with several record counts and seeds, and
// runs testdata/perf/difftest's test there, which decodes every response
// with the generated decoder and with encoding/json into the same Go type
// and requires reflect.DeepEqual values. One `go test` per release.
//
// The decoders depart from encoding/json on purpose in one place: a
// date-time without an offset ("2026-01-02T03:04:05", taken as UTC) or a
// bare date, which the real API sends and encoding/json refuses (see
// stapi.Decoder.Time). sttest synthesizes RFC 3339 date-times, so no
// difference shows here; stapi's own tests cover those forms.
//
// Requests need no such test: the runtime encodes request bodies with
// encoding/json's Marshal (stapi.Call.Body), so they are identical by
// construction. The module's test asserts it once per release by sending a
// decoded value through the runtime to an echoing server.
func TestDecodeDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every release's generated code: skipped with -short")
	}
	difftest, err := os.ReadFile(filepath.Join("testdata", "perf", "difftest", "difftest.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	casesTmpl := template.Must(template.ParseFiles(filepath.Join("testdata", "perf", "cases.go.tmpl")))
	testTmpl := template.Must(template.ParseFiles(filepath.Join("testdata", "perf", "difftest", "decode_test.go.tmpl")))
	for _, dir := range testenv.Releases(t) {
		release := filepath.Base(dir)
		t.Run(release, func(t *testing.T) {
			api, err := sttest.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			tree := map[string][]byte{"difftest/difftest.go": difftest}
			var domains []string
			ops, samples := 0, 0
			for _, p := range generateRelease(t, dir) {
				calls, err := jsonCalls(p.Files["client.gen.go"])
				if err != nil {
					t.Fatalf("%s/client.gen.go: %v", p.Name, err)
				}
				for name, src := range p.Files {
					tree[p.Name+"/"+name] = src
				}
				tree[p.Name+"/zz_decodecases.go"] = execute(t, casesTmpl, map[string]any{
					"Package": p.Name,
					"Cases":   calls,
					"Runtime": strings.Contains(fmt.Sprint(calls), "stapi."),
				})
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
			tree["difftest/decode_test.go"] = execute(t, testTmpl, map[string]any{"Release": release, "Domains": domains})
			out := t.TempDir()
			writeTree(t, out, tree)
			testenv.ScratchModule(t, out)
			res := testenv.Go(t, out, "test", "-count=1", "-v", "./difftest")
			found := false
			for line := range strings.Lines(string(res)) {
				if strings.HasPrefix(line, "difftest: ") {
					t.Log(strings.TrimSpace(strings.TrimPrefix(line, "difftest: ")))
					found = true
				}
			}
			if !found {
				t.Errorf("the module's test printed no counts:\n%s", res)
			}
			if ops == 0 || samples != ops*len(decodeSamples()) {
				t.Errorf("%d operations, %d samples: nothing or not every operation was sampled", ops, samples)
			}
		})
	}
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
