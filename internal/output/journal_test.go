package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestUndoFindsSomethingInTheWay fails a run after it moved crm out, while
// someone puts a folder of their own at crm: undoing must not delete that
// folder nor the old crm, so the run fails keeping its journal, and so does
// the next; once the folder is moved away, the next run restores the old
// output whole.
func TestUndoFindsSomethingInTheWay(t *testing.T) {
	sc := scenarios()[0]
	before, _, writtenBefore, _ := sc.trees(t)
	out := t.TempDir()
	sc.setup(t, out)
	boom := errors.New("injected failure")
	err := write(out, sc.pkgs, sc.prune, sc.files, func(n int, step string) error {
		if strings.HasPrefix(step, "rename "+stagePrefix) && strings.HasSuffix(step, " to crm") {
			writeFile(t, filepath.Join(out, "crm", "mine.go"), "mine\n")
			return boom
		}
		return nil
	})
	mine := filepath.Join(out, "crm")
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), mine+" is there") || !strings.Contains(err.Error(), "run stgen again") {
		t.Fatalf("Write = %v; want the injected failure, and undoing failing on %s", err, mine)
	}
	if got := Written(out); !slices.Equal(got, writtenBefore) {
		t.Errorf("Written = %q; want %q", got, writtenBefore)
	}
	stuck := testenv.Tree(t, out)
	if _, ok := stuck[journalName]; !ok {
		t.Fatalf("no journal left after undoing failed: %v", stuck)
	}
	err = Write(out, release3(), true)
	if err == nil || !strings.Contains(err.Error(), mine+" is there") {
		t.Errorf("the next Write = %v; want an error naming %s", err, mine)
	}
	if d := diffTrees(testenv.Tree(t, out), stuck); d != "" {
		t.Errorf("the next Write changed the tree:%s", d)
	}

	if err := os.RemoveAll(mine); err != nil {
		t.Fatal(err)
	}
	d, err := Open(context.Background(), out, nil)
	if err != nil {
		t.Fatalf("recovery = %v; want none", err)
	}
	d.Close()
	checkTree(t, out, before)
}

// TestJournalNotStgens checks that a journal naming paths outside the
// package folders of out and its own staging folder, or one that is not
// stgen's at all, makes Write fail without renaming anything, and that
// Written then reads the package list.
func TestJournalNotStgens(t *testing.T) {
	stage := stagePrefix + "1-1"
	tests := []struct {
		name, journal string
	}{
		{"not JSON", "crm -> .old\n"},
		{"climbing out", `{"stage": "` + stage + `", "moves": [{"from": "../sibling", "to": "crm"}]}`},
		{"absolute", `{"stage": "` + stage + `", "moves": [{"from": "crm", "to": "/tmp/crm"}]}`},
		{"hidden", `{"stage": "` + stage + `", "moves": [{"from": ".git", "to": "` + stage + `/old/.git"}]}`},
		{"nested", `{"stage": "` + stage + `", "moves": [{"from": "mine/notes.txt", "to": "` + stage + `/old/notes.txt"}]}`},
		{"deep in the stage", `{"stage": "` + stage + `", "moves": [{"from": "crm", "to": "` + stage + `/old/a/b"}]}`},
		{"other stage", `{"stage": "` + stage + `", "moves": [{"from": "crm", "to": "` + stagePrefix + `2-2/old/crm"}]}`},
		{"stage not stgen's", `{"stage": "mine", "moves": [{"from": "crm", "to": "mine/old/crm"}]}`},
		{"stage climbing out", `{"stage": "..", "moves": [{"from": "crm", "to": "../old/crm"}]}`},
		{"stage gone", `{"stage": "` + stagePrefix + `3-3", "moves": [{"from": "crm", "to": "` + stagePrefix + `3-3/old/crm"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "out")
			writeFile(t, filepath.Join(root, "sibling", "keep.txt"), "outside\n")
			if err := Write(out, release1(), true); err != nil {
				t.Fatal(err)
			}
			userFiles(t, out)
			for _, sub := range []string{stageNew, stageOld} {
				if err := os.MkdirAll(filepath.Join(out, stage, sub), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			writeFile(t, filepath.Join(out, journalName), tt.journal)
			before := testenv.Tree(t, root)
			err := Write(out, release2(), true)
			if err == nil || !strings.Contains(err.Error(), journalName) {
				t.Errorf("Write = %v; want an error naming %s", err, journalName)
			}
			if d := diffTrees(testenv.Tree(t, root), before); d != "" {
				t.Errorf("Write changed the tree:%s", d)
			}
			if got, want := Written(out), []string{"crm", "gone", "jpm", "servicetitan"}; !slices.Equal(got, want) && tt.name != "stage gone" {
				t.Errorf("Written = %q; want %q", got, want)
			}
		})
	}
}
