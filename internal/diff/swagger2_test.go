package diff

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSwagger2TwinNoChange: a domain that moved from Swagger 2.0 to
// OpenAPI 3.0 between releases diffs by its API, not its format: the same
// API in both is no change.
func TestSwagger2TwinNoChange(t *testing.T) {
	release := func(file string) string {
		dir := t.TempDir()
		b, err := os.ReadFile(filepath.Join("..", "spec", "testdata", "swagger2", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	old, new, err := LoadPair(release("crm-swagger2.json"), release("crm-openapi30.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := Compare(old, new)
	for _, c := range r.Changes {
		t.Errorf("%s %s: %s", c.Kind, c.Operation, c.Message)
	}
}
