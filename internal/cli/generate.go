package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/mod/module"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/pipeline"
	"github.com/stgen-dev/stgen/internal/plural"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/version"
)

// defaultModule is the import path of the repository's generated/ folder.
const defaultModule = "github.com/stgen-dev/stgen/generated"

const generateUsage = `Usage: stgen generate --specs DIR --out DIR [--module IMPORTPATH] [--domains crm,jpm] [--runtime import|copy]
                      [--templates DIR] [--renew-names] [--keep-going] [--wait] [--quiet]

Generates one Go client package per domain document in --specs into --out,
and the package servicetitan that gathers them. --out/stgen-names.json
records the Go names given, and a later run over a new release keeps them:
commit it with the packages. A failed run leaves --out as it was (with
--keep-going, the domains that did generate are written, the run still
fails); two runs on the same input write the same bytes.

A run holds a lock on --out from start to end: a second run into it fails
at once, naming the first one's process id, or waits for it with --wait.
It first restores the output of a run that was killed while switching
--out. Progress goes to stderr: one line per domain as it is generated,
and a summary; on a terminal, a status line too. --quiet prints only
errors. Arguments are checked before any work: a usage mistake, such as a
domain the release lacks, exits with status 2.
`

// generateCmd is one run of stgen generate, its flags parsed.
type generateCmd struct {
	fs                 *flag.FlagSet
	stderr             io.Writer
	specs, out, module string
	templates          string
	domains            []string
	renewNames         bool
	copyRuntime        bool
	keepGoing          bool
	wait, quiet        bool
	terminal           bool                           // stderr is a terminal
	held               func()                         // called once --out is held; tests stop there
	beforeStep         func(n int, step string) error // output.Dir.BeforeStep; tests stop there
}

func runGenerate(args []string, stdout, stderr io.Writer) int {
	c, code := parseGenerate(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	return c.run()
}

// parseGenerate parses args; it returns the exit status to stop with, or -1 to go on.
func parseGenerate(args []string, stdout, stderr io.Writer) (*generateCmd, int) {
	fs := newFlagSet("generate", generateUsage, stderr)
	specs := fs.String("specs", "", "folder of the release's OpenAPI documents (JSON or YAML, one per domain)")
	out := fs.String("out", "", "folder to write one package per domain into")
	mod := fs.String("module", "", "import path of the --out folder (default: from the go.mod above --out, else "+defaultModule+")")
	domains := fs.String("domains", "", "comma-separated domains to generate (default: all)")
	tmpl := fs.String("templates", "", "folder of *.tmpl files replacing stgen's templates of the same name")
	rt := fs.String("runtime", "import", "import: the generated code imports stgen's runtime (stapi, authmw); copy: a copy of it is written into --out")
	keepGoing := fs.Bool("keep-going", false, "write the packages of the documents that generate even if others fail (the run still fails)")
	renew := fs.Bool("renew-names", false, "name everything by today's rules, ignoring the names --out/"+names.FileName+" records")
	wait := fs.Bool("wait", false, "if another run is writing --out, wait for it to finish instead of failing")
	quiet := fs.Bool("quiet", false, "print only errors")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return nil, code
	}
	if code := requireFlags(fs, "specs", "out"); code >= 0 {
		return nil, code
	}
	if *rt != "import" && *rt != "copy" {
		return nil, usageError(fs, "--runtime %q: use import or copy", *rt)
	}
	if *mod != "" || isSet(fs, "module") {
		if err := module.CheckImportPath(*mod); err != nil {
			return nil, usageError(fs, "--module %q is not an import path: %v", *mod, err)
		}
	}
	c := &generateCmd{
		fs: fs, stderr: stderr,
		specs: *specs, out: *out, module: *mod, templates: *tmpl, domains: splitList(*domains),
		renewNames: *renew, copyRuntime: *rt == "copy", keepGoing: *keepGoing, wait: *wait, quiet: *quiet,
		terminal: isTerminal(stderr),
	}
	for _, d := range c.domains {
		if !spec.IsDomainName(d) {
			return nil, usageError(fs, "--domains: %q is not a domain name (a Go package name such as crm or jpm)", d)
		}
	}
	return c, -1
}

// run runs the command and returns the exit status.
func (c *generateCmd) run() int {
	p := newProgress(c.stderr, c.quiet, c.terminal)
	p.spin(spinInterval)
	err := c.generate(p)
	p.end()
	var unknown *pipeline.UnknownDomainsError
	if errors.As(err, &unknown) {
		return usageError(c.fs, "%v", err)
	}
	if err != nil {
		// One line per error: loading joins one per broken document.
		for line := range strings.SplitSeq(err.Error(), "\n") {
			fmt.Fprintln(c.stderr, "stgen generate:", line)
		}
		return exitError
	}
	return exitOK
}

// generate checks the arguments, takes --out, loads and generates the
// release, and writes it.
func (c *generateCmd) generate(p *progress) error {
	start := time.Now()
	// A run allocates a few hundred megabytes, most of it garbage at once
	// (decoded documents); collecting a quarter as often saves a fifth of its CPU
	// for a peak heap still well under a gigabyte.
	defer debug.SetGCPercent(debug.SetGCPercent(400))

	// Everything is checked before the first change to --out, but an
	// interrupted switch of an earlier run is restored first: taking --out
	// restores it, whatever this run goes on to do.
	if err := checkOut(c.out); err != nil {
		return err
	}
	dir, err := c.open(p)
	if err != nil {
		return err
	}
	defer dir.Close()
	dir.BeforeStep = c.beforeStep
	if c.held != nil {
		c.held()
	}
	note, err := c.resolveModule()
	if err != nil {
		return err
	}
	pl, err := pipeline.New(pipeline.Options{
		Specs: c.specs, Domains: c.domains, Module: c.module, CopyRuntime: c.copyRuntime, Facade: true,
		Templates: c.templates, Version: version.Current().Version, KeepGoing: c.keepGoing,
	})
	if err != nil {
		return err
	}
	recorded := names.New()
	if !c.renewNames {
		if recorded, err = names.Read(c.out); err != nil {
			return err
		}
	}
	res, err := pl.Run(recorded, dir.Written(), p)
	if err != nil {
		return err
	}
	var pkgs []output.Package
	for _, pkg := range res.Packages() {
		pkgs = append(pkgs, output.Package{Dir: pkg.Name, Files: pkg.Files})
	}
	// The operations file is derived from the documents: one that is
	// missing or unreadable only loses the records of the domains not
	// generated now.
	previous, err := opsfile.Read(c.out)
	if err != nil && !res.Prune && !errors.Is(err, opsfile.ErrNotExist) {
		note += fmt.Sprintf("note: %v; it now records only the domains generated now\n", err)
	}
	ops := opsfile.Merge(c.module, previous, res.OpsFile, res.Prune)
	if err := dir.Write(pkgs, res.Prune,
		output.File{Name: names.FileName, Data: res.Names.Marshal()},
		output.File{Name: opsfile.FileName, Data: ops.Marshal()}); err != nil {
		return err
	}
	if len(res.Missing) > 0 && len(c.domains) == 0 {
		note += fmt.Sprintf("note: %s lacks %s, which stgen fetch could not fetch (see its %s): the packages of domains it lacks were kept, and package %s", c.specs, strings.Join(res.Missing, ", "), fetch.ManifestName, gen.FacadePackage)
	}
	facade := " and package " + gen.FacadePackage
	if res.Facade == nil {
		facade = ""
	}
	if !c.quiet {
		for line := range strings.Lines(note) {
			p.Printf("%s", strings.TrimSuffix(line, "\n"))
		}
		p.Printf("generated %s (%s, %s)%s into %s in %s",
			plural.Count(len(res.Domains), "domain package", "domain packages"), plural.Count(res.Operations, "operation", "operations"),
			plural.Count(res.Types, "type", "types"), facade, c.out, time.Since(start).Round(time.Millisecond))
	}
	if len(res.Failed) > 0 {
		left := fmt.Sprintf("their packages, and package %s, were left as they were", gen.FacadePackage)
		if res.Facade != nil {
			// --out had no facade: it is written, over the domains that generated.
			left = fmt.Sprintf("their packages were left as they were, and package %s gathers the others", gen.FacadePackage)
		}
		return fmt.Errorf("%w\n%d of the documents failed: %s", errors.Join(res.Failed...), len(res.Failed), left)
	}
	return nil
}

// open takes --out, waiting for another run with --wait (until SIGINT or
// SIGTERM).
func (c *generateCmd) open(p *progress) (*output.Dir, error) {
	if !c.wait {
		return output.Open(context.Background(), c.out, nil)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return output.Open(ctx, c.out, func(busy *output.BusyError) {
		who := "another stgen run"
		if busy.PID > 0 {
			who = fmt.Sprintf("process %d", busy.PID)
		}
		p.Printf("stgen generate: waiting for %s, which is writing %s", who, c.out)
	})
}

// checkOut fails when --out, or the first of its parents that exists, is
// not a folder.
func checkOut(out string) error {
	for dir := filepath.Clean(out); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		switch {
		case err == nil && info.IsDir():
			return nil
		case err == nil && dir == filepath.Clean(out):
			return fmt.Errorf("output folder %s is a file, not a folder: choose another --out", out)
		case err == nil:
			return fmt.Errorf("output folder %s cannot be created: %s is not a directory", out, dir)
		case !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return fmt.Errorf("output folder %s: %w", out, err)
		case filepath.Dir(dir) == dir:
			return nil
		}
	}
}

// resolveModule settles the import path of --out: --module, else the one
// the go.mod above --out gives, else the default. It returns a note for the
// user when the path is a guess or disagrees with the module.
func (c *generateCmd) resolveModule() (note string, err error) {
	inferred, inModule, err := outModule(c.out)
	if err != nil {
		return "", err
	}
	switch {
	case c.module == "" && inModule:
		c.module = inferred
	case c.module == "":
		c.module = defaultModule
		note = fmt.Sprintf("note: %s is in no Go module (no go.mod above it): the facade imports the packages as %s/...; pass --module to say otherwise\n", c.out, c.module)
	case inModule && c.module != inferred:
		note = fmt.Sprintf("note: --module is %s, but %s is %s in its module: the facade's imports will not resolve there\n", c.module, c.out, inferred)
	}
	return note, nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
