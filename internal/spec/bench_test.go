package spec

import (
	"path/filepath"
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
