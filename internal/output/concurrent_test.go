package output

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// release3 is another release, which a second run writes while the first is
// writing release2.
func release3() []Package {
	return []Package{
		pkg("crm", "crm.gen.go", "package crm // 3\n"),
		pkg("dispatch", "dispatch.gen.go", "package dispatch // 3\n"),
		pkg("servicetitan", "servicetitan.gen.go", "package servicetitan // crm dispatch\n"),
	}
}

// TestConcurrentRunsNeverMix stops a run in a child process before each of
// its steps in turn and starts a second run, in this process, into the same
// folder: the second fails at once, naming the first's process id, and
// changes nothing; the first, let go, leaves exactly its own output.
func TestConcurrentRunsNeverMix(t *testing.T) {
	sc := scenarios()[0]
	_, after, _, _ := sc.trees(t)
	for n := 0; ; n++ {
		out := t.TempDir()
		sc.setup(t, out)
		first := startChild(t, childRun{Out: out, Pkgs: sc.pkgs, Prune: true, Files: sc.files, StopAt: n})
		step, last := first.stopped(t)
		if step == "" {
			if last != "done" {
				t.Fatalf("the first run: %s; want done", last)
			}
			break
		}
		err := Write(out, release3(), true)
		pid := first.Cmd.Process.Pid
		if busy := (*BusyError)(nil); !errors.As(err, &busy) || busy.PID != pid || !strings.Contains(err.Error(), fmt.Sprintf("(process %d) is writing %s", pid, out)) {
			t.Errorf("a second run while the first is stopped before step %d (%s): Write = %v; want a *BusyError naming process %d and %s", n, step, err, pid, out)
		}
		if got := first.resume(t); got != "done" {
			t.Fatalf("the first run, stopped before step %d (%s) then let go: %s; want done", n, step, got)
		}
		if d := diffTrees(snapshot(t, out), after); d != "" {
			t.Errorf("the first run stopped before step %d (%s) while a second one ran: the tree is not the first one's:%s", n, step, d)
		}
	}
}

// TestConcurrentWritesInProcess runs Writes of three releases at once in
// one process, a few times over: each succeeds or fails with a *BusyError
// naming this process (or no process, if it comes between the locking and
// the writing of the process id), and the folder holds exactly the output of one that
// succeeded.
func TestConcurrentWritesInProcess(t *testing.T) {
	releases := [][]Package{release1(), release2(), release3()}
	var trees []map[string]string
	for _, r := range releases {
		out := t.TempDir()
		if err := Write(out, r, true); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, testenv.Tree(t, out))
	}
	for round := range 20 {
		out := t.TempDir()
		errs := make([]error, len(releases))
		var wg sync.WaitGroup
		for i, r := range releases {
			wg.Go(func() { errs[i] = Write(out, r, true) })
		}
		wg.Wait()
		var succeeded []int
		for i, err := range errs {
			var busy *BusyError
			switch {
			case err == nil:
				succeeded = append(succeeded, i)
			case !errors.As(err, &busy) || busy.PID != os.Getpid() && busy.PID != 0:
				t.Errorf("round %d, release %d: Write = %v; want nil or a *BusyError naming process %d or none", round, i+1, err, os.Getpid())
			}
		}
		got := snapshot(t, out)
		if !slices.ContainsFunc(succeeded, func(i int) bool { return maps.Equal(got, trees[i]) }) {
			t.Errorf("round %d: the tree is not the output of one of the Writes that succeeded (releases %v): %v", round, succeeded, got)
		}
	}
}
