package gen

import (
	"bytes"
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

// TestSwagger2Twin generates the same API written as Swagger 2.0 and as
// OpenAPI 3.0: the Go is the same, but for the header naming the document.
func TestSwagger2Twin(t *testing.T) {
	gen := func(file string) *Package {
		return generateFile(t, filepath.Join("..", "spec", "testdata", "swagger2", file))
	}
	v2, v3 := gen("crm-swagger2.json"), gen("crm-openapi30.json")
	if !slices.Equal(slices.Sorted(maps.Keys(v2.Files)), slices.Sorted(maps.Keys(v3.Files))) {
		t.Fatalf("files %v and %v", slices.Sorted(maps.Keys(v2.Files)), slices.Sorted(maps.Keys(v3.Files)))
	}
	body := func(src []byte) []byte { _, rest, _ := bytes.Cut(src, []byte("\n")); return rest }
	for name, src := range v2.Files {
		if !bytes.Equal(body(src), body(v3.Files[name])) {
			t.Errorf("%s differs between the Swagger 2.0 and the OpenAPI 3.0 document:\n%s", name, firstDiff(string(v3.Files[name]), string(src)))
		}
	}
	if v2.Operations != v3.Operations || v2.Operations == 0 {
		t.Errorf("%d and %d operations", v2.Operations, v3.Operations)
	}
}
