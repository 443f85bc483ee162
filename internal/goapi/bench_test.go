package goapi_test

import (
	"context"
	"testing"

	"github.com/stgen-dev/stgen/internal/goapi"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// BenchmarkCompareReleases measures stgen diff --go's own work on the last
// two real releases: generating both, type-checking both, comparing.
func BenchmarkCompareReleases(b *testing.B) {
	old, new := testenv.Release(b, "2026-03-17"), testenv.Release(b, "2026-05-11")
	for b.Loop() {
		if _, err := goapi.CompareReleases(context.Background(), old, new, goapi.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
