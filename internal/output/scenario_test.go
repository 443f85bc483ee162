package output

import (
	"context"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// scenario is a run over an output folder: the folder before (setup), and
// what the run writes.
type scenario struct {
	name  string
	setup func(t *testing.T, out string)
	pkgs  []Package
	prune bool
	files []File
}

// userFiles writes into out files of the user's own, which no run may touch.
func userFiles(t *testing.T, out string) {
	writeFile(t, filepath.Join(out, "README.md"), "# ours\n")
	writeFile(t, filepath.Join(out, "go.mod"), "module example.com/x\n")
	writeFile(t, filepath.Join(out, "mine", "notes.txt"), "mine\n")
	writeFile(t, filepath.Join(out, ".git", "HEAD"), "ref: refs/heads/main\n")
}

// release1 is the output the scenarios start from, but for the first run.
func release1() []Package {
	return []Package{
		pkg("crm", "crm.gen.go", "package crm // 1\n", "client.gen.go", "package crm // client 1\n"),
		pkg("jpm", "jpm.gen.go", "package jpm // 1\n"),
		pkg("gone", "gone.gen.go", "package gone // 1\n"),
		pkg("servicetitan", "servicetitan.gen.go", "package servicetitan // crm gone jpm\n"),
	}
}

// release2 drops gone, adds pricebook, changes crm and the facade, and
// keeps jpm as it was.
func release2() []Package {
	return []Package{
		pkg("crm", "crm.gen.go", "package crm // 2\n"),
		pkg("jpm", "jpm.gen.go", "package jpm // 1\n"),
		pkg("pricebook", "pricebook.gen.go", "package pricebook // 2\n"),
		pkg("servicetitan", "servicetitan.gen.go", "package servicetitan // crm jpm pricebook\n"),
	}
}

func scenarios() []scenario {
	withRelease1 := func(t *testing.T, out string) {
		t.Helper()
		if err := Write(out, release1(), true, File{"stgen-names.json", []byte("{\"release\": 1}\n")}); err != nil {
			t.Fatal(err)
		}
		userFiles(t, out)
	}
	return []scenario{
		{name: "new release", setup: withRelease1, pkgs: release2(), prune: true, files: []File{{"stgen-names.json", []byte("{\"release\": 2}\n")}}},
		{name: "some domains", setup: withRelease1, pkgs: []Package{
			pkg("crm", "crm.gen.go", "package crm // 2\n"),
			pkg("servicetitan", "servicetitan.gen.go", "package servicetitan // crm 2\n"),
		}},
		{name: "first run", setup: userFiles, pkgs: release2(), prune: true},
		{name: "no packages left", setup: withRelease1, prune: true},
	}
}

// trees returns the tree of the output folder before the run (as the next
// run leaves it, which creates the lock file) and after it, from runs in
// folders of their own, and what Written says in each.
func (s scenario) trees(t *testing.T) (before, after map[string]string, writtenBefore, writtenAfter []string) {
	t.Helper()
	old := t.TempDir()
	s.setup(t, old)
	d, err := Open(context.Background(), old, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	updated := t.TempDir()
	s.setup(t, updated)
	if err := Write(updated, s.pkgs, s.prune, s.files...); err != nil {
		t.Fatal(err)
	}
	return testenv.Tree(t, old), testenv.Tree(t, updated), Written(old), Written(updated)
}

// visible returns tree without stgen's own bookkeeping (staging folders,
// journal, lock): what a reader of the packages sees.
func visible(tree map[string]string) map[string]string {
	return maps.Collect(func(yield func(string, string) bool) {
		for p, c := range tree {
			first := strings.Split(filepath.ToSlash(p), "/")[0]
			if strings.HasPrefix(first, stagePrefix) || first == journalName || first == lockName {
				continue
			}
			if !yield(p, c) {
				return
			}
		}
	})
}
