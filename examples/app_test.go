// Package examples_test builds and tests the example programs in
// examples/, each a module of its own whose generated clients are not
// committed: it generates them into a scratch copy first. It runs the
// stgen command built from this tree, as a user would, so that the race
// detector of go test -race does not slow it down tenfold.
package examples_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/apptest"
	"github.com/stgen-dev/stgen/internal/impact"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// appDomains are the domains examples/app calls.
const appDomains = "crm,jpm,serviceagreements"

// scratchApp copies examples/app into a new folder, its replace of stgen
// pointing at this repository, the files of testdata/before (a release
// folder's name, or "" for none) over its own, and generates its clients
// from release into st. It returns the folder.
func scratchApp(t testing.TB, release, before string) string {
	t.Helper()
	dir, app := t.TempDir(), filepath.Join(testenv.RepoRoot(), "examples", "app")
	apptest.Copy(t, app, dir)
	if before != "" {
		apptest.Copy(t, filepath.Join(app, "testdata", before), dir)
	}
	if err := os.RemoveAll(filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod = bytes.Replace(mod, []byte("=> ../.."), []byte("=> "+testenv.RepoRoot()), 1)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := stgen(t, dir, "generate", "--specs", release, "--out", "st", "--domains", appDomains, "--quiet"); code != 0 {
		t.Fatalf("stgen generate: exit status %d\n%s", code, out)
	}
	return dir
}

// TestApp generates examples/app's clients from the newest release, then
// runs the app's test (go test vets it too), which calls sttest's fake of
// the release.
func TestApp(t *testing.T) {
	newest := testenv.Newest(t)
	dir := scratchApp(t, newest, "")
	cmd := exec.Command("go", "test", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STGEN_SPECS="+newest)
	if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("ok  \tgithub.com/stgen-dev/stgen/examples/app")) {
		t.Fatalf("go test in examples/app: %v\n%s", err, out)
	}
}

// TestWorkedExample runs the README's worked example and checks that the
// README shows its real output: stgen diff --against on the app as it was
// against 2026-03-17 (testdata/2026-03-17's files), and stgen scopes --have
// on the app as it is against 2026-05-11.
func TestWorkedExample(t *testing.T) {
	old, new := testenv.Release(t, "2026-03-17"), testenv.Release(t, "2026-05-11")
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}

	code, out := stgen(t, scratchApp(t, old, "2026-03-17"), "diff", old, new, "--against", "--fail-on", "affected", "./...")
	if code != 3 {
		t.Errorf("stgen diff --against --fail-on affected: exit status %d, want 3\n%s", code, out)
	}
	yours, report, _ := strings.Cut(out, "\n\n2026-03-17 -> 2026-05-11: ")
	if !strings.HasPrefix(report, "18 breaking and 22 other changes in 3 domains\n") {
		t.Errorf("the comparison is not the README's (18 breaking and 22 other changes in 3 domains):\n%.200s", report)
	}
	if want := readmeBlock(t, readme, "against"); yours+"\n" != want {
		t.Errorf("README's output of stgen diff --against is not the real one; the real one:\n%s", yours)
	}

	code, out = stgen(t, scratchApp(t, new, ""), "scopes", "--have", "tn.crm.customers:r,tn.crm.customers:w,tn.jpm.jobs:r,tn.jpm.appointments:r", "./...")
	if want := readmeBlock(t, readme, "scopes"); code != 3 || out != want {
		t.Errorf("stgen scopes --have: exit status %d, want 3; README's output is not the real one, which is:\n%s", code, out)
	}
}

// stgenPath is the stgen command built for the tests by TestMain.
var stgenPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "stgen-examples-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	stgenPath = filepath.Join(dir, "stgen")
	build := exec.Command("go", "build", "-o", stgenPath, "./cmd/stgen")
	build.Dir = testenv.RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building stgen: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// stgen runs the stgen command in dir and returns its exit status and
// output, stdout then stderr.
func stgen(t testing.TB, dir string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(stgenPath, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("stgen %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String() + stderr.String()
}

// readmeBlock returns the content of the first fenced block after the
// README's comment "<!-- worked example: NAME -->".
func readmeBlock(t *testing.T, readme []byte, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(string(readme), "<!-- worked example: "+name+" -->\n")
	if !ok {
		t.Fatalf("README.md has no <!-- worked example: %s --> comment", name)
	}
	_, rest, ok = strings.Cut(rest, "```\n")
	block, _, closed := strings.Cut(rest, "```\n")
	if !ok || !closed {
		t.Fatalf("README.md has no fenced block after <!-- worked example: %s -->", name)
	}
	return block
}

// BenchmarkAgainst times stgen diff --against on the worked example: the
// app as it was against 2026-03-17, checked against 2026-05-11 (both
// releases loaded and compared, the app's three domains and facade
// generated, the app and its test type-checked against them).
func BenchmarkAgainst(b *testing.B) {
	old, new := testenv.Release(b, "2026-03-17"), testenv.Release(b, "2026-05-11")
	dir := scratchApp(b, old, "2026-03-17")
	for b.Loop() {
		res, err := impact.Analyze(context.Background(), impact.Options{Dir: dir, Patterns: []string{"./..."}, Old: old, New: new, Tests: true})
		if err != nil {
			b.Fatal(err)
		}
		if !res.Affected() {
			b.Fatal("the app is not affected")
		}
	}
}
