package goapi_test

import (
	"context"
	"testing"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/goapi"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// BenchmarkCompareReleases measures stgen diff --go's own work on the last
// two real releases, once they are modelled: generating both, type-checking
// both, comparing.
func BenchmarkCompareReleases(b *testing.B) {
	old, new, err := diff.LoadPair(testenv.Release(b, "2026-03-17"), testenv.Release(b, "2026-05-11"), nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := goapi.CompareReleases(context.Background(), goapi.Release{Name: old.Name, Domains: old.Domains}, goapi.Release{Name: new.Name, Domains: new.Domains}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
