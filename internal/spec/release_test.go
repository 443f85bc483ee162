package spec

import (
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

func TestLoadDirReleases(t *testing.T) {
	tests := []struct {
		release    string
		domains    int
		operations int
	}{
		{"2022-04-18", 17, 230},
		{"2025-10-10", 23, 494},
		{"2026-03-17", 24, 571},
		{"2026-05-11", 24, 548},
	}
	for i, tt := range tests {
		t.Run(tt.release, func(t *testing.T) {
			if raceEnabled && i != 0 {
				// The oldest release exercises LoadDir's goroutines under the race
				// detector as well; the others would take half a minute more.
				t.Skip("skipped under -race: only the oldest, smallest release is loaded")
			}
			t.Parallel()
			dir := testenv.Release(t, tt.release)
			docs, err := LoadDir(dir)
			if err != nil {
				t.Fatalf("LoadDir(%q) = %v; want no error", dir, err)
			}
			if len(docs) != tt.domains {
				t.Errorf("LoadDir(%q) = %d domains; want %d", dir, len(docs), tt.domains)
			}
			ops := 0
			for _, d := range docs {
				ops += d.Operations()
				if d.Domain == "" || d.BasePath == "" {
					t.Errorf("%s: Domain = %q, BasePath = %q; want both set", d.File, d.Domain, d.BasePath)
				}
			}
			if ops != tt.operations {
				t.Errorf("LoadDir(%q) = %d operations; want %d", dir, ops, tt.operations)
			}
		})
	}
}
