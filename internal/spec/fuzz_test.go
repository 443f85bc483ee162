package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that no input makes Load panic; errors are fine, but each
// must be a *Error naming the file.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"openapi":"3.0.1","servers":[null],"paths":{"/a":null}}`))
	f.Add([]byte("openapi: 3.1.0\nservers: [{url: /a}]\npaths: {/x: {get: {responses: {'200': {$ref: '#/x'}}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "doc")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := Load(file)
		if err != nil {
			return
		}
		if d.Domain == "" || d.BasePath == "" || d.Operations() == 0 {
			t.Errorf("Load = document with Domain %q, BasePath %q, %d operations, no error", d.Domain, d.BasePath, d.Operations())
		}
	})
}
