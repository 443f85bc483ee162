package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// outModule returns the import path of the folder out from the nearest
// go.mod above it (out itself may not exist yet); found is false when no
// folder above out has a go.mod.
func outModule(out string) (importPath string, found bool, err error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", false, err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		gomod := filepath.Join(dir, "go.mod")
		data, err := os.ReadFile(gomod)
		switch {
		case err == nil:
			mod := modfile.ModulePath(data)
			if mod == "" {
				return "", false, fmt.Errorf("%s has no module line: fix it, or pass --module", gomod)
			}
			rel, err := filepath.Rel(dir, abs)
			if err != nil {
				return "", false, err
			}
			if rel == "." {
				return mod, true, nil
			}
			return path.Join(mod, filepath.ToSlash(rel)), true, nil
		case !errors.Is(err, fs.ErrNotExist) && isDir(dir):
			return "", false, fmt.Errorf("reading %s: %w", gomod, err)
		}
		if parent := filepath.Dir(dir); parent == dir {
			return "", false, nil
		}
	}
}

// isDir reports whether path is a folder: a path under a file has no go.mod
// (writing the output reports the trouble).
func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}
