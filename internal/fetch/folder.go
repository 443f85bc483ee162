package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// stagePrefix begins the name of the folder a run downloads into, beside the
// release folder, so that moving it into place is one rename.
const stagePrefix = ".stgen-fetch-"

// existsError reports a release folder that is already there.
func existsError(final string) error {
	return fmt.Errorf("%s already exists: pass --force to replace it, or --date to name the release otherwise", final)
}

// makeDirs creates dir and its missing parents; undo removes those it
// created, deepest first, if they are still empty.
func makeDirs(dir string) (undo func(), err error) {
	var created []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		created = append(created, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s cannot be created: %w", dir, err)
	}
	return func() {
		for _, d := range created {
			os.Remove(d)
		}
	}, nil
}

// install moves the folder stage to final in one step. Without force it
// fails if final exists. With force an existing final is replaced: swapped
// with stage in one step where the system can (the previous release is then
// at stage), else moved to stage+".old" and stage renamed in its place
// (undone if that fails). It returns where the previous release is, for the
// caller to remove, or "" if there was none.
func install(stage, final string, force bool, exchange func(a, b string) error) (previous string, err error) {
	err = renameNoReplace(stage, final)
	switch {
	case err == nil:
		return "", nil
	case !errors.Is(err, fs.ErrExist):
		return "", fmt.Errorf("moving the release into place: %w", err)
	case !force:
		return "", existsError(final)
	}
	err = exchange(stage, final)
	switch {
	case err == nil:
		return stage, nil
	case !errors.Is(err, errors.ErrUnsupported):
		return "", fmt.Errorf("replacing %s: %w", final, err)
	}
	old := stage + ".old"
	if err := os.Rename(final, old); err != nil {
		return "", fmt.Errorf("replacing %s: %w", final, err)
	}
	if err := os.Rename(stage, final); err != nil {
		// Best effort: a rename back within one folder fails only if the file system does.
		os.Rename(old, final)
		return "", fmt.Errorf("replacing %s: %w", final, err)
	}
	return old, nil
}

// checkAndRename renames from to to unless to exists.
func checkAndRename(from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: fs.ErrExist}
	}
	return os.Rename(from, to)
}
