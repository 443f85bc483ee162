package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// childEnv names the environment variable that makes the test binary a run
// of write in a child process instead of running the tests, as os/exec's
// tests do: locks between processes and a SIGKILL cannot be tested with
// goroutines. Its value is a childRun in JSON.
const childEnv = "STGEN_OUTPUT_TEST_CHILD"

// childRun is what a child process writes.
type childRun struct {
	Out   string
	Pkgs  []Package
	Prune bool
	Files []File
	// StopAt is the step at which the child stops, printing
	// "stopped N: STEP", until its standard input closes; -1 for none.
	StopAt int
}

func TestMain(m *testing.M) {
	if run := os.Getenv(childEnv); run != "" {
		os.Exit(runChild(run))
	}
	os.Exit(m.Run())
}

// runChild runs write as run says, printing the steps it stops at and then
// "done", "busy PID" (a *BusyError) or "error: ERROR".
func runChild(run string) int {
	var r childRun
	if err := json.Unmarshal([]byte(run), &r); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	err := write(r.Out, r.Pkgs, r.Prune, r.Files, func(n int, step string) error {
		if n == r.StopAt {
			fmt.Printf("stopped %d: %s\n", n, step)
			io.Copy(io.Discard, os.Stdin)
		}
		return nil
	})
	var busy *BusyError
	switch {
	case errors.As(err, &busy):
		fmt.Println("busy", busy.PID)
		return 3
	case err != nil:
		fmt.Println("error:", strings.ReplaceAll(err.Error(), "\n", " "))
		return 1
	}
	fmt.Println("done")
	return 0
}

// child is a child process running write.
type child struct {
	*testenv.Child
	stderr strings.Builder
}

// startChild starts a child process writing as r says.
func startChild(t *testing.T, r childRun) *child {
	t.Helper()
	run, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	c := &child{}
	c.Child = testenv.StartChild(t, &c.stderr, childEnv+"="+string(run))
	return c
}

// line returns the child's next line of output.
func (c *child) line(t *testing.T) string {
	t.Helper()
	if !c.Lines.Scan() {
		c.Cmd.Wait()
		t.Fatalf("child %d ended without a line (%v); stderr:\n%s", c.Cmd.Process.Pid, c.Lines.Err(), c.stderr.String())
	}
	return c.Lines.Text()
}

// stopped waits for the child to stop at a step and returns the step, or ""
// when it ran to the end without stopping: the line it printed then is in
// last.
func (c *child) stopped(t *testing.T) (step, last string) {
	t.Helper()
	line := c.line(t)
	if !strings.HasPrefix(line, "stopped ") {
		return "", line
	}
	_, step, _ = strings.Cut(line, ": ")
	return step, line
}

// resume lets a stopped child go on, and returns its last line once it has
// ended.
func (c *child) resume(t *testing.T) string {
	t.Helper()
	c.Stdin.Close()
	line := c.line(t)
	c.Cmd.Wait()
	return line
}

// kill kills the child with SIGKILL (os.Kill) and waits until it is gone.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.Cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	c.Cmd.Wait()
}
