// Package cli implements stgen's command line: one file per subcommand, each
// parsing its own flags and returning the process's exit status.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/stgen-dev/stgen/internal/version"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the command failed: bad input, unwritable output
	exitUsage = 2 // the command line is wrong
)

// synopsis lists every command with every flag it takes, spelt --flag; a
// test checks it against the commands' flag sets.
const synopsis = `Usage:
  stgen generate --specs DIR --out DIR [--module IMPORTPATH] [--domains crm,jpm] [--runtime import|copy]
                 [--templates DIR] [--renew-names] [--keep-going] [--wait] [--quiet]
  stgen diff OLD NEW [--format text|markdown|json] [--fail-on breaking|any|affected] [--domains crm,jpm] [--go]
             [--against [--generated DIR] PATTERN...]
  stgen scopes [--have LIST|@FILE] [--format text|json] PATTERN...
  stgen fetch --out DIR [--from BASEURL] [--ids tenant-crm-v2,...] [--date YYYY-MM-DD] [--force] [--keep-going]
              [--timeout 1m]
  stgen serve --specs DIR [--addr 127.0.0.1:PORT] [--client-id ID --client-secret S --app-key K]
              [--records N] [--seed S] [--fault SPEC]... [--latency D] [--rate-limit N] [--report-limit N]
  stgen version                 (or stgen --version)
  stgen help [COMMAND]
`

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"generate", "generate one client package per domain of a release", runGenerate},
		{"diff", "compare two releases: what changed, what it breaks in Go", runDiff},
		{"scopes", "list the OAuth scopes a program's calls need, with their call sites", runScopes},
		{"fetch", "download a release of ServiceTitan's API documents from the developer portal", runFetch},
		{"serve", "serve a fake ServiceTitan for a release", runServe},
		{"version", "print stgen's version and the commit it was built from", runVersion},
	}
}

// usage returns the top-level usage: the commands, their synopsis and how
// to get a command's flags.
func usage() string {
	var b strings.Builder
	b.WriteString("stgen generates Go clients for ServiceTitan's API.\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\n" + synopsis + "\nFlags are spelt --flag here; -flag works too. Run 'stgen help COMMAND' for what a\ncommand's flags do.\n")
	return b.String()
}

// Run runs the command line args (without the program name) and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return Run([]string{rest[0], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage())
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(rest, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "stgen: unknown command %q\n\n%s", name, usage())
	return exitUsage
}

// newFlagSet returns the flag set of a subcommand, writing to stderr, whose
// usage is text ("Usage: ..." and a description) followed by the flags.
func newFlagSet(name, text string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text)
		printFlags(fs)
	}
	return fs
}

// printFlags prints "Flags:" and fs's flags to its output, as
// fs.PrintDefaults does but each spelt --name, as the usage texts spell
// them; nothing when fs has none.
func printFlags(fs *flag.FlagSet) {
	out := fs.Output()
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(out)
	if b.Len() == 0 {
		return
	}
	fmt.Fprint(out, "\nFlags:\n")
	// PrintDefaults starts each flag's lines with "  -name" and indents the
	// rest of them with "    \t", so only the first can start with "  -".
	for line := range strings.Lines(b.String()) {
		if rest, ok := strings.CutPrefix(line, "  -"); ok {
			line = "  --" + rest
		}
		fmt.Fprint(out, line)
	}
}

// parseFlags parses args with fs; it returns the exit status to stop with, or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) int {
	// Parse prints the usage to fs's output on -h too; hold it back and
	// print it below, where it belongs: stdout on -h, stderr on a mistake.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	case err != nil:
		fs.Usage()
		return exitUsage
	}
	return -1
}

// parseInterspersed parses args with fs, flags coming before, between or
// after the other arguments, and returns those arguments; the exit status
// it returns is the one to stop with, or -1 to go on.
func parseInterspersed(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, int) {
	var rest []string
	for {
		if code := parseFlags(fs, args, stdout); code >= 0 {
			return nil, code
		}
		if fs.NArg() == 0 {
			return rest, -1
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// requireFlags checks that no argument follows the flags and that each
// named flag is set; it returns the exit status to stop with, or -1 to go on.
func requireFlags(fs *flag.FlagSet, names ...string) int {
	if fs.NArg() > 0 {
		return usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	for _, name := range names {
		if fs.Lookup(name).Value.String() == "" {
			return usageError(fs, "--%s is required", name)
		}
	}
	return -1
}

// isSet reports whether the flag called name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// usageError prints a usage mistake and the command's usage; it returns exitUsage.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), "stgen %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return exitUsage
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", versionUsage, stderr)
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if code := requireFlags(fs); code >= 0 {
		return code
	}
	fmt.Fprintln(stdout, "stgen", version.Current())
	return exitOK
}

const versionUsage = `Usage: stgen version (or stgen --version)

Prints stgen's module version: the release tag (vX.Y.Z) for a go install of
a release; for a build in a clone, a pseudo-version naming the commit
(+dirty when the tree had uncommitted changes), then the commit's full
hash and time. Generated files' headers carry the same version, its first
word. "(devel)" is a build that recorded none: go run, -buildvcs=false, or a
git worktree.
`
