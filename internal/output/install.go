package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// InstallFolder moves the folder stage into place at final, in one step
// and durably: every file and folder in stage is synced to disk first, and
// the folder holding final after the move. stage and final must be in one
// folder. Without replace it fails with an error matching fs.ErrExist if
// final exists. With replace an existing final is replaced: swapped with
// stage in one step where the system can (the previous folder is then at
// stage), else moved to stage+".old" and stage renamed in its place (undone
// if that fails). It returns where the previous folder is, for the caller
// to remove, or "" if there was none.
func InstallFolder(stage, final string, replace bool) (previous string, err error) {
	return installFolder(stage, final, replace, exchange)
}

// installFolder is InstallFolder, swapping two folders with exchange.
func installFolder(stage, final string, replace bool, exchange func(a, b string) error) (previous string, err error) {
	var paths []string
	err = filepath.WalkDir(stage, func(path string, _ fs.DirEntry, err error) error {
		paths = append(paths, path)
		return err
	})
	if err == nil {
		err = syncAll(paths)
	}
	if err != nil {
		return "", fmt.Errorf("writing %s to disk: %w", stage, err)
	}
	defer func() {
		if err == nil {
			// The move is done; failing to make it durable is not worth
			// undoing it.
			_ = syncDir(filepath.Dir(final))
		}
	}()
	err = renameNoReplace(stage, final)
	switch {
	case err == nil:
		return "", nil
	case !errors.Is(err, fs.ErrExist):
		return "", fmt.Errorf("moving %s into place: %w", final, err)
	case !replace:
		return "", &os.PathError{Op: "install", Path: final, Err: fs.ErrExist}
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
