package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the command line and returns its exit status and output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // want in stdout; stdout must be empty when nil
		stderr []string // want in stderr; stderr must be empty when nil
	}{
		{
			name:   "no arguments",
			args:   nil,
			code:   2,
			stderr: []string{"Usage:", "stgen generate --specs DIR --out DIR", "stgen version"},
		},
		{
			name:   "unknown command",
			args:   []string{"frobnicate"},
			code:   2,
			stderr: []string{`stgen: unknown command "frobnicate"`, "Usage:"},
		},
		{
			name:   "generate without flags",
			args:   []string{"generate"},
			code:   2,
			stderr: []string{"stgen generate: --specs is required\n", "Usage: stgen generate", "-specs"},
		},
		{
			name:   "generate without --out",
			args:   []string{"generate", "--specs", "testdata/release"},
			code:   2,
			stderr: []string{"stgen generate: --out is required\n", "Usage: stgen generate"},
		},
		{
			name:   "generate without --specs",
			args:   []string{"generate", "--out", out},
			code:   2,
			stderr: []string{"stgen generate: --specs is required\n", "Usage: stgen generate"},
		},
		{
			name:   "generate with a bad --module",
			args:   []string{"generate", "--specs", "testdata/release", "--out", out, "--module", "Not A/Module Path"},
			code:   2,
			stderr: []string{`stgen generate: --module "Not A/Module Path" is not an import path`, "Usage: stgen generate"},
		},
		{
			name:   "generate with an empty --module",
			args:   []string{"generate", "--specs", "testdata/release", "--out", out, "--module", ""},
			code:   2,
			stderr: []string{`stgen generate: --module "" is not an import path`},
		},
		{
			name:   "generate with an unknown flag",
			args:   []string{"generate", "--specs", "testdata/release", "--out", out, "--fast"},
			code:   2,
			stderr: []string{"flag provided but not defined: -fast", "Usage: stgen generate"},
		},
		{
			name:   "generate with an argument",
			args:   []string{"generate", "--specs", "testdata/release", "--out", out, "extra"},
			code:   2,
			stderr: []string{`stgen generate: unexpected argument "extra"`, "Usage: stgen generate"},
		},
		{
			name:   "help",
			args:   []string{"help"},
			code:   0,
			stdout: []string{"Usage:", "stgen generate --specs DIR --out DIR"},
		},
		{
			name:   "--help",
			args:   []string{"--help"},
			code:   0,
			stdout: []string{"Usage:"},
		},
		{
			name:   "help generate",
			args:   []string{"help", "generate"},
			code:   0,
			stdout: []string{"Usage: stgen generate", "-specs string", "-out string", "-module string", "-domains string", "-templates string", "github.com/stgen-dev/stgen/generated"},
		},
		{
			name:   "generate -h",
			args:   []string{"generate", "-h"},
			code:   0,
			stdout: []string{"Usage: stgen generate", "-specs string"},
		},
		{
			name:   "help of an unknown command",
			args:   []string{"help", "frobnicate"},
			code:   2,
			stderr: []string{`unknown command "frobnicate"`},
		},
		{
			name:   "version",
			args:   []string{"version"},
			code:   0,
			stdout: []string{"stgen "},
		},
		{
			name:   "version with an unknown flag",
			args:   []string{"version", "--short"},
			code:   2,
			stderr: []string{"flag provided but not defined: -short"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit status = %d; want %d (stderr %q)", code, tt.code, stderr)
			}
			check := func(stream, got string, want []string) {
				if want == nil && got != "" {
					t.Errorf("%s = %q; want nothing", stream, got)
				}
				for _, w := range want {
					if !strings.Contains(got, w) {
						t.Errorf("%s = %q; want it to contain %q", stream, got, w)
					}
				}
			}
			check("stdout", stdout, tt.stdout)
			check("stderr", stderr, tt.stderr)
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a usage mistake created %s (stat: %v)", out, err)
	}
}

func TestVersionOneLine(t *testing.T) {
	code, stdout, _ := run(t, "version")
	if code != 0 {
		t.Fatalf("exit status = %d; want 0", code)
	}
	if !strings.HasPrefix(stdout, "stgen ") || strings.Count(stdout, "\n") != 1 || !strings.HasSuffix(stdout, "\n") {
		t.Errorf("stdout = %q; want one line \"stgen VERSION\"", stdout)
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"crm", []string{"crm"}},
		{"crm,jpm", []string{"crm", "jpm"}},
		{" crm , jpm ,", []string{"crm", "jpm"}},
		{"crm,crm,,jpm,crm", []string{"crm", "jpm"}},
		{",,", nil},
	}
	for _, tt := range tests {
		got := splitList(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("splitList(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
