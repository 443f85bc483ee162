package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestLoadDirReleases loads every real release, and logs how deeply its
// documents nest and how long its chains of references run, against
// maxDepth and maxRefHops. It checks the documents, not concurrency: under
// the race detector, which makes it minutes long, it is skipped, and
// TestLoadDirPartial and TestLoadDir exercise LoadFiles' goroutines.
func TestLoadDirReleases(t *testing.T) {
	if raceEnabled {
		t.Skip("the release-wide check runs without -race (go test ./internal/spec); LoadFiles' goroutines are raced by TestLoadDirPartial")
	}
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
	for _, tt := range tests {
		t.Run(tt.release, func(t *testing.T) {
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
			depth, hops := 0, 0
			var deepest, longest string
			for _, d := range docs {
				ops += d.Operations()
				if d.Domain == "" || d.BasePath == "" {
					t.Errorf("%s: Domain = %q, BasePath = %q; want both set", d.File, d.Domain, d.BasePath)
				}
				root := rawDocument(t, d.File)
				if h := height(root, maxDepth+1); h > depth {
					depth, deepest = h, filepath.Base(d.File)
				}
				c := &refChains{root: root, hops: make(map[string]int)}
				walkRefs(root, "#", func(_, ref string) bool {
					if h := c.follow(ref); h > hops {
						hops, longest = h, filepath.Base(d.File)
					}
					return true
				})
			}
			if ops != tt.operations {
				t.Errorf("LoadDir(%q) = %d operations; want %d", dir, ops, tt.operations)
			}
			t.Logf("nesting %d deep at most (%s; the limit is %d), $ref chains %d long at most (%s; the limit is %d)",
				depth, deepest, maxDepth, hops, longest, maxRefHops)
		})
	}
}

// rawDocument decodes a document into plain values as parse does.
func rawDocument(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	root, err := decodeRaw(file, data, bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
