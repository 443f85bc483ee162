//go:build !linux

package output

import (
	"errors"
	"os"
)

// exchange swaps the files or folders at a and b in one step where the
// system can; here it cannot, and returns errors.ErrUnsupported.
func exchange(a, b string) error {
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
}

// renameNoReplace renames from to to, failing with an error matching
// fs.ErrExist if to exists; here it checks and renames, which leaves a
// short race.
func renameNoReplace(from, to string) error {
	return checkAndRename(from, to)
}
