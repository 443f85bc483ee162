// Package testenv gives stgen's tests what lies outside a package: the real
// ServiceTitan releases kept beside the repository (../shared), and scratch
// modules to build generated code in.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// RepoRoot returns the repository's root folder, found from this source file.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ReleasesDir returns the folder of real releases beside the repository.
func ReleasesDir() string {
	return filepath.Join(RepoRoot(), "..", "shared", "specs", "servicetitan")
}

// Releases returns the release folders, oldest first. When there are none
// the test fails under CI (CI is set), where they must be there, and is
// skipped elsewhere.
func Releases(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir(ReleasesDir())
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(ReleasesDir(), e.Name()))
		}
	}
	if len(dirs) == 0 {
		missing(tb, "no release folders in %s (%v)", ReleasesDir(), err)
	}
	slices.Sort(dirs)
	return dirs
}

// Release returns the folder of the named release ("2026-05-11"), failing
// or skipping as Releases does when it is missing.
func Release(tb testing.TB, name string) string {
	tb.Helper()
	dir := filepath.Join(ReleasesDir(), name)
	if _, err := os.Stat(dir); err != nil {
		missing(tb, "release %s: %v", name, err)
	}
	return dir
}

// BuildAllEnv is the environment variable that, set to "all", makes the
// tests that build generated code build every release, not only the
// newest: `make test-releases`, which CI runs after `make test`.
const BuildAllEnv = "STGEN_BUILD_RELEASES"

// Built returns the release folders whose generated code the tests build:
// every release when BuildAllEnv is "all", else the newest. The generated
// code's shape is the same in every release; building the older ones too
// is CI's release pass, not every `make test`.
func Built(tb testing.TB) []string {
	tb.Helper()
	dirs := Releases(tb)
	if os.Getenv(BuildAllEnv) == "all" {
		return dirs
	}
	return dirs[len(dirs)-1:]
}

// Newest returns the folder of the newest release.
func Newest(tb testing.TB) string {
	tb.Helper()
	dirs := Releases(tb)
	return dirs[len(dirs)-1]
}

func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("the real releases must be beside the repository in CI: "+format, args...)
	}
	tb.Skipf("the real releases are not beside the repository: "+format, args...)
}

// ScratchModule makes dir the module example.com/generated, which builds
// generated code: it requires stgen's module, replaced by this repository,
// with the repository's go.sum. Its `go mod tidy` needs the modules of
// stgen's graph in the module cache (`go mod download` puts them there).
func ScratchModule(tb testing.TB, dir string) {
	tb.Helper()
	root := RepoRoot()
	goMod := "module example.com/generated\n\ngo 1.26\n\nrequire github.com/stgen-dev/stgen v0.0.0\n\nreplace github.com/stgen-dev/stgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		tb.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		tb.Fatal(err)
	}
	Go(tb, dir, "mod", "tidy")
}

// Go runs the go command in dir, failing the test with its output if it
// fails, and returns the output.
func Go(tb testing.TB, dir string, args ...string) []byte {
	tb.Helper()
	return Run(tb, dir, "go", args...)
}

// Run runs a command in dir as Go runs the go command.
func Run(tb testing.TB, dir, name string, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %v in %s: %v\n%s", name, args, dir, err, out)
	}
	return out
}
