package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// childEnv names the environment variable that makes the test binary run
// stgen generate in a child process instead of the tests: locks between
// processes and a SIGKILL cannot be tested with goroutines. Its value is a
// childRun in JSON.
const childEnv = "STGEN_CLI_TEST_CHILD"

// childRun is the stgen generate a child process runs. The child writes
// what the command prints to its standard output, then "exit N".
type childRun struct {
	Args []string
	// Hold stops the run once it holds --out, printing "held", until the
	// child's standard input closes.
	Hold bool
	// StopAt is the step of writing --out before which the run stops,
	// printing "stopped N: STEP", until its standard input closes; -1 for
	// none. Every step is printed as "step N: STEP" before it.
	StopAt int
}

// runChild runs stgen generate as run says.
func runChild(run string) int {
	var r childRun
	if err := json.Unmarshal([]byte(run), &r); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	c, code := parseGenerate(r.Args, os.Stdout, os.Stdout)
	if code < 0 {
		if r.Hold {
			c.held = func() {
				fmt.Println("held")
				io.Copy(io.Discard, os.Stdin)
			}
		}
		c.beforeStep = func(n int, step string) error {
			fmt.Printf("step %d: %s\n", n, step)
			if n == r.StopAt {
				fmt.Printf("stopped %d: %s\n", n, step)
				io.Copy(io.Discard, os.Stdin)
			}
			return nil
		}
		code = c.run()
	}
	fmt.Println("exit", code)
	return code
}

// child is a child process running stgen generate.
type child struct {
	*testenv.Child
	seen []string
}

// startChild starts a child process running r.
func startChild(t *testing.T, r childRun) *child {
	t.Helper()
	run, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return &child{Child: testenv.StartChild(t, os.Stderr, childEnv+"="+string(run))}
}

// until returns the child's first line of output from now on that starts
// with prefix, failing the test if the child ends first.
func (c *child) until(t *testing.T, prefix string) string {
	t.Helper()
	for c.Lines.Scan() {
		line := c.Lines.Text()
		c.seen = append(c.seen, line)
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	c.Cmd.Wait()
	t.Fatalf("child %d ended without a line %q; it printed:\n%s", c.Cmd.Process.Pid, prefix, strings.Join(c.seen, "\n"))
	return ""
}

// finish lets a stopped child go on and returns its exit line.
func (c *child) finish(t *testing.T) string {
	t.Helper()
	c.Stdin.Close()
	line := c.until(t, "exit ")
	c.Cmd.Wait()
	return line
}

// TestGenerateLockedRun holds --out in a first run, in a child process,
// stopped once it holds it: a second run into it fails at once, naming the
// first's process id and changing nothing; a third, with --wait, says it is
// waiting for the first, and once the first has finished does its own
// run, whose output is what --out holds in the end.
func TestGenerateLockedRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	copyFiles(t, goodOutput(t), out)
	before := visibleTree(t, out)

	first := startChild(t, childRun{Args: []string{"--specs", release, "--out", out}, Hold: true, StopAt: -1})
	first.until(t, "held")
	pid := first.Cmd.Process.Pid

	code, _, stderr := run(t, "generate", "--specs", release, "--out", out)
	if want := fmt.Sprintf("stgen generate: another stgen run (process %d) is writing %s: nothing was written; run again once it has finished, or pass --wait\n", pid, out); code != exitError || stderr != want {
		t.Errorf("a second run while the first holds --out: exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	if after := visibleTree(t, out); !maps.Equal(after, before) {
		t.Error("the second run changed --out")
	}

	crmOnly := t.TempDir()
	copyFile(t, filepath.Join(release, "crm-v2.json"), filepath.Join(crmOnly, "crm-v2.json"))
	third := startChild(t, childRun{Args: []string{"--specs", crmOnly, "--out", out, "--wait"}, StopAt: -1})
	if got, want := third.until(t, "stgen generate: waiting"), fmt.Sprintf("stgen generate: waiting for process %d, which is writing %s", pid, out); got != want {
		t.Errorf("the waiting run says %q; want %q", got, want)
	}
	if got := first.finish(t); got != "exit 0" {
		t.Fatalf("the first run, let go: %s; want exit 0", got)
	}
	if got := third.finish(t); got != "exit 0" {
		t.Fatalf("the waiting run: %s; want exit 0; it printed:\n%s", got, strings.Join(third.seen, "\n"))
	}
	if _, err := os.Stat(filepath.Join(out, "telecom")); err == nil {
		t.Error("--out holds telecom, which the waiting run (crm only, a full run) removes: it did not run last")
	}
	if _, err := os.Stat(filepath.Join(out, "crm", "client.gen.go")); err != nil {
		t.Errorf("the waiting run's crm is missing: %v", err)
	}
}

// TestGenerateRestoresFirst kills a run (SIGKILL, in a child process) that
// regenerates --out from a release without telecom, before a step of its writing,
// then runs stgen generate over a release with a broken document: that run
// fails, and leaves --out exactly as before the killed run, or, once that
// run had committed, exactly as after it. It kills before the first step
// of each kind (package output's tests kill before every step of a write):
// that is enough to leave --out a mix of old and new packages.
func TestGenerateRestoresFirst(t *testing.T) {
	crmOnly := t.TempDir()
	copyFile(t, filepath.Join(release, "crm-v2.json"), filepath.Join(crmOnly, "crm-v2.json"))
	newArgs := []string{"--specs", crmOnly, "--module", "example.com/other"}
	old := testenv.Tree(t, goodOutput(t))
	updated := filepath.Join(t.TempDir(), "updated")
	copyFiles(t, goodOutput(t), updated)
	c := startChild(t, childRun{Args: append([]string{"--out", updated}, newArgs...), StopAt: -1})
	if got := c.until(t, "exit "); got != "exit 0" {
		t.Fatalf("the new run: %s; it printed:\n%s", got, strings.Join(c.seen, "\n"))
	}
	after := testenv.Tree(t, updated)
	kinds := map[string]bool{}
	var kills []int
	for _, line := range c.seen {
		if rest, ok := strings.CutPrefix(line, "step "); ok {
			var n int
			var step string
			fmt.Sscanf(rest, "%d:", &n)
			_, step, _ = strings.Cut(rest, ": ")
			kind := step
			if from, to, ok := strings.Cut(strings.TrimPrefix(step, "rename "), " to "); ok {
				kind = fmt.Sprintf("rename, from the stage: %t, to the stage: %t", strings.HasPrefix(from, ".stgen-stage-"), strings.HasPrefix(to, ".stgen-stage-"))
			}
			if !kinds[kind] {
				kinds[kind] = true
				kills = append(kills, n)
			}
		}
	}
	// Runs that fail at each stage before writing: a broken document, a
	// --specs folder with no document, a --templates folder that does not
	// parse. Each must restore the killed run's switch first.
	badTemplates := t.TempDir()
	if err := os.WriteFile(filepath.Join(badTemplates, "client.tmpl"), []byte("{{ unclosed"), 0o644); err != nil {
		t.Fatal(err)
	}
	failing := []struct {
		name string
		args []string
		says string
	}{
		{"a broken release", []string{"--specs", specsWith(t, "malformed.json")}, "malformed.json"},
		{"an empty --specs", []string{"--specs", t.TempDir()}, "no OpenAPI documents"},
		{"templates that do not parse", []string{"--specs", crmOnly, "--templates", badTemplates}, "client.tmpl"},
	}

	mixed := 0
	for _, n := range kills {
		for _, f := range failing {
			out := filepath.Join(t.TempDir(), "out")
			copyFiles(t, goodOutput(t), out)
			c := startChild(t, childRun{Args: append([]string{"--out", out}, newArgs...), StopAt: n})
			_, step, _ := strings.Cut(c.until(t, "stopped "), ": ")
			c.Cmd.Process.Kill()
			c.Cmd.Wait()
			want, which := old, "before"
			if step == "remove the old output" {
				want, which = after, "after"
			}
			if tree := visibleTree(t, out); !maps.Equal(tree, visibleOf(old)) && !maps.Equal(tree, visibleOf(after)) {
				mixed++
			}

			code, _, stderr := run(t, append([]string{"generate", "--out", out}, f.args...)...)
			if code != exitError || !strings.Contains(stderr, f.says) {
				t.Errorf("killed before step %d (%s), then a run over %s: exit %d, stderr %q; want 1 saying %q", n, step, f.name, code, stderr, f.says)
			}
			if got := testenv.Tree(t, out); !maps.Equal(got, want) {
				t.Errorf("killed before step %d (%s), then a run over %s: --out is not as %s the killed run", n, step, f.name, which)
			}
		}
	}
	if len(kinds) < 6 || mixed == 0 {
		t.Errorf("the killed runs stopped before %d kinds of steps (%v), %d of them leaving a mix of old and new packages: the test tests nothing", len(kinds), kinds, mixed)
	}
}

// visibleTree returns the tree under dir without stgen's bookkeeping.
func visibleTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	return visibleOf(testenv.Tree(t, dir))
}

// visibleOf returns tree without stgen's bookkeeping (staging folders,
// journal, lock): what a reader of the packages sees.
func visibleOf(tree map[string]string) map[string]string {
	v := map[string]string{}
	for p, c := range tree {
		first := strings.Split(filepath.ToSlash(p), "/")[0]
		if strings.HasPrefix(first, ".stgen-stage-") || first == ".stgen-journal" || first == ".stgen-lock" {
			continue
		}
		v[p] = c
	}
	return v
}
