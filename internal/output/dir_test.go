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

// TestOpenWaits holds the folder in a child process, stopped before its
// first step, and opens it here with a waiting function: it is told which
// process holds the folder, and gets the folder once the child has finished,
// holding the child's output.
func TestOpenWaits(t *testing.T) {
	sc := scenarios()[0]
	_, after, _, writtenAfter := sc.trees(t)
	out := t.TempDir()
	sc.setup(t, out)
	first := startChild(t, childRun{Out: out, Pkgs: sc.pkgs, Prune: sc.prune, Files: sc.files, StopAt: 0})
	if step, last := first.stopped(t); step == "" {
		t.Fatalf("the child did not stop: %s", last)
	}
	told := make(chan *BusyError, 1)
	opened := make(chan error, 1)
	var d *Dir
	go func() {
		var err error
		d, err = Open(context.Background(), out, func(busy *BusyError) { told <- busy })
		opened <- err
	}()
	busy := <-told
	if pid := first.Cmd.Process.Pid; busy.PID != pid || busy.Out != out {
		t.Errorf("waiting was told %+v; want process %d and %s", busy, pid, out)
	}
	if got := first.resume(t); got != "done" {
		t.Fatalf("the child, let go: %s; want done", got)
	}
	if err := <-opened; err != nil {
		t.Fatalf("Open = %v; want the folder once the child is done", err)
	}
	got := d.Written()
	d.Close()
	if !slices.Equal(got, writtenAfter) {
		t.Errorf("Written = %q; want the child's %q", got, writtenAfter)
	}
	checkTree(t, out, after)
}

// TestOpenWaitEnds holds the folder in this process and opens it again,
// waiting under a context that ends: Open fails naming the wait.
func TestOpenWaitEnds(t *testing.T) {
	out := t.TempDir()
	held, err := Open(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Open(ctx, out, func(*BusyError) { cancel() })
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for another stgen run (process ") {
		t.Errorf("Open under a context that ends = %v; want an error naming the wait and wrapping context.Canceled", err)
	}
	if _, err := Open(context.Background(), out, nil); !errors.As(err, new(*BusyError)) {
		t.Errorf("Open while held = %v; want a *BusyError", err)
	}
}

// TestCloseWithoutWrite: a run that created the output folder (and its
// parents) and wrote nothing leaves no trace; one that found the folder
// leaves it as it was, lock file included.
func TestCloseWithoutWrite(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "a", "b", "out")
	d, err := Open(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, lockName)); err != nil {
		t.Errorf("no lock file while the folder is held: %v", err)
	}
	d.Close()
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("a run that wrote nothing left folders: %v", entries)
	}

	if err := Write(out, release1(), true); err != nil {
		t.Fatal(err)
	}
	before := testenv.Tree(t, out)
	d, err = Open(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	checkTree(t, out, before)
}

// TestOpenAfterLockRemoved: a run waits on the lock of a folder the holder
// created; the holder fails and removes the folder. The waiting run then
// holds a lock of its own on a folder made anew, which a third run finds
// busy.
func TestOpenAfterLockRemoved(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	first, err := Open(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	told := make(chan struct{})
	opened := make(chan error, 1)
	var second *Dir
	go func() {
		var err error
		second, err = Open(context.Background(), out, func(*BusyError) { close(told) })
		opened <- err
	}()
	<-told
	first.Close()
	if err := <-opened; err != nil {
		t.Fatalf("the waiting Open = %v; want the folder", err)
	}
	defer second.Close()
	if _, err := Open(context.Background(), out, nil); !errors.As(err, new(*BusyError)) {
		t.Errorf("a third Open = %v; want a *BusyError: the second run must hold the folder's lock", err)
	}
	if err := second.Write(release1(), true); err != nil {
		t.Errorf("the second run's Write = %v", err)
	}
}

// TestOpenFile: an output folder that is a file fails before anything.
func TestOpenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out")
	writeFile(t, file, "mine\n")
	_, err := Open(context.Background(), file, nil)
	if err == nil || !strings.Contains(err.Error(), file+" is a file, not a folder") {
		t.Errorf("Open(a file) = %v; want an error saying it is a file", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "mine\n" {
		t.Errorf("the file is now %q", b)
	}
}
