package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// TestSwapRollsBack fails each rename of a swap in turn: every time, the
// output folder is left as it was.
func TestSwapRollsBack(t *testing.T) {
	for failAt := 0; ; failAt++ {
		out := t.TempDir()
		if err := Write(out, []Package{
			{Dir: "crm", Files: map[string][]byte{"a.go": []byte("old crm")}},
			{Dir: "gone", Files: map[string][]byte{"a.go": []byte("old gone")}},
		}, true); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, out)

		stage := filepath.Join(out, ".stgen-stage-test")
		pkgs := []Package{
			{Dir: "crm", Files: map[string][]byte{"a.go": []byte("new crm")}},
			{Dir: "jpm", Files: map[string][]byte{"a.go": []byte("new jpm")}},
		}
		for _, p := range pkgs {
			if err := writePackage(filepath.Join(stage, p.Dir), p.Files); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(stage, manifestName), []byte("crm\njpm\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		calls := 0
		boom := errors.New("injected rename failure")
		err := swap(out, stage, pkgs, []string{"gone"}, func(from, to string) error {
			calls++
			if calls == failAt+1 {
				return boom
			}
			return os.Rename(from, to)
		})
		if err == nil {
			if failAt == 0 {
				t.Fatal("no rename was made")
			}
			return // every rename has had its turn to fail
		}
		if !errors.Is(err, boom) {
			t.Fatalf("rename %d failing: swap = %v; want the injected failure", failAt+1, err)
		}
		if err := os.RemoveAll(stage); err != nil {
			t.Fatal(err)
		}
		if after := snapshot(t, out); !maps.Equal(before, after) {
			t.Errorf("rename %d failing left %v; want %v", failAt+1, after, before)
		}
	}
}
