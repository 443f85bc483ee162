package testenv

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"testing"
)

// Child is the test binary run again as a helper process (see StartChild),
// driven through its standard input and read line by line.
type Child struct {
	// Cmd is the running process.
	Cmd *exec.Cmd
	// Stdin is its standard input.
	Stdin io.WriteCloser
	// Lines reads its standard output.
	Lines *bufio.Scanner
}

// StartChild runs the test binary again with env added to its environment
// and its standard error going to stderr, and kills it when the test ends.
// Under the race detector a process sleeps a second before it exits unless
// told not to: StartChild tells it not to.
func StartChild(tb testing.TB, stderr io.Writer, env ...string) *Child {
	tb.Helper()
	c := &Child{Cmd: exec.Command(os.Args[0])}
	c.Cmd.Env = append(append(os.Environ(), env...), "GORACE="+os.Getenv("GORACE")+" atexit_sleep_ms=0")
	c.Cmd.Stderr = stderr
	var err error
	if c.Stdin, err = c.Cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	stdout, err := c.Cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	c.Lines = bufio.NewScanner(stdout)
	if err := c.Cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		// A child the test has already waited for makes these fail.
		c.Cmd.Process.Kill()
		c.Cmd.Wait()
	})
	return c
}
