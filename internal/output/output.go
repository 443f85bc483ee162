// Package output writes generated packages into a folder atomically: every
// package is first written in full beside the target, and only then moved
// into place, so a failed run leaves the previous output as it was.
package output

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// manifestName is the file in the output folder listing the packages stgen
// wrote there, so that a later run can remove the ones a release dropped
// without touching anything else in the folder.
const manifestName = ".stgen-packages"

// Package is one folder of files to write.
type Package struct {
	// Dir is the package's folder in the output folder, a plain name ("crm").
	Dir string
	// Files maps file names, plain names too, to contents.
	Files map[string][]byte
}

// Write puts pkgs into out, creating it if need be. Each package folder is
// replaced whole; when prune is true, package folders that an earlier run
// wrote and pkgs no longer has are removed. Nothing in out changes unless
// every package was written in full first.
func Write(out string, pkgs []Package, prune bool) (err error) {
	if err := checkPackages(pkgs); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %w", out, err)
	}
	stage, err := os.MkdirTemp(out, ".stgen-stage-")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", out, err)
	}
	defer func() {
		if rmErr := os.RemoveAll(stage); rmErr != nil && err == nil {
			err = fmt.Errorf("removing the staging folder: %w", rmErr)
		}
	}()
	for _, p := range pkgs {
		if err := writePackage(filepath.Join(stage, p.Dir), p.Files); err != nil {
			return err
		}
	}

	previous := Written(out)
	written := map[string]bool{}
	for _, p := range pkgs {
		written[p.Dir] = true
	}
	keep := written
	if !prune {
		for _, dir := range previous {
			keep[dir] = true
		}
	}
	if err := os.WriteFile(filepath.Join(stage, manifestName), manifestBytes(keep), 0o644); err != nil {
		return fmt.Errorf("writing the package list: %w", err)
	}

	// Every file is on disk: move the packages into place.
	trash := filepath.Join(stage, ".old")
	if err := os.Mkdir(trash, 0o755); err != nil {
		return err
	}
	for i, p := range pkgs {
		dst := filepath.Join(out, p.Dir)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		old := filepath.Join(trash, fmt.Sprint(i))
		if err := os.Rename(dst, old); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replacing %s: %w", dst, err)
		}
		if err := os.Rename(filepath.Join(stage, p.Dir), dst); err != nil {
			return fmt.Errorf("replacing %s: %w", dst, err)
		}
	}
	if prune {
		for _, dir := range previous {
			if !written[dir] && isPackageDir(dir) {
				if err := os.RemoveAll(filepath.Join(out, dir)); err != nil {
					return fmt.Errorf("removing package %s, which the release no longer has: %w", dir, err)
				}
			}
		}
	}
	return os.Rename(filepath.Join(stage, manifestName), filepath.Join(out, manifestName))
}

// checkPackages rejects, before anything is written, a package folder or
// file name that is not a plain name, and two packages with one folder: either
// would write outside the package or over another one.
func checkPackages(pkgs []Package) error {
	seen := map[string]bool{}
	for _, p := range pkgs {
		if !isPackageDir(p.Dir) {
			return fmt.Errorf("package folder %q is not a plain folder name", p.Dir)
		}
		if seen[p.Dir] {
			return fmt.Errorf("two packages for folder %q", p.Dir)
		}
		seen[p.Dir] = true
		for _, name := range slices.Sorted(maps.Keys(p.Files)) {
			if !isPlainName(name) {
				return fmt.Errorf("package %s: file name %q is not a plain file name", p.Dir, name)
			}
		}
	}
	return nil
}

// isPlainName reports whether name is one path element: not empty, not "."
// or "..", no separator, no NUL.
func isPlainName(name string) bool {
	return filepath.IsLocal(name) && name != "." && !strings.ContainsAny(name, `/\`+"\x00")
}

// isPackageDir reports whether name can be a package folder: a plain name,
// not hidden, since the manifest and the staging folder are.
func isPackageDir(name string) bool {
	return isPlainName(name) && !strings.HasPrefix(name, ".")
}

// writePackage writes files into a new folder dir.
func writePackage(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing package %s: %w", filepath.Base(dir), err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(filepath.Base(dir), name), err)
		}
	}
	return nil
}

// Written returns the package folders earlier runs recorded in out, or none
// when out holds no record.
func Written(out string) []string {
	b, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}

func manifestBytes(dirs map[string]bool) []byte {
	return []byte(strings.Join(slices.Sorted(maps.Keys(dirs)), "\n") + "\n")
}
