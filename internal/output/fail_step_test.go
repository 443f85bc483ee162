package output

import (
	"errors"
	"slices"
	"testing"
)

// TestWriteFailsAtEveryStep fails each step of a run in turn: every time,
// the run fails and leaves the whole tree as it was, but for the last step,
// after the commit, which cannot fail the run.
func TestWriteFailsAtEveryStep(t *testing.T) {
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			before, after, writtenBefore, _ := sc.trees(t)
			boom := errors.New("injected failure")
			for n := 0; ; n++ {
				out := t.TempDir()
				sc.setup(t, out)
				failed := ""
				err := write(out, sc.pkgs, sc.prune, sc.files, func(i int, step string) error {
					if i != n {
						return nil
					}
					failed = step
					return boom
				})
				if failed == "" {
					if err != nil {
						t.Fatalf("Write = %v; want no error", err)
					}
					break
				}
				if failed == "remove the old output" {
					if err != nil {
						t.Errorf("step %d (%s) failing: Write = %v; want no error", n, failed, err)
					}
					checkTree(t, out, after)
					continue
				}
				if !errors.Is(err, boom) {
					t.Errorf("step %d (%s) failing: Write = %v; want the injected failure", n, failed, err)
				}
				if d := diffTrees(snapshot(t, out), before); d != "" {
					t.Errorf("step %d (%s) failing changed the tree:%s", n, failed, d)
				}
				if got := Written(out); !slices.Equal(got, writtenBefore) {
					t.Errorf("step %d (%s) failing: Written = %q; want %q", n, failed, got, writtenBefore)
				}
			}
		})
	}
}
