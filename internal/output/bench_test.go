package output

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkWrite writes a release the size of 2026-05-11 (24 domain
// packages of two files, 80,000 lines in all, and a facade) over the
// previous output, as `stgen generate` does.
func BenchmarkWrite(b *testing.B) {
	var pkgs []Package
	for i := range 24 {
		dir := fmt.Sprintf("domain%02d", i)
		pkgs = append(pkgs, Package{Dir: dir, Files: map[string][]byte{
			dir + ".gen.go": bytes.Repeat([]byte("// a generated line of Go, about forty bytes\n"), 2500),
			"client.gen.go": bytes.Repeat([]byte("// a generated line of Go, about forty bytes\n"), 800),
		}})
	}
	pkgs = append(pkgs, pkg("servicetitan", "servicetitan.gen.go", "package servicetitan\n"))
	out := b.TempDir()
	for b.Loop() {
		if err := Write(out, pkgs, true); err != nil {
			b.Fatal(err)
		}
	}
}
