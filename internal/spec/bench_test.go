package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// BenchmarkLoadDir loads each real release whole, as stgen generate does.
func BenchmarkLoadDir(b *testing.B) {
	for _, dir := range testenv.Releases(b) {
		b.Run("release="+filepath.Base(dir), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := LoadDir(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadShapes loads documents of hostile shapes at growing sizes:
// loading must grow with the document, not with its square. Schemas nested
// n deep, and chains of n bare references, are refused; chains of n schemas
// each holding the next as a property or as its items, or twice (a
// diamond), load.
func BenchmarkLoadShapes(b *testing.B) {
	shapes := []struct {
		name string
		doc  func(n int) string
	}{
		{"nested", func(n int) string {
			return openAPIDoc(`{"$ref":"#/components/schemas/Deep"}`, `{"schemas":{"Deep":`+nested(n)+`}}`)
		}},
		{"references", func(n int) string {
			return openAPIDoc(`{"$ref":"#/components/schemas/S0"}`, `{`+chain("schemas", "S", n, `{"type":"object"}`)+`}`)
		}},
		{"properties", func(n int) string { return schemaChain(n, `{"type":"object","properties":{"p":%s}}`) }},
		{"items", func(n int) string { return schemaChain(n, `{"type":"array","items":%s}`) }},
		{"diamond", func(n int) string { return schemaChain(n, `{"type":"object","properties":{"a":%[1]s,"b":%[1]s}}`) }},
	}
	for _, shape := range shapes {
		for _, n := range []int{1000, 2000, 4000} {
			b.Run(fmt.Sprintf("shape=%s/n=%d", shape.name, n), func(b *testing.B) {
				file := filepath.Join(b.TempDir(), "doc.json")
				if err := os.WriteFile(file, []byte(shape.doc(n)), 0o644); err != nil {
					b.Fatal(err)
				}
				_, want := Load(file)
				if (want == nil) != (shape.name != "nested" && shape.name != "references") {
					b.Fatalf("Load = %v", want)
				}
				b.ReportAllocs()
				for b.Loop() {
					Load(file)
				}
			})
		}
	}
}

// schemaChain returns a document of schemas S0 ... Sn-1, each of the shape
// format gives with %s the $ref to the next.
func schemaChain(n int, format string) string {
	var members []string
	for i := range n {
		next := fmt.Sprintf(`{"$ref":"#/components/schemas/S%d"}`, i+1)
		if i == n-1 {
			next = `{"type":"string"}`
		}
		members = append(members, fmt.Sprintf(`"S%d":`, i)+fmt.Sprintf(format, next))
	}
	return openAPIDoc(`{"$ref":"#/components/schemas/S0"}`, `{"schemas":{`+strings.Join(members, ",")+`}}`)
}
