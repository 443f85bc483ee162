package output

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// snapshot returns testenv.Tree of dir, failing the test if dir holds a
// staging folder.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := testenv.Tree(t, dir)
	for path := range tree {
		if strings.HasPrefix(filepath.Base(path), ".stgen-stage-") {
			t.Errorf("staging folder %s left behind", filepath.Join(dir, path))
		}
	}
	return tree
}

// diffTrees reports how got differs from want, one line per path.
func diffTrees(got, want map[string]string) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[p]; !ok {
			b.WriteString("\n  missing " + p)
		} else if g != want[p] {
			b.WriteString("\n  changed " + p + ": got " + quote(g) + "; want " + quote(want[p]))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			b.WriteString("\n  unexpected " + p)
		}
	}
	return b.String()
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return "\"" + s + "\""
}

func checkTree(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	if d := diffTrees(snapshot(t, dir), want); d != "" {
		t.Errorf("tree of %s differs:%s", dir, d)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func pkg(dir string, nameContent ...string) Package {
	p := Package{Dir: dir, Files: map[string][]byte{}}
	for i := 0; i+1 < len(nameContent); i += 2 {
		p.Files[nameContent[i]] = []byte(nameContent[i+1])
	}
	return p
}

func TestWriteCreates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "deep", "out")
	pkgs := []Package{
		pkg("jpm", "jpm.gen.go", "package jpm\n", "client.gen.go", "package jpm // client\n"),
		pkg("crm", "crm.gen.go", "package crm\n"),
		pkg("empty"),
	}
	if err := Write(out, pkgs, true); err != nil {
		t.Fatalf("Write = %v; want no error", err)
	}
	checkTree(t, out, map[string]string{
		".":                 "/",
		".stgen-lock":       "",
		".stgen-packages":   "crm\nempty\njpm\n",
		"crm":               "/",
		"crm/crm.gen.go":    "package crm\n",
		"empty":             "/",
		"jpm":               "/",
		"jpm/client.gen.go": "package jpm // client\n",
		"jpm/jpm.gen.go":    "package jpm\n",
	})
}

func TestWriteNoPackages(t *testing.T) {
	out := t.TempDir()
	if err := Write(out, nil, true); err != nil {
		t.Fatalf("Write = %v; want no error", err)
	}
	checkTree(t, out, map[string]string{".": "/", ".stgen-lock": "", ".stgen-packages": "\n"})
}

// TestWriteReplacesWhole checks that a package folder is replaced, not
// merged: a generated file the new run does not write is gone; a file stgen
// does not generate stops the run, which leaves out as it was.
func TestWriteReplacesWhole(t *testing.T) {
	out := t.TempDir()
	first := []Package{
		pkg("crm", "crm.gen.go", "package crm // v1\n", "stale.gen.go", "package crm // stale\n"),
		pkg("jpm", "jpm.gen.go", "package jpm // v1\n"),
	}
	if err := Write(out, first, true); err != nil {
		t.Fatal(err)
	}
	second := []Package{
		pkg("crm", "crm.gen.go", "package crm // v2\n"),
		pkg("jpm", "jpm.gen.go", "package jpm // v1\n"),
	}
	for _, own := range []string{"edited.go", filepath.Join("sub", "x.txt")} {
		path := filepath.Join(out, "crm", own)
		writeFile(t, path, "by hand\n")
		before := snapshot(t, out)
		if err := Write(out, second, true); err == nil || !strings.Contains(err.Error(), "not a file stgen generates") {
			t.Errorf("Write over a package holding %s = %v; want an error saying it is not generated", own, err)
		}
		if after := snapshot(t, out); !maps.Equal(before, after) {
			t.Errorf("a refused Write changed out: %v; want %v", after, before)
		}
		if err := os.RemoveAll(filepath.Join(out, "crm", strings.Split(own, string(filepath.Separator))[0])); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(out, second, true); err != nil {
		t.Fatalf("second Write = %v; want no error", err)
	}
	checkTree(t, out, map[string]string{
		".":               "/",
		".stgen-lock":     "",
		".stgen-packages": "crm\njpm\n",
		"crm":             "/",
		"crm/crm.gen.go":  "package crm // v2\n",
		"jpm":             "/",
		"jpm/jpm.gen.go":  "package jpm // v1\n",
	})
}

func TestWritePrune(t *testing.T) {
	tests := []struct {
		name     string
		prune    bool
		manifest string
		jpm      bool // jpm, dropped by the second run, is still there
	}{
		{name: "prune", prune: true, manifest: "crm\n"},
		{name: "keep", prune: false, manifest: "crm\njpm\n", jpm: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			if err := Write(out, []Package{pkg("crm", "crm.gen.go", "v1"), pkg("jpm", "jpm.gen.go", "v1")}, true); err != nil {
				t.Fatal(err)
			}
			// The user's files, which no run of stgen may touch.
			writeFile(t, filepath.Join(out, "README.md"), "# generated\n")
			writeFile(t, filepath.Join(out, "mine", "notes.txt"), "mine\n")
			writeFile(t, filepath.Join(out, "go.mod"), "module example.com/x\n")

			if err := Write(out, []Package{pkg("crm", "crm.gen.go", "v2")}, tt.prune); err != nil {
				t.Fatalf("second Write = %v; want no error", err)
			}
			want := map[string]string{
				".":               "/",
				".stgen-lock":     "",
				".stgen-packages": tt.manifest,
				"README.md":       "# generated\n",
				"go.mod":          "module example.com/x\n",
				"mine":            "/",
				"mine/notes.txt":  "mine\n",
				"crm":             "/",
				"crm/crm.gen.go":  "v2",
			}
			if tt.jpm {
				want["jpm"] = "/"
				want["jpm/jpm.gen.go"] = "v1"
			}
			checkTree(t, out, want)
		})
	}
}

// TestWritePruneKeepsUserFiles checks that a run does not remove a package
// folder the release dropped if a file stgen did not generate was put in it:
// it fails and leaves out as it was.
func TestWritePruneKeepsUserFiles(t *testing.T) {
	out := t.TempDir()
	if err := Write(out, []Package{pkg("crm", "crm.gen.go", "v1"), pkg("jpm", "jpm.gen.go", "v1")}, true); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "jpm", "notes.md"), "mine\n")
	before := snapshot(t, out)
	err := Write(out, []Package{pkg("crm", "crm.gen.go", "v2")}, true)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(out, "jpm", "notes.md")+" is not a file stgen generates") {
		t.Errorf("Write = %v; want an error naming jpm/notes.md", err)
	}
	checkTree(t, out, before)
}

// TestWritePruneKeptThenDropped checks that a package kept by a run without
// pruning is still listed, so that a later pruning run removes it.
func TestWritePruneKeptThenDropped(t *testing.T) {
	out := t.TempDir()
	steps := []struct {
		pkgs  []string
		prune bool
	}{
		{[]string{"crm", "jpm"}, true},
		{[]string{"crm"}, false},
		{[]string{"crm"}, true},
	}
	for _, s := range steps {
		var pkgs []Package
		for _, d := range s.pkgs {
			pkgs = append(pkgs, pkg(d, d+".gen.go", d))
		}
		if err := Write(out, pkgs, s.prune); err != nil {
			t.Fatal(err)
		}
	}
	checkTree(t, out, map[string]string{
		".":               "/",
		".stgen-lock":     "",
		".stgen-packages": "crm\n",
		"crm":             "/",
		"crm/crm.gen.go":  "crm",
	})
}

// TestWritePruneHostileManifest checks that prune removes only plain folder
// names of out, whatever the manifest says.
func TestWritePruneHostileManifest(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	writeFile(t, filepath.Join(root, "sibling", "keep.txt"), "outside\n")
	writeFile(t, filepath.Join(out, ".git", "HEAD"), "ref: refs/heads/main\n")
	writeFile(t, filepath.Join(out, "user", "sub", "keep.txt"), "inside\n")
	writeFile(t, filepath.Join(out, "old", "old.gen.go"), "old\n")
	abs := filepath.Join(root, "sibling")
	writeFile(t, filepath.Join(out, ".stgen-packages"), strings.Join([]string{
		"old", "..", ".", "../sibling", abs, ".git", "user/sub", "",
	}, "\n"))
	if err := Write(out, []Package{pkg("crm", "crm.gen.go", "crm")}, true); err != nil {
		t.Fatalf("Write = %v; want no error", err)
	}
	checkTree(t, root, map[string]string{
		".":                     "/",
		"sibling":               "/",
		"sibling/keep.txt":      "outside\n",
		"out":                   "/",
		"out/.stgen-lock":       "",
		"out/.stgen-packages":   "crm\n",
		"out/.git":              "/",
		"out/.git/HEAD":         "ref: refs/heads/main\n",
		"out/user":              "/",
		"out/user/sub":          "/",
		"out/user/sub/keep.txt": "inside\n",
		"out/crm":               "/",
		"out/crm/crm.gen.go":    "crm",
	})
}

func TestWriteDeterministic(t *testing.T) {
	pkgs := []Package{
		pkg("jpm", "b.go", "b", "a.go", "a", "c.go", "c"),
		pkg("crm", "crm.gen.go", "crm"),
	}
	reversed := slices.Clone(pkgs)
	slices.Reverse(reversed)
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, pkgs, true); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, reversed, true); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(snapshot(t, b), snapshot(t, a)); d != "" {
		t.Errorf("the same packages in another order give another tree:%s", d)
	}
}

// TestWriteSweepsStages removes the staging folders that earlier runs left,
// whatever process ids they are named with (a dead run's, or a live
// process's that reused it): under the lock, no run is using them.
func TestWriteSweepsStages(t *testing.T) {
	out := t.TempDir()
	left := []string{
		filepath.Join(out, stagePrefix+"999999999-123"),
		filepath.Join(out, fmt.Sprintf("%s%d-456", stagePrefix, os.Getppid())),
	}
	for _, dir := range left {
		writeFile(t, filepath.Join(dir, stageNew, "crm", "crm.gen.go"), "package crm\n")
	}
	if err := Write(out, []Package{pkg("crm", "crm.gen.go", "package crm // new\n")}, true); err != nil {
		t.Fatal(err)
	}
	checkTree(t, out, map[string]string{
		".":               "/",
		".stgen-lock":     "",
		".stgen-packages": "crm\n",
		"crm":             "/",
		"crm/crm.gen.go":  "package crm // new\n",
	})
}

func TestWriteFilesBesidePackages(t *testing.T) {
	out := t.TempDir()
	if err := Write(out, release1(), true, File{"names.json", []byte("one\n")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, release2(), true, File{"names.json", []byte("two\n")}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "names.json")); err != nil || string(b) != "two\n" {
		t.Errorf("names.json = %q, %v; want the second run's", b, err)
	}
	for _, bad := range []File{{"crm", []byte("x")}, {".hidden", nil}, {"a/b", nil}} {
		if err := Write(out, release2(), true, bad); err == nil {
			t.Errorf("Write with file %q: no error", bad.Name)
		}
	}
	if err := os.Mkdir(filepath.Join(out, "dir.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, release2(), true, File{"dir.json", nil}); err == nil || !strings.Contains(err.Error(), "is not a file") {
		t.Errorf("Write over a folder: %v; want an error saying it is not a file", err)
	}
}
