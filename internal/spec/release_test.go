package spec

import (
	"os"
	"path/filepath"
	"testing"
)

// releases is where the vendor's releases are kept, beside the repository.
const releases = "../../../shared/specs/servicetitan"

// releaseDir returns the folder of a release, skipping the test when it is
// missing, unless running in CI, where it must be there.
func releaseDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(releases, name)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("release %s missing in CI: %v", name, err)
		}
		t.Skipf("release %s not here: %v", name, err)
	}
	return dir
}

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
			dir := releaseDir(t, tt.release)
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
