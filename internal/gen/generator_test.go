package gen

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// generate builds the model of a document and generates its package.
func generate(g *Generator, d *spec.Document, recorded *names.Domain) (*Package, error) {
	dom, err := normalize.Domain(d, recorded)
	if err != nil {
		return nil, err
	}
	return g.Package(dom)
}

// generateFixture generates the package of one fixture document.
func generateFixture(t *testing.T, name string) *Package {
	t.Helper()
	return generateFile(t, filepath.Join("testdata", "fixtures", name))
}

// generateFile generates the package of the document in file.
func generateFile(t *testing.T, file string) *Package {
	t.Helper()
	_, p := modelFile(t, file)
	return p
}

// modelFile builds the model of the document in file and generates its package.
func modelFile(t *testing.T, file string) (*model.Domain, *Package) {
	t.Helper()
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	dom, err := normalize.Domain(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := g.Package(dom)
	if err != nil {
		t.Fatal(err)
	}
	return dom, p
}

// TestGolden compares the packages generated from the fixtures with
// testdata/golden; run with -update to rewrite them after a deliberate change.
func TestGolden(t *testing.T) {
	fixtures, err := os.ReadDir(filepath.Join("testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures {
		t.Run(f.Name(), func(t *testing.T) {
			p := generateFixture(t, f.Name())
			dir := filepath.Join("testdata", "golden", strings.TrimSuffix(f.Name(), filepath.Ext(f.Name())))
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, name := range slices.Sorted(maps.Keys(p.Files)) {
				golden := filepath.Join(dir, name+".golden")
				if *update {
					if err := os.WriteFile(golden, p.Files[name], 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/gen -run TestGolden -update to create it)", err)
				}
				if !bytes.Equal(p.Files[name], want) {
					t.Errorf("%s differs from %s; run with -update if the change is intended\n%s", name, golden, firstDiff(string(p.Files[name]), string(want)))
				}
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return "lengths differ"
}

// TestDialectsAgree generates the same API written in OpenAPI 3.0 (nullable,
// one-item oneOf) and 3.1 (type arrays, oneOf with null): the Go is the same.
func TestDialectsAgree(t *testing.T) {
	p30 := generateFixture(t, "nullable30.yaml")
	p31 := generateFixture(t, "nullable31.json")
	// The first line names the document, which differs.
	body := func(src []byte) []byte { _, rest, _ := bytes.Cut(src, []byte("\n")); return rest }
	for name, src := range p30.Files {
		if !bytes.Equal(body(src), body(p31.Files[name])) {
			t.Errorf("%s differs between the 3.0 and 3.1 documents:\n%s", name, firstDiff(string(p31.Files[name]), string(src)))
		}
	}
}

// TestQuirks checks the Go shape each ServiceTitan quirk must take.
func TestQuirks(t *testing.T) {
	all := func(p *Package) string {
		var b strings.Builder
		for _, name := range slices.Sorted(maps.Keys(p.Files)) {
			b.Write(p.Files[name])
		}
		return b.String()
	}
	nullable := all(generateFixture(t, "nullable30.yaml"))
	st := all(generateFixture(t, "servicetitan.yaml"))
	union := all(generateFixture(t, "union31.json"))
	for _, c := range []struct {
		name, src, pattern string
		want               bool
	}{
		{"non-null one-item oneOf is the type itself", nullable, `\bKind Kind\b`, true},
		{"required nullable ref is a plain pointer", nullable, `\bAddress \*Address\b`, true},
		{"nullable ref with a type sibling is a plain pointer", nullable, `\bHomeAddress \*Address\b`, true},
		{"decimal is float64", nullable, `\bPrice float64\b`, true},
		{"nullable decimal is *float64", nullable, `\bDiscount \*float64\b`, true},
		{"float is never float32", nullable, `float32`, false},
		{"date-time is time.Time", nullable, `\bCreatedOn \*time\.Time\b`, true},
		{"date is stgen's date type", nullable, `\bDueOn \*stapi\.Date\b`, true},
		{"no third-party type in the API", nullable + st + union, `openapi_types`, false},
		{"int64 stays int64", nullable, `\bID int64\b`, true},
		{"no union wrapper for a single alternative", nullable, `union json\.RawMessage`, false},
		{"namespace dropped", st, `\btype CustomerResponse struct\b`, true},
		{"generic wrapper named without namespace", st, `\btype PaginatedResponseOfCustomerResponse struct\b`, true},
		{"colliding names told apart by namespace", st, `\btype LocationsAddressPatchModel struct\b`, true},
		{"colliding plain name kept", st, `\btype AddressPatchModel struct\b`, true},
		{"no V2 namespace left", st, `\btype \w*V2\w*`, false},
		{"enum constants prefixed by type, from x-enumNames", st, `\bContactTypeMobilePhone\s+ContactType = "MobilePhone"`, true},
		{"duplicate enum value merged", st, `ContactTypeLandlinePhone`, false},
		{"integer enum", st, `\bPriorityHigh\s+Priority = 3`, true},
		{"API initialism", st, `\btype APIErrorResponse struct\b`, true},
		{"enum query parameter takes the enum type", st, `\bActive \*ActiveRequestArg \x60query:"active"\x60`, true},
		{"parameter doc that repeats the name dropped", st, `// Name\n\s*Name \*string`, false},
		{"parameter without its doc", st, `Active \*ActiveRequestArg \x60query:"active"\x60\n\s*Name \*string \x60query:"name"\x60`, true},
		{"deprecated parameter keeps only the notice", st, `\x60query:"name"\x60\n\s*// Deprecated: the API marks this parameter as deprecated\.\n\s*Year \*int32`, true},
		{"object query parameter is a map sent as deepObject", st, `\bCustomFieldFields map\[string\]string \x60query:"customField\.Fields,deepObject"\x60`, true},
		{"tenant lifted out of the method", st, `GetList\(ctx context\.Context, params \*CustomersGetListParams, opts \.\.\.stapi\.Option\)`, true},
		{"tenant in the path, from the client", st, `Path: "/crm/v2/tenant/\{tenant\}/customers"`, true},
		{"typed result, the body struct itself", st, `\) Create\(ctx context\.Context, body CreateCustomerRequest, opts \.\.\.stapi\.Option\) \(\*CustomerResponse, error\)`, true},
		{"no request body alias", st, `JSONRequestBody`, false},
		{"no content and not a download: only the error", st, `\) Delete\(ctx context\.Context, id int64, opts \.\.\.stapi\.Option\) error \{\n\treturn stapi\.Send\(`, true},
		{"download is a stream with its content type", st, `\) GetAttachment\(ctx context\.Context, id int64, opts \.\.\.stapi\.Option\) \(\*stapi\.Download, error\)`, true},
		{"export resource named by what it exports", st, `\(r \*ExportResource\) CustomersFeed\(params \*ExportCustomersParams`, true},
		{"iterator asks for the default page size", st, `stapi\.SetDefault\(&p\.PageSize, int32\(r\.core\.Page\(0\)\)\)`, true},
		{"iterator asks for the maximum the description states", st, `stapi\.SetDefault\(&p\.PageSize, int32\(r\.core\.Page\(500\)\)\)`, true},
		{"iterator asks for the schema's maximum", st, `stapi\.SetDefault\(&p\.PageSize, int32\(r\.core\.Page\(25000\)\)\)`, true},
		{"pages start where the page parameter's minimum says", st, `stapi\.Pages\(ctx, stapi\.FirstPage\(p\.Page, 0\)`, true},
		{"odd operation id takes its resource from the tag", st, `\(r \*LocationsResource\) Locationaddress\(`, true},
		{"multi-alternative anyOf is a usable union", union, `func \(t \*SubmissionOwner\) AsTextUnit\(\)|func \(t \w+\) AsTextUnit\(\)`, true},
		{"anyOf with one non-null alternative is a pointer", union, `\bOwner \*TextUnit\b`, true},
	} {
		// Fields are aligned by gofmt: a space in a pattern matches any run of blanks.
		pattern := strings.ReplaceAll(c.pattern, " ", `\s+`)
		if got := regexp.MustCompile(pattern).MatchString(c.src); got != c.want {
			t.Errorf("%s: match of %q = %v; want %v", c.name, c.pattern, got, c.want)
		}
	}
}

// TestUserTemplates replaces a template from a folder and rejects folders
// that cannot be used, before generating anything.
func TestUserTemplates(t *testing.T) {
	dir := t.TempDir()
	custom := "{{range .Types}}\n// stgen-custom {{.TypeName}}\ntype {{.TypeName}} {{if .IsAlias}}={{end}} {{.Schema.TypeDecl}}\n{{end}}\n"
	if err := os.WriteFile(filepath.Join(dir, "typedef.tmpl"), []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{Templates: dir})
	if err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(filepath.Join("testdata", "fixtures", "nullable30.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := generate(g, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if src := string(p.Files["nullable.gen.go"]); !strings.Contains(src, "// stgen-custom Thing\n") || strings.Contains(src, "defines model for Thing") {
		t.Errorf("the user's typedef.tmpl did not replace stgen's:\n%s", src)
	}

	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "typedef.tmpl"), []byte("{{range .}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(dir, "missing"), "no such file"},
		{t.TempDir(), "holds no *.tmpl file"},
		{filepath.Join(dir, "typedef.tmpl"), "is not a folder"},
		{broken, "typedef.tmpl"},
	} {
		if _, err := New(Options{Templates: c.dir}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%q) = %v; want an error containing %q", c.dir, err, c.want)
		}
	}
}

// TestFixturesCompile builds the package of every fixture, with the facade
// over them all and its examples, in a scratch module: the edge cases
// compile too. There it runs testdata/e2e's formats test (every format
// decodes alike through the client and json.Unmarshal, round-trips, and
// uploads), nullable test (a nullable request field is left out, null or a
// value, in each dialect) and allOf test (an allOf of one member that is
// not an object is a field of that member's type, in each dialect), and
// the facade's examples that need no server, as go test runs them in a
// user's module.
func TestFixturesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code: skipped with -short")
	}
	fixtures, err := os.ReadDir(filepath.Join("testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var pkgs []output.Package
	var domains []Domain
	for _, f := range fixtures {
		dom, p := modelFile(t, filepath.Join("testdata", "fixtures", f.Name()))
		if strings.HasPrefix(f.Name(), "nullable") || strings.HasPrefix(f.Name(), "allof") {
			// Each dialect's, for the nullable and allOf tests.
			pkgs = append(pkgs, output.Package{Dir: strings.TrimSuffix(f.Name(), filepath.Ext(f.Name())), Files: p.Files})
		}
		if slices.ContainsFunc(domains, func(d Domain) bool { return d.Package == p.Name }) {
			continue // the same API in another dialect
		}
		pkgs = append(pkgs, output.Package{Dir: p.Name, Files: p.Files})
		domains = append(domains, DomainOf(dom))
	}
	facade, err := Facade(FacadeOptions{Module: "example.com/generated"}, domains)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]byte{}
	for _, name := range []string{"formats_test.go", "nullable_test.go", "allof_test.go"} {
		if tests[name], err = os.ReadFile(filepath.Join("testdata", "e2e", name+".txt")); err != nil {
			t.Fatal(err)
		}
	}
	pkgs = append(pkgs,
		output.Package{Dir: facade.Name, Files: facade.Files},
		output.Package{Dir: "e2e", Files: tests},
	)
	if err := output.Write(out, pkgs, true); err != nil {
		t.Fatal(err)
	}
	testenv.ScratchModule(t, out)
	testenv.Go(t, out, "vet", "./...")
	if facade.Files[ExampleFile] == nil {
		t.Fatal("the facade over the fixtures has no examples")
	}
	testenv.Go(t, out, "test", "-count=1", "./e2e", "./"+FacadePackage)
}

// TestCollisions checks how names that meet are told apart, and that a
// meeting the generator cannot resolve is an error, not broken Go.
func TestCollisions(t *testing.T) {
	src := string(generateFixture(t, "collisions.yaml").Files["client.gen.go"])
	for _, want := range []string{
		"func (r *WidgetsResource) GetListAll(ctx context.Context, opts ...stapi.Option) ([]WidgetsGetListAllItem, error)",
		"func (r *WidgetsResource) GetListAll2(ctx context.Context, params *WidgetsGetListParams, opts ...stapi.Option) iter.Seq2[WidgetsGetListItem, error]",
		"Put(ctx context.Context, url string, bodyParam string, body WidgetsGetListParams2, opts ...stapi.Option) error",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}

	doc := `{"openapi": "3.0.1", "info": {"title": "T", "version": "1"},
	  "servers": [{"url": "https://api.example.com/t/v2"}],
	  "paths": {"/tenant/{tenant}/k": {"get": {"operationId": "K_Get",
	    "parameters": [{"name": "tenant", "in": "path", "required": true, "schema": {"type": "integer"}}],
	    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Both"}}}}}}}},
	  "components": {"schemas": {
	    "Both": {"type": "object", "properties": {
	      "kind": {"$ref": "#/components/schemas/Kind"}, "phone": {"$ref": "#/components/schemas/KindPhone"}}},
	    "Kind": {"type": "string", "enum": ["Phone"]},
	    "KindPhone": {"type": "object", "properties": {"x": {"type": "string"}}}}}}`
	file := filepath.Join(t.TempDir(), "t.json")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generate(g, d, nil); err == nil || !strings.Contains(err.Error(), "KindPhone is declared twice") || !strings.Contains(err.Error(), file) {
		t.Errorf("a schema named like an enum constant: %v; want an error naming the file and KindPhone", err)
	}
}

// TestReportIteratorPageSize checks that a report's row iterator asks for
// 25,000 rows a page, the most ServiceTitan's report data takes, unless
// the document states another maximum.
func TestReportIteratorPageSize(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ schema, want string }{
		{`{"type": "integer", "format": "int32"}`, "r.core.Page(25000)"},
		{`{"type": "integer", "format": "int32", "maximum": 1000}`, "r.core.Page(1000)"},
	} {
		doc := bytes.Replace(reportDoc("/tenant/{tenant}/reports/{id}/data"),
			[]byte(`{"name": "page", "in": "query", "schema": {"type": "integer"}}`),
			[]byte(`{"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "pageSize", "in": "query", "schema": `+c.schema+`}`), 1)
		_, p, err := generateBytes(t, g, doc, nil)
		if err != nil {
			t.Fatal(err)
		}
		src := string(p.Files["client.gen.go"])
		if !strings.Contains(src, "GetDataAll(") || !strings.Contains(src, "stapi.SetDefault(&p.PageSize, int32("+c.want+"))") {
			t.Errorf("pageSize %s: the report's iterator does not ask for %s:\n%s", c.schema, c.want, src)
		}
	}
}

// TestPackageDoc checks that the package doc describes the package as it
// is: every file it names exists, and it names the model Package takes.
func TestPackageDoc(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	// A source file's name, not a generated one's (client.gen.go).
	files := regexp.MustCompile(`[\s(]([a-z_0-9]+\.go)\b`).FindAllStringSubmatch(string(doc), -1)
	if len(files) == 0 {
		t.Fatal("the package doc names no file")
	}
	for _, m := range files {
		if name := m[1]; !fileExists(name) {
			t.Errorf("the package doc names %s, which the package does not have", name)
		}
	}
	if !strings.Contains(string(doc), "[model.Domain]") {
		t.Error("the package doc does not say that gen renders a model.Domain")
	}
}

// fileExists reports whether the package's folder holds a file of that name.
func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
