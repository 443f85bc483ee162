// Package pipeline drives the generation of a release, the one place that
// calls the generator. A release goes through these phases:
//
//   - parse: package spec loads each document of the release folder
//     (several at once, largest first);
//   - model: package normalize builds the model of each loaded document's
//     domain, deciding every Go name and type, keeping those the names file
//     records;
//   - emit: package gen renders the domain's package from the model, as
//     soon as its document has loaded, so that the cores stay busy; then the
//     facade gathering the domains, and a copy of the runtime if asked for.
//
// [Pipeline.Run] returns the packages and the names file to write, with a
// summary; it writes nothing. [Packages] is its emit phase alone, for
// models built elsewhere (stgen diff --go). stgen generate writes them into its output
// folder (package output), stgen diff --go into scratch modules (package
// goapi).
package pipeline

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stgen-dev/stgen/internal/fetch"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/model"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/normalize"
	"github.com/stgen-dev/stgen/internal/opsfile"
	"github.com/stgen-dev/stgen/internal/spec"
	"github.com/stgen-dev/stgen/internal/suggest"
	"golang.org/x/sync/errgroup"
)

// Options say what to generate from which release.
type Options struct {
	// Specs is the release folder, one document per domain.
	Specs string
	// Domains limits the generation to these domains; all when empty.
	Domains []string
	// AnyDomains makes a domain of Domains that the release lacks no error
	// (two releases compared), instead of an *UnknownDomainsError.
	AnyDomains bool
	// Module is the import path of the folder the packages go into, which
	// the facade imports the domain packages from.
	Module string
	// CopyRuntime adds a copy of stgen's runtime (stapi and authmw) under
	// Module, which the packages then import instead of stgen's own.
	CopyRuntime bool
	// Facade adds the package that gathers the domains (gen.FacadePackage).
	Facade bool
	// Templates is a folder of templates replacing stgen's of the same name; empty for none.
	Templates string
	// Version is stgen's version, for the files' headers.
	Version string
	// KeepGoing generates the documents that do generate when others fail.
	KeepGoing bool
}

// Progress hears of a run as it goes. Its methods are called one at a
// time, from several goroutines.
type Progress interface {
	// Start is called once, before any document is loaded, with the
	// number of documents.
	Start(documents int)
	// Done is called once per document, when the run is done with it: its
	// package generated, or it failed, or it is of a domain not asked for.
	// With Options.Domains, the generated ones are told only once every
	// document has loaded and the domains asked for are known to be there;
	// if one is not, they are not told at all.
	Done(Step)
}

// Step is what became of one document.
type Step struct {
	// File is the document's file.
	File string
	// Package is the package generated, nil if none was.
	Package *gen.Package
	// Elapsed is the time its generation took.
	Elapsed time.Duration
	// Err is why the document failed to load or to generate, if it did.
	Err error
}

// Result is what a run generated.
type Result struct {
	// Release names the release (see fetch.ReleaseName).
	Release string
	// Domains are the domain packages generated, sorted by domain.
	Domains []*gen.Package
	// BasePaths are the base paths of the documents generated ("/crm/v2"), by package name.
	BasePaths map[string]string
	// Facade is the facade package; nil when not asked for, or when a
	// failed document (with KeepGoing) or a missing one leaves the facade
	// as it was.
	Facade *gen.Package
	// Runtime is the copy of the runtime, with CopyRuntime.
	Runtime []*gen.Package
	// Names is the names file to write: the names given now, and those
	// recorded for the other domains unless Prune.
	Names *names.File
	// OpsFile holds the operations file's record of each domain
	// generated (see opsfile.Merge), by package name.
	OpsFile map[string]*opsfile.Domain
	// Prune reports a run over every domain of a whole release that went
	// well: packages of domains the release no longer has are to be removed.
	Prune bool
	// Missing are the catalog ids that the release folder's manifest says
	// stgen fetch could not fetch (with --keep-going): their domains are
	// unknown, so nothing is pruned.
	Missing []string
	// Failed has one error per document that failed to load or generate
	// (with KeepGoing; without it, the run fails).
	Failed []error
	// Operations and Types count what the domain packages hold.
	Operations, Types int
}

// Packages returns every package of r: the domains, the facade, the runtime.
func (r *Result) Packages() []*gen.Package {
	pkgs := slices.Clone(r.Domains)
	if r.Facade != nil {
		pkgs = append(pkgs, r.Facade)
	}
	return append(pkgs, r.Runtime...)
}

// UnknownDomainsError is the error of a run whose Options.Domains names a
// domain the release has no document for: a usage mistake.
type UnknownDomainsError struct {
	// Unknown are the domains asked for that the release lacks.
	Unknown []string
	// Have are the release's domains, sorted.
	Have []string
}

// Error names the unknown domains, with the closest known one for each, and
// the release's domains.
func (e *UnknownDomainsError) Error() string {
	var parts []string
	for _, u := range e.Unknown {
		part := fmt.Sprintf("no document for domain %q", u)
		if s := suggest.Name(u, e.Have); s != "" {
			part += fmt.Sprintf(" (did you mean %q?)", s)
		}
		parts = append(parts, part)
	}
	return fmt.Sprintf("--domains: %s; the release has %s", strings.Join(parts, ", "), strings.Join(e.Have, ", "))
}

// Pipeline is a generation of one release, checked and ready to run.
type Pipeline struct {
	opts    Options
	files   []string
	release string
	missing []string // the ids the release's manifest lists as failed
	gen     *gen.Generator
	facade  gen.FacadeOptions
}

// New checks opts and what they name, reading no document: the release
// folder holds documents, the templates parse.
func New(opts Options) (*Pipeline, error) {
	files, err := spec.DocumentFiles(opts.Specs)
	if err != nil {
		return nil, err
	}
	// A folder stgen fetch did not write has no manifest (nil): it is
	// named for itself, and lacks nothing.
	m, _ := fetch.ReadManifest(opts.Specs)
	release := m.ReleaseIn(opts.Specs)
	p := &Pipeline{opts: opts, files: files, release: release}
	if m != nil {
		for _, f := range m.Failed {
			p.missing = append(p.missing, f.ID)
		}
	}
	p.facade = gen.FacadeOptions{Module: opts.Module, Release: release, Version: opts.Version}
	genOpts := gen.Options{Templates: opts.Templates, Release: release, Version: opts.Version}
	if opts.CopyRuntime {
		p.facade.Runtime, p.facade.Auth = opts.Module+"/stapi", opts.Module+"/authmw"
		genOpts.Runtime = p.facade.Runtime
	}
	if p.gen, err = gen.New(genOpts); err != nil {
		return nil, err
	}
	return p, nil
}

// Run loads the release and generates its packages, keeping the names
// recorded (nil for none). written are the package folders the output
// already holds (none for a new one): without a prune, the facade keeps
// those domains. Each document is generated as soon as it has loaded,
// several at once; progress (nil for none) hears of each. Run fails when a
// document fails (unless KeepGoing, and some generated), or, with an
// *UnknownDomainsError, when a domain asked for has no document.
func (p *Pipeline) Run(recorded *names.File, written []string, progress Progress) (*Result, error) {
	if progress == nil {
		progress = silent{}
	}
	progress.Start(len(p.files))
	r := p.newRun(recorded, progress)
	docs, failed := spec.LoadFiles(p.files, r.document)
	if r.unknown != nil {
		return nil, r.unknown
	}

	res := &Result{Release: p.release, BasePaths: map[string]string{}, Names: names.New(), OpsFile: map[string]*opsfile.Domain{}}
	given := map[string]*names.Domain{}
	// docs is by domain, without the documents of a domain several describe.
	for _, d := range docs {
		i := slices.Index(p.files, d.File)
		switch pkg := r.pkgs[i]; {
		case r.errs[i] != nil:
			failed = append(failed, r.errs[i])
		case pkg != nil:
			res.Domains = append(res.Domains, pkg)
			res.BasePaths[pkg.Name] = d.BasePath
			given[pkg.Name] = pkg.Names
			res.OpsFile[pkg.Name] = r.ops[i]
			res.Operations += pkg.Operations
			res.Types += pkg.Types
		}
	}
	if len(failed) > 0 && (!p.opts.KeepGoing || len(res.Domains) == 0) {
		return nil, errors.Join(failed...)
	}
	res.Failed = failed
	res.Missing = p.missing
	res.Prune = len(p.opts.Domains) == 0 && len(failed) == 0 && len(p.missing) == 0

	if p.opts.Facade && (len(failed) == 0 && len(p.missing) == 0 || !slices.Contains(written, gen.FacadePackage)) {
		// A failed or missing document's domain, and so its field, is
		// unknown: the facade an earlier run wrote stays as it was.
		var domains []gen.Domain
		for _, d := range docs {
			if given[d.Domain] != nil || !res.Prune && slices.Contains(written, d.Domain) {
				domains = append(domains, r.facadeDomain(d))
			}
		}
		facade, err := gen.Facade(p.facade, domains)
		if err != nil {
			return nil, err
		}
		res.Facade = facade
	}
	if p.opts.CopyRuntime {
		rt, err := gen.RuntimePackages(p.opts.Module, p.opts.Version)
		if err != nil {
			return nil, err
		}
		res.Runtime = rt
	}
	if recorded != nil && !res.Prune {
		maps.Copy(res.Names.Domains, recorded.Domains)
	}
	maps.Copy(res.Names.Domains, given)
	return res, nil
}

// run is the state of one Run while documents load and generate.
type run struct {
	p        *Pipeline
	recorded *names.File
	progress Progress
	pkgs     []*gen.Package    // by file
	errs     []error           // of generating, by file
	domains  []*gen.Domain     // by file, what the facade needs of those generated
	ops      []*opsfile.Domain // by file, the operations file's record of those generated

	mu       sync.Mutex // guards the rest, and calls of progress
	loaded   int
	failed   bool            // a document failed to load
	seen     map[string]bool // the domains loaded
	held     []Step          // generated, told once the domains are checked
	checked  bool            // the domains asked for are there
	unknown  *UnknownDomainsError
	stopping bool // the run fails anyway: generate no more
}

func (p *Pipeline) newRun(recorded *names.File, progress Progress) *run {
	n := len(p.files)
	return &run{
		p: p, recorded: recorded, progress: progress,
		pkgs: make([]*gen.Package, n), errs: make([]error, n), domains: make([]*gen.Domain, n), ops: make([]*opsfile.Domain, n),
		seen:    map[string]bool{},
		checked: len(p.opts.Domains) == 0 || p.opts.AnyDomains,
	}
}

// document is spec.LoadFiles' callback: it generates the document of file i
// if it loaded, is asked for, and the run is not failing anyway.
func (r *run) document(i int, d *spec.Document, err error) {
	opts := r.p.opts
	r.mu.Lock()
	r.loaded++
	dup := false
	switch {
	case err != nil:
		r.failed = true
		r.stopping = r.stopping || !opts.KeepGoing
	case r.seen[d.Domain]:
		// Two documents of one domain: LoadFiles fails them both.
		dup = true
		r.stopping = r.stopping || !opts.KeepGoing
	default:
		r.seen[d.Domain] = true
	}
	if r.loaded == len(r.p.files) && !r.checked {
		r.check()
	}
	skip := err != nil || dup || r.stopping || len(opts.Domains) > 0 && !slices.Contains(opts.Domains, d.Domain)
	if skip {
		r.tell(Step{File: r.p.files[i], Err: err})
	}
	r.mu.Unlock()
	if skip {
		return
	}

	t0 := time.Now()
	dom, err := normalize.Domain(d, r.recorded.Domain(d.Domain))
	var pkg *gen.Package
	if err == nil {
		pkg, err = r.p.gen.Package(dom)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pkgs[i], r.errs[i] = pkg, err
	if err == nil {
		facade := gen.DomainOf(dom)
		r.domains[i] = &facade
		r.ops[i] = opsfile.DomainOf(dom, r.p.release)
	}
	if err != nil {
		r.stopping = r.stopping || !opts.KeepGoing
	}
	r.tell(Step{File: r.p.files[i], Package: pkg, Elapsed: time.Since(t0), Err: err})
}

// facadeDomain returns what the facade needs of the domain of a loaded
// document: what generating it gave, else what its model gives (a domain
// kept as an earlier run wrote it), else its name and title.
func (r *run) facadeDomain(d *spec.Document) gen.Domain {
	if fd := r.domains[slices.Index(r.p.files, d.File)]; fd != nil {
		return *fd
	}
	if dom, err := normalize.Domain(d, r.recorded.Domain(d.Domain)); err == nil {
		return gen.DomainOf(dom)
	}
	return gen.Domain{Package: d.Domain, Title: d.Title()}
}

// check settles, once every document has loaded, whether the domains asked
// for are there, and tells the steps held meanwhile unless one is not. A
// document that failed to load may be of the domain missing: that failure
// is the run's error then, not the domain.
func (r *run) check() {
	r.checked = true
	var unknown []string
	for _, name := range r.p.opts.Domains {
		if !r.seen[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 && !r.failed {
		r.unknown = &UnknownDomainsError{Unknown: unknown, Have: slices.Sorted(maps.Keys(r.seen))}
		r.stopping = true
		r.held = nil
		return
	}
	for _, s := range r.held {
		r.progress.Done(s)
	}
	r.held = nil
}

// tell passes s on to the progress, or holds it until the domains are
// checked. It is called with mu held.
func (r *run) tell(s Step) {
	switch {
	case s.Package != nil && r.unknown != nil:
	case s.Package != nil && !r.checked:
		r.held = append(r.held, s)
	default:
		r.progress.Done(s)
	}
}

// silent is the Progress of a run nobody follows.
type silent struct{}

func (silent) Start(int) {}
func (silent) Done(Step) {}

// Packages generates the domain packages of models that are already built
// (stgen diff --go generates both releases from the models it compares),
// several at once, with the generator opts configure: the emit phase of
// Run, for models built elsewhere. The packages come in the models' order.
func Packages(opts gen.Options, doms []*model.Domain) ([]*gen.Package, error) {
	g, err := gen.New(opts)
	if err != nil {
		return nil, err
	}
	pkgs := make([]*gen.Package, len(doms))
	errs := make([]error, len(doms))
	var eg errgroup.Group
	eg.SetLimit(runtime.GOMAXPROCS(0))
	for i, dom := range doms {
		eg.Go(func() error {
			pkgs[i], errs[i] = g.Package(dom)
			return nil
		})
	}
	eg.Wait()
	return pkgs, errors.Join(errs...)
}
