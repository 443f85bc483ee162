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
	"strconv"
	"strings"
)

// stagePrefix begins the name of the folder a run stages its packages in,
// inside the output folder (so that moving them into place is a rename);
// the run's process id follows, so that a later run can tell the folder of a
// killed run from one in use.
const stagePrefix = ".stgen-stage-"

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

// GeneratedSuffix ends the name of every file the generator writes. Write
// replaces a package folder only if every file in it has such a name, so
// that nobody's own file is deleted by a run.
const GeneratedSuffix = ".gen.go"

// Write puts pkgs into out, creating it if need be. Each package folder is
// replaced whole; when prune is true, package folders that an earlier run
// wrote and pkgs no longer has are removed. Nothing in out changes unless
// every package was written in full first, and nothing is replaced that
// stgen did not write.
func Write(out string, pkgs []Package, prune bool) (err error) {
	if err := checkPackages(pkgs); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("output folder %s cannot be created: %w", out, err)
	}
	if err := checkReplaceable(out, pkgs); err != nil {
		return err
	}
	sweepStages(out)
	stage, err := os.MkdirTemp(out, fmt.Sprintf("%s%d-", stagePrefix, os.Getpid()))
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

	var stale []string
	if prune {
		for _, dir := range previous {
			if !written[dir] && isPackageDir(dir) {
				stale = append(stale, dir)
			}
		}
	}
	return swap(out, stage, pkgs, stale, os.Rename)
}

// swap moves the staged packages and manifest into out, and the stale
// package folders out of it, into the staging folder's trash that the caller
// removes. Each step is a rename (done by osRename, which tests replace); if
// one fails, the ones done are undone, so that out is as it was.
func swap(out, stage string, pkgs []Package, stale []string, osRename func(from, to string) error) (err error) {
	trash := filepath.Join(stage, ".old")
	if err := os.Mkdir(trash, 0o755); err != nil {
		return err
	}
	type move struct{ from, to string }
	var done []move
	rename := func(from, to string) error {
		if err := osRename(from, to); err != nil {
			return err
		}
		done = append(done, move{from, to})
		return nil
	}
	defer func() {
		if err == nil {
			return
		}
		for i := len(done) - 1; i >= 0; i-- {
			// Best effort: a rename back into the same folder only fails if
			// the file system itself does.
			osRename(done[i].to, done[i].from)
		}
	}()
	for i, dir := range stale {
		if err := rename(filepath.Join(out, dir), filepath.Join(trash, fmt.Sprint("stale-", i))); err != nil {
			return fmt.Errorf("removing package %s, which the release no longer has: %w", dir, err)
		}
	}
	for i, p := range pkgs {
		dst := filepath.Join(out, p.Dir)
		if err := rename(dst, filepath.Join(trash, fmt.Sprint(i))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replacing %s: %w", dst, err)
		}
		if err := rename(filepath.Join(stage, p.Dir), dst); err != nil {
			return fmt.Errorf("replacing %s: %w", dst, err)
		}
	}
	manifest := filepath.Join(out, manifestName)
	if err := rename(manifest, filepath.Join(trash, manifestName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("writing the package list: %w", err)
	}
	if err := rename(filepath.Join(stage, manifestName), manifest); err != nil {
		return fmt.Errorf("writing the package list: %w", err)
	}
	return nil
}

// sweepStages removes the staging folders that runs no longer alive left in
// out (a run killed before it could clean up). Failing to remove one is not
// an error: it is only clutter.
func sweepStages(out string) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), stagePrefix)
		if !ok || !e.IsDir() {
			continue
		}
		digits, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(digits)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(out, e.Name()))
	}
}

// checkReplaceable fails if replacing a package folder of out would delete
// something stgen did not write: a folder an earlier run did not record, or
// a file or folder in it that is not a generated file.
func checkReplaceable(out string, pkgs []Package) error {
	owned := Written(out)
	for _, p := range pkgs {
		dir := filepath.Join(out, p.Dir)
		info, err := os.Lstat(dir)
		if err != nil {
			// Nothing there to lose; writing reports any other trouble.
			continue
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is a file, not a package folder stgen wrote: move it away or choose another --out", dir)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("reading %s before replacing it: %w", dir, err)
		}
		if len(entries) > 0 && !slices.Contains(owned, p.Dir) {
			return fmt.Errorf("%s exists and stgen did not write it (it is not listed in %s): move it away or choose another --out", dir, filepath.Join(out, manifestName))
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), GeneratedSuffix) {
				return fmt.Errorf("%s is not a file stgen generates (*%s): replacing package %s would delete it; move it out of %s", filepath.Join(dir, e.Name()), GeneratedSuffix, p.Dir, dir)
			}
		}
	}
	return nil
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
