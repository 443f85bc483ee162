// Package output writes generated packages into a folder atomically.
//
// A run writes every package in full into a staging folder inside the
// output folder, then switches the output from old to new by renames listed
// first in a journal (journalName). A run holds a lock on the output folder
// (lockName) from its start to its end ([Open]), so two runs never
// interleave; and it begins by undoing the switch of a run that died before
// its commit, as that run's journal lists it, before it can fail for any
// other reason. So after any failure, crash or kill, the output folder
// holds the old output whole, once the next run has begun, or the new
// output whole.
package output

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// stagePrefix begins the name of the folder a run stages its packages in,
// inside the output folder (so that moving them into place is a rename);
// the run's process id follows, for whoever finds one left behind.
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

// File is a file of the output folder itself, beside the packages (the
// names file), replaced whole by each run that writes it.
type File struct {
	// Name is a plain file name.
	Name string
	// Data is its content.
	Data []byte
}

// GeneratedSuffix ends the name of every file the generator writes, but
// its tests, which end in GeneratedTestSuffix. Write replaces or removes a
// package folder only if every file in it has such a name, so that
// nobody's own file is deleted by a run.
const GeneratedSuffix = ".gen.go"

// GeneratedTestSuffix ends the name of every test file the generator
// writes (the facade's examples).
const GeneratedTestSuffix = ".gen_test.go"

// Write puts pkgs into out, creating it if need be. Each package folder is
// replaced whole; when prune is true, package folders that an earlier run
// wrote and pkgs no longer has are removed. Nothing in out changes unless
// every package was written in full first, and nothing is replaced that
// stgen did not write. If another run holds out, Write fails at once
// with a *BusyError. Write first undoes what a run killed while switching
// out left, so a Write that fails for any reason, or is killed, leaves out
// as it was once the next run has begun. files are written into out
// itself, switched with the packages. Write is [Open], [Dir.Write] and
// [Dir.Close]: a run that does more than write holds the folder with Open
// from its start instead.
func Write(out string, pkgs []Package, prune bool, files ...File) error {
	return write(out, pkgs, prune, files, nil)
}

// write is Write, calling hook before each step that changes out.
func write(out string, pkgs []Package, prune bool, files []File, hook stepHook) error {
	d, err := Open(context.Background(), out, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.write(pkgs, prune, files, hook)
}

// write is Dir.Write, calling hook before each step that changes the folder.
func (d *Dir) write(pkgs []Package, prune bool, files []File, hook stepHook) error {
	out := d.out
	if err := checkPackages(pkgs); err != nil {
		return err
	}
	if err := checkFiles(out, pkgs, files); err != nil {
		return err
	}
	previous := readManifest(out)
	written := map[string]bool{}
	for _, p := range pkgs {
		written[p.Dir] = true
	}
	var stale []string
	if prune {
		for _, dir := range previous {
			if !written[dir] && isPackageDir(dir) {
				stale = append(stale, dir)
			}
		}
	}
	if err := checkReplaceable(out, previous, append(slices.Sorted(maps.Keys(written)), stale...)); err != nil {
		return err
	}
	keep := maps.Clone(written)
	if !prune {
		for _, dir := range previous {
			keep[dir] = true
		}
	}

	steps := &steps{hook: hook}
	if err := steps.next("stage"); err != nil {
		return err
	}
	stage, err := makeStage(out, pkgs, files, manifestBytes(keep))
	if err != nil {
		return err
	}
	if err := switchTo(out, plan(out, stage, pkgs, files, stale, previous), steps); err != nil {
		return err
	}
	d.wrote = true
	return nil
}

// sweepStages removes the staging folders that earlier runs left in out (a
// run killed before it could clean up). It is called under the lock, after
// recovery, when no staging folder is in use. Failing to remove one is not
// an error: it is only clutter.
func sweepStages(out string) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagePrefix) && e.IsDir() {
			os.RemoveAll(filepath.Join(out, e.Name()))
		}
	}
}

// checkReplaceable fails if replacing or removing one of the package
// folders dirs of out would delete something stgen did not write: a folder
// that owned (the package list of an earlier run) does not name, or a file
// or folder in it that is not a generated file.
func checkReplaceable(out string, owned, dirs []string) error {
	for _, d := range dirs {
		dir := filepath.Join(out, d)
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
		if len(entries) > 0 && !slices.Contains(owned, d) {
			return fmt.Errorf("%s exists and stgen did not write it (it is not listed in %s): move it away or choose another --out", dir, filepath.Join(out, manifestName))
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), GeneratedSuffix) && !strings.HasSuffix(e.Name(), GeneratedTestSuffix) {
				return fmt.Errorf("%s is not a file stgen generates (*%s, *%s): replacing or removing package %s would delete it; move it out of %s", filepath.Join(dir, e.Name()), GeneratedSuffix, GeneratedTestSuffix, d, dir)
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

// checkFiles rejects a file of out whose name is not a plain, visible name,
// is a package's, or is a folder in out.
func checkFiles(out string, pkgs []Package, files []File) error {
	for _, f := range files {
		if !isPackageDir(f.Name) || slices.ContainsFunc(pkgs, func(p Package) bool { return p.Dir == f.Name }) {
			return fmt.Errorf("file %q cannot be written into the output folder beside the packages", f.Name)
		}
		if info, err := os.Lstat(filepath.Join(out, f.Name)); err == nil && !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a file: move it away or choose another --out", filepath.Join(out, f.Name))
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
// not hidden, since the files and folders of stgen's own in out are.
func isPackageDir(name string) bool {
	return isPlainName(name) && !strings.HasPrefix(name, ".")
}

// Written returns the package folders earlier runs recorded in out, or none
// when out holds no record. While a run is switching out, or after one died
// doing so, it returns what out held before that run: what the next Write
// restores. Written only reads.
func Written(out string) []string {
	if j, err := readJournal(out); err == nil && j != nil {
		return j.Old
	}
	return readManifest(out)
}

// readManifest returns the package list of out, none when there is no list.
func readManifest(out string) []string {
	b, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}

func manifestBytes(dirs map[string]bool) []byte {
	return []byte(strings.Join(slices.Sorted(maps.Keys(dirs)), "\n") + "\n")
}
