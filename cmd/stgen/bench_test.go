package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/cli"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// The benchmarks compare stgen with the oapi-codegen command (v2.8.2, run
// once per domain, as a user of it would) on the same release in the same
// run, whole processes: wall time (ns/op) and the CPU time of the processes
// and their children (cpu-ns/op). `make bench` installs oapi-codegen into
// bin/; OAPI_CODEGEN names another binary and STGEN_BENCH_SPECS another
// release folder. Compare the tools with benchstat -col /tool.

// benchRelease is the release the figures are measured on.
const benchRelease = "2026-05-11"

func benchSpecs(b *testing.B) string {
	if dir := os.Getenv("STGEN_BENCH_SPECS"); dir != "" {
		return dir
	}
	return testenv.Release(b, benchRelease)
}

func oapiCodegen(b *testing.B) string {
	for _, p := range []string{os.Getenv("OAPI_CODEGEN"), "../../bin/oapi-codegen"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				abs, _ := filepath.Abs(p)
				return abs
			}
		}
	}
	if p, err := exec.LookPath("oapi-codegen"); err == nil {
		return p
	}
	b.Skip("oapi-codegen not found: run `make bench`, which installs v2.8.2 into bin/, or set OAPI_CODEGEN")
	return ""
}

// buildStgen builds this command into dir.
func buildStgen(b *testing.B, dir string) string {
	bin := filepath.Join(dir, "stgen")
	testenv.Go(b, ".", "build", "-o", bin, ".")
	return bin
}

// run runs a command in dir as testenv.Run does and returns the CPU time
// it and its children used.
func run(b *testing.B, dir, name string, args ...string) time.Duration {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s %v in %s: %v\n%s", name, args, dir, err, out)
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// generateStgen runs `stgen generate` on specs into out, the folder of the
// module testenv.ScratchModule makes, and returns its CPU time.
func generateStgen(b *testing.B, bin, specs, out string) time.Duration {
	return run(b, ".", bin, "generate", "--specs", specs, "--out", out, "--module", "example.com/generated")
}

// generateOAPICodegen runs oapi-codegen once per document of specs, each
// into its own package folder of out, with types and client, and returns
// the CPU time of the runs.
func generateOAPICodegen(b *testing.B, bin, specs, out string) time.Duration {
	docs, err := filepath.Glob(filepath.Join(specs, "*"))
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for _, doc := range docs {
		if !spec.IsDocumentFile(filepath.Base(doc)) {
			continue
		}
		pkg := strings.NewReplacer("-", "", ".", "").Replace(strings.TrimSuffix(filepath.Base(doc), filepath.Ext(doc)))
		if err := os.MkdirAll(filepath.Join(out, pkg), 0o755); err != nil {
			b.Fatal(err)
		}
		cpu += run(b, ".", bin, "-package", pkg, "-generate", "types,client", "-o", filepath.Join(out, pkg, pkg+".go"), doc)
	}
	return cpu
}

// countLines counts the lines of the Go files under dir.
func countLines(b *testing.B, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return err
		}
		src, err := os.ReadFile(path)
		n += bytes.Count(src, []byte("\n"))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkGenerate times the generation of a whole release, as a whole
// process (stgen) or the loop of processes a user of oapi-codegen runs.
func BenchmarkGenerate(b *testing.B) {
	specs := benchSpecs(b)
	b.Run("tool=stgen", func(b *testing.B) {
		bin := buildStgen(b, b.TempDir())
		var out string
		var cpu time.Duration
		for b.Loop() {
			out = b.TempDir()
			cpu += generateStgen(b, bin, specs, out)
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(countLines(b, out)), "lines")
	})
	b.Run("tool=oapi-codegen", func(b *testing.B) {
		bin := oapiCodegen(b)
		var out string
		var cpu time.Duration
		for b.Loop() {
			out = b.TempDir()
			cpu += generateOAPICodegen(b, bin, specs, out)
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(countLines(b, out)), "lines")
	})
}

// BenchmarkGenerateInProcess runs `stgen generate` on the release inside
// the test process, for profiling it:
//
//	go test -run '^$' -bench GenerateInProcess -benchtime 10x -cpuprofile cpu.out ./cmd/stgen
//	go tool pprof -top -cum cmd/stgen/stgen.test cpu.out
func BenchmarkGenerateInProcess(b *testing.B) {
	specs := benchSpecs(b)
	for b.Loop() {
		var stderr bytes.Buffer
		if code := cli.Run([]string{"generate", "--specs", specs, "--out", b.TempDir()}, io.Discard, &stderr); code != 0 {
			b.Fatalf("stgen generate: exit status %d\n%s", code, &stderr)
		}
	}
}

// BenchmarkCompile times compiling the generated packages of a release,
// dependencies already built: each iteration changes a constant in every
// package so that the packages, and only they, are compiled again. The go
// command's CPU time (cpu-ns/op) counts the compilers it runs.
func BenchmarkCompile(b *testing.B) {
	specs := benchSpecs(b)
	for _, tool := range []string{"stgen", "oapi-codegen"} {
		b.Run("tool="+tool, func(b *testing.B) {
			out := b.TempDir()
			if tool == "stgen" {
				generateStgen(b, buildStgen(b, b.TempDir()), specs, out)
			} else {
				generateOAPICodegen(b, oapiCodegen(b), specs, out)
			}
			testenv.ScratchModule(b, out)
			pkgs, _ := filepath.Glob(filepath.Join(out, "*", ""))
			goBuild := func() time.Duration { return run(b, out, "go", "build", "./...") }
			goBuild() // dependencies
			var cpu time.Duration
			i := 0
			for b.Loop() {
				i++
				for _, p := range pkgs {
					if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
						continue
					}
					stamp := fmt.Sprintf("package %s\n\nconst benchStamp = %d\n", packageName(b, p), i)
					if err := os.WriteFile(filepath.Join(p, "zz_bench_stamp.go"), []byte(stamp), 0o644); err != nil {
						b.Fatal(err)
					}
				}
				cpu += goBuild()
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(countLines(b, out)), "lines")
		})
	}
}

// packageName reads the package clause of the first non-test Go file in dir.
func packageName(b *testing.B, dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue // an external test package (the facade's examples)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for line := range strings.Lines(string(src)) {
			if name, ok := strings.CutPrefix(line, "package "); ok {
				return strings.TrimSpace(name)
			}
		}
	}
	return filepath.Base(dir)
}
