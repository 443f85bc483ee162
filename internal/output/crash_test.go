package output

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestKilledAtEveryStep kills (SIGKILL) a run in a child process before
// each of its steps in turn: every time, the next run's recovery leaves the
// whole tree exactly as before the killed run, or, once the killed run had
// committed, exactly as after it; and Written, before that recovery, already
// says which.
func TestKilledAtEveryStep(t *testing.T) {
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			before, after, writtenBefore, writtenAfter := sc.trees(t)
			commit, mixed := -1, 0
			for n := 0; ; n++ {
				out := t.TempDir()
				sc.setup(t, out)
				c := startChild(t, childRun{Out: out, Pkgs: sc.pkgs, Prune: sc.prune, Files: sc.files, StopAt: n})
				step, last := c.stopped(t)
				if step == "" {
					if last != "done" {
						t.Fatalf("the run not stopped: %s; want done", last)
					}
					if commit < 0 {
						t.Fatal("the run has no commit step")
					}
					checkTree(t, out, after)
					break
				}
				c.kill(t)
				want, wantWritten, which := before, writtenBefore, "before"
				if commit >= 0 {
					want, wantWritten, which = after, writtenAfter, "after"
				}
				if step == "commit" {
					commit = n
				}
				if v := visible(testenv.Tree(t, out)); !maps.Equal(v, visible(before)) && !maps.Equal(v, visible(after)) {
					mixed++
				}
				if got := Written(out); !slices.Equal(got, wantWritten) {
					t.Errorf("killed before step %d (%s): Written = %q; want %q", n, step, got, wantWritten)
				}
				d, err := Open(context.Background(), out, nil)
				if err != nil {
					t.Fatalf("killed before step %d (%s): recovery = %v", n, step, err)
				}
				d.Close()
				if d := diffTrees(testenv.Tree(t, out), want); d != "" {
					t.Errorf("killed before step %d (%s), then recovered: the tree is not as %s the run:%s", n, step, which, d)
				}
			}
			if mixed == 0 {
				t.Error("no kill left a mix of old and new packages to recover from: the test tests nothing")
			}
		})
	}
}
