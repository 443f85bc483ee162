//go:build linux

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps the files or folders at a and b in one step (renameat2
// with RENAME_EXCHANGE); it returns an error matching errors.ErrUnsupported
// where the kernel or the file system cannot.
func exchange(a, b string) error {
	return renameat2(a, b, unix.RENAME_EXCHANGE)
}

// renameNoReplace renames from to to in one step, failing with an error
// matching fs.ErrExist if to exists (renameat2 with RENAME_NOREPLACE). Where
// the file system cannot, it checks and renames, which leaves a short race.
func renameNoReplace(from, to string) error {
	err := renameat2(from, to, unix.RENAME_NOREPLACE)
	if errors.Is(err, errors.ErrUnsupported) {
		return checkAndRename(from, to)
	}
	return err
}

func renameat2(from, to string, flags uint) error {
	err := unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, flags)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS):
		// The flag is unknown to the kernel or the file system.
		err = errors.ErrUnsupported
	}
	return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
}
