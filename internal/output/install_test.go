package output

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestInstallFolder moves a folder into place, refuses to replace one
// without replace, and replaces it with.
func TestInstallFolder(t *testing.T) {
	out := t.TempDir()
	stage, final := filepath.Join(out, ".stage"), filepath.Join(out, "release")
	writeFile(t, filepath.Join(stage, "a.json"), "one")
	if previous, err := InstallFolder(stage, final, false); err != nil || previous != "" {
		t.Fatalf("InstallFolder into nothing = %q, %v; want it in place", previous, err)
	}
	writeFile(t, filepath.Join(stage, "b.json"), "two")
	if _, err := InstallFolder(stage, final, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("InstallFolder over a folder without replace = %v; want fs.ErrExist", err)
	}
	previous, err := InstallFolder(stage, final, true)
	if err != nil {
		t.Fatal(err)
	}
	tree := testenv.Tree(t, final)
	if tree["b.json"] != "two" || tree["a.json"] != "" {
		t.Errorf("after replacing: %v; want b.json alone", tree)
	}
	if b, err := os.ReadFile(filepath.Join(previous, "a.json")); err != nil || string(b) != "one" {
		t.Errorf("the previous folder at %s: %q, %v; want a.json", previous, b, err)
	}
}

// TestInstallWithoutExchange checks the replacement used where folders
// cannot be swapped in one step.
func TestInstallWithoutExchange(t *testing.T) {
	out := t.TempDir()
	stage, final := filepath.Join(out, ".stage"), filepath.Join(out, "release")
	writeFile(t, filepath.Join(stage, "new.json"), "new")
	writeFile(t, filepath.Join(final, "old.json"), "old")
	unsupported := func(a, b string) error {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
	}

	if _, err := installFolder(stage, final, false, unsupported); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("installFolder without replace = %v; want fs.ErrExist", err)
	}
	previous, err := installFolder(stage, final, true, unsupported)
	if err != nil {
		t.Fatal(err)
	}
	tree := testenv.Tree(t, out)
	if tree[filepath.Join("release", "new.json")] != "new" || tree[filepath.Join(filepath.Base(previous), "old.json")] != "old" || len(tree) != 5 {
		t.Errorf("after install: %q; want the new release in place and the old one at %s", slices.Sorted(maps.Keys(tree)), previous)
	}
}
