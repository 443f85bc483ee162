package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stgen-dev/stgen/internal/spec"
)

// FuzzPackage generates a package from any document the loader accepts: it
// may fail, but never panic.
func FuzzPackage(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
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
		g.Package(d, nil) //nolint:errcheck // failing is fine; panicking is not
	})
}
