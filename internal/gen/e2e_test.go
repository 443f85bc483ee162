package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// endToEnd adds to tree, a module of the newest release's packages and
// facade, testdata/e2e's tests: they call the clients through the real
// authmw against sttest's fake of the release, and against a server
// answering as the real API does where it departs from the documents, and
// run the facade's examples against sttest.
func endToEnd(t *testing.T, tree map[string][]byte) {
	t.Helper()
	for name, to := range map[string]string{"client_test.go": "e2e/client_test.go", "examples_test.go": FacadePackage + "/zz_examples.gen_test.go"} {
		src, err := os.ReadFile(filepath.Join("testdata", "e2e", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		tree[to] = src
	}
	if tree[FacadePackage+"/"+ExampleFile] == nil {
		t.Fatal("the facade has no examples")
	}
}

// TestEndToEndSwagger2 generates the client of a hand-written Swagger 2.0
// document (internal/spec's fixture) into a scratch module and runs
// testdata/e2e's swagger2 test there, against sttest serving that document.
func TestEndToEndSwagger2(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated code: skipped with -short")
	}
	specs := t.TempDir()
	fixture, err := os.ReadFile(filepath.Join("..", "spec", "testdata", "swagger2", "crm-swagger2.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A file name as the portal gave them once.
	if err := os.WriteFile(filepath.Join(specs, "tenant-crm-v2 (1).json"), fixture, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(filepath.Join(specs, "tenant-crm-v2 (1).json"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	title := d.Title()
	p, err := generate(g, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	facade, err := Facade(FacadeOptions{Module: "example.com/generated"}, []Domain{{Package: p.Name, Title: title}})
	if err != nil {
		t.Fatal(err)
	}
	test, err := os.ReadFile(filepath.Join("testdata", "e2e", "swagger2_test.go.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	pkgs := []output.Package{
		{Dir: p.Name, Files: p.Files},
		{Dir: facade.Name, Files: facade.Files},
		{Dir: "e2e", Files: map[string][]byte{"swagger2_test.go": test}},
	}
	if err := output.Write(out, pkgs, true); err != nil {
		t.Fatal(err)
	}
	testenv.ScratchModule(t, out)
	t.Setenv("STGEN_E2E_SPECS", specs)
	t.Logf("go test in the generated module:\n%s", testenv.Go(t, out, "test", "-count=1", "-v", "./e2e"))
}
