package cli

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/spec"
	"golang.org/x/mod/module"
)

// defaultModule is the import path of the repository's generated/ folder.
const defaultModule = "github.com/stgen-dev/stgen/generated"

const generateUsage = `Usage: stgen generate --specs DIR --out DIR [--module IMPORTPATH] [--domains crm,jpm] [--runtime import|copy] [--templates DIR] [--renew-names] [--keep-going]

Generates one Go client package per domain document in --specs into --out,
and the package servicetitan that gathers them. --out/stgen-names.json
records the Go names given, and a later run over a new release keeps them:
commit it with the packages. A failed run leaves --out as it was (with
--keep-going, the domains that did generate are written, the run still
fails); two runs on the same input write the same bytes. Progress goes to
stderr, one line per domain.
`

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("generate", generateUsage, stderr)
	specs := fs.String("specs", "", "folder of the release's OpenAPI documents (JSON or YAML, one per domain)")
	out := fs.String("out", "", "folder to write one package per domain into")
	mod := fs.String("module", "", "import path of the --out folder (default: from the go.mod above --out, else "+defaultModule+")")
	domains := fs.String("domains", "", "comma-separated domains to generate (default: all)")
	tmpl := fs.String("templates", "", "folder of *.tmpl files replacing stgen's templates of the same name")
	rt := fs.String("runtime", "import", "import: the generated code imports stgen's runtime (stapi, authmw); copy: a copy of it is written into --out")
	keepGoing := fs.Bool("keep-going", false, "write the packages of the documents that generate even if others fail (the run still fails)")
	renew := fs.Bool("renew-names", false, "name everything by today's rules, ignoring the names --out/"+names.FileName+" records")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if code := requireFlags(fs, "specs", "out"); code >= 0 {
		return code
	}
	if *rt != "import" && *rt != "copy" {
		return usageError(fs, "--runtime %q: use import or copy", *rt)
	}
	if *mod != "" || isSet(fs, "module") {
		if err := module.CheckImportPath(*mod); err != nil {
			return usageError(fs, "--module %q is not an import path: %v", *mod, err)
		}
	}
	if err := generate(generateConfig{specs: *specs, out: *out, module: *mod, domains: splitList(*domains), templates: *tmpl, renewNames: *renew, copyRuntime: *rt == "copy", keepGoing: *keepGoing}, stderr); err != nil {
		// One line per error: LoadDir joins one per broken document.
		for line := range strings.SplitSeq(err.Error(), "\n") {
			fmt.Fprintln(stderr, "stgen generate:", line)
		}
		return exitError
	}
	return exitOK
}

type generateConfig struct {
	specs, out, module, templates string
	domains                       []string
	renewNames, copyRuntime       bool
	keepGoing                     bool
}

// generate loads, generates and writes; it prints progress to log.
func generate(cfg generateConfig, log io.Writer) error {
	start := time.Now()
	// A run allocates a few hundred megabytes, most of it garbage at once
	// (decoded documents); collecting a quarter as often saves a fifth of its CPU
	// for a peak heap still well under a gigabyte.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	note, err := cfg.resolveModule()
	if err != nil {
		return err
	}
	release := fetch.ReleaseName(cfg.specs)
	facadeOpts := gen.FacadeOptions{Module: cfg.module, Release: release, Version: stgenVersion()}
	genOpts := gen.Options{Templates: cfg.templates, Release: release, Version: stgenVersion()}
	var runtimePkgs []*gen.Package
	if cfg.copyRuntime {
		facadeOpts.Runtime, facadeOpts.Auth = cfg.module+"/stapi", cfg.module+"/authmw"
		genOpts.Runtime = facadeOpts.Runtime
		if runtimePkgs, err = gen.RuntimePackages(cfg.module, stgenVersion()); err != nil {
			return err
		}
	}
	g, err := gen.New(genOpts)
	if err != nil {
		return err
	}
	files, err := spec.DocumentFiles(cfg.specs)
	if err != nil {
		return err
	}
	recorded := names.New()
	if !cfg.renewNames {
		if recorded, err = names.Read(cfg.out); err != nil {
			return err
		}
	}
	res := generatePackages(g, files, cfg.domains, recorded, cfg.keepGoing, log)
	failed := res.failed
	if len(failed) > 0 && !cfg.keepGoing {
		return errors.Join(failed...)
	}
	if err := checkDomains(res.docs, cfg.domains); err != nil {
		return err
	}
	failed = append(failed, res.genFailed...)
	if len(failed) > 0 && (!cfg.keepGoing || len(res.pkgs) == 0) {
		return errors.Join(failed...)
	}

	// A full run that went well prunes the packages of domains the release
	// dropped; otherwise the domains not generated now stay as they are.
	prune := len(cfg.domains) == 0 && len(failed) == 0
	written := output.Written(cfg.out)
	pkgs := res.pkgs
	facadeNote := " and package " + gen.FacadePackage
	switch {
	case len(failed) > 0 && slices.Contains(written, gen.FacadePackage):
		// A failed document's domain, and so its field, is unknown: the
		// facade stays as it was.
		facadeNote = ""
	default:
		var domains []gen.Domain
		for _, d := range res.docs {
			if res.given[d.Domain] != nil || !prune && slices.Contains(written, d.Domain) {
				domains = append(domains, gen.Domain{Package: d.Domain, Title: res.titles[d.Domain]})
			}
		}
		facade, err := gen.Facade(facadeOpts, domains)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, output.Package{Dir: facade.Name, Files: facade.Files})
	}
	for _, p := range runtimePkgs {
		pkgs = append(pkgs, output.Package{Dir: p.Name, Files: p.Files})
	}
	if prune {
		recorded.Domains = map[string]*names.Domain{}
	}
	maps.Copy(recorded.Domains, res.given)
	namesFile := output.File{Name: names.FileName, Data: recorded.Marshal()}
	if err := output.Write(cfg.out, pkgs, prune, namesFile); err != nil {
		return err
	}
	fmt.Fprint(log, note)
	fmt.Fprintf(log, "generated %d domain packages (%d operations, %d types)%s into %s in %s\n",
		len(res.given), res.ops, res.types, facadeNote, cfg.out, time.Since(start).Round(time.Millisecond))
	if len(failed) > 0 {
		return fmt.Errorf("%w\n%d of the documents failed: their packages, and package %s, were left as they were", errors.Join(failed...), len(failed), gen.FacadePackage)
	}
	return nil
}

// resolveModule settles the import path of --out: --module, else the one
// the go.mod above --out gives, else the default. It returns a note for the
// user when the path is a guess or disagrees with the module.
func (cfg *generateConfig) resolveModule() (note string, err error) {
	inferred, inModule, err := outModule(cfg.out)
	if err != nil {
		return "", err
	}
	switch {
	case cfg.module == "" && inModule:
		cfg.module = inferred
	case cfg.module == "":
		cfg.module = defaultModule
		note = fmt.Sprintf("note: %s is in no Go module (no go.mod above it): the facade imports the packages as %s/...; pass --module to say otherwise\n", cfg.out, cfg.module)
	case inModule && cfg.module != inferred:
		note = fmt.Sprintf("note: --module is %s, but %s is %s in its module: the facade's imports will not resolve there\n", cfg.module, cfg.out, inferred)
	}
	return note, nil
}

// generated is what generatePackages made of the documents.
type generated struct {
	docs       []*spec.Document         // those that loaded, by domain (spec.LoadFiles)
	failed     []error                  // of loading (spec.LoadFiles)
	titles     map[string]string        // by domain, read before generation normalized the documents
	pkgs       []output.Package         // by domain
	given      map[string]*names.Domain // by domain, those generated
	genFailed  []error                  // of generating, in domain order
	ops, types int
}

// generatePackages loads the documents files and generates the package of
// each of the domains (all when domains is empty), a document as soon as it
// has loaded, several at once. Once every document has loaded it prints a
// progress line per domain in file order, each as soon as the files before
// it are done, unless the run is to fail anyway: a domain asked for has no
// document, or, without keepGoing, a document failed to load or two are of
// one domain.
func generatePackages(g *gen.Generator, files, domains []string, recorded *names.File, keepGoing bool, log io.Writer) generated {
	pkgs := make([]*gen.Package, len(files))
	errs := make([]error, len(files))
	titles := make([]string, len(files))
	var mu sync.Mutex // guards the rest
	lines, done, next := make([]string, len(files)), make([]bool, len(files)), 0
	loaded, quiet, seen := 0, false, map[string]bool{}
	flush := func() {
		if loaded < len(files) || quiet {
			return
		}
		for ; next < len(files) && done[next]; next++ {
			fmt.Fprint(log, lines[next])
		}
	}
	report := func(i int, line string) {
		mu.Lock()
		defer mu.Unlock()
		lines[i], done[i] = line, true
		flush()
	}
	docs, failed := spec.LoadFiles(files, func(i int, d *spec.Document, err error) {
		mu.Lock()
		loaded++
		switch {
		case err != nil || seen[d.Domain]:
			quiet = quiet || !keepGoing
		default:
			seen[d.Domain] = true
		}
		if loaded == len(files) && slices.ContainsFunc(domains, func(name string) bool { return !seen[name] }) {
			quiet = true // checkDomains fails the run
		}
		flush()
		mu.Unlock()
		if err != nil || len(domains) > 0 && !slices.Contains(domains, d.Domain) {
			report(i, "")
			return
		}
		t0 := time.Now()
		titles[i] = d.Title()
		pkgs[i], errs[i] = generateDomain(g, d, recorded.Domain(d.Domain))
		if errs[i] != nil {
			report(i, "")
			return
		}
		p := pkgs[i]
		report(i, fmt.Sprintf("%-22s %4d operations %5d types %6s\n", p.Name, p.Operations, p.Types, time.Since(t0).Round(time.Millisecond)))
	})
	res := generated{docs: docs, failed: failed, titles: map[string]string{}, given: map[string]*names.Domain{}}
	// docs is by domain, without the documents of a domain several describe.
	for _, d := range docs {
		i := slices.Index(files, d.File)
		res.titles[d.Domain] = titles[i]
		p := pkgs[i]
		switch {
		case errs[i] != nil:
			res.genFailed = append(res.genFailed, errs[i])
		case p != nil:
			res.pkgs = append(res.pkgs, output.Package{Dir: p.Name, Files: p.Files})
			res.given[p.Name] = p.Names
			res.ops += p.Operations
			res.types += p.Types
		}
	}
	return res
}

// generateDomain builds the model of a document and generates its package.
func generateDomain(g *gen.Generator, d *spec.Document, recorded *names.Domain) (*gen.Package, error) {
	dom, err := normalize.Domain(d, recorded)
	if err != nil {
		return nil, err
	}
	return g.Package(dom)
}

// checkDomains fails when a domain of names has no document in docs,
// listing those there are.
func checkDomains(docs []*spec.Document, names []string) error {
	var have []string
	for _, d := range docs {
		have = append(have, d.Domain)
	}
	for _, n := range names {
		if !slices.Contains(have, n) {
			return fmt.Errorf("--domains: no document for domain %q; the release has %s", n, strings.Join(have, ", "))
		}
	}
	return nil
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
