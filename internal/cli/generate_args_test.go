package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateUnknownDomain: a domain the release lacks is a usage
// mistake (exit 2, the usage text), with the closest domain suggested, no
// progress line and nothing written, --keep-going or not.
func TestGenerateUnknownDomain(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--domains", "crn"}, `stgen generate: --domains: no document for domain "crn" (did you mean "crm"?); the release has crm, telecom`},
		{[]string{"--domains", "crm,telecon,jpm", "--keep-going"}, `stgen generate: --domains: no document for domain "telecon" (did you mean "telecom"?), no document for domain "jpm"; the release has crm, telecom`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			copyFiles(t, goodOutput(t), out)
			before := treeHash(t, out)
			code, stdout, stderr := run(t, append([]string{"generate", "--specs", release, "--out", out}, tt.args...)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			first, rest, _ := strings.Cut(stderr, "\n")
			if first != tt.want || !strings.HasPrefix(rest, "Usage: stgen generate") {
				t.Errorf("stderr = %q; want %q, then the usage", stderr, tt.want)
			}
			if treeHash(t, out) != before {
				t.Errorf("the run changed --out:%s", sameTree(t, out, goodOutput(t)))
			}
		})
	}
}

// TestGenerateChecksFirst: arguments that cannot work are reported before
// any work, and a run that fails so into a folder that did not exist leaves
// none.
func TestGenerateChecksFirst(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "a", "out")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"out is a file", []string{"--specs", release, "--out", file}, exitError, "stgen generate: output folder " + file + " is a file, not a folder: choose another --out\n"},
		{"out under a file", []string{"--specs", release, "--out", filepath.Join(file, "out")}, exitError, "stgen generate: output folder " + filepath.Join(file, "out") + " cannot be created: " + file + " is not a directory\n"},
		{"specs missing", []string{"--specs", filepath.Join(t.TempDir(), "nope"), "--out", fresh}, exitError, "no such folder"},
		{"domains not a name", []string{"--specs", release, "--out", fresh, "--domains", "crm,../x"}, exitUsage, `stgen generate: --domains: "../x" is not a domain name`},
		{"broken document", []string{"--specs", specsWith(t, "malformed.json"), "--out", fresh}, exitError, "malformed.json:5:3: malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, append([]string{"generate"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
			if tt.code == exitError && strings.Contains(stderr, " operations ") && !strings.Contains(tt.name, "document") {
				t.Errorf("stderr %q has progress: the run did work before checking its arguments", stderr)
			}
			if _, err := os.Stat(filepath.Dir(fresh)); err == nil {
				t.Errorf("the failed run left %s", filepath.Dir(fresh))
			}
		})
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "mine\n" {
		t.Errorf("the file is now %q, %v", b, err)
	}
}

// TestGenerateQuiet: --quiet prints nothing on success, not even the note
// that --out is in no module.
func TestGenerateQuiet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, "generate", "--specs", release, "--out", out, "--quiet")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "crm", "client.gen.go")); err != nil {
		t.Error(err)
	}
}
