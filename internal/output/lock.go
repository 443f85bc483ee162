package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockName is the file in the output folder that a run holds an operating
// system lock on from its start to its end. The lock goes with the process,
// so a killed run never blocks the next one. The file holds the process id
// of the run holding it, and is empty when no run does. A run removes it
// only while holding it (a failed first run into a folder it created), and
// a run that locks a file checks that it is still the one at the path, so
// that two runs never each hold a lock of their own.
const lockName = ".stgen-lock"

// errStale is the error of locking a lock file that another run removed
// before the lock was taken: the caller locks anew.
var errStale = errors.New("the lock file was removed while it was being locked")

// BusyError is the error of an Open (or a Write) of an output folder that
// another run, in this process or another, holds: unless told to wait, a run
// does not, so that two runs never both succeed into one folder with the
// later one silently winning.
type BusyError struct {
	// Out is the output folder.
	Out string
	// PID is the process id of the run writing it, 0 when unknown.
	PID int
}

// Error tells which run holds the folder and what to do.
func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is writing %s: nothing was written; run again once it has finished, or pass --wait", e.holder(), e.Out)
}

// holder names the run holding the folder.
func (e *BusyError) holder() string {
	if e.PID > 0 {
		return fmt.Sprintf("another stgen run (process %d)", e.PID)
	}
	return "another stgen run"
}

// lockOut takes the lock of out, or fails at once with a *BusyError. The
// function it returns releases the lock.
func lockOut(out string) (unlock func(), err error) {
	path := filepath.Join(out, lockName)
	f, busy, err := tryLock(path)
	if busy {
		return nil, &BusyError{Out: out, PID: lockHolder(path)}
	}
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("output folder %s is not writable: %w", out, err)
	}
	if err != nil {
		return nil, fmt.Errorf("output folder %s cannot be locked against other stgen runs: %w", out, err)
	}
	locked, err := f.Stat()
	if there, lerr := os.Lstat(path); err != nil || lerr != nil || !os.SameFile(locked, there) {
		f.Close()
		return nil, errStale
	}
	// Best effort: the process id only names the holder in another run's
	// error.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		f.Truncate(0)
		f.Close()
	}, nil
}

// lockHolder returns the process id written in the lock file path, 0 when
// it cannot be read (the holder may not have written it yet).
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0
	}
	return pid
}
