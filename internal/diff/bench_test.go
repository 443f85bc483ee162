//go:build unix

package diff

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/testenv"
)

// The benchmark compares stgen diff with oasdiff (pinned, see oasdiffVersion)
// on the same pair of full releases in the same run. `make bench` installs
// oasdiff into bin/; OASDIFF names another binary. Compare the tools with
// `benchstat -col /tool bench.txt`. Besides the time, each reports its CPU
// time per operation (cpu-s/op, this process's for stgen, oasdiff's
// processes' for oasdiff), which other work on the machine does not inflate.

// benchPair is the pair of releases the figures are measured on.
var benchPair = [2]string{"2026-03-17", "2026-05-11"}

// BenchmarkDiff times the spec-level diff of two full releases: stgen loads
// both, models and compares them (and renders the JSON report); oasdiff runs
// `oasdiff breaking` once per document of the pair, as a user of it would.
func BenchmarkDiff(b *testing.B) {
	oldDir, newDir := testenv.Release(b, benchPair[0]), testenv.Release(b, benchPair[1])
	b.Run("tool=stgen", func(b *testing.B) {
		var r *Report
		start := selfCPU(b)
		for b.Loop() {
			old, new, err := LoadPair(oldDir, newDir, nil)
			if err != nil {
				b.Fatal(err)
			}
			r = Compare(old, new)
			if err := (JSON{}).Format(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((selfCPU(b)-start).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(r.Summary.Breaking), "breaking")
	})
	b.Run("tool=oasdiff", func(b *testing.B) {
		bin := benchOasdiff(b)
		old, new, err := LoadPair(oldDir, newDir, nil)
		if err != nil {
			b.Fatal(err)
		}
		var pairs [][2]string
		for _, od := range old.Domains {
			if nd := new.Domain(od.Package); nd != nil {
				pairs = append(pairs, [2]string{od.File, nd.File})
			}
		}
		breaking := 0
		var cpu time.Duration
		for b.Loop() {
			breaking = 0
			for _, p := range pairs {
				cmd := exec.Command(bin, "breaking", p[0], p[1], "-f", "json")
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("oasdiff breaking %s %s: %v", p[0], p[1], err)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				breaking += countItems(b, out)
			}
		}
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(breaking), "breaking")
	})
}

// benchOasdiff returns the oasdiff binary, skipping when there is none: a
// benchmark does not install tools.
func benchOasdiff(b *testing.B) string {
	if p := os.Getenv("OASDIFF"); p != "" {
		return p
	}
	p := filepath.Join(testenv.RepoRoot(), "bin", "oasdiff")
	if _, err := os.Stat(p); err != nil {
		b.Skip("oasdiff not found: run `make bench`, which installs " + oasdiffVersion + " into bin/, or set OASDIFF")
	}
	return p
}

// countItems counts the items of `oasdiff breaking -f json` output.
func countItems(b *testing.B, out []byte) int {
	var items []json.RawMessage
	if err := json.Unmarshal(out, &items); err != nil {
		b.Fatalf("oasdiff output: %v", err)
	}
	return len(items)
}

// selfCPU returns the CPU time (user and system) this process has used.
func selfCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
