package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
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

// checker type-checks generated packages against the runtime and authmw,
// loaded once.
type checker struct {
	once    sync.Once
	err     error
	imports map[string]*types.Package
	std     types.Importer
}

// runtimeTypes is shared by the tests of this file.
var runtimeTypes checker

// Import implements types.Importer: the runtime, authmw and what they
// import from the loaded packages, the rest of the standard library from
// export data.
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
			RuntimePath, AuthPath, "context", "iter", "time", "encoding/json", "errors", "fmt", "net/http", "log", "os")
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

// importing imports the packages it holds, by path, and the rest as the
// checker does.
type importing struct {
	c    *checker
	pkgs []*types.Package
}

// Import implements types.Importer.
func (im importing) Import(path string) (*types.Package, error) {
	for _, p := range im.pkgs {
		if p.Path() == path {
			return p, nil
		}
	}
	return im.c.Import(path)
}

// check type-checks a package's files as the package of import path,
// which may import pkgs beside the runtime, authmw and the standard
// library, and returns its types.
func (c *checker) check(t testing.TB, path string, files map[string][]byte, pkgs ...*types.Package) *types.Package {
	t.Helper()
	c.load(t)
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", name, err, files[name])
		}
		parsed = append(parsed, f)
	}
	conf := types.Config{Importer: importing{c, pkgs}}
	pkg, err := conf.Check(path, fset, parsed, nil)
	if err != nil {
		t.Fatalf("package %s does not type-check: %v", path, err)
	}
	return pkg
}

// decls are what a package declares.
type decls struct {
	// top holds the package-level names: types, constants, variables and
	// functions.
	top map[string]bool
	// methods holds the names of the methods of each receiver type.
	methods map[string]map[string]bool
}

// method adds methods of recv; "" is no method.
func (d decls) method(recv string, names ...string) {
	for _, n := range names {
		if n == "" {
			continue
		}
		if d.methods[recv] == nil {
			d.methods[recv] = map[string]bool{}
		}
		d.methods[recv][n] = true
	}
}

// readDecls returns what a package's files declare. It fails the test on
// a line that is a directive, a build constraint or a block comment, none
// of which stgen writes, and on an init function.
func readDecls(t testing.TB, files map[string][]byte) decls {
	t.Helper()
	d := decls{top: map[string]bool{}, methods: map[string]map[string]bool{}}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		src := files[name]
		for i, line := range strings.Split(string(src), "\n") {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, "//go:") || strings.HasPrefix(trimmed, "//line") || strings.HasPrefix(trimmed, "/*") ||
				strings.HasPrefix(trimmed, "//export") || strings.HasPrefix(trimmed, "//extern") ||
				strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(trimmed, "//")), "+build") {
				t.Errorf("%s:%d is a directive, build constraint or block comment: %q", name, i+1, line)
			}
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch x := decl.(type) {
			case *ast.FuncDecl:
				switch {
				case x.Name.Name == "init":
					t.Errorf("%s declares an init function", name)
				case x.Recv == nil:
					d.top[x.Name.Name] = true
				default:
					recv := x.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					d.method(types.ExprString(recv), x.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range x.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						d.top[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							d.top[n.Name] = true
						}
					}
				}
			}
		}
	}
	return d
}

// modelDecls returns what a domain's package declares by its model: the
// client's names, the types, enum constants and parameters types, a
// decoder function for every type but an enum (a runtime function decodes
// those), and the methods of each type: UnmarshalJSON on every type, Valid
// on an enum, MarshalJSON and an As and a From per alternative on a union,
// RecordKey on an export's item that has an id and a modifiedOn, and each
// operation's method and iterators on its resource's type.
func modelDecls(dom *model.Domain) decls {
	d := decls{top: map[string]bool{normalize.ClientType: true, normalize.NewClientFunc: true, normalize.BasePathConst: true}, methods: map[string]map[string]bool{}}
	for _, ty := range dom.Types {
		d.top[ty.Name] = true
		d.method(ty.Name, "UnmarshalJSON")
		switch ty.Kind {
		case model.Enum:
			d.method(ty.Name, "Valid")
			for _, v := range ty.Values {
				d.top[v.Const] = true
			}
			continue
		case model.Union:
			d.method(ty.Name, "MarshalJSON")
			for _, a := range ty.Alternatives {
				d.method(ty.Name, "As"+a.Named.Name, "From"+a.Named.Name)
			}
		}
		d.top["decode"+ty.Name] = true
	}
	for _, r := range dom.Resources {
		d.top[r.TypeName] = true
		for _, op := range r.Operations {
			if op.Params != nil {
				d.top[op.Params.TypeName] = true
			}
			d.method(r.TypeName, op.Method)
			pg := op.Pager
			if pg == nil {
				continue
			}
			d.method(r.TypeName, pg.All, pg.Feed, pg.Since)
			if item := pg.Item.Deref(); len(pg.Identity) == 2 && item.Kind == model.KindNamed {
				d.method(item.Named.Name, "RecordKey")
			}
		}
	}
	return d
}

// sameDecls fails the test unless got declares what want does.
func sameDecls(t testing.TB, pkg string, got, want decls) {
	t.Helper()
	if !maps.Equal(got.top, want.top) {
		t.Errorf("package %s declares %v; want %v", pkg, slices.Sorted(maps.Keys(got.top)), slices.Sorted(maps.Keys(want.top)))
	}
	recvs := maps.Clone(got.methods)
	maps.Copy(recvs, want.methods)
	for _, recv := range slices.Sorted(maps.Keys(recvs)) {
		if !maps.Equal(got.methods[recv], want.methods[recv]) {
			t.Errorf("package %s declares the methods %v of %s; want %v", pkg, slices.Sorted(maps.Keys(got.methods[recv])), recv, slices.Sorted(maps.Keys(want.methods[recv])))
		}
	}
}

// hostileModule is the module the hostile tests put the packages they generate in.
const hostileModule = "example.com/st"

// checkSafe checks what a generated package must be whatever the input:
// it type-checks, has no directive, build constraint or block comment and
// no init function, declares exactly the package-level names and the
// methods the model describes, and gives each enum constant the model's
// value; and so does the facade over it (see checkFacade).
func checkSafe(t testing.TB, dom *model.Domain, p *Package) {
	t.Helper()
	pkg := runtimeTypes.check(t, hostileModule+"/"+p.Name, p.Files)
	sameDecls(t, p.Name, readDecls(t, p.Files), modelDecls(dom))
	for _, ty := range dom.Types {
		for _, v := range ty.Values {
			var want constant.Value
			switch x := v.Value.(type) {
			case string:
				want = constant.MakeString(x)
			case int64:
				want = constant.MakeInt64(x)
			}
			c, ok := pkg.Scope().Lookup(v.Const).(*types.Const)
			if !ok || want == nil || !constant.Compare(c.Val(), token.EQL, want) {
				t.Errorf("constant %s of package %s is %v; the model's value is %#v", v.Const, p.Name, c, v.Value)
			}
		}
	}
	checkFacade(t, dom, pkg)
}

// checkFacade generates the facade over a domain's package alone (pkg, as
// type-checked) and checks it as checkSafe checks the package: it
// type-checks, examples included, has no directive, build constraint or
// block comment and no init function, and declares what the facade over
// the same domain titled plainly declares, its Client having one field,
// the domain's, an exported name: the title reaches the facade only as the
// text of a comment line and through that field's name.
func checkFacade(t testing.TB, dom *model.Domain, pkg *types.Package) {
	t.Helper()
	d := DomainOf(dom)
	plain := d
	plain.Title = "Plain"
	opts := FacadeOptions{Module: hostileModule}
	got, err := Facade(opts, []Domain{d})
	if err != nil {
		t.Fatalf("the facade of a domain titled %q: %v", dom.Title, err)
	}
	want, err := Facade(opts, []Domain{plain})
	if err != nil {
		t.Fatal(err)
	}
	checkFacadeFiles(t, d, got.Files, want.Files, pkg)
}

// checkFacadeFiles checks the files of the facade over domain d alone
// against want, the files of the facade over d titled plainly.
func checkFacadeFiles(t testing.TB, d Domain, files, want map[string][]byte, pkg *types.Package) {
	t.Helper()
	main := map[string][]byte{FacadePackage + ".gen.go": files[FacadePackage+".gen.go"]}
	facade := runtimeTypes.check(t, hostileModule+"/"+FacadePackage, main, pkg)
	if ex, ok := files[ExampleFile]; ok {
		runtimeTypes.check(t, hostileModule+"/"+FacadePackage+"_test", map[string][]byte{ExampleFile: ex}, facade, pkg)
	}
	sameDecls(t, FacadePackage, readDecls(t, files), readDecls(t, want))
	var client *types.Struct
	if obj := facade.Scope().Lookup("Client"); obj != nil {
		client, _ = obj.Type().Underlying().(*types.Struct)
	}
	if client == nil || client.NumFields() != 1 || client.Field(0).Name() != d.FieldName() || !client.Field(0).Exported() {
		t.Errorf("the facade's Client of a domain titled %q is %v; want one exported field %s", d.Title, client, d.FieldName())
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
	func(a, _ string) map[string]any {
		return map[string]any{"allOf": []any{ref(a), map[string]any{"description": "annotated", "nullable": true}}}
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
// allOf, an allOf of one member beside annotations, oneOf and 3.1 null
// unions, by reference alone): each generates a package that type-checks,
// or fails with one located error, in bounded time.
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
	f.Add([]byte{12, 1, 1, 12, 0, 0}) // A = allOf [B, annotations], B = allOf [A, annotations]
	f.Add([]byte{12, 1, 1, 9, 0, 0})  // A = allOf [B, annotations], B an enum
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
