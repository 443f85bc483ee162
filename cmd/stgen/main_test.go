package main

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// TestServeStopsOnSignal runs `stgen serve` as a process and stops it with
// SIGINT and with SIGTERM: it exits 0 each time.
func TestServeStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command: skipped with -short")
	}
	specs := testenv.Newest(t)
	bin := filepath.Join(t.TempDir(), "stgen")
	testenv.Go(t, ".", "build", "-o", bin, ".")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "--specs", specs, "--addr", "127.0.0.1:0")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			banner := make(chan string, 1)
			go func() {
				s := bufio.NewScanner(stdout)
				for s.Scan() {
					if strings.Contains(s.Text(), "http://127.0.0.1:") {
						banner <- s.Text()
						break
					}
				}
				for s.Scan() {
				}
			}()
			select {
			case <-banner:
			case <-time.After(60 * time.Second):
				t.Fatal("stgen serve printed no URL")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("stgen serve after %v: %v; want exit status 0", sig, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("stgen serve did not stop on %v", sig)
			}
		})
	}
}
