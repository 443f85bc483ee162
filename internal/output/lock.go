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
// system lock on while it writes there. The lock goes with the process, so
// a killed run never blocks the next one. The file holds the process id of
// the run holding it, and is empty when no run does; it is never removed,
// since a run locking a file another has just removed would lock alone.
const lockName = ".stgen-lock"

// BusyError is the error of a Write into an output folder that another run,
// in this process or another, is writing: a run does not wait, so that two
// runs never both succeed into one folder with the later one silently
// winning.
type BusyError struct {
	// Out is the output folder.
	Out string
	// PID is the process id of the run writing it, 0 when unknown.
	PID int
}

// Error tells which run holds the folder and what to do.
func (e *BusyError) Error() string {
	who := "another stgen run"
	if e.PID > 0 {
		who += fmt.Sprintf(" (process %d)", e.PID)
	}
	return fmt.Sprintf("%s is writing %s: nothing was written; run again once it has finished", who, e.Out)
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
