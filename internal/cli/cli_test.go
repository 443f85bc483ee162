package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stgen-dev/stgen/internal/version"
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
			stderr: []string{"stgen generate: --specs is required\n", "Usage: stgen generate", "  --specs string"},
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
			stdout: []string{"Usage: stgen generate", "  --specs string", "  --out string", "  --module string", "  --domains string", "  --templates string", "  --runtime string", "  --renew-names\n", "  --keep-going\n", "github.com/stgen-dev/stgen/generated"},
		},
		{
			name:   "generate -h",
			args:   []string{"generate", "-h"},
			code:   0,
			stdout: []string{"Usage: stgen generate", "  --specs string"},
		},
		{
			name:   "generate --help",
			args:   []string{"generate", "--help"},
			code:   0,
			stdout: []string{"Usage: stgen generate", "  --specs string"},
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
			name:   "--version",
			args:   []string{"--version"},
			code:   0,
			stdout: []string{"stgen "},
		},
		{
			name:   "-version",
			args:   []string{"-version"},
			code:   0,
			stdout: []string{"stgen "},
		},
		{
			name:   "-v is not a version flag",
			args:   []string{"-v"},
			code:   2,
			stderr: []string{`stgen: unknown command "-v"`},
		},
		{
			name:   "help version",
			args:   []string{"help", "version"},
			code:   0,
			stdout: []string{"Usage: stgen version (or stgen --version)", "(devel)"},
		},
		{
			name:   "version with an argument",
			args:   []string{"--version", "extra"},
			code:   2,
			stderr: []string{`stgen version: unexpected argument "extra"`, "Usage: stgen version"},
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

// TestVersionOneLine checks that `stgen version` and `stgen --version` print
// one line whose second word is the version generated files carry, which
// scripts read with cut -d' ' -f2 (regenerate.yml does).
func TestVersionOneLine(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, stdout, _ := run(t, arg)
		if code != 0 {
			t.Fatalf("%s: exit status = %d; want 0", arg, code)
		}
		if want := "stgen " + version.Current().String() + "\n"; stdout != want {
			t.Errorf("%s: stdout = %q; want %q", arg, stdout, want)
		}
		if fields := strings.Fields(stdout); len(fields) < 2 || fields[1] != version.Current().Version {
			t.Errorf("%s: stdout = %q; want its second word to be the headers' version %q", arg, stdout, version.Current().Version)
		}
	}
}

// TestUsageListsEveryFlag checks that the top-level usage names every flag
// of every command, spelt --flag, on that command's lines: it reads each
// command's flags from its own help (`stgen help COMMAND`, which lists every
// flag its flag set defines), so a flag added to a command and not to the
// usage fails it.
func TestUsageListsEveryFlag(t *testing.T) {
	_, top, _ := run(t, "help")
	synopses := commandSynopses(t, top)
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, help, stderr := run(t, "help", c.name)
			if code != 0 {
				t.Fatalf("stgen help %s: exit status %d\n%s", c.name, code, stderr)
			}
			flags := helpFlags(help)
			if c.name == "generate" && (!slices.Contains(flags, "specs") || !slices.Contains(flags, "out")) {
				t.Fatalf("read flags %q from stgen help generate; want specs and out among them:\n%s", flags, help)
			}
			synopsis, ok := synopses[c.name]
			if !ok {
				t.Fatalf("the top-level usage has no line \"  stgen %s\":\n%s", c.name, top)
			}
			for _, name := range flags {
				if !regexp.MustCompile(`--` + regexp.QuoteMeta(name) + `(?:[\s\]=]|$)`).MatchString(synopsis) {
					t.Errorf("the top-level usage of stgen %s does not mention --%s:\n%s", c.name, name, synopsis)
				}
			}
		})
	}
}

// commandSynopses returns each command's lines of the top-level usage: its
// "  stgen NAME" line and the more indented lines that follow it.
func commandSynopses(t *testing.T, usage string) map[string]string {
	t.Helper()
	synopses := map[string]string{}
	current := ""
	for line := range strings.Lines(usage) {
		if rest, ok := strings.CutPrefix(line, "  stgen "); ok {
			current = strings.Fields(rest)[0]
			synopses[current] += line
			continue
		}
		if current != "" && strings.HasPrefix(line, "    ") {
			synopses[current] += line
			continue
		}
		current = ""
	}
	if len(synopses) == 0 {
		t.Fatalf("no \"  stgen COMMAND\" lines in the top-level usage:\n%s", usage)
	}
	return synopses
}

// helpFlags returns the names of the flags a command's help lists.
func helpFlags(help string) []string {
	var names []string
	for line := range strings.Lines(help) {
		if rest, ok := strings.CutPrefix(line, "  --"); ok {
			names = append(names, strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })[0])
		}
	}
	return names
}

// TestHelpSpellsFlagsWithTwoDashes checks that no command's help lists a
// flag spelt -flag: every flag line starts "  --".
func TestHelpSpellsFlagsWithTwoDashes(t *testing.T) {
	for _, c := range commands() {
		_, help, _ := run(t, "help", c.name)
		for line := range strings.Lines(help) {
			if strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "  --") {
				t.Errorf("stgen help %s lists %q; want --flag", c.name, strings.TrimSpace(line))
			}
		}
	}
}

// TestPrintFlags checks the shared flag printer on every kind of flag: the
// name spelt --name, its type or backquoted name, a usage of several lines
// and the default, as flag.PrintDefaults words them.
func TestPrintFlags(t *testing.T) {
	var out bytes.Buffer
	fs := newFlagSet("demo", "Usage: stgen demo\n", &out)
	fs.String("specs", "", "folder of the `release`")
	fs.Bool("force", false, "replace it")
	fs.Duration("timeout", time.Minute, "time allowed\n-per request, on two lines")
	fs.Int("n", 3, "a one-letter flag")
	fs.Usage()
	want := `Usage: stgen demo

Flags:
  --force
    	replace it
  --n int
    	a one-letter flag (default 3)
  --specs release
    	folder of the release
  --timeout duration
    	time allowed
    	-per request, on two lines (default 1m0s)
`
	if out.String() != want {
		t.Errorf("usage =\n%s\nwant\n%s", out.String(), want)
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
