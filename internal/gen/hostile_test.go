package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/spec"
	"golang.org/x/tools/go/packages"
)

// Input is untrusted: documents come from the network and from pull
// requests, the names file is edited by people. These tests put hostile
// text in every place of a document that reaches the output (descriptions,
// summaries, the title, paths, enum values and their names, property
// names, operation ids) and in the names file, and check the package that
// comes out: it type-checks, declares exactly the names the model
// describes, and holds no directive or build constraint.

// attacks are texts that would become code, or a directive, if they were
// pasted into Go source.
var attacks = []string{
	"x\n*/\nfunc init() { panic(\"pwned\") }\n/*",
	"//go:generate touch PWNED",
	"go:generate touch PWNED",
	"a /* the notes */ b",
	"+build ignore",
	"x\n+build ignore\ny",
	" \t+build linux",
	"\n\n// +build ignore\n\npackage x\n",
	"//line evil.go:1",
	"\"; func init() { panic(1) }; var _ = \"",
	"`; func init() { panic(1) }; var _ = `",
	"\u202e}; func init() {panic(1)} //\u2066",
	"line one\rline two\u2028//go:generate x\u0085end",
	"\x00\x01\x7f",
	"Things.GetList(){}; func init(){panic(\"x\")}; func (r *ThingsResource) X",
}

// places name the places of hostileDoc that carry its text.
var places = []string{
	"title", "info description", "path", "operation id", "summary", "operation description", "tag",
	"parameter name", "parameter description", "response description", "schema description",
	"property name", "property description", "enum value", "enum name",
}

// hostileDoc returns an OpenAPI 3.1 document (JSON) that carries text in
// the places named (see places; every one when none is named), and
// "plain" in the others: its title and description, an operation's path,
// id, summary, description and tag, a parameter's name and description, a
// response's description, schemas' descriptions, a property's name and
// description, an enum's values and their names.
func hostileDoc(text string, at ...string) []byte {
	in := func(place string) string {
		if len(at) == 0 || slices.Contains(at, place) {
			return text
		}
		return "plain"
	}
	enum := map[string]any{"type": "string", "description": in("schema description"), "enum": []any{in("enum value"), "plain"},
		"x-enumNames": []any{in("enum name"), in("enum name")}}
	thing := map[string]any{
		"type":        "object",
		"description": in("schema description"),
		"required":    []any{"id"},
		"properties": map[string]any{
			"id":                map[string]any{"type": "integer", "format": "int64", "description": in("schema description")},
			in("property name"): map[string]any{"type": "string", "description": in("property description")},
			"kind":              map[string]any{"$ref": "#/components/schemas/Kind"},
		},
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": in("title"), "version": "1", "description": in("info description")},
		"servers": []any{map[string]any{"url": "https://api.example.com/hostile/v2"}},
		"paths": map[string]any{
			"/tenant/{tenant}/things/" + in("path"): map[string]any{
				"get": map[string]any{
					"operationId": "Things_" + in("operation id"),
					"summary":     in("summary"),
					"description": in("operation description"),
					"tags":        []any{in("tag")},
					"parameters": []any{
						map[string]any{"name": "tenant", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "format": "int64"}},
						map[string]any{"name": in("parameter name"), "in": "query", "description": in("parameter description"), "schema": map[string]any{"type": "string"}},
					},
					"responses": map[string]any{"200": map[string]any{"description": in("response description"),
						"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Thing"}}}}},
				},
			},
		},
		"components": map[string]any{"schemas": map[string]any{"Thing": thing, "Kind": enum}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

// generateBytes loads a document from bytes and generates its package,
// with recorded names (nil for none). It returns the model too.
func generateBytes(t *testing.T, g *Generator, doc []byte, recorded *names.Domain) (*model.Domain, *Package, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		return nil, nil, err
	}
	dom, err := normalize.Domain(d, recorded)
	if err != nil {
		return nil, nil, err
	}
	p, err := g.Package(dom)
	return dom, p, err
}

// checker type-checks generated packages against the runtime, loaded once.
type checker struct {
	once    sync.Once
	err     error
	imports map[string]*types.Package
	std     types.Importer
}

// runtimeTypes is shared by the tests of this file.
var runtimeTypes checker

// Import implements types.Importer: the runtime and what it imports from
// the loaded packages, the rest of the standard library from export data.
func (c *checker) Import(path string) (*types.Package, error) {
	if p, ok := c.imports[path]; ok {
		return p, nil
	}
	return c.std.Import(path)
}

// load loads the runtime's types once: fuzz targets call it before
// fuzzing, so that no input's time includes it (the fuzzer takes an input
// that runs for seconds for one that hangs).
func (c *checker) load(t testing.TB) {
	t.Helper()
	c.once.Do(func() {
		pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps},
			RuntimePath, "context", "iter", "time", "encoding/json", "errors", "fmt", "net/http")
		if err != nil {
			c.err = err
			return
		}
		c.imports = map[string]*types.Package{}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Types != nil {
				c.imports[p.PkgPath] = p.Types
			}
		})
		c.std = importer.Default()
	})
	if c.err != nil {
		t.Fatal(c.err)
	}
}

// check type-checks a generated package's files.
func (c *checker) check(t *testing.T, p *Package) {
	t.Helper()
	c.load(t)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range slices.Sorted(maps.Keys(p.Files)) {
		f, err := parser.ParseFile(fset, name, p.Files[name], parser.ParseComments)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, p.Files[name])
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: c}
	if _, err := conf.Check(p.Name, fset, files, nil); err != nil {
		t.Fatalf("package %s does not type-check: %v", p.Name, err)
	}
}

// checkSafe checks what a generated package must be whatever the input:
// no directive or build constraint, no block comment, no init function,
// and exactly the package-level names the model describes.
func checkSafe(t *testing.T, dom *model.Domain, p *Package) {
	t.Helper()
	runtimeTypes.check(t, p)
	want := map[string]bool{"Client": true, "NewClient": true, "BasePath": true}
	for _, ty := range dom.Types {
		want[ty.Name] = true
		for _, v := range ty.Values {
			want[v.Const] = true
		}
	}
	for _, r := range dom.Resources {
		want[r.TypeName] = true
		for _, op := range r.Operations {
			if op.Params != nil {
				want[op.Params.TypeName] = true
			}
		}
	}
	got := map[string]bool{}
	for name, src := range p.Files {
		for i, line := range strings.Split(string(src), "\n") {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, "//go:") || strings.HasPrefix(trimmed, "//line") || strings.HasPrefix(trimmed, "/*") ||
				strings.HasPrefix(trimmed, "//export") || strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(trimmed, "//")), "+build") {
				t.Errorf("%s:%d is a directive, build constraint or block comment: %q", name, i+1, line)
			}
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "init" {
					t.Errorf("%s declares an init function", name)
				}
				if d.Recv == nil && !strings.HasPrefix(d.Name.Name, "decode") {
					got[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						got[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							got[n.Name] = true
						}
					}
				}
			}
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("package %s declares %v; the model describes %v", p.Name, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}

// located reports whether err is a located error (file and JSON pointer),
// the only way generation may refuse a hostile document.
func located(err error) bool {
	var se *spec.Error
	return errors.As(err, &se)
}

// TestHostileText puts each attack into every place of one document and,
// when that document is refused, into each place alone, so that the place
// refused hides none of the others.
func TestHostileText(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range attacks {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if !checkHostile(t, g, text) {
				return
			}
			for _, at := range places {
				checkHostile(t, g, text, at)
			}
		})
	}
}

// checkHostile generates hostileDoc(text, at...): it fails with a located
// error that names the file, or gives a package that checkSafe passes. It
// reports whether the document was refused.
func checkHostile(t *testing.T, g *Generator, text string, at ...string) (refused bool) {
	t.Helper()
	where := "every place"
	if len(at) > 0 {
		where = strings.Join(at, ", ")
	}
	dom, p, err := generateBytes(t, g, hostileDoc(text, at...), nil)
	switch {
	case err != nil && located(err):
		if !strings.Contains(err.Error(), "doc.json") {
			t.Errorf("%q in %s: error %v does not name the file", text, where, err)
		}
	case err != nil:
		t.Errorf("%q in %s: %v, not a located error", text, where, err)
	default:
		checkSafe(t, dom, p)
	}
	return err != nil
}

// TestLegitimateComments checks that ordinary text that looks like Go
// comment syntax is kept as text: a description with /* the notes */ or
// with */ does not fail the run.
func TestLegitimateComments(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"see /* the notes */ here", "ends a block */ early", "// a slash pair"} {
		_, p, err := generateBytes(t, g, hostileDoc(text), nil)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !strings.Contains(string(p.Files["hostile.gen.go"]), "// "+text) {
			t.Errorf("%q is not kept as a comment line", text)
		}
	}
}

func TestHostileNames(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	key := names.OperationKey("GET", "/hostile/v2/tenant/{tenant}/things/plain")
	for _, rec := range []*names.Domain{
		{Operations: map[string]names.Operation{key: {Method: "Things.GetList(){}; func init(){panic(\"x\")}; func (r *ThingsResource) X"}}},
		{Schemas: map[string]names.Schema{"Thing": {Name: "Thing struct{}; func init() {}; type X"}}},
		{Schemas: map[string]names.Schema{"Thing": {Name: "string"}}},
		{Constants: map[string]map[string]string{"Kind": {"plain": "KindPlain = 1; func init() {}; const X"}}},
	} {
		_, _, err := generateBytes(t, g, hostileDoc("plain"), rec)
		if err == nil || !located(err) {
			t.Errorf("names %+v: %v; want a located error", rec, err)
		}
	}
}

// TestReservedDomains generates domains whose names Go forbids as an
// import (main, init) or that a program cannot use unshadowed (string):
// they get a safe package name.
func TestReservedDomains(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, domain := range []string{"main", "init", "string", "type"} {
		doc := strings.ReplaceAll(string(hostileDoc("plain")), "/hostile/v2", "/"+domain+"/v2")
		dom, p, err := generateBytes(t, g, []byte(doc), nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != domain+"api" {
			t.Errorf("domain %s is package %s; want %sapi", domain, p.Name, domain)
		}
		checkSafe(t, dom, p)
	}
}

// FuzzHostileText runs the hostile-text check on any text, in the place
// of hostileDoc that where selects (see placeOf).
func FuzzHostileText(f *testing.F) {
	for i, a := range attacks {
		f.Add(a, uint8(len(places)))
		f.Add(a, uint8(i%len(places)))
	}
	g, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	runtimeTypes.load(f)
	f.Fuzz(func(t *testing.T, text string, where uint8) {
		checkHostile(t, g, text, placeOf(where)...)
	})
}

// placeOf returns the place of hostileDoc a fuzz input selects, or none
// (every place) past the last.
func placeOf(where uint8) []string {
	if i := int(where) % (len(places) + 1); i < len(places) {
		return places[i : i+1]
	}
	return nil
}

// shapes are the schema shapes FuzzSchemaGraph builds components of, each
// referring to the components of the indexes it is given.
var graphShapes = []func(a, b string) map[string]any{
	func(a, b string) map[string]any { // an object holding both, required
		return map[string]any{"type": "object", "required": []any{"a", "b"}, "properties": map[string]any{"a": ref(a), "b": ref(b)}}
	},
	func(a, b string) map[string]any { // an object holding one, optional
		return map[string]any{"type": "object", "properties": map[string]any{"a": ref(a)}}
	},
	func(a, _ string) map[string]any { return map[string]any{"type": "array", "items": ref(a)} },
	func(a, _ string) map[string]any {
		return map[string]any{"type": "object", "additionalProperties": ref(a)}
	},
	func(a, b string) map[string]any { return map[string]any{"allOf": []any{ref(a), ref(b)}} },
	func(a, b string) map[string]any { return map[string]any{"oneOf": []any{ref(a), ref(b)}} },
	func(a, _ string) map[string]any {
		return map[string]any{"oneOf": []any{ref(a), map[string]any{"type": "null"}}}
	},
	func(a, _ string) map[string]any { return ref(a) },
	func(a, _ string) map[string]any {
		return map[string]any{"type": "object", "required": []any{"a"}, "properties": map[string]any{"a": map[string]any{"oneOf": []any{ref(a), map[string]any{"type": "null"}}}}}
	},
	func(string, string) map[string]any { return map[string]any{"type": "string", "enum": []any{"A", "B"}} },
	func(string, string) map[string]any { return map[string]any{"type": "integer", "format": "int32"} },
	func(a, _ string) map[string]any {
		return map[string]any{"type": "object", "properties": map[string]any{"n": map[string]any{"type": "object", "properties": map[string]any{"deep": ref(a)}}}}
	},
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// graphDoc builds a document of up to eight components from data: each
// byte triple picks a shape and the components it refers to. The first
// component is a result, the second a request body.
func graphDoc(data []byte) []byte {
	n := min(len(data)/3, 8)
	if n == 0 {
		return nil
	}
	name := func(i byte) string { return string(rune('A' + int(i)%n)) }
	schemas := map[string]any{}
	for i := range n {
		s := data[3*i : 3*i+3]
		schemas[name(byte(i))] = graphShapes[int(s[0])%len(graphShapes)](name(s[1]), name(s[2]))
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "Graph", "version": "1"},
		"servers": []any{map[string]any{"url": "https://api.example.com/graph/v2"}},
		"paths": map[string]any{"/tenant/{tenant}/nodes": map[string]any{"post": map[string]any{
			"operationId": "Nodes_Create",
			"parameters":  []any{map[string]any{"name": "tenant", "in": "path", "required": true, "schema": map[string]any{"type": "integer"}}},
			"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref(name(min(1, byte(n-1))))}}},
			"responses": map[string]any{"200": map[string]any{"description": "ok",
				"content": map[string]any{"application/json": map[string]any{"schema": ref(name(0))}}}},
		}}},
		"components": map[string]any{"schemas": schemas},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

// maxGraphTime bounds the generation of one small schema graph: ample for
// a few components, far below what an exponential walk of a cycle takes.
const maxGraphTime = 5 * time.Second

// FuzzSchemaGraph generates documents of components that refer to each
// other in every shape (through properties, items, additional properties,
// allOf, oneOf and 3.1 null unions, by reference alone): each generates a
// package that type-checks, or fails with one located error, in bounded time.
func FuzzSchemaGraph(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 0, 0},          // A{a A, b A}, required: a struct holding itself
		{2, 0, 0},          // A []A
		{4, 1, 1, 4, 0, 0}, // allOf A -> B -> A
		{6, 0, 0},          // A = oneOf [A, null]
		{7, 1, 1, 7, 0, 0}, // A -> B -> A by reference alone
		{3, 0, 0},          // A map[string]A
		{0, 1, 1, 0, 0, 0}, // A{b B}, B{a A}, required
		{8, 0, 0},          // A{a: oneOf [A, null]}, required
		{5, 0, 1, 9, 0, 0}, // A = oneOf [A, B], B an enum
		{11, 0, 0},         // A{n: {deep: A}}
	} {
		f.Add(seed)
	}
	g, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	runtimeTypes.load(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := graphDoc(data)
		if doc == nil {
			return
		}
		start := time.Now()
		dom, p, err := generateBytes(t, g, doc, nil)
		if d := time.Since(start); d > maxGraphTime {
			t.Fatalf("%s took %s", doc, d)
		}
		if err != nil {
			var crash *EngineError
			if errors.As(err, &crash) || !located(err) {
				t.Fatalf("%s: %v, not a located error", doc, err)
			}
			return
		}
		checkSafe(t, dom, p)
	})
}
