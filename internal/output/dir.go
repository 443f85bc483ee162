package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// Polling bounds of Open waiting for another run: the first retry comes
// soon, for a run about to finish, and the interval grows to the last.
const (
	firstPoll = 50 * time.Millisecond
	lastPoll  = time.Second
)

// Dir is an output folder held by one run: locked against other runs, with
// any switch an earlier run left unfinished undone. A run opens it before
// it reads or generates anything and closes it at its very end, so that
// two runs into one folder never overlap.
type Dir struct {
	// BeforeStep, when not nil, is called by Write before each of its steps
	// that changes the folder, with the step's number (from 0) and what it
	// does; an error fails the step. Tests use it to fail, stop or kill a
	// run at each step.
	BeforeStep func(n int, step string) error

	out     string
	unlock  func()
	created []func() // each removes folders Open created, as long as they are empty
	wrote   bool     // a Write succeeded
}

// Open creates the output folder out if need be, takes its lock, undoes the
// switch of a run that died before its commit (so that out holds the old
// output whole again) and sweeps what earlier runs left behind. If another
// run holds the lock, Open fails at once with a *BusyError, unless waiting
// is not nil: then it calls waiting once with that error and waits until
// the lock is free, or fails when ctx ends. The caller must Close the Dir.
func Open(ctx context.Context, out string, waiting func(*BusyError)) (*Dir, error) {
	d := &Dir{out: out}
	delay := firstPoll
	for {
		err := d.lock()
		var busy *BusyError
		if !errors.As(err, &busy) || waiting == nil {
			if err != nil {
				d.removeCreated()
				return nil, err
			}
			break
		}
		if delay == firstPoll {
			waiting(busy)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			d.removeCreated()
			return nil, fmt.Errorf("waiting for %s to finish: %w", busy.holder(), context.Cause(ctx))
		case <-t.C:
		}
		delay = min(2*delay, lastPoll)
	}
	if err := recoverOut(out); err != nil {
		d.Close()
		return nil, err
	}
	sweepStages(out)
	return d, nil
}

// lock creates the output folder, remembering the folders it created, and
// takes its lock.
func (d *Dir) lock() error {
	if info, err := os.Stat(d.out); err == nil && !info.IsDir() {
		return fmt.Errorf("output folder %s is a file, not a folder: choose another --out", d.out)
	}
	// Another run may remove the folder it created, and its lock file,
	// between the two steps: then both are made anew.
	for range staleRetries {
		_, statErr := os.Stat(d.out)
		undo, err := MakeDirs(d.out)
		if err != nil {
			return fmt.Errorf("output folder %s cannot be created: %w", d.out, err)
		}
		if errors.Is(statErr, fs.ErrNotExist) {
			d.created = append(d.created, undo)
		}
		unlock, err := lockOut(d.out)
		if errors.Is(err, errStale) || errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		d.unlock = unlock
		return nil
	}
	return fmt.Errorf("output folder %s: its lock file keeps being removed: is another program deleting it?", d.out)
}

// staleRetries bounds the attempts at locking a lock file that other runs
// keep removing.
const staleRetries = 10

// Written returns the package folders earlier runs recorded in the folder.
func (d *Dir) Written() []string { return readManifest(d.out) }

// Write puts pkgs into the folder (see the package function [Write]).
func (d *Dir) Write(pkgs []Package, prune bool, files ...File) error {
	return d.write(pkgs, prune, files, d.BeforeStep)
}

// Close releases the lock. If no Write succeeded, it removes the folders
// Open created, when they hold nothing but the lock file: a run that failed
// leaves no trace where there was nothing.
func (d *Dir) Close() {
	lock := filepath.Join(d.out, lockName)
	removed := true
	if !d.wrote && len(d.created) > 0 {
		// Removed under the lock: a run waiting on this file finds, once it
		// holds it, that it is no longer the folder's lock, and starts over.
		removed = os.Remove(lock) == nil
	}
	if d.unlock != nil {
		d.unlock()
		d.unlock = nil
	}
	if !removed && runtime.GOOS == "windows" {
		// Windows removes no file open as the lock is; once closed, it
		// removes it only if no other run has opened it since.
		os.Remove(lock)
	}
	if !d.wrote {
		d.removeCreated()
	}
}

// removeCreated removes the folders Open created, deepest first, as long
// as they are empty.
func (d *Dir) removeCreated() {
	for _, undo := range slices.Backward(d.created) {
		undo()
	}
	d.created = nil
}

// MakeDirs creates the folder dir and its missing parents, as os.MkdirAll
// does; undo removes those it created, deepest first, as long as they are
// empty, for a run that fails to leave no trace.
func MakeDirs(dir string) (undo func(), err error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return func() {
		for _, d := range missing {
			if os.Remove(d) != nil {
				return
			}
		}
	}, nil
}
