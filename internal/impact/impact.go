// Package impact tells what upgrading a program's generated clients to a
// new release does to the program's own code (stgen diff --against).
//
// It lists the program's packages with the go command and finds the
// generated packages they import by their files' header (package scopes),
// in one output folder of stgen generate, the one holding
// stgen-names.json. It compares the two releases on their models, both
// keeping the names that folder's names file records (diff.LoadPairNamed),
// and emits the new release's packages from the new model, with the
// folder's import path and runtime, in memory (pipeline.Packages, and the
// facade when the program has one). It type-checks the program's packages
// against them (scopes.TypeCheck: go/packages lists them with the new
// files laid over the old ones, an overlay, so nothing in the program's
// folder changes; go/types checks them), and reports every
// place that breaks, each compile error explained by the change that
// names what the code refers to there. It also reports the places that
// still compile but do something else: a composite literal of a type that
// does not set a field the new release requires, a switch over an enum
// naming a value the new release removed (or lacking one it added, with no
// default), and a call of an operation that requires an OAuth scope it
// did not (or one the old release did not declare).
package impact

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stgen-dev/stgen/internal/diff"
	"github.com/stgen-dev/stgen/internal/gen"
	"github.com/stgen-dev/stgen/internal/names"
	"github.com/stgen-dev/stgen/internal/pipeline"
	"github.com/stgen-dev/stgen/internal/scopes"
)

// Options say which releases to compare and whose code to check.
type Options struct {
	// Dir is the folder the go command runs in: in the program's module.
	Dir string
	// Patterns are the program's packages, as the go command takes them ("./...").
	Patterns []string
	// Old and New are the release folders compared; Old is the one the
	// program's clients were generated from.
	Old, New string
	// Domains limits the comparison to these domains of the program's; all when empty.
	Domains []string
	// Generated is the output folder of the program's clients; found from
	// the packages the program imports when empty.
	Generated string
	// Tests checks the patterns' test files too.
	Tests bool
	// Version is stgen's version, for the headers of the files generated.
	Version string
}

// Result is the comparison of two releases and what it does to a program.
type Result struct {
	// Report is the comparison of the releases, over the program's domains.
	Report *diff.Report
	// Uses are the places of the program the changes touch, sorted by
	// position.
	Uses []Use
	// Output is the output folder of the program's generated clients,
	// relative to the folder the go command ran in when under it.
	Output string
	// Packages are the import paths of the program's packages checked.
	Packages []string
	// Old and New are the models compared (see diff.LoadPairNamed).
	Old, New *diff.Release
}

// Use is a place of the program a change of the release touches.
type Use struct {
	// File, Line and Column are its position; File is relative to the
	// folder the go command ran in when under it.
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Identifier is the generated Go identifier the code refers to there
	// ("crm.CustomersResource.Get"), as the changes name them; empty when
	// none is known.
	Identifier string `json:"identifier"`
	// Message is the compile error, or what the code now does otherwise.
	Message string `json:"message"`
	// Change indexes Report.Changes: the change that explains the use;
	// nil when none does.
	Change *int `json:"change"`
	// Compiles is false for a compile error, true for a place that
	// compiles but changes meaning.
	Compiles bool `json:"compiles"`
	// Breaking reports that the code stops compiling, or stops working,
	// against the new release.
	Breaking bool `json:"breaking"`
	// Fix says what to do.
	Fix string `json:"fix"`
}

// Affected reports whether a breaking change touches the program.
func (r *Result) Affected() bool {
	return slices.ContainsFunc(r.Uses, func(u Use) bool { return u.Breaking })
}

// Analyze compares the releases and checks the program against the new
// one (see the package documentation). A program importing no generated
// package, or those of several output folders without opts.Generated, is
// an error; so is one that the go command cannot list.
func Analyze(ctx context.Context, opts Options) (*Result, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	prog, err := scopes.Discover(ctx, dir, opts.Patterns, opts.Tests)
	if err != nil {
		return nil, err
	}
	out, err := pickOutput(prog, opts.Generated)
	if err != nil {
		return nil, err
	}
	domains := out.Domains()
	if len(opts.Domains) > 0 {
		domains = slices.DeleteFunc(slices.Clone(opts.Domains), func(d string) bool { return !slices.Contains(out.Domains(), d) })
		if len(domains) == 0 {
			return nil, fmt.Errorf("--domains %s: the program uses none of them; it uses %s", strings.Join(opts.Domains, ","), strings.Join(out.Domains(), ", "))
		}
	}
	recorded, err := names.Read(out.Dir)
	if err != nil {
		return nil, err
	}
	old, new, err := diff.LoadPairNamed(opts.Old, opts.New, domains, recorded)
	if err != nil {
		return nil, err
	}
	report := diff.Compare(old, new)

	overlay, err := regenerate(out, new, opts.Version)
	if err != nil {
		return nil, fmt.Errorf("generating %s's packages for %s: %w", new.Name, out.Dir, err)
	}
	pkgs, err := scopes.TypeCheck(ctx, dir, prog.User, overlay, opts.Tests)
	if err != nil {
		return nil, fmt.Errorf("type-checking %s against %s: %w", strings.Join(prog.User, " "), new.Name, err)
	}
	c := newChecker(dir, prog, out, report, old, new)
	for _, p := range pkgs {
		c.check(p)
	}
	return &Result{Report: report, Uses: c.sorted(), Output: scopes.RelPath(dir, out.Dir), Packages: prog.User, Old: old, New: new}, nil
}

// pickOutput returns the output folder of the program's clients: the one
// named, else the only one whose domain packages the program imports.
func pickOutput(prog *scopes.Program, named string) (*scopes.Output, error) {
	var outs []*scopes.Output
	for _, o := range prog.Outputs {
		if len(o.Domains()) > 0 {
			outs = append(outs, o)
		}
	}
	var dirs []string
	for _, o := range outs {
		dirs = append(dirs, o.Dir)
	}
	if named != "" {
		abs, err := filepath.Abs(named)
		if err != nil {
			return nil, err
		}
		for _, o := range outs {
			if o.Dir == abs {
				return o, nil
			}
		}
		if len(dirs) == 0 {
			return nil, fmt.Errorf("--generated %s: the packages %s import no package stgen generated", named, strings.Join(prog.User, ", "))
		}
		return nil, fmt.Errorf("--generated %s: the packages %s import no package of it; they import those of %s", named, strings.Join(prog.User, ", "), strings.Join(dirs, ", "))
	}
	switch len(outs) {
	case 0:
		return nil, fmt.Errorf("the packages %s import no domain package stgen generated (a Code generated by stgen header): nothing to check; pass --generated DIR if their headers were changed", strings.Join(prog.User, ", "))
	case 1:
		if _, err := os.Stat(filepath.Join(outs[0].Dir, names.FileName)); err != nil {
			return nil, fmt.Errorf("%s holds generated packages but no %s: pass --generated DIR naming the folder stgen generate wrote", outs[0].Dir, names.FileName)
		}
		return outs[0], nil
	}
	return nil, fmt.Errorf("the packages import generated packages of %d folders, %s: pass --generated DIR to name the one to upgrade", len(outs), strings.Join(dirs, ", "))
}

// regenerate emits the new release's packages of the output folder's
// domains, and its facade if the program imports it, as stgen generate
// would write them there, and returns them as an overlay of the folder:
// every file generated by its path, and every generated file on disk the
// new release does not write hidden behind a build constraint.
func regenerate(out *scopes.Output, new *diff.Release, version string) (map[string][]byte, error) {
	opts := gen.Options{Release: new.Name, Version: version}
	facade := gen.FacadeOptions{Module: out.Module, Release: new.Name, Version: version}
	if out.Runtime != scopes.StgenRuntime {
		opts.Runtime = out.Runtime
		facade.Runtime, facade.Auth = out.Runtime, out.Module+"/authmw"
	}
	pkgs, err := pipeline.Packages(opts, new.Domains)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(out.Packages, func(g *scopes.Generated) bool { return g.Kind == scopes.FacadePackage }) {
		var domains []gen.Domain
		for _, d := range new.Domains {
			domains = append(domains, gen.DomainOf(d))
		}
		f, err := gen.Facade(facade, domains)
		if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, f)
	}
	overlay := map[string][]byte{}
	for _, p := range pkgs {
		for name, src := range p.Files {
			overlay[filepath.Join(out.Dir, p.Name, name)] = src
		}
	}
	for _, g := range out.Packages {
		if g.Kind != scopes.DomainPackage && g.Kind != scopes.FacadePackage {
			continue
		}
		entries, err := os.ReadDir(g.Dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			file := filepath.Join(g.Dir, e.Name())
			if _, ok := overlay[file]; !ok && strings.HasSuffix(e.Name(), ".go") {
				overlay[file] = []byte("//go:build ignore\n\n// Not generated for the new release.\npackage " + g.Name + "\n")
			}
		}
	}
	return overlay, nil
}

// sortUses sorts uses by position, then identifier and message, and drops repeats.
func sortUses(uses []Use) []Use {
	slices.SortFunc(uses, func(a, b Use) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Identifier, b.Identifier), cmp.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(uses, func(a, b Use) bool {
		return a.File == b.File && a.Line == b.Line && a.Column == b.Column && a.Identifier == b.Identifier && a.Message == b.Message
	})
}
