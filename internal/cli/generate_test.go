package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/testenv"
)

// release is the tiny release of the tests: crm (JSON, 3.1, two operations)
// and telecom (YAML, 3.0, one operation), and a README.md that is no document.
const release = "testdata/release"

// specsWith returns a new folder holding a copy of the tiny release and of
// the named files of testdata/broken.
func specsWith(t *testing.T, broken ...string) string {
	t.Helper()
	dir := t.TempDir()
	copyFiles(t, release, dir)
	for _, name := range broken {
		copyFile(t, filepath.Join("testdata/broken", name), filepath.Join(dir, name))
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyFiles copies the tree under from into to.
func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		copyFile(t, path, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeHash returns a hash of the paths and contents under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	m := testenv.Tree(t, dir)
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(m)) {
		h.Write([]byte(p + "\x00" + m[p] + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sameTree reports how the trees under got and want differ, "" if they do not.
func sameTree(t *testing.T, got, want string) string {
	t.Helper()
	if treeHash(t, got) == treeHash(t, want) {
		return ""
	}
	g, w := testenv.Tree(t, got), testenv.Tree(t, want)
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(w)) {
		if gv, ok := g[p]; !ok {
			b.WriteString("\n  missing " + p)
		} else if gv != w[p] {
			b.WriteString("\n  changed " + p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(g)) {
		if _, ok := w[p]; !ok {
			b.WriteString("\n  unexpected " + p)
		}
	}
	return b.String()
}

var (
	goodOnce sync.Once
	goodDir  string
	goodErr  string
)

// goodOutput returns a folder holding the output of a successful run on the
// tiny release, generated once for the whole test binary. Copy it before use.
func goodOutput(t *testing.T) string {
	t.Helper()
	goodOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stgen-cli-test-")
		if err != nil {
			goodErr = err.Error()
			return
		}
		goodDir = filepath.Join(dir, "out")
		var stdout, stderr strings.Builder
		if code := Run([]string{"generate", "--specs", release, "--out", goodDir}, &stdout, &stderr); code != 0 {
			goodErr = "generate on " + release + " failed: " + stderr.String()
		}
	})
	if goodErr != "" {
		t.Fatal(goodErr)
	}
	return goodDir
}

func TestMain(m *testing.M) {
	if run := os.Getenv(childEnv); run != "" {
		os.Exit(runChild(run))
	}
	code := m.Run()
	if goodDir != "" {
		os.RemoveAll(filepath.Dir(goodDir))
	}
	os.Exit(code)
}

func TestGenerate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, "generate", "--specs", release, "--out", out, "--module", "example.com/app/st")
	if code != 0 {
		t.Fatalf("exit status = %d; want 0; stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q; want nothing", stdout)
	}

	// Progress: one line per domain, in any order, then the summary.
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("stderr has %d lines; want 3 (two domains and a summary):\n%s", len(lines), stderr)
	}
	progress := slices.Sorted(slices.Values(lines[:2])) // in the order the domains finish in
	for i, want := range []string{"crm ", "telecom "} {
		if !strings.HasPrefix(progress[i], want) || !strings.Contains(progress[i], " operation") {
			t.Errorf("progress line %q; want it to start with %q and count operations", progress[i], want)
		}
	}
	if !strings.Contains(progress[0], " 2 operations") || !strings.Contains(progress[1], " 1 operation ") {
		t.Errorf("progress = %q; want 2 operations for crm, 1 for telecom", progress)
	}
	if want := "generated 2 domain packages (3 operations, "; !strings.HasPrefix(lines[2], want) || !strings.Contains(lines[2], " and package servicetitan into "+out+" in ") {
		t.Errorf("summary = %q; want it to start with %q and name %s", lines[2], want, out)
	}

	// Output: one folder per domain, the facade, the manifest, and the lock
	// file of internal/output.
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".stgen-lock", ".stgen-packages", "crm", "servicetitan", "stgen-names.json", "stgen-operations.json", "telecom"}; !slices.Equal(names, want) {
		t.Errorf("%s holds %q; want %q", out, names, want)
	}
	if b, err := os.ReadFile(filepath.Join(out, ".stgen-packages")); err != nil || string(b) != "crm\nservicetitan\ntelecom\n" {
		t.Errorf("manifest = %q, %v; want %q", b, err, "crm\nservicetitan\ntelecom\n")
	}
	facade, err := os.ReadFile(filepath.Join(out, "servicetitan", "servicetitan.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"example.com/app/st/crm"`, "CRM *crm.Client", "Telecom *telecom.Client"} {
		if !bytes.Contains(facade, []byte(want)) {
			t.Errorf("facade lacks %q", want)
		}
	}
	for _, domain := range []string{"crm", "telecom"} {
		files, err := filepath.Glob(filepath.Join(out, domain, "*"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Errorf("package %s is empty", domain)
		}
		for _, f := range files {
			if !strings.HasSuffix(f, ".go") {
				t.Errorf("%s: not a .go file", f)
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "// Code generated by stgen") {
				t.Errorf("%s starts with %q; want %q", f, firstLine(src), "// Code generated by stgen")
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.PackageClauseOnly)
			if err != nil {
				t.Errorf("%s: %v", f, err)
			} else if parsed.Name.Name != domain {
				t.Errorf("%s: package %q; want %q", f, parsed.Name.Name, domain)
			}
		}
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// TestGenerateDeterministic checks that two runs on the same input write the
// same bytes, into another folder or over their own output.
func TestGenerateDeterministic(t *testing.T) {
	first := goodOutput(t)
	second := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "--specs", release, "--out", second); code != 0 {
		t.Fatalf("exit status = %d; want 0; stderr:\n%s", code, stderr)
	}
	if d := sameTree(t, second, first); d != "" {
		t.Errorf("two runs on %s differ:%s", release, d)
	}
	if code, _, stderr := run(t, "generate", "--specs", release, "--out", second); code != 0 {
		t.Fatalf("exit status = %d; want 0; stderr:\n%s", code, stderr)
	}
	if d := sameTree(t, second, first); d != "" {
		t.Errorf("a run over its own output differs:%s", d)
	}
}

// TestGenerateDomainsAndPrune checks that --domains regenerates the named
// domains and keeps the others, and that a full run removes the package of
// a domain the release dropped, and nothing else.
func TestGenerateDomainsAndPrune(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	copyFiles(t, goodOutput(t), out)
	readme := filepath.Join(out, "README.md")
	if err := os.WriteFile(readme, []byte("# ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	crmOnly := t.TempDir()
	copyFile(t, filepath.Join(release, "crm-v2.json"), filepath.Join(crmOnly, "crm-v2.json"))

	steps := []struct {
		args     []string
		packages []string
		progress int
	}{
		{[]string{"--specs", release, "--domains", " crm,crm "}, []string{"crm", "telecom"}, 1},
		{[]string{"--specs", crmOnly, "--domains", "crm"}, []string{"crm", "telecom"}, 1},
		{[]string{"--specs", crmOnly}, []string{"crm"}, 1},
		{[]string{"--specs", release}, []string{"crm", "telecom"}, 2},
	}
	for i, s := range steps {
		args := append([]string{"generate", "--out", out, "--module", defaultModule}, s.args...)
		code, _, stderr := run(t, args...)
		if code != 0 {
			t.Fatalf("step %d: exit status = %d; want 0; stderr:\n%s", i, code, stderr)
		}
		if got := strings.Count(stderr, "\n"); got != s.progress+1 {
			t.Errorf("step %d: stderr has %d lines; want %d:\n%s", i, got, s.progress+1, stderr)
		}
		for _, p := range []string{"crm", "telecom"} {
			_, err := os.Stat(filepath.Join(out, p))
			if want := slices.Contains(s.packages, p); (err == nil) != want {
				t.Errorf("step %d: package %s there = %t; want %t", i, p, err == nil, want)
			}
		}
		if b, err := os.ReadFile(readme); err != nil || string(b) != "# ours\n" {
			t.Errorf("step %d: README.md = %q, %v; want it untouched", i, b, err)
		}
		// The operations file records the domains the output holds.
		ops, err := opsfile.Read(out)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := slices.Sorted(maps.Keys(ops.Domains)); !slices.Equal(got, s.packages) || ops.Module != defaultModule {
			t.Errorf("step %d: %s records %v of module %s; want %v of %s", i, opsfile.FileName, got, ops.Module, s.packages, defaultModule)
		}
	}
	if d := sameTree(t, out, goodOutput(t)); d != "" && d != "\n  unexpected README.md" {
		t.Errorf("after the full run, the output differs from a fresh one:%s", d)
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the --specs folder and the --out folder, given a
		// folder holding a previous run's output.
		setup    func(t *testing.T, out string) (specs, newOut string)
		args     []string
		contains []string // want in the error line
		progress bool     // progress lines may come before the error: the run loaded documents
		lines    int      // error lines; 1 when 0
	}{
		{
			name: "missing specs folder",
			setup: func(t *testing.T, out string) (string, string) {
				return filepath.Join(t.TempDir(), "nope"), out
			},
			contains: []string{"nope: no such folder"},
		},
		{
			name: "empty specs folder",
			setup: func(t *testing.T, out string) (string, string) {
				return t.TempDir(), out
			},
			contains: []string{"no OpenAPI documents"},
		},
		{
			name: "specs folder with only a README",
			setup: func(t *testing.T, out string) (string, string) {
				dir := t.TempDir()
				copyFile(t, filepath.Join(release, "README.md"), filepath.Join(dir, "README.md"))
				return dir, out
			},
			contains: []string{"no OpenAPI documents"},
		},
		{
			name: "malformed document",
			setup: func(t *testing.T, out string) (string, string) {
				return specsWith(t, "malformed.json"), out
			},
			contains: []string{"malformed.json:5:3: malformed JSON"},
			progress: true,
		},
		{
			name: "unresolved $ref",
			setup: func(t *testing.T, out string) (string, string) {
				return specsWith(t, "unresolved-ref.yaml"), out
			},
			contains: []string{
				"unresolved-ref.yaml:#/paths/~1tenant~1{tenant}~1jobs/get/responses/200/content/application~1json/schema: ",
				`"#/components/schemas/Jpm.V2.JobResponse"`,
			},
			progress: true,
		},
		{
			name: "two documents for one domain",
			setup: func(t *testing.T, out string) (string, string) {
				return specsWith(t, "crm-v3.json"), out
			},
			contains: []string{"crm-v2.json and ", "crm-v3.json", `domain "crm"`},
			progress: true,
		},
		{
			name: "two broken documents",
			setup: func(t *testing.T, out string) (string, string) {
				return specsWith(t, "malformed.json", "unresolved-ref.yaml"), out
			},
			contains: []string{"malformed.json:5:3: ", "unresolved-ref.yaml:#/paths/"},
			lines:    2,
			progress: true,
		},
		{
			name: "templates folder missing",
			setup: func(t *testing.T, out string) (string, string) {
				return release, out
			},
			args:     []string{"--templates", "testdata/no-templates"},
			contains: []string{"templates", "testdata/no-templates"},
		},
		{
			name: "templates not a folder",
			setup: func(t *testing.T, out string) (string, string) {
				return release, out
			},
			args:     []string{"--templates", "testdata/release/README.md"},
			contains: []string{"testdata/release/README.md is not a folder"},
		},
		{
			name: "output is a regular file",
			setup: func(t *testing.T, out string) (string, string) {
				file := filepath.Join(out, "crm", "client.gen.go")
				return release, file
			},
			contains: []string{"output folder", filepath.Join("crm", "client.gen.go"), "is a file, not a folder"},
		},
		{
			name: "output under a regular file",
			setup: func(t *testing.T, out string) (string, string) {
				return release, filepath.Join(out, ".stgen-packages", "out")
			},
			contains: []string{"output folder", filepath.Join(".stgen-packages", "out"), "not a directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			copyFiles(t, goodOutput(t), out)
			specs, target := tt.setup(t, out)
			before := treeHash(t, filepath.Dir(out))

			args := append([]string{"generate", "--specs", specs, "--out", target}, tt.args...)
			code, stdout, stderr := run(t, args...)
			if code != 1 {
				t.Errorf("exit status = %d; want 1", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q; want nothing", stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			var errLines []string
			for i, l := range lines {
				switch {
				case strings.HasPrefix(l, "stgen generate: "):
					errLines = append(errLines, l)
				case !tt.progress || len(errLines) > 0 || strings.HasPrefix(l, "generated "):
					t.Errorf("stderr line %d = %q; want only error lines (and progress before them)", i+1, l)
				}
			}
			want := max(tt.lines, 1)
			if len(errLines) != want {
				t.Fatalf("stderr has %d error lines; want %d:\n%s", len(errLines), want, stderr)
			}
			msg := strings.Join(errLines, "\n")
			for _, s := range tt.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("error = %q; want it to contain %q", msg, s)
				}
			}
			if after := treeHash(t, filepath.Dir(out)); after != before {
				t.Errorf("a failed run changed the output:%s", sameTree(t, out, goodOutput(t)))
			}
		})
	}
}

// TestGenerateFailedRunKeepsOutput is the user's story: a release generates,
// the next one has a broken document, and the failed run leaves the output
// exactly as the first run wrote it.
func TestGenerateFailedRunKeepsOutput(t *testing.T) {
	specs := specsWith(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "--specs", specs, "--out", out); code != 0 {
		t.Fatalf("first run: exit status = %d; want 0; stderr:\n%s", code, stderr)
	}
	before := treeHash(t, out)

	copyFile(t, "testdata/broken/unresolved-ref.yaml", filepath.Join(specs, "jpm-v2.yaml"))
	if err := os.Remove(filepath.Join(specs, "telecom.yaml")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "generate", "--specs", specs, "--out", out)
	if code != 1 {
		t.Fatalf("second run: exit status = %d; want 1; stderr:\n%s", code, stderr)
	}
	if want := "\nstgen generate: " + filepath.Join(specs, "jpm-v2.yaml") + ":#/paths/"; !strings.Contains("\n"+stderr, want) {
		t.Errorf("stderr = %q; want a line starting with %q", stderr, want[1:])
	}
	if after := treeHash(t, out); after != before {
		t.Errorf("tree hash after the failed run = %s; want %s, as before it", after, before)
	}
}

// TestGenerateSomeDomainsKeepsFacade regenerates one domain of two: the
// other stays, and so does its field in the facade.
func TestGenerateSomeDomainsKeepsFacade(t *testing.T) {
	release := filepath.Join("testdata", "release")
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "generate", "--specs", release, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "generate", "--specs", release, "--out", out, "--domains", "crm"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	facade, err := os.ReadFile(filepath.Join(out, "servicetitan", "servicetitan.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CRM *crm.Client", "Telecom *telecom.Client"} {
		if !bytes.Contains(facade, []byte(want)) {
			t.Errorf("facade after generating only crm lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "telecom", "client.gen.go")); err != nil {
		t.Errorf("telecom was removed by a run that generated only crm: %v", err)
	}

	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, stderr := run(t, "generate", "--specs", release, "--out", fresh, "--domains", "crm"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	facade, err = os.ReadFile(filepath.Join(fresh, "servicetitan", "servicetitan.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(facade, []byte("telecom.Client")) || bytes.Contains(facade, []byte(`/telecom"`)) {
		t.Error("facade of a fresh crm-only run refers to telecom, which was never generated")
	}
}

// TestGenerateKeepGoing: a release with a broken document fails whole by
// default; with --keep-going the other domains are written, the facade an
// earlier run wrote is kept (the broken document's domain is unknown), and
// the run still fails, naming the document.
func TestGenerateKeepGoing(t *testing.T) {
	specs := t.TempDir()
	copyFile(t, filepath.Join(release, "crm-v2.json"), filepath.Join(specs, "crm-v2.json"))
	copyFile(t, filepath.Join(release, "telecom.yaml"), filepath.Join(specs, "telecom.yaml"))
	copyFile(t, filepath.Join("testdata", "broken", "malformed.json"), filepath.Join(specs, "malformed.json"))

	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := run(t, "generate", "--specs", specs, "--out", out, "--module", "example.com/st")
	if code != exitError || !strings.Contains(stderr, "malformed.json") {
		t.Fatalf("without --keep-going: exit %d, stderr %q; want 1 naming malformed.json", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("without --keep-going the run wrote something")
	}

	code, _, stderr = run(t, "generate", "--specs", specs, "--out", out, "--module", "example.com/st", "--keep-going")
	if code != exitError || !strings.Contains(stderr, "malformed.json") || !strings.Contains(stderr, "1 of the documents failed: their packages were left as they were, and package servicetitan gathers the others") {
		t.Fatalf("--keep-going: exit %d, stderr %q; want 1 naming the failed document, the facade written over the others", code, stderr)
	}
	for _, p := range []string{"crm", "telecom", "servicetitan", "stgen-names.json"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("--keep-going on a fresh folder: %s missing: %v", p, err)
		}
	}

	facade := filepath.Join(out, "servicetitan", "servicetitan.gen.go")
	before, err := os.ReadFile(facade)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(specs, "telecom.yaml"))
	code, _, stderr = run(t, "generate", "--specs", specs, "--out", out, "--module", "example.com/st", "--keep-going")
	if code != exitError || strings.Contains(stderr, "types) and package servicetitan") || !strings.Contains(stderr, "their packages, and package servicetitan, were left as they were") {
		t.Errorf("second --keep-going run: exit %d, stderr %q; want 1, the facade not rewritten", code, stderr)
	}
	if after, _ := os.ReadFile(facade); !bytes.Equal(before, after) {
		t.Error("a --keep-going run with a failure rewrote the facade")
	}
	if _, err := os.Stat(filepath.Join(out, "telecom")); err != nil {
		t.Errorf("a run with a failure pruned telecom: %v", err)
	}
}
