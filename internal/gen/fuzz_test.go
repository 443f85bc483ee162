package gen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
)

// FuzzPackage generates a package from any document the loader accepts: it
// may fail, with an error, but never panic, and oapi-codegen must never
// crash on what stgen hands it (an *EngineError is a bug in the lowering).
func FuzzPackage(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	// Types that hold each other: required properties in a cycle.
	f.Add([]byte(`{"openapi":"3.0.1","info":{"title":"x","version":"1"},"servers":[{"url":"https://x/crm/v2"}],
"paths":{"/tenant/{tenant}/a":{"get":{"operationId":"A_Get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},
"components":{"schemas":{"A":{"type":"object","required":["b"],"properties":{"b":{"$ref":"#/components/schemas/B"}}},"B":{"type":"object","required":["a"],"properties":{"a":{"$ref":"#/components/schemas/A"}}}}}}`))
	for _, fixture := range fixtures {
		b, err := os.ReadFile(fixture)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	g, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		file := filepath.Join(t.TempDir(), "doc.json")
		if err := os.WriteFile(file, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := spec.Load(file)
		if err != nil {
			return
		}
		if _, err := generate(g, d, nil); err != nil {
			var crash *EngineError
			if errors.As(err, &crash) {
				t.Fatalf("oapi-codegen crashed on a document the loader accepted: %v", err)
			}
		}
	})
}
