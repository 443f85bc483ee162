// Package cli implements stgen's command line: one file per subcommand, each
// parsing its own flags and returning the process's exit status.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the command failed: bad input, unwritable output
	exitUsage = 2 // the command line is wrong
)

const usage = `stgen generates Go clients for ServiceTitan's API.

Usage:
  stgen generate --specs DIR --out DIR [--module IMPORTPATH] [--domains crm,jpm] [--templates DIR]
  stgen serve --specs DIR [--addr 127.0.0.1:PORT] [--client-id ID --client-secret S --app-key K]
              [--records N] [--seed S] [--fault SPEC]... [--latency D] [--rate-limit N]
  stgen diff OLD NEW [--format text|markdown|json] [--fail-on breaking|any] [--domains crm,jpm] [--go]
  stgen fetch --out DIR [--from BASEURL] [--ids tenant-crm-v2,...] [--date YYYY-MM-DD] [--force]
  stgen version
  stgen help [COMMAND]

Run 'stgen help COMMAND' for a command's flags.
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
		{"serve", "serve a fake ServiceTitan for a release", runServe},
		{"diff", "compare two releases: what changed, what it breaks in Go", runDiff},
		{"fetch", "download a release of ServiceTitan's API documents from the developer portal", runFetch},
		{"version", "print stgen's version", runVersion},
	}
}

// Run runs the command line args (without the program name) and returns the exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return Run([]string{rest[0], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(rest, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "stgen: unknown command %q\n\n%s", name, usage)
	return exitUsage
}

// newFlagSet returns the flag set of a subcommand, writing to stderr, whose
// usage is text ("Usage: ..." and a description) followed by the flags.
func newFlagSet(name, text string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text+"\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
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
	fs := newFlagSet("version", "Usage: stgen version\n\nPrints stgen's version.\n", stderr)
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	fmt.Fprintln(stdout, "stgen", stgenVersion())
	return exitOK
}

// stgenVersion returns stgen's module version, or "(devel)" for a build from a work tree.
func stgenVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
