package cli

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/output"
	"github.com/stgen-dev/stgen/internal/spec"
	"golang.org/x/mod/module"
)

// defaultModule is the import path of the repository's generated/ folder.
const defaultModule = "github.com/stgen-dev/stgen/generated"

const generateUsage = `Usage: stgen generate --specs DIR --out DIR [--module IMPORTPATH] [--domains crm,jpm] [--runtime import|copy] [--templates DIR] [--renew-names]

Generates one Go client package per domain document in --specs into --out.
A failed run leaves --out as it was; two runs on the same input write the
same bytes. Progress goes to stderr, one line per domain.
`

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("generate", generateUsage, stderr)
	specs := fs.String("specs", "", "folder of the release's OpenAPI documents (JSON or YAML, one per domain)")
	out := fs.String("out", "", "folder to write one package per domain into")
	mod := fs.String("module", "", "import path of the --out folder (default: from the go.mod above --out, else "+defaultModule+")")
	domains := fs.String("domains", "", "comma-separated domains to generate (default: all)")
	tmpl := fs.String("templates", "", "folder of *.tmpl files replacing stgen's templates of the same name")
	rt := fs.String("runtime", "import", "import: the generated code imports stgen's runtime (stapi, authmw); copy: a copy of it is written into --out")
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
	if err := generate(generateConfig{specs: *specs, out: *out, module: *mod, domains: splitList(*domains), templates: *tmpl, renewNames: *renew, copyRuntime: *rt == "copy"}, stderr); err != nil {
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
}

// generate loads, generates and writes; it prints progress to log.
func generate(cfg generateConfig, log io.Writer) error {
	start := time.Now()
	inferred, inModule, err := outModule(cfg.out)
	if err != nil {
		return err
	}
	var note string
	switch {
	case cfg.module == "" && inModule:
		cfg.module = inferred
	case cfg.module == "":
		cfg.module = defaultModule
		note = fmt.Sprintf("note: %s is in no Go module (no go.mod above it): the facade imports the packages as %s/...; pass --module to say otherwise\n", cfg.out, cfg.module)
	case inModule && cfg.module != inferred:
		note = fmt.Sprintf("note: --module is %s, but %s is %s in its module: the facade's imports will not resolve there\n", cfg.module, cfg.out, inferred)
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
	docs, err := spec.LoadDir(cfg.specs)
	if err != nil {
		return err
	}
	selected, err := selectDomains(docs, cfg.domains)
	if err != nil {
		return err
	}
	recorded := names.New()
	if !cfg.renewNames {
		if recorded, err = names.Read(cfg.out); err != nil {
			return err
		}
	}
	facade, err := facadeOf(docs, selected, output.Written(cfg.out), facadeOpts)
	if err != nil {
		return err
	}
	docs = selected

	pkgs := make([]output.Package, len(docs))
	errs := make([]error, len(docs))
	// Progress lines come in domain order, each as soon as the domains
	// before it are done: a finished domain's line waits for those before.
	var logMu sync.Mutex // guards lines, done, next, ops and types
	lines, done, next := make([]string, len(docs)), make([]bool, len(docs)), 0
	var ops, types int
	given := map[string]*names.Domain{}
	report := func(i int, line string) {
		logMu.Lock()
		defer logMu.Unlock()
		lines[i], done[i] = line, true
		for ; next < len(docs) && done[next]; next++ {
			if lines[next] != "" {
				fmt.Fprint(log, lines[next])
			}
		}
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			p, err := g.Package(d, recorded.Domain(d.Domain))
			if err != nil {
				errs[i] = err
				report(i, "")
				return
			}
			pkgs[i] = output.Package{Dir: p.Name, Files: p.Files}
			logMu.Lock()
			given[p.Name] = p.Names
			ops += p.Operations
			types += p.Types
			logMu.Unlock()
			report(i, fmt.Sprintf("%-22s %4d operations %5d types %6s\n", p.Name, p.Operations, p.Types, time.Since(t0).Round(time.Millisecond)))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	pkgs = append(pkgs, output.Package{Dir: facade.Name, Files: facade.Files})
	for _, p := range runtimePkgs {
		pkgs = append(pkgs, output.Package{Dir: p.Name, Files: p.Files})
	}
	prune := len(cfg.domains) == 0
	if prune {
		recorded.Domains = map[string]*names.Domain{}
	}
	maps.Copy(recorded.Domains, given)
	namesFile := output.File{Name: names.FileName, Data: recorded.Marshal()}
	if err := output.Write(cfg.out, pkgs, prune, namesFile); err != nil {
		return err
	}
	fmt.Fprint(log, note)
	fmt.Fprintf(log, "generated %d domain packages (%d operations, %d types) and package %s into %s in %s\n",
		len(docs), ops, types, facade.Name, cfg.out, time.Since(start).Round(time.Millisecond))
	return nil
}

// facadeOf generates the facade over the domains whose packages --out will
// hold after the run: those generated now and, when only some are, those an
// earlier run wrote that the release still has. Titles must be read before
// generation, which normalizes the documents.
func facadeOf(all, selected []*spec.Document, written []string, opts gen.FacadeOptions) (*gen.Package, error) {
	var domains []gen.Domain
	for _, d := range all {
		if slices.Contains(selected, d) || len(selected) < len(all) && slices.Contains(written, d.Domain) {
			domains = append(domains, gen.Domain{Package: d.Domain, Title: d.Title()})
		}
	}
	return gen.Facade(opts, domains)
}

// selectDomains keeps the documents of the named domains, all when names is empty.
func selectDomains(docs []*spec.Document, names []string) ([]*spec.Document, error) {
	if len(names) == 0 {
		return docs, nil
	}
	var have []string
	for _, d := range docs {
		have = append(have, d.Domain)
	}
	var out []*spec.Document
	for _, n := range names {
		i := slices.Index(have, n)
		if i < 0 {
			return nil, fmt.Errorf("--domains: no document for domain %q; the release has %s", n, strings.Join(have, ", "))
		}
		out = append(out, docs[i])
	}
	return out, nil
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
